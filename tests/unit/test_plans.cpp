// Plans as controlled items: Markdown headings, section names, and the policy and registry
// keys that describe plans.

#include "core/plans/plans.hpp"
#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"
#include "core/workspace/workspace.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trail;

namespace {

// "level:line:text" per heading, one string for an exact comparison.
std::string headings_of(std::string_view text)
{
  std::string out;
  for (const auto& h : plans::markdown_headings(text)) {
    out += std::to_string(h.level) + ":" + std::to_string(h.line) + ":" + h.text + "\n";
  }
  return out;
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

const char* const k_plan_policy = R"([kinds.plan]
pattern = 'PLAN-\d+'
states = ["draft", "approved", "retired"]
[kinds.requirement]
pattern = 'SRS-\d+'
)";

std::string registry_errors(std::string_view items)
{
  const auto policy = policy::parse_policy(k_plan_policy, "trail.toml");
  try {
    (void)registry::load_registry(policy, {{"docs/plans/plans.toml", std::string(items)}});
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  FAIL("the registry loaded without an error");
  return {};
}

} // namespace

TEST_CASE("markdown headings: ATX levels, closing #s, and what is not a heading")
{
  CHECK(headings_of("# Title\n"
                    "text\n"
                    "## 1. Scope ##\n"
                    "###### Six\n"
                    "####### seven is text\n"
                    "#hashtag is text\n"
                    "   ### Indented three\n"
                    "    # indented four is code\n"
                    "## Trailing C# \n"
                    "#\n") == "1:1:Title\n"
                              "2:3:1. Scope\n"
                              "6:4:Six\n"
                              "3:7:Indented three\n"
                              "2:9:Trailing C#\n"
                              "1:10:\n");
}

TEST_CASE("markdown headings: fenced code blocks hide headings until the fence closes")
{
  CHECK(headings_of("# One\n"
                    "```sh\n"
                    "# a shell comment\n"
                    "~~~\n"
                    "# still code\n"
                    "```\n"
                    "## Two\n"
                    "~~~~\n"
                    "# code\n"
                    "~~~\n"
                    "# code: the closing fence is shorter\n"
                    "~~~~~\n"
                    "### Three\n"
                    "````\n"
                    "# unclosed: code to the end\n") == "1:1:One\n"
                                                        "2:7:Two\n"
                                                        "3:13:Three\n");
}

TEST_CASE("markdown headings: setext after a paragraph, not after a blank line or a list")
{
  CHECK(headings_of("Plan title\n"
                    "==========\n"
                    "\n"
                    "Scope of\n"
                    "the plan\n"
                    "---\n"
                    "\n"
                    "---\n"
                    "- a list item\n"
                    "---\n"
                    "Text\r\n"
                    "--- \r\n") == "1:1:Plan title\n"
                                   "2:4:Scope of the plan\n"
                                   "2:11:Text\n");
  // A list item ends the paragraph before it: the --- under it is a break, not a heading.
  CHECK(headings_of("Intro\n- item\n---\n> quote\n===\n").empty());
}

TEST_CASE("section keys: case, spaces and leading numbering do not matter")
{
  CHECK(plans::section_key("Scope") == "scope");
  CHECK(plans::section_key("  1.2   Scope  of the   Plan ") == "scope of the plan");
  CHECK(plans::section_key("1. Scope") == "scope");
  CHECK(plans::section_key("2) Life cycle") == "life cycle");
  CHECK(plans::section_key("A.1 Records") == "records");
  CHECK(plans::section_key("1.2Scope") == "1.2scope");
  CHECK(plans::section_key("SOUP") == "soup");
}

TEST_CASE("policy: kinds named plan are plans; approved_states and [plans] are read")
{
  const auto policy = policy::parse_policy(R"([kinds.plan]
pattern = 'PLAN-\d+'
states = ["draft", "approved", "released", "retired"]
approved_states = ["approved", "released"]
[kinds.procedure]
pattern = 'SOP-\d+'
role = "plan"
[plans.development]
sections = ["Scope", "Life cycle"]
[plans.maintenance]
)",
                                           "trail.toml");
  REQUIRE(policy.kinds.size() == 2);
  CHECK(policy.kinds[0].role == policy::KindRole::plan);
  CHECK(policy.kinds[0].approved_states == std::vector<std::string>{"approved", "released"});
  CHECK(policy.kinds[1].role == policy::KindRole::plan);
  CHECK(policy.kinds[1].approved_states == std::vector<std::string>{"approved"});
  REQUIRE(policy.plans.size() == 2);
  CHECK(policy.plans[0].type == "development");
  CHECK(policy.plans[0].sections == std::vector<std::string>{"Scope", "Life cycle"});
  CHECK(policy.plans[0].where.line == 8);
  CHECK(policy.plans[1].type == "maintenance");
  CHECK(policy.plans[1].sections.empty());
}

