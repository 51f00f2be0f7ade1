#pragma once

// Walking the matches of a regular expression (RE2) through a text.

#include <re2/re2.h>

namespace trail::util {

// Finds the next match of REGEX in INPUT, stores its capture groups in ARGS and moves INPUT past
// the match; false when there is none. An empty match consumes nothing, so INPUT then moves one
// byte on: a loop over the matches of a pattern that can match the empty string (a user's
// '(SRS-\d+)?') still ends.
template<typename... Args>
bool find_next(re2::StringPiece& input, const re2::RE2& regex, Args*... args)
{
  const char* const before = input.data();
  if (!re2::RE2::FindAndConsume(&input, regex, args...)) {
    return false;
  }
  if (input.data() == before && !input.empty()) {
    input.remove_prefix(1);
  }
  return true;
}

} // namespace trail::util
