// Trees (src/core/git/trees.cpp): the one glob-pruned walk over a commit's files and what is
// built on it (tree_entries, gitlinks, files_at), files staged in the index, files and tree ids
// at a revision, against git's answers on a repository built by the test.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
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

using Files = std::vector<std::pair<std::string, std::string>>;
using Paths = std::vector<std::string>;

// A repository with one commit of files, folders, an executable, a symlink, a submodule
// (gitlink) and names that are not UTF-8.
struct TreeRepo : TempRepo
{
  std::string files_commit; // before the gitlinks
  std::string head;
  TreeRepo()
  {
    write("a.txt", "alpha\n");
    write("docs/guide.md", "# guide\n");
    write("docs/deep/more.md", "# more\n");
    write("docs/\xe9t\xe9.md", "latin-1 name\n"); // not UTF-8
    write("docs-old/x.md", "old\n");
    write("doc/y.md", "y\n");
    write("other/w.txt", "w\n");
    write("other/secret/z.txt", "z\n");
    write("\xff\xfe.txt", "not UTF-8 at all\n");
    write("bin/run.sh", "#!/bin/sh\n");
    fs::permissions(path / "bin/run.sh", fs::perms::owner_exec, fs::perm_options::add);
    fs::create_symlink("a.txt", path / "link");
    fs::create_symlink("../missing", path / "docs/dangling.md");
    files_commit = commit_all("files");
    git({"update-index", "--add", "--cacheinfo", "160000," + files_commit + ",vendor/lib"});
    git({"update-index", "--add", "--cacheinfo", "160000," + files_commit + ",docs/sub.md"});
    git({"commit", "-q", "-m", "submodules"}); // not `add -A`: it would drop the gitlinks
    head = line({"rev-parse", "HEAD"});
  }
  // Removes the loose object of the tree at PATH in HEAD: reading it then fails.
  void lose_tree(const std::string& folder) const
  {
    const std::string id = line({"rev-parse", "HEAD:" + folder});
    fs::remove(path / ".git/objects" / id.substr(0, 2) / id.substr(2));
  }
};

std::string mode_of(git::TreeEntry::Type type)
{
  switch (type) {
  case git::TreeEntry::Type::file:
    return "100644 blob";
  case git::TreeEntry::Type::executable:
    return "100755 blob";
  case git::TreeEntry::Type::symlink:
    return "120000 blob";
  case git::TreeEntry::Type::gitlink:
    return "160000 commit";
  }
  return "?";
}

// Lists ENTRIES as `git ls-tree -r -z` does: "MODE TYPE ID\tPATH" each.
Paths listing(const std::vector<git::TreeEntry>& entries)
{
  Paths lines;
  for (const auto& entry : entries) {
    lines.push_back(mode_of(entry.type) + " " + entry.id + "\t" + entry.path);
  }
  return lines;
}

// What `git ls-tree -r -z REV -- PATHS...` lists.
Paths git_listing(const TempRepo& repo, const std::string& rev, const Paths& paths = {})
{
  std::vector<std::string> args{"ls-tree", "-r", "-z", rev, "--"};
  args.insert(args.end(), paths.begin(), paths.end());
  Paths lines;
  const std::string text = repo.git(args);
  for (const auto record : util::split(text, '\0')) {
    if (!record.empty()) {
      lines.emplace_back(record);
    }
  }
  return lines;
}

Paths paths_of(const std::vector<git::TreeEntry>& entries)
{
  Paths paths;
  for (const auto& entry : entries) {
    paths.push_back(entry.path);
  }
  return paths;
}

} // namespace

