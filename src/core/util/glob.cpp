#include "core/util/glob.hpp"

namespace trail::util {

namespace {

constexpr size_t k_none = std::string_view::npos;

// A view of one '/'-separated segment of a string; `next` is where the following segment
// starts, or past the end (size + 1) when this is the last one.
struct Segment
{
  std::string_view text;
  size_t next;
};

Segment segment_at(std::string_view s, size_t start)
{
  const size_t end = s.find('/', start);
  if (end == k_none) {
    return {s.substr(start), s.size() + 1};
  }
  return {s.substr(start, end - start), end + 1};
}

bool has_segment_at(std::string_view s, size_t start)
{
  return start <= s.size();
}

// Returns the position of the ']' closing the set that opens at P, or k_none. A ']' right
// after "[" or "[!" is a member, not the end, so "[]]" is the set of ']'.
size_t find_set_end(std::string_view pattern, size_t p)
{
  size_t i = p + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    ++i;
  }
  if (i < pattern.size() && pattern[i] == ']') {
    ++i;
  }
  for (; i < pattern.size() && pattern[i] != '/'; ++i) {
    if (pattern[i] == '\\') {
      ++i;
      continue;
    }
    if (pattern[i] == ']') {
      return i;
    }
  }
  return k_none;
}

// Returns the set member at I and moves I past it (an escaped byte is taken literally).
char take_set_member(std::string_view set, size_t& i)
{
  if (set[i] == '\\' && i + 1 < set.size()) {
    ++i;
  }
  return set[i++];
}

// Returns true when C is in SET, the text between '[' and ']' exclusive.
bool set_contains(std::string_view set, char c)
{
  const bool negated = !set.empty() && (set[0] == '!' || set[0] == '^');
  size_t i = negated ? 1 : 0;
  bool found = false;
  while (i < set.size() && !found) {
    const char low = take_set_member(set, i);
    if (i + 1 < set.size() && set[i] == '-') {
      ++i;
      const char high = take_set_member(set, i);
      found = low <= c && c <= high;
    } else {
      found = low == c;
    }
  }
  return found != negated;
}

// Matches the one-byte token of PATTERN at P against C; returns the position after the token,
// or k_none when it does not match. Malformed sets and escapes are taken literally.
size_t match_token(std::string_view pattern, size_t p, char c)
{
  const char t = pattern[p];
  if (t == '?') {
    return p + 1;
  }
  if (t == '\\' && p + 1 < pattern.size()) {
    return pattern[p + 1] == c ? p + 2 : k_none;
  }
  if (t == '[') {
    const size_t end = find_set_end(pattern, p);
    if (end != k_none) {
      return set_contains(pattern.substr(p + 1, end - p - 1), c) ? end + 1 : k_none;
    }
  }
  return t == c ? p + 1 : k_none;
}

// Matches one pattern segment against one path segment. '*' is handled the classic way:
// remember the last star and, on a mismatch, let it swallow one more byte. That is
// O(pattern * text) in the worst case, with no recursion.
bool match_segment(std::string_view pattern, std::string_view text)
{
  size_t p = 0;
  size_t t = 0;
  size_t star_p = k_none;
  size_t star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_t = t;
      continue;
    }
    const size_t next = p < pattern.size() ? match_token(pattern, p, text[t]) : k_none;
    if (next != k_none) {
      p = next;
      ++t;
      continue;
    }
    if (star_p == k_none) {
      return false;
    }
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

// Returns the problem with the segment of PATTERN in [START, END), if any.
std::optional<std::pair<std::string, size_t>>
segment_error(std::string_view pattern, size_t start, size_t end)
{
  const std::string_view segment = pattern.substr(start, end - start);
  for (size_t i = start; i < end; ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 == pattern.size()) {
        return std::pair{std::string("trailing backslash"), i};
      }
      if (pattern[i + 1] == '/') {
        return std::pair{std::string("a backslash cannot escape '/'"), i};
      }
      ++i;
    } else if (c == '[') {
      const size_t close = find_set_end(pattern, i);
      if (close == k_none) {
        return std::pair{std::string("unclosed '['"), i};
      }
      i = close;
    } else if (c == '*' && i + 1 < end && pattern[i + 1] == '*' && segment != "**") {
      return std::pair{std::string("'**' must be a whole path segment"), i};
    }
  }
  return std::nullopt;
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view path)
{
  // The same backtracking as match_segment, one level up: "**" is the star and a path
  // segment is the unit it swallows.
  size_t p = 0;
  size_t s = 0;
  size_t star_p = k_none;
  size_t star_s = 0;
  while (has_segment_at(path, s)) {
    if (has_segment_at(pattern, p)) {
      const Segment pattern_segment = segment_at(pattern, p);
      if (pattern_segment.text == "**") {
        star_p = p = pattern_segment.next;
        star_s = s;
        continue;
      }
      const Segment path_segment = segment_at(path, s);
      if (match_segment(pattern_segment.text, path_segment.text)) {
        p = pattern_segment.next;
        s = path_segment.next;
        continue;
      }
    }
    if (star_p == k_none) {
      return false;
    }
    p = star_p;
    s = star_s = segment_at(path, star_s).next;
  }
  for (; has_segment_at(pattern, p); p = segment_at(pattern, p).next) {
    if (segment_at(pattern, p).text != "**") {
      return false;
    }
  }
  return true;
}

std::optional<std::pair<std::string, size_t>> glob_error(std::string_view pattern)
{
  if (pattern.empty()) {
    return std::pair{std::string("empty pattern"), size_t{0}};
  }
  for (size_t start = 0; has_segment_at(pattern, start);) {
    const Segment segment = segment_at(pattern, start);
    auto error = segment_error(pattern, start, start + segment.text.size());
    if (error) {
      return error;
    }
    start = segment.next;
  }
  return std::nullopt;
}

std::string glob_fixed_folder(std::string_view glob)
{
  const auto head = glob.substr(0, glob.find_first_of("*?[\\"));
  const auto slash = head.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(head.substr(0, slash));
}

} // namespace trail::util
