// git-trail's own index reader (src/core/git/index_file.cpp) on indexes git writes, and the
// staged paths built on it (src/core/git/diff.cpp) against `git diff --cached` through every
// kind of change the commit-msg hook can meet: each step is compared before and after
// `git write-tree` (which makes every cache-tree node valid again), so both the walk below
// invalidated directories and the skip of valid ones are exercised.

#include "core/git/index_file.hpp"
#include "core/git/repository.hpp"
#include "core/util/file.hpp"
#include "core/util/strings.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;

namespace {

using Paths = std::vector<std::string>;

std::string hex(const git::RawOid& oid)
{
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char byte : oid) {
    out += digits[byte >> 4U];
    out += digits[byte & 15U];
  }
  return out;
}

std::string index_bytes(const TempRepo& repo)
{
  return util::read_file(repo.path / ".git" / "index");
}

// `git ls-files -s` in our terms: "mode oid stage\tpath" per entry.
std::string listing(const git::IndexFile& index)
{
  std::string out;
  for (size_t i = 0; i < index.size(); ++i) {
    const auto e = index.entry(i);
    CHECK(index.path(i) == e.path);
    CHECK(index.stage(i) == e.stage);
    char mode[16];
    std::snprintf(mode, sizeof mode, "%06o", e.mode);
    out += std::string(mode) + " " + hex(e.oid) + " " + std::to_string(e.stage) + "\t" +
           std::string(e.path) + "\n";
  }
  return out;
}

