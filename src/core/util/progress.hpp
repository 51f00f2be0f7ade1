#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace trail::util {

// Returns a progress line: "WHAT: 1,234 of 5,000 commits (24%), 812 commits/s" with a TOTAL
// (0: not known, "WHAT: 1,234 commits, 812 commits/s"); no rate before the first tenth of a
// second.
std::string progress_line(std::string_view what, size_t count, size_t total, double seconds);

// Shows "git-trail: " + progress_line(...) on standard error while long work runs, when
// standard error is a terminal (never in pipes, hooks' captured output or CI logs); at most ten
// updates a second, erased when done.
class Progress
{
public:
  explicit Progress(std::string what);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();

  // Returns true when the progress is shown (standard error is a terminal): a caller computes
  // a total only then.
  bool enabled() const
  {
    return m_enabled;
  }

  // Sets how many commits there are in all (0: not known).
  void set_total(size_t total)
  {
    m_total = total;
  }

  // Reports that COUNT commits are done.
  void update(size_t count);

private:
  std::string m_what;
  bool m_enabled;
  bool m_shown = false;
  size_t m_total = 0;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
};

} // namespace trail::util
