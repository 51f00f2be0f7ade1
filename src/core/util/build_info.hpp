#pragma once

#include <string>
#include <utility>
#include <vector>

namespace trail::util {

// The libraries built into git-trail (but libgit2, which only the git layer names, and CLI11,
// the command line's), as {name, version}: the version each was compiled against, or the one
// loaded at run time where the library can say (zlib, mbedTLS).
std::vector<std::pair<std::string, std::string>> library_versions();

// How this binary was built: compiler, C++ standard, build type, static dependencies,
// sanitizers ("GCC 12.2.0, C++20, RelWithDebInfo, dependencies linked statically, no
// sanitizers").
std::string build_description();

} // namespace trail::util
