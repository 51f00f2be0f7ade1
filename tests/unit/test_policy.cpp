// verifies: GT-15
#include "core/policy/load.hpp"
#include "core/policy/policy.hpp"
#include "core/util/embedded.hpp"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <string>
#include <string_view>

using namespace trail::policy;

namespace {

// Returns the formatted problems parse_policy reports for TEXT read from "trail.toml".
std::string errors_of(std::string_view text)
{
  try {
    (void)parse_policy(text, "trail.toml");
  } catch (const PolicyError& error) {
    return error.what();
  }
  FAIL("the policy loaded without an error");
  return {};
}

Policy load(std::string_view text)
{
  return parse_policy(text, "trail.toml");
}

// Returns the ID that KIND's pattern yields for TEXT, or "" when TEXT is not such an ID.
std::string id_of(const Kind& kind, const std::string& text)
{
  const RE2& regex = *kind.pattern.regex;
  if (regex.NumberOfCapturingGroups() == 0) {
    return RE2::FullMatch(text, regex) ? text : std::string();
  }
  std::string id;
  return RE2::FullMatch(text, regex, &id) ? id : std::string();
}

constexpr std::string_view k_full_example = R"(
[project]
name = "Infusion pump controller"
safety_class = "C"
baseline = "v0.9.0"

[kinds.requirement]
pattern = 'SRS-\d+'
description = "Software requirement"

[kinds.bug]
pattern = '#(\d+)'
external = true

[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
Closes-Bug = { relation = "fixes", kinds = ["bug"], role = "link" }
Refs = { relation = "refs" }
Safety-Impact = { values = ["none", "low", "high"] }
Reviewed-by = { role = "approval" }
Signed-off-by = { role = "signoff" }
Safety-Rationale = { role = "text" }

[message]
subject_max_length = 50
subject_pattern = '^[A-Z]'
require_signoff = true
check_id_format = false

[prepare]
link_from_branch = true
branch_pattern = '^(?:feature|bugfix|fix)/((?:SRS|PR|CR|RC)-\d+)'
trailer = "implements"

[registry]
files = ["docs/requirements/*.toml"]

[[configuration_items]]
name = "dosing"
paths = ["src/dosing/**"]
class = "C"

[[configuration_items]]
name = "ui"
paths = ["src/ui/**", "assets/**"]
class = "B"

[[rules]]
id = "class-c-needs-link"
description = "Class C changes trace to a requirement"
when = { paths = ["src/dosing/**"], branches = ["main", "release/*"] }
require = { any_relation = ["implements", "fixes"], all_relations = ["refs"], trailers = ["reviewed-BY", "Safety-Impact"], signoff = true }

[[rules]]
id = "no-reverts"
forbid = { wip = true, autosquash = true, subject = '^Revert' }
)";

} // namespace

TEST_SUITE_BEGIN("policy");

TEST_CASE("policy: the default policy loads")
{
  const Policy policy = default_policy();
  CHECK(policy.source == "<default policy>");
  CHECK(policy.text == *trail::util::embedded_file("templates/trail.toml"));

  REQUIRE(policy.kinds.size() == 7);
  CHECK(policy.kinds[0].name == "requirement");
  CHECK(policy.kinds[1].name == "problem-report");
  CHECK(policy.kinds[2].name == "change-request");
  CHECK(policy.kinds[3].name == "risk-control");
  CHECK(policy.kinds[4].name == "test-case");
  CHECK(policy.kinds[5].name == "soup");
  CHECK(policy.kinds[5].role == trail::policy::KindRole::soup);
  CHECK(policy.kinds[6].name == "plan");
  CHECK(policy.kinds[6].role == trail::policy::KindRole::plan);
  CHECK(policy.kinds[6].approved_states == std::vector<std::string>{"approved"});
  CHECK(id_of(policy.kinds[0], "SRS-12") == "SRS-12");
  CHECK(id_of(policy.kinds[0], "SRS-12x").empty());
  CHECK(id_of(policy.kinds[4], "TC-3") == "TC-3");

  CHECK(policy.trailers.size() == 13);
  const TrailerSpec* implements = policy.find_trailer("Implements");
  REQUIRE(implements != nullptr);
  CHECK(implements->role == TrailerRole::link);
  CHECK(implements->relation == "implements");
  CHECK(implements->kinds == std::vector<std::string>{"requirement"});
  CHECK(policy.find_trailer("Refs")->kinds.empty());
  CHECK(policy.find_trailer("Problem-Report")->relation == "fixes");
  CHECK(policy.find_trailer("Change-Request")->relation == "authorized-by");
  CHECK(policy.find_trailer("Risk-Control")->kinds == std::vector<std::string>{"risk-control"});
  CHECK(policy.find_trailer("Verifies")->kinds ==
        std::vector<std::string>{"requirement", "risk-control"});
  CHECK(policy.find_trailer("Safety-Impact")->values ==
        std::vector<std::string>{"none", "low", "high"});
  CHECK(policy.find_trailer("Approved-by")->role == TrailerRole::approval);
  CHECK(policy.find_trailer("Signed-off-by")->role == TrailerRole::signoff);
  CHECK(policy.find_trailer("SOUP-Change")->role == TrailerRole::text);

  CHECK(policy.message.subject_max_length == 72);
  CHECK_FALSE(policy.message.subject_pattern.has_value());
  CHECK_FALSE(policy.message.require_signoff);
  CHECK(policy.message.check_id_format);

  CHECK(policy.prepare.link_from_branch);
  REQUIRE(policy.prepare.branch_pattern.has_value());
  std::string id;
  CHECK(RE2::PartialMatch("feature/SRS-12-dose-limit", *policy.prepare.branch_pattern->regex, &id));
  CHECK(id == "SRS-12");
  CHECK(policy.prepare.trailer.empty());

  REQUIRE(policy.rules.size() == 1);
  CHECK(policy.rules[0].id == "no-autosquash-on-protected");
  CHECK(policy.rules[0].when.branches == std::vector<std::string>{"main", "master", "release/*"});
  CHECK(policy.rules[0].when.paths.empty());
  CHECK(policy.rules[0].forbid.wip);
  CHECK(policy.rules[0].forbid.autosquash);
  CHECK(policy.configuration_items.empty());
  CHECK(policy.registry.files.size() == 5);
  // [plans.*]: every plan type, each with the sections of the starter set.
  REQUIRE(policy.plans.size() == 7);
  for (size_t i = 0; i < policy.plans.size(); ++i) {
    CHECK(policy.plans[i].type == trail::policy::k_plan_types[i]);
    CHECK_FALSE(policy.plans[i].sections.empty());
  }
}

TEST_CASE("policy: a full example loads with the expected values")
{
  const Policy policy = load(k_full_example);
  CHECK(policy.source == "trail.toml");
  CHECK(policy.text == k_full_example);
  CHECK(policy.project.name == "Infusion pump controller");
  CHECK(policy.project.safety_class == "C");
  CHECK(policy.project.baseline == "v0.9.0");

  REQUIRE(policy.kinds.size() == 2);
  const Kind& requirement = policy.kinds[0];
  CHECK(requirement.name == "requirement");
  CHECK(requirement.pattern.source == "SRS-\\d+");
  CHECK(requirement.description == "Software requirement");
  CHECK_FALSE(requirement.external);
  CHECK(requirement.where.file == "trail.toml");
  CHECK(requirement.where.line == 7);
  CHECK(requirement.where.column == 8);
  const Kind& bug = policy.kinds[1];
  CHECK(bug.external);
  CHECK(id_of(bug, "#1234") == "1234");

  REQUIRE(policy.trailers.size() == 7);
  CHECK(policy.trailers[0].key == "Implements");
  CHECK(policy.trailers[0].where.line == 16);
  CHECK(policy.trailers[1].key == "Closes-Bug");
  CHECK(policy.trailers[1].relation == "fixes");
  CHECK(policy.trailers[2].role == TrailerRole::link);
  CHECK(policy.trailers[2].kinds.empty());
  CHECK(policy.trailers[3].role == TrailerRole::value);
  CHECK(policy.trailers[4].role == TrailerRole::approval);
  CHECK(policy.trailers[5].role == TrailerRole::signoff);
  CHECK(policy.trailers[6].role == TrailerRole::text);

  CHECK(policy.message.subject_max_length == 50);
  CHECK(policy.message.subject_pattern->source == "^[A-Z]");
  CHECK(policy.message.require_signoff);
  CHECK_FALSE(policy.message.check_id_format);

  CHECK(policy.prepare.link_from_branch);
  CHECK(policy.prepare.trailer == "Implements");
  CHECK(policy.registry.files == std::vector<std::string>{"docs/requirements/*.toml"});

  REQUIRE(policy.configuration_items.size() == 2);
  CHECK(policy.configuration_items[0].name == "dosing");
  CHECK(policy.configuration_items[0].safety_class == "C");
  CHECK(policy.configuration_items[1].paths == std::vector<std::string>{"src/ui/**", "assets/**"});
  CHECK(policy.configuration_items[1].where.line == 43);

  REQUIRE(policy.rules.size() == 2);
  const Rule& rule = policy.rules[0];
  CHECK(rule.id == "class-c-needs-link");
  CHECK(rule.description == "Class C changes trace to a requirement");
  CHECK(rule.when.paths == std::vector<std::string>{"src/dosing/**"});
  CHECK(rule.when.branches == std::vector<std::string>{"main", "release/*"});
  CHECK(rule.require.any_relation == std::vector<std::string>{"implements", "fixes"});
  CHECK(rule.require.all_relations == std::vector<std::string>{"refs"});
  // Trailer names are stored in the spelling [trailers] gives them.
  CHECK(rule.require.trailers == std::vector<std::string>{"Reviewed-by", "Safety-Impact"});
  CHECK(rule.require.signoff);
  CHECK(rule.where.line == 48);
  const Rule& forbid = policy.rules[1];
  CHECK(forbid.forbid.wip);
  CHECK(forbid.forbid.autosquash);
  CHECK(forbid.forbid.subject->source == "^Revert");
  CHECK(forbid.when.paths.empty());
}

