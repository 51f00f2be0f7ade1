// verifies: GT-25
// Change impact (impact::analyse): which requirements and risk controls the files changed in a
// range touch, their tests and latest results, and the changes that state no safety rationale.

#include "core/impact/impact.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"
#include "expect.hpp"
#include "impact_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace trail;
using namespace trail::unit;

namespace {

impact::Impact analyse(const ImpactFixture& f,
                       const std::string& from,
                       const std::vector<std::string>& results = {})
{
  impact::ImpactOptions options;
  options.from = from;
  options.to = "HEAD";
  options.results = results;
  const auto repo = f.open();
  return impact::analyse(repo, f.policy, workspace::MessageSettings{}, options);
}

} // namespace

TEST_CASE("a changed file that a commit implementing a risk control touched names that control")
{
  ImpactFixture f;
  f.repo.write("src/rate.c", "int rate = 2;\n");
  f.repo.write("README", "pump\n");
  const auto change = f.repo.commit_all("Make the alarm faster");
  const auto impact = analyse(f, "v1");
  CHECK(impact.complete());
  CHECK(impact.commits == 1);
  REQUIRE(impact.files.size() == 2);
  CHECK(impact.files[0].path == "README");
  CHECK(impact.files[0].items.empty());
  CHECK(impact.files[1].path == "src/rate.c");
  CHECK(impact.files[1].changed_by == std::vector<std::string>{change});
  REQUIRE(impact.files[1].items.size() == 1);
  CHECK(impact.files[1].items[0].id == "RC-1");
  REQUIRE(impact.files[1].items[0].via.size() == 1);
  CHECK(impact.files[1].items[0].via[0].commit == f.implements_rc);
  CHECK(impact.files[1].items[0].via[0].subject == "Add the rate alarm");
  REQUIRE(impact.items.size() == 1);
  const auto& rc = impact.items[0];
  CHECK(rc.id == "RC-1");
  CHECK(rc.kind == "risk-control");
  CHECK(rc.role == policy::KindRole::risk_control);
  CHECK(rc.title == "Rate alarm");
  CHECK(rc.defined);
  CHECK(rc.files == std::vector<std::string>{"src/rate.c"});
  REQUIRE(rc.tests.size() == 1);
  CHECK(rc.tests[0].name == "tests/rate_test.c:1");
  CHECK(rc.tests[0].how == "file link");
  CHECK(rc.tests[0].outcome == "");
  CHECK_FALSE(rc.reverified());
  CHECK(impact.ids(policy::KindRole::risk_control) == std::vector<std::string>{"RC-1"});
  CHECK(impact.ids(policy::KindRole::requirement).empty());
  // The change states neither a safety impact nor a rationale.
  REQUIRE(impact.unstated.size() == 1);
  CHECK(impact.unstated[0].commit == change);
  CHECK(impact.unstated[0].subject == "Make the alarm faster");
}

TEST_CASE("a link written in a changed file touches its item; a stated impact is not listed")
{
  ImpactFixture f;
  f.repo.write("tests/limit_test.c", "// verifies: SRS-1\n// verifies: SRS-12\n");
  f.repo.commit_all("Test more\n\nSafety-Impact: none");
  const auto impact = analyse(f, "v1");
  CHECK(impact.unstated.empty());
  REQUIRE(impact.files.size() == 1);
  REQUIRE(impact.files[0].items.size() == 2);
  // SRS-1: implemented by the first commit, which created the file, and linked in it.
  CHECK(impact.files[0].items[0].id == "SRS-1");
  REQUIRE(impact.files[0].items[0].via.size() == 2);
  CHECK(impact.files[0].items[0].via[0].subject == "Add the limit");
  CHECK(impact.files[0].items[0].via[1].commit == "");
  CHECK(impact.files[0].items[0].via[1].line == 1);
  CHECK(impact.files[0].items[0].via[1].relation == "verifies");
  // SRS-12 is linked but defined nowhere.
  CHECK(impact.files[0].items[1].id == "SRS-12");
  REQUIRE(impact.items.size() == 2);
  CHECK(impact.items[1].id == "SRS-12");
  CHECK_FALSE(impact.items[1].defined);
  CHECK(impact.items[1].kind == "requirement");
}