TEST_CASE("policy: plan errors name file, line and column")
{
  CHECK(
      policy_errors("[plans.developmnet]\nsections = [\"Scope\"]\n") ==
      R"(trail.toml:1:8: error: unknown plan type 'developmnet' in plans; did you mean 'development'?
    1 | [plans.developmnet]
      |        ^)");
  CHECK(
      policy_errors("[plans.development]\nsection = [\"Scope\"]\n") ==
      R"(trail.toml:2:1: error: unknown key 'section' in plans.development; did you mean 'sections'?
    2 | section = ["Scope"]
      | ^)");
  CHECK(policy_errors("[plans.development]\nsections = [\"Scope\", \" \"]\n") ==
        R"(trail.toml:2:22: error: plans.development.sections has an empty section
    2 | sections = ["Scope", " "]
      |                      ^)");
  CHECK(
      policy_errors("[kinds.requirement]\npattern = 'SRS-\\d+'\napproved_states = "
                    "[\"approved\"]\n") ==
      R"(trail.toml:3:19: error: kinds.requirement.approved_states is for plans and for kinds with approvals, but kind 'requirement' has neither role = "plan" nor approvals
    3 | approved_states = ["approved"]
      |                   ^)");
  CHECK(
      policy_errors("[kinds.plan]\npattern = 'PLAN-\\d+'\nstates = [\"draft\", \"approved\"]\n"
                    "approved_states = [\"aproved\"]\n") ==
      R"(trail.toml:4:20: error: unknown state 'aproved' in kinds.plan.approved_states; did you mean 'approved'?
    4 | approved_states = ["aproved"]
      |                    ^)");
  CHECK(
      policy_errors("[kinds.plan]\npattern = 'PLAN-\\d+'\nstates = [\"draft\", \"signed\"]\n") ==
      R"(trail.toml:1:1: error: kinds.plan has no state "approved"; name the states in which a plan counts as approved with approved_states = [...]
    1 | [kinds.plan]
      | ^)");
}

