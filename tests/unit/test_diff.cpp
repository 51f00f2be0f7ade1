// Tree diffs (src/core/git/diff.cpp): the paths a commit changes against its first parent
// (git-trail's own diff over raw tree objects) and the paths staged in the index, against
// git diff-tree and git diff --cached on repositories built by the test.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"
#include "expect.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

using Paths = std::vector<std::string>;

Paths lines_of(const std::string& text)
{
  Paths lines;
  for (const auto line : util::split_lines(text)) {
    if (!line.empty()) {
      lines.emplace_back(line);
    }
  }
  return lines;
}

Paths sorted(Paths paths)
{
  std::sort(paths.begin(), paths.end());
  return paths;
}

} // namespace

TEST_CASE("diff: changed paths agree with git diff-tree on every commit")
{
  TempRepo repo;
  repo.write("a.txt", "1");
  repo.write("dir/b.txt", "1");
  repo.write("dir/sub/c.txt", "1");
  repo.write("dir-x", "1");
  repo.commit_all("root");
  repo.write("dir/sub/c.txt", "2"); // nested change
  repo.commit_all("nested");
  repo.git({"rm", "-q", "a.txt"}); // deletion
  repo.write("a.txt/inner.txt", "file became a folder");
  repo.write("dir.txt", "sorts between dir- and dir/");
  repo.commit_all("file-to-dir");
  repo.git({"rm", "-rq", "dir/sub"});                    // a whole folder goes
  repo.git({"update-index", "--chmod=+x", "dir/b.txt"}); // mode change only
  repo.git({"commit", "-q", "-m", "remove-folder"});
  repo.git({"commit", "-q", "--allow-empty", "-m", "empty"});

  const auto git_repo = git::Repository::open_at(repo.path.string());
  git::WalkSpec spec;
  size_t commits = 0;
  git_repo.walk(spec, [&](const git::CommitInfo& commit) {
    const auto paths = git_repo.changed_paths(commit);
    REQUIRE(paths.has_value());
    const auto theirs = lines_of(repo.git(
        {"diff-tree", "--root", "--no-renames", "-r", "--name-only", "--format=", commit.id}));
    CHECK_MESSAGE(sorted(*paths) == sorted(theirs), "commit " << commit.id);
    ++commits;
    return true;
  });
  CHECK(commits == 5);
}

TEST_CASE("diff: changed paths for globs: every match, in order, folders no glob reaches unread")
{
  TempRepo repo;
  repo.write("src/dosing/pump.c", "1");
  repo.write("src/dosing/deep/valve.c", "1");
  repo.write("src/ui/screen.c", "1");
  repo.write("src-extra/dosing/x.c", "1"); // sorts before src/, outside every glob
  repo.write("docs/a.md", "1");
  repo.write("top.toml", "1");
  repo.commit_all("root");
  repo.write("src/dosing/pump.c", "2");
  repo.write("src/ui/screen.c", "2");
  repo.write("src-extra/dosing/x.c", "2");
  repo.write("docs/a.md", "2");
  repo.write("top.toml", "2");
  repo.commit_all("everywhere");
  repo.git({"rm", "-rq", "src/dosing/deep"});
  repo.write("docs/new/b.md", "1");
  repo.commit_all("a folder goes, one comes");

  const std::vector<std::vector<std::string>> glob_sets = {
      {"src/dosing/**"}, {"src/*/pump.c", "docs/**"}, {"*.toml"}, {"**/x.c"}, {"nothing/**"}};
  const auto git_repo = git::Repository::open_at(repo.path.string());
  git::WalkSpec spec;
  size_t commits = 0;
  git_repo.walk(spec, [&](const git::CommitInfo& commit) {
    const auto all = git_repo.changed_paths(commit);
    REQUIRE(all.has_value());
    for (const auto& globs : glob_sets) {
      const auto some = git_repo.changed_paths(commit, globs);
      REQUIRE(some.has_value());
      const auto matching = [&](const Paths& paths) {
        Paths out;
        for (const auto& path : paths) {
          if (std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
                return util::glob_match(glob, path);
              })) {
            out.push_back(path);
          }
        }
        return out;
      };
      // Every match of the full diff, in the same order; nothing that is not a changed path.
      CHECK_MESSAGE(matching(*some) == matching(*all), commit.id << " " << globs.front());
      for (const auto& path : *some) {
        CHECK_MESSAGE(std::find(all->begin(), all->end(), path) != all->end(), path);
      }
    }
    ++commits;
    return true;
  });
  CHECK(commits == 3);
  // The folders no glob can reach are not read: src/ui/ and src-extra/ changed, but with
  // src/dosing/** only the change inside src/dosing/ (and the top level's own files) come back.
  const auto head = git_repo.commit(repo.line({"rev-parse", "HEAD~1"}));
  CHECK(git_repo.changed_paths(head, {"src/dosing/**"}) ==
        std::optional<Paths>(Paths{"src/dosing/pump.c", "top.toml"}));
  CHECK(git_repo.changed_paths(head, {"*.toml"}) ==
        std::optional<Paths>(*git_repo.changed_paths(head)));
}

