#include "core/util/progress.hpp"

#include "core/util/process.hpp"

#include <cstdio>

namespace trail::util {

Progress::Progress(std::string what)
    : m_what(std::move(what)), m_enabled(stderr_is_terminal()),
      m_last(std::chrono::steady_clock::now())
{
}

Progress::~Progress()
{
  if (m_shown) {
    std::fputs("\r\033[K", stderr); // erase the line
    std::fflush(stderr);
  }
}

void Progress::update(size_t count)
{
  if (!m_enabled) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - m_last < std::chrono::milliseconds(100)) {
    return;
  }
  m_last = now;
  m_shown = true;
  std::fprintf(stderr, "\rgit-trail: %s: %zu commits", m_what.c_str(), count);
  std::fflush(stderr);
}

} // namespace trail::util
