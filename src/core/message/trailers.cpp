#include "core/message/trailers.hpp"

#include "core/message/git_text.hpp"

#include <algorithm>
#include <array>

// The algorithm follows git 2.39 (trailer.c, commit.c ignore_non_trailer, pretty.c): one
// forward pass finds where the log message ends, one backward pass over the last paragraph
// decides whether it is a trailer block, one forward pass over that block cuts it into
// trailers. Everything works on offsets into the message; the only allocations are the
// returned keys and values.

namespace trail::message {

namespace {

using detail::git_trim;
using detail::is_git_alnum;
using detail::is_git_space;

constexpr size_t k_none = std::string_view::npos;

// Lines git itself writes; one of them lets a mixed paragraph count as the trailer block.
constexpr std::array<std::string_view, 2> k_generated_prefixes = {
    "Signed-off-by: ",
    "(cherry picked from commit ",
};

// An old-style merge message lists conflicted paths under this line; git skips that block.
constexpr std::string_view k_conflicts_line = "Conflicts:\n";

// Returns the byte at POS, or NUL past the end, as reading git's terminated C string would.
char byte_at(std::string_view text, size_t pos)
{
  return pos < text.size() ? text[pos] : '\0';
}

// Returns the offset just past the line starting at BOL (past its '\n', or the end).
size_t next_line(std::string_view text, size_t bol)
{
  const size_t eol = text.find('\n', bol);
  return eol == k_none ? text.size() : eol + 1;
}

// Returns the start of the last line of TEXT[0, END), or k_none when END is 0. A '\n' at
// END - 1 belongs to that last line.
size_t last_line_start(std::string_view text, size_t end)
{
  if (end == 0) {
    return k_none;
  }
  if (end == 1) {
    return 0;
  }
  const size_t newline = text.rfind('\n', end - 2);
  return newline == k_none ? 0 : newline + 1;
}

// Returns true when the line starting at BOL holds only whitespace (or nothing).
bool is_blank_line(std::string_view text, size_t bol)
{
  for (size_t pos = bol; pos < text.size() && text[pos] != '\n'; ++pos) {
    if (!is_git_space(text[pos])) {
      return false;
    }
  }
  return true;
}

// Returns the offset of the separator in LINE when LINE starts with a key (letters, digits,
// hyphens, then optional blanks), 0 when it starts with a separator, and k_none otherwise.
// A line that starts with a blank never has a key; "Bug #42" has one only if '#' separates.
size_t find_separator(std::string_view line, std::string_view separators)
{
  bool seen_blank = false;
  for (size_t pos = 0; pos < line.size(); ++pos) {
    const char c = line[pos];
    if (separators.find(c) != k_none) {
      return pos;
    }
    if (!seen_blank && (is_git_alnum(c) || c == '-')) {
      continue;
    }
    if (pos > 0 && (c == ' ' || c == '\t')) {
      seen_blank = true;
      continue;
    }
    break;
  }
  return k_none;
}

// Returns true when the line starting at BOL has a non-empty key before a separator.
bool has_key(std::string_view text, size_t bol, std::string_view separators, size_t& separator)
{
  separator = find_separator(text.substr(bol), separators);
  return separator != k_none && separator >= 1;
}

char ascii_lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Returns true when the first COUNT bytes of CANDIDATE equal those of CONFIGURED, ignoring
// ASCII case (git's strncasecmp, so a short candidate matches as a prefix).
bool prefix_matches(std::string_view candidate, std::string_view configured, size_t count)
{
  if (count > configured.size() || count > candidate.size()) {
    return false;
  }
  for (size_t i = 0; i < count; ++i) {
    if (ascii_lower(candidate[i]) != ascii_lower(configured[i])) {
      return false;
    }
  }
  return true;
}

// Returns the configured key CANDIDATE matches when it is compared on COUNT bytes, or null.
const std::string* find_configured_key(std::string_view candidate,
                                       size_t count,
                                       const std::vector<std::string>& configured_keys)
{
  for (const std::string& key : configured_keys) {
    if (prefix_matches(candidate, key, count)) {
      return &key;
    }
  }
  return nullptr;
}

// Returns the offset where `git log` starts reading a message: past its leading blank lines.
size_t find_subject_start(std::string_view text)
{
  size_t pos = 0;
  while (pos < text.size() && is_blank_line(text, pos)) {
    pos = next_line(text, pos);
  }
  return pos;
}

// Returns the start of the first "---" line followed by whitespace (a patch divider), or the
// end. A "---" that ends the message without a newline is not a divider.
size_t find_divider(std::string_view text)
{
  for (size_t bol = 0; bol < text.size(); bol = next_line(text, bol)) {
    if (text.substr(bol).starts_with("---") && is_git_space(byte_at(text, bol + 3))) {
      return bol;
    }
  }
  return text.size();
}

// Returns the end of the log message within TEXT[0, LEN): the scissors line, or the start of
// the trailing run of comment lines, empty lines ("\n" only) and old "Conflicts:" blocks.
size_t find_message_end(std::string_view text, size_t len, char comment_char)
{
  // git searches for the scissors line past LEN too and then loops forever when it finds one
  // after a divider; a scissors line that far out cannot matter, so stop at LEN.
  const size_t cutoff = std::min(detail::find_cut_line(text, comment_char), len);
  size_t run_start = 0; // 0 means "no run", as in git: a run starting at offset 0 is missed
  bool in_conflicts = false;
  for (size_t bol = 0; bol < cutoff; bol = std::min(next_line(text, bol), len)) {
    const char first = text[bol];
    if (first == comment_char || first == '\n') {
      run_start = run_start == 0 ? bol : run_start;
    } else if (text.substr(bol).starts_with(k_conflicts_line)) {
      in_conflicts = true;
      run_start = run_start == 0 ? bol : run_start;
    } else if (in_conflicts && first == '\t') {
      // a conflicted path listed under "Conflicts:"
    } else if (run_start != 0) {
      run_start = 0;
      in_conflicts = false;
    }
  }
  return run_start != 0 ? run_start : cutoff;
}

// Returns the offset of the blank line ending the title paragraph (comment lines inside it
// do not end it), or END when the title runs to the end.
size_t find_title_end(std::string_view text, size_t end, char comment_char)
{
  size_t bol = 0;
  for (; bol < end; bol = next_line(text, bol)) {
    if (text[bol] != comment_char && is_blank_line(text, bol)) {
      break;
    }
  }
  return bol;
}

// What one line of the candidate block is, for the trailer-block vote.
enum class LineKind
{
  comment,
  blank,
  generated,
  trailer,
  continuation,
  other
};

// Tallies the lines of the last paragraph, read bottom-up, as git's find_trailer_start does.
class BlockVote
{
public:
  // Counts one line of kind KIND; RECOGNIZED tells whether a trailer has a configured key.
  void count(LineKind kind, bool recognized)
  {
    switch (kind) {
    case LineKind::comment:
      // A comment line ends any run of indented lines: they can no longer be continuations.
      settle_continuations();
      return;
    case LineKind::blank:
      return;
    case LineKind::generated:
      m_recognized = true;
      [[fallthrough]];
    case LineKind::trailer:
      ++m_trailers;
      m_continuations = 0;
      m_recognized = m_recognized || recognized;
      break;
    case LineKind::continuation:
      ++m_continuations;
      break;
    case LineKind::other:
      ++m_non_trailers;
      settle_continuations();
      break;
    }
    m_seen_text = true;
  }

