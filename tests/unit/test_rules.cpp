#include "core/links/links.hpp"
#include "core/message/trailers.hpp"
#include "core/policy/load.hpp"
#include "core/rules/rules.hpp"

#include <doctest/doctest.h>

using namespace trail;

namespace {

const char* const k_policy = R"(
[kinds.requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
Fixes = { relation = "fixes", kinds = ["problem-report"] }
Safety-Impact = { values = ["none", "low", "high"] }
Reviewed-by = { role = "approval" }
Signed-off-by = { role = "signoff" }
[message]
subject_max_length = 20
subject_pattern = '^[^a-z]|^(fixup|squash)! '
[[rules]]
id = "dosing"
when = { paths = ["src/dosing/**"], branches = ["main"] }
require = { any_relation = ["implements", "fixes"], all_relations = ["fixes"], trailers = ["Reviewed-by"], signoff = true }
[[rules]]
id = "main-clean"
when = { branches = ["main"] }
forbid = { wip = true, autosquash = true, subject = '^Revert' }
)";

// Returns the facts of MESSAGE on BRANCH changing PATHS, read with the test policy.
rules::CommitFacts facts_for(const policy::Policy& policy,
                             const std::string& message,
                             std::vector<std::string> paths = {},
                             std::optional<std::string> branch = "main")
{
  rules::CommitFacts facts;
  facts.message = message;
  facts.trailers = message::parse_trailers(message);
  facts.links = links::extract_links(policy, facts.trailers);
  facts.changed_paths = std::move(paths);
  facts.branch = std::move(branch);
  facts.author_name = "Ada";
  facts.author_email = "ada@example.com";
  return facts;
}

std::vector<std::string> rule_ids(const std::vector<rules::Diagnostic>& diagnostics)
{
  std::vector<std::string> ids;
  for (const auto& d : diagnostics) {
    ids.push_back(d.rule);
  }
  return ids;
}

} // namespace

TEST_CASE("rules: a clean message gives no diagnostics")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  CHECK(rules::evaluate(policy, facts_for(policy, "Add notes\n")).empty());
}

TEST_CASE("rules: subject length counts characters, not bytes")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  CHECK(rules::evaluate(policy, facts_for(policy, "Überprüfe Grenzwert\n")).empty());
  const auto diagnostics = rules::evaluate(policy, facts_for(policy, "Add a much longer subject\n"));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].rule == "subject-length");
  CHECK(diagnostics[0].message == "the subject line is 25 characters long; the limit is 20");
  CHECK(diagnostics[0].line == 1);
}

TEST_CASE("rules: subject pattern")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto diagnostics = rules::evaluate(policy, facts_for(policy, "add notes\n"));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].message == "the subject line does not match '^[^a-z]|^(fixup|squash)! '");
}

TEST_CASE("rules: id format and trailer values are checked on every commit")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto diagnostics =
    rules::evaluate(policy, facts_for(policy, "Add notes\n\nImplements: SRS-1, SRS2\nSafety-Impact: Medium\n", {}, std::nullopt));
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].rule == "id-format");
  CHECK(diagnostics[0].message == "'SRS2' in trailer Implements is not an ID of an allowed kind");
  CHECK(diagnostics[0].hint == "write IDs that match requirement 'SRS-\\d+', separated by commas");
  CHECK(diagnostics[0].line == 3);
  CHECK(diagnostics[1].rule == "trailer-value");
  CHECK(diagnostics[1].message == "'Medium' is not an allowed value of Safety-Impact");
  CHECK(diagnostics[1].line == 4);
}

TEST_CASE("rules: trailer values compare case-insensitively")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  CHECK(rules::evaluate(policy, facts_for(policy, "Add notes\n\nSafety-Impact: HIGH\n")).empty());
}

TEST_CASE("rules: a path-and-branch scoped rule lists every missing piece")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto facts = facts_for(policy, "Tune dosing\n\nImplements: SRS-4\n", {"docs/a.md", "src/dosing/pump.c"});
  const auto diagnostics = rules::evaluate(policy, facts);
  REQUIRE(diagnostics.size() == 3);
  CHECK(diagnostics[0].message == "changes to src/dosing/pump.c (src/dosing/**) need a link: fixes");
  CHECK(diagnostics[0].hint == "add 'Fixes: <problem-report ID>' to the trailers at the end of the message");
  CHECK(diagnostics[1].message == "changes to src/dosing/pump.c (src/dosing/**) need a Reviewed-by trailer");
  CHECK(diagnostics[1].hint == "add 'Reviewed-by: <name> <email>' to the trailers at the end of the message");
  CHECK(diagnostics[2].message == "changes to src/dosing/pump.c (src/dosing/**) need a Signed-off-by trailer");
  CHECK(diagnostics[2].hint ==
        "add 'Signed-off-by: Ada <ada@example.com>' to the trailers at the end of the message (git commit -s does it)");
}

