// IEC 62304's Table A.1 as data (standard/table.hpp): the embedded table, its parser's errors,
// the [standard] override of trail.toml, and the gate's checks held against the clause list.

#include "core/config/diagnostic.hpp"
#include "core/policy/load.hpp"
#include "core/release/gate.hpp"
#include "core/standard/table.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace trail;

namespace {

using Classes = std::vector<std::string>;

Classes classes(std::string_view clause, const std::vector<standard::ClassOverride>& overrides = {})
{
  return standard::classes_for(standard::iec62304(), overrides, clause).value_or(Classes{"none"});
}

std::string table_errors(std::string_view text)
{
  try {
    (void)standard::parse_table(text, "iec62304.toml");
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  FAIL("the table loaded without an error");
  return {};
}

std::string policy_errors(std::string_view text)
{
  try {
    (void)policy::parse_policy(text, "trail.toml");
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  FAIL("the policy loaded without an error");
  return {};
}

} // namespace

TEST_CASE("standard: the embedded Table A.1, with the stricter reading by default")
{
  const auto& table = standard::iec62304();
  CHECK(table.source == "templates/iec62304.toml");
  CHECK(table.rows.size() == 22);
  CHECK(classes("5.7") == Classes{"A", "B", "C"});
  CHECK(classes("5.8.1") == Classes{"A", "B", "C"});
  CHECK(classes("5.8.2") == Classes{"A", "B", "C"});
  // The table reads B and C; the stricter reading (all classes) is the default.
  CHECK(classes("5.8.3") == Classes{"A", "B", "C"});
  CHECK(classes("5.8.6") == Classes{"A", "B", "C"});
  CHECK(table.find("5.8.3")->table_classes == Classes{"B", "C"});
  // 7.3.1 is covered by the 7.1-7.3 row.
  CHECK(classes("7.3.1") == Classes{"B", "C"});
  CHECK(table.find("7.3.1")->clauses == Classes{"7.1", "7.2", "7.3"});
  CHECK(classes("7.4.1") == Classes{"A", "B", "C"});
  CHECK(classes("7.4.2") == Classes{"B", "C"});
  CHECK(classes("5.3.5") == Classes{"C"});
  CHECK(classes("8.1.2") == Classes{"A", "B", "C"});
  CHECK(classes("9") == Classes{"A", "B", "C"});
  CHECK(classes("5.9") == Classes{"none"});
  CHECK(classes("80") == Classes{"none"});
  CHECK(table.knows("5.8"));
  CHECK_FALSE(table.knows("5.9"));
  CHECK(table.find("5.1.4")->confidence == "high");
}

TEST_CASE("standard: covers and clause numbers")
{
  CHECK(standard::covers("5.8", "5.8.3"));
  CHECK(standard::covers("5.8.3", "5.8.3"));
  CHECK_FALSE(standard::covers("5.8", "5.80"));
  CHECK_FALSE(standard::covers("5.8.3", "5.8"));
  CHECK(standard::is_clause("5.8.3"));
  CHECK(standard::is_clause("8"));
  CHECK_FALSE(standard::is_clause("5..8"));
  CHECK_FALSE(standard::is_clause("5.8."));
  CHECK_FALSE(standard::is_clause("A.1"));
  CHECK_FALSE(standard::is_clause(""));
}

TEST_CASE("standard: an override wins over the table, the closest clause first")
{
  const std::vector<standard::ClassOverride> overrides = {{"5.8", {"C"}, {}},
                                                          {"5.8.3", {"B", "C"}, {}}};
  CHECK(classes("5.8.3", overrides) == Classes{"B", "C"});
  CHECK(classes("5.8.1", overrides) == Classes{"C"});
  CHECK(classes("5.7", overrides) == Classes{"A", "B", "C"});
  CHECK_FALSE(standard::applies(standard::iec62304(), overrides, "5.8.1", "A"));
  CHECK(standard::applies(standard::iec62304(), overrides, "5.7", "A"));
  // A clause nobody knows applies: fail closed.
  CHECK(standard::applies(standard::iec62304(), {}, "5.9", "A"));
}

TEST_CASE("standard: every clause a gate check cites is in the table, and check ids are unique")
{
  const auto& table = standard::iec62304();
  std::set<std::string_view> ids;
  for (const auto& check : release::gate_checks()) {
    CAPTURE(check.id);
    CHECK(ids.insert(check.id).second);
    for (const auto clause : check.clauses) {
      CAPTURE(clause);
      CHECK(standard::is_clause(clause));
      CHECK(table.find(clause) != nullptr);
    }
  }
  // The choices the issue names, held here so a wrong reference fails the build.
  const auto cites = [](std::string_view id) {
    std::vector<std::string> out;
    for (const auto clause : release::gate_check(id).clauses) {
      out.emplace_back(clause);
    }
    return out;
  };
  CHECK(cites("verification.requirement") == Classes{"5.7", "5.8.1"});
  CHECK(cites("verification.risk-control") == Classes{"7.3.1"});
  CHECK(cites("anomalies.failing-test") == Classes{"5.8.2"});
  CHECK(cites("anomalies.evaluation") == Classes{"5.8.3"});
  CHECK(cites("soup.identity") == Classes{"8.1.2"});
  CHECK(cites("soup.requirements") == Classes{"5.3.3"});
  CHECK(cites("soup.needs") == Classes{"5.3.4"});
  CHECK(cites("soup.anomalies") == Classes{"7.1.3"});
  // "No commit implements it" is the policy's require_links, not 5.8.6.
  CHECK(cites("implementation").empty());
  CHECK(cites("requirements.draft") == Classes{"5.8.6"});
}

TEST_CASE("standard: a table with bad data is refused at file:line:col")
{
  CHECK(
      table_errors("[[rows]]\nclauses = [\"5.x\"]\ntitle = \"t\"\nclasses = [\"A\"]\n"
                   "confidence = \"high\"\n") ==
      R"(iec62304.toml:2:12: error: '5.x' in rows[0].clauses is not a clause number (digits separated by dots, e.g. 5.8.3)
    2 | clauses = ["5.x"]
      |            ^)");
  CHECK(
      table_errors("[[rows]]\nclauses = [\"5.7\"]\ntitle = \"t\"\nclasses = [\"D\"]\n"
                   "confidence = \"high\"\n") ==
      R"(iec62304.toml:4:12: error: invalid safety class 'D' in rows[0].classes; expected one of A, B, C
    4 | classes = ["D"]
      |            ^)");
  CHECK(table_errors("[[rows]]\nclauses = [\"5.7\"]\ntitle = \"t\"\nclasses = [\"A\"]\n"
                     "confidence = \"high\"\n[[rows]]\nclauses = [\"5.7\"]\ntitle = \"u\"\n"
                     "classes = [\"A\"]\nconfidence = \"sure\"\n") ==
        R"(iec62304.toml:7:12: error: clause 5.7 is in more than one row
    7 | clauses = ["5.7"]
      |            ^
iec62304.toml:10:14: error: unknown confidence 'sure' in rows[1].confidence; expected one of high, medium-high, medium, low
   10 | confidence = "sure"
      |              ^)");
}

TEST_CASE("standard: [standard] in trail.toml changes a clause's classes, validated")
{
  const auto policy = policy::parse_policy("[standard]\n\"5.8.3\" = [\"B\", \"C\"]\n\"5.8\" = "
                                           "[\"A\", \"B\", \"C\"]\n",
                                           "trail.toml");
  REQUIRE(policy.standard.size() == 2);
  CHECK(policy.standard[0].clause == "5.8.3");
  CHECK(policy.standard[0].classes == Classes{"B", "C"});
  CHECK(policy.standard[0].where.line == 2);
  CHECK(policy.standard[1].clause == "5.8");
  CHECK(classes("5.8.3", policy.standard) == Classes{"B", "C"});
  CHECK(
      policy_errors("[standard]\n\"5.9.1\" = [\"B\"]\n") ==
      R"(trail.toml:2:1: error: unknown clause '5.9.1' in standard: IEC 62304's Table A.1 (templates/iec62304.toml) has no such clause
    2 | "5.9.1" = ["B"]
      | ^)");
  CHECK(
      policy_errors("[standard]\nrelease = [\"B\"]\n") ==
      R"(trail.toml:2:1: error: unknown clause 'release' in standard: a clause is digits separated by dots, e.g. "5.8.3"
    2 | release = ["B"]
      | ^)");
  CHECK(
      policy_errors("[standard]\n\"7.3.1\" = [\"B\", \"X\"]\n") ==
      R"(trail.toml:2:17: error: invalid safety class 'X' in standard."7.3.1"; expected one of A, B, C
    2 | "7.3.1" = ["B", "X"]
      |                 ^)");
}

TEST_CASE("standard: draft and deferred states of a kind")
{
  const auto policy = policy::parse_policy(
      "[kinds.requirement]\npattern = 'SRS-\\d+'\nstates = [\"draft\", \"approved\", \"deferred\", "
      "\"retired\"]\n[kinds.risk-control]\npattern = 'RC-\\d+'\nstates = [\"new\", \"later\"]\n"
      "deferred_states = [\"later\"]\ndraft_states = [\"new\"]\n",
      "trail.toml");
  const auto* requirement = policy.find_kind("requirement");
  CHECK(requirement->draft_states == Classes{"draft"});
  CHECK(requirement->deferred_states == Classes{"deferred"});
  CHECK(requirement->is_deferred("deferred"));
  const auto* rc = policy.find_kind("risk-control");
  CHECK(rc->draft_states == Classes{"new"});
  CHECK(rc->deferred_states == Classes{"later"});
  CHECK(
      policy_errors("[kinds.requirement]\npattern = 'SRS-\\d+'\nstates = [\"draft\", "
                    "\"retired\"]\ndeferred_states = [\"later\", \"retired\"]\n") ==
      R"(trail.toml:4:20: error: unknown state 'later' in kinds.requirement.deferred_states; expected one of draft, retired
    4 | deferred_states = ["later", "retired"]
      |                    ^
trail.toml:4:29: error: state 'retired' of kinds.requirement.deferred_states is also one of its closed_states
    4 | deferred_states = ["later", "retired"]
      |                             ^)");
}