TEST_CASE("diff: each kind of change, in git's tree order")
{
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.write("dir/b.txt", "b\n");
  repo.write("dir/c.txt", "c\n");
  repo.write("dir-x", "x\n");
  repo.write("dir.txt", "t\n");
  repo.write("run.sh", "#!/bin/sh\n");
  const std::string root = repo.commit_all("root");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto changed = [&](const std::string& rev) {
    const auto paths = git_repo.changed_paths(git_repo.commit(repo.line({"rev-parse", rev})));
    REQUIRE(paths.has_value());
    return *paths;
  };
  // The root commit: every file, against the empty tree; "dir-x" < "dir.txt" < "dir/" as git
  // sorts trees (a folder's name as if it ended in '/').
  CHECK(changed(root) == Paths{"a.txt", "dir-x", "dir.txt", "dir/b.txt", "dir/c.txt", "run.sh"});

  repo.write("dir/b.txt", "b2\n");
  repo.write("dir-x", "x2\n");
  repo.write("dir.txt", "t2\n");
  repo.write("new/deep/n.txt", "n\n");
  fs::remove(repo.path / "a.txt");
  repo.commit_all("modify, add, remove");
  CHECK(changed("HEAD") == Paths{"a.txt", "dir-x", "dir.txt", "dir/b.txt", "new/deep/n.txt"});

  repo.git({"mv", "dir/c.txt", "moved.txt"});
  repo.commit_all("rename");
  CHECK(changed("HEAD") == Paths{"dir/c.txt", "moved.txt"}); // no rename detection: both paths

  fs::permissions(repo.path / "run.sh", fs::perms::owner_exec, fs::perm_options::add);
  repo.commit_all("mode");
  CHECK(changed("HEAD") == Paths{"run.sh"}); // same content, new mode

  fs::remove(repo.path / "moved.txt");
  fs::create_symlink("run.sh", repo.path / "moved.txt");
  repo.commit_all("file to symlink");
  CHECK(changed("HEAD") == Paths{"moved.txt"});

  fs::remove(repo.path / "dir.txt");
  repo.write("dir.txt/inside", "file became a folder\n");
  repo.commit_all("file to folder");
  CHECK(changed("HEAD") == Paths{"dir.txt", "dir.txt/inside"});

  fs::remove_all(repo.path / "new");
  repo.commit_all("folder removed");
  CHECK(changed("HEAD") == Paths{"new/deep/n.txt"});

  repo.git({"update-index", "--add", "--cacheinfo", "160000," + root + ",lib"});
  repo.git({"commit", "-q", "-m", "submodule added"});
  repo.git(
      {"update-index", "--cacheinfo", "160000," + repo.line({"rev-parse", "HEAD~1"}) + ",lib"});
  repo.git({"commit", "-q", "-m", "submodule moved"});
  CHECK(changed("HEAD~1") == Paths{"lib"});
  CHECK(changed("HEAD") == Paths{"lib"});

  repo.git({"commit", "-q", "--allow-empty", "-m", "empty"});
  CHECK(changed("HEAD").empty());
}

