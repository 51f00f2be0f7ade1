#pragma once

#include "core/git/repository.hpp"
#include "core/hooks/push.hpp"
#include "core/policy/policy.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trail::hooks {

// The updates of a push checked against one policy, and the outcome.
struct PolicyGroup
{
  std::shared_ptr<const policy::Policy> policy;
  std::string note; // why this policy, when that needs saying (a repair, a first policy)
  std::vector<RefUpdate> updates; // in the order git listed them
  PushReport report;
};

// The outcome of a push on the server: each group of updates with the policy it was checked
// against, and the updates refused before any commit was checked.
struct ServerReport
{
  std::vector<PolicyGroup> groups;
  std::vector<std::string> refusals; // each a whole message: what is wrong and what to do

  // Returns the hook's exit code: 0 accept, 1 violations or refusals, 4 only incomplete.
  int exit_code() const;
};

// A commit whose trail.toml the server enforces, and how to name it.
struct PolicyCommit
{
  std::string commit;
  std::string name; // "main:trail.toml at 1a2b3c4d5e6f, HEAD"
};

// The commit whose trail.toml the server enforces on new refs: the one `trail.policyRef`
// names, else HEAD's; nullopt when there is none (HEAD unborn, trail.policyRef naming no
// commit), with WHY_NONE saying what was found instead.
std::optional<PolicyCommit> default_policy_commit(const git::Repository& repo,
                                                  std::string& why_none);

// Returns what to tell a server's administrator to pin the policy the server enforces.
std::string pin_advice();

// Checks a push on the server (pre-receive). Without PINNED (--policy FILE or
// $GIT_TRAIL_POLICY, already loaded), each ref update is checked against the policy committed on
// that ref before the push; a new ref (and a ref that had none) against the default branch's:
// the commit named by `trail.policyRef` in the server's configuration, else HEAD. When neither
// exists the update is refused with how to pin one, unless the repository is empty and the
// push brings the first policy. A committed policy that does not load is replaced by the
// pushed one when that loads (a repair). A pushed trail.toml or registry that does not load is
// refused, with file:line:col.
ServerReport check_server_push(const git::Repository& repo,
                               const workspace::MessageSettings& settings,
                               const std::vector<RefUpdate>& updates,
                               const std::optional<policy::Policy>& pinned,
                               bool allow_incomplete);

} // namespace trail::hooks
