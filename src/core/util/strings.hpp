#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::util {

// Returns S without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view s);
// Returns S without trailing ASCII whitespace.
std::string_view trim_right(std::string_view s);
// Splits S at each SEP; keeps empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep);
// Splits S into lines at '\n'; a final '\n' does not start an empty line.
std::vector<std::string_view> split_lines(std::string_view s);
// Joins PARTS with SEP between them.
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Returns S with each byte sequence that is not valid UTF-8 replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);
// Returns S made safe inside XML or HTML text and attributes: & < > " ' escaped, invalid UTF-8
// and the control characters XML 1.0 forbids replaced by U+FFFD.
std::string escape_markup(std::string_view s);
// Returns true when S is an ASCII-case-insensitive match for OTHER.
bool iequals(std::string_view s, std::string_view other);
// Returns S with ASCII letters lower-cased (other bytes as they are).
std::string to_lower(std::string_view s);
// Returns S with ASCII letters upper-cased (other bytes as they are).
std::string to_upper(std::string_view s);
// Returns the Levenshtein distance between A and B, giving up past MAX (returns MAX + 1).
size_t edit_distance(std::string_view a, std::string_view b, size_t max = 32);
// Returns the candidate closest to WORD within a small distance, or "" when none is close.
std::string_view closest_match(std::string_view word,
                               const std::vector<std::string_view>& candidates);

// Decodes standard base64 (with or without padding); nullopt on any other character.
std::optional<std::string> base64_decode(std::string_view text);
// Encodes BYTES as standard base64, padded with '='.
std::string base64_encode(std::string_view bytes);

// Reads the SSH wire-format string (a 32-bit big-endian length, then that many bytes) at AT of
// BLOB and moves AT past it; nullopt when BLOB ends first (SSH keys and signatures are made of
// them).
std::optional<std::string_view> read_ssh_string(std::string_view blob, size_t& at);

// Returns the 12-character abbreviation of a full object id, as every report prints commits.
std::string short_id(std::string_view id);
// Orders A before B with runs of digits compared as numbers: "SRS-9" < "SRS-10", "v1.9" < "v1.10".
bool natural_less(std::string_view a, std::string_view b);
// Returns S made safe inside a Markdown table cell or list item: invalid UTF-8 replaced by U+FFFD,
// '|' escaped, carriage returns dropped and each line break replaced by LINE_BREAK ("<br>" or " ").
std::string markdown_cell(std::string_view s, std::string_view line_break);

} // namespace trail::util
