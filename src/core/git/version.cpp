#include "core/git/version.hpp"

#include <git2.h>

namespace trail::git {

std::string libgit2_version()
{
  int major = 0;
  int minor = 0;
  int revision = 0;
  git_libgit2_version(&major, &minor, &revision);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(revision);
}

} // namespace trail::git
