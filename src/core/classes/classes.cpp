#include "core/classes/classes.hpp"

#include <algorithm>
#include <map>

namespace trail::classes {

int rank(std::string_view safety_class)
{
  if (safety_class == "A") {
    return 0;
  }
  if (safety_class == "B") {
    return 1;
  }
  if (safety_class == "C") {
    return 2;
  }
  return -1;
}

std::string stricter(const std::string& a, const std::string& b)
{
  return rank(b) > rank(a) ? b : a;
}

SystemClass system_class(const policy::Policy& policy)
{
  const bool declared = rank(policy.project.safety_class) >= 0;
  return {declared ? policy.project.safety_class : std::string("C"), declared};
}

Claim claim_of(const registry::Item& item)
{
  return {item.safety_class,
          item.class_rationale,
          item.segregation,
          registry::has_role(item, policy::KindRole::soup)};
}

Claim claim_of(const policy::ConfigurationItem& item)
{
  return {item.safety_class, item.class_rationale, item.segregation, true};
}

Decision decide(const Claim& claim, const std::string& system_class)
{
  Decision d;
  d.declared = claim.declared;
  d.below = rank(claim.declared) >= 0 && rank(claim.declared) < rank(system_class);
  if (d.below) {
    if (claim.rationale.empty()) {
      d.missing.emplace_back("class_rationale");
    }
    // Segregation (5.3.5) is a class C activity: asked of software items of a class C system.
    if (claim.software_item && system_class == "C" && claim.segregation.empty()) {
      d.missing.emplace_back("segregation");
    }
  }
  d.applied = effective_class(claim.declared, d.missing.empty(), system_class);
  return d;
}

std::string effective_class(const std::string& item_class,
                            bool rationale_present,
                            const std::string& system_class)
{
  if (rank(item_class) < 0) {
    return system_class;
  }
  if (rank(item_class) >= rank(system_class) || rationale_present) {
    return item_class;
  }
  return system_class;
}

std::string applied_class(const registry::Item& item, const std::string& system_class)
{
  return decide(claim_of(item), system_class).applied;
}

std::string clauses_for(const Decision& decision)
{
  std::vector<std::string> clauses;
  for (const auto& field : decision.missing) {
    clauses.push_back(field == "segregation" ? "5.3.5" : "4.3");
  }
  if (clauses.empty()) {
    return {};
  }
  std::string out = "IEC 62304 " + clauses.front();
  for (size_t i = 1; i < clauses.size(); ++i) {
    out += ", " + clauses[i];
  }
  return out;
}

std::string missing_text(const Decision& decision)
{
  std::string out;
  for (size_t i = 0; i < decision.missing.size(); ++i) {
    out += (i == 0 ? "" : " and ") + decision.missing[i];
  }
  return out;
}

std::vector<std::vector<Overlap>> overlaps(const std::vector<ItemFiles>& items)
{
  // Each path, with the items that hold it, in item order.
  std::map<std::string, std::vector<size_t>> holders;
  for (size_t i = 0; i < items.size(); ++i) {
    for (const auto& file : items[i].files) {
      auto& list = holders[file];
      if (list.empty() || list.back() != i) {
        list.push_back(i);
      }
    }
  }
  std::vector<std::vector<Overlap>> out(items.size());
  for (const auto& [path, list] : holders) {
    for (const size_t i : list) {
      for (const size_t j : list) {
        if (i != j) {
          out[i].push_back({path, items[j].name, items[j].safety_class});
        }
      }
    }
  }
  return out;
}

} // namespace trail::classes
