#pragma once

#include "core/git/repository.hpp"
#include "core/history/check.hpp"
#include "core/policy/policy.hpp"
#include "core/workspace/workspace.hpp"

#include <optional>
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

// What the pre-commit framework tells a hook of its push stage. pre-commit reads git's pre-push
// input itself and passes none of it on; it names at most one pushed ref, in environment
// variables (an empty optional: unset or empty).
struct PreCommitEnv
{
  bool running = false;                     // PRE_COMMIT is set
  std::optional<std::string> from_ref;      // PRE_COMMIT_FROM_REF
  std::optional<std::string> to_ref;        // PRE_COMMIT_TO_REF
  std::optional<std::string> remote_name;   // PRE_COMMIT_REMOTE_NAME
  std::optional<std::string> remote_url;    // PRE_COMMIT_REMOTE_URL
  std::optional<std::string> remote_branch; // PRE_COMMIT_REMOTE_BRANCH
  std::optional<std::string> local_branch;  // PRE_COMMIT_LOCAL_BRANCH

  // Returns true when pre-commit runs the hook (any of its variables is set).
  bool any() const
  {
    return running || from_ref || to_ref || remote_name || remote_url || remote_branch ||
           local_branch;
  }
};

// What a pre-push hook judges.
struct PrePush
{
  std::string remote;             // the remote's name (or URL), as git names it
  std::vector<RefUpdate> updates; // the refs the push changes on the remote
};

// Returns what a pre-push hook judges: git's lines from INPUT with REMOTE (git's first
// argument); or, when INPUT has none and pre-commit runs the hook, the ref ENV describes:
// PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF, or every commit of PRE_COMMIT_LOCAL_BRANCH when
// pre-commit names no range (all of its history is new to the remote). Fails closed: throws
// UsageError when the variables are partial, name objects this repository lacks, name a
// remote other than REMOTE, or a tag under a policy with tag rules (pre-commit does not say
// whether the tag is new).
PrePush read_pre_push(const git::Repository& repo,
                      const policy::Policy& policy,
                      std::string_view input,
                      const std::string& remote,
                      const PreCommitEnv& env);

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
  // Approval records the whole push creates (refs/trail/approvals/ID), whichever policy group
  // they fall in: they count for the commits the push brings (verified like any record).
  std::vector<std::string> pushed_records;
};

// Returns the record ids UPDATES create under refs/trail/approvals/.
std::vector<std::string> created_records(const std::vector<RefUpdate>& updates);

// The outcome of checking a push.
struct PushReport
{
  history::CheckReport commits;        // every new commit, each checked once
  std::vector<rules::Diagnostic> tags; // tag rule problems
  // Approval records the push adds, rewrites or deletes that it may not (docs/approvals.md).
  std::vector<rules::Diagnostic> records;
  size_t refs = 0; // refs updated (deletions included)
  // Said with the outcome, not problems: what a release tag claims that no hook can compare
  // (its verification evidence: the reports are not on the server).
  std::vector<std::string> notes;

  // Returns true when nothing is wrong (what could not be judged aside).
  bool clean() const
  {
    return commits.clean() && tags.empty() && records.empty();
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
