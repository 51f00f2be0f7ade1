#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace trail::util {

// Returns true when PATH matches the glob PATTERN: '*' and '?' do not cross '/', '**' as a
// whole path segment matches any number of segments, "[...]" and "[!...]" are sets, '\'
// escapes. A pattern without '/' matches the whole path only (as in git pathspecs, not
// .gitignore).
bool glob_match(std::string_view pattern, std::string_view path);

// Returns what is wrong with PATTERN (an unclosed '[', a trailing '\', '**' inside a segment),
// or nullopt when it is valid. The second value is the 0-based offset of the problem.
std::optional<std::pair<std::string, size_t>> glob_error(std::string_view pattern);

// Returns the folder part of GLOB before its first wildcard ("docs/req/*.toml" -> "docs/req",
// "*.toml" -> ""): every path GLOB matches lies in that folder.
std::string glob_fixed_folder(std::string_view glob);

} // namespace trail::util
