#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"
#include "core/trace/trace.hpp"

#include <doctest/doctest.h>

using namespace trail;

namespace {

const char* const k_policy = R"(
[kinds.requirement]
pattern = 'SRS-\d+'
states = ["draft", "approved"]
[kinds.system]
pattern = 'SYS-\d+'
external = true
)";

std::string errors_of(const policy::Policy& policy, std::vector<registry::SourceFile> files)
{
  try {
    (void)registry::load_registry(policy, files);
  } catch (const policy::PolicyError& error) {
    return error.what();
  }
  FAIL("the registry loaded without an error");
  return {};
}

} // namespace

TEST_CASE("registry: items load with kind, status, class and links")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto reg = registry::load_registry(
    policy, {{"docs/r.toml",
              "[[items]]\nid = \"SRS-1\"\ntitle = \"Alarm\"\nstatus = \"approved\"\nclass = \"C\"\n"
              "links = { derives-from = [\"SYS-4\"] }\n"}});
  const auto* item = reg.find("SRS-1");
  REQUIRE(item != nullptr);
  CHECK(item->kind == "requirement");
  CHECK(item->status == "approved");
  CHECK(item->safety_class == "C");
  REQUIRE(item->links.size() == 1);
  CHECK(item->links[0].type == "derives-from");
  CHECK(item->links[0].target == "SYS-4"); // external kind: need not be defined
  CHECK(item->where.file == "docs/r.toml");
  CHECK(item->where.line == 1);
  CHECK(reg.find("SRS-2") == nullptr);
}

TEST_CASE("registry: every problem in every file, with its location")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  CHECK(errors_of(policy, {{"a.toml", "[[items]]\nid = \"XYZ-1\"\n"},
                           {"b.toml", "[[items]]\nid = \"SRS-1\"\ntitel = \"x\"\n"}}) ==
        "a.toml:2:6: error: 'XYZ-1' matches the pattern of no kind in trail.toml; give its kind with kind = \"...\" or fix the ID\n"
        "    2 | id = \"XYZ-1\"\n"
        "      |      ^\n"
        "b.toml:1:1: error: missing required key 'status' in items[0]\n"
        "    1 | [[items]]\n"
        "      | ^\n"
        "b.toml:3:1: error: unknown key 'titel' in items[0]; did you mean 'title'?\n"
        "    3 | titel = \"x\"\n"
        "      | ^");
}

TEST_CASE("registry: a TOML syntax error names the file")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto text = errors_of(policy, {{"docs/bad.toml", "[[items]\n"}});
  CHECK(text.starts_with("docs/bad.toml:1:"));
}

TEST_CASE("trace: natural order of IDs")
{
  CHECK(trace::natural_less("SRS-2", "SRS-10"));
  CHECK_FALSE(trace::natural_less("SRS-10", "SRS-2"));
  CHECK(trace::natural_less("SRS-9", "SRS-09a"));
  CHECK(trace::natural_less("A-1", "B-0"));
  CHECK_FALSE(trace::natural_less("SRS-1", "SRS-1"));
}