TEST_CASE("rules: any_relation names every trailer that would satisfy it")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto facts = facts_for(policy,
                               "Tune dosing\n\nReviewed-by: R <r@x>\nSigned-off-by: Ada <ada@example.com>\n",
                               {"src/dosing/pump.c"});
  const auto diagnostics = rules::evaluate(policy, facts);
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].message == "changes to src/dosing/pump.c (src/dosing/**) need a link: implements or fixes");
  CHECK(diagnostics[0].hint ==
        "add 'Implements: <requirement ID>' or 'Fixes: <problem-report ID>' to the trailers at the end of the message");
}

TEST_CASE("rules: scope by branch and by path")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto& dosing = policy.rules.at(0);
  CHECK(rules::in_scope(dosing, facts_for(policy, "x\n", {"src/dosing/a/b.c"})));
  CHECK_FALSE(rules::in_scope(dosing, facts_for(policy, "x\n", {"src/dosing.c"})));
  CHECK_FALSE(rules::in_scope(dosing, facts_for(policy, "x\n", {"src/dosing/a.c"}, "topic")));
  CHECK_FALSE(rules::in_scope(dosing, facts_for(policy, "x\n", {"src/dosing/a.c"}, std::nullopt)));
  CHECK_FALSE(rules::in_scope(dosing, facts_for(policy, "x\n", {})));
}

TEST_CASE("rules: forbidden subjects")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  SUBCASE("WIP and [WIP], but not words that start with wip")
  {
    CHECK(rule_ids(rules::evaluate(policy, facts_for(policy, "WIP: notes\n"))) == std::vector<std::string>{"main-clean"});
    CHECK(rule_ids(rules::evaluate(policy, facts_for(policy, "[WIP] notes\n"))) == std::vector<std::string>{"main-clean"});
    CHECK(rules::evaluate(policy, facts_for(policy, "Wipe the cache\n")).empty());
  }
  SUBCASE("autosquash subjects")
  {
    const auto diagnostics = rules::evaluate(policy, facts_for(policy, "fixup! Add notes\n"));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].message == "fixup!/squash!/amend! commit on branch main");
    CHECK(diagnostics[0].hint == "squash it first: git rebase -i --autosquash");
    CHECK(rule_ids(rules::evaluate(policy, facts_for(policy, "squash! Add notes\n"))) == std::vector<std::string>{"main-clean"});
    CHECK(rules::evaluate(policy, facts_for(policy, "fixup! Add notes\n", {}, "topic")).empty());
  }
  SUBCASE("a configured subject pattern")
  {
    const auto diagnostics = rules::evaluate(policy, facts_for(policy, "Revert notes\n"));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].message == "the subject line matches the forbidden pattern '^Revert'");
  }
}

TEST_CASE("rules: a required trailer with an empty value is missing")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto facts = facts_for(policy,
                               "Tune dosing\n\nFixes: PR-1\nReviewed-by:\nSigned-off-by: Ada <ada@example.com>\n",
                               {"src/dosing/pump.c"});
  const auto diagnostics = rules::evaluate(policy, facts);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].message == "changes to src/dosing/pump.c (src/dosing/**) need a Reviewed-by trailer");
}

TEST_CASE("rules: protected paths and independent approval")
{
  const auto policy = policy::parse_policy(R"(
[trailers]
Reviewed-by = { role = "approval" }
Approved-by = { role = "approval" }
[[rules]]
id = "frozen"
description = "released documents change only through a new release"
when = { paths = ["docs/released/**"] }
forbid = { change = true }
[[rules]]
id = "review"
when = { paths = ["src/**"] }
require = { approval = true }
)",
                                           "trail.toml");
  SUBCASE("a change to a protected path is refused, with the rule's reason")
  {
    const auto diagnostics = rules::evaluate(policy, facts_for(policy, "Edit\n", {"docs/released/v1.md"}));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].rule == "frozen");
    CHECK(diagnostics[0].message ==
          "changes to docs/released/v1.md (docs/released/**) are not allowed: released documents change only "
          "through a new release");
  }
  SUBCASE("the author approving their own change is no approval; someone else is")
  {
    const auto self = rules::evaluate(policy, facts_for(policy, "Edit\n\nReviewed-by: Ada <ADA@example.com>\n", {"src/a.c"}));
    REQUIRE(self.size() == 1);
    CHECK(self[0].message == "changes to src/a.c (src/**) need an approval by someone other than the author (Ada <ada@example.com>)");
    CHECK(self[0].hint == "add 'Reviewed-by: <name> <email>' or 'Approved-by: <name> <email>' to the trailers at the end "
                          "of the message naming the reviewer");
    CHECK(rules::evaluate(policy, facts_for(policy, "Edit\n\nApproved-by: Bo <bo@example.com>\n", {"src/a.c"})).empty());
    CHECK_FALSE(rules::evaluate(policy, facts_for(policy, "Edit\n\nReviewed-by: Ada\n", {"src/a.c"})).empty());
  }
}
