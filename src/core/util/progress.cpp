#include "core/util/progress.hpp"

#include "core/util/process.hpp"

#include <algorithm>
#include <cstdio>

namespace trail::util {

namespace {

// N with thousands separated by commas: 12,345.
std::string grouped(size_t n)
{
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

} // namespace

std::string progress_line(std::string_view what, size_t count, size_t total, double seconds)
{
  std::string line = std::string(what) + ": " + grouped(count);
  if (total > 0) {
    line += " of " + grouped(total) + " commits (" +
            std::to_string(std::min<size_t>(100, count * 100 / total)) + "%)";
  } else {
    line += " commits";
  }
  if (seconds >= 0.1) {
    line +=
        ", " + grouped(static_cast<size_t>(static_cast<double>(count) / seconds)) + " commits/s";
  }
  return line;
}

Progress::Progress(std::string what)
    : m_what(std::move(what)), m_enabled(stderr_is_terminal()),
      m_start(std::chrono::steady_clock::now()), m_last(m_start)
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
  const std::chrono::duration<double> elapsed = now - m_start;
  std::fprintf(stderr,
               "\r\033[Kgit-trail: %s",
               progress_line(m_what, count, m_total, elapsed.count()).c_str());
  std::fflush(stderr);
}

} // namespace trail::util
