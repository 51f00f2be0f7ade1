#pragma once

#include <string>
#include <string_view>

namespace trail::message {

// What `git commit` does to a message before storing it (commit.cleanup / --cleanup).
enum class CleanupMode {
  strip,      // drop comment lines and everything from the scissors line, then whitespace
  whitespace, // trailing whitespace, leading/trailing blank lines, runs of blank lines
  verbatim,   // nothing
  scissors,   // like whitespace, and drop everything from the scissors line
};

// Parses a commit.cleanup value ("default" maps to strip); returns false when unknown.
bool parse_cleanup_mode(std::string_view text, CleanupMode& mode);

// Returns RAW as git will store it after cleanup with COMMENT_CHAR as core.commentChar.
std::string cleanup_message(std::string_view raw, CleanupMode mode, char comment_char = '#');

// Returns RAW up to the scissors line ("# ------------------------ >8 ---..."), which
// `git commit -v` writes above the diff; RAW whole when there is none.
std::string_view cut_at_scissors(std::string_view raw, char comment_char = '#');

// Returns the subject: the first line of a cleaned message.
std::string_view subject_line(std::string_view message);

} // namespace trail::message
