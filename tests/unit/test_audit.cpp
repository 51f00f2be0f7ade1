// The audit's checklist mapping (audit/checklist.hpp): the built-in checklist is the seed's
// table, every error of a tailored mapping at file:line:col; and the verdict of a line.

#include "core/audit/audit.hpp"
#include "core/audit/checklist.hpp"
#include "core/config/diagnostic.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace trail;

namespace {

std::string errors(std::string_view text)
{
  try {
    (void)audit::parse_checklist(text, "audit.toml");
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  FAIL("the checklist loaded without an error");
  return {};
}

audit::Finding finding(bool satisfied)
{
  return audit::Finding{"results", satisfied, false, "summary", {}};
}

} // namespace

TEST_CASE("audit: the built-in checklist is the seed's 91 activities in 14 areas")
{
  const auto checklist = audit::builtin_checklist();
  CHECK(checklist.source == "<built-in checklist>");
  CHECK(checklist.digest.size() == 64);
  REQUIRE(checklist.lines.size() == 91);
  std::vector<std::string> areas;
  for (const auto& line : checklist.lines) {
    if (areas.empty() || areas.back() != line.area) {
      areas.push_back(line.area);
    }
    CHECK_FALSE(line.clauses.empty());
    CHECK_FALSE(line.queries.empty());
  }
  CHECK(areas == std::vector<std::string>{"Software Development Planning",
                                          "Software Requirements Analysis",
                                          "Software Architectural Design",
                                          "Software Detailed Design",
                                          "Software Unit Implementation & Testing",
                                          "Software Integration & Integration Testing",
                                          "Software System Testing",
                                          "Software Release Activities",
                                          "Software Maintenance",
                                          "Problem and Modification Analysis",
                                          "Modification Implementation",
                                          "Software Risk Management",
                                          "Software Configuration Management",
                                          "Software Problem Resolution"});
  CHECK(checklist.lines.front().activity == "Software development plan");
  CHECK(checklist.lines.front().clauses == std::vector<std::string>{"5.1.1"});
  CHECK(checklist.lines[12].activity == "Evaluate software tools and environment");
  CHECK(checklist.lines[12].clauses == std::vector<std::string>{"5.1.4"});
  CHECK(checklist.lines.back().activity ==
        "Ensure test documentation includes problem resolutions");
}

TEST_CASE("audit: a mapping's errors are reported at file:line:col")
{
  SUBCASE("unknown key with a did-you-mean")
  {
    CHECK(errors("[[lines]]\narea = \"A\"\nactivty = \"B\"\nactivity = \"B\"\nclauses = "
                 "[\"5.1.1\"]\nevidence = [{ query = \"build\" }]\n") ==
          R"(audit.toml:3:1: error: unknown key 'activty' in lines[0]; did you mean 'activity'?
    3 | activty = "B"
      | ^)");
  }
  SUBCASE("unknown query")
  {
    CHECK(
        errors("[[lines]]\narea = \"A\"\nactivity = \"B\"\nclauses = [\"5.1.1\"]\n"
               "evidence = [{ query = \"buld\" }]\n") ==
        R"(audit.toml:5:23: error: unknown query 'buld' in lines[0].evidence[0].query; did you mean 'build'?
    5 | evidence = [{ query = "buld" }]
      |                       ^)");
  }
  SUBCASE("wrong and missing parameters")
  {
    CHECK(errors("[[lines]]\narea = \"A\"\nactivity = \"B\"\nclauses = [\"5.1.1\"]\n"
                 "evidence = [{ query = \"items\", rol = \"requirement\" }, "
                 "{ query = \"plan\", plan = \"developmnt\" }, "
                 "{ query = \"release\", signed = \"yes\" }]\n") ==
          R"(audit.toml:5:32: error: unknown key 'rol' in lines[0].evidence[0]; did you mean 'role'?
    5 | evidence = [{ query = "items", rol = "requirement" }, { query = "plan", plan = "developmnt" }, { query = "release", signed = "yes" }]
      |                                ^
audit.toml:5:80: error: unknown plan 'developmnt' in lines[0].evidence[1].plan; did you mean 'development'?
    5 | evidence = [{ query = "items", rol = "requirement" }, { query = "plan", plan = "developmnt" }, { query = "release", signed = "yes" }]
      |                                                                                ^
audit.toml:5:126: error: wrong type for lines[0].evidence[2].signed: expected a boolean, found a string
    5 | evidence = [{ query = "items", rol = "requirement" }, { query = "plan", plan = "developmnt" }, { query = "release", signed = "yes" }]
      |                                                                                                                              ^)");
  }
  SUBCASE("a clause that is not a clause, and one Table A.1 does not know")
  {
    CHECK(
        errors("[[lines]]\narea = \"A\"\nactivity = \"B\"\nclauses = [\"5.x\", \"10.1\"]\n"
               "evidence = [{ query = \"build\" }]\n") ==
        R"(audit.toml:4:12: error: '5.x' in lines[0].clauses is not a clause number (digits separated by dots, e.g. 5.8.3)
    4 | clauses = ["5.x", "10.1"]
      |            ^
audit.toml:4:19: error: unknown clause '10.1' in lines[0].clauses: IEC 62304's Table A.1 (templates/iec62304.toml) has no such clause
    4 | clauses = ["5.x", "10.1"]
      |                   ^)");
  }
  SUBCASE("no lines, no evidence")
  {
    CHECK(errors("# nothing\n") == "audit.toml:1:1: error: the checklist has no [[lines]]\n"
                                   "    1 | # nothing\n      | ^");
    CHECK(errors("[[lines]]\narea = \"A\"\nactivity = \"B\"\nclauses = [\"5.1.1\"]\n") ==
          R"(audit.toml:1:1: error: missing required key 'evidence' in lines[0]
    1 | [[lines]]
      | ^)");
  }
}

TEST_CASE("audit: a line's verdict combines its findings")
{
  using audit::Verdict;
  CHECK(audit::line_verdict({finding(true), finding(true)}) == Verdict::evidence);
  CHECK(audit::line_verdict({finding(true), finding(false)}) == Verdict::partial);
  CHECK(audit::line_verdict({finding(false), finding(false)}) == Verdict::gap);
  CHECK(audit::line_verdict({}) == Verdict::gap);
  CHECK(audit::verdict_name(Verdict::not_applicable) == "not applicable");
}
