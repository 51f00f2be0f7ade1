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
  const auto diagnostics =
      rules::evaluate(policy, facts_for(policy, "Add a much longer subject\n"));
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
      rules::evaluate(policy,
                      facts_for(policy,
                                "Add notes\n\nImplements: SRS-1, SRS2\nSafety-Impact: Medium\n",
                                {},
                                std::nullopt));
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
  const auto facts =
      facts_for(policy, "Tune dosing\n\nImplements: SRS-4\n", {"docs/a.md", "src/dosing/pump.c"});
  const auto diagnostics = rules::evaluate(policy, facts);
  REQUIRE(diagnostics.size() == 3);
  CHECK(diagnostics[0].message ==
        "changes to src/dosing/pump.c (src/dosing/**) need a link: fixes");
  CHECK(diagnostics[0].hint ==
        "add 'Fixes: <problem-report ID>' to the trailers at the end of the message");
  CHECK(diagnostics[1].message ==
        "changes to src/dosing/pump.c (src/dosing/**) need a Reviewed-by trailer");
  CHECK(diagnostics[1].hint ==
        "add 'Reviewed-by: <name> <email>' to the trailers at the end of the message");
  CHECK(diagnostics[2].message ==
        "changes to src/dosing/pump.c (src/dosing/**) need a Signed-off-by trailer");
  CHECK(diagnostics[2].hint == "add 'Signed-off-by: Ada <ada@example.com>' to the trailers at the "
                               "end of the message (git commit -s does it)");
}

TEST_CASE("rules: any_relation names every trailer that would satisfy it")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto facts =
      facts_for(policy,
                "Tune dosing\n\nReviewed-by: R <r@x>\nSigned-off-by: Ada <ada@example.com>\n",
                {"src/dosing/pump.c"});
  const auto diagnostics = rules::evaluate(policy, facts);
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].message ==
        "changes to src/dosing/pump.c (src/dosing/**) need a link: implements or fixes");
  CHECK(diagnostics[0].hint == "add 'Implements: <requirement ID>' or 'Fixes: <problem-report ID>' "
                               "to the trailers at the end of the message");
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
    CHECK(rule_ids(rules::evaluate(policy, facts_for(policy, "WIP: notes\n"))) ==
          std::vector<std::string>{"main-clean"});
    CHECK(rule_ids(rules::evaluate(policy, facts_for(policy, "[WIP] notes\n"))) ==
          std::vector<std::string>{"main-clean"});
    CHECK(rules::evaluate(policy, facts_for(policy, "Wipe the cache\n")).empty());
  }
  SUBCASE("autosquash subjects")
  {
    const auto diagnostics = rules::evaluate(policy, facts_for(policy, "fixup! Add notes\n"));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].message == "fixup!/squash!/amend! commit on branch main");
    CHECK(diagnostics[0].hint == "squash it first: git rebase -i --autosquash");
    CHECK(rule_ids(rules::evaluate(policy, facts_for(policy, "squash! Add notes\n"))) ==
          std::vector<std::string>{"main-clean"});
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
  const auto facts =
      facts_for(policy,
                "Tune dosing\n\nFixes: PR-1\nReviewed-by:\nSigned-off-by: Ada <ada@example.com>\n",
                {"src/dosing/pump.c"});
  const auto diagnostics = rules::evaluate(policy, facts);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].message ==
        "changes to src/dosing/pump.c (src/dosing/**) need a Reviewed-by trailer");
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
    const auto diagnostics =
        rules::evaluate(policy, facts_for(policy, "Edit\n", {"docs/released/v1.md"}));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].rule == "frozen");
    CHECK(diagnostics[0].message == "changes to docs/released/v1.md (docs/released/**) are not "
                                    "allowed: released documents change only "
                                    "through a new release");
  }
  SUBCASE("the author approving their own change is no approval; someone else is")
  {
    const auto self = rules::evaluate(
        policy, facts_for(policy, "Edit\n\nReviewed-by: Ada <ADA@example.com>\n", {"src/a.c"}));
    REQUIRE(self.size() == 1);
    CHECK(self[0].message == "changes to src/a.c (src/**) need an approval by someone other than "
                             "the author (Ada <ada@example.com>)");
    CHECK(self[0].hint == "add 'Reviewed-by: <name> <email>' or 'Approved-by: <name> <email>' to "
                          "the trailers at the end "
                          "of the message naming the reviewer");
    CHECK(rules::evaluate(
              policy, facts_for(policy, "Edit\n\nApproved-by: Bo <bo@example.com>\n", {"src/a.c"}))
              .empty());
    CHECK_FALSE(
        rules::evaluate(policy, facts_for(policy, "Edit\n\nReviewed-by: Ada\n", {"src/a.c"}))
            .empty());
  }
}

