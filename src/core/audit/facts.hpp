#pragma once

// What the audit engine knows about one revision, gathered once (audit.cpp) and read by every
// evidence query (queries.cpp, queries_pending.cpp). Internal to audit/.

#include "core/audit/audit.hpp"
#include "core/audit/checklist.hpp"
#include "core/change/changes.hpp"
#include "core/change/evidence.hpp"
#include "core/change/problems.hpp"
#include "core/classes/report.hpp"
#include "core/history/check.hpp"
#include "core/message/trailers.hpp"
#include "core/plans/plans.hpp"
#include "core/problems/trends.hpp"
#include "core/registry/registry.hpp"
#include "core/release/manifest.hpp"
#include "core/release/soup_vulnerabilities.hpp"
#include "core/release/tools.hpp"
#include "core/soup/pinning.hpp"
#include "core/trace/trace.hpp"

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trail::audit {

// A results report given with --results, or why it could not be read.
struct GivenResults
{
  std::string path;
  std::optional<change::Evidence> evidence; // none: unreadable
  std::string problem;                      // why it could not be read
};

// A commit since the last release, with its trailers.
struct SinceCommit
{
  change::Change change;
  std::vector<message::Trailer> trailers;
  // The signed approval records of the commit (docs/approvals.md), as verification left them;
  // empty when the policy defines no [roles] (none can verify).
  std::vector<rules::SignedApproval> signed_approvals;
};

struct Facts
{
  Facts(const git::Repository& r, const policy::Policy& p) : repo(r), policy(p) {}

  const git::Repository& repo;
  const policy::Policy& policy;
  change::Revision revision;
  std::string rev;          // as given
  std::string safety_class; // audited
  bool default_policy = false;
  // The policy's text parsed once, for the lines its settings are on; none when it cannot be
  // parsed again.
  std::optional<toml::table> policy_root;
  bool shallow = false;

  std::optional<registry::Registry> registry; // none: no registry at REV
  std::string registry_problem;               // why the registry could not be read
  std::optional<trace::TraceReport> trace;    // none: the registry could not be read
  std::vector<GivenResults> results;
  std::optional<classes::ClassReport> classes;
  std::optional<history::CheckReport> history;
  std::string history_problem;

  // The newest release tag at or before REV (tag, commit), and every release tag in REV's
  // history, oldest first.
  std::optional<std::pair<std::string, std::string>> release;
  std::vector<std::pair<std::string, std::string>> releases;
  std::vector<SinceCommit> since;          // commits since the release (all history without one)
  std::vector<std::string> since_boundary; // shallow boundary of that walk
  std::vector<change::ProblemReport> residual;
  std::vector<release::SoupItem> soup;
  // The discovered components pinned to the SOUP records (soup/pinning.hpp); none when the
  // registry could not be read.
  std::optional<soup::Pinning> pinning;
  // The known vulnerabilities of shipped SOUP versions that have no evaluation, from the
  // committed VEX and OSV files (release/soup_vulnerabilities.hpp); or why the SOUP's files
  // (those files, a record's paths) could not be read, in which case neither is known.
  std::vector<release::UnevaluatedVulnerability> unevaluated;
  std::string soup_files_problem;

  std::vector<plans::PlanStatus> plans; // every plan type asked for or named (plans/)
  std::string plans_problem;            // why they could not be read
  // The problem reports' life over REV's whole history (problems/), or why it cannot be read.
  std::optional<problems::Trends> trends;
  std::string trends_problem;
  std::vector<release::ToolRecord> tools; // [[release.tools]] with their digests
  std::string tools_problem;              // why they could not be read
};

// Returns the tools of the audited revision: [release] environment entries, [[release.tools]]
// with versions and digests, then git-trail itself (its version and the SHA-256 of its
// executable).
std::vector<Tool> tools_of(const Facts& facts);

// Runs QUERY over FACTS. Never throws for a missing record: an unsatisfied finding says what
// to add.
Finding run_query(const Query& query, const Facts& facts);

} // namespace trail::audit
