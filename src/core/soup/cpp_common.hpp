#pragma once

// Helpers shared by the C and C++ manifest readers (private to soup/): line numbers of byte
// offsets, the judgement of a git ref, the version in an archive's file name.

#include "core/soup/parsers.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace trail::soup::cpp {

// The 1-based line of byte OFFSET of TEXT.
int line_at(std::string_view text, size_t offset);

// line_at for a reader that asks about offsets mostly in increasing order: it counts on from
// the offset asked last, so reading a file costs one pass, not one per line asked (a CMake
// file of thousands of commands).
class LineCounter
{
public:
  explicit LineCounter(std::string_view text) : m_text(text) {}
  int at(size_t offset);

private:
  std::string_view m_text;
  size_t m_offset = 0;
  int m_line = 1;
};

// True when a git ref names something that moves: empty (the default branch), or a name
// without any digit ("main", "master", "develop", "origin/main"). A full or abbreviated (7 hex
// digits or more) commit id and a name with a digit ("v1.2.3", "release-2024.01") are taken as
// fixed (a commit, a release tag).
bool ref_can_move(std::string_view ref);

// The version in the file name of a download URL ("https://x/zlib-1.3.1.tar.gz" -> "1.3.1",
// ".../archive/refs/tags/v10.2.1.zip" -> "10.2.1"); empty when the name holds none.
std::string version_of_archive(std::string_view url);

// Appends "PATH:LINE: WHAT" to PROBLEMS.
void problem(Problems& problems, const ManifestFile& file, int line, const std::string& what);

// Parses FILE as JSON (insertion order kept); on malformed JSON appends a problem with the line
// and returns a discarded value.
nlohmann::ordered_json parse_json(const ManifestFile& file, Problems& problems);

// The member KEY of OBJECT, or null when OBJECT is no object or has no such member.
const nlohmann::ordered_json* member(const nlohmann::ordered_json& object, const std::string& key);

// The string member KEY of OBJECT, or empty when there is none or it is no string.
std::string string_member(const nlohmann::ordered_json& object, const std::string& key);

// Finds the next `"TEXT"` (a JSON string token equal to TEXT) at or after CURSOR; returns its
// line and moves CURSOR past it, or returns 0 (CURSOR unchanged) when there is none.
int next_string_line(std::string_view json, std::string_view text, size_t& cursor);

} // namespace trail::soup::cpp
