// Problem report trends (problems/trends.hpp): aggregation of each report's life by severity,
// type, item and month, recurring items, record gaps, and the problem-report keys of the
// registry (type, scope, informed, verification; a kind's types and severities).

#include "core/policy/load.hpp"
#include "core/problems/trends.hpp"
#include "core/registry/registry.hpp"
#include "core/util/strings.hpp"
#include "expect.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trail;

namespace {

problems::Event event(const char* what, const char* date, bool open)
{
  return {what, "c", 0, date, "", open};
}

// PR-1 (major, defect, SRS-1): opened in January, closed in February, reopened in April.
// PR-2 (minor, SRS-1 and SRS-2): before the range (open), closed in January.
// PR-3 (no severity, no links): opened and closed in April.
problems::Trends sample()
{
  problems::Trends t;
  problems::ReportLife a;
  a.id = "PR-1";
  a.severity = "major";
  a.type = "defect";
  a.items = {"SRS-1"};
  a.open = true;
  a.events = {event("opened", "2026-01-10", true),
              event("closed", "2026-02-01", false),
              event("reopened", "2026-04-02", true)};
  problems::ReportLife b;
  b.id = "PR-2";
  b.severity = "minor";
  b.items = {"SRS-1", "SRS-2"};
  b.before_range = true;
  b.open_at_start = true;
  b.events = {event("closed", "2026-01-31", false)};
  problems::ReportLife c;
  c.id = "PR-3";
  c.type = "feedback";
  c.events = {event("opened", "2026-04-30", true), event("closed", "2026-04-30", false)};
  t.reports = {a, b, c};
  return t;
}

std::vector<std::string> rows(const std::vector<problems::Row>& rows)
{
  std::vector<std::string> out;
  for (const auto& r : rows) {
    out.push_back(r.key + " " + std::to_string(r.opened) + " " + std::to_string(r.closed) + " " +
                  std::to_string(r.reopened) + " " + std::to_string(r.open));
  }
  return out;
}

} // namespace

TEST_CASE("problem trends by month: events in their month, every month between, open at its end")
{
  CHECK(rows(problems::aggregate(sample(), problems::By::month)) ==
        std::vector<std::string>{
            "2026-01 1 1 0 1", "2026-02 0 1 0 0", "2026-03 0 0 0 0", "2026-04 1 1 1 1"});
}

TEST_CASE("problem trends by severity, type and item: (none) last, a report under each item")
{
  const auto t = sample();
  CHECK(rows(problems::aggregate(t, problems::By::severity)) ==
        std::vector<std::string>{"major 1 1 1 1", "minor 0 1 0 0", "(none) 1 1 0 0"});
  CHECK(rows(problems::aggregate(t, problems::By::type)) ==
        std::vector<std::string>{"defect 1 1 1 1", "feedback 1 1 0 0", "(none) 0 1 0 0"});
  CHECK(rows(problems::aggregate(t, problems::By::item)) ==
        std::vector<std::string>{"SRS-1 1 2 1 1", "SRS-2 0 1 0 0", "(none) 1 1 0 0"});
  const auto repeated = problems::recurring(t);
  REQUIRE(repeated.size() == 1);
  CHECK(repeated[0].item == "SRS-1");
  CHECK(repeated[0].reports == std::vector<std::string>{"PR-1", "PR-2"});
  CHECK(problems::aggregate(problems::Trends{}, problems::By::month).empty());
  CHECK(problems::by_named("item") == problems::By::item);
  CHECK(!problems::by_named("week"));
}

TEST_CASE("problem-report keys, a kind's types and severities, and record gaps")
{
  const auto policy = policy::parse_policy(R"([kinds.requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
states = ["open", "closed"]
types = ["defect", "feedback"]
severities = ["minor", "major"]
)",
                                           "trail.toml");
  const auto registry = registry::load_registry(
      policy,
      {{"items.toml",
        "[[items]]\nid = \"SRS-1\"\n"
        "[[items]]\nid = \"PR-1\"\nstatus = \"closed\"\ntype = \"defect\"\nscope = \"display\"\n"
        "severity = \"major\"\ninformed = [\"lead\"]\nverification = \"test PR-1\"\n"
        "[[items]]\nid = \"PR-2\"\nstatus = \"closed\"\nseverity = \"minor\"\n"
        "[[items]]\nid = \"PR-3\"\nstatus = \"open\"\ntype = \"feedback\"\n"}});
  const auto* pr1 = registry.find("PR-1");
  REQUIRE(pr1 != nullptr);
  CHECK(pr1->problem.type == "defect");
  CHECK(pr1->problem.scope == "display");
  CHECK(pr1->problem.informed == std::vector<std::string>{"lead"});
  CHECK(pr1->problem.verification == "test PR-1");
  const auto gaps = problems::record_gaps(policy, registry, problems::record_fields());
  REQUIRE(gaps.size() == 2);
  CHECK(gaps[0].id == "PR-2");
  CHECK(gaps[0].missing == std::vector<std::string>{"type", "scope", "informed", "verification"});
  CHECK(gaps[0].where.line == 11);
  CHECK(gaps[1].id == "PR-3"); // open: verification is not asked yet
  CHECK(gaps[1].missing == std::vector<std::string>{"scope", "severity", "informed"});
  CHECK(problems::record_gaps(policy, registry, {"severity"}).size() == 1);
  CHECK(unit::thrown([&] { (void)problems::record_gaps(policy, registry, {"owner"}); }) ==
        unit::Thrown{"UsageError",
                     "unknown problem-report field 'owner'; the fields are type, scope, severity, "
                     "informed, verification",
                     2});

  std::string errors;
  try {
    (void)registry::load_registry(
        policy,
        {{"bad.toml",
          "[[items]]\nid = \"PR-1\"\nstatus = \"open\"\ntype = \"defct\"\nseverity = \"majr\"\n"
          "[[items]]\nid = \"SRS-1\"\ninformed = [\"x\"]\n"}});
  } catch (const Error& e) {
    // The first line of each diagnostic (the others quote the file).
    for (const auto line : util::split_lines(e.what())) {
      if (line.find(": error: ") != std::string_view::npos) {
        errors += std::string(line) + "\n";
      }
    }
  }
  CHECK(errors == "bad.toml:4:8: error: unknown problem type 'defct' in items[0].type; did you "
                  "mean 'defect'?\n"
                  "bad.toml:5:12: error: unknown severity 'majr' in items[0].severity; did you "
                  "mean 'major'?\n"
                  "bad.toml:8:12: error: items[1].informed is a problem-report field, but kind "
                  "'requirement' has role = \"requirement\"\n");
}
