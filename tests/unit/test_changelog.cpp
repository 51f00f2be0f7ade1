// verifies: GT-23
#include "core/changelog/changelog.hpp"
#include "core/util/error.hpp"
#include "impact_fixture.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>

using namespace trail;
using changelog::split_range;

namespace {

using Range = std::pair<std::string, std::string>;

// The change-impact repository (impact_fixture.hpp) with problem reports, change requests, a
// Fixes and a Refs trailer, and a waiver of the commit whose id WAIVED starts with.
std::string audit_policy(const std::string& waived)
{
  std::string text = trail::unit::k_impact_policy;
  text.replace(text.find("[trailers]\n"),
               11,
               "[kinds.problem-report]\npattern = 'PR-\\d+'\n[kinds.change-request]\npattern = "
               "'CR-\\d+'\n[trailers]\nFixes = { relation = \"fixes\", kinds = "
               "[\"problem-report\"] }\nRefs = { relation = \"refs\", kinds = "
               "[\"problem-report\"] }\nChange-Request = { relation = \"authorized-by\", kinds = "
               "[\"change-request\"] }\n");
  if (!waived.empty()) {
    text += "[[waivers]]\ncommit = \"" + waived +
            "\"\nrule = \"known-id\"\nreason = \"typo\"\napproved_by = \"Quinn\"\n";
  }
  return text;
}

} // namespace

TEST_SUITE_BEGIN("changelog");

TEST_CASE("changelog: fixes apart from related links, redefinitions, waivers, touched controls")
{
  trail::unit::ImpactFixture f;
  f.repo.write("docs/items.toml",
               "[[items]]\nid = \"SRS-1\"\ntitle = \"Maximum dose\"\n[[items]]\nid = \"RC-1\"\n"
               "title = \"Rate alarm\"\n[[items]]\nid = \"PR-1\"\ntitle = \"Late\"\n"
               "[[items]]\nid = \"CR-1\"\ntitle = \"Faster\"\ndescription = \"Field reports\"\n");
  f.repo.write("trail.toml", audit_policy(""));
  f.repo.commit_all("Reword the limit\n\nSafety-Impact: none");
  f.repo.write("src/rate.c", "int rate = 2;\n");
  const auto fix = f.repo.commit_all("Alarm earlier\n\nFixes: PR-1\nChange-Request: CR-1");
  f.repo.write("src/log.c", "int log;\n");
  f.repo.commit_all("Log it\n\nRefs: PR-1");
  f.repo.write("trail.toml", audit_policy(fix.substr(0, 12)));
  f.repo.commit_all("Waive");
  const auto policy = policy::parse_policy(audit_policy(fix.substr(0, 12)), "trail.toml");
  const auto repo = f.open();
  changelog::ChangelogOptions options;
  options.from = "v1";
  const auto log = changelog::build_changelog(repo, policy, workspace::MessageSettings{}, options);
  // Only the fix fixes; the reference is related.
  REQUIRE(log.problems.size() == 1);
  CHECK(log.problems[0].id == "PR-1");
  REQUIRE(log.problems[0].commits.size() == 1);
  CHECK(log.problems[0].commits[0]->commit() == fix);
  CHECK(log.problems[0].commits[0]->reason() == "CR-1: Field reports");
  CHECK(log.problems[0].safety_impacts.empty());
  CHECK(log.problems[0].safety_class == "C");
  REQUIRE(log.problems_related.size() == 1);
  CHECK(log.problems_related[0].relation == "refs");
  // The reworded requirement is listed with its field, though no commit links it.
  REQUIRE(log.requirements.size() == 1);
  CHECK(log.requirements[0].definition == "changed");
  CHECK(log.requirements[0].changes ==
        std::vector<std::string>{"title: Dose limit -> Maximum dose"});
  // RC-1: src/rate.c, which its implementing commit wrote, changed.
  REQUIRE(log.risk_controls.size() == 1);
  CHECK(log.risk_controls[0].touched ==
        std::vector<std::string>{"src/rate.c: implemented by " + f.implements_rc.substr(0, 12) +
                                 " \"Add the rate alarm\""});
  CHECK(log.risk_controls[0].commits.empty());
  // The waiver names the fix: listed, and the commit carries it.
  REQUIRE(log.waivers.size() == 1);
  CHECK(log.waivers[0].change.commit() == fix);
  CHECK(log.waivers[0].rule == "known-id");
  CHECK(log.waivers[0].reason == "typo");
  CHECK(log.waivers[0].approved_by == "Quinn");
  CHECK(log.problems[0].commits[0]->waived() == "known-id: typo (approved by Quinn)");
}

TEST_CASE("changelog: split_range reads A..B")
{
  CHECK(split_range("v1..v2") == Range{"v1", "v2"});
  CHECK(split_range("v1.0.0..HEAD") == Range{"v1.0.0", "HEAD"});
  CHECK(split_range("main~3..main") == Range{"main~3", "main"});
}

TEST_CASE("changelog: split_range fills in what is left out")
{
  CHECK(split_range("v1..") == Range{"v1", "HEAD"});
  CHECK(split_range("HEAD") == Range{"", "HEAD"});
  CHECK(split_range("v2") == Range{"", "v2"});
  // As git reads them: a left-out end is HEAD.
  CHECK(split_range("..v2") == Range{"HEAD", "v2"});
  CHECK(split_range("..") == Range{"HEAD", "HEAD"});
  CHECK_THROWS_AS((void)split_range(""), UsageError);
}

TEST_CASE("changelog: split_range refuses a symmetric difference")
{
  CHECK_THROWS_AS((void)split_range("a...b"), UsageError);
  CHECK_THROWS_WITH((void)split_range("a...b"),
                    "'a...b': a changelog is between an older and a newer revision; use A..B, "
                    "not A...B");
  CHECK_THROWS_AS((void)split_range("a..."), UsageError);
  try {
    (void)split_range("v1...v2");
    FAIL("no error");
  } catch (const UsageError& error) {
    CHECK(error.exit_code() == k_exit_usage);
  }
}

TEST_CASE("changelog: a commit keeps its texts in one string; its reason and waivers can be set")
{
  changelog::CommitRef c("c0ffee", "Add a limit", "Ada", "2026-01-01T00:00:00Z", "low", "safer");
  CHECK(c.commit() == "c0ffee");
  CHECK(c.subject() == "Add a limit");
  CHECK(c.author() == "Ada");
  CHECK(c.date() == "2026-01-01T00:00:00Z");
  CHECK(c.safety_impact() == "low");
  CHECK(c.rationale() == "safer");
  CHECK(c.reason().empty());
  CHECK(c.waived().empty());
  c.set_reason(c.rationale()); // a view of its own text
  c.set_waived("rule: why (approved by Q)");
  CHECK(c.reason() == "safer");
  CHECK(c.waived() == "rule: why (approved by Q)");
  CHECK(c.subject() == "Add a limit");
  CHECK(c.rationale() == "safer");
  const changelog::CommitRef none;
  CHECK(none.commit().empty());
  CHECK(none.waived().empty());
}

TEST_SUITE_END();