TEST_CASE("the latest outcome comes from the last report that runs the test, bound or not")
{
  ImpactFixture f;
  const auto old_tree = f.tree();
  f.repo.write("src/rate.c", "int rate = 2;\n");
  f.repo.commit_all("Make the alarm faster\n\nSafety-Rationale: earlier is safer");
  const auto failing_old = f.report("old.xml", "tests/rate_test.c", "failed", old_tree);
  const auto passing_new = f.report("new.xml", "tests/rate_test.c", "passed", f.tree());
  const auto passing_old = f.report("old-pass.xml", "tests/rate_test.c", "passed", old_tree);
  {
    const auto impact = analyse(f, "v1", {failing_old, passing_new});
    REQUIRE(impact.items.size() == 1);
    REQUIRE(impact.items[0].tests.size() == 1);
    CHECK(impact.items[0].tests[0].outcome == "passed");
    CHECK(impact.items[0].tests[0].report == passing_new);
    CHECK(impact.items[0].tests[0].bound);
    CHECK(impact.items[0].reverified());
    REQUIRE(impact.reports.size() == 2);
    CHECK_FALSE(impact.reports[0].bound);
    CHECK(impact.reports[1].bound);
    CHECK(impact.unstated.empty());
  }
  {
    // Passing, but in a report of another tree: not re-verified.
    const auto impact = analyse(f, "v1", {passing_old});
    CHECK(impact.items[0].tests[0].outcome == "passed");
    CHECK_FALSE(impact.items[0].tests[0].bound);
    CHECK_FALSE(impact.items[0].reverified());
  }
  {
    // The failing report given last is the latest.
    const auto impact = analyse(f, "v1", {passing_new, failing_old});
    CHECK(impact.items[0].tests[0].outcome == "failed");
    CHECK_FALSE(impact.items[0].reverified());
  }
}

TEST_CASE("a test whose name carries the ID is a test of the item; a longer ID is not")
{
  ImpactFixture f;
  f.repo.write("src/rate.c", "int rate = 2;\n");
  f.repo.commit_all("Make the alarm faster");
  const auto path = (f.repo.dir.path / "named.xml").string();
  util::write_file_atomic(path,
                          "<testsuite name=\"s\"><testcase classname=\"alarm\" name=\"RC-1 "
                          "fires\"/><testcase classname=\"alarm\" name=\"RC-12 "
                          "fires\"><failure/></testcase></testsuite>\n");
  const auto impact = analyse(f, "v1", {path});
  REQUIRE(impact.items.size() == 1);
  REQUIRE(impact.items[0].tests.size() == 2);
  CHECK(impact.items[0].tests[0].outcome == ""); // the file link: not run in the report
  CHECK(impact.items[0].tests[1].name == "alarm::RC-1 fires");
  CHECK(impact.items[0].tests[1].how == "name");
  CHECK(impact.items[0].tests[1].outcome == "passed");
  CHECK_FALSE(impact.items[0].tests[1].bound); // the report names no tree
}

TEST_CASE("risk_controls_touched answers for a range and for the whole history")
{
  ImpactFixture f;
  const auto repo = f.open();
  f.repo.write("README", "pump\n");
  f.repo.commit_all("Readme");
  auto touched =
      impact::risk_controls_touched(repo, f.policy, workspace::MessageSettings{}, "v1", "HEAD");
  CHECK(touched.complete);
  CHECK(touched.ids.empty());
  touched = impact::risk_controls_touched(repo, f.policy, workspace::MessageSettings{}, "", "HEAD");
  CHECK(touched.ids == std::vector<std::string>{"RC-1"});
}

TEST_CASE("without commit lists the files and items are the same; each change reaches on_change")
{
  ImpactFixture f;
  f.repo.write("src/rate.c", "int rate = 2;\n");
  f.repo.write("README", "pump\n");
  f.repo.commit_all("Make the alarm faster");
  const auto repo = f.open();
  for (const std::string from : {"v1", ""}) {
    CAPTURE(from);
    const auto full = analyse(f, from);
    impact::ImpactOptions options;
    options.from = from;
    options.list_commits = false;
    std::vector<std::string> seen;
    options.on_change = [&](change::Change&& c) {
      seen.push_back(c.commit + " " + c.subject);
    };
    const auto lean = impact::analyse(repo, f.policy, workspace::MessageSettings{}, options);
    // Every change of the range (the fixture's commits share a second, so git log may order
    // them otherwise than the walk).
    const std::string range = from.empty() ? "HEAD" : from + "..HEAD";
    const std::string log = f.repo.git({"log", "--format=%H %s", range});
    const auto logged = util::split_lines(log);
    std::vector<std::string> expected(logged.begin(), logged.end());
    std::sort(seen.begin(), seen.end());
    std::sort(expected.begin(), expected.end());
    CHECK(seen == expected);
    CHECK(lean.commits == full.commits);
    CHECK(lean.unstated.empty());
    CHECK_FALSE(full.unstated.empty());
    REQUIRE(lean.files.size() == full.files.size());
    for (size_t i = 0; i < full.files.size(); ++i) {
      CHECK(lean.files[i].path == full.files[i].path);
      CHECK(lean.files[i].changed_by.empty());
      CHECK_FALSE(full.files[i].changed_by.empty());
      REQUIRE(lean.files[i].items.size() == full.files[i].items.size());
      for (size_t j = 0; j < full.files[i].items.size(); ++j) {
        CHECK(lean.files[i].items[j].id == full.files[i].items[j].id);
        CHECK(lean.files[i].items[j].via.size() == full.files[i].items[j].via.size());
      }
    }
    CHECK(lean.ids(policy::KindRole::risk_control) == full.ids(policy::KindRole::risk_control));
  }
}