TEST_CASE("trees: every entry, with its mode and id, as git ls-tree lists it, bytewise sorted")
{
  const TreeRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto entries = git_repo.tree_entries("HEAD", {});
  CHECK(listing(entries) == git_listing(repo, "HEAD"));
  CHECK(paths_of(entries) == Paths{"a.txt",
                                   "bin/run.sh",
                                   "doc/y.md",
                                   "docs-old/x.md",
                                   "docs/dangling.md",
                                   "docs/deep/more.md",
                                   "docs/guide.md",
                                   "docs/sub.md",
                                   "docs/\xe9t\xe9.md",
                                   "link",
                                   "other/secret/z.txt",
                                   "other/w.txt",
                                   "vendor/lib",
                                   "\xff\xfe.txt"});
  // for_each_entry visits the same entries (in its own order).
  std::vector<git::TreeEntry> visited;
  git_repo.for_each_entry(
      "HEAD", {}, [&](const git::TreeEntry& entry) { visited.push_back(entry); });
  std::sort(
      visited.begin(), visited.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  CHECK(listing(visited) == listing(entries));
  // Any revision that names a commit: a tag, an expression, an id.
  repo.git({"tag", "-a", "-m", "t", "v1", repo.files_commit});
  CHECK(listing(git_repo.tree_entries("v1", {})) == git_listing(repo, repo.files_commit));
  CHECK(listing(git_repo.tree_entries("HEAD~1", {})) == git_listing(repo, repo.files_commit));
  CHECK(listing(git_repo.tree_entries(repo.head, {})) == git_listing(repo, "HEAD"));
}

TEST_CASE("trees: globs select entries; *, ** and literal names; non-UTF-8 names match too")
{
  const TreeRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto select = [&](const Paths& globs) {
    return paths_of(git_repo.tree_entries("HEAD", globs));
  };
  CHECK(select({"docs/*.md"}) ==
        Paths{"docs/dangling.md", "docs/guide.md", "docs/sub.md", "docs/\xe9t\xe9.md"});
  CHECK(select({"docs/**"}) == Paths{"docs/dangling.md",
                                     "docs/deep/more.md",
                                     "docs/guide.md",
                                     "docs/sub.md",
                                     "docs/\xe9t\xe9.md"});
  CHECK(select({"**/*.md"}) == Paths{"doc/y.md",
                                     "docs-old/x.md",
                                     "docs/dangling.md",
                                     "docs/deep/more.md",
                                     "docs/guide.md",
                                     "docs/sub.md",
                                     "docs/\xe9t\xe9.md"});
  CHECK(select({"docs/**/more.md"}) == Paths{"docs/deep/more.md"});
  CHECK(select({"*.txt"}) == Paths{"a.txt", "\xff\xfe.txt"}); // '*' stops at '/'
  CHECK(select({"\xff*"}) == Paths{"\xff\xfe.txt"});
  CHECK(select({"docs/\xe9*"}) == Paths{"docs/\xe9t\xe9.md"});
  CHECK(select({"doc/*"}) == Paths{"doc/y.md"}); // not docs/ nor docs-old/
  CHECK(select({"link", "vendor/lib"}) == Paths{"link", "vendor/lib"});
  CHECK(select({"bin/*", "a.txt", "bin/run.sh"}) == Paths{"a.txt", "bin/run.sh"}); // once each
  CHECK(select({"docs"}).empty()); // a folder is not an entry
  CHECK(select({"nothing/**"}).empty());
  CHECK(select({"A.TXT"}).empty()); // case matters
  // The same selection as git's own listing of the folder.
  CHECK(listing(git_repo.tree_entries("HEAD", {"docs/**"})) == git_listing(repo, "HEAD", {"docs"}));
}

TEST_CASE("trees: the walk reads only the folders a glob can match")
{
  // Two trees are lost: a walk that reads them fails, so a walk that succeeds did not read them.
  const TreeRepo repo;
  repo.lose_tree("docs-old");
  repo.lose_tree("other/secret");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto select = [&](const Paths& globs) {
    return paths_of(git_repo.tree_entries("HEAD", globs));
  };

  CHECK(select({"docs/**"}) == Paths{"docs/dangling.md",
                                     "docs/deep/more.md",
                                     "docs/guide.md",
                                     "docs/sub.md",
                                     "docs/\xe9t\xe9.md"});
  CHECK(select({"docs/deep/*.md"}) == Paths{"docs/deep/more.md"}); // docs/ read, docs/deep/ too
  CHECK(select({"doc/*"}) == Paths{"doc/y.md"}); // "doc" is a prefix of "docs-old", not its folder
  CHECK(select({"vendor/*", "bin/*"}) == Paths{"bin/run.sh", "vendor/lib"});
  CHECK(git_repo.files_at("HEAD", {"docs/deep/*"}) == Files{{"docs/deep/more.md", "# more\n"}});
  // A path without wildcards reads only the folders on the way to it, at the top too (a
  // submodule is looked up by its path this way).
  CHECK(select({"a.txt"}) == Paths{"a.txt"});
  CHECK(select({"vendor/lib"}) == Paths{"vendor/lib"});
  CHECK(select({"docs/deep/more.md"}) == Paths{"docs/deep/more.md"});

  // A glob that may match inside a lost tree must read it: the loss is an error, never a
  // quietly shorter list.
  for (const Paths& globs : {Paths{},
                             Paths{"**/*.md"},
                             Paths{"docs-old/*"},
                             Paths{"other/secret/*"},
                             Paths{"other/secret"},
                             Paths{"docs-old/"}}) {
    const auto error = thrown([&] { (void)git_repo.tree_entries("HEAD", globs); });
    CHECK_MESSAGE(error.type == "GitError", util::join(globs, " "));
    CHECK_MESSAGE(error.message.starts_with("cannot walk the tree of HEAD: "), error.message);
  }
  // gitlinks() looks at every folder: a submodule may be anywhere.
  CHECK(thrown([&] {
          (void)git_repo.gitlinks("HEAD");
        }).message.starts_with("cannot walk the tree of HEAD: "));
}

TEST_CASE("trees: gitlinks lists the submodules only, in path order")
{
  const TreeRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto links = git_repo.gitlinks("HEAD");
  CHECK(listing(links) == Paths{"160000 commit " + repo.files_commit + "\tdocs/sub.md",
                                "160000 commit " + repo.files_commit + "\tvendor/lib"});
  CHECK(git_repo.gitlinks(repo.files_commit).empty());
  CHECK(thrown([&] { (void)git_repo.gitlinks("nope"); }) ==
        Thrown{"UsageError", "unknown revision 'nope'", k_exit_usage});
}

TEST_CASE("trees: files_at reads the content of matching files, symlinks as their target")
{
  const TreeRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  // A gitlink matched by the glob has no content: it is left out.
  CHECK(git_repo.files_at("HEAD", {"docs/*.md"}) == Files{{"docs/dangling.md", "../missing"},
                                                          {"docs/guide.md", "# guide\n"},
                                                          {"docs/\xe9t\xe9.md", "latin-1 name\n"}});
  CHECK(git_repo.files_at("HEAD", {"link", "bin/*", "vendor/*"}) ==
        Files{{"bin/run.sh", "#!/bin/sh\n"}, {"link", "a.txt"}});
  CHECK(git_repo.files_at("HEAD", {"*.txt"}) ==
        Files{{"a.txt", "alpha\n"}, {"\xff\xfe.txt", "not UTF-8 at all\n"}});
  // No globs select nothing here (not everything, as for tree_entries).
  CHECK(git_repo.files_at("HEAD", {}).empty());
  CHECK(git_repo.files_at("HEAD", {"none/*"}).empty());
  CHECK(thrown([&] { (void)git_repo.files_at("HEAD^{tree}", {"*"}); }) ==
        Thrown{"UsageError", "revision 'HEAD^{tree}' does not name a commit", k_exit_usage});
}

TEST_CASE("trees: staged_files reads the index, not the working tree, and skips conflicts")
{
  TempRepo repo;
  repo.write("a.md", "base\n");
  repo.write("b.md", "b\n");
  repo.write("c.txt", "c\n");
  repo.commit_all("base");
  repo.git({"switch", "-q", "-c", "side"});
  repo.write("a.md", "side\n");
  repo.commit_all("side");
  repo.git({"switch", "-q", "main"});
  repo.write("a.md", "main\n");
  repo.commit_all("main");
  repo.write("b.md", "staged\n");
  repo.git({"add", "b.md"});
  repo.write("b.md", "only in the working tree\n");
  repo.write("new.md", "new, staged\n");
  repo.git({"add", "new.md"});
  repo.write("untracked.md", "not in the index\n");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.staged_files({"*.md"}) ==
        Files{{"a.md", "main\n"}, {"b.md", "staged\n"}, {"new.md", "new, staged\n"}});
  CHECK(git_repo.staged_files({"c.txt"}) == Files{{"c.txt", "c\n"}});
  CHECK(git_repo.staged_files({}).empty());

  // A conflicted merge: a.md has stages 1-3 and no stage 0.
  repo.git({"reset", "-q", "--hard"});
  REQUIRE(run_git(repo.path, {"merge", "-q", "side"}).exit_code != 0);
  REQUIRE(repo.git({"ls-files", "-u", "a.md"}).size() > 0);
  CHECK(git::Repository::open_at(repo.path.string()).staged_files({"*.md"}) ==
        Files{{"b.md", "b\n"}});
}