TEST_CASE("policy: an empty file is a valid policy with the defaults")
{
  const Policy policy = load("");
  CHECK(policy.kinds.empty());
  CHECK(policy.trailers.empty());
  CHECK(policy.message.subject_max_length == 72);
  CHECK(policy.message.check_id_format);
  CHECK_FALSE(policy.prepare.link_from_branch);
}

TEST_CASE("policy: find_trailer ignores ASCII case and find_kind does not")
{
  const Policy policy = load(k_full_example);
  CHECK(policy.find_trailer("implements") == &policy.trailers[0]);
  CHECK(policy.find_trailer("IMPLEMENTS") == &policy.trailers[0]);
  CHECK(policy.find_trailer("Implement") == nullptr);
  CHECK(policy.find_trailer("") == nullptr);
  CHECK(policy.find_kind("bug") == &policy.kinds[1]);
  CHECK(policy.find_kind("Bug") == nullptr);
}

TEST_CASE("policy: a TOML syntax error is reported where toml++ found it")
{
  CHECK(
      errors_of("[project]\nname = \"pump\" x\n") ==
      R"(trail.toml:2:15: error: invalid TOML in key-value pair: expected a comment or whitespace, saw 'x'
    2 | name = "pump" x
      |               ^)");
}

TEST_CASE("policy: an unknown key suggests the closest allowed key")
{
  CHECK(
      errors_of("[trailers]\nImplements = { relaton = \"implements\" }\n") ==
      R"(trail.toml:2:16: error: unknown key 'relaton' in trailers.Implements; did you mean 'relation'?
    2 | Implements = { relaton = "implements" }
      |                ^)");
  CHECK(errors_of("[projct]\n") ==
        R"(trail.toml:1:2: error: unknown top-level key 'projct'; did you mean 'project'?
    1 | [projct]
      |  ^)");
  CHECK(errors_of("[message]\ncolour = true\n") ==
        R"(trail.toml:2:1: error: unknown key 'colour' in message
    2 | colour = true
      | ^)");
}

TEST_CASE("policy: a wrong type says what was expected and what was found")
{
  CHECK(
      errors_of("[message]\nsubject_max_length = \"72\"\n") ==
      R"(trail.toml:2:22: error: wrong type for message.subject_max_length: expected an integer, found a string
    2 | subject_max_length = "72"
      |                      ^)");
  CHECK(
      errors_of("[registry]\nfiles = \"docs/*.toml\"\n") ==
      R"(trail.toml:2:9: error: wrong type for registry.files: expected an array of strings, found a string
    2 | files = "docs/*.toml"
      |         ^)");
  CHECK(
      errors_of("[registry]\nfiles = [\"a\", 2]\n") ==
      R"(trail.toml:2:15: error: wrong type for registry.files[1]: expected a string, found an integer
    2 | files = ["a", 2]
      |               ^)");
  CHECK(errors_of("kinds = 3\n") ==
        R"(trail.toml:1:9: error: wrong type for kinds: expected a table, found an integer
    1 | kinds = 3
      |         ^)");
  CHECK(errors_of("[rules]\nid = \"x\"\n") ==
        R"(trail.toml:1:1: error: wrong type for rules: expected an array of tables, found a table
    1 | [rules]
      | ^)");
  CHECK(errors_of("[trailers]\nRefs = \"refs\"\n") ==
        R"(trail.toml:2:8: error: wrong type for trailers.Refs: expected a table, found a string
    2 | Refs = "refs"
      |        ^)");
}

TEST_CASE("policy: an invalid RE2 pattern carries RE2's own message")
{
  CHECK(
      errors_of("[kinds.requirement]\npattern = 'SRS-(\\d+'\n") ==
      R"(trail.toml:2:11: error: invalid regular expression in kinds.requirement.pattern: missing ): SRS-(\d+
    2 | pattern = 'SRS-(\d+'
      |           ^)");
  CHECK(
      errors_of("[[rules]]\nid = \"r\"\nforbid = { subject = '*x' }\n") ==
      R"(trail.toml:3:22: error: invalid regular expression in rules[0].forbid.subject: no argument for repetition operator: *
    3 | forbid = { subject = '*x' }
      |                      ^)");
}

TEST_CASE("policy: capture groups are counted")
{
  CHECK(
      errors_of("[kinds.bug]\npattern = '(#)(\\d+)'\n") ==
      R"(trail.toml:2:11: error: kinds.bug.pattern has 2 capture groups; at most one is allowed (it yields the ID)
    2 | pattern = '(#)(\d+)'
      |           ^)");
  CHECK(
      errors_of("[prepare]\nbranch_pattern = '^feature/'\n") ==
      R"(trail.toml:2:18: error: prepare.branch_pattern must have exactly one capture group (it yields the ID); it has 0
    2 | branch_pattern = '^feature/'
      |                  ^)");
  CHECK(errors_of("[kinds.requirement]\npattern = ''\n") ==
        R"(trail.toml:2:11: error: kinds.requirement.pattern is empty
    2 | pattern = ''
      |           ^)");
}

TEST_CASE("policy: an unknown relation suggests the closest or lists them all")
{
  CHECK(
      errors_of("[trailers]\nImplements = { relation = \"implement\" }\n") ==
      R"(trail.toml:2:27: error: unknown relation 'implement' in trailers.Implements; did you mean 'implements'?
    2 | Implements = { relation = "implement" }
      |                           ^)");
  CHECK(
      errors_of("[[rules]]\nid = \"r\"\nrequire = { any_relation = [\"tests\"] }\n") ==
      R"(trail.toml:3:29: error: unknown relation 'tests' in rules[0].require; expected one of implements, fixes, verifies, refs, authorized-by, mitigates
    3 | require = { any_relation = ["tests"] }
      |                             ^)");
}

TEST_CASE("policy: a trailer may only name defined kinds")
{
  const char* text = "[kinds.requirement]\npattern = 'SRS-\\d+'\n[trailers]\n"
                     "Implements = { relation = \"implements\", kinds = [\"requirment\"] }\n";
  CHECK(
      errors_of(text) ==
      R"(trail.toml:4:50: error: unknown kind 'requirment' in trailers.Implements; did you mean 'requirement'?
    4 | Implements = { relation = "implements", kinds = ["requirment"] }
      |                                                  ^)");
  CHECK(errors_of("[trailers]\nFixes = { relation = \"fixes\", kinds = [\"bug\"] }\n") ==
        R"(trail.toml:2:40: error: unknown kind 'bug' in trailers.Fixes; none are defined
    2 | Fixes = { relation = "fixes", kinds = ["bug"] }
      |                                        ^)");
}

TEST_CASE("policy: a bad glob points into the string")
{
  CHECK(errors_of("[registry]\nfiles = [\"docs/[req/*.toml\"]\n") ==
        R"(trail.toml:2:16: error: invalid glob in registry.files[0]: unclosed '['
    2 | files = ["docs/[req/*.toml"]
      |                ^)");
  CHECK(
      errors_of("[[rules]]\nid = \"r\"\nwhen = { branches = [\"release/v**\"] }\n"
                "forbid = { wip = true }\n") ==
      R"(trail.toml:3:32: error: invalid glob in rules[0].when.branches[0]: '**' must be a whole path segment
    3 | when = { branches = ["release/v**"] }
      |                                ^)");
  // With an escape in the TOML string the offset cannot be mapped: point at the string.
  CHECK(errors_of("[registry]\nfiles = [\"\\u0061\\\\\"]\n") ==
        R"(trail.toml:2:10: error: invalid glob in registry.files[0]: trailing backslash
    2 | files = ["\u0061\\"]
      |          ^)");
  CHECK(errors_of("[registry]\nfiles = [\"\"]\n") ==
        R"(trail.toml:2:11: error: invalid glob in registry.files[0]: empty pattern
    2 | files = [""]
      |           ^)");
}