TEST_CASE("diff: a merge is compared with its first parent only")
{
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit_all("root");
  repo.git({"switch", "-q", "-c", "side"});
  repo.write("side.txt", "s\n");
  repo.commit_all("side");
  repo.git({"switch", "-q", "main"});
  repo.write("main.txt", "m\n");
  repo.commit_all("main");
  repo.git({"merge", "-q", "--no-ff", "--no-edit", "side"});
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto merge = git_repo.commit(repo.line({"rev-parse", "HEAD"}));
  REQUIRE(merge.parents.size() == 2);
  CHECK(git_repo.changed_paths(merge) == std::optional<Paths>(Paths{"side.txt"}));
  CHECK(lines_of(repo.git({"diff", "--name-only", "HEAD^1", "HEAD"})) == Paths{"side.txt"});
}

namespace {

// The id of PATH at commit REV as git names it, "" when it has none.
std::string git_id_at(TempRepo& repo, const std::string& rev, const std::string& path)
{
  const auto done = run_git(repo.path, {"rev-parse", "-q", "--verify", rev + ":" + path});
  return done.exit_code == 0 ? std::string(util::trim(done.out)) : std::string();
}

} // namespace

TEST_CASE("diff: changed_among reports the given paths whose ids differ, as git rev-parse C:path")
{
  TempRepo repo;
  repo.write("a/b/c.txt", "1");
  repo.write("a/b.txt", "1");
  repo.write("a-b/c.txt", "1");
  repo.write("a.txt", "1");
  repo.write("z.txt", "1");
  repo.commit_all("root");
  repo.write("a/b/c.txt", "2"); // deep change
  repo.write("a-b/c.txt", "2"); // in a folder that sorts before a/
  repo.commit_all("two");
  repo.write("a/b/c.txt", "1"); // changed back
  repo.write("unasked.txt", "x");
  repo.commit_all("three");
  repo.git({"rm", "-rq", "a/b"});  // a folder goes
  repo.write("a/b", "now a file"); // and a file takes its name
  repo.commit_all("four");
  repo.write("z.txt", "1");
  repo.git({"commit", "-q", "--allow-empty", "-m", "same tree"});
  // Sorted as the function asks; a path inside a file and a path that never exists included.
  const Paths paths = {"a-b/c.txt", "a.txt", "a/b", "a/b.txt", "a/b/c.txt", "a/b/c.txt/x", "none"};
  REQUIRE(std::is_sorted(paths.begin(), paths.end()));

  const auto git_repo = git::Repository::open_at(repo.path.string());
  const Paths commits = lines_of(repo.git({"rev-list", "--reverse", "HEAD"}));
  REQUIRE(commits.size() == 5);
  const auto expected = [&](const std::string& from, const std::string& to) {
    std::vector<std::pair<size_t, std::string>> out;
    for (size_t k = 0; k < paths.size(); ++k) {
      const std::string before = from.empty() ? std::string() : git_id_at(repo, from, paths[k]);
      const std::string after = git_id_at(repo, to, paths[k]);
      if (before != after) {
        out.emplace_back(k, after);
      }
    }
    return out;
  };
  for (size_t i = 0; i < commits.size(); ++i) {
    CHECK_MESSAGE(git_repo.changed_among("", commits[i], paths) == expected("", commits[i]),
                  "root against " << i);
    for (size_t j = 0; j < commits.size(); ++j) {
      CHECK_MESSAGE(git_repo.changed_among(commits[i], commits[j], paths) ==
                        expected(commits[i], commits[j]),
                    i << " against " << j);
    }
  }
  // What the cases above exercise, spelled out: the deep change (the folder a/b holding it
  // is a path asked about too) and its folder neighbour.
  using Changed = std::vector<std::pair<size_t, std::string>>;
  CHECK(git_repo.changed_among(commits[0], commits[1], paths) ==
        Changed{{0, git_id_at(repo, commits[1], "a-b/c.txt")},
                {2, git_id_at(repo, commits[1], "a/b")},
                {4, git_id_at(repo, commits[1], "a/b/c.txt")}});
  CHECK(git_repo.changed_among(commits[0], commits[2], paths) ==
        Changed{{0, git_id_at(repo, commits[2], "a-b/c.txt")}});
  CHECK(git_repo.changed_among(commits[3], commits[4], paths).empty());
  CHECK_THROWS_AS(git_repo.changed_among("", commits[0], Paths{"b", "a"}), Error);
}

