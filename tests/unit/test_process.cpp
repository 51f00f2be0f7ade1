// run_process against real programs: git, cat and sh.

#include "core/util/error.hpp"
#include "core/util/process.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <iterator>
#include <string>

using namespace trail;

TEST_CASE("process: runs a program from PATH and captures its output")
{
  const auto result = util::run_process({"git", "--version"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.starts_with("git version "));
  CHECK(result.err.empty());
}

TEST_CASE("process: feeds standard input")
{
  const std::string input = "line one\nline two\0with a NUL\n";
  const auto result = util::run_process({"cat"}, input);
  CHECK(result.exit_code == 0);
  CHECK(result.out == input);

  // Larger than any pipe buffer in both directions: cat blocks on its output while we still
  // write its input, unless both are served together.
  std::string big;
  for (int i = 0; big.size() < 3 * 1024 * 1024; ++i) {
    big += std::to_string(i) + " the quick brown fox\n";
  }
  const auto echoed = util::run_process({"cat"}, big);
  CHECK(echoed.exit_code == 0);
  CHECK(echoed.out == big);
}

TEST_CASE("process: a program that does not read its input does not kill us")
{
  const auto result = util::run_process({"true"}, std::string(4 * 1024 * 1024, 'x'));
  CHECK(result.exit_code == 0);
  CHECK(result.out.empty());
}

TEST_CASE("process: standard error and the exit code")
{
  const auto result = util::run_process({"sh", "-c", "echo x >&2; exit 3"});
  CHECK(result.exit_code == 3);
  CHECK(result.err == "x\n");
  CHECK(result.out.empty());

  const auto killed = util::run_process({"sh", "-c", "kill -TERM $$"});
  CHECK(killed.exit_code == 128 + 15);
}

TEST_CASE("process: arguments are passed as they are, never through a shell")
{
  const auto result = util::run_process({"printf", "%s|", "a b", "$HOME", "'q'", ""});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "a b|$HOME|'q'||");
}

TEST_CASE("process: extra environment variables are set on top of ours")
{
  const auto result =
      util::run_process({"sh", "-c", "printf '%s/%s' \"$TRAIL_TEST_VALUE\" \"$PATH\""},
                        {},
                        {{"TRAIL_TEST_VALUE", "set here"}, {"PATH", "/overridden"}});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "set here//overridden");
}

TEST_CASE("process: a program that cannot be started is an error naming it")
{
  try {
    util::run_process({"trail-no-such-program-xyz", "--help"});
    FAIL("expected an error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()).find("trail-no-such-program-xyz") != std::string::npos);
  }
  CHECK_THROWS_AS(util::run_process({}), Error);
}

TEST_CASE("process: no file descriptor is left open")
{
  const auto open_descriptors = [] {
    return std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                         std::filesystem::directory_iterator());
  };
  const auto before = open_descriptors();
  for (int i = 0; i < 20; ++i) {
    util::run_process({"cat"}, "x");
    CHECK_THROWS_AS(util::run_process({"trail-no-such-program-xyz"}), Error);
  }
  CHECK(open_descriptors() == before);
}

TEST_CASE("process: find_program looks in PATH as command -v does, and takes a path as it is")
{
  const auto sh = util::find_program("sh");
  REQUIRE(sh);
  CHECK(sh->ends_with("/sh"));
  CHECK(util::find_program(*sh) == sh);
  CHECK_FALSE(util::find_program("no-such-program-anywhere"));
  CHECK_FALSE(util::find_program("/no/such/program"));
  CHECK_FALSE(util::find_program("/etc/passwd")); // a file, but not executable
  CHECK_FALSE(util::find_program(""));
}
