// The problems unit (change/problems.hpp): which problem reports a range fixes, and which are
// resolved or residual between two revisions, judged by each kind's closed states.

#include "core/change/problems.hpp"
#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"
#include "core/util/strings.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace trail;

namespace {

const char* const k_policy = R"([project]
safety_class = "B"
[kinds.requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
states = ["open", "investigating", "resolved", "rejected"]
closed_states = ["resolved", "rejected"]
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
Fixes = { relation = "fixes", kinds = ["problem-report", "requirement"] }
Refs = { relation = "refs" }
)";

registry::Registry registry_of(const policy::Policy& policy, const std::string& items)
{
  return registry::load_registry(policy, {{"items.toml", items}});
}

std::string item(const std::string& id, const std::string& status, const std::string& more = "")
{
  return "[[items]]\nid = \"" + id + "\"\ntitle = \"" + id + " title\"\nstatus = \"" + status +
         "\"\n" + more;
}

change::Change commit(const std::string& id,
                      const std::vector<std::pair<std::string, std::string>>& links)
{
  change::Change c;
  c.commit = id;
  for (const auto& [relation, target] : links) {
    const std::string kind = target.rfind("PR-", 0) == 0 ? "problem-report" : "requirement";
    c.links.push_back({relation, kind, target, "", 0});
  }
  return c;
}

std::vector<std::string> ids(const std::vector<change::ProblemReport>& problems)
{
  std::vector<std::string> out;
  for (const auto& p : problems) {
    out.push_back(p.id + ":" + p.status + ":" + std::to_string(p.fixed_by.size()));
  }
  return out;
}

} // namespace

TEST_CASE("fixes_in: fixes links to problem reports only, in natural ID order")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const std::vector<change::Change> changes = {
      commit("c3", {{"fixes", "PR-10"}, {"refs", "PR-2"}}),
      commit("c2", {{"fixes", "PR-2"}, {"fixes", "SRS-1"}}),
      commit("c1", {{"fixes", "PR-10"}}),
  };
  const auto fixed = change::fixes_in(policy, changes);
  REQUIRE(fixed.size() == 2);
  auto at = fixed.begin();
  CHECK(at->first == "PR-2");
  CHECK(at->second == std::vector<std::string>{"c2"});
  ++at;
  CHECK(at->first == "PR-10");
  CHECK(at->second == std::vector<std::string>{"c3", "c1"});
}

TEST_CASE("classify_problems: resolved since the start, residual at the end")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto before = registry_of(policy,
                                  item("PR-1", "open") + item("PR-2", "resolved") +
                                      item("PR-3", "resolved") + item("PR-4", "open"));
  const auto after =
      registry_of(policy,
                  item("PR-1", "resolved") + item("PR-2", "resolved") + item("PR-3", "rejected") +
                      item("PR-4", "investigating", "evaluation = \"low risk\"\n") +
                      item("PR-5", "rejected") + item("SRS-1", "open"));
  change::Fixes fixed(trail::util::natural_less);
  fixed["PR-3"] = {"c1"};  // closed before, still closed, but fixed again: resolved
  fixed["PR-4"] = {"c2"};  // fixed but still open: residual, with its fix noted
  fixed["PR-9"] = {"c3"};  // defined nowhere: resolved, "not defined"
  fixed["SRS-1"] = {"c4"}; // defined, but not a problem report: neither
  const auto problems = change::classify_problems(policy, before, after, fixed);
  // PR-2 was already resolved at the start and nothing fixed it in the range.
  CHECK(ids(problems.resolved) ==
        std::vector<std::string>{
            "PR-1:resolved:0", "PR-3:rejected:1", "PR-5:rejected:0", "PR-9:not defined:1"});
  CHECK(ids(problems.residual) == std::vector<std::string>{"PR-4:investigating:1"});
  CHECK(problems.residual[0].evaluation == "low risk");
  CHECK(problems.residual[0].title == "PR-4 title");
  CHECK(problems.residual[0].safety_class == "B"); // the project's, the item has none
  CHECK(problems.resolved[3].safety_class == "B");
  CHECK(problems.resolved[3].title.empty());
}

TEST_CASE("classify_problems: a first release counts every closed problem report as resolved")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto after = registry_of(policy,
                                 item("PR-10", "open", "class = \"C\"\n") +
                                     item("PR-2", "resolved") + item("PR-1", "open"));
  const auto problems = change::classify_problems(
      policy, std::nullopt, after, change::Fixes(trail::util::natural_less));
  CHECK(ids(problems.resolved) == std::vector<std::string>{"PR-2:resolved:0"});
  CHECK(ids(problems.residual) == std::vector<std::string>{"PR-1:open:0", "PR-10:open:0"});
  CHECK(problems.residual[1].safety_class == "C");
}

TEST_CASE("classify_problems: no registry at the end leaves only what the range fixed")
{
  auto policy = policy::parse_policy(k_policy, "trail.toml");
  policy.project.safety_class.clear();
  change::Fixes fixed(trail::util::natural_less);
  fixed["PR-1"] = {"c1"};
  const auto problems = change::classify_problems(policy, std::nullopt, std::nullopt, fixed);
  CHECK(ids(problems.resolved) == std::vector<std::string>{"PR-1:not defined:1"});
  CHECK(problems.resolved[0].safety_class == "unknown");
  CHECK(problems.residual.empty());
}
