#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace trail::render {

// The deepest nesting of mustache sections ({{#a}}, {{^a}}) a template may have. kainjow
// mustache copies the text of every section when it parses, and walks the sections
// recursively, so its time grows with the square of the depth (20,000 nested sections take
// about a minute) and its stack with the depth.
inline constexpr size_t k_template_max_depth = 64;
// The largest template accepted, in bytes (256 KiB, about fifty times the built-in HTML
// template): the library keeps a node of about 150 bytes per character of whitespace and
// renders a few microseconds per node, so 1 MiB of blank lines took 8 s and 190 MB.
inline constexpr size_t k_template_max_bytes = 256 * 1024;

// Checks TEXT, a mustache template read from NAME, against the limits above before the library
// sees it, following the tags as kainjow mustache reads them (set-delimiter tags included).
// Throws UsageError "NAME:LINE:COLUMN: error: template nests sections more than 64 deep" at the
// section that goes too deep, or "NAME: error: template is larger than ..." for a large one.
// A template the library would refuse for another reason (an unclosed tag, ...) passes: the
// library's own error names it.
void check_template_limits(std::string_view text, const std::string& name);

// Returns "LINE:COLUMN" (both from 1) of byte OFFSET of TEXT.
std::string template_position(std::string_view text, size_t offset);

} // namespace trail::render