  // Returns true once a line with text has been counted (blank lines below it are skipped).
  bool seen_text() const
  {
    return m_seen_text;
  }

  // Returns true when the paragraph is a trailer block: all trailers, or a git-generated or
  // configured key with at least one trailer line for every three other lines.
  bool is_trailer_block()
  {
    settle_continuations();
    if (m_recognized && m_trailers * 3 >= m_non_trailers) {
      return true;
    }
    return m_trailers > 0 && m_non_trailers == 0;
  }

  // Returns true when a configured key has already been seen, so no lookup is needed.
  bool recognized() const
  {
    return m_recognized;
  }

private:
  // Indented lines not followed (above) by a trailer are ordinary text after all.
  void settle_continuations()
  {
    m_non_trailers += m_continuations;
    m_continuations = 0;
  }

  size_t m_trailers = 0;
  size_t m_non_trailers = 0;
  size_t m_continuations = 0;
  bool m_recognized = false;
  bool m_seen_text = false;
};

// Returns the kind of the line at BOL; sets RECOGNIZED when it is a trailer with a configured
// key (only looked up while VOTE has not recognized one yet).
LineKind classify_line(std::string_view text,
                       size_t bol,
                       const TrailerOptions& options,
                       const BlockVote& vote,
                       bool& recognized)
{
  recognized = false;
  if (text[bol] == options.comment_char) {
    return LineKind::comment;
  }
  if (is_blank_line(text, bol)) {
    return LineKind::blank;
  }
  const std::string_view rest = text.substr(bol);
  for (std::string_view prefix : k_generated_prefixes) {
    if (rest.starts_with(prefix)) {
      return LineKind::generated;
    }
  }
  if (is_git_space(rest.front())) {
    return LineKind::continuation;
  }
  size_t separator = 0;
  if (!has_key(text, bol, options.separators, separator)) {
    return LineKind::other;
  }
  // git compares the raw key including blanks before the separator, so "Key :" never matches.
  recognized = !vote.recognized() &&
               find_configured_key(rest, separator, options.configured_keys) != nullptr;
  return LineKind::trailer;
}

// Returns the start of the trailer block in TEXT[0, END), or END when there is none.
size_t find_block_start(std::string_view text, size_t end, const TrailerOptions& options)
{
  const size_t title_end = find_title_end(text, end, options.comment_char);
  BlockVote vote;
  for (size_t bol = last_line_start(text, end); bol != k_none && bol >= title_end;
       bol = last_line_start(text, bol)) {
    bool recognized = false;
    const LineKind kind = classify_line(text, bol, options, vote, recognized);
    if (kind == LineKind::blank && vote.seen_text()) {
      return vote.is_trailer_block() ? next_line(text, bol) : end;
    }
    vote.count(kind, recognized);
  }
  return end;
}

// Returns VALUE (already trimmed) with each newline and the whitespace after it turned into
// one space; a '\r' before the newline stays, as in git.
std::string unfold(std::string_view value)
{
  std::string out;
  out.reserve(value.size());
  for (size_t pos = 0; pos < value.size();) {
    const char c = value[pos++];
    if (c != '\n') {
      out.push_back(c);
      continue;
    }
    while (pos < value.size() && is_git_space(value[pos])) {
      ++pos;
    }
    out.push_back(' ');
  }
  return out;
}

// Returns the trailer in ITEM (a key line and its continuation lines); SEPARATOR is the
// separator's offset in ITEM.
Trailer
make_trailer(std::string_view item, size_t separator, size_t line, const TrailerOptions& options)
{
  std::string_view key = git_trim(item.substr(0, separator));
  // git matches configured keys on the key without trailing punctuation ("Fixes-" -> "Fixes").
  size_t key_length = key.size();
  while (key_length > 0 && !is_git_alnum(key[key_length - 1])) {
    --key_length;
  }
  if (const std::string* configured =
          find_configured_key(key, key_length, options.configured_keys)) {
    key = *configured;
  }
  return Trailer{std::string(key), unfold(git_trim(item.substr(separator + 1))), line};
}

// Returns the number of the line at OFFSET in TEXT, counting from FIRST_LINE.
size_t line_number(std::string_view text, size_t offset, size_t first_line)
{
  return first_line + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// Returns the trailers in the block TEXT[START, END), whose first line is line FIRST_LINE.
// Indented lines fold into the line above when that line has a key; a comment line or any
// other keyless line stops the folding.
std::vector<Trailer> collect_trailers(std::string_view text,
                                      size_t start,
                                      size_t end,
                                      size_t first_line,
                                      const TrailerOptions& options)
{
  std::vector<Trailer> trailers;
  size_t item_start = k_none; // the open trailer, which may still take continuation lines
  size_t item_line = 0;
  size_t separator = 0;
  size_t line = first_line;
  for (size_t bol = start; bol < end; bol = std::min(next_line(text, bol), end), ++line) {
    if (item_start != k_none && is_git_space(text[bol])) {
      continue;
    }
    if (item_start != k_none) {
      trailers.push_back(
          make_trailer(text.substr(item_start, bol - item_start), separator, item_line, options));
    }
    const bool keyed = has_key(text.substr(0, end), bol, options.separators, separator);
    item_start = keyed ? bol : k_none;
    item_line = line;
  }
  if (item_start != k_none) {
    trailers.push_back(
        make_trailer(text.substr(item_start, end - item_start), separator, item_line, options));
  }
  return trailers;
}

} // namespace

std::vector<Trailer> parse_trailers(std::string_view message, const TrailerOptions& options)
{
  // git reads the message as a C string: nothing after a NUL byte exists for it.
  message = message.substr(0, message.find('\0'));
  const size_t skipped = options.keep_leading_blank_lines ? 0 : find_subject_start(message);
  const size_t first_line = line_number(message, skipped, 1);
  const std::string_view text = message.substr(skipped);

  const size_t body_end = options.divider ? find_divider(text) : text.size();
  const size_t block_end = find_message_end(text, body_end, options.comment_char);
  const size_t block_start = find_block_start(text, block_end, options);
  if (block_start >= block_end) {
    return {};
  }
  return collect_trailers(
      text, block_start, block_end, line_number(text, block_start, first_line), options);
}

} // namespace trail::message
