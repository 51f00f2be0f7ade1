#include "core/classes/report.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace trail::classes {

namespace {

using nlohmann::ordered_json;

std::string at_text(const config::Location& where)
{
  return where.file.empty() ? std::string() : where.file + ":" + std::to_string(where.line);
}

// "class A, below the system class C", "class C", "no class of its own".
std::string class_text(const Decision& d, const std::string& system)
{
  if (d.declared.empty()) {
    return "no class of its own: class " + d.applied + " applies";
  }
  return "class " + d.declared + (d.below ? ", below the system class " + system : "");
}

// The lines under an entry: rationale, segregation, what is missing.
std::string details(const Decision& d,
                    const std::string& rationale,
                    const std::string& segregation,
                    const std::string& system)
{
  std::string out;
  if (!rationale.empty()) {
    out += "    rationale: " + util::sanitize_utf8(rationale) + "\n";
  }
  if (!segregation.empty()) {
    out += "    segregation: " + util::sanitize_utf8(segregation) + "\n";
  }
  if (!d.justified()) {
    out += "    MISSING " + missing_text(d) + ": system class " + system + " applies (" +
           clauses_for(d) + ")\n";
  }
  return out;
}

ordered_json text_or_null(const std::string& s)
{
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

ordered_json decision_json(ordered_json out,
                           const Decision& d,
                           const std::string& rationale,
                           const std::string& segregation,
                           const config::Location& where)
{
  out["declared_class"] = text_or_null(d.declared);
  out["applied_class"] = d.applied;
  out["below_system_class"] = d.below;
  out["class_rationale"] = text_or_null(rationale);
  out["segregation"] = text_or_null(segregation);
  out["missing"] = d.missing;
  out["justified"] = d.justified();
  out["defined_at"] = at_text(where);
  return out;
}

} // namespace

size_t ClassReport::unjustified() const
{
  const auto count = [](const auto& list) {
    return static_cast<size_t>(std::count_if(
        list.begin(), list.end(), [](const auto& e) { return !e.decision.justified(); }));
  };
  return count(configuration_items) + count(items);
}

std::vector<ItemFiles> configuration_item_files(const git::Repository& repo,
                                                const policy::Policy& policy,
                                                const std::string& commit)
{
  const std::string system = system_class(policy).safety_class;
  std::vector<ItemFiles> out;
  for (const auto& item : policy.configuration_items) {
    ItemFiles files{item.name, decide(claim_of(item), system).applied, {}};
    for (const auto& entry : repo.tree_entries(commit, item.paths)) {
      files.files.push_back(entry.path);
    }
    out.push_back(std::move(files));
  }
  return out;
}

ClassReport class_report(const git::Repository& repo,
                         const policy::Policy& policy,
                         const std::optional<registry::Registry>& registry,
                         const std::string& commit)
{
  ClassReport report;
  report.commit = commit;
  report.system = system_class(policy);
  const auto shared = overlaps(configuration_item_files(repo, policy, commit));
  for (size_t i = 0; i < policy.configuration_items.size(); ++i) {
    const auto& item = policy.configuration_items[i];
    report.configuration_items.push_back({item.name,
                                          decide(claim_of(item), report.system.safety_class),
                                          item.class_rationale,
                                          item.segregation,
                                          shared[i],
                                          item.where});
  }
  if (registry) {
    for (const auto& item : registry->items) {
      if (item.safety_class.empty()) {
        continue;
      }
      report.items.push_back({item.id,
                              item.kind,
                              decide(claim_of(item), report.system.safety_class),
                              item.class_rationale,
                              item.segregation,
                              item.where});
    }
  }
  return report;
}

std::string report_text(const ClassReport& r)
{
  const std::string& system = r.system.safety_class;
  std::string out = "class decisions at " + r.commit.substr(0, 12) + "\n";
  out += r.system.declared ? "system class: " + system + " ([project] safety_class)\n"
                           : "system class: undeclared: C applied ([project] safety_class is not "
                             "set)\n";
  out += "configuration items (" + std::to_string(r.configuration_items.size()) + "):\n";
  for (const auto& item : r.configuration_items) {
    out += "  " + util::sanitize_utf8(item.name) + ": " + class_text(item.decision, system) + "\n";
    out += details(item.decision, item.rationale, item.segregation, system);
    for (const auto& o : item.overlaps) {
      out += "    shares " + util::sanitize_utf8(o.path) + " with " + util::sanitize_utf8(o.item) +
             " (class " + o.safety_class + "): class " +
             stricter(item.decision.applied, o.safety_class) + " applies to it\n";
    }
  }
  out += "registry items with a class of their own (" + std::to_string(r.items.size()) + "):\n";
  for (const auto& item : r.items) {
    out += "  " + item.id + (item.kind.empty() ? "" : " (" + item.kind + ")") + ": " +
           class_text(item.decision, system) + "\n";
    out += details(item.decision, item.rationale, item.segregation, system);
  }
  const size_t unjustified = r.unjustified();
  out += unjustified == 0 ? "every class decision is justified\n"
                          : std::to_string(unjustified) + " class decision(s) not justified\n";
  return out;
}

std::string report_json(const ClassReport& r)
{
  ordered_json out;
  out["commit"] = r.commit;
  out["system"] = {{"class", r.system.safety_class}, {"declared", r.system.declared}};
  ordered_json items = ordered_json::array();
  for (const auto& item : r.configuration_items) {
    ordered_json entry = decision_json(
        {{"name", item.name}}, item.decision, item.rationale, item.segregation, item.where);
    ordered_json shared = ordered_json::array();
    for (const auto& o : item.overlaps) {
      shared.push_back({{"path", o.path},
                        {"item", o.item},
                        {"class", o.safety_class},
                        {"applies", stricter(item.decision.applied, o.safety_class)}});
    }
    entry["overlaps"] = std::move(shared);
    items.push_back(std::move(entry));
  }
  out["configuration_items"] = std::move(items);
  ordered_json registry_items = ordered_json::array();
  for (const auto& item : r.items) {
    registry_items.push_back(decision_json({{"id", item.id}, {"kind", item.kind}},
                                           item.decision,
                                           item.rationale,
                                           item.segregation,
                                           item.where));
  }
  out["items"] = std::move(registry_items);
  out["unjustified"] = r.unjustified();
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace trail::classes