namespace {

const std::string k_flow_base = R"(
[kinds.requirement]
pattern = 'SRS-\d+'
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
Reviewed-by = { role = "approval" }
[[rules]]
id = "src"
when = { paths = ["src/**"] }
require = { any_relation = ["implements"] }
)";

const std::string k_flow_policy = k_flow_base + R"(
[[rules]]
id = "protected"
when = { branches = ["main"] }
forbid = { autosquash = true }
)";

const std::string k_link_hint =
    "add 'Implements: <requirement ID>' to the trailers at the end of the message";

} // namespace

TEST_CASE("rules: fixup!/squash!/amend! commits are judged where they land")
{
  const auto policy = policy::parse_policy(k_flow_policy, "trail.toml");
  SUBCASE("off a protected branch no link is asked: they are squashed before they land")
  {
    for (const char* message :
         {"fixup! Add a\n", "squash! Add a\n", "amend! Add a\n\nAdd a, better\n"}) {
      CHECK(rules::squashed_later(policy, facts_for(policy, message, {"src/a.c"}, "topic")));
      CHECK(rules::evaluate(policy, facts_for(policy, message, {"src/a.c"}, "topic")).empty());
    }
  }
  SUBCASE("on a protected branch the forbidding rule refuses them, alone")
  {
    CHECK(rule_ids(
              rules::evaluate(policy, facts_for(policy, "fixup! Add a\n", {"src/a.c"}, "main"))) ==
          std::vector<std::string>{"protected"});
  }
  SUBCASE("with no branch known they are judged like any other commit, and the hint says so")
  {
    const auto diagnostics =
        rules::evaluate(policy, facts_for(policy, "fixup! Add a\n", {"src/a.c"}, std::nullopt));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].rule == "src");
    CHECK(diagnostics[0].hint ==
          k_link_hint +
              "; this is a fixup! commit, judged like any other because its branch is not known: "
              "squash it into its target first (git rebase -i --autosquash)");
  }
  SUBCASE("a subject that only looks alike is an ordinary commit")
  {
    CHECK(rule_ids(
              rules::evaluate(policy, facts_for(policy, "fixup!Add a\n", {"src/a.c"}, "topic"))) ==
          std::vector<std::string>{"src"});
  }
}

TEST_CASE("rules: without a rule keeping autosquash commits off every path, fixups need links")
{
  const std::string path_scoped = k_flow_base + R"(
[[rules]]
id = "docs"
when = { paths = ["docs/**"] }
forbid = { autosquash = true }
)";
  for (const auto& text : {k_flow_base, path_scoped}) {
    const auto policy = policy::parse_policy(text, "trail.toml");
    const auto diagnostics =
        rules::evaluate(policy, facts_for(policy, "squash! Add a\n", {"src/a.c"}, "topic"));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].hint ==
          k_link_hint +
              "; this is a squash! commit, judged like any other because no rule without a path "
              "scope forbids autosquash commits: squash it into its target first (git rebase -i "
              "--autosquash)");
  }
}