TEST_CASE("policy: a bad enum value lists or suggests the allowed values")
{
  CHECK(errors_of("[project]\nsafety_class = \"D\"\n") ==
        R"(trail.toml:2:16: error: invalid safety class 'D' in project; expected one of A, B, C
    2 | safety_class = "D"
      |                ^)");
  CHECK(
      errors_of("[trailers]\nReviewed-by = { role = \"aproval\" }\n") ==
      R"(trail.toml:2:24: error: unknown role 'aproval' in trailers.Reviewed-by; did you mean 'approval'?
    2 | Reviewed-by = { role = "aproval" }
      |                        ^)");
  CHECK(
      errors_of("[[configuration_items]]\nname = \"x\"\npaths = [\"x/**\"]\nclass = \"c\"\n") ==
      R"(trail.toml:4:9: error: invalid safety class 'c' in configuration_items[0]; expected one of A, B, C
    4 | class = "c"
      |         ^)");
}

TEST_CASE("policy: duplicates are reported at the second definition")
{
  CHECK(errors_of("[[rules]]\nid = \"r\"\nforbid = { wip = true }\n"
                  "[[rules]]\nid = \"r\"\nforbid = { wip = true }\n") ==
        R"(trail.toml:5:6: error: duplicate rule id 'r'; the first is at line 1
    5 | id = "r"
      |      ^)");
  CHECK(errors_of("[[configuration_items]]\nname = \"a\"\npaths = [\"a/**\"]\nclass = \"A\"\n"
                  "[[configuration_items]]\nname = \"a\"\npaths = [\"b/**\"]\nclass = \"A\"\n") ==
        R"(trail.toml:6:8: error: duplicate configuration item 'a'; the first is at line 1
    6 | name = "a"
      |        ^)");
  CHECK(
      errors_of("[trailers]\nRefs = { relation = \"refs\" }\nREFS = { relation = \"refs\" }\n") ==
      R"(trail.toml:3:1: error: duplicate trailer 'REFS'; 'Refs' at line 2 is the same key (trailer keys are case-insensitive)
    3 | REFS = { relation = "refs" }
      | ^)");
}

TEST_CASE("policy: a missing required key is reported at its table")
{
  CHECK(errors_of("[kinds.requirement]\ndescription = \"x\"\n") ==
        R"(trail.toml:1:1: error: missing required key 'pattern' in kinds.requirement
    1 | [kinds.requirement]
      | ^)");
  CHECK(errors_of("[[configuration_items]]\nname = \"x\"\n") ==
        R"(trail.toml:1:1: error: missing required key 'paths' in configuration_items[0]
    1 | [[configuration_items]]
      | ^
trail.toml:1:1: error: missing required key 'class' in configuration_items[0]
    1 | [[configuration_items]]
      | ^)");
  CHECK(errors_of("[[rules]]\nforbid = { wip = true }\n") ==
        R"(trail.toml:1:1: error: missing required key 'id' in rules[0]
    1 | [[rules]]
      | ^)");
  CHECK(errors_of("[trailers]\nFixes = { role = \"link\" }\n") ==
        R"(trail.toml:2:9: error: missing required key 'relation' in trailers.Fixes
    2 | Fixes = { role = "link" }
      |         ^)");
  CHECK(errors_of("[prepare]\nlink_from_branch = true\n") ==
        R"(trail.toml:1:1: error: missing required key 'branch_pattern' in prepare
    1 | [prepare]
      | ^)");
}

TEST_CASE("policy: a trailer's role must agree with its relation or values")
{
  CHECK(
      errors_of("[trailers]\nImplements = { relation = \"implements\", role = \"text\" }\n") ==
      R"(trail.toml:2:48: error: trailers.Implements has a relation, so its role must be 'link', not 'text'
    2 | Implements = { relation = "implements", role = "text" }
      |                                                ^)");
  CHECK(
      errors_of("[trailers]\nX = { relation = \"refs\", values = [\"a\"] }\n") ==
      R"(trail.toml:2:35: error: trailers.X has both relation and values; a trailer either links items or takes one of a list of values
    2 | X = { relation = "refs", values = ["a"] }
      |                                   ^)");
  CHECK(errors_of("[trailers]\nTested-by = {}\n") ==
        R"(trail.toml:2:13: error: trailers.Tested-by needs a relation, values or a role
    2 | Tested-by = {}
      |             ^)");
  CHECK(errors_of("[kinds.requirement]\npattern = 'SRS-\\d+'\n[trailers]\n"
                  "Reviewed-by = { role = \"approval\", kinds = [\"requirement\"] }\n") ==
        R"(trail.toml:4:44: error: trailers.Reviewed-by.kinds applies only to link trailers
    4 | Reviewed-by = { role = "approval", kinds = ["requirement"] }
      |                                            ^)");
  CHECK(errors_of("[trailers]\nSafety-Impact = { values = [] }\n") ==
        R"(trail.toml:2:28: error: trailers.Safety-Impact.values is empty
    2 | Safety-Impact = { values = [] }
      |                            ^)");
}

TEST_CASE("policy: names and ids follow their grammar")
{
  CHECK(
      errors_of("[kinds.Requirement]\npattern = 'SRS-\\d+'\n") ==
      R"(trail.toml:1:8: error: invalid kind name 'Requirement'; use lowercase letters, digits and '-', starting with a letter
    1 | [kinds.Requirement]
      |        ^)");
  CHECK(errors_of("[trailers]\nSafety_Impact = { values = [\"none\"] }\n") ==
        R"(trail.toml:2:1: error: invalid trailer key 'Safety_Impact'; use letters, digits and '-'
    2 | Safety_Impact = { values = ["none"] }
      | ^)");
  CHECK(
      errors_of("[[rules]]\nid = \"Class C\"\nforbid = { wip = true }\n") ==
      R"(trail.toml:2:6: error: invalid rule id 'Class C'; use lowercase letters, digits and '-', starting with a letter or digit
    2 | id = "Class C"
      |      ^)");
}

TEST_CASE("policy: numbers and references are checked")
{
  CHECK(errors_of("[message]\nsubject_max_length = -1\n") ==
        R"(trail.toml:2:22: error: message.subject_max_length must be 0 or more, not -1
    2 | subject_max_length = -1
      |                      ^)");
  CHECK(
      errors_of("[trailers]\nImplements = { relation = \"implements\" }\n"
                "[prepare]\ntrailer = \"Implement\"\n") ==
      R"(trail.toml:4:11: error: unknown trailer 'Implement' in prepare; did you mean 'Implements'?
    4 | trailer = "Implement"
      |           ^)");
  CHECK(
      errors_of("[trailers]\nSafety-Impact = { values = [\"none\"] }\n"
                "[prepare]\ntrailer = \"Safety-Impact\"\n") ==
      R"(trail.toml:4:11: error: trailer 'Safety-Impact' in prepare is not a link trailer (its role is 'value')
    4 | trailer = "Safety-Impact"
      |           ^)");
  CHECK(
      errors_of("[trailers]\nReviewed-by = { role = \"approval\" }\n"
                "[[rules]]\nid = \"r\"\nrequire = { trailers = [\"Reviwed-by\"] }\n") ==
      R"(trail.toml:5:25: error: unknown trailer 'Reviwed-by' in rules[0].require; did you mean 'Reviewed-by'?
    5 | require = { trailers = ["Reviwed-by"] }
      |                         ^)");
}

TEST_CASE("policy: a rule must require or forbid something")
{
  CHECK(
      errors_of("[[rules]]\nid = \"empty\"\nrequire = { signoff = false }\nforbid = {}\n") ==
      R"(trail.toml:1:1: error: rule 'empty' neither requires nor forbids anything; give it a require or a forbid table
    1 | [[rules]]
      | ^)");
}

TEST_CASE("policy: every problem is reported at once, in file order")
{
  // Kinds are loaded before trailers, so this also shows the sort into file order.
  constexpr std::string_view text = R"([project]
safety_class = "X"

[trailers]
Implements = { relaton = "implements" }

[kinds.requirement]
patern = 'SRS-\d+'

[registry]
files = ["src/[x"]

[[rules]]
id = "r"
require = { any_relation = ["implement"] }
)";
  try {
    (void)parse_policy(text, "policy/trail.toml");
    FAIL("the policy loaded without an error");
  } catch (const PolicyError& error) {
    CHECK(error.diagnostics().size() == 5);
    CHECK(error.exit_code() == trail::k_exit_usage);
    CHECK(
        std::string(error.what()) ==
        R"(policy/trail.toml:2:16: error: invalid safety class 'X' in project; expected one of A, B, C
    2 | safety_class = "X"
      |                ^
policy/trail.toml:5:16: error: unknown key 'relaton' in trailers.Implements; did you mean 'relation'?
    5 | Implements = { relaton = "implements" }
      |                ^
policy/trail.toml:8:1: error: unknown key 'patern' in kinds.requirement; did you mean 'pattern'?
    8 | patern = 'SRS-\d+'
      | ^
policy/trail.toml:11:15: error: invalid glob in registry.files[0]: unclosed '['
   11 | files = ["src/[x"]
      |               ^
policy/trail.toml:15:29: error: unknown relation 'implement' in rules[0].require; did you mean 'implements'?
   15 | require = { any_relation = ["implement"] }
      |                             ^)");
  }
}

