// verifies: GT-5
#include "core/hooks/prepare.hpp"
#include "core/policy/load.hpp"

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
[prepare]
link_from_branch = true
branch_pattern = '^(?:feature|bugfix)/((?:SRS|PR)-\d+)'
)";

} // namespace

TEST_CASE("prepare: the branch name gives the trailer of the ID's kind")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  CHECK(hooks::branch_link_trailer(policy, "feature/SRS-12-alarm") == "Implements: SRS-12");
  CHECK(hooks::branch_link_trailer(policy, "bugfix/PR-7") == "Fixes: PR-7");
  CHECK_FALSE(hooks::branch_link_trailer(policy, "main"));
  CHECK_FALSE(hooks::branch_link_trailer(policy, "feature/alarm"));
}

TEST_CASE("prepare: nothing when the policy does not ask for it")
{
  const auto policy =
      policy::parse_policy("[kinds.requirement]\npattern = 'SRS-\\d+'\n", "trail.toml");
  CHECK_FALSE(hooks::branch_link_trailer(policy, "feature/SRS-12"));
}

TEST_CASE("prepare: the trailer goes above git's comments")
{
  const message::TrailerOptions options;
  SUBCASE("an empty message with git's help text")
  {
    CHECK(hooks::add_trailer(
              "\n# Please enter the commit message.\n#\n", "Implements: SRS-12", options) ==
          "\n\nImplements: SRS-12\n\n# Please enter the commit message.\n#\n");
  }
  SUBCASE("a template with a subject only")
  {
    CHECK(hooks::add_trailer("Subject\n# help\n", "Implements: SRS-12", options) ==
          "Subject\n\nImplements: SRS-12\n\n# help\n");
  }
  SUBCASE("a message that already ends in trailers")
  {
    CHECK(hooks::add_trailer(
              "Subject\n\nBody\n\nFixes: PR-1\n\n# help\n", "Implements: SRS-12", options) ==
          "Subject\n\nBody\n\nFixes: PR-1\nImplements: SRS-12\n\n# help\n");
  }
  SUBCASE("a message that already has the trailer is left alone")
  {
    const std::string message = "Subject\n\nImplements: SRS-12\n# help\n";
    CHECK(hooks::add_trailer(message, "Implements: SRS-12", options) == message);
  }
}
