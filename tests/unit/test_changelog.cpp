#include "core/changelog/changelog.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>

using namespace trail;
using changelog::split_range;

namespace {

using Range = std::pair<std::string, std::string>;

} // namespace

TEST_SUITE_BEGIN("changelog");

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

TEST_SUITE_END();
