// The release gate's class check (release/gate_class.hpp): an item or configuration item below
// the system's class without its rationale (and segregation) refuses the release.

#include "core/git/repository.hpp"
#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"
#include "core/release/gate_class.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

using namespace trail;
using namespace trail::unit;

namespace {

const char* const k_kinds = R"(
[kinds.requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
states = ["open", "closed"]
closed_states = ["closed"]
[kinds.soup]
pattern = 'SOUP-\d+'
)";

// " (IEC 62304 4.3, ...)" as the gate's report prints a failure's clauses.
std::string clauses(const release::GateFailure& f)
{
  std::string out;
  for (const auto& c : f.clauses) {
    out += (out.empty() ? " (IEC 62304 " : ", ") + c;
  }
  return out.empty() ? out : out + ")";
}

// "check: message (clauses) / hint" of each failure, one a line.
std::string text(const std::vector<release::GateFailure>& failures)
{
  std::string out;
  for (const auto& f : failures) {
    out += f.check + ": " + f.message + clauses(f) + "\n  hint: " + f.hint + "\n";
  }
  return out;
}

std::string check(const std::string& policy_text, const std::string& registry_text)
{
  const auto policy = policy::parse_policy(policy_text + k_kinds, "trail.toml");
  const auto reg = registry::load_registry(policy, {{"docs/items.toml", registry_text}});
  return text(release::check_classes(policy, reg));
}

} // namespace

TEST_CASE("gate_class: a critical problem report at class A with no rationale is refused")
{
  CHECK(check("[project]\nsafety_class = \"C\"\n",
              "[[items]]\nid = \"PR-1\"\ntitle = \"Overdose\"\nstatus = \"open\"\n"
              "severity = \"critical\"\nclass = \"A\"\n") ==
        "class: PR-1 (Overdose), docs/items.toml:1: class A is below the system class C and has "
        "no class_rationale, so class C applies (IEC 62304 4.3)\n"
        "  hint: add class_rationale = \"why a failure of it cannot cause the harm of class C\" "
        "to its registry entry, or remove its class\n");
}

TEST_CASE("gate_class: with a rationale the lower class passes")
{
  CHECK(check("[project]\nsafety_class = \"C\"\n",
              "[[items]]\nid = \"PR-1\"\nstatus = \"open\"\nclass = \"A\"\n"
              "class_rationale = \"the help text only\"\n") == "");
}

TEST_CASE("gate_class: a SOUP record of a class C system needs segregation too")
{
  CHECK(check("[project]\nsafety_class = \"C\"\n",
              "[[items]]\nid = \"SOUP-1\"\ntitle = \"fmt\"\nclass = \"A\"\n"
              "class_rationale = \"formats log lines\"\n") ==
        "class: SOUP-1 (fmt), docs/items.toml:1: class A is below the system class C and has no "
        "segregation, so class C applies (IEC 62304 5.3.5)\n"
        "  hint: add segregation = \"what separates it from the class C items\" to its registry "
        "entry, or remove its class\n");
}

TEST_CASE("gate_class: configuration items first, both fields missing, undeclared system class")
{
  CHECK(check("[[configuration_items]]\nname = \"ui\"\npaths = [\"ui/**\"]\nclass = \"B\"\n",
              "[[items]]\nid = \"SRS-1\"\nclass = \"A\"\n") ==
        "class: configuration item 'ui', trail.toml:1: class B is below the system class C and "
        "has no class_rationale and segregation, so class C applies (IEC 62304 4.3, 5.3.5)\n"
        "  hint: add class_rationale = \"why a failure of it cannot cause the harm of class C\" "
        "and segregation = \"what separates it from the class C items\" to its "
        "[[configuration_items]] entry, or remove its class\n"
        "class: SRS-1, docs/items.toml:1: class A is below the system class C and has no "
        "class_rationale, so class C applies (IEC 62304 4.3)\n"
        "  hint: add class_rationale = \"why a failure of it cannot cause the harm of class C\" "
        "to its registry entry, or remove its class\n");
}

TEST_CASE("gate_class: classes at or above the system's, a class B system, no registry")
{
  CHECK(check("[project]\nsafety_class = \"B\"\n",
              "[[items]]\nid = \"SOUP-1\"\nclass = \"A\"\nclass_rationale = \"logs\"\n"
              "[[items]]\nid = \"SRS-1\"\nclass = \"C\"\n[[items]]\nid = \"SRS-2\"\n") == "");
  const auto policy = policy::parse_policy("[project]\nsafety_class = \"A\"\n", "trail.toml");
  CHECK(release::check_classes(policy, std::nullopt).empty());
}

TEST_CASE("gate_class: the manifest's revision is read for the registry")
{
  TempRepo repo;
  const std::string policy_text = std::string("[project]\nsafety_class = \"C\"\n") + k_kinds +
                                  "[registry]\nfiles = [\"docs/*.toml\"]\n";
  repo.write("trail.toml", policy_text);
  repo.write("docs/items.toml",
             "[[items]]\nid = \"PR-1\"\nstatus = \"open\"\nseverity = \"critical\"\n"
             "class = \"A\"\n");
  release::Manifest m;
  m.commit = repo.commit_all("Add the registry");
  const auto policy = policy::parse_policy(policy_text, "trail.toml");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto failures = release::check_classes(git_repo, policy, m);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].message ==
        "PR-1, docs/items.toml:1: class A is below the system class C and has no class_rationale, "
        "so class C applies");
  CHECK(failures[0].id == "class.rationale");
  CHECK(failures[0].clauses == std::vector<std::string>{"4.3"});
}
