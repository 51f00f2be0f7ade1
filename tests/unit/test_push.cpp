// verifies: GT-6
#include "core/hooks/push.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

using namespace trail;

namespace {

const std::string k_a(40, 'a');
const std::string k_b(40, 'b');
const std::string k_zero(40, '0');

} // namespace

TEST_CASE("push: pre-push lines become updates of the remote's refs")
{
  const auto updates =
      hooks::parse_pre_push("refs/heads/topic " + k_a + " refs/heads/main " + k_b + "\n" +
                            "(delete) " + k_zero + " refs/heads/old " + k_a + "\n");
  REQUIRE(updates.size() == 2);
  CHECK(updates[0].ref == "refs/heads/main");
  CHECK(updates[0].old_id == k_b);
  CHECK(updates[0].new_id == k_a);
  CHECK(updates[1].ref == "refs/heads/old");
  CHECK(hooks::is_zero_id(updates[1].new_id));
}

TEST_CASE("push: pre-receive lines")
{
  const auto updates = hooks::parse_pre_receive(k_zero + " " + k_a + " refs/tags/v1.0.0\n\n");
  REQUIRE(updates.size() == 1);
  CHECK(updates[0].ref == "refs/tags/v1.0.0");
  CHECK(hooks::is_zero_id(updates[0].old_id));
  CHECK_FALSE(hooks::is_zero_id(updates[0].new_id));
}

TEST_CASE("push: malformed input is a clear error")
{
  CHECK_THROWS_WITH_AS(
      hooks::parse_pre_receive("only two\n"),
      "pre-receive: cannot read the line 'only two' from git; expected '<old id> <new id> <ref>'",
      UsageError);
  CHECK_THROWS_WITH_AS(
      hooks::parse_pre_push("a b c d\n"), "pre-push: 'b' or 'd' is not an object id", UsageError);
}
