// Objects (src/core/git/objects.cpp): revisions resolved to commits, commits read as values,
// blobs by id, and every way an id or a revision can be wrong, against git's own answers on
// a repository built by the test.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "expect.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

TEST_CASE("objects: resolve_commit resolves names, ids, prefixes and expressions to commits")
{
  TempRepo repo;
  repo.write("a.txt", "1\n");
  const std::string c1 = repo.commit_all("first");
  repo.write("a.txt", "2\n");
  const std::string c2 = repo.commit_all("second");
  repo.git({"tag", "light", c1});
  repo.git({"tag", "-a", "-m", "annotated", "ann", c1});
  repo.git({"tag", "-a", "-m", "tag of a tag", "outer", "ann"});
  repo.git({"branch", "side", c1});
  const auto git_repo = git::Repository::open_at(repo.path.string());

  CHECK(git_repo.resolve_commit("HEAD") == c2);
  CHECK(git_repo.resolve_commit("main") == c2);
  CHECK(git_repo.resolve_commit("refs/heads/main") == c2);
  CHECK(git_repo.resolve_commit("side") == c1);
  CHECK(git_repo.resolve_commit(c1) == c1);
  CHECK(git_repo.resolve_commit(c1.substr(0, 7)) == c1);
  std::string upper = c1;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  CHECK(git_repo.resolve_commit(upper) == c1);
  CHECK(git_repo.resolve_commit("HEAD~1") == c1);
  CHECK(git_repo.resolve_commit("main^") == c1);
  CHECK(git_repo.resolve_commit("light") == c1);
  CHECK(git_repo.resolve_commit("ann") == c1);   // an annotated tag peels to its commit
  CHECK(git_repo.resolve_commit("outer") == c1); // through a tag of a tag too
  CHECK(git_repo.resolve_commit("ann^{commit}") == c1);
}

TEST_CASE("objects: a revision that names no commit is a UsageError naming it")
{
  TempRepo repo;
  repo.write("a.txt", "1\n");
  const std::string c1 = repo.commit_all("first");
  const std::string blob = repo.line({"rev-parse", "HEAD:a.txt"});
  const std::string tree = repo.line({"rev-parse", "HEAD^{tree}"});
  repo.git({"tag", "blobtag", blob});
  const auto git_repo = git::Repository::open_at(repo.path.string());

  CHECK(thrown([&] { (void)git_repo.resolve_commit("nope"); }) ==
        Thrown{"UsageError", "unknown revision 'nope'", k_exit_usage});
  CHECK(thrown([&] { (void)git_repo.resolve_commit("HEAD~5"); }) ==
        Thrown{"UsageError", "unknown revision 'HEAD~5'", k_exit_usage});
  CHECK(thrown([&] { (void)git_repo.resolve_commit(""); }) ==
        Thrown{"UsageError", "unknown revision ''", k_exit_usage});
  // Hex digits of an id no object has, short and full.
  CHECK(thrown([&] { (void)git_repo.resolve_commit("0000000"); }) ==
        Thrown{"UsageError", "unknown revision '0000000'", k_exit_usage});
  CHECK(thrown([&] { (void)git_repo.resolve_commit(std::string(40, '0')); }) ==
        Thrown{"UsageError", "unknown revision '" + std::string(40, '0') + "'", k_exit_usage});
  // Not hex at all, 40 characters long.
  CHECK(thrown([&] { (void)git_repo.resolve_commit(std::string(40, 'g')); }) ==
        Thrown{"UsageError", "unknown revision '" + std::string(40, 'g') + "'", k_exit_usage});
  // Objects that are not commits.
  CHECK(thrown([&] { (void)git_repo.resolve_commit(blob); }) ==
        Thrown{"UsageError", "revision '" + blob + "' does not name a commit", k_exit_usage});
  CHECK(thrown([&] { (void)git_repo.resolve_commit(tree); }) ==
        Thrown{"UsageError", "revision '" + tree + "' does not name a commit", k_exit_usage});
  CHECK(thrown([&] { (void)git_repo.resolve_commit("HEAD^{tree}"); }) ==
        Thrown{"UsageError", "revision 'HEAD^{tree}' does not name a commit", k_exit_usage});
  CHECK(thrown([&] { (void)git_repo.resolve_commit("blobtag"); }) ==
        Thrown{"UsageError", "revision 'blobtag' does not name a commit", k_exit_usage});
  CHECK(git_repo.resolve_commit("HEAD") == c1); // the handle is still sound
}