TEST_CASE("rules: the commits a revert names")
{
  const std::string a(40, 'a');
  const std::string b(40, 'b');
  CHECK(rules::reverted_commits("Revert \"x\"\n\nThis reverts commit " + a + ".\n") ==
        std::vector<std::string>{a});
  CHECK(rules::reverted_commits("Revert \"m\"\n\nThis reverts commit " + a +
                                ", reversing\nchanges made to " + b + ".\n") ==
        std::vector<std::string>{a});
  CHECK(rules::reverted_commits("x\n\nThis reverts commit " + a + ".\nThis reverts commit " + b +
                                ".\nThis reverts commit " + a + ".\n") ==
        std::vector<std::string>{a, b});
  CHECK(rules::reverted_commits("x\n\nIt says: This reverts commit " + a + ".\n").empty());
  CHECK(rules::reverted_commits("x\n\nThis reverts commit HEAD~1.\n").empty());
}

TEST_CASE("rules: inherited links satisfy require, and a revert's note is added to link hints")
{
  const auto policy = policy::parse_policy(k_flow_policy, "trail.toml");
  auto facts =
      facts_for(policy, "Revert \"Add a\"\n\nThis reverts commit 0123456.\n", {"src/a.c"}, "topic");
  facts.revert_note = "this reverts 0123456, which has no links either";
  auto diagnostics = rules::evaluate(policy, facts);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].hint == k_link_hint + "; this reverts 0123456, which has no links either");
  facts.revert_note.clear();
  facts.inherited_links.push_back({"implements", "requirement", "SRS-1", "Implements", 3});
  CHECK(rules::evaluate(policy, facts).empty());
}

TEST_CASE("rules: a trailer line that git does not read as a trailer is named in the hint")
{
  const auto policy = policy::parse_policy(k_flow_policy, "trail.toml");
  SUBCASE("left in the body, as a squash leaves it")
  {
    const auto diagnostics = rules::evaluate(
        policy,
        facts_for(policy, "Add a\n\nImplements: SRS-1\nReviewed-by: Bo\n\nTidy a\n", {"src/a.c"}));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].hint ==
          k_link_hint +
              "; line 3 'Implements: SRS-1' is not read as a trailer: it is outside the trailer "
              "block, move it into the last paragraph");
  }
  SUBCASE("in a last paragraph that is no trailer block")
  {
    const auto diagnostics = rules::evaluate(
        policy, facts_for(policy, "Add a\n\nImplements: SRS-1\nas agreed\n", {"src/a.c"}));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].hint ==
          k_link_hint +
              "; line 3 'Implements: SRS-1' is not read as a trailer: the last paragraph must hold "
              "trailers only, move the other lines above it");
  }
  SUBCASE("keys that are not the policy's, and trailers in place, are not named")
  {
    const auto diagnostics = rules::evaluate(
        policy, facts_for(policy, "Add a\n\nNote: SRS-1 later\n\nReviewed-by: Bo\n", {"src/a.c"}));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].hint == k_link_hint);
  }
}

TEST_CASE("rules: a fixup squashed later is held to its target's subject")
{
  const auto policy = policy::parse_policy(
      k_flow_policy + "[message]\nsubject_max_length = 12\nsubject_pattern = '^[A-Z]'\n",
      "trail.toml");
  CHECK(rules::evaluate(policy, facts_for(policy, "fixup! Add a dose\n", {"src/a.c"}, "topic"))
            .empty());
  CHECK(rules::evaluate(policy, facts_for(policy, "fixup! fixup! Add a dose\n", {}, "topic"))
            .empty());
  const auto diagnostics =
      rules::evaluate(policy, facts_for(policy, "squash! Add a maximum dose\n", {}, "topic"));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].message ==
        "the subject line without 'squash! ' is 18 characters long; the limit is 12");
  // Not squashed later (no branch known): the subject as written.
  CHECK(rule_ids(
            rules::evaluate(policy, facts_for(policy, "fixup! Add a dose\n", {}, std::nullopt))) ==
        std::vector<std::string>{"subject-length", "subject-pattern"});
}
