// The git layer's C callbacks (src/core/git/callback.hpp): an exception thrown by our code
// inside a libgit2 walk stops the walk and comes back out of the call, never through
// libgit2's C frames, and the repository stays usable.

#include "core/git/repository.hpp"
#include "core/util/file.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using namespace trail;
namespace fs = std::filesystem;

namespace {

// A temporary repository with one commit of three files, removed at the end of the test case.
struct WalkRepo
{
  fs::path path = fs::temp_directory_path() /
                  ("trail-unit-callbacks-" + std::to_string(std::random_device{}()));
  WalkRepo()
  {
    fs::create_directories(path / "docs" / "sub");
    util::write_file_atomic(path / "a.txt", "a\n");
    util::write_file_atomic(path / "docs" / "b.md", "b\n");
    util::write_file_atomic(path / "docs" / "sub" / "c.md", "c\n");
    git("init -q -b main . && git add -A && git -c user.name=T -c user.email=t@x commit -q -m one");
  }
  ~WalkRepo()
  {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  // Runs the fixed shell command ARGS (no user input) after `git` in the repository.
  void git(const std::string& args) const
  {
    const std::string command =
        "cd '" + path.string() + "' && GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent git " + args;
    REQUIRE(std::system(command.c_str()) == 0);
  }
};

// Thrown by the visitors below; nothing else throws it.
struct VisitorFailed : std::runtime_error
{
  int entries_seen;
  explicit VisitorFailed(int seen) : std::runtime_error("visitor failed"), entries_seen(seen) {}
};

} // namespace

TEST_CASE("an exception thrown inside a tree walk comes back out of it, and the walk stops")
{
  const WalkRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  int seen = 0;
  const auto visit = [&](const git::TreeEntry& entry) {
    ++seen;
    if (entry.path == "docs/b.md") {
      throw VisitorFailed(seen);
    }
  };
  try {
    git_repo.for_each_entry("HEAD", {}, visit);
    FAIL("the exception thrown by the visitor was lost");
  } catch (const VisitorFailed& e) {
    CHECK(std::string(e.what()) == "visitor failed");
    CHECK(e.entries_seen == seen); // nothing was visited after the throw: the walk stopped
  }
  // The handle is still sound: a second walk sees every file.
  std::vector<std::string> paths;
  git_repo.for_each_entry(
      "HEAD", {}, [&](const git::TreeEntry& entry) { paths.push_back(entry.path); });
  std::sort(paths.begin(), paths.end());
  CHECK(paths == std::vector<std::string>{"a.txt", "docs/b.md", "docs/sub/c.md"});
}

TEST_CASE("an exception of any type comes back out of a tree walk with its own type and text")
{
  const WalkRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK_THROWS_AS(
      git_repo.for_each_entry("HEAD", {"docs/**"}, [](const git::TreeEntry&) { throw 42; }), int);
  CHECK_THROWS_WITH_AS(git_repo.for_each_entry(
                           "HEAD",
                           {"docs/sub/*.md"},
                           [](const git::TreeEntry& entry) { throw std::logic_error(entry.path); }),
                       "docs/sub/c.md",
                       std::logic_error);
}
