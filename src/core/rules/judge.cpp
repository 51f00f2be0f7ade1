#include "core/rules/judge.hpp"

#include "core/policy/vocabulary.hpp"

namespace trail::rules {

bool merge_skipped(const policy::Policy& policy, bool merge)
{
  return merge && policy.history.merges == policy::MergePolicy::skip;
}

std::vector<Diagnostic>
judge_commit(const policy::Policy& policy, CommitFacts& facts, const RegistrySource& registries)
{
  if (merge_skipped(policy, facts.merge)) {
    return {};
  }
  std::vector<Diagnostic> unreadable;
  facts.registry = nullptr;
  facts.parent_registry = nullptr;
  if (!policy.registry.files.empty() && !facts.links.links.empty() && registries.commit) {
    const RegistryRead read = registries.commit();
    facts.registry = read.registry;
    if (!read.problem.empty()) {
      unreadable.push_back({std::string(policy::k_rule_registry),
                            facts.id,
                            "the registry cannot be read at this commit:\n" + read.problem,
                            "fix the registry files in this commit",
                            0});
    } else if (read.registry && registries.parent) {
      facts.parent_registry = registries.parent().registry;
    }
  }
  auto diagnostics = evaluate(policy, facts);
  diagnostics.insert(diagnostics.begin(), unreadable.begin(), unreadable.end());
  return diagnostics;
}

} // namespace trail::rules