TEST_CASE("diff: a commit whose parent is beyond a shallow boundary has no diff (nullopt)")
{
  TempRepo repo;
  repo.write("a.txt", "1\n");
  repo.commit_all("one");
  repo.write("a.txt", "2\n");
  repo.commit_all("two");
  repo.write("b.txt", "3\n");
  repo.commit_all("three");
  TempDir clones;
  REQUIRE(run_git(clones.path,
                  {"clone", "-q", "--depth", "2", "file://" + repo.path.string(), "shallow"})
              .exit_code == 0);
  const auto git_repo = git::Repository::open_at((clones.path / "shallow").string());
  REQUIRE(git_repo.is_shallow());
  const auto head = git_repo.commit(git_repo.resolve_commit("HEAD"));
  CHECK(git_repo.changed_paths(head) == std::optional<Paths>(Paths{"b.txt"}));
  const auto boundary = git_repo.commit(head.parents.at(0));
  CHECK(boundary.parents.size() == 1); // the parent is named, but not there
  CHECK_FALSE(git_repo.has_object(boundary.parents.at(0)));
  CHECK(git_repo.changed_paths(boundary) == std::nullopt);
}

TEST_CASE("diff: staged paths against a base commit or against nothing")
{
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.write("b.txt", "b\n");
  repo.write("dir/c.txt", "c\n");
  const std::string base = repo.commit_all("base");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.staged_paths(base).empty());
  CHECK(git_repo.staged_paths(std::nullopt) == Paths{"a.txt", "b.txt", "dir/c.txt"});

  repo.write("a.txt", "a2\n");         // staged below
  repo.write("b.txt", "not staged\n"); // only in the working tree
  repo.write("new.txt", "n\n");
  repo.git({"add", "a.txt", "new.txt"});
  repo.git({"mv", "dir/c.txt", "dir/d.txt"});
  repo.write("untracked.txt", "u\n");
  // Opened after git wrote the index, as each git-trail process is (see the next case).
  const auto reopened = git::Repository::open_at(repo.path.string());
  const Paths ours = reopened.staged_paths(base);
  CHECK(ours == Paths{"a.txt", "dir/c.txt", "dir/d.txt", "new.txt"});
  CHECK(sorted(ours) ==
        sorted(lines_of(repo.git({"diff", "--cached", "--no-renames", "--name-only", base}))));
  CHECK(reopened.staged_paths(std::nullopt) == Paths{"a.txt", "b.txt", "dir/d.txt", "new.txt"});

  // The base is a full commit id: names and trees are refused.
  CHECK(thrown([&] { (void)git_repo.staged_paths(std::string("HEAD")); }) ==
        Thrown{"UsageError", "'HEAD' is not an object id", k_exit_usage});
  const std::string tree = repo.line({"rev-parse", "HEAD^{tree}"});
  const auto of_tree = thrown([&] { (void)git_repo.staged_paths(tree); });
  CHECK(of_tree.type == "GitError");
  CHECK(of_tree.message.starts_with("cannot read commit " + tree + ": "));
}

// libgit2 keeps the index it first read with the repository handle; staged_paths and
// staged_files read it again when git has written it since.
TEST_CASE("diff: staged paths follow the index git writes after the handle first read it")
{
  TempRepo repo;
  repo.write("a.txt", "a\n");
  const std::string base = repo.commit_all("base");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.staged_paths(base).empty());
  repo.write("a.txt", "changed\n");
  repo.write("b.txt", "new\n");
  repo.git({"add", "-A"});
  CHECK(git::Repository::open_at(repo.path.string()).staged_paths(base) == Paths{"a.txt", "b.txt"});
  CHECK(git_repo.staged_paths(base) == Paths{"a.txt", "b.txt"});
  CHECK(git_repo.staged_files({"*.txt"}) == std::vector<std::pair<std::string, std::string>>{
                                                {"a.txt", "changed\n"}, {"b.txt", "new\n"}});
}

