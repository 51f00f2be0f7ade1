#pragma once

#include <chrono>
#include <string>

namespace trail::util {

// Shows "git-trail: WHAT: N commits" on standard error while long work runs, when standard
// error is a terminal (never in pipes, hooks' captured output or CI logs); at most ten updates
// a second, erased when done.
class Progress
{
public:
  explicit Progress(std::string what);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();

  // Reports that COUNT commits are done.
  void update(size_t count);

private:
  std::string m_what;
  bool m_enabled;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_last;
};

} // namespace trail::util