TEST_CASE("asked for risk controls, an analysis finds only those; with no such kind it reads "
          "no paths and still reaches every change")
{
  ImpactFixture f;
  f.repo.write("src/rate.c", "int rate = 2;\n");
  f.repo.write("src/limit.c", "int limit = 2;\n");
  f.repo.commit_all("Make the alarm faster and the limit lower");
  const auto repo = f.open();
  for (const std::string from : {"v1", ""}) {
    CAPTURE(from);
    impact::ImpactOptions options;
    options.from = from;
    options.roles = {policy::KindRole::risk_control};
    const auto controls = impact::analyse(repo, f.policy, workspace::MessageSettings{}, options);
    const auto all = analyse(f, from);
    CHECK(all.ids(policy::KindRole::requirement) == std::vector<std::string>{"SRS-1"});
    CHECK(controls.ids(policy::KindRole::requirement).empty());
    CHECK(controls.ids(policy::KindRole::risk_control) == std::vector<std::string>{"RC-1"});
    CHECK(controls.ids(policy::KindRole::risk_control) == all.ids(policy::KindRole::risk_control));

    // The same history under a policy whose kinds are all requirements: nothing to find, so
    // no file is listed, yet every change is counted and handed on.
    auto no_controls = policy::parse_policy(R"([kinds.requirement]
pattern = 'SRS-\d+'
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
)",
                                            "trail.toml");
    size_t seen = 0;
    options.on_change = [&](change::Change&&) {
      ++seen;
    };
    const auto none = impact::analyse(repo, no_controls, workspace::MessageSettings{}, options);
    CHECK(none.files.empty());
    CHECK(none.items.empty());
    CHECK(none.paths_unknown.empty());
    CHECK(none.commits == all.commits);
    CHECK(seen == all.commits);
    // Asked for every role, the same policy finds the requirement.
    options.roles.clear();
    const auto requirements =
        impact::analyse(repo, no_controls, workspace::MessageSettings{}, options);
    CHECK(requirements.ids(policy::KindRole::requirement) == std::vector<std::string>{"SRS-1"});
    CHECK_FALSE(requirements.files.empty());
  }
}

TEST_CASE("from the start of history, the implementing commits come from the walk of the range")
{
  // The whole history of HEAD is the range: its walk keeps the commits that implement
  // something, and they touch the files as a second walk of HEAD's history would find.
  ImpactFixture f;
  f.repo.write("src/rate.c", "int rate = 3;\n");
  const auto again = f.repo.commit_all("Tune the rate alarm\n\nImplements: RC-1");
  const auto impact = analyse(f, "");
  const impact::ChangedFile* rate = nullptr;
  for (const auto& file : impact.files) {
    if (file.path == "src/rate.c") {
      rate = &file;
    }
  }
  REQUIRE(rate != nullptr);
  REQUIRE(rate->items.size() == 1);
  CHECK(rate->items[0].id == "RC-1");
  // git log order: the newest first.
  REQUIRE(rate->items[0].via.size() == 2);
  CHECK(rate->items[0].via[0].commit == again);
  CHECK(rate->items[0].via[1].commit == f.implements_rc);
  // The same as the range from v1, whose walk of HEAD's history finds both.
  const auto range = analyse(f, "v1");
  REQUIRE(range.files.size() == 1);
  REQUIRE(range.files[0].items.size() == 1);
  REQUIRE(range.files[0].items[0].via.size() == 2);
  CHECK(range.files[0].items[0].via[0].commit == again);
  CHECK(range.files[0].items[0].via[1].commit == f.implements_rc);
}