TEST_CASE("objects: an id prefix that several objects share is ambiguous, not a guess")
{
  TempRepo repo;
  // Enough blobs that two of them share their first four hex digits (git's shortest prefix):
  // of these 400 (fixed contents, so fixed ids), two begin with 6bb2.
  for (int i = 0; i < 400; ++i) {
    repo.write("f/" + std::to_string(i), std::to_string(i) + "\n");
  }
  repo.commit_all("many");
  std::map<std::string, std::vector<std::string>> by_prefix;
  const std::string all =
      repo.git({"cat-file", "--batch-all-objects", "--batch-check=%(objectname)"});
  for (const auto id : util::split_lines(all)) {
    if (!id.empty()) {
      by_prefix[std::string(id.substr(0, 4))].emplace_back(id);
    }
  }
  const auto shared = std::find_if(by_prefix.begin(), by_prefix.end(), [](const auto& entry) {
    return entry.second.size() > 1;
  });
  REQUIRE(shared != by_prefix.end());
  const std::string prefix = shared->first;
  // git itself refuses the prefix.
  CHECK(run_git(repo.path, {"rev-parse", "--verify", "-q", prefix}).exit_code != 0);

  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(thrown([&] { (void)git_repo.resolve_commit(prefix); }) ==
        Thrown{"UsageError", "unknown revision '" + prefix + "'", k_exit_usage});
  // A prefix is never an id for the calls that take full ids.
  CHECK_FALSE(git_repo.has_object(prefix));
  CHECK(thrown([&] { (void)git_repo.read_blob(prefix); }) ==
        Thrown{"UsageError", "'" + prefix + "' is not an object id", k_exit_usage});
  // Each full id still reads.
  for (const auto& id : shared->second) {
    CHECK(git_repo.has_object(id));
  }
}

TEST_CASE("objects: commit reads every field as git stores it")
{
  TempRepo repo;
  repo.write("a.txt", "1\n");
  const std::string c1 = repo.commit_all("first");
  repo.git({"switch", "-q", "-c", "side"});
  repo.write("b.txt", "side\n");
  const std::string side = repo.commit_all("side");
  repo.git({"switch", "-q", "main"});
  repo.write("a.txt", "2\n");
  const std::string c2 = repo.commit_all("second");
  repo.git({"merge", "-q", "--no-ff", "--no-edit", "side"},
           {},
           {{"GIT_AUTHOR_NAME", "Ann Author"},
            {"GIT_AUTHOR_EMAIL", "ann@example.org"},
            {"GIT_AUTHOR_DATE", "1600000000 +0545"},
            {"GIT_COMMITTER_NAME", "Cy Committer"},
            {"GIT_COMMITTER_EMAIL", "cy@example.org"},
            {"GIT_COMMITTER_DATE", "1700000000 -0800"}});
  const std::string merge = repo.line({"rev-parse", "HEAD"});
  // A message stored verbatim: blank lines and trailing spaces kept.
  repo.git({"commit", "-q", "--allow-empty", "--cleanup=verbatim", "-m", "Raw\n\n\nbody  \n\n"});
  const std::string raw = repo.line({"rev-parse", "HEAD"});
  const auto git_repo = git::Repository::open_at(repo.path.string());

  const auto info = git_repo.commit(merge);
  CHECK(info.id == merge);
  CHECK(info.parents == std::vector<std::string>{c2, side}); // first parent first
  CHECK(info.author_name == "Ann Author");
  CHECK(info.author_email == "ann@example.org");
  CHECK(info.author_time == 1600000000);
  CHECK(info.author_offset == 345);
  CHECK(info.committer_name == "Cy Committer");
  CHECK(info.committer_email == "cy@example.org");
  CHECK(info.committer_time == 1700000000);
  CHECK(info.committer_offset == -480);
  CHECK(info.message == "Merge branch 'side'\n");

  CHECK(git_repo.commit(c1).parents.empty()); // the root commit
  CHECK(git_repo.commit(c1).message == "first\n");
  CHECK(git_repo.commit(raw).message == "Raw\n\n\nbody  \n\n");
  const std::string stored = repo.git({"cat-file", "commit", raw});
  CHECK(git_repo.commit(raw).message == stored.substr(stored.find("\n\n") + 2));
}

