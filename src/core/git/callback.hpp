#pragma once

// The one way the git layer runs its own code inside a libgit2 callback (private to the git
// layer). libgit2 is C: an exception thrown through its frames skips its cleanup (locks,
// allocations) and is undefined behaviour. So every callback body runs inside
// CallbackGuard::run, which catches whatever it throws, keeps it and returns an error code that
// makes libgit2 stop; once libgit2 has returned, CallbackGuard::check (or rethrow) throws it
// again, in C++ frames, as if it had never been stopped.

#include "core/git/handles.hpp"

#include <exception>
#include <string>

namespace trail::git {

class CallbackGuard
{
public:
  // Runs BODY (returning int) and returns its result; when it throws, keeps the first exception,
  // sets libgit2's error message to its text and returns FAILURE (GIT_EUSER: libgit2 stops the
  // walk or loop and returns it).
  template<typename Body>
  int run(Body&& body, int failure = GIT_EUSER) noexcept
  {
    try {
      return body();
    } catch (const std::exception& e) {
      keep(std::current_exception());
      git_error_set_str(GIT_ERROR_CALLBACK, e.what());
    } catch (...) {
      keep(std::current_exception());
      git_error_set_str(GIT_ERROR_CALLBACK, "unknown exception in a libgit2 callback");
    }
    return failure;
  }
  // Rethrows what a callback threw, if anything (and forgets it).
  void rethrow()
  {
    if (m_error) {
      const std::exception_ptr error = std::move(m_error);
      m_error = nullptr;
      std::rethrow_exception(error);
    }
  }
  // After libgit2 returned RESULT: rethrows what a callback threw, else throws GitError for a
  // negative RESULT (git::check).
  void check(int result, const std::string& what)
  {
    rethrow();
    git::check(result, what);
  }

private:
  void keep(std::exception_ptr error) noexcept
  {
    if (!m_error) {
      m_error = std::move(error);
    }
  }
  std::exception_ptr m_error;
};

} // namespace trail::git
