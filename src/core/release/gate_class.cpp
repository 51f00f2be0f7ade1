#include "core/release/gate_class.hpp"

#include "core/classes/classes.hpp"
#include "core/workspace/workspace.hpp"

namespace trail::release {

namespace {

std::string hint_for(const classes::Decision& d, const std::string& system, const std::string& in)
{
  std::string add;
  for (const auto& field : d.missing) {
    add += (add.empty() ? "" : " and ") +
           (field == "segregation"
                ? "segregation = \"what separates it from the class " + system + " items\""
                : "class_rationale = \"why a failure of it cannot cause the harm of class " +
                      system + "\"");
  }
  return "add " + add + " to " + in + ", or remove its class";
}

std::string message_for(const std::string& what,
                        const config::Location& where,
                        const classes::Decision& d,
                        const std::string& system)
{
  return what + ", " + where.file + ":" + std::to_string(where.line) + ": class " + d.declared +
         " is below the system class " + system + " and has no " + classes::missing_text(d) +
         ", so class " + system + " applies";
}

// The failure for D: check "class", id "class.rationale", the clauses of what is missing (4.3
// for the rationale, 5.3.5 for segregation); the gate's report prints them.
GateFailure failure_for(std::string message, std::string hint, const classes::Decision& d)
{
  GateFailure f{"class", std::move(message), std::move(hint), "class.rationale", {}};
  for (const auto& field : d.missing) {
    f.clauses.push_back(field == "segregation" ? "5.3.5" : "4.3");
  }
  return f;
}

} // namespace

std::vector<GateFailure> check_classes(const policy::Policy& policy,
                                       const std::optional<registry::Registry>& registry)
{
  std::vector<GateFailure> out;
  const std::string system = classes::system_class(policy).safety_class;
  for (const auto& item : policy.configuration_items) {
    const auto d = classes::decide(classes::claim_of(item), system);
    if (!d.justified()) {
      out.push_back(
          failure_for(message_for("configuration item '" + item.name + "'", item.where, d, system),
                      hint_for(d, system, "its [[configuration_items]] entry"),
                      d));
    }
  }
  if (registry) {
    for (const auto& item : registry->items) {
      const auto d = classes::decide(classes::claim_of(item), system);
      if (!d.justified()) {
        out.push_back(
            failure_for(message_for(item.id + (item.title.empty() ? "" : " (" + item.title + ")"),
                                    item.where,
                                    d,
                                    system),
                        hint_for(d, system, "its registry entry"),
                        d));
      }
    }
  }
  return out;
}

std::vector<GateFailure>
check_classes(const git::Repository& repo, const policy::Policy& policy, const Manifest& manifest)
{
  return check_classes(policy, workspace::registry_at(repo, policy, manifest.commit));
}

} // namespace trail::release