TEST_CASE("policy: a misspelt required key is reported once, as a typo")
{
  CHECK(errors_of("[[rules]]\nidd = \"r\"\nforbid = { wip = true }\n") ==
        R"(trail.toml:2:1: error: unknown key 'idd' in rules[0]; did you mean 'id'?
    2 | idd = "r"
      | ^)");
  // A key that suggests nothing leaves the missing key reported too.
  CHECK(errors_of("[kinds.requirement]\nregex = 'SRS-\\d+'\n") ==
        R"(trail.toml:1:1: error: missing required key 'pattern' in kinds.requirement
    1 | [kinds.requirement]
      | ^
trail.toml:2:1: error: unknown key 'regex' in kinds.requirement
    2 | regex = 'SRS-\d+'
      | ^)");
}

TEST_CASE("policy: diagnostics format with tabs, wide numbers and no position")
{
  CHECK(format_file_diagnostic({{"t.toml", 3, 6}, "bad", "\tx = 1"}) == "t.toml:3:6: error: bad\n"
                                                                        "    3 | \tx = 1\n"
                                                                        "      | \t    ^");
  CHECK(format_file_diagnostic({{"t.toml", 123456, 1}, "bad", "x"}) ==
        "t.toml:123456:1: error: bad\n"
        "123456 | x\n"
        "       | ^");
  CHECK(format_file_diagnostic({{"t.toml", 0, 0}, "bad", ""}) == "t.toml: error: bad");
  CHECK(format_file_diagnostic({{"t.toml", 2, 0}, "bad", ""}) == "t.toml:2: error: bad\n"
                                                                 "    2 |");
  // Columns count code points, as toml++ does, so the caret stays under the right character.
  CHECK(format_file_diagnostic({{"t.toml", 1, 8}, "bad", "a = \"\xC3\xA9\" x"}) ==
        "t.toml:1:8: error: bad\n"
        "    1 | a = \"\xC3\xA9\" x\n"
        "      |        ^");
}

TEST_CASE("policy: CRLF line endings do not leak into the shown line")
{
  CHECK(errors_of("[message]\r\ncolor = true\r\n") ==
        "trail.toml:2:1: error: unknown key 'color' in message\n"
        "    2 | color = true\n"
        "      | ^");
}

TEST_SUITE_END();

TEST_CASE("policy: history, tags and waivers load")
{
  const auto policy = parse_policy(R"([history]
merges = "no-paths"
[tags]
release_pattern = '^v\d+'
annotated = true
signed = true
[[rules]]
id = "needs-review"
require = { approval = true }
forbid = { change = true }
[[waivers]]
commit = "0123abcd"
rule = "needs-review"
reason = "imported history"
approved_by = "QA"
)",
                                   "trail.toml");
  CHECK(policy.history.merges == MergePolicy::no_paths);
  REQUIRE(policy.tags.release_pattern);
  CHECK(policy.tags.annotated);
  CHECK(policy.tags.signed_);
  CHECK(policy.rules.at(0).require.approval);
  CHECK(policy.rules.at(0).forbid.change);
  REQUIRE(policy.waivers.size() == 1);
  CHECK(policy.waivers[0].commit == "0123abcd");
  CHECK(policy.waivers[0].where.line == 11);
}

TEST_CASE("policy: errors in history, tags and waivers")
{
  CHECK(errors_of("[history]\nmerges = \"frist-parent\"\n") ==
        "trail.toml:2:10: error: unknown merge policy 'frist-parent' in history.merges; did you "
        "mean 'first-parent'?\n"
        "    2 | merges = \"frist-parent\"\n"
        "      |          ^");
  CHECK(errors_of("[tags]\nannotated = true\n") ==
        "trail.toml:1:1: error: missing required key 'release_pattern' in tags\n"
        "    1 | [tags]\n"
        "      | ^");
  CHECK(errors_of("[[waivers]]\ncommit = \"xyz\"\nrule = \"subject-lenght\"\nreason = "
                  "\"r\"\napproved_by = \"a\"\n") ==
        "trail.toml:2:10: error: invalid commit id 'xyz' in waivers[0]; give 7 to 40 hex digits\n"
        "    2 | commit = \"xyz\"\n"
        "      |          ^\n"
        "trail.toml:3:8: error: unknown rule 'subject-lenght' in waivers[0].rule; did you mean "
        "'subject-length'?\n"
        "    3 | rule = \"subject-lenght\"\n"
        "      |        ^");
}

// --- Kind roles and closed states ---------------------------------------------------------

namespace {

// Returns the role of kind NAME in POLICY; fails the test when there is no such kind.
KindRole role_of(const Policy& policy, std::string_view name)
{
  const Kind* kind = policy.find_kind(name);
  REQUIRE(kind != nullptr);
  return kind->role;
}

std::vector<std::string> names_of(const std::vector<const Kind*>& kinds)
{
  std::vector<std::string> names;
  for (const Kind* kind : kinds) {
    names.push_back(kind->name);
  }
  return names;
}

} // namespace

TEST_CASE("policy: a kind's role defaults from its name")
{
  const Policy policy = load(R"([kinds.requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
[kinds.change-request]
pattern = 'CR-\d+'
[kinds.risk-control]
pattern = 'RC-\d+'
[kinds.test-case]
pattern = 'TC-\d+'
[kinds.soup]
pattern = 'SOUP-\d+'
[kinds.widget]
pattern = 'W-\d+'
[kinds.soups]
pattern = 'SOUPS-\d+'
[kinds.requirement-x]
pattern = 'RX-\d+'
)");
  CHECK(role_of(policy, "requirement") == KindRole::requirement);
  CHECK(role_of(policy, "problem-report") == KindRole::problem_report);
  CHECK(role_of(policy, "change-request") == KindRole::change_request);
  CHECK(role_of(policy, "risk-control") == KindRole::risk_control);
  CHECK(role_of(policy, "test-case") == KindRole::test);
  CHECK(role_of(policy, "soup") == KindRole::soup);
  CHECK(role_of(policy, "widget") == KindRole::other);
  // Only whole names count.
  CHECK(role_of(policy, "soups") == KindRole::other);
  CHECK(role_of(policy, "requirement-x") == KindRole::other);
}

TEST_CASE("policy: common other names for a kind get the same default role")
{
  const Policy policy = load(R"([kinds.bug]
pattern = 'BUG-\d+'
[kinds.anomaly]
pattern = 'AN-\d+'
[kinds.change]
pattern = 'CH-\d+'
[kinds.risk]
pattern = 'RISK-\d+'
[kinds.test]
pattern = 'T-\d+'
[kinds.ots]
pattern = 'OTS-\d+'
[kinds.dependency]
pattern = 'DEP-\d+'
)");
  CHECK(role_of(policy, "bug") == KindRole::problem_report);
  CHECK(role_of(policy, "anomaly") == KindRole::problem_report);
  CHECK(role_of(policy, "change") == KindRole::change_request);
  CHECK(role_of(policy, "risk") == KindRole::risk_control);
  CHECK(role_of(policy, "test") == KindRole::test);
  CHECK(role_of(policy, "ots") == KindRole::soup);
  CHECK(role_of(policy, "dependency") == KindRole::soup);
}

TEST_CASE("policy: an explicit role wins over the name, and kinds_with keeps file order")
{
  const Policy policy = load(R"([kinds.ticket]
pattern = 'T-\d+'
role = "problem-report"
[kinds.library]
pattern = 'LIB-\d+'
role = "soup"
[kinds.soup]
pattern = 'SOUP-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
role = "other"
[kinds.srs]
pattern = 'SRS-\d+'
role = "requirement"
[kinds.cr]
pattern = 'CR-\d+'
role = "change-request"
[kinds.rc]
pattern = 'RC-\d+'
role = "risk-control"
[kinds.tc]
pattern = 'TC-\d+'
role = "test"
)");
  CHECK(role_of(policy, "ticket") == KindRole::problem_report);
  CHECK(role_of(policy, "library") == KindRole::soup);
  CHECK(role_of(policy, "problem-report") == KindRole::other);
  CHECK(names_of(policy.kinds_with(KindRole::soup)) == std::vector<std::string>{"library", "soup"});
  CHECK(names_of(policy.kinds_with(KindRole::problem_report)) ==
        std::vector<std::string>{"ticket"});
  CHECK(names_of(policy.kinds_with(KindRole::other)) == std::vector<std::string>{"problem-report"});
  CHECK(names_of(policy.kinds_with(KindRole::requirement)) == std::vector<std::string>{"srs"});
  CHECK(names_of(policy.kinds_with(KindRole::change_request)) == std::vector<std::string>{"cr"});
  CHECK(names_of(policy.kinds_with(KindRole::risk_control)) == std::vector<std::string>{"rc"});
  CHECK(names_of(policy.kinds_with(KindRole::test)) == std::vector<std::string>{"tc"});
  CHECK(load("").kinds_with(KindRole::soup).empty());
}

