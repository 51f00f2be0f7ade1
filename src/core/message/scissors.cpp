#include "core/message/cleanup.hpp"
#include "core/message/git_text.hpp"

namespace trail::message {

std::string_view cut_at_scissors(std::string_view raw, char comment_char)
{
  return raw.substr(0, detail::find_cut_line(raw, comment_char));
}

} // namespace trail::message
