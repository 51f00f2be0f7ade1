#pragma once

#include "core/change/identity.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"
#include "core/results/junit.hpp"
#include "core/workspace/workspace.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trail::trace {

// What to trace: the registry of one revision, and the history whose links count.
struct TraceOptions
{
  std::string at = "HEAD";          // the registry is read from this revision's tree
  std::vector<std::string> range;   // the commits whose links count; default: history of `at`
  std::vector<std::string> results; // JUnit XML reports whose test outcomes to attach
  // Reports already read (a caller that digests them reads each file once and passes what it
  // parsed); attached after those of `results`.
  std::vector<results::Report> reports;
  // Honour [project] baseline: commits reachable from it are read for links but not judged
  // (they link to nothing, or to IDs never defined, without a gap).
  bool use_baseline = true;
  // When set, called with the number of commits read so far, every 256 commits.
  std::function<void(size_t)> on_progress;
};

// One commit's link to an item.
struct CommitLink
{
  std::string commit;
  std::string relation;
  std::string subject;
  std::string author;
  int64_t time = 0;
  bool suspect =
      false; // the commit does not include (by ancestry) a change of the item's definition
  bool baseline = false; // the commit is reachable from [project] baseline: not judged for gaps
};

// A link written in a file at the traced revision.
struct FileRef
{
  std::string path;
  size_t line = 0;
  std::string relation;
  bool suspect = false; // the file has not changed since the item's definition changed
};

// A test that verifies an item, with its outcome from a results report: the only test
// evidence. A `Verifies:` trailer (a CommitLink) is a claim; a file link (a FileRef) links a
// test to the item; neither is evidence.
struct TestRef
{
  std::string name;    // classname::name
  std::string source;  // the report
  std::string outcome; // "passed", "failed", "skipped"
  std::string how;     // "file tests/a.cpp" or "name"
};

// A commit that created or changed an item's definition in the registry.
struct DefinitionChange
{
  std::string commit;
  std::string author;
  int64_t time = 0;
  std::string what; // "created", or "status: draft -> approved; title changed"
};

// One row of the matrix: an item that is defined or referenced.
struct TraceEntry
{
  std::string id;
  std::string kind; // empty when the ID matches no kind
  std::string url;  // the kind's address for the item ([kinds.NAME] url), or ""
  bool defined = false;
  bool external = false;
  std::optional<registry::Item> item;   // the definition, when defined
  std::vector<CommitLink> commits;      // newest first; relation "verifies": a claim
  std::vector<FileRef> files;           // links written in files (tests naming what they verify)
  std::vector<TestRef> tests;           // test evidence: outcomes attached from --results
  std::vector<std::string> linked_from; // defined items whose registry links name this one
  std::vector<std::string> gaps; // "not implemented", "not verified", "not defined", "suspect ..."
  std::string
      changed_in; // the newest change of the definition no other change includes ("" if none)
  std::vector<DefinitionChange> history; // changes of the definition, newest first
};

// A commit in range that links to nothing.
struct UnlinkedCommit
{
  std::string commit;
  std::string subject;
};

// The traceability matrix and its gaps at one revision.
struct TraceReport
{
  std::string revision;      // full id of `at`
  std::string revision_date; // its committer date, ISO 8601 (the date a printed matrix carries)
  change::Identity identity; // the product and the policy it was traced under
  std::string policy_source;
  size_t commits_scanned = 0;
  std::vector<TraceEntry> entries; // by kind (policy order), then ID in natural order
  std::vector<UnlinkedCommit> unlinked;
  std::vector<std::string> shallow_boundary;
  std::string baseline;        // full id of [project] baseline when honoured ("" when none)
  size_t baseline_commits = 0; // commits scanned that the baseline exempts from gaps
  // The results reports whose test outcomes were attached (the test evidence); none: no
  // evidence was given, and a verification link is only a claim or a link.
  std::vector<std::string> results;

  // Returns true when results reports were given (possibly without a test for some item).
  bool evidence_given() const
  {
    return !results.empty();
  }

  // Returns why the report is incomplete ("a shallow clone; commits before X were not read"),
  // or "" when it is complete.
  std::string incomplete() const;

  // Returns the number of gaps over all entries, plus unlinked commits.
  size_t gap_count() const;
};

// Returns the verification claims of ENTRY: the commits whose trailer says it verifies it.
std::vector<const CommitLink*> verification_claims(const TraceEntry& entry);

// Returns the gap of an item whose verification is claimed (trailer) or linked (test file)
// but has no test evidence in the results given: "verification claimed by abc123456789, no test
// evidence"; "" when it has evidence, no claim, or no results were given.
std::string unevidenced_gap(const TraceEntry& entry, bool evidence_given);

// Builds the matrix: the registry at OPTIONS.at, every link in the commits of the range, and
// the gaps (required relations missing, links to undefined IDs, commits with no link).
TraceReport build_trace(const git::Repository& repo,
                        const policy::Policy& policy,
                        const workspace::MessageSettings& settings,
                        const TraceOptions& options);

} // namespace trail::trace
