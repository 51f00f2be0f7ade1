#include "core/util/glob.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>

using trail::util::glob_error;
using trail::util::glob_match;

namespace {

struct Case
{
  const char* pattern;
  const char* path;
};

void check_matches(std::initializer_list<Case> cases, bool expected)
{
  for (const auto& c : cases) {
    INFO("pattern '", c.pattern, "' path '", c.path, "'");
    CHECK(glob_match(c.pattern, c.path) == expected);
  }
}

std::pair<std::string, size_t> error_of(const char* pattern)
{
  const auto error = glob_error(pattern);
  REQUIRE(error.has_value());
  return *error;
}

} // namespace

TEST_SUITE_BEGIN("glob");

TEST_CASE("glob: literal patterns match the whole path only")
{
  check_matches({{"README.md", "README.md"}, {"src/main.cpp", "src/main.cpp"}}, true);
  check_matches({{"README.md", "docs/README.md"},
                 {"src/main.cpp", "src/main.c"},
                 {"src", "src/main.cpp"},
                 {"main.cpp", "src/main.cpp"}},
                false);
}

TEST_CASE("glob: '*' and '?' stay within one segment")
{
  check_matches({{"*.c", "main.c"},
                 {"*", "README"},
                 {"src/*.c", "src/a.c"},
                 {"src/*", "src/x"},
                 {"*/b.c", "a/b.c"},
                 {"a*b*c", "abc"},
                 {"a*b*c", "axxbyybzc"},
                 {"test_?.cpp", "test_a.cpp"},
                 {"release/*", "release/1.2"},
                 {"*", ""}},
                true);
  check_matches({{"*.c", "src/main.c"},
                 {"src/*.c", "src/a/b.c"},
                 {"src/*", "src/a/b"},
                 {"test_?.cpp", "test_ab.cpp"},
                 {"test_?.cpp", "test_.cpp"},
                 {"a*b*c", "axxbyyb"},
                 {"release/*", "release"},
                 {"a?b", "a/b"}},
                false);
}

TEST_CASE("glob: '**' spans zero or more whole segments")
{
  check_matches({{"src/dosing/**", "src/dosing/a/b.c"},
                 {"src/dosing/**", "src/dosing/x.c"},
                 {"src/dosing/**", "src/dosing"},
                 {"**/test_*.cpp", "test_a.cpp"},
                 {"**/test_*.cpp", "x/y/test_a.cpp"},
                 {"a/**/b", "a/b"},
                 {"a/**/b", "a/x/y/z/b"},
                 {"a/**/b/**/c", "a/1/b/2/3/c"},
                 {"**", "anything/at/all"},
                 {"**/**", "a"}},
                true);
  check_matches({{"src/dosing/**", "src/dosingx/a.c"},
                 {"src/dosing/**", "src/ui/a.c"},
                 {"**/test_*.cpp", "x/y/test_a.c"},
                 {"a/**/b", "a/x/c"},
                 {"a/**/b", "b"},
                 {"a/**/b/**/c", "a/1/b/2/3/d"}},
                false);
}

TEST_CASE("glob: sets, ranges, negation and escapes")
{
  check_matches({{"[abc].c", "b.c"},
                 {"[a-z]x", "qx"},
                 {"[!a]x", "bx"},
                 {"[^a]x", "bx"},
                 {"[]]", "]"},
                 {"[!]]", "a"},
                 {"[a-]", "-"},
                 {"v[0-9].[0-9]", "v1.2"},
                 {"\\*", "*"},
                 {"a\\?", "a?"},
                 {"[\\]]", "]"},
                 {"\\[x]", "[x]"}},
                true);
  check_matches({{"[abc].c", "d.c"},
                 {"[a-z]x", "Qx"},
                 {"[!a]x", "ax"},
                 {"[!]]", "]"},
                 {"\\*", "a"},
                 {"a\\?", "ab"},
                 {"[/]", "/"}},
                false);
}

TEST_CASE("glob: many stars against a long path stay fast")
{
  // The classic exponential case for recursive matchers; one backtrack point keeps it linear.
  const std::string pattern = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
  const std::string path(5000, 'a');
  CHECK_FALSE(glob_match(pattern, path));
  std::string deep;
  for (int i = 0; i < 2000; ++i) {
    deep += "d/";
  }
  CHECK(glob_match("**/d/**/d/**/x", deep + "x"));
  CHECK_FALSE(glob_match("**/d/**/d/**/y", deep + "x"));
}

TEST_CASE("glob: valid patterns have no error")
{
  for (const char* pattern :
       {"src/dosing/**", "**/test_*.cpp", "**", "[a-z]*", "[]]", "\\*", "release/*", "a/**/b"}) {
    INFO(pattern);
    CHECK_FALSE(glob_error(pattern).has_value());
  }
}

TEST_CASE("glob: errors name the problem and its offset")
{
  CHECK(error_of("") == std::pair<std::string, size_t>{"empty pattern", 0});
  CHECK(error_of("src/[ab") == std::pair<std::string, size_t>{"unclosed '['", 4});
  CHECK(error_of("[a/b]") == std::pair<std::string, size_t>{"unclosed '['", 0});
  CHECK(error_of("[]") == std::pair<std::string, size_t>{"unclosed '['", 0});
  CHECK(error_of("src\\") == std::pair<std::string, size_t>{"trailing backslash", 3});
  CHECK(error_of("a\\/b") == std::pair<std::string, size_t>{"a backslash cannot escape '/'", 1});
  CHECK(error_of("src/a**") ==
        std::pair<std::string, size_t>{"'**' must be a whole path segment", 5});
  CHECK(error_of("**b/c") ==
        std::pair<std::string, size_t>{"'**' must be a whole path segment", 0});
  CHECK(error_of("a/***") ==
        std::pair<std::string, size_t>{"'**' must be a whole path segment", 2});
}

TEST_SUITE_END();

TEST_CASE("glob: the fixed folder before the first wildcard")
{
  CHECK(trail::util::glob_fixed_folder("docs/req/*.toml") == "docs/req");
  CHECK(trail::util::glob_fixed_folder("docs/**/x.toml") == "docs");
  CHECK(trail::util::glob_fixed_folder("*.toml") == "");
  CHECK(trail::util::glob_fixed_folder("docs/req/a.toml") == "docs/req");
  CHECK(trail::util::glob_fixed_folder("docs/r[ae]q/a.toml") == "docs");
}