TEST_CASE("policy: an unknown role suggests the closest or lists them all")
{
  CHECK(
      errors_of("[kinds.bug]\npattern = 'B-\\d+'\nrole = \"problem_report\"\n") ==
      R"(trail.toml:3:8: error: unknown role 'problem_report' in kinds.bug.role; did you mean 'problem-report'?
    3 | role = "problem_report"
      |        ^)");
  CHECK(
      errors_of("[kinds.lib]\npattern = 'L-\\d+'\nrole = \"library\"\n") ==
      R"(trail.toml:3:8: error: unknown role 'library' in kinds.lib.role; expected one of requirement, problem-report, change-request, risk-control, test, soup, plan, other
    3 | role = "library"
      |        ^)");
  CHECK(errors_of("[kinds.lib]\npattern = 'L-\\d+'\nrole = 6\n") ==
        R"(trail.toml:3:8: error: wrong type for kinds.lib.role: expected a string, found an integer
    3 | role = 6
      |        ^)");
}

TEST_CASE("policy: closed states default to the usual closed names among the kind's states")
{
  const Policy policy = load(R"([kinds.problem-report]
pattern = 'PR-\d+'
states = ["open", "investigating", "resolved", "verified", "closed"]
[kinds.requirement]
pattern = 'SRS-\d+'
states = ["draft", "approved", "retired"]
[kinds.task]
pattern = 'T-\d+'
states = ["open", "done", "closed"]
[kinds.idea]
pattern = 'I-\d+'
states = ["new", "Closed"]
[kinds.any]
pattern = 'A-\d+'
)");
  CHECK(policy.find_kind("problem-report")->closed_states ==
        std::vector<std::string>{"resolved", "verified", "closed"});
  CHECK(policy.find_kind("requirement")->closed_states == std::vector<std::string>{"retired"});
  // In the order of the default list, not the kind's.
  CHECK(policy.find_kind("task")->closed_states == std::vector<std::string>{"closed", "done"});
  // Case matters, as it does for states.
  CHECK(policy.find_kind("idea")->closed_states.empty());
  // A kind with no states takes any status: every default closed name counts.
  CHECK(policy.find_kind("any")->closed_states ==
        std::vector<std::string>{
            "resolved", "verified", "closed", "rejected", "retired", "obsolete", "done"});
}

TEST_CASE("policy: Kind::is_closed")
{
  const Policy policy = load(R"([kinds.problem-report]
pattern = 'PR-\d+'
states = ["open", "resolved", "closed"]
)");
  const Kind& kind = policy.kinds.at(0);
  CHECK(kind.is_closed("resolved"));
  CHECK(kind.is_closed("closed"));
  CHECK_FALSE(kind.is_closed("open"));
  CHECK_FALSE(kind.is_closed("Closed"));
  CHECK_FALSE(kind.is_closed(""));
  CHECK_FALSE(kind.is_closed("verified")); // a default closed name the kind does not have
}

TEST_CASE("policy: explicit closed states replace the default")
{
  const Policy policy = load(R"([kinds.bug]
pattern = 'B-\d+'
states = ["open", "fixed", "wontfix", "closed"]
closed_states = ["wontfix", "fixed"]
[kinds.ticket]
pattern = 'T-\d+'
closed_states = ["gone"]
[kinds.requirement]
pattern = 'SRS-\d+'
states = ["draft", "retired"]
closed_states = []
)");
  const Kind& bug = *policy.find_kind("bug");
  CHECK(bug.closed_states == std::vector<std::string>{"wontfix", "fixed"});
  CHECK(bug.is_closed("fixed"));
  CHECK_FALSE(bug.is_closed("closed"));
  // With no states any name may be closed.
  CHECK(policy.find_kind("ticket")->closed_states == std::vector<std::string>{"gone"});
  // An empty list: nothing is closed, not even "retired".
  CHECK(policy.find_kind("requirement")->closed_states.empty());
  CHECK_FALSE(policy.find_kind("requirement")->is_closed("retired"));
}

TEST_CASE("policy: a closed state must be one of the kind's states")
{
  CHECK(
      errors_of("[kinds.bug]\npattern = 'B-\\d+'\nstates = [\"open\", \"fixed\"]\n"
                "closed_states = [\"fixd\"]\n") ==
      R"(trail.toml:4:18: error: unknown state 'fixd' in kinds.bug.closed_states; did you mean 'fixed'?
    4 | closed_states = ["fixd"]
      |                  ^)");
  CHECK(
      errors_of("[kinds.bug]\npattern = 'B-\\d+'\nstates = [\"open\", \"fixed\"]\n"
                "closed_states = [\"fixed\", \"closed\"]\n") ==
      R"(trail.toml:4:27: error: unknown state 'closed' in kinds.bug.closed_states; expected one of open, fixed
    4 | closed_states = ["fixed", "closed"]
      |                           ^)");
  CHECK(
      errors_of("[kinds.bug]\npattern = 'B-\\d+'\nclosed_states = \"closed\"\n") ==
      R"(trail.toml:3:17: error: wrong type for kinds.bug.closed_states: expected an array of strings, found a string
    3 | closed_states = "closed"
      |                 ^)");
}

// --- [release] ----------------------------------------------------------------------------

TEST_CASE("policy: [release] defaults when the table is absent")
{
  const Policy policy = load("");
  CHECK(policy.release.branches.empty());
  CHECK_FALSE(policy.release.tag_pattern.has_value());
  CHECK(policy.release.build.empty());
  CHECK(policy.release.environment.empty());
  CHECK_FALSE(policy.release.sign);
  // Unset: the gate applies Table A.1 (standard/).
  CHECK_FALSE(policy.release.results_required_for);
  CHECK_FALSE(policy.release.evaluation_required_for);
  CHECK(policy.release.where.line == 0);
}

TEST_CASE("policy: [release] values load")
{
  const Policy policy = load(R"([project]
name = "pump"

[release]
branches = ["main", "release/*"]
tag_pattern = '^v\d+\.\d+\.\d+$'
build = "cmake -B build && cmake --build build"
environment = ["Debian 12", "GCC 12.2"]
sign = true
results_required_for = ["C"]
evaluation_required_for = ["A", "B", "C"]
)");
  const Release& release = policy.release;
  CHECK(release.branches == std::vector<std::string>{"main", "release/*"});
  REQUIRE(release.tag_pattern.has_value());
  CHECK(release.tag_pattern->source == R"(^v\d+\.\d+\.\d+$)");
  CHECK(RE2::PartialMatch("v1.2.3", *release.tag_pattern->regex));
  CHECK_FALSE(RE2::PartialMatch("v1.2", *release.tag_pattern->regex));
  CHECK(release.build == "cmake -B build && cmake --build build");
  CHECK(release.environment == std::vector<std::string>{"Debian 12", "GCC 12.2"});
  CHECK(release.sign);
  CHECK(release.results_required_for == std::vector<std::string>{"C"});
  CHECK(release.evaluation_required_for == std::vector<std::string>{"A", "B", "C"});
  CHECK(release.where.file == "trail.toml");
  CHECK(release.where.line == 4);
  CHECK(release.where.column == 1);
}

TEST_CASE("policy: [release] with empty class lists requires nothing")
{
  const Policy policy =
      load("[release]\nresults_required_for = []\nevaluation_required_for = []\n");
  REQUIRE(policy.release.results_required_for);
  CHECK(policy.release.results_required_for->empty());
  REQUIRE(policy.release.evaluation_required_for);
  CHECK(policy.release.evaluation_required_for->empty());
  CHECK_FALSE(policy.release.sign);
}

TEST_CASE("policy: errors in [release]")
{
  CHECK(
      errors_of("[release]\nresults_required_for = [\"B\", \"D\"]\n") ==
      R"(trail.toml:2:30: error: invalid safety class 'D' in release.results_required_for; expected one of A, B, C
    2 | results_required_for = ["B", "D"]
      |                              ^)");
  CHECK(
      errors_of("[release]\nevaluation_required_for = [\"c\"]\n") ==
      R"(trail.toml:2:28: error: invalid safety class 'c' in release.evaluation_required_for; expected one of A, B, C
    2 | evaluation_required_for = ["c"]
      |                            ^)");
  CHECK(errors_of("[release]\nsigned = true\n") ==
        R"(trail.toml:2:1: error: unknown key 'signed' in release; did you mean 'sign'?
    2 | signed = true
      | ^)");
  CHECK(errors_of("[release]\nartifacts = [\"pump.bin\"]\n") ==
        R"(trail.toml:2:1: error: unknown key 'artifacts' in release
    2 | artifacts = ["pump.bin"]
      | ^)");
  CHECK(errors_of("[release]\nbranches = [\"release/[x\"]\n") ==
        R"(trail.toml:2:22: error: invalid glob in release.branches: unclosed '['
    2 | branches = ["release/[x"]
      |                      ^)");
  CHECK(
      errors_of("[release]\ntag_pattern = 'v(\\d+'\n") ==
      R"(trail.toml:2:15: error: invalid regular expression in release.tag_pattern: missing ): v(\d+
    2 | tag_pattern = 'v(\d+'
      |               ^)");
  CHECK(errors_of("[release]\nsign = \"yes\"\n") ==
        R"(trail.toml:2:8: error: wrong type for release.sign: expected a boolean, found a string
    2 | sign = "yes"
      |        ^)");
  CHECK(errors_of("release = \"v1\"\n") ==
        R"(trail.toml:1:11: error: wrong type for release: expected a table, found a string
    1 | release = "v1"
      |           ^)");
}

