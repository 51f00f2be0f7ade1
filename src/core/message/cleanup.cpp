#include "core/message/cleanup.hpp"

#include "core/message/git_text.hpp"

#include <array>
#include <utility>

// Reproduces git 2.39's cleanup_message (sequencer.c) and strbuf_stripspace (strbuf.c).

namespace trail::message {

namespace {

using detail::is_git_space;

constexpr std::array<std::pair<std::string_view, CleanupMode>, 5> k_mode_names = {{
    {"default", CleanupMode::automatic},
    {"strip", CleanupMode::strip},
    {"whitespace", CleanupMode::whitespace},
    {"verbatim", CleanupMode::verbatim},
    {"scissors", CleanupMode::scissors},
}};

// Returns LINE without its trailing whitespace, newline included.
std::string_view strip_line_end(std::string_view line)
{
  while (!line.empty() && is_git_space(line.back())) {
    line.remove_suffix(1);
  }
  return line;
}

// Returns TEXT after git's strbuf_stripspace: each line loses its trailing whitespace, runs
// of empty lines become one, empty lines at both ends go, and the last line gets a newline.
// With SKIP_COMMENTS, lines starting with COMMENT_CHAR are dropped before all that.
std::string strip_space(std::string_view text, bool skip_comments, char comment_char)
{
  std::string out;
  out.reserve(text.size() + 1);
  bool pending_empty = false;
  for (size_t bol = 0; bol < text.size();) {
    const size_t eol = text.find('\n', bol);
    const size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    const std::string_view line = text.substr(bol, next - bol);
    bol = next;
    if (skip_comments && line.front() == comment_char) {
      continue;
    }
    const std::string_view content = strip_line_end(line);
    if (content.empty()) {
      pending_empty = true;
      continue;
    }
    // Empty lines before the first kept line are dropped rather than collapsed.
    if (pending_empty && !out.empty()) {
      out.push_back('\n');
    }
    pending_empty = false;
    out.append(content);
    out.push_back('\n');
  }
  return out;
}

} // namespace

bool parse_cleanup_mode(std::string_view text, CleanupMode& mode)
{
  for (const auto& [name, value] : k_mode_names) {
    if (text == name) {
      mode = value;
      return true;
    }
  }
  return false;
}

std::string cleanup_message(std::string_view raw, CleanupMode mode, char comment_char)
{
  if (mode == CleanupMode::verbatim) {
    return std::string(raw);
  }
  // In strip mode a scissors line is only a comment line: what follows it stays (git cuts
  // there only for -v, which the caller handles).
  if (mode == CleanupMode::scissors) {
    raw = raw.substr(0, detail::find_cut_line(raw, comment_char));
  }
  const bool strip_comments = mode == CleanupMode::strip || mode == CleanupMode::automatic;
  return strip_space(raw, strip_comments, comment_char);
}

CleanupMode effective_cleanup(CleanupMode mode, bool edited)
{
  if (mode == CleanupMode::automatic) {
    return edited ? CleanupMode::strip : CleanupMode::whitespace;
  }
  if (mode == CleanupMode::scissors && !edited) {
    return CleanupMode::whitespace;
  }
  return mode;
}

std::string_view subject_line(std::string_view message)
{
  // A cleaned message has no leading blank lines, but a raw one may; git skips them too.
  while (!message.empty()) {
    const size_t eol = message.find('\n');
    const std::string_view line = message.substr(0, eol);
    if (!strip_line_end(line).empty()) {
      return strip_line_end(line);
    }
    if (eol == std::string_view::npos) {
      break;
    }
    message.remove_prefix(eol + 1);
  }
  return {};
}

} // namespace trail::message