Paths git_staged(const TempRepo& repo, const std::string& base)
{
  Paths paths;
  const std::string out = repo.git({"diff", "--cached", "--no-renames", "--name-only", base});
  for (const auto line : util::split_lines(out)) {
    if (!line.empty()) {
      paths.emplace_back(line);
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Compares git-trail's staged paths with git's, before and after git refreshes the cache
// tree; READABLE says whether our reader takes this index (else libgit2 answers).
void agree(const TempRepo& repo,
           const std::string& base,
           const std::string& step,
           bool readable = true)
{
  for (const bool refreshed : {false, true}) {
    if (refreshed && repo.git({"ls-files", "-u"}).empty()) {
      repo.git({"write-tree"});
    }
    INFO(step << std::string(refreshed ? " (cache tree refreshed)" : ""));
    CHECK(git::IndexFile::parse(index_bytes(repo)).has_value() == readable);
    const auto ours = git::Repository::open_at(repo.path.string()).staged_paths(base);
    CHECK(util::join(ours, " ") == util::join(git_staged(repo, base), " "));
  }
}

} // namespace

TEST_CASE("index file: entries and cache tree as git wrote them, versions 2 and 4")
{
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.write("dir/b.txt", "b\n");
  repo.write("dir/sub/c.txt", "c\n");
  repo.write("other/d.txt", "d\n");
  repo.commit_all("base");
  const std::string expected = repo.git({"ls-files", "-s"});

  auto index = git::IndexFile::parse(index_bytes(repo));
  REQUIRE(index.has_value());
  CHECK(listing(*index) == expected);
  // The cache tree: every directory valid after a commit, with git's tree ids.
  const auto& cache = index->cache_tree();
  REQUIRE_FALSE(cache.empty());
  CHECK(cache[0].entry_count == 4);
  CHECK(hex(cache[0].oid) == repo.line({"rev-parse", "HEAD^{tree}"}));
  const auto* dir = index->cache_child(cache[0], "dir");
  REQUIRE(dir != nullptr);
  CHECK(dir->entry_count == 2);
  CHECK(hex(dir->oid) == repo.line({"rev-parse", "HEAD:dir"}));
  const auto* sub = index->cache_child(*dir, "sub");
  REQUIRE(sub != nullptr);
  CHECK(hex(sub->oid) == repo.line({"rev-parse", "HEAD:dir/sub"}));
  CHECK(index->cache_child(cache[0], "dir/sub") == nullptr);
  CHECK(index->cache_child(cache[0], "missing") == nullptr);

  // Staging a change below dir/sub invalidates sub, dir and the root, not other.
  repo.write("dir/sub/c.txt", "changed\n");
  repo.git({"add", "dir/sub/c.txt"});
  index = git::IndexFile::parse(index_bytes(repo));
  REQUIRE(index.has_value());
  const auto& changed = index->cache_tree();
  CHECK(changed[0].entry_count == -1);
  dir = index->cache_child(changed[0], "dir");
  REQUIRE(dir != nullptr);
  CHECK(dir->entry_count == -1);
  const auto* other = index->cache_child(changed[0], "other");
  REQUIRE(other != nullptr);
  CHECK(other->entry_count == 1);
  CHECK(hex(other->oid) == repo.line({"rev-parse", "HEAD:other"}));

  // Version 4 compresses each path against the one before; the entries are the same.
  repo.git({"update-index", "--index-version", "4"});
  REQUIRE(index_bytes(repo).substr(4, 4) == std::string("\0\0\0\4", 4));
  const auto v4 = git::IndexFile::parse(index_bytes(repo));
  REQUIRE(v4.has_value());
  CHECK(listing(*v4) == repo.git({"ls-files", "-s"}));
}

TEST_CASE("index file: what the reader does not understand is declined, never misread")
{
  TempRepo repo;
  repo.write("a.txt", "a\n");
  repo.write("b/c.txt", "c\n");
  repo.commit_all("base");
  const std::string good = index_bytes(repo);
  REQUIRE(git::IndexFile::parse(good).has_value());

  SUBCASE("damaged bytes")
  {
    CHECK_FALSE(git::IndexFile::parse("").has_value());
    CHECK_FALSE(git::IndexFile::parse("XIRC" + good.substr(4)).has_value());
    // Version 5 does not exist; version 1 was never written.
    CHECK_FALSE(git::IndexFile::parse(good.substr(0, 7) + '\5' + good.substr(8)).has_value());
    CHECK_FALSE(git::IndexFile::parse(good.substr(0, 7) + '\1' + good.substr(8)).has_value());
    // More entries than the file holds.
    CHECK_FALSE(
        git::IndexFile::parse(good.substr(0, 8) + std::string("\0\0\1\0", 4) + good.substr(12))
            .has_value());
    // Every truncation is declined or read without reaching past the end (ASan watches).
    for (size_t n = 0; n < good.size(); ++n) {
      const auto cut = git::IndexFile::parse(good.substr(0, n));
      if (cut) {
        CHECK(cut->size() <= 2);
      }
    }
  }
  SUBCASE("entries out of order")
  {
    // Two paths of equal length swapped in place: "a.txt" after "b/c.t" would break git's order.
    std::string swapped = good;
    const auto first = swapped.find("a.txt");
    const auto second = swapped.find("b/c.txt");
    REQUIRE(first != std::string::npos);
    REQUIRE(second != std::string::npos);
    swapped.replace(first, 5, "z.txt");
    CHECK_FALSE(git::IndexFile::parse(swapped).has_value());
  }
  SUBCASE("intent-to-add entries (extended flags)")
  {
    repo.write("new.txt", "n\n");
    repo.git({"add", "-N", "new.txt"});
    CHECK_FALSE(git::IndexFile::parse(index_bytes(repo)).has_value());
  }
  SUBCASE("a split index (the link extension)")
  {
    repo.git({"update-index", "--split-index"});
    CHECK_FALSE(git::IndexFile::parse(index_bytes(repo)).has_value());
  }
  SUBCASE("a sparse checkout (skip-worktree entries)")
  {
    repo.git({"sparse-checkout", "set", "--no-cone", "/a.txt"});
    CHECK_FALSE(git::IndexFile::parse(index_bytes(repo)).has_value());
  }
}

TEST_CASE("index file: staged paths agree with git diff --cached through every kind of change")
{
  TempRepo repo;
  // Names that sort differently as paths and as tree entries ("a" is compared as "a/").
  for (const char* file : {"a.b",
                           "a-b",
                           "a0",
                           "a/b",
                           "a/c/d",
                           "dir/sub/deep/x.txt",
                           "dir/sub/y.txt",
                           "dir/z.txt",
                           "other/o.txt",
                           "run.sh"}) {
    repo.write(file, std::string(file) + "\n");
  }
  std::filesystem::create_symlink("run.sh", repo.path / "link");
  repo.git({"add", "-A"});
  repo.git({"update-index", "--chmod=+x", "run.sh"});
  repo.git({"commit", "-q", "-m", "base"});
  const std::string base = repo.line({"rev-parse", "HEAD"});
  agree(repo, base, "nothing staged");

  repo.write("dir/sub/deep/x.txt", "changed\n");
  repo.git({"add", "dir/sub/deep/x.txt"});
  agree(repo, base, "a change three folders deep");

  repo.write("new/folder/f.txt", "f\n");
  repo.git({"add", "new"});
  agree(repo, base, "a new folder");

  repo.git({"rm", "-q", "-r", "other"});
  agree(repo, base, "a deleted folder");

  repo.git({"rm", "-q", "a0"});
  repo.write("a0/inner.txt", "file became a folder\n");
  repo.git({"add", "a0"});
  agree(repo, base, "a file replaced by a folder");

  repo.git({"rm", "-q", "-r", "-f", "dir/sub"});
  repo.write("dir/sub", "folder became a file\n");
  repo.git({"add", "dir/sub"});
  agree(repo, base, "a folder replaced by a file");

  repo.git({"update-index", "--chmod=-x", "run.sh"});
  agree(repo, base, "a mode change");

  std::filesystem::remove(repo.path / "link");
  std::filesystem::create_symlink("a.b", repo.path / "link");
  repo.git({"add", "link"});
  agree(repo, base, "a symbolic link pointed elsewhere");

  repo.git({"update-index", "--add", "--cacheinfo", "160000," + base + ",module"});
  agree(repo, base, "a submodule (gitlink) added");

  repo.git({"update-index", "--index-version", "4"});
  agree(repo, base, "the same in index version 4");

  Paths listed;
  const std::string files = repo.line({"ls-files"});
  for (const auto line : util::split_lines(files)) {
    listed.emplace_back(line);
  }
  CHECK(git::Repository::open_at(repo.path.string()).staged_paths(std::nullopt) == listed);

  repo.git({"rm", "-q", "-r", "--cached", "."});
  agree(repo, base, "an empty index");
}

TEST_CASE("index file: an unmerged path is staged once, whatever its stages")
{
  TempRepo repo;
  repo.write("dir/clash.txt", "base\n");
  repo.write("dir/calm.txt", "calm\n");
  const std::string base = repo.commit_all("base");
  repo.git({"checkout", "-q", "-b", "side"});
  repo.write("dir/clash.txt", "side\n");
  repo.commit_all("side");
  repo.git({"checkout", "-q", "main"});
  repo.write("dir/clash.txt", "main\n");
  const std::string head = repo.commit_all("main");
  CHECK(run_git(repo.path, {"merge", "-q", "side"}).exit_code == 1);
  REQUIRE_FALSE(repo.git({"ls-files", "-u"}).empty());
  const auto index = git::IndexFile::parse(index_bytes(repo));
  REQUIRE(index.has_value());
  std::vector<unsigned> stages;
  for (size_t i = 0; i < index->size(); ++i) {
    if (index->path(i) == "dir/clash.txt") {
      stages.push_back(index->stage(i));
    }
  }
  CHECK(stages == std::vector<unsigned>{1, 2, 3});
  agree(repo, head, "a conflict against HEAD");
  agree(repo, base, "a conflict against the merge base");
}
