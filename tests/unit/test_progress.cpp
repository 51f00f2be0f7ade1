// Progress on standard error (src/core/util/progress.cpp): silent when standard error is not
// a terminal (pipes, hooks, CI logs); on a terminal (a pseudo-terminal made by the test) at
// most ten updates a second, and the line erased when the work is done; the line itself
// (progress_line): counts grouped by thousands, the total and share when known, the rate.

#include "core/util/progress.hpp"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <termios.h>
#include <thread>
#include <unistd.h>

using namespace trail;

namespace {

// Points standard error (descriptor 2) at FD for the life of the object.
class StderrTo
{
public:
  explicit StderrTo(int fd) : m_saved(dup(STDERR_FILENO))
  {
    REQUIRE(m_saved >= 0);
    std::fflush(stderr);
    REQUIRE(dup2(fd, STDERR_FILENO) == STDERR_FILENO);
  }
  StderrTo(const StderrTo&) = delete;
  StderrTo& operator=(const StderrTo&) = delete;
  ~StderrTo()
  {
    std::fflush(stderr);
    dup2(m_saved, STDERR_FILENO);
    close(m_saved);
  }

private:
  int m_saved;
};

// Returns what can be read from FD now (waiting up to 200 ms for the first bytes).
std::string drain(int fd)
{
  std::string text;
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, text.empty() ? 200 : 20) == 1 && (p.revents & POLLIN)) {
    char buffer[256];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) {
      break;
    }
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

// A pseudo-terminal in raw mode: what is written to `terminal` is read from `controller`.
struct Pty
{
  int controller = -1;
  int terminal = -1;
  Pty()
  {
    controller = posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(controller >= 0);
    REQUIRE(grantpt(controller) == 0);
    REQUIRE(unlockpt(controller) == 0);
    terminal = open(ptsname(controller), O_RDWR | O_NOCTTY);
    REQUIRE(terminal >= 0);
    termios mode{};
    REQUIRE(tcgetattr(terminal, &mode) == 0);
    cfmakeraw(&mode);
    REQUIRE(tcsetattr(terminal, TCSANOW, &mode) == 0);
  }
  Pty(const Pty&) = delete;
  Pty& operator=(const Pty&) = delete;
  ~Pty()
  {
    close(terminal);
    close(controller);
  }
};

void pause_past_the_rate_limit()
{
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
}

} // namespace

TEST_CASE("progress: nothing is written when standard error is not a terminal")
{
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  {
    const StderrTo redirect(pipe_fds[1]);
    util::Progress progress("reading history");
    pause_past_the_rate_limit();
    progress.update(10);
    pause_past_the_rate_limit();
    progress.update(20);
  }
  close(pipe_fds[1]);
  CHECK(drain(pipe_fds[0]).empty());
  close(pipe_fds[0]);
}

// The cases below rely on two calls made back to back landing within 100 ms of each other; a
// machine too busy to manage that once in three tries fails them. Without the rate limit
// they fail every time.
constexpr int k_tries = 3;

TEST_CASE(
    "progress: on a terminal, one line rewritten in place, at most every 100 ms, erased at the end")
{
  // Each update clears the line and writes it again; the rate depends on the clock, so it is
  // matched as digits.
  const re2::RE2 expected("\r\x1b\\[Kgit-trail: checking history: 42 commits, [0-9,]+ commits/s"
                          "\r\x1b\\[Kgit-trail: checking history: 1,000 commits, [0-9,]+ commits/s"
                          "\r\x1b\\[K");
  REQUIRE(expected.ok());
  std::string shown;
  for (int attempt = 0; attempt < k_tries && !re2::RE2::FullMatch(shown, expected); ++attempt) {
    const Pty pty;
    {
      const StderrTo redirect(pty.terminal);
      util::Progress progress("checking history");
      progress.update(1); // within 100 ms of the start: not shown
      pause_past_the_rate_limit();
      progress.update(42);
      progress.update(43); // within 100 ms of the last: not shown
      pause_past_the_rate_limit();
      progress.update(1000);
    }
    shown = drain(pty.controller);
  }
  INFO("shown: " << shown);
  CHECK(re2::RE2::FullMatch(shown, expected));
}

TEST_CASE("progress: on a terminal, work done within 100 ms leaves nothing to erase")
{
  std::string shown = "not run";
  for (int attempt = 0; attempt < k_tries && !shown.empty(); ++attempt) {
    const Pty pty;
    {
      const StderrTo redirect(pty.terminal);
      util::Progress progress("reading history");
      progress.update(1);
      progress.update(2);
    }
    shown = drain(pty.controller);
  }
  CHECK(shown.empty());
}

TEST_CASE("progress_line: count, total, share and rate")
{
  CHECK(util::progress_line("checking history", 1234, 5000, 1.5) ==
        "checking history: 1,234 of 5,000 commits (24%), 822 commits/s");
  CHECK(util::progress_line("reading history", 1234567, 0, 2.0) ==
        "reading history: 1,234,567 commits, 617,283 commits/s");
  CHECK(util::progress_line("checking history", 12, 100, 0.05) ==
        "checking history: 12 of 100 commits (12%)");
  CHECK(util::progress_line("checking history", 0, 0, 0) == "checking history: 0 commits");
  // More done than counted (a commit reached twice): never past 100%.
  CHECK(util::progress_line("x", 120, 100, 1) == "x: 120 of 100 commits (100%), 120 commits/s");
}
