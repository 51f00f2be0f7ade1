#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace trail::render {

// The deepest nesting of mustache sections ({{#a}}, {{^a}}) a template may have. The renderer
// (mustache.hpp) recurses once per level, so the depth bounds its stack; kainjow mustache,
// which git-trail used before, copied the text of every section when it parsed and took time
// that grew with the square of the depth (20,000 nested sections took about a minute).
inline constexpr size_t k_template_max_depth = 64;
// The largest template accepted, in bytes (256 KiB, about fifty times the built-in HTML
// template). The renderer keeps a node per run of text and per tag; kainjow mustache kept one
// of about 150 bytes per character of whitespace (1 MiB of blank lines took 8 s and 190 MB).
inline constexpr size_t k_template_max_bytes = 256 * 1024;

// Checks TEXT, a mustache template read from NAME, against the limits above before it is
// parsed, following the tags as the parser reads them (set-delimiter tags included).
// Throws UsageError "NAME:LINE:COLUMN: error: template nests sections more than 64 deep" at the
// section that goes too deep, or "NAME: error: template is larger than ..." for a large one.
// A template the parser refuses for another reason (an unclosed tag, ...) passes: the
// parser's own error names it.
void check_template_limits(std::string_view text, const std::string& name);

// Reads CONTENTS, a set-delimiter tag's contents ("=<% %>=", trimmed), into BEGIN and END: two
// delimiters without whitespace or '=', separated by spaces. False, leaving both as they are,
// when the tag is invalid.
bool parse_set_delimiters(std::string_view contents, std::string& begin, std::string& end);

// Returns "LINE:COLUMN" (both from 1) of byte OFFSET of TEXT.
std::string template_position(std::string_view text, size_t offset);

} // namespace trail::render
