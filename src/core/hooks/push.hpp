#pragma once

#include "core/git/repository.hpp"
#include "core/history/check.hpp"
#include "core/policy/policy.hpp"
#include "core/workspace/workspace.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace trail::hooks {

// One ref a push changes, as seen by the receiving side.
struct RefUpdate
{
  std::string ref;    // full name on the receiving side ("refs/heads/main")
  std::string old_id; // its value there before the push; all zeros when it is new
  std::string new_id; // its value after the push; all zeros for a deletion
};

// Returns true for git's all-zero object id.
bool is_zero_id(std::string_view id);

// Reads pre-push's standard input: "<local ref> <local id> <remote ref> <remote id>" lines.
// Throws UsageError naming the line when one is malformed.
std::vector<RefUpdate> parse_pre_push(std::string_view input);

// Reads pre-receive's standard input: "<old id> <new id> <ref>" lines.
std::vector<RefUpdate> parse_pre_receive(std::string_view input);

// Where the push is checked, which decides what counts as new.
struct PushSide
{
  // pre-push: the remote's name (its refs/remotes/NAME/* are known to the remote); empty for
  // pre-receive, where every existing ref is known.
  std::string remote;
  bool server = false;
  bool allow_incomplete = false; // trail.allowIncomplete: accept what cannot be judged
};

// The outcome of checking a push.
struct PushReport
{
  history::CheckReport commits;        // every new commit, each checked once
  std::vector<rules::Diagnostic> tags; // tag rule problems
  size_t refs = 0;                     // refs updated (deletions included)
  // Said with the outcome, not problems: what a release tag claims that no hook can compare
  // (its verification evidence: the reports are not on the server).
  std::vector<std::string> notes;

  // Returns true when nothing is wrong (what could not be judged aside).
  bool clean() const
  {
    return commits.clean() && tags.empty();
  }
  // Returns true when the push may go ahead: clean, and complete or explicitly accepted.
  bool passed() const
  {
    return clean() && commits.passed();
  }
  // Returns the hook's exit code: 0 passed, 1 violations, 4 only incomplete.
  int exit_code() const
  {
    return !clean() ? k_exit_violations : commits.exit_code();
  }
};

// Checks every commit UPDATES bring that SIDE does not already have, and the tag rules.
PushReport check_push(const git::Repository& repo,
                      const policy::Policy& policy,
                      const workspace::MessageSettings& settings,
                      const std::vector<RefUpdate>& updates,
                      const PushSide& side);

} // namespace trail::hooks
