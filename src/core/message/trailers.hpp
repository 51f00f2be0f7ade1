#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trail::message {

// One trailer as git reports it with %(trailers:only,unfold).
struct Trailer
{
  std::string key;   // as written, without the separator, trimmed (see configured_keys)
  std::string value; // continuation lines unfolded into single spaces, trimmed
  size_t line = 0;   // 1-based line of the message where the trailer starts
};

// How to find trailers; defaults match `git log --format=%(trailers)` with git's default config.
struct TrailerOptions
{
  // Characters that separate key from value (git's trailer.separators); ':' by default.
  std::string separators = ":";
  // Stop at the first "---" divider line, as `git interpret-trailers` does. Off for commit
  // history, as in `git log %(trailers)`.
  bool divider = false;
  // The comment character (core.commentChar): lines starting with it are ignored.
  char comment_char = '#';
  // Keys configured with trailer.<token>.key; like "Signed-off-by", they let a block with
  // fewer than all lines being trailers still count as the trailer block. As in git, a key
  // matches case-insensitively when it is a prefix of the configured one ("sign" matches
  // "Signed-off-by"), and a matching trailer is reported with the configured spelling.
  std::vector<std::string> configured_keys;
  // Read from the first byte, as `git interpret-trailers` does. Off, leading blank lines are
  // skipped first, as `git log %(trailers)` does (it starts at the subject), so a message that
  // begins with blank lines still has its subject as the title paragraph.
  bool keep_leading_blank_lines = false;
};

// Returns the trailers of MESSAGE in order, exactly as git finds them.
std::vector<Trailer> parse_trailers(std::string_view message, const TrailerOptions& options = {});

} // namespace trail::message
