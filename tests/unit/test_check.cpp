// Checking history against the policy (check_history, validate_waivers) on repositories built
// by the test with git commands: violations, waivers, merges, the baseline, commits already
// checked, streaming.

#include "core/git/repository.hpp"
#include "core/history/check.hpp"
#include "core/policy/load.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

const std::string k_rules = "[[rules]]\nid = \"no-wip\"\nforbid = { wip = true }\n";

// Three commits on main: Start, WIP: b, Add c.
struct CheckFixture
{
  TempRepo repo;
  std::string start, wip, last;

  CheckFixture()
  {
    repo.write("a.c", "1\n");
    start = repo.commit_all("Start");
    repo.write("b.c", "1\n");
    wip = repo.commit_all("WIP: b");
    repo.write("c.c", "1\n");
    last = repo.commit_all("Add c");
  }
  history::CheckReport check(const std::string& policy_text,
                             history::CheckOptions options = {},
                             std::unordered_set<std::string>* already = nullptr) const
  {
    const auto policy = policy::parse_policy(policy_text, "trail.toml");
    const auto git_repo = git::Repository::open_at(repo.path.string());
    if (options.walk.revisions.empty()) {
      options.walk.revisions = {"HEAD"};
    }
    return history::check_history(git_repo, policy, workspace::MessageSettings{}, options, already);
  }
};

} // namespace

TEST_CASE("check_history finds each violation with its commit, and counts what it checked")
{
  CheckFixture fixture;
  const auto report = fixture.check(k_rules);
  CHECK(report.policy_source == "trail.toml");
  CHECK(report.checked == 3);
  CHECK(report.failing_commits == 1);
  CHECK(report.violation_count() == 1);
  REQUIRE(report.failures.size() == 1);
  CHECK(report.failures[0].id == fixture.wip);
  CHECK(report.failures[0].subject == "WIP: b");
  REQUIRE(report.failures[0].diagnostics.size() == 1);
  CHECK(report.failures[0].diagnostics[0].rule == "no-wip");
  CHECK(report.failures[0].diagnostics[0].commit == fixture.wip);
  CHECK(report.complete());
  CHECK(report.exit_code() == k_exit_violations);
}

TEST_CASE("check_history over a range checks only its commits")
{
  CheckFixture fixture;
  history::CheckOptions options;
  options.walk.revisions = {fixture.last};
  options.walk.hide = {fixture.wip};
  const auto report = fixture.check(k_rules, options);
  CHECK(report.checked == 1);
  CHECK(report.clean());
  CHECK(report.exit_code() == k_exit_clean);
}

TEST_CASE("a waiver exempts the violation it names, and says it was used")
{
  CheckFixture fixture;
  const auto report =
      fixture.check(k_rules + "[[waivers]]\ncommit = \"" + fixture.wip.substr(0, 10) +
                    "\"\nrule = \"no-wip\"\nreason = \"imported\"\napproved_by = "
                    "\"QA\"\n");
  CHECK(report.clean());
  CHECK(report.passed());
  REQUIRE(report.waived.size() == 1);
  CHECK(report.waived[0].waiver.reason == "imported");
  CHECK(report.waived[0].diagnostic.commit == fixture.wip);
  CHECK(report.waived[0].diagnostic.rule == "no-wip");
}

TEST_CASE("a waiver for another rule exempts nothing")
{
  CheckFixture fixture;
  const auto report =
      fixture.check(k_rules + "[[waivers]]\ncommit = \"" + fixture.wip +
                    "\"\nrule = \"subject-length\"\nreason = \"r\"\napproved_by = \"QA\"\n");
  CHECK(report.failing_commits == 1);
  CHECK(report.waived.empty());
}

