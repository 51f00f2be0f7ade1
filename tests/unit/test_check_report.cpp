// The verdict of a checked range (CheckReport passed/exit_code) and its text, JSON and JUnit
// renderings, on reports built in memory.

#include "core/history/check.hpp"
#include "core/render/check_report.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace trail;

namespace {

const std::string k_id_a = "aaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const std::string k_id_b = "cccccccccccc0000000000000000000000000000";

rules::Diagnostic diagnostic(const std::string& rule,
                             const std::string& message,
                             const std::string& hint,
                             size_t line = 0)
{
  rules::Diagnostic d;
  d.rule = rule;
  d.commit = k_id_a;
  d.message = message;
  d.hint = hint;
  d.line = line;
  return d;
}

// Three commits checked, one failing with two violations.
history::CheckReport failing_report()
{
  history::CheckReport report;
  report.policy_source = "trail.toml";
  report.checked = 3;
  report.failures.push_back({k_id_a,
                             "Add <dose> & rate",
                             {diagnostic("trace", "no requirement", "Implements: <requirement ID>"),
                              diagnostic("subject-length", "subject too long", "", 1)}});
  report.failing_commits = 1;
  report.violations = 2;
  return report;
}

history::CheckReport clean_report()
{
  history::CheckReport report;
  report.policy_source = "(default)";
  report.checked = 1;
  return report;
}

} // namespace

TEST_CASE("a clean, complete report passes with exit 0")
{
  const auto report = clean_report();
  CHECK(report.clean());
  CHECK(report.complete());
  CHECK(report.passed());
  CHECK(report.exit_code() == k_exit_clean);
}

TEST_CASE("a report with a violation fails with exit 1, even when incomplete and accepted")
{
  auto report = failing_report();
  CHECK_FALSE(report.passed());
  CHECK(report.exit_code() == k_exit_violations);
  report.shallow_boundary.push_back(k_id_b);
  report.incomplete_accepted = true;
  CHECK_FALSE(report.passed());
  CHECK(report.exit_code() == k_exit_violations);
}

TEST_CASE("each kind of incompleteness makes a clean report exit 4 unless accepted")
{
  SUBCASE("shallow boundary")
  {
    auto report = clean_report();
    report.shallow_boundary.push_back(k_id_b);
    CHECK_FALSE(report.complete());
    CHECK_FALSE(report.passed());
    CHECK(report.exit_code() == k_exit_incomplete);
    report.incomplete_accepted = true;
    CHECK(report.passed());
    CHECK(report.exit_code() == k_exit_clean);
  }
  SUBCASE("unjudged commit")
  {
    auto report = clean_report();
    report.unjudged.push_back({k_id_b, "s", {}});
    CHECK(report.clean());
    CHECK(report.exit_code() == k_exit_incomplete);
  }
  SUBCASE("missing baseline")
  {
    auto report = clean_report();
    report.baseline_missing = "v0.9";
    CHECK(report.exit_code() == k_exit_incomplete);
  }
  SUBCASE("paths unknown alone does not make it incomplete")
  {
    auto report = clean_report();
    report.paths_unknown.push_back(k_id_b);
    CHECK(report.complete());
    CHECK(report.exit_code() == k_exit_clean);
  }
}

TEST_CASE("check_text lists each failing commit with its diagnostics and a summary")
{
  CHECK(render::check_text(failing_report()) ==
        "aaaaaaaaaaaa Add <dose> & rate\n"
        "  trace: no requirement\n"
        "      Implements: <requirement ID>\n"
        "  subject-length: subject too long (line 1)\n"
        "git-trail: 3 commits checked (policy: trail.toml): 2 violations in 1 commit\n");
}

TEST_CASE("check_text of a clean report is the summary alone, singular")
{
  CHECK(render::check_text(clean_report()) ==
        "git-trail: 1 commit checked (policy: (default)): no violations\n");
}

