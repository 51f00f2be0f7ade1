#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace trail::hooks {

// The client-side hooks `hooks install` manages by default in a repository with a work tree.
inline const std::vector<std::string> k_client_hooks = {"commit-msg", "prepare-commit-msg", "pre-push"};
// The server-side hook, the default in a bare repository.
inline const std::vector<std::string> k_server_hooks = {"pre-receive"};
// Every hook git-trail has a shim for.
inline const std::vector<std::string> k_all_hooks = {"commit-msg", "prepare-commit-msg", "pre-push", "pre-receive"};

// The suffix a pre-existing hook gets when git-trail chains it (it runs first).
inline constexpr std::string_view k_chained_suffix = ".chained";

// What is at a hook's path.
enum class HookState {
  absent,   // no file
  current,  // git-trail's shim, as this version writes it
  outdated, // git-trail's shim from another version or binary path
  foreign,  // somebody else's hook
};

// One hook's state, for `hooks status`.
struct HookStatus
{
  std::string name;
  HookState state = HookState::absent;
  bool chained = false; // a pre-existing hook is kept and runs first
};

// How to install.
struct InstallOptions
{
  std::string binary; // absolute path of git-trail, baked into the shims
  bool chain = false; // keep a foreign hook, renamed NAME.chained, and run it first
};

// Returns the shim for hook NAME calling BINARY.
std::string render_shim(const std::string& name, const std::string& binary);

// Returns the state of each hook in NAMES inside DIR.
std::vector<HookStatus> hook_status(const std::filesystem::path& dir,
                                    const std::vector<std::string>& names,
                                    const std::string& binary);

// Installs the shims for NAMES into DIR and returns one line per hook saying what was done.
// Changes nothing and throws UsageError when a foreign hook is in the way and CHAIN is off.
std::vector<std::string> install_hooks(const std::filesystem::path& dir,
                                       const std::vector<std::string>& names,
                                       const InstallOptions& options);

// Removes git-trail's shims for NAMES from DIR, restoring chained hooks; foreign hooks are
// left alone. Returns one line per hook saying what was done.
std::vector<std::string> uninstall_hooks(const std::filesystem::path& dir, const std::vector<std::string>& names);

} // namespace trail::hooks