TEST_CASE("policy: one release-tag pattern, whichever section names it")
{
  CHECK(
      errors_of("[tags]\nrelease_pattern = '^v\\d+$'\n[release]\ntag_pattern = '^r\\d+$'\n") ==
      R"(trail.toml:4:15: error: release.tag_pattern '^r\d+$' differs from tags.release_pattern '^v\d+$': release would make tags the hooks do not guard as releases; keep one of them (tag_pattern defaults to release_pattern)
    4 | tag_pattern = '^r\d+$'
      |               ^)");
  const Policy same =
      load("[tags]\nrelease_pattern = '^v\\d+$'\n[release]\ntag_pattern = '^v\\d+$'\n");
  CHECK(is_release_tag(same, "v12"));
  CHECK_FALSE(is_release_tag(same, "v1.2"));
  const Policy tags_only = load("[tags]\nrelease_pattern = '^rel-\\d+$'\n");
  CHECK(is_release_tag(tags_only, "rel-3"));
  CHECK_FALSE(is_release_tag(tags_only, "v1.0.0"));
  const Policy neither = load("[project]\nname = \"p\"\n");
  CHECK(is_release_tag(neither, "v1.0.0"));
  CHECK(is_release_tag(neither, "2.3-rc1"));
  CHECK_FALSE(is_release_tag(neither, "nightly"));
}

TEST_CASE("policy: a kind's url puts the ID, percent-encoded, where {id} is")
{
  const Policy policy = parse_policy("[kinds.bug]\n"
                                     "pattern = '[A-Za-z0-9 #/.~_-]+'\n"
                                     "url = \"https://t.example/{id}?again={id}\"\n"
                                     "[kinds.req]\n"
                                     "pattern = 'SRS-\\d+'\n",
                                     "trail.toml");
  CHECK(policy.item_url("bug", "LP-1.2_x~") == "https://t.example/LP-1.2_x~?again=LP-1.2_x~");
  CHECK(policy.item_url("bug", "a b/c#1") == "https://t.example/a%20b%2Fc%231?again=a%20b%2Fc%231");
  CHECK(policy.item_url("bug", "\xC3\xA9") == "https://t.example/%C3%A9?again=%C3%A9");
  CHECK(policy.item_url("req", "SRS-1").empty());     // no url
  CHECK(policy.item_url("missing", "SRS-1").empty()); // no such kind
}

// --- [roles] and require.approvals ----------------------------------------------------------

namespace {

// Two roles whose members hold real ed25519 public keys (ssh-keygen -t ed25519); lines 1 to 7.
constexpr std::string_view k_roles = R"([roles.QA]
members = [
  { name = "Quinn QA", email = "quinn@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc quinn@laptop" },
  { name = "Uma Auditor", email = "uma@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRlghht8qrg9C/I6CzG3q2CaonC9U5UA8slG7wVBgsz" },
]
[roles.Safety]
members = [{ name = "Sam Safety", email = "sam@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA6ZTV5GKTu3bYNSjRPUSL6QYfY/wr4Z9qyQHkccAxEr" }]
)";

// Returns the problems of a policy with k_roles and one rule requiring APPROVALS (line 10).
std::string approvals_errors(std::string_view approvals)
{
  return errors_of(std::string(k_roles) + "[[rules]]\nid = \"r\"\nrequire = { approvals = " +
                   std::string(approvals) + " }\n");
}

// Returns the problems of a policy whose role QA has one member with KEY (line 2).
std::string key_errors(std::string_view key)
{
  return errors_of("[roles.QA]\nmembers = [{ name = \"Q\", email = \"q@example.com\", key = \"" +
                   std::string(key) + "\" }]\n");
}

} // namespace