TEST_CASE("registry: plan items carry their type and document")
{
  const auto policy = policy::parse_policy(k_plan_policy, "trail.toml");
  const auto registry = registry::load_registry(policy,
                                                {{"docs/plans/plans.toml",
                                                  R"([[items]]
id = "PLAN-1"
status = "draft"
plan = "development"
document = "docs/plans/development.md"
)"}});
  const auto* item = registry.find("PLAN-1");
  REQUIRE(item != nullptr);
  CHECK(item->plan == "development");
  CHECK(item->document == "docs/plans/development.md");
  CHECK(item->document_where.line == 5);
  CHECK(item->document_where.column == 12);
}

TEST_CASE("registry: plan errors name file, line and column")
{
  CHECK(
      registry_errors(R"([[items]]
id = "PLAN-1"
status = "draft"
plan = "developement"
document = "docs/plans/development.md"
)") ==
      R"(docs/plans/plans.toml:4:8: error: unknown plan type 'developement' in items[0].plan; did you mean 'development'?
    4 | plan = "developement"
      |        ^)");
  CHECK(registry_errors(R"([[items]]
id = "PLAN-1"
status = "draft"
plan = "development"
)") == R"(docs/plans/plans.toml:1:1: error: missing required key 'document' in items[0]
    1 | [[items]]
      | ^)");
  CHECK(
      registry_errors(R"([[items]]
id = "PLAN-1"
status = "draft"
plan = "development"
document = "../outside.md"
)") ==
      R"(docs/plans/plans.toml:5:12: error: items[0].document '../outside.md' is not a file path in the repository; write it from the top of the repository, like "docs/plans/development.md"
    5 | document = "../outside.md"
      |            ^)");
  CHECK(
      registry_errors(R"([[items]]
id = "SRS-1"
plan = "development"
)") ==
      R"(docs/plans/plans.toml:3:8: error: items[0].plan is a plan field, but kind 'requirement' does not have role = "plan"
    3 | plan = "development"
      |        ^)");
  CHECK(
      registry_errors(R"([[items]]
id = "PLAN-1"
status = "approved"
plan = "development"
document = "a.md"
[[items]]
id = "PLAN-2"
status = "draft"
plan = "development"
document = "b.md"
[[items]]
id = "PLAN-3"
status = "retired"
plan = "development"
document = "c.md"
)") ==
      R"(docs/plans/plans.toml:6:1: error: a second development plan: PLAN-2 and PLAN-1 (docs/plans/plans.toml:1) are both in a state that is not closed; retire one of them
    6 | [[items]]
      | ^)");
}

TEST_CASE("plan_statuses: every type asked for or named, with document, sections and release")
{
  unit::TempRepo repo;
  repo.write("trail.toml", std::string(k_plan_policy) + R"([registry]
files = ["docs/*.toml"]
[plans.development]
sections = ["Scope", "Tools"]
[plans.verification]
)");
  repo.write("docs/plans.toml", R"([[items]]
id = "PLAN-1"
status = "approved"
plan = "development"
document = "docs/dev.md"
[[items]]
id = "PLAN-2"
status = "retired"
plan = "maintenance"
document = "docs/old.md"
)");
  repo.write("docs/dev.md", "# Development plan\n\n## 1. Scope\n");
  const std::string first = repo.commit_all("Plans");
  repo.git({"tag", "v1.0"});
  repo.write("docs/dev.md", "# Development plan\n\n## 1. Scope\n\nTools\n=====\n");
  const std::string second = repo.commit_all("Tools");

  const auto git = git::Repository::open_at(repo.path.string());
  const auto policy = policy::parse_policy(*git.read_file_at(second, "trail.toml"), "trail.toml");
  const auto registry = workspace::registry_at(git, policy, second);
  REQUIRE(registry.has_value());
  const auto statuses = plans::plan_statuses(git, policy, *registry, "HEAD");
  REQUIRE(statuses.size() == 3);

  const auto& development = statuses[0];
  CHECK(development.type == "development");
  CHECK(development.required);
  CHECK(development.id == "PLAN-1");
  CHECK(development.approved);
  CHECK(development.document_found);
  REQUIRE(development.sections.size() == 2);
  REQUIRE(development.sections[1].heading.has_value());
  CHECK(development.sections[1].heading->line == 5);
  REQUIRE(development.last_change.has_value());
  CHECK(development.last_change->commit == second);
  CHECK(development.release_tag == "v1.0");
  CHECK(development.release_commit == first);
  CHECK(development.changed_since_release);
  CHECK(development.gaps().empty());

  // Only a retired item names it: reported, not approved, its document missing.
  const auto& maintenance = statuses[1];
  CHECK(maintenance.type == "maintenance");
  CHECK_FALSE(maintenance.required);
  CHECK(maintenance.closed);
  CHECK(maintenance.gaps() ==
        std::vector<std::string>{"PLAN-2 is 'retired', not in an approved state",
                                 "docs/old.md is not in the tree"});

  const auto& verification = statuses[2];
  CHECK(verification.type == "verification");
  CHECK(verification.id.empty());
  CHECK(verification.gaps() ==
        std::vector<std::string>{"no registry item has plan = \"verification\""});

  // At the tag itself: no previous release, the section not there yet.
  const auto at_tag = plans::plan_statuses(git, policy, *registry, "v1.0");
  CHECK(at_tag[0].release_tag.empty());
  CHECK(at_tag[0].missing_sections() == std::vector<std::string>{"Tools"});
  CHECK(at_tag[0].last_change->commit == first);
}