TEST_CASE("[history] merges = \"skip\" counts merges without checking them")
{
  CheckFixture fixture;
  fixture.repo.git({"switch", "-q", "-c", "topic", fixture.start});
  fixture.repo.write("d.c", "1\n");
  fixture.repo.commit_all("Add d");
  fixture.repo.git({"switch", "-q", "main"});
  fixture.repo.git({"merge", "-q", "--no-ff", "-m", "WIP: merge topic", "topic"});
  const auto checked = fixture.check(k_rules);
  CHECK(checked.checked == 5);
  CHECK(checked.merges_skipped == 0);
  CHECK(checked.failing_commits == 2);
  const auto skipped = fixture.check(k_rules + "[history]\nmerges = \"skip\"\n");
  CHECK(skipped.checked == 4);
  CHECK(skipped.merges_skipped == 1);
  CHECK(skipped.failing_commits == 1);
}

TEST_CASE("[project] baseline hides its history; a baseline that names nothing is incomplete")
{
  CheckFixture fixture;
  fixture.repo.git({"tag", "v0", fixture.wip});
  const auto hidden = fixture.check("[project]\nbaseline = \"v0\"\n" + k_rules);
  CHECK(hidden.checked == 1);
  CHECK(hidden.clean());
  CHECK(hidden.passed());
  history::CheckOptions no_baseline;
  no_baseline.use_baseline = false;
  CHECK(fixture.check("[project]\nbaseline = \"v0\"\n" + k_rules, no_baseline).checked == 3);
  const auto missing = fixture.check("[project]\nbaseline = \"v9\"\n" + k_rules);
  CHECK(missing.baseline_missing == "v9");
  CHECK(missing.checked == 0);
  CHECK_FALSE(missing.complete());
  CHECK(missing.exit_code() == k_exit_incomplete);
  history::CheckOptions accepted;
  accepted.allow_incomplete = true;
  const auto accepted_report = fixture.check("[project]\nbaseline = \"v9\"\n" + k_rules, accepted);
  CHECK(accepted_report.incomplete_accepted);
  CHECK(accepted_report.checked == 3);
  CHECK(accepted_report.exit_code() == k_exit_violations);
}

TEST_CASE("commits already checked are skipped, and those checked are added")
{
  CheckFixture fixture;
  std::unordered_set<std::string> already{fixture.wip};
  const auto report = fixture.check(k_rules, {}, &already);
  CHECK(report.checked == 2);
  CHECK(report.clean());
  CHECK(already == std::unordered_set<std::string>{fixture.start, fixture.wip, fixture.last});
}

TEST_CASE("on_failure streams failing commits instead of keeping them")
{
  CheckFixture fixture;
  std::vector<std::string> streamed;
  history::CheckOptions options;
  options.on_failure = [&](history::CommitResult&& result) {
    streamed.push_back(result.id);
  };
  const auto report = fixture.check(k_rules, options);
  CHECK(streamed == std::vector<std::string>{fixture.wip});
  CHECK(report.failures.empty());
  CHECK(report.failing_commits == 1);
  CHECK_FALSE(report.clean());
}

TEST_CASE("validate_waivers: a waiver naming no commit, or a ref, is a policy error at its line")
{
  CheckFixture fixture;
  const auto git_repo = git::Repository::open_at(fixture.repo.path.string());
  const auto errors = [&](const std::string& commit) {
    const auto policy =
        policy::parse_policy("[[waivers]]\ncommit = \"" + commit +
                                 "\"\nrule = \"signoff\"\nreason = \"r\"\napproved_by = \"a\"\n",
                             "trail.toml");
    try {
      history::validate_waivers(git_repo, policy);
    } catch (const policy::PolicyError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(errors(fixture.wip.substr(0, 8)) == "no error");
  CHECK(errors("deadbeef") ==
        "trail.toml:2:10: error: the waiver for rule 'signoff' names commit 'deadbeef', which is "
        "not one commit of this repository (unknown, rewritten, or a prefix of several)\n"
        "    2 | commit = \"deadbeef\"\n"
        "      |          ^");
  fixture.repo.git({"branch", "abcdef0"});
  CHECK(errors("abcdef0") ==
        "trail.toml:2:10: error: the waiver for rule 'signoff' names 'abcdef0', which is a ref "
        "here, not the id of the waived commit\n"
        "    2 | commit = \"abcdef0\"\n"
        "      |          ^");
}