TEST_CASE("objects: commit, has_object and read_blob take full ids only, and the right type")
{
  TempRepo repo;
  repo.write("bin.dat", std::string("a\0b\0\xff\n", 6));
  repo.write("empty", "");
  repo.write("dir/x.txt", "x\n");
  const std::string c1 = repo.commit_all("first");
  const std::string blob = repo.line({"rev-parse", "HEAD:bin.dat"});
  const std::string empty = repo.line({"rev-parse", "HEAD:empty"});
  const std::string tree = repo.line({"rev-parse", "HEAD:dir"});
  const auto git_repo = git::Repository::open_at(repo.path.string());

  CHECK(git_repo.read_blob(blob) == std::string("a\0b\0\xff\n", 6));
  CHECK(git_repo.read_blob(empty).empty());
  CHECK(empty == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");

  CHECK(git_repo.has_object(c1));
  CHECK(git_repo.has_object(blob));
  CHECK(git_repo.has_object(tree));
  CHECK_FALSE(git_repo.has_object(std::string(40, '0')));
  CHECK_FALSE(git_repo.has_object(c1.substr(0, 39)));     // short
  CHECK_FALSE(git_repo.has_object(c1 + "0"));             // long
  CHECK_FALSE(git_repo.has_object(std::string(40, 'g'))); // not hex
  CHECK_FALSE(git_repo.has_object("HEAD"));               // names are not ids
  CHECK_FALSE(git_repo.has_object(""));

  for (const std::string& bad : {std::string(),
                                 c1.substr(0, 39),
                                 c1 + "0",
                                 std::string(40, 'g'),
                                 std::string("HEAD"),
                                 " " + c1.substr(1)}) {
    CHECK(thrown([&] { (void)git_repo.read_blob(bad); }) ==
          Thrown{"UsageError", "'" + bad + "' is not an object id", k_exit_usage});
    CHECK(thrown([&] { (void)git_repo.commit(bad); }) ==
          Thrown{"UsageError", "'" + bad + "' is not an object id", k_exit_usage});
  }
  // The blob of a tree, or of a commit, is an error; so is the commit of a blob.
  const auto blob_of_tree = thrown([&] { (void)git_repo.read_blob(tree); });
  CHECK(blob_of_tree.type == "GitError");
  CHECK(blob_of_tree.message.starts_with("cannot read blob " + tree + ": "));
  const auto blob_of_commit = thrown([&] { (void)git_repo.read_blob(c1); });
  CHECK(blob_of_commit.type == "GitError");
  CHECK(blob_of_commit.message.starts_with("cannot read blob " + c1 + ": "));
  const auto commit_of_blob = thrown([&] { (void)git_repo.commit(blob); });
  CHECK(commit_of_blob.type == "GitError");
  CHECK(commit_of_blob.message.starts_with("cannot read commit " + blob + ": "));
  const auto missing = thrown([&] { (void)git_repo.read_blob(std::string(40, '1')); });
  CHECK(missing.type == "GitError");
  CHECK(missing.message.starts_with("cannot read blob " + std::string(40, '1') + ": "));
}

TEST_CASE("objects: a ref to an object the repository lacks is corruption (exit 3), not a typo")
{
  TempRepo repo;
  repo.write("a.txt", "1\n");
  const std::string c1 = repo.commit_all("first");
  const std::string lost = "1234567890123456789012345678901234567890";
  util::write_file_atomic(repo.path / ".git/refs/heads/broken", lost + "\n");
  const auto git_repo = git::Repository::open_at(repo.path.string());

  const std::string corrupt = "corrupt repository: broken points to object " + lost +
                              ", which is not in the repository (a lost object or a pack file "
                              "cut short); run `git fsck` to see the damage";
  CHECK(thrown([&] { (void)git_repo.resolve_commit("broken"); }) ==
        Thrown{"Error", corrupt, k_exit_internal});
  CHECK(thrown([&] { (void)git_repo.resolve_commit("refs/heads/broken"); }) ==
        Thrown{"Error",
               "corrupt repository: refs/heads/broken points to object " + lost +
                   ", which is not in the repository (a lost object or a pack file cut short); "
                   "run `git fsck` to see the damage",
               k_exit_internal});
  // An expression past the name, or the id typed by hand, may well be absent: a usage error.
  CHECK(thrown([&] { (void)git_repo.resolve_commit("broken~1"); }) ==
        Thrown{"UsageError", "unknown revision 'broken~1'", k_exit_usage});
  CHECK(thrown([&] { (void)git_repo.resolve_commit(lost); }) ==
        Thrown{"UsageError", "unknown revision '" + lost + "'", k_exit_usage});
  CHECK(git_repo.resolve_commit("main") == c1);
}
