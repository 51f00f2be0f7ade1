#pragma once

// What the readers of the other ecosystems' lock files share (private to soup/: parse_npm.cpp,
// parse_cargo.cpp, parse_go.cpp, parse_python.cpp): problems with their line, TOML read without
// an exception escaping, the lines of a JSON document's keys, PEP 503 names.

#include "core/soup/parsers.hpp"

#include <toml++/toml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace trail::soup::lock {

// Appends "PATH:LINE: WHAT" (just "PATH: WHAT" when LINE is 0) to PROBLEMS.
void report(Problems& problems, const std::string& path, int line, std::string_view what);

// Parses FILE as TOML; on a syntax error reports "PATH:LINE: invalid TOML: ..." and returns
// nothing.
std::optional<toml::table> parse_toml(const ManifestFile& file, Problems& problems);

// Returns the line NODE starts on (0 when unknown).
int line_of(const toml::node& node);

// Returns the string at KEY of TABLE; empty when absent. A value that is not a string is
// reported ("PATH:LINE: WHAT.KEY is not a string") and read as empty.
std::string text_at(const toml::table& table,
                    std::string_view key,
                    const std::string& path,
                    Problems& problems);

// The line of every object key of a JSON document reached through objects only, by the keys
// leading to it joined with '\x1f' ("packages\x1fnode_modules/a"). TEXT must be valid JSON
// (parsed before); the first of duplicate keys wins.
std::map<std::string, int> json_key_lines(std::string_view text);

// Returns the line of byte OFFSET of TEXT (1-based).
int line_at(std::string_view text, size_t offset);

// Returns NAME normalised as PEP 503 says: lower case, each run of '-', '_' and '.' one '-'.
std::string pep503(std::string_view name);

// Splits a "git+URL?query#commit" (Cargo, uv) or "URL#commit" source into the URL without
// "git+" and query, and the commit after '#' (empty when none).
std::pair<std::string, std::string> split_git_source(std::string_view source);

} // namespace trail::soup::lock
