#pragma once

#include <string>
#include <string_view>

namespace trail::message {

// What `git commit` does to a message before storing it (commit.cleanup / --cleanup).
enum class CleanupMode
{
  automatic,  // "default": strip when the message was edited, whitespace otherwise
  strip,      // drop comment lines (the scissors line is one), then whitespace
  whitespace, // trailing whitespace, leading/trailing blank lines, runs of blank lines
  verbatim,   // nothing
  scissors,   // like whitespace, and drop everything from the scissors line when edited
};

// Parses a commit.cleanup / --cleanup value; returns false when unknown.
bool parse_cleanup_mode(std::string_view text, CleanupMode& mode);

// Returns the mode git really applies: automatic and scissors depend on whether the message
// was EDITED in an editor (git tells hooks GIT_EDITOR=: when it was not).
CleanupMode effective_cleanup(CleanupMode mode, bool edited);

// Returns RAW as git will store it after cleanup with COMMENT_CHAR as core.commentChar.
// automatic is taken as strip. git also cuts at the scissors line for `git commit -v`, in
// every mode: the caller does that with cut_at_scissors, as only it knows about -v.
std::string cleanup_message(std::string_view raw, CleanupMode mode, char comment_char = '#');

// Returns RAW up to the scissors line ("# ------------------------ >8 ---..."), which
// `git commit -v` writes above the diff; RAW whole when there is none.
std::string_view cut_at_scissors(std::string_view raw, char comment_char = '#');

// Returns the subject: the first line of a cleaned message.
std::string_view subject_line(std::string_view message);

} // namespace trail::message