TEST_CASE("check_text names waivers, skipped merges and an incomplete verdict")
{
  auto report = clean_report();
  report.checked = 2;
  report.merges_skipped = 1;
  history::WaiverUse use;
  use.waiver.reason = "legacy";
  use.waiver.approved_by = "QA";
  use.diagnostic = diagnostic("trace", "m", "h");
  report.waived.push_back(use);
  report.shallow_boundary.push_back(k_id_b);
  CHECK(render::check_text(report) ==
        "waived: aaaaaaaaaaaa trace: legacy (approved by QA)\n"
        "git-trail: INCOMPLETE: this is a shallow clone and history was cut after 1 commit "
        "(cccccccccccc): older commits of the range were not checked.\n"
        "  fetch the missing history and run again: git fetch --deepen=<N> (or --unshallow, or "
        "--shallow-exclude=<the range's base branch>); in CI check out with full history "
        "(GitHub Actions: fetch-depth: 0; GitLab CI: GIT_DEPTH: 0); see docs/ci.md\n"
        "git-trail: 2 commits checked (policy: (default)): no violations, 1 waived, 1 merge not "
        "checked ([history] merges = \"skip\"); INCOMPLETE: not passed\n");
  report.incomplete_accepted = true;
  const auto accepted = render::check_text(report);
  CHECK(accepted.find("git-trail: what could not be judged is accepted, not checked "
                      "(--allow-incomplete, trail.allowIncomplete)\n") != std::string::npos);
  CHECK(accepted.substr(accepted.rfind("; ")) == "; INCOMPLETE, accepted\n");
}

TEST_CASE("check_text says a missing baseline left nothing checked, or was accepted")
{
  auto report = clean_report();
  report.checked = 0;
  report.baseline_missing = "v0.9";
  CHECK(render::check_text(report) ==
        "git-trail: INCOMPLETE: [project] baseline 'v0.9' names no commit in this clone, so the "
        "history it exempts cannot be told apart; nothing was checked.\n"
        "  fetch it (git fetch origin tag v0.9, or the branch it names), fix [project] baseline, "
        "or pass --no-baseline\n"
        "git-trail: 0 commits checked (policy: (default)): no violations; INCOMPLETE: not "
        "passed\n");
}

TEST_CASE("check_text shows an unjudged commit with what path rules would report")
{
  auto report = clean_report();
  report.unjudged.push_back(
      {k_id_b, "Touch dosing", {diagnostic("dosing", "needs review", "Reviewed-by: <name>")}});
  report.shallow_boundary.push_back(k_id_b);
  const auto text = render::check_text(report);
  CHECK(text.substr(0, text.find("git-trail:")) ==
        "cccccccccccc Touch dosing\n"
        "  NOT JUDGED: its parent is beyond the shallow boundary, so its changed paths are "
        "unknown; if it touches these paths:\n"
        "  dosing: needs review\n"
        "      Reviewed-by: <name>\n");
  CHECK(text.find("(cccccccccccc): older commits of the range were not checked, and 1 commit could "
                  "not be judged by path-scoped rules (changed paths unknown).\n") !=
        std::string::npos);
  CHECK(text.substr(text.rfind("git-trail: 1 commit")) ==
        "git-trail: 1 commit checked (policy: (default)): no violations, 1 commit not judged; "
        "INCOMPLETE: not passed\n");
}

TEST_CASE("check_json of a failing report")
{
  CHECK(render::check_json(failing_report()) == R"({
  "policy": "trail.toml",
  "commits": [
    {
      "commit": "aaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbbbbb",
      "subject": "Add <dose> & rate",
      "violations": [
        {
          "rule": "trace",
          "message": "no requirement",
          "hint": "Implements: <requirement ID>"
        },
        {
          "rule": "subject-length",
          "message": "subject too long",
          "hint": "",
          "line": 1
        }
      ]
    }
  ],
  "waived": [],
  "unjudged": [],
  "commits_checked": 3,
  "merges_skipped": 0,
  "verdict": "failed",
  "clean": false,
  "complete": true,
  "incomplete_accepted": false,
  "shallow_boundary": [],
  "paths_unknown": [],
  "baseline_missing": null
}
)");
}

