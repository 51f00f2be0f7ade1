#pragma once

#include "core/change/identity.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/release/manifest.hpp"
#include "core/release/soup_diff.hpp"
#include "core/workspace/workspace.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::changelog {

// One end of the range.
struct Endpoint
{
  std::string name;   // as given ("v1.2.0"), or "(start of history)"
  std::string commit; // full id; empty for the start of history
  std::string date;   // committer date, ISO 8601
};

// A commit as the changelog shows it. A changelog may list every commit of a long history, so
// its eight texts are kept one after the other in one string, each read through its accessor.
class CommitRef
{
public:
  CommitRef() = default;
  CommitRef(std::string_view commit,
            std::string_view subject,
            std::string_view author,
            std::string_view date,
            std::string_view safety_impact,
            std::string_view rationale,
            std::string_view reason = {},
            std::string_view waived = {});

  std::string_view commit() const
  {
    return field(0);
  }
  std::string_view subject() const
  {
    return field(1);
  }
  std::string_view author() const
  {
    return field(2);
  }
  // The author date, ISO 8601.
  std::string_view date() const
  {
    return field(3);
  }
  // The Safety-Impact trailer, or "" (shown as "not stated").
  std::string_view safety_impact() const
  {
    return field(4);
  }
  // The Safety-Rationale trailer, or "".
  std::string_view rationale() const
  {
    return field(5);
  }
  // Why the change was made: the Safety-Rationale trailer, else the text of the change requests
  // it links ("CR-2: Bolus dosing"), else "".
  std::string_view reason() const
  {
    return field(6);
  }
  // The [[waivers]] entries that name this commit, in words ("dosing-needs-link: REASON
  // (approved by NAME)"), or "".
  std::string_view waived() const
  {
    return field(7);
  }

  // Set the reason and the waivers (views of the texts read before are invalid after).
  void set_reason(std::string_view reason);
  void set_waived(std::string_view waived);

private:
  static constexpr size_t k_fields = 8;

  std::string_view field(size_t i) const
  {
    const uint32_t begin = i == 0 ? 0 : m_end[i - 1];
    return std::string_view(m_text).substr(begin, m_end[i] - begin);
  }
  void set(size_t i, std::string_view value);

  std::string m_text;                     // the texts, one after the other
  std::array<uint32_t, k_fields> m_end{}; // where each ends in m_text
};

// A commit listed in several places (every commit, the unlinked ones, the commits of each item
// it links) is held once: the lists share it.
using SharedCommit = std::shared_ptr<const CommitRef>;

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
  std::vector<SharedCommit> commits; // oldest first
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
  std::vector<SharedCommit> commits;
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

// A [[waivers]] entry of the policy at B that names a commit of the range. Its commit as it was
// before the waivers and reasons were written into it (its own copy).
struct WaiverUsed
{
  CommitRef change;
  std::string rule;
  std::string reason;
  std::string approved_by;
};

// A commit that a later commit in the range reverts: neither appears among the changes. Both as
// they were before the waivers and reasons were written into them (copies).
struct Cancelled
{
  CommitRef change;
  CommitRef revert;
};

// How a listed change stands with its approvals (docs/changelog.md#approvals). Signed records
// are evidence (a signature verified with a key of the policy's [roles]); approval trailers are
// claims the author wrote, and never make a change approved.
struct ChangeApprovals
{
  enum class Standing
  {
    approved,    // a valid signed approval by a role member other than the author, no rejection
    rejected,    // some member's latest valid record rejects it
    not_approved // no signed record counts
  };

  SharedCommit change;
  Standing standing = Standing::not_approved;
  // "approved in QA by Quinn QA (record 1d9667b0ffcc)", one per member who counts.
  std::vector<std::string> approved;
  // "rejected in QA by Quinn QA (5e0b93a1c7d2)".
  std::vector<std::string> rejected;
  // The records that do not count, and why: "7c41d2e09a3f by the author, Dana Dev",
  // "c03e9d7a4b15 unknown key", "9a0b... reviewed, not approved, by Sam Safety".
  std::vector<std::string> not_counted;
  // The approval trailers, as written: "Reviewed-by: Quinn QA <quinn@example.com>".
  std::vector<std::string> claims;
};

// What the listed changes have of approvals.
struct ApprovalsSummary
{
  // The policy at B defines [roles]: only then can a signed record count.
  bool roles_defined = false;
  // The changes with any signed record or approval trailer, oldest first.
  std::vector<ChangeApprovals> changes;
  // The listed changes with no signed approval that counts (rejected ones included), oldest
  // first; empty when no role is defined (every change is then without one).
  std::vector<SharedCommit> without_signed;
  size_t approved = 0;    // listed changes standing approved
  size_t rejected = 0;    // standing rejected
  size_t claims_only = 0; // not approved nor rejected, with approval trailers
  size_t neither = 0;     // no signed record counts, no approval trailer
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
  std::vector<SharedCommit> soup_declared; // commits with a SOUP-Change trailer
  // The components discovery finds in the trees of A and B (`git trail soup diff A..B`), and
  // the manifest files it could not read at either end (the comparison is then incomplete).
  std::vector<release::SoupDiffEntry> soup_components;
  std::vector<std::string> soup_component_problems;
  std::vector<release::ProblemReport> residual; // open at B
  std::vector<SharedCommit> unlinked;           // commits in scope that link to nothing
  std::vector<WaiverUsed> waivers;              // waivers naming commits of the range
  std::vector<Cancelled> reverted;
  ApprovalsSummary approvals;
  std::vector<SharedCommit> commits;         // every commit in scope, oldest first
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
