#pragma once

#include <string>

namespace trail::git {

// Returns the version of the libgit2 library in use, e.g. "1.5.1".
std::string libgit2_version();

} // namespace trail::git
