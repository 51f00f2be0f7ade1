#include "core/change/problems.hpp"

#include "core/util/strings.hpp"

#include <algorithm>
#include <set>

namespace trail::change {

namespace {

bool is_problem_kind(const policy::Policy& policy, const std::string& kind)
{
  const auto* k = policy.find_kind(kind);
  return k && k->role == policy::KindRole::problem_report;
}

ProblemReport problem_from(const registry::Item& item, const policy::Policy& policy)
{
  ProblemReport p;
  p.id = item.id;
  p.title = item.title;
  p.status = item.status;
  p.severity = item.severity;
  p.safety_class = !item.safety_class.empty()             ? item.safety_class
                   : !policy.project.safety_class.empty() ? policy.project.safety_class
                                                          : k_unknown;
  p.evaluation = item.evaluation;
  p.verification = item.problem.verification;
  return p;
}

// The problem reports of REGISTRY, in natural ID order.
std::vector<const registry::Item*> problems_of(const registry::Registry& registry)
{
  std::vector<const registry::Item*> problems;
  for (const auto& item : registry.items) {
    if (registry::has_role(item, policy::KindRole::problem_report)) {
      problems.push_back(&item);
    }
  }
  std::sort(problems.begin(), problems.end(), [](const auto* a, const auto* b) {
    return util::natural_less(a->id, b->id);
  });
  return problems;
}

} // namespace

void add_fixes(const policy::Policy& policy,
               const std::string& commit,
               const std::vector<links::Link>& links,
               Fixes& fixed)
{
  for (const auto& link : links) {
    if (link.relation == "fixes" && is_problem_kind(policy, link.kind)) {
      fixed[link.id].push_back(commit);
    }
  }
}

void add_fixes(const policy::Policy& policy, const Change& change, Fixes& fixed)
{
  add_fixes(policy, change.commit, change.links, fixed);
}

Fixes fixes_in(const policy::Policy& policy, const std::vector<Change>& changes)
{
  Fixes fixed(util::natural_less);
  for (const auto& c : changes) {
    add_fixes(policy, c, fixed);
  }
  return fixed;
}

Problems classify_problems(const policy::Policy& policy,
                           const std::optional<registry::Registry>& before,
                           const std::optional<registry::Registry>& after,
                           const Fixes& fixed)
{
  Problems out;
  std::set<std::string> resolved_ids;
  for (const auto* item : after ? problems_of(*after) : std::vector<const registry::Item*>{}) {
    const auto* kind = item->kind_spec;
    const auto at = fixed.find(item->id);
    ProblemReport p = problem_from(*item, policy);
    if (at != fixed.end()) {
      p.fixed_by = at->second;
    }
    if (!kind->is_closed(item->status)) {
      out.residual.push_back(std::move(p));
      continue;
    }
    const registry::Item* old = before ? before->find(item->id) : nullptr;
    const bool was_open = old == nullptr || !kind->is_closed(old->status);
    if (was_open || at != fixed.end()) {
      out.resolved.push_back(std::move(p));
      resolved_ids.insert(item->id);
    }
  }
  // Fixed by a commit but defined nowhere at the end (an item of another kind is neither).
  for (const auto& [id, commits] : fixed) {
    if (resolved_ids.count(id) != 0 || (after && after->find(id) != nullptr)) {
      continue;
    }
    ProblemReport p;
    p.id = id;
    p.status = "not defined";
    p.safety_class =
        policy.project.safety_class.empty() ? std::string(k_unknown) : policy.project.safety_class;
    p.fixed_by = commits;
    out.resolved.push_back(std::move(p));
  }
  return out;
}

} // namespace trail::change