TEST_CASE("a range walks B's whole history only when a trailer can implement a traced item")
{
  // A shallow clone that holds the range and its base, not the history before: the walk of
  // B's history for implementing commits meets the shallow boundary, and says so, unless the
  // policy has no trailer that can implement a requirement or risk control: then that walk,
  // which could find nothing, is not made (and a range of a large history costs its range).
  ImpactFixture f;
  f.repo.write("src/rate.c", "int rate = 4;\n");
  f.repo.commit_all("Tune the rate\n\nSafety-Impact: low");
  const std::string base = f.repo.line({"rev-parse", "v1"});
  TempDir clones;
  REQUIRE(run_git(clones.path,
                  {"clone", "-q", "--depth", "2", "file://" + f.repo.path.string(), "shallow"})
              .exit_code == 0);
  const auto shallow = git::Repository::open_at((clones.path / "shallow").string());
  REQUIRE(shallow.is_shallow());
  impact::ImpactOptions options;
  options.from = base;
  const auto traced = impact::analyse(shallow, f.policy, workspace::MessageSettings{}, options);
  CHECK(traced.shallow_boundary ==
        std::vector<std::string>{base}); // the commit whose parents are not here
  REQUIRE(traced.files.size() == 1);
  CHECK(traced.files[0].path == "src/rate.c");

  // The fixture's policy with Implements limited to a kind that is neither.
  const auto untraced_policy = policy::parse_policy(R"([project]
name = "Pump"
safety_class = "C"
[kinds.requirement]
pattern = 'SRS-\d+'
[kinds.risk-control]
pattern = 'RC-\d+'
[kinds.bug]
pattern = '#\d+'
[trailers]
Implements = { relation = "implements", kinds = ["bug"] }
Safety-Impact = { values = ["none", "low", "high"] }
[registry]
files = ["docs/*.toml"]
)",
                                                    "trail.toml");
  const auto untraced =
      impact::analyse(shallow, untraced_policy, workspace::MessageSettings{}, options);
  CHECK(untraced.shallow_boundary.empty());
  REQUIRE(untraced.files.size() == 1);
  CHECK(untraced.files[0].path == "src/rate.c");
}

TEST_CASE("implementing commits before the range are found whatever the case of the key, and "
          "through an abbreviation the trailer configuration allows")
{
  // The walk of B's history reads further only the messages that mention an implementing
  // trailer's key (in any case); with configured keys, where "impl:" can stand for
  // "Implements:", it reads every message.
  ImpactFixture f;
  f.repo.write("src/pump.c", "int pump;\n");
  const auto lower = f.repo.commit_all("Add the pump\n\nimplements: SRS-1");
  f.repo.write("src/valve.c", "int valve;\n");
  const auto abbreviated = f.repo.commit_all("Add the valve\n\nImpl: RC-1");
  f.repo.git({"tag", "v2"});
  f.repo.write("src/pump.c", "int pump = 1;\n");
  f.repo.write("src/valve.c", "int valve = 1;\n");
  f.repo.commit_all("Tune the pump and the valve");
  const auto repo = f.open();
  impact::ImpactOptions options;
  options.from = "v2";
  options.to = "HEAD";
  const auto items_of = [](const impact::Impact& impact, const std::string& path) {
    std::vector<std::string> out;
    for (const auto& file : impact.files) {
      if (file.path == path) {
        for (const auto& item : file.items) {
          for (const auto& via : item.via) {
            out.push_back(item.id + " " + via.commit);
          }
        }
      }
    }
    return out;
  };
  const auto plain = impact::analyse(repo, f.policy, workspace::MessageSettings{}, options);
  CHECK(items_of(plain, "src/pump.c") == std::vector<std::string>{"SRS-1 " + lower});
  CHECK(items_of(plain, "src/valve.c").empty()); // "Impl" is no key without configuration

  workspace::MessageSettings configured;
  configured.trailers.configured_keys = {"Implements"};
  const auto abbreviations = impact::analyse(repo, f.policy, configured, options);
  CHECK(items_of(abbreviations, "src/pump.c") == std::vector<std::string>{"SRS-1 " + lower});
  CHECK(items_of(abbreviations, "src/valve.c") == std::vector<std::string>{"RC-1 " + abbreviated});
}

TEST_CASE("split_range reads A..B as git does and refuses A...B")
{
  CHECK(impact::split_range("v1..v2") == std::pair<std::string, std::string>{"v1", "v2"});
  CHECK(impact::split_range("v2") == std::pair<std::string, std::string>{"", "v2"});
  CHECK(impact::split_range("v1..") == std::pair<std::string, std::string>{"v1", "HEAD"});
  CHECK_THROWS_AS(impact::split_range("v1...v2"), UsageError);
  CHECK_THROWS_AS(impact::split_range(""), UsageError);
}
