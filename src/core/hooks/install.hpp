#pragma once

#include "core/git/repository.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::hooks {

// The client-side hooks `hooks install` manages by default in a repository with a work tree.
inline const std::vector<std::string> k_client_hooks = {
    "commit-msg", "prepare-commit-msg", "pre-push"};
// The server-side hook, the default in a bare repository.
inline const std::vector<std::string> k_server_hooks = {"pre-receive"};
// Every hook git-trail has a shim for.
inline const std::vector<std::string> k_all_hooks = {
    "commit-msg", "prepare-commit-msg", "pre-push", "pre-receive"};

// The suffix a pre-existing hook gets when git-trail chains it (it runs first).
inline constexpr std::string_view k_chained_suffix = ".chained";

// What is at a hook's path.
enum class HookState
{
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
  bool portable = false; // a current shim that records no binary path
  bool chained = false;  // a pre-existing hook is kept and runs first
};

// How to install.
struct InstallOptions
{
  std::string binary;    // absolute path of git-trail, recorded in the shims unless PORTABLE
  bool chain = false;    // keep a foreign hook, renamed NAME.chained, and run it first
  bool portable = false; // record no binary path: find git-trail through $GIT_TRAIL or PATH
};

// Returns the shim for hook NAME. It runs $GIT_TRAIL when set, else BINARY when it is there,
// else `git-trail` on PATH; an empty BINARY gives a portable shim that records no path.
std::string render_shim(const std::string& name, const std::string& binary);

// Returns the binary a git-trail shim records (its `recorded=` line): "" for a portable shim,
// nullopt when CONTENT is no shim or has no such line (a shim of an older build).
std::optional<std::string> recorded_binary(std::string_view content);

// Returns true when DIR lies inside the working tree WORKDIR (a hooks folder committed with
// the project, such as core.hooksPath = .githooks), where shims must be portable; the .git
// folder at its top is not part of it.
bool inside_working_tree(const std::filesystem::path& dir, const std::filesystem::path& workdir);

// Returns the state of each hook in NAMES inside DIR (a shim is current when it records
// BINARY or is portable).
std::vector<HookStatus> hook_status(const std::filesystem::path& dir,
                                    const std::vector<std::string>& names,
                                    const std::string& binary);

// Returns what would stop install_hooks from installing NAMES into DIR with OPTIONS (a foreign
// hook without CHAIN, a chained hook already there, a folder that cannot be written), one
// message per problem; empty when it can install them all.
std::vector<std::string> install_problems(const std::filesystem::path& dir,
                                          const std::vector<std::string>& names,
                                          const InstallOptions& options);

// Installs the shims for NAMES into DIR and returns one line per hook saying what was done.
// Changes nothing and throws UsageError when install_problems finds any.
std::vector<std::string> install_hooks(const std::filesystem::path& dir,
                                       const std::vector<std::string>& names,
                                       const InstallOptions& options);

// Removes git-trail's shims for NAMES from DIR, restoring chained hooks; foreign hooks are
// left alone. Returns one line per hook saying what was done.
// The fetch refspec that brings approval records (docs/approvals.md) into a clone. Not forced:
// a record's reference never moves, so a fetch that would move one fails instead.
inline constexpr std::string_view k_records_fetch_refspec =
    "refs/trail/approvals/*:refs/trail/approvals/*";

// Adds k_records_fetch_refspec to remote.NAME.fetch of every remote of REPO that lacks it, in
// the repository's own configuration. Returns a line per remote it was added to.
std::vector<std::string> add_records_fetch(const git::Repository& repo);
// Removes k_records_fetch_refspec from every remote of REPO; a line per remote it was on.
std::vector<std::string> remove_records_fetch(const git::Repository& repo);

std::vector<std::string> uninstall_hooks(const std::filesystem::path& dir,
                                         const std::vector<std::string>& names);

} // namespace trail::hooks
