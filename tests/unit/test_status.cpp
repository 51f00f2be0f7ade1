// Status (src/core/git/status.cpp): uncommitted changes as `git status` sees them, each kind
// alone and together, on repositories built by the test.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"
#include "expect.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

using Lines = std::vector<std::string>;

// A repository with a.txt, b.txt and run.sh committed, and *.log ignored.
struct StatusRepo : TempRepo
{
  StatusRepo()
  {
    write(".gitignore", "*.log\nignored/\n");
    write("a.txt", "a\n");
    write("b.txt", "b\n");
    write("run.sh", "#!/bin/sh\n");
    commit_all("first");
  }
  // The paths `git status --porcelain` lists (renames as "OLD -> NEW").
  Lines porcelain() const
  {
    Lines lines;
    const std::string text = git({"status", "--porcelain", "--no-renames"});
    for (const auto line : util::split_lines(text)) {
      if (!line.empty()) {
        lines.emplace_back(line);
      }
    }
    return lines;
  }
};

} // namespace

TEST_CASE("status: a clean working tree, ignored files included, has no changes")
{
  const StatusRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.uncommitted_changes().empty());
  repo.write("debug.log", "ignored\n");
  repo.write("ignored/deep/x.txt", "ignored\n");
  CHECK(git_repo.uncommitted_changes().empty());
  CHECK(repo.porcelain().empty());
}

TEST_CASE("status: each kind of change alone")
{
  const StatusRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto changes = [&] {
    return git_repo.uncommitted_changes();
  };

  SUBCASE("modified")
  {
    repo.write("a.txt", "changed\n");
    CHECK(changes() == Lines{"modified: a.txt"});
    CHECK(repo.porcelain() == Lines{" M a.txt"});
  }
  SUBCASE("deleted from the working tree")
  {
    fs::remove(repo.path / "b.txt");
    CHECK(changes() == Lines{"deleted: b.txt"});
    CHECK(repo.porcelain() == Lines{" D b.txt"});
  }
  SUBCASE("untracked file and folder (the folder once, with a '/')")
  {
    repo.write("new.txt", "n\n");
    repo.write("newdir/deep/x.txt", "x\n");
    repo.write("newdir/y.txt", "y\n");
    CHECK(changes() == Lines{"untracked: new.txt", "untracked: newdir/"});
    CHECK(repo.porcelain() == Lines{"?? new.txt", "?? newdir/"});
  }
  SUBCASE("staged: new, modified, deleted")
  {
    repo.write("new.txt", "n\n");
    repo.write("a.txt", "changed\n");
    repo.git({"add", "new.txt", "a.txt"});
    repo.git({"rm", "-q", "b.txt"});
    CHECK(changes() == Lines{"staged: a.txt", "staged: b.txt", "staged: new.txt"});
    CHECK(repo.porcelain() == Lines{"M  a.txt", "D  b.txt", "A  new.txt"});
  }
  SUBCASE("staged, then changed again or deleted: two lines")
  {
    repo.write("a.txt", "staged\n");
    repo.write("b.txt", "staged\n");
    repo.git({"add", "a.txt", "b.txt"});
    repo.write("a.txt", "changed again\n");
    fs::remove(repo.path / "b.txt");
    CHECK(changes() ==
          Lines{"staged: a.txt", "modified: a.txt", "staged: b.txt", "deleted: b.txt"});
    CHECK(repo.porcelain() == Lines{"MM a.txt", "MD b.txt"});
  }
  SUBCASE("a staged rename is the old path and the new one")
  {
    repo.git({"mv", "a.txt", "z.txt"});
    CHECK(changes() == Lines{"staged: a.txt", "staged: z.txt"});
    CHECK(repo.porcelain() == Lines{"D  a.txt", "A  z.txt"});
  }
  SUBCASE("a mode change and a type change are modifications")
  {
    fs::permissions(repo.path / "run.sh", fs::perms::owner_exec, fs::perm_options::add);
    fs::remove(repo.path / "b.txt");
    fs::create_symlink("a.txt", repo.path / "b.txt");
    CHECK(changes() == Lines{"modified: b.txt", "modified: run.sh"});
    CHECK(repo.porcelain() == Lines{" T b.txt", " M run.sh"});
  }
  SUBCASE("sorted case-sensitively: upper case first")
  {
    repo.write("B.txt", "upper\n");
    repo.write("a.txt", "changed\n");
    CHECK(changes() == Lines{"untracked: B.txt", "modified: a.txt"});
  }
}

TEST_CASE("status: a conflicted merge lists the conflict once")
{
  const StatusRepo repo;
  repo.git({"switch", "-q", "-c", "side"});
  repo.write("a.txt", "side\n");
  repo.commit_all("side");
  repo.git({"switch", "-q", "main"});
  repo.write("a.txt", "main\n");
  repo.write("b.txt", "main\n");
  repo.commit_all("main");
  repo.write("c.txt", "untracked\n");
  REQUIRE(run_git(repo.path, {"merge", "-q", "side"}).exit_code != 0);
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.uncommitted_changes() == Lines{"conflicted: a.txt", "untracked: c.txt"});
  CHECK(repo.porcelain() == Lines{"UU a.txt", "?? c.txt"});
}

TEST_CASE("status: a bare repository has no working tree: a UsageError")
{
  TempRepo bare(true);
  const auto git_repo = git::Repository::open_at(bare.path.string());
  CHECK(thrown([&] { (void)git_repo.uncommitted_changes(); }) ==
        Thrown{"UsageError",
               "a bare repository has no working tree to check for uncommitted changes",
               k_exit_usage});
}
