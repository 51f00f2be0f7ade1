#pragma once

// Small text primitives shared by the trailer parser and the cleanup code. They reproduce git's
// own definitions (git uses its own ctype table, not the C locale), so they live here rather
// than in util, whose trim() also treats \v and \f as whitespace.

#include <string_view>

namespace trail::message::detail {

// The line `git commit -v` writes above the diff, after the comment character and a space.
inline constexpr std::string_view k_cut_line =
    "------------------------ >8 ------------------------";

// Returns true for the four bytes git's isspace() accepts: space, tab, newline, carriage return.
constexpr bool is_git_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Returns true for ASCII letters and digits only; bytes >= 0x80 never count, as in git.
constexpr bool is_git_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Returns TEXT without leading and trailing git whitespace (strbuf_trim).
constexpr std::string_view git_trim(std::string_view text)
{
  while (!text.empty() && is_git_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_git_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// Returns the offset of the scissors line (exactly "<comment char> " + k_cut_line + "\n"; no
// '\r', nothing after it, and at the very end it needs its newline too), or TEXT.size() when
// there is none (git's wt_status_locate_end).
constexpr size_t find_cut_line(std::string_view text, char comment_char)
{
  for (size_t at = text.find(k_cut_line); at != std::string_view::npos;
       at = text.find(k_cut_line, at + 1)) {
    const size_t eol = at + k_cut_line.size();
    if (at < 2 || text[at - 1] != ' ' || text[at - 2] != comment_char || eol >= text.size() ||
        text[eol] != '\n') {
      continue;
    }
    const size_t bol = at - 2;
    if (bol == 0 || text[bol - 1] == '\n') {
      return bol;
    }
  }
  return text.size();
}

} // namespace trail::message::detail