TEST_CASE("policy: [roles] load with their members, and rules name them in file order")
{
  // The rule comes before the roles it names; members are inline tables or [[...]] tables; the
  // same person may hold several roles.
  const Policy policy = load(R"([[rules]]
id = "dosing-approved"
when = { paths = ["src/dosing/**"] }
require = { approvals = { Safety = 1, QA = 2 } }

[roles.QA]
description = "Quality assurance"
members = [
  { name = "Quinn QA", email = "quinn@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc quinn@laptop" },
  { name = "Uma Auditor", email = "uma@example.com", key = "ssh-ed25519	AAAAC3NzaC1lZDI1NTE5AAAAIGRlghht8qrg9C/I6CzG3q2CaonC9U5UA8slG7wVBgsz" },
]

[[roles.Safety.members]]
name = "Sam Safety"
email = "sam@example.com"
key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA6ZTV5GKTu3bYNSjRPUSL6QYfY/wr4Z9qyQHkccAxEr sam's key"

[[roles.Safety.members]]
name = "Quinn QA"
email = "quinn@example.com"
key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc"
)");
  REQUIRE(policy.roles.size() == 2);
  const Role& qa = policy.roles[0];
  CHECK(qa.name == "QA");
  CHECK(qa.description == "Quality assurance");
  CHECK(qa.where.file == "trail.toml");
  CHECK(qa.where.line == 6);
  CHECK(qa.where.column == 8);
  REQUIRE(qa.members.size() == 2);
  CHECK(qa.members[0].name == "Quinn QA");
  CHECK(qa.members[0].email == "quinn@example.com");
  CHECK(qa.members[0].key ==
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc");
  CHECK(qa.members[0].where.file == "trail.toml");
  CHECK(qa.members[0].where.line == 9);
  CHECK(qa.members[0].where.column == 3);
  CHECK(qa.members[1].name == "Uma Auditor");
  CHECK(qa.members[1].email == "uma@example.com");
  // Written with a tab and no comment: stored with one space.
  CHECK(qa.members[1].key ==
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRlghht8qrg9C/I6CzG3q2CaonC9U5UA8slG7wVBgsz");
  CHECK(qa.members[1].where.line == 10);

  const Role& safety = policy.roles[1];
  CHECK(safety.name == "Safety");
  CHECK(safety.description.empty());
  CHECK(safety.where.line == 13);
  CHECK(safety.where.column == 9);
  REQUIRE(safety.members.size() == 2);
  CHECK(safety.members[0].name == "Sam Safety");
  CHECK(safety.members[0].email == "sam@example.com");
  CHECK(safety.members[0].key ==
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA6ZTV5GKTu3bYNSjRPUSL6QYfY/wr4Z9qyQHkccAxEr");
  CHECK(safety.members[0].where.line == 13);
  CHECK(safety.members[0].where.column == 1);
  CHECK(safety.members[1].name == "Quinn QA");
  CHECK(safety.members[1].key == qa.members[0].key);
  CHECK(safety.members[1].where.line == 18);

  CHECK(policy.find_role("QA") == &qa);
  CHECK(policy.find_role("Safety") == &safety);
  CHECK(policy.find_role("qa") == nullptr);

  REQUIRE(policy.rules.size() == 1);
  // A rule that asks only for approvals requires something.
  CHECK(policy.rules[0].require.approvals ==
        std::vector<std::pair<std::string, int>>{{"Safety", 1}, {"QA", 2}});
  CHECK_FALSE(policy.rules[0].require.approval);
}

TEST_CASE("policy: an ECDSA key with its padding loads; the default policy has no roles")
{
  const Policy policy = load(
      "[roles.Release-Manager_2]\nmembers = [{ name = \"R\", email = \"r@example.com\", key = "
      "\"ecdsa-sha2-nistp256 "
      "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGRbSfx7S5W37hNMwlqtVVRHeGpavv6E1YtC7qY"
      "Q9puAOA0vIFw4gHT4KGXu43baGUMh54274+AGjKWqHHOtAHo= r\" }]\n");
  REQUIRE(policy.roles.size() == 1);
  CHECK(policy.roles[0].name == "Release-Manager_2");
  CHECK(
      policy.roles[0].members[0].key ==
      "ecdsa-sha2-nistp256 "
      "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGRbSfx7S5W37hNMwlqtVVRHeGpavv6E1YtC7qY"
      "Q9puAOA0vIFw4gHT4KGXu43baGUMh54274+AGjKWqHHOtAHo=");
  CHECK(default_policy().roles.empty());
  CHECK(load("").roles.empty());
}

TEST_CASE("policy: errors in [roles]")
{
  CHECK(
      errors_of("[roles.1QA]\nmembers = [{ name = \"Q\", email = \"q@x\", key = \"ssh-ed25519 "
                "AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc\" }]\n") ==
      R"(trail.toml:1:8: error: invalid role name '1QA'; use letters, digits, '_' and '-', starting with a letter
    1 | [roles.1QA]
      |        ^)");
  CHECK(errors_of("[roles.QA]\ndescripton = \"Quality\"\nmembers = []\n") ==
        R"(trail.toml:2:1: error: unknown key 'descripton' in roles.QA; did you mean 'description'?
    2 | descripton = "Quality"
      | ^
trail.toml:3:11: error: roles.QA.members is empty: a role needs at least one member
    3 | members = []
      |           ^)");
  CHECK(errors_of("[roles.QA]\ndescription = \"Quality\"\n") ==
        R"(trail.toml:1:1: error: missing required key 'members' in roles.QA
    1 | [roles.QA]
      | ^)");
  CHECK(errors_of("[roles]\nQA = \"Quinn\"\n") ==
        R"(trail.toml:2:6: error: wrong type for roles.QA: expected a table, found a string
    2 | QA = "Quinn"
      |      ^)");
  CHECK(errors_of("[roles.QA]\nmembers = [{ name = \"Q\", mail = \"q@x\", key = \"ssh-ed25519 "
                  "AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc\" }]\n") ==
        R"(trail.toml:2:26: error: unknown key 'mail' in roles.QA.members[0]; did you mean 'email'?
    2 | members = [{ name = "Q", mail = "q@x", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc" }]
      |                          ^)");
  CHECK(errors_of("[roles.QA]\nmembers = [{ name = \"\", email = \"q@x\" }]\n") ==
        R"(trail.toml:2:12: error: missing required key 'key' in roles.QA.members[0]
    2 | members = [{ name = "", email = "q@x" }]
      |            ^
trail.toml:2:21: error: roles.QA.members[0].name is empty
    2 | members = [{ name = "", email = "q@x" }]
      |                     ^)");
  CHECK(
      errors_of("[roles.QA]\nmembers = [{ name = \"Q\", email = \"Quinn <q@x>\", key = "
                "\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/"
                "l1VoFc\" }]\n") ==
      R"(trail.toml:2:34: error: roles.QA.members[0].email 'Quinn <q@x>' is not an email address alone; give it as git records a commit's author, without a name or <>
    2 | members = [{ name = "Q", email = "Quinn <q@x>", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc" }]
      |                                  ^)");
  CHECK(
      errors_of("[roles.QA]\nmembers = \"Quinn\"\n") ==
      R"(trail.toml:2:11: error: wrong type for members: expected an array of tables, found a string
    2 | members = "Quinn"
      |           ^)");
}

TEST_CASE("policy: a role member's key must be an SSH public key")
{
  CHECK(
      key_errors("ssh-dss AAAAB3NzaC1kc3M=") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: 'ssh-dss' is not a key type; expected "TYPE BASE64 [COMMENT]" as in an id_*.pub file, with TYPE one of ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-dss AAAAB3NzaC1kc3M=" }]
      |                                                         ^)");
  // Only the data, without its type: long words are cut short in the message.
  CHECK(
      key_errors("AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: 'AAAAC3NzaC1lZDI1NTE5...' is not a key type; expected "TYPE BASE64 [COMMENT]" as in an id_*.pub file, with TYPE one of ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com
    2 | members = [{ name = "Q", email = "q@example.com", key = "AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc" }]
      |                                                         ^)");
  CHECK(
      key_errors("ssh-ed25519") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: the key's data is missing after 'ssh-ed25519'
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-ed25519" }]
      |                                                         ^)");
  CHECK(
      key_errors("ssh-ed25519 AAAA*C3NzaC1lZDI1NTE5") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: the key's data after 'ssh-ed25519' is not base64
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-ed25519 AAAA*C3NzaC1lZDI1NTE5" }]
      |                                                         ^)");
  // Base64 without its padding.
  CHECK(
      key_errors(
          "ecdsa-sha2-nistp256 "
          "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGRbSfx7S5W37hNMwlqtVVRHeGpavv6E1"
          "YtC7qYQ9puAOA0vIFw4gHT4KGXu43baGUMh54274+AGjKWqHHOtAHo") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: the key's data after 'ecdsa-sha2-nistp256' is not base64
    2 | members = [{ name = "Q", email = "q@example.com", key = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGRbSfx7S5W37hNMwlqtVVRHeGpavv6E1YtC7qYQ9puAOA0vIFw4gHT4KGXu43baGUMh54274+AGjKWqHHOtAHo" }]
      |                                                         ^)");
  CHECK(
      key_errors(
          "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc q") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key: the key's type says 'ssh-rsa' but its data is an 'ssh-ed25519' key
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc q" }]
      |                                                         ^)");
  // "hello world!": no SSH string at the start.
  CHECK(
      key_errors("ssh-ed25519 aGVsbG8gd29ybGQh") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: the key's data does not start with a key type
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-ed25519 aGVsbG8gd29ybGQh" }]
      |                                                         ^)");
  // "\0\0\0\x07ssh-rsaXYZ": the data of an RSA key, cut short.
  CHECK(
      key_errors("ssh-ed25519 AAAAB3NzaC1yc2FYWVo=") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key: the key's type says 'ssh-ed25519' but its data is an 'ssh-rsa' key
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-ed25519 AAAAB3NzaC1yc2FYWVo=" }]
      |                                                         ^)");
  // "\0\0\0\x03abcxyz" names a type no key has.
  CHECK(
      key_errors("ssh-ed25519 AAAAA2FiY3h5eg==") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: the key's data does not start with its type 'ssh-ed25519'
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-ed25519 AAAAA2FiY3h5eg==" }]
      |                                                         ^)");
  // The blob holds the type and nothing else.
  CHECK(
      key_errors("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: the key's data ends after its type (is it cut short?)
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5" }]
      |                                                         ^)");
  CHECK(
      key_errors("-----BEGIN OPENSSH PRIVATE KEY-----") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: this is a private key; give the public key (the .pub file) and keep the private key secret
    2 | members = [{ name = "Q", email = "q@example.com", key = "-----BEGIN OPENSSH PRIVATE KEY-----" }]
      |                                                         ^)");
  CHECK(
      key_errors("-----BEGIN PGP PUBLIC KEY BLOCK-----") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key is not an SSH public key: an OpenPGP key goes in openpgp (its fingerprint) and openpgp_key (the armored public key), not in key
    2 | members = [{ name = "Q", email = "q@example.com", key = "-----BEGIN PGP PUBLIC KEY BLOCK-----" }]
      |                                                         ^)");
  CHECK(key_errors(" ") ==
        R"(trail.toml:2:57: error: roles.QA.members[0].key is empty
    2 | members = [{ name = "Q", email = "q@example.com", key = " " }]
      |                                                         ^)");
}

TEST_CASE("policy: an OpenPGP member gives a fingerprint and an armored public key")
{
  const std::string block =
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ\n-----END PGP PUBLIC KEY "
      "BLOCK-----";
  const auto policy = load("[roles.QA]\nmembers = [{ name = \"Q\", email = \"q@example.com\", "
                           "openpgp = \"460b 6b20 9744 "
                           "4ebf b106  fc19 0ee8 01a2 5b15 bdff\", openpgp_key = \"\"\"\n" +
                           block + "\n\"\"\" }]\n");
  REQUIRE(policy.roles.size() == 1);
  REQUIRE(policy.roles[0].members.size() == 1);
  const auto& member = policy.roles[0].members[0];
  CHECK(member.openpgp == "460B6B2097444EBFB106FC190EE801A25B15BDFF");
  CHECK(member.openpgp_key == block + "\n");
  CHECK(member.key.empty());

  const auto member_errors = [](std::string_view fields) {
    return errors_of("[roles.QA]\nmembers = [{ name = \"Q\", email = \"q@example.com\", " +
                     std::string(fields) + " }]\n");
  };
  CHECK(
      member_errors(
          "openpgp = \"460B6B2097444EBFB106FC190EE801A25B15BDF\", openpgp_key = "
          "\"-----BEGIN PGP PUBLIC KEY BLOCK----- -----END PGP PUBLIC KEY BLOCK-----\"") ==
      R"(trail.toml:2:61: error: roles.QA.members[0].openpgp is not an OpenPGP fingerprint: give the primary key's 40 (or 64) hexadecimal digits, as `gpg --fingerprint` prints them
    2 | members = [{ name = "Q", email = "q@example.com", openpgp = "460B6B2097444EBFB106FC190EE801A25B15BDF", openpgp_key = "-----BEGIN PGP PUBLIC KEY BLOCK----- -----END PGP PUBLIC KEY BLOCK-----" }]
      |                                                             ^)");
  CHECK(
      member_errors(
          "openpgp = \"460B6B2097444EBFB106FC190EE801A25B15BDFF\", openpgp_key = \"AAAA\"") ==
      R"(trail.toml:2:119: error: roles.QA.members[0].openpgp_key is not an armored OpenPGP public key: give the block `gpg --export --armor FINGERPRINT` writes, from -----BEGIN PGP PUBLIC KEY BLOCK----- to its END line, as a multi-line string ("""...""")
    2 | members = [{ name = "Q", email = "q@example.com", openpgp = "460B6B2097444EBFB106FC190EE801A25B15BDFF", openpgp_key = "AAAA" }]
      |                                                                                                                       ^)");
  CHECK(member_errors("openpgp = \"460B6B2097444EBFB106FC190EE801A25B15BDFF\"") ==
        R"(trail.toml:2:12: error: missing required key 'openpgp_key' in roles.QA.members[0]
    2 | members = [{ name = "Q", email = "q@example.com", openpgp = "460B6B2097444EBFB106FC190EE801A25B15BDFF" }]
      |            ^)");
  CHECK(
      member_errors(
          "key = \"ssh-ed25519 "
          "AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc\", "
          "openpgp = \"460B6B2097444EBFB106FC190EE801A25B15BDFF\", openpgp_key = "
          "\"-----BEGIN PGP PUBLIC KEY BLOCK----- -----END PGP PUBLIC KEY BLOCK-----\"") ==
      R"(trail.toml:2:57: error: roles.QA.members[0].key: a member signs with an SSH key or an OpenPGP key, not both; give key, or openpgp and openpgp_key
    2 | members = [{ name = "Q", email = "q@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc", openpgp = "460B6B2097444EBFB106FC190EE801A25B15BDFF", openpgp_key = "-----BEGIN PGP PUBLIC KEY BLOCK----- -----END PGP PUBLIC KEY BLOCK-----" }]
      |                                                         ^)");
}

TEST_CASE("policy: a role lists each email and each key once")
{
  CHECK(
      errors_of(R"([roles.QA]
members = [
  { name = "Quinn QA", email = "quinn@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc quinn@laptop" },
  { name = "Quinn Again", email = "Quinn@Example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRlghht8qrg9C/I6CzG3q2CaonC9U5UA8slG7wVBgsz" },
  { name = "Uma Auditor", email = "uma@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc quinn@desktop" },
]
)") ==
      R"(trail.toml:4:35: error: duplicate email 'Quinn@Example.com' in roles.QA; the first is at line 3
    4 |   { name = "Quinn Again", email = "Quinn@Example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRlghht8qrg9C/I6CzG3q2CaonC9U5UA8slG7wVBgsz" },
      |                                   ^
trail.toml:5:60: error: duplicate SSH key in roles.QA; the first is at line 3 (Quinn QA)
    5 |   { name = "Uma Auditor", email = "uma@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPpO0iNWc9tIesj0+LxnQ804q6CTEk6ByxJwU/l1VoFc quinn@desktop" },
      |                                                            ^)");
}

// Returns the problems of a policy with k_roles and kind requirement whose lines 10 and on are
// KIND_LINES.
std::string kind_approvals_errors(std::string_view kind_lines)
{
  return errors_of(std::string(k_roles) + "[kinds.requirement]\npattern = 'SRS-\\d+'\n" +
                   std::string(kind_lines));
}

TEST_CASE("policy: a kind asks for signed approvals of its items")
{
  const auto policy =
      load(std::string(k_roles) +
           "[kinds.requirement]\npattern = 'SRS-\\d+'\n"
           "approvals = { Safety = 1, QA = 2 }\n"
           "[kinds.risk-control]\npattern = 'RC-\\d+'\n"
           "states = [\"proposed\", \"accepted\", \"verified\"]\n"
           "approvals = { QA = 1 }\napproved_states = [\"accepted\", \"verified\"]\n");
  const auto* requirement = policy.find_kind("requirement");
  REQUIRE(requirement != nullptr);
  CHECK(requirement->approvals ==
        std::vector<std::pair<std::string, int>>{{"Safety", 1}, {"QA", 2}});
  CHECK(requirement->approved_states == std::vector<std::string>{"approved"});
  CHECK(requirement->is_approved("approved"));
  CHECK_FALSE(requirement->is_approved("draft"));
  const auto* control = policy.find_kind("risk-control");
  REQUIRE(control != nullptr);
  CHECK(control->approved_states == std::vector<std::string>{"accepted", "verified"});
  // Without approvals (and not a plan) a kind has no approved states.
  CHECK(load("[kinds.requirement]\npattern = 'SRS-\\d+'\n")
            .find_kind("requirement")
            ->approved_states.empty());
}

TEST_CASE("policy: errors in a kind's approvals")
{
  CHECK(
      kind_approvals_errors("approvals = { Safty = 1 }\n") ==
      R"(trail.toml:10:15: error: unknown role 'Safty' in kinds.requirement.approvals; did you mean 'Safety'?
   10 | approvals = { Safty = 1 }
      |               ^)");
  CHECK(
      kind_approvals_errors("approvals = { Safety = 2 }\n") ==
      R"(trail.toml:10:24: error: kinds.requirement.approvals asks for 2 approvals by Safety, which has 1 member, so no item of this kind can ever be approved
   10 | approvals = { Safety = 2 }
      |                        ^)");
  CHECK(
      kind_approvals_errors("approvals = {}\n") ==
      R"(trail.toml:10:13: error: kinds.requirement.approvals is empty; name the roles whose members must approve, e.g. approvals = { QA = 1 }
   10 | approvals = {}
      |             ^)");
  CHECK(
      kind_approvals_errors("external = true\napprovals = { QA = 1 }\n") ==
      R"(trail.toml:11:13: error: kinds.requirement.approvals needs items defined in the registry, but kind 'requirement' is external
   11 | approvals = { QA = 1 }
      |             ^)");
  CHECK(
      kind_approvals_errors("states = [\"draft\", \"released\"]\napprovals = { QA = 1 }\n") ==
      R"(trail.toml:8:1: error: kinds.requirement has no state "approved"; name the states in which an item counts as approved with approved_states = [...]
    8 | [kinds.requirement]
      | ^)");
  CHECK(
      kind_approvals_errors("approvals = { QA = 1 }\napproved_states = []\n") ==
      R"(trail.toml:11:19: error: kinds.requirement.approved_states is empty: no item of this kind could ever be approved
   11 | approved_states = []
      |                   ^)");
}

TEST_CASE("policy: errors in require.approvals")
{
  CHECK(
      approvals_errors("{ Safty = 1 }") ==
      R"(trail.toml:10:27: error: unknown role 'Safty' in rules[0].require.approvals; did you mean 'Safety'?
   10 | require = { approvals = { Safty = 1 } }
      |                           ^)");
  CHECK(
      approvals_errors("{ QA = 1, Regulatory = 1 }") ==
      R"(trail.toml:10:35: error: unknown role 'Regulatory' in rules[0].require.approvals; roles defined: QA, Safety
   10 | require = { approvals = { QA = 1, Regulatory = 1 } }
      |                                   ^)");
  CHECK(
      errors_of("[[rules]]\nid = \"r\"\nrequire = { approvals = { QA = 1 } }\n") ==
      R"(trail.toml:3:27: error: unknown role 'QA' in rules[0].require.approvals; no roles are defined; define it under [roles.QA]
    3 | require = { approvals = { QA = 1 } }
      |                           ^)");
  CHECK(approvals_errors("{ QA = 0 }") ==
        R"(trail.toml:10:32: error: rules[0].require.approvals.QA must be 1 or more, not 0
   10 | require = { approvals = { QA = 0 } }
      |                                ^)");
  CHECK(approvals_errors("{ Safety = -1 }") ==
        R"(trail.toml:10:36: error: rules[0].require.approvals.Safety must be 1 or more, not -1
   10 | require = { approvals = { Safety = -1 } }
      |                                    ^)");
  CHECK(
      approvals_errors("{ QA = \"1\" }") ==
      R"(trail.toml:10:32: error: wrong type for rules[0].require.approvals.QA: expected an integer, found a string
   10 | require = { approvals = { QA = "1" } }
      |                                ^)");
  CHECK(
      approvals_errors("{ QA = 1.5 }") ==
      R"(trail.toml:10:32: error: wrong type for rules[0].require.approvals.QA: expected an integer, found a float
   10 | require = { approvals = { QA = 1.5 } }
      |                                ^)");
  CHECK(
      approvals_errors("{ QA = 3 }") ==
      R"(trail.toml:10:32: error: rules[0].require.approvals asks for 3 approvals by QA, which has 2 members, so no commit can meet this rule
   10 | require = { approvals = { QA = 3 } }
      |                                ^)");
  CHECK(
      approvals_errors("{ QA = 2, Safety = 2 }") ==
      R"(trail.toml:10:44: error: rules[0].require.approvals asks for 2 approvals by Safety, which has 1 member, so no commit can meet this rule
   10 | require = { approvals = { QA = 2, Safety = 2 } }
      |                                            ^)");
  CHECK(
      approvals_errors("{}") ==
      R"(trail.toml:10:25: error: rules[0].require.approvals is empty; name the roles whose members must approve, e.g. approvals = { QA = 1 }
   10 | require = { approvals = {} }
      |                         ^)");
  CHECK(
      approvals_errors("[\"QA\"]") ==
      R"(trail.toml:10:25: error: wrong type for rules[0].require.approvals: expected a table, found an array
   10 | require = { approvals = ["QA"] }
      |                         ^)");
}
