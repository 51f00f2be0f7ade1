// The evidence queries another part of issue 13 provides: `plan` (plans as controlled items,
// plans/) and `problems` / `problem-trends` (problem resolution, problems/). Until they are
// wired, each returns an unsatisfied finding (fail closed). PENDING (issue 13): the lead
// replaces each function below with a call into plans/ or problems/ at merge.

#include "core/audit/facts.hpp"

namespace trail::audit {

namespace {

Finding not_evaluated(const Query& query, const char* part)
{
  Finding f;
  f.query = query.name;
  f.satisfied = false;
  f.summary = "not evaluated: " + query.name + " comes with " + part + " (issue 13)";
  return f;
}

} // namespace

// PENDING (issue 13, plans/): the plan item of QUERY.plan exists at REV, points at a document
// with QUERY.sections as Markdown headings, is approved, and its last change against the release.
Finding query_plan(const Query& query, const Facts& /*facts*/)
{
  return not_evaluated(query, "plans/");
}

// PENDING (issue 13, problems/): problem reports record QUERY.fields; resolved ones are verified.
Finding query_problems(const Query& query, const Facts& /*facts*/)
{
  return not_evaluated(query, "plans/");
}

// PENDING (issue 13, problems/): trends over the registry's history (9.6).
Finding query_problem_trends(const Query& query, const Facts& /*facts*/)
{
  return not_evaluated(query, "plans/");
}

} // namespace trail::audit
