#pragma once

#include <stdexcept>
#include <string>

namespace trail {

// Exit codes shared by every command (documented in docs/cli.md).
enum ExitCode : int
{
  k_exit_clean = 0,
  k_exit_violations = 1,
  k_exit_usage = 2,
  k_exit_internal = 3,
  // The input could not be judged in full (a shallow boundary, missing parents, a baseline
  // absent from the clone): never reported as clean unless the user accepts it explicitly.
  k_exit_incomplete = 4,
};

// Base of every error git-trail throws; the CLI catches it once and prints its message.
class Error : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
  // Returns the process exit code this error maps to.
  virtual int exit_code() const noexcept
  {
    return k_exit_internal;
  }
};

// A mistake in how the user called us or in a file the user wrote (exit 2).
class UsageError : public Error
{
public:
  using Error::Error;
  int exit_code() const noexcept override
  {
    return k_exit_usage;
  }
};

// The input cannot be judged in full (a baseline absent from the clone, ...): exit 4, never
// reported as clean.
class IncompleteError : public Error
{
public:
  using Error::Error;
  int exit_code() const noexcept override
  {
    return k_exit_incomplete;
  }
};

// A failure reported by libgit2, with its error code and class kept for callers.
class GitError : public Error
{
public:
  GitError(const std::string& what, int code, int klass) : Error(what), m_code(code), m_klass(klass)
  {
  }
  // Returns the libgit2 error code (GIT_ENOTFOUND, ...).
  int code() const noexcept
  {
    return m_code;
  }
  // Returns the libgit2 error class (GIT_ERROR_REPOSITORY, ...).
  int klass() const noexcept
  {
    return m_klass;
  }
  int exit_code() const noexcept override
  {
    return k_exit_usage;
  }

private:
  int m_code;
  int m_klass;
};

} // namespace trail
