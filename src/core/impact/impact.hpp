#pragma once

// Change impact (IEC 62304 7.4.1): which requirements and risk controls the files changed in a
// range touch, how they are tested and what the latest results say, and which changes of the
// range state no safety rationale.

#include "core/change/changes.hpp"
#include "core/change/evidence.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/workspace/workspace.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trail::impact {

// One end of the range.
struct Endpoint
{
  std::string name;   // as given ("v1.1.0"), or "(start of history)"
  std::string commit; // full id; empty for the start of history
  std::string tree;   // the commit's tree; empty for the start of history
};

// Why a changed file touches an item: a commit that implements the item changed the file, the
// file (at B) holds a link to the item, or the file is the registry file whose entry for the
// item changed between A and B.
struct Touch
{
  std::string commit;     // the implementing commit, or ""
  std::string subject;    // its subject
  size_t line = 0;        // the file link's line (1-based), or 0
  std::string relation;   // the file link's relation, or ""
  std::string definition; // the entry: "added", "removed" or the fields changed ("title"), or ""
};

// Returns how T touches its item, in words: "implemented by 0123456789ab \"Subject\"", "linked
// in the file, line 3 (verifies)", "registry entry changed (title)".
std::string describe(const Touch& t);

// An item a changed file touches, and how.
struct FileItem
{
  std::string id;
  // Definition changes, then implementing commits (git log order), then file links (line order).
  std::vector<Touch> via;
};

// A file changed in the range.
struct ChangedFile
{
  std::string path;
  std::vector<std::string> changed_by; // commits of the range that change it, git log order
  std::vector<FileItem> items;         // natural ID order
};

// A test of an item: a file that links to it with `verifies`, or a test whose name carries its
// ID; with its latest outcome in the reports given.
struct Test
{
  std::string name; // "tests/rate_test.c:1" (a file link) or "class::name" (named in a report)
  std::string how;  // "file link" or "name"
  // The latest outcome: from the last report given that runs the test ("failed" when any of its
  // cases there failed, else "passed" when any passed, else "skipped"); "" when no report runs it.
  std::string outcome;
  std::string report; // the report the outcome comes from
  bool bound = false; // that report is bound to B's tree
};

// A requirement or risk control that a changed file touches.
struct Item
{
  std::string id;
  std::string kind;
  policy::KindRole role = policy::KindRole::other; // requirement or risk_control
  std::string title;                               // at B, or ""
  bool defined = false;                            // in the registry at B
  std::vector<std::string> files;                  // changed files that touch it, path order
  std::vector<Test> tests;

  // Returns true when a test of the item passed in a report bound to B's tree and none failed
  // in its latest outcome.
  bool reverified() const;
};

// A change of the range that states no safety rationale (neither a Safety-Impact nor a
// Safety-Rationale trailer, policy/vocabulary.hpp).
struct Unstated
{
  std::string commit;
  std::string subject;
};

// The change impact of a range.
struct Impact
{
  Endpoint from;
  Endpoint to;
  size_t commits = 0;                    // commits in the range (merges included)
  std::vector<ChangedFile> files;        // path order
  std::vector<Item> items;               // requirements, then risk controls; natural ID order
  std::vector<change::Evidence> reports; // the reports given, in order
  bool results_given = false;
  std::vector<Unstated> unstated; // git log order; merges are not changes of their own
  // A shallow clone: history stops at these commits, so implementing commits, or changes of
  // the range, may be missing.
  std::vector<std::string> shallow_boundary;
  // Commits whose changed paths could not be read (their parent is missing).
  std::vector<std::string> paths_unknown;

  // Returns true when all history needed was read.
  bool complete() const
  {
    return shallow_boundary.empty() && paths_unknown.empty();
  }
  // Returns the IDs of the items with ROLE, natural order.
  std::vector<std::string> ids(policy::KindRole role) const;
};

// What to analyse: FROM..TO as `git log FROM..TO` selects commits, and the results to read.
struct ImpactOptions
{
  std::string from; // empty: from the start of history
  std::string to = "HEAD";
  std::vector<std::string> results; // JUnit reports, in the order given
  // False: leave out what grows with the range and only reports need, each file's changed_by
  // and the unstated changes (the changelog shows neither).
  bool list_commits = true;
  // The roles of the items to find: requirements and risk controls when empty. The changelog
  // shows only the risk controls a range touches, and asks for those.
  std::vector<policy::KindRole> roles;
  // Called with each change of the range as the walk of the range reads it (git log order), so
  // that a caller that needs the range's changes too (the changelog) need not walk it again.
  std::function<void(change::Change&&)> on_change;
};

// Splits "A..B" into (A, B); "B" alone is (empty, B); an end left out is HEAD. Throws
// UsageError for "A...B" and for an empty range.
std::pair<std::string, std::string> split_range(const std::string& range);

// Analyses OPTIONS.from..OPTIONS.to under POLICY: the files the range changes (each commit
// against its first parent), the requirements and risk controls each touches (an `implements`
// link from any commit of TO's history that changed the file, or a link written in the file at
// TO), their tests (files linking them with `verifies` at TO, and tests whose names carry their
// IDs) with the latest outcome in OPTIONS.results, and the changes that state no safety
// rationale. Throws UsageError for a revision or a report that cannot be read.
Impact analyse(const git::Repository& repo,
               const policy::Policy& policy,
               const workspace::MessageSettings& settings,
               const ImpactOptions& options);

// Returns the risk controls touched in FROM..TO (FROM empty: the whole history of TO), natural
// ID order, and whether that answer is complete (false in a shallow clone that lacks history).
struct Touched
{
  std::vector<std::string> ids;
  bool complete = true;
};
Touched risk_controls_touched(const git::Repository& repo,
                              const policy::Policy& policy,
                              const workspace::MessageSettings& settings,
                              const std::string& from,
                              const std::string& to);

} // namespace trail::impact
