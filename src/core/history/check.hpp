#pragma once

#include "core/approvals/index.hpp"
#include "core/approvals/item.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/rules/rules.hpp"
#include "core/util/error.hpp"
#include "core/workspace/workspace.hpp"

#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace trail::history {

struct CommitResult;

// What to check: a walk of history, and the branch ref-scoped rules see.
struct CheckOptions
{
  git::WalkSpec walk;
  std::optional<std::string> branch; // short branch name for `when.branches`; none = unknown
  bool use_baseline = true;          // hide the history of [project] baseline
  // The user accepts an incomplete result (--allow-incomplete): what could not be judged is
  // still reported, but does not make the verdict fail.
  bool allow_incomplete = false;
  // When set, each commit with violations is handed here as soon as it is found instead of
  // being kept in the report, so memory stays flat however much history fails.
  std::function<void(CommitResult&&)> on_failure;
  // When set, called with the number of commits checked so far, every 256 commits.
  std::function<void(size_t)> on_progress;
  // Record commits that count as approval records besides those under refs/trail/approvals/
  // (a push that brings records with the commits they approve).
  std::vector<std::string> extra_records;
  // pre-receive: a record counts only when the policy checked against (the server's, before the
  // push) lists its key in the role too, besides the roles in force for what it approves
  // (approvals::Index::load).
  bool approvals_and_policy = false;
};

// One commit with violations.
struct CommitResult
{
  std::string id;
  std::string subject;
  std::vector<rules::Diagnostic> diagnostics;
};

// A violation that a [[waivers]] entry exempts.
struct WaiverUse
{
  policy::Waiver waiver;
  rules::Diagnostic diagnostic;
};

// The outcome of checking a range of history.
struct CheckReport
{
  std::string policy_source;
  size_t checked = 0;                 // commits examined
  size_t merges_skipped = 0;          // merges not checked ([history] merges = "skip")
  std::vector<CommitResult> failures; // commits with violations, in walk order (unless streamed)
  size_t failing_commits = 0;         // commits with violations, streamed or kept
  size_t violations = 0;              // violations over all commits
  std::vector<WaiverUse> waived;
  std::vector<std::string> shallow_boundary; // history was cut after these commits
  std::vector<std::string> paths_unknown;    // checked without changed paths (parent missing)
  // Commits that path-scoped rules could not judge (their changed paths are unknown), each
  // with what those rules would report if the commit touched their paths. Never counted clean.
  std::vector<CommitResult> unjudged;
  // [project] baseline when it names no commit in this clone (its history could not be hidden).
  std::string baseline_missing;
  bool incomplete_accepted = false; // --allow-incomplete

  // Returns the number of violations over all commits.
  size_t violation_count() const
  {
    return violations;
  }
  // Returns true when no commit has a violation (what could not be judged aside).
  bool clean() const
  {
    return failing_commits == 0;
  }
  // Returns true when every commit could be read and judged in full.
  bool complete() const
  {
    return shallow_boundary.empty() && unjudged.empty() && baseline_missing.empty();
  }
  // Returns true when the range passes: no violation, and complete or explicitly accepted.
  bool passed() const
  {
    return clean() && (complete() || incomplete_accepted);
  }
  // Returns the exit code of the verdict: violations, else incomplete, else clean.
  int exit_code() const
  {
    if (!clean()) {
      return k_exit_violations;
    }
    return passed() ? k_exit_clean : k_exit_incomplete;
  }
};

// Builds the facts of a stored COMMIT for the rules. PATH_GLOBS are the globs of the rules'
// paths (rule_path_globs; none: the changed paths are not read): the changed paths are read
// only where one of them can match.
rules::CommitFacts commit_facts(const git::Repository& repo,
                                const policy::Policy& policy,
                                const message::TrailerOptions& trailer_options,
                                const git::CommitInfo& commit,
                                const std::optional<std::string>& branch,
                                const std::vector<std::string>& path_globs);

// Checks every commit of OPTIONS.walk against POLICY, applying waivers; never throws for a
// violation. Commits in ALREADY_CHECKED (when given) are skipped and each commit checked is
// added to it, so a push of several refs checks each commit once.
// Returns how many commits check_history will visit for OPTIONS under POLICY (the range less
// the baseline's history): one walk that reads no tree, for a progress display's total.
size_t count_commits(const git::Repository& repo,
                     const policy::Policy& policy,
                     const CheckOptions& options);

CheckReport check_history(const git::Repository& repo,
                          const policy::Policy& policy,
                          const workspace::MessageSettings& settings,
                          const CheckOptions& options,
                          std::unordered_set<std::string>* already_checked = nullptr);

// Checks that every [[waivers]] entry of POLICY names a commit of REPO; throws PolicyError
// (file:line:col of each `commit = ...`) for those that do not. In a shallow clone a waived
// commit may lie beyond the boundary, so only ambiguous prefixes are errors there.
void validate_waivers(const git::Repository& repo, const policy::Policy& policy);

// One commit's approval records and what require.approvals still asks of it.
struct ApprovalStanding
{
  git::CommitInfo commit;
  std::vector<const approvals::Entry*> records; // oldest first
  std::vector<rules::Diagnostic> awaiting;      // empty: every rule's approvals are there
};

// The standing of each of COMMITS (full ids) under POLICY's require.approvals, with the
// records of INDEX; BRANCH is the branch branch-scoped rules see (none: unknown).
std::vector<ApprovalStanding> approval_standing(const git::Repository& repo,
                                                const policy::Policy& policy,
                                                const workspace::MessageSettings& settings,
                                                const approvals::Index& index,
                                                const std::vector<std::string>& commits,
                                                const std::optional<std::string>& branch);

// ENTRY as the rules count it (rules::count_role): role, meaning, whether it verified, signer.
rules::SignedApproval signed_approval(const approvals::Entry& entry);

// What the kind of the item of STANDING still asks of its definition (docs/approvals.md), one
// line per role: "needs 1 signed approval by QA, have 0" or "rejected in role QA by NAME (ID)";
// empty when its kind asks for no approvals or all are there. No commit is being judged, so no
// record is set aside as its author's.
std::vector<std::string> item_awaiting(const approvals::ItemStanding& standing);

// The standing of ITEM as the registry at AT (a full id) defines it, from the records of INDEX:
// each record current or superseded (with the fields changed since, read from the registry at
// the record's revision), and what its kind still asks (item_awaiting). For
// `git trail approvals ITEM` and `git trail show ITEM`.
approvals::ItemStanding item_standing_at(const git::Repository& repo,
                                         const policy::Policy& policy,
                                         const approvals::Index& index,
                                         const registry::Item& item,
                                         const std::string& at);

// Returns true when POLICY asks for signed approvals: a rule's require.approvals, or a kind's
// approvals (needs_item_approvals).
bool needs_approvals(const policy::Policy& policy);
// Returns true when a kind of POLICY asks for signed approvals of its items and POLICY names
// registry files.
bool needs_item_approvals(const policy::Policy& policy);

// Returns true when some rule of POLICY looks at changed paths.
bool needs_paths(const policy::Policy& policy);
// Returns the globs of the paths of every rule of POLICY (`when.paths`), each once.
std::vector<std::string> rule_path_globs(const policy::Policy& policy);

} // namespace trail::history