TEST_CASE("trees: read_file_at reads one blob; no file, a folder or a bad revision give nullopt")
{
  const TreeRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.read_file_at("HEAD", "a.txt") == std::optional<std::string>("alpha\n"));
  CHECK(git_repo.read_file_at("HEAD", "docs/deep/more.md") ==
        std::optional<std::string>("# more\n"));
  CHECK(git_repo.read_file_at("HEAD", "link") == std::optional<std::string>("a.txt"));
  CHECK(git_repo.read_file_at(repo.files_commit, "\xff\xfe.txt") ==
        std::optional<std::string>("not UTF-8 at all\n"));
  CHECK(git_repo.read_file_at("HEAD", "docs") == std::nullopt);       // a tree
  CHECK(git_repo.read_file_at("HEAD", "vendor/lib") == std::nullopt); // a gitlink
  CHECK(git_repo.read_file_at("HEAD", "missing.txt") == std::nullopt);
  CHECK(git_repo.read_file_at("nope", "a.txt") == std::nullopt);
  CHECK(git_repo.read_file_at("HEAD~1", "vendor/lib") == std::nullopt);
}

TEST_CASE("trees: tree_id_at and commit_tree give git's tree ids")
{
  const TreeRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.tree_id_at("HEAD", "") == repo.line({"rev-parse", "HEAD^{tree}"}));
  CHECK(git_repo.tree_id_at("HEAD", "docs") == repo.line({"rev-parse", "HEAD:docs"}));
  CHECK(git_repo.tree_id_at("HEAD", "docs/deep") == repo.line({"rev-parse", "HEAD:docs/deep"}));
  CHECK(git_repo.tree_id_at("HEAD~1", "docs") != git_repo.tree_id_at("HEAD", "docs")); // sub.md
  CHECK(git_repo.tree_id_at("HEAD~1", "other") == git_repo.tree_id_at("HEAD", "other"));
  CHECK(git_repo.tree_id_at("HEAD", "missing").empty());
  CHECK(git_repo.tree_id_at("HEAD", "docs/missing/deeper").empty());
  CHECK(thrown([&] { (void)git_repo.tree_id_at("nope", "docs"); }) ==
        Thrown{"UsageError", "unknown revision 'nope'", k_exit_usage});

  CHECK(git_repo.commit_tree("HEAD") == repo.line({"rev-parse", "HEAD^{tree}"}));
  CHECK(git_repo.commit_tree(repo.files_commit) == repo.line({"rev-parse", "HEAD~1^{tree}"}));
  repo.git({"tag", "-a", "-m", "t", "v1", "HEAD~1"});
  CHECK(git_repo.commit_tree("v1") == repo.line({"rev-parse", "HEAD~1^{tree}"}));
  CHECK(thrown([&] { (void)git_repo.commit_tree("HEAD:docs"); }) ==
        Thrown{"UsageError", "revision 'HEAD:docs' does not name a commit", k_exit_usage});
}
