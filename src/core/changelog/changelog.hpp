#pragma once

#include "core/change/identity.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/release/manifest.hpp"
#include "core/release/soup_diff.hpp"
#include "core/workspace/workspace.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trail::changelog {

// One end of the range.
struct Endpoint
{
  std::string name;   // as given ("v1.2.0"), or "(start of history)"
  std::string commit; // full id; empty for the start of history
  std::string date;   // committer date, ISO 8601
};

// A commit as the changelog shows it.
struct CommitRef
{
  std::string commit;
  std::string subject;
  std::string author;
  std::string date;          // author date, ISO 8601
  std::string safety_impact; // Safety-Impact trailer, or "" (shown as "not stated")
  std::string rationale;     // Safety-Rationale trailer, or ""
  // Why the change was made: the Safety-Rationale trailer, else the text of the change requests
  // it links ("CR-2: Bolus dosing"), else "".
  std::string reason;
  // The [[waivers]] entries that name this commit, in words ("dosing-needs-link: REASON
  // (approved by NAME)"), or "".
  std::string waived;
};

// Changes grouped under one item (a change request, a requirement, a risk control...).
struct Group
{
  std::string id;
  std::string kind;
  std::string url;    // the kind's address for the item ([kinds.NAME] url), or ""
  std::string title;  // from the registry at B, or ""
  std::string status; // at B
  std::string
      relation; // how the commits relate ("implements", "verifies"...; several joined by ", ")
  bool defined = false; // in the registry at B
  // What happened to its registry entry between A and B: "added", "changed", "removed" or "".
  std::string definition;
  // For "changed": each field that differs, "title: Alarm within 1 s -> Alarm within 500 ms".
  std::vector<std::string> changes;
  // Files changed in the range that touch the item (impact/impact.hpp), each with how:
  // "src/dosing/rate.c: implemented by 0123456789ab \"Add the rate\"".
  std::vector<std::string> touched;
  std::vector<CommitRef> commits; // oldest first
};

// A problem report fixed in the range.
struct ProblemFixed
{
  std::string id;
  std::string kind;
  std::string url; // the kind's address for the item, or ""
  std::string title;
  std::string status; // at B
  std::string severity;
  std::string safety_class;                // the item's, else the project's, else "unknown"
  std::vector<std::string> safety_impacts; // distinct Safety-Impact values of its commits
  std::vector<CommitRef> commits;
};

// A SOUP item that differs between A and B.
struct SoupChange
{
  std::string id;
  std::string title;
  std::string change; // "added", "removed", "upgraded", "changed"
  std::string from_version;
  std::string to_version;
  std::vector<std::string> fields; // for "changed": which fields

  // Returns the change in words: "upgraded from 1.2.13 to 1.3.1", "added, version 10.5.1".
  std::string describe() const;
};

// A [[waivers]] entry of the policy at B that names a commit of the range.
struct WaiverUsed
{
  CommitRef change;
  std::string rule;
  std::string reason;
  std::string approved_by;
};

// A commit that a later commit in the range reverts: neither appears among the changes.
struct Cancelled
{
  CommitRef change;
  CommitRef revert;
};

// The changelog between two revisions, for regulators.
// Identity: product, safety_class, tool_version, policy_source, policy_digest
// (change/identity.hpp).
struct Changelog : change::Identity
{
  Endpoint from;
  Endpoint to;
  size_t commits_in_range = 0;    // every commit of A..B
  size_t merges = 0;              // merge commits (shown only through their links)
  size_t cherry_picks_folded = 0; // cherry-picks of a commit already listed
  std::vector<Group> change_requests;
  std::vector<Group> requirements;
  std::vector<ProblemFixed> problems;  // linked with `fixes` only
  std::vector<Group> problems_related; // problem reports linked otherwise (refs, ...)
  std::vector<Group> risk_controls;
  std::vector<Group> other_links; // links to items of other kinds
  std::vector<SoupChange> soup;
  std::vector<CommitRef> soup_declared; // commits with a SOUP-Change trailer
  // The components discovery finds in the trees of A and B (`git trail soup diff A..B`), and
  // the manifest files it could not read at either end (the comparison is then incomplete).
  std::vector<release::SoupDiffEntry> soup_components;
  std::vector<std::string> soup_component_problems;
  std::vector<release::ProblemReport> residual; // open at B
  std::vector<CommitRef> unlinked;              // commits in scope that link to nothing
  std::vector<WaiverUsed> waivers;              // waivers naming commits of the range
  std::vector<Cancelled> reverted;
  std::vector<CommitRef> commits;            // every commit in scope, oldest first
  std::vector<std::string> shallow_boundary; // a shallow clone: history stops at these commits
};

// What to describe: FROM..TO, as `git log FROM..TO` selects commits.
struct ChangelogOptions
{
  std::string from; // empty: from the start of history
  std::string to = "HEAD";
  // The policy at FROM, for discovering its SOUP (its [soup] folders and ignores); null: the
  // policy the changelog is built under.
  const policy::Policy* from_policy = nullptr;
  std::function<void(size_t)> on_progress;
};

// Splits "A..B" into (A, B); "B" alone is (empty, B). Throws UsageError for "A...B".
std::pair<std::string, std::string> split_range(const std::string& range);

// Builds the changelog of OPTIONS.from..OPTIONS.to under POLICY.
Changelog build_changelog(const git::Repository& repo,
                          const policy::Policy& policy,
                          const workspace::MessageSettings& settings,
                          const ChangelogOptions& options);

} // namespace trail::changelog
