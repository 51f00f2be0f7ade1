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
#include "core/registry/registry.hpp"
#include "core/release/manifest.hpp"
#include "core/trace/trace.hpp"

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
};

// Returns the tools of POLICY's [release] environment, then git-trail itself (its version and
// the SHA-256 of its executable).
std::vector<Tool> tools_of(const policy::Policy& policy);

// Runs QUERY over FACTS. Never throws for a missing record: an unsatisfied finding says what
// to add.
Finding run_query(const Query& query, const Facts& facts);

// The queries that come with plans/ and problems/ (issue 13), in queries_pending.cpp.
Finding query_plan(const Query& query, const Facts& facts);
Finding query_problems(const Query& query, const Facts& facts);
Finding query_problem_trends(const Query& query, const Facts& facts);

} // namespace trail::audit
