// verifies: GT-26
// Class decisions (classes/classes.hpp): which class applies to an item below the system's,
// and the files configuration items share.

#include "core/classes/classes.hpp"
#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"

#include <doctest/doctest.h>

using namespace trail;
using classes::Claim;

TEST_CASE("classes: rank and stricter")
{
  CHECK(classes::rank("A") == 0);
  CHECK(classes::rank("B") == 1);
  CHECK(classes::rank("C") == 2);
  CHECK(classes::rank("") == -1);
  CHECK(classes::rank("unknown") == -1);
  CHECK(classes::stricter("A", "C") == "C");
  CHECK(classes::stricter("C", "B") == "C");
  CHECK(classes::stricter("", "A") == "A");
  CHECK(classes::stricter("B", "") == "B");
}

TEST_CASE("classes: the system class is the project's, else C")
{
  auto policy = policy::parse_policy("[project]\nsafety_class = \"B\"\n", "trail.toml");
  CHECK(classes::system_class(policy).safety_class == "B");
  CHECK(classes::system_class(policy).declared);
  policy = policy::parse_policy("", "trail.toml");
  CHECK(classes::system_class(policy).safety_class == "C");
  CHECK_FALSE(classes::system_class(policy).declared);
}

TEST_CASE("classes: effective_class honours a lower class only with its rationale")
{
  CHECK(classes::effective_class("A", false, "C") == "C");
  CHECK(classes::effective_class("A", true, "C") == "A");
  CHECK(classes::effective_class("B", false, "C") == "C");
  CHECK(classes::effective_class("A", false, "B") == "B");
  // Not below: the item's own class, rationale or not.
  CHECK(classes::effective_class("C", false, "C") == "C");
  CHECK(classes::effective_class("C", false, "A") == "C");
  CHECK(classes::effective_class("B", false, "A") == "B");
  // No class of its own (or one the tool does not know): the system's.
  CHECK(classes::effective_class("", false, "B") == "B");
  CHECK(classes::effective_class("unknown", true, "C") == "C");
}

TEST_CASE("classes: a lower class without rationale is not applied")
{
  const auto d = classes::decide(Claim{"A", "", "", false}, "C");
  CHECK(d.below);
  CHECK(d.applied == "C");
  CHECK(d.declared == "A");
  CHECK(d.missing == std::vector<std::string>{"class_rationale"});
  CHECK_FALSE(d.justified());
  CHECK(classes::clauses_for(d) == "IEC 62304 4.3");
  CHECK(classes::missing_text(d) == "class_rationale");
}

TEST_CASE("classes: with its rationale, a lower class applies (not a software item)")
{
  const auto d = classes::decide(Claim{"A", "a typo costs nothing", "", false}, "C");
  CHECK(d.justified());
  CHECK(d.applied == "A");
  CHECK(classes::clauses_for(d).empty());
}

TEST_CASE("classes: a software item of a class C system also needs segregation (5.3.5)")
{
  auto d = classes::decide(Claim{"A", "only formats numbers", "", true}, "C");
  CHECK(d.applied == "C");
  CHECK(d.missing == std::vector<std::string>{"segregation"});
  CHECK(classes::clauses_for(d) == "IEC 62304 5.3.5");
  d = classes::decide(Claim{"B", "", "", true}, "C");
  CHECK(d.missing == std::vector<std::string>{"class_rationale", "segregation"});
  CHECK(classes::clauses_for(d) == "IEC 62304 4.3, 5.3.5");
  CHECK(classes::missing_text(d) == "class_rationale and segregation");
  d = classes::decide(Claim{"B", "r", "a separate process, read-only", true}, "C");
  CHECK(d.justified());
  CHECK(d.applied == "B");
}

TEST_CASE("classes: in a class B system the rationale suffices (segregation is class C)")
{
  const auto d = classes::decide(Claim{"A", "only logs", "", true}, "B");
  CHECK(d.justified());
  CHECK(d.applied == "A");
  CHECK(classes::decide(Claim{"A", "", "", true}, "B").missing ==
        std::vector<std::string>{"class_rationale"});
}

TEST_CASE("classes: a class not below the system's, or none, needs nothing")
{
  auto d = classes::decide(Claim{"C", "", "", true}, "C");
  CHECK_FALSE(d.below);
  CHECK(d.justified());
  CHECK(d.applied == "C");
  d = classes::decide(Claim{"C", "", "", true}, "A");
  CHECK(d.applied == "C");
  d = classes::decide(Claim{"", "", "", false}, "B");
  CHECK_FALSE(d.below);
  CHECK(d.applied == "B");
}

TEST_CASE("classes: claims from registry items and configuration items")
{
  const auto policy = policy::parse_policy("[project]\nsafety_class = \"C\"\n"
                                           "[kinds.soup]\npattern = 'SOUP-\\d+'\n"
                                           "[kinds.requirement]\npattern = 'SRS-\\d+'\n"
                                           "[[configuration_items]]\nname = \"ui\"\n"
                                           "paths = [\"ui/**\"]\nclass = \"A\"\n"
                                           "class_rationale = \"shows numbers\"\n"
                                           "segregation = \"its own process\"\n",
                                           "trail.toml");
  const auto reg = registry::load_registry(
      policy,
      {{"r.toml",
        "[[items]]\nid = \"SOUP-1\"\ntitle = \"zlib\"\nclass = \"B\"\n"
        "class_rationale = \"compresses logs\"\n"
        "[[items]]\nid = \"SRS-1\"\nclass = \"A\"\nsegregation = \"ignored\"\n"}});
  const auto soup = classes::claim_of(*reg.find("SOUP-1"));
  CHECK(soup.software_item);
  CHECK(soup.declared == "B");
  CHECK(soup.rationale == "compresses logs");
  CHECK(classes::decide(soup, "C").missing == std::vector<std::string>{"segregation"});
  CHECK(classes::applied_class(*reg.find("SOUP-1"), "C") == "C");
  CHECK(classes::applied_class(*reg.find("SOUP-1"), "B") == "B");
  const auto req = classes::claim_of(*reg.find("SRS-1"));
  CHECK_FALSE(req.software_item);
  CHECK(req.segregation == "ignored");
  CHECK(classes::decide(req, "C").missing == std::vector<std::string>{"class_rationale"});
  const auto ci = classes::claim_of(policy.configuration_items.at(0));
  CHECK(ci.software_item);
  CHECK(ci.rationale == "shows numbers");
  CHECK(ci.segregation == "its own process");
  CHECK(classes::decide(ci, "C").applied == "A");
}

TEST_CASE("classes: overlaps name every other item that holds a file")
{
  const auto shared = classes::overlaps({{"core", "C", {"src/a.c", "src/shared.c"}},
                                         {"ui", "A", {"src/shared.c", "ui/b.c"}},
                                         {"all", "B", {"src/a.c", "src/shared.c", "ui/b.c"}}});
  REQUIRE(shared.size() == 3);
  const auto text = [](const std::vector<classes::Overlap>& list) {
    std::string out;
    for (const auto& o : list) {
      out += o.path + " " + o.item + " " + o.safety_class + "\n";
    }
    return out;
  };
  CHECK(text(shared[0]) == "src/a.c all B\nsrc/shared.c ui A\nsrc/shared.c all B\n");
  CHECK(text(shared[1]) == "src/shared.c core C\nsrc/shared.c all B\nui/b.c all B\n");
  CHECK(text(shared[2]) == "src/a.c core C\nsrc/shared.c core C\nsrc/shared.c ui A\nui/b.c ui A\n");
  CHECK(classes::overlaps({{"one", "A", {"x"}}}).at(0).empty());
}
