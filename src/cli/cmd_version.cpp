// `git trail version`.

#include "cli/command.hpp"
#include "core/git/version.hpp"
#include "core/util/error.hpp"

namespace trail::cli {

Handler setup_version(CLI::App&, const GlobalOptions&)
{
  return [](workspace::Context&) {
    out(std::string("git-trail ") + TRAIL_VERSION + " (libgit2 " + git::libgit2_version() + ")\n");
    return static_cast<int>(k_exit_clean);
  };
}

} // namespace trail::cli