TEST_CASE("check_json verdict: passed, incomplete, and incomplete accepted")
{
  auto report = clean_report();
  const auto verdict = [](const std::string& json) {
    const auto at = json.find("\"verdict\": ");
    return json.substr(at, json.find('\n', at) - at);
  };
  CHECK(verdict(render::check_json(report)) == "\"verdict\": \"passed\",");
  report.baseline_missing = "v0.9";
  const auto incomplete = render::check_json(report);
  CHECK(verdict(incomplete) == "\"verdict\": \"incomplete\",");
  CHECK(incomplete.find("\"clean\": false,") != std::string::npos);
  CHECK(incomplete.find("\"baseline_missing\": \"v0.9\"") != std::string::npos);
  CHECK(incomplete.substr(0, 49) == "{\n  \"policy\": \"(default)\",\n  \"commits\": [],\n  \"wa");
  report.incomplete_accepted = true;
  CHECK(verdict(render::check_json(report)) == "\"verdict\": \"passed\",");
}

TEST_CASE("check_junit: one case per failing commit, escaped, and one for the rest")
{
  CHECK(render::check_junit(failing_report()) ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"git-trail check\" tests=\"2\" failures=\"1\" errors=\"0\">\n"
        "  <testsuite name=\"git-trail check (trail.toml)\" tests=\"2\" failures=\"1\" "
        "errors=\"0\" skipped=\"0\">\n"
        "    <testcase classname=\"commits\" name=\"aaaaaaaaaaaa Add &lt;dose&gt; &amp; rate\">\n"
        "      <failure type=\"trace\" message=\"no requirement\">trace: no requirement\n"
        "Implements: &lt;requirement ID&gt;</failure>\n"
        "      <failure type=\"subject-length\" message=\"subject too long\">subject-length: "
        "subject too long\n</failure>\n"
        "    </testcase>\n"
        "    <testcase classname=\"commits\" name=\"2 other commits without violations\"/>\n"
        "  </testsuite>\n"
        "</testsuites>\n");
}

TEST_CASE("check_junit: incompleteness is an error, or a skipped case when accepted")
{
  auto report = clean_report();
  report.checked = 2;
  report.unjudged.push_back({k_id_b, "Touch", {}});
  const auto errors = render::check_junit(report);
  CHECK(errors.find("tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"0\"") != std::string::npos);
  CHECK(
      errors.find("    <testcase classname=\"commits\" name=\"cccccccccccc Touch\">\n"
                  "      <error type=\"incomplete\" message=\"not judged: the parent is beyond the "
                  "shallow boundary, so the changed paths are unknown\"></error>\n") !=
      std::string::npos);
  CHECK(errors.find("name=\"1 other commit without violations\"") != std::string::npos);
  report.incomplete_accepted = true;
  const auto skipped = render::check_junit(report);
  CHECK(skipped.find("tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\"") != std::string::npos);
  CHECK(skipped.find(
            "      <skipped message=\"accepted as incomplete: not judged: the parent is beyond "
            "the shallow boundary, so the changed paths are unknown\"/>\n") != std::string::npos);
}

TEST_CASE("check_junit counts a commit both failing and unjudged once among the others")
{
  auto report = failing_report();
  report.unjudged.push_back({k_id_a, "Add", {}});
  report.unjudged.push_back({k_id_b, "Other", {}});
  // 3 checked: A fails (and is unjudged), B only unjudged, so one other commit.
  CHECK(render::check_junit(report).find("name=\"1 other commit without violations\"") !=
        std::string::npos);
}

TEST_CASE("check_junit: a waiver is a skipped case with its reason")
{
  auto report = clean_report();
  history::WaiverUse use;
  use.waiver.reason = "legacy \"import\"";
  use.waiver.approved_by = "QA";
  use.diagnostic = diagnostic("trace", "m", "h");
  report.waived.push_back(use);
  const auto xml = render::check_junit(report);
  CHECK(xml.find("tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\"") != std::string::npos);
  CHECK(xml.find("    <testcase classname=\"waivers\" name=\"aaaaaaaaaaaa trace\">\n"
                 "      <skipped message=\"waived: legacy &quot;import&quot; (approved by QA)\"/>\n"
                 "    </testcase>\n") != std::string::npos);
}

TEST_CASE("the streamed pieces join to the whole document")
{
  const auto report = failing_report();
  CHECK(render::check_json_begin(report.policy_source) +
            render::check_json_commit(report.failures[0], true) +
            render::check_json_end(report, true) ==
        render::check_json(report));
  CHECK(render::check_text_commit(report.failures[0]) + render::check_text_end(report) ==
        render::check_text(report));
}