TEST_CASE("diff: over a history longer than the recent-commit memo, each commit's changed paths, "
          "tree and parents are git's")
{
  // 1,500 commits (and 30 merges of a side branch) against the memo's 1,024 slots: commits
  // share slots, so a commit read again after another took its slot must be read afresh.
  TempRepo repo;
  std::string stream;
  const auto blob = [&](const std::string& path, int k) {
    const std::string data = "v" + std::to_string(k) + "\n";
    stream += "M 100644 inline " + path + "\ndata " + std::to_string(data.size()) + "\n" + data;
  };
  int when = 1700000000;
  const auto commit = [&](const std::string& branch, int k, const std::string& from) {
    const std::string message = "change " + std::to_string(k) + "\n";
    stream += "commit refs/heads/" + branch + "\ncommitter T <t@x> " + std::to_string(when++) +
              " +0000\ndata " + std::to_string(message.size()) + "\n" + message + from;
  };
  for (int k = 0; k < 1500; ++k) {
    commit("main", k, k % 50 == 49 ? "merge refs/heads/side\n" : "");
    blob("d" + std::to_string(k % 7) + "/e" + std::to_string(k % 3) + "/f" +
             std::to_string(k % 13) + ".txt",
         k);
    if (k % 50 == 10) {
      commit("side", k, k == 10 ? "from refs/heads/main\n" : "");
      blob("side/s" + std::to_string(k % 4) + ".txt", k);
    }
  }
  stream += "done\n";
  repo.git({"fast-import", "--quiet", "--done"}, stream);

  // git's answer: each commit with its tree, its parents and the paths it changes against its
  // first parent, newest first.
  struct Expected
  {
    std::string id, tree;
    Paths parents, paths;
  };
  std::vector<Expected> expected;
  const std::string log =
      repo.git({"log", "--format=@%H %T %P", "--name-only", "--diff-merges=first-parent", "main"});
  for (const auto line : util::split_lines(log)) {
    if (line.starts_with("@")) {
      Paths fields;
      for (const auto field : util::split(line.substr(1), ' ')) {
        if (!field.empty()) {
          fields.emplace_back(field); // a root commit has no parents: "@ID TREE "
        }
      }
      REQUIRE(fields.size() >= 2);
      expected.push_back({fields[0], fields[1], Paths(fields.begin() + 2, fields.end()), {}});
    } else if (!line.empty()) {
      expected.back().paths.emplace_back(line);
    }
  }
  REQUIRE(expected.size() == 1530);

  const auto git_repo = git::Repository::open_at(repo.path.string());
  git::WalkSpec spec;
  spec.revisions = {"main"};
  size_t at = 0;
  git_repo.walk(spec, [&](const git::CommitInfo& info) {
    REQUIRE(at < expected.size());
    const Expected& want = expected[at++];
    CHECK(info.id == want.id);
    CHECK(info.parents == want.parents);
    CHECK(sorted(git_repo.changed_paths(info).value()) == sorted(want.paths));
    CHECK(git_repo.commit_tree(info.id) == want.tree);
    return true;
  });
  CHECK(at == expected.size());
  // Read again in the other order: every commit has been pushed out of its slot by now.
  for (auto it = expected.rbegin(); it != expected.rend(); ++it) {
    CHECK(git_repo.commit_tree(it->id) == it->tree);
  }
}

TEST_CASE("diff: trees read at the full id of an annotated tag are its commit's")
{
  TempRepo repo;
  repo.write("a/b.txt", "1\n");
  const std::string c1 = repo.commit_all("first");
  repo.git({"tag", "-a", "-m", "release", "v1", c1});
  repo.write("a/b.txt", "2\n");
  repo.commit_all("second");
  const std::string tag = repo.line({"rev-parse", "v1"});
  REQUIRE(tag != c1);
  const auto git_repo = git::Repository::open_at(repo.path.string());
  // Read at the commit first: the commit is then in the memo, and the tag's id is not.
  CHECK(git_repo.commit_tree(c1) == repo.line({"rev-parse", "v1^{tree}"}));
  CHECK(git_repo.commit_tree(tag) == repo.line({"rev-parse", "v1^{tree}"}));
  CHECK(git_repo.tree_id_at(tag, "a/b.txt") == repo.line({"rev-parse", "v1:a/b.txt"}));
  CHECK(git_repo.tree_id_at(tag, "a") == repo.line({"rev-parse", "v1:a"}));
}
