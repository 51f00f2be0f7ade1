// History (src/core/git/history.cpp): walks in `git log` order (ranges, exclusions, merges,
// children first), the walk of a shallow clone and its boundary, and ancestry, against git
// log on repositories built by the test.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"
#include "expect.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace trail;
using namespace trail::unit;

namespace {

using Ids = std::vector<std::string>;

// The environment that dates a commit at day DAY of 2026, ten o'clock UTC.
std::map<std::string, std::string> on_day(int day)
{
  const std::string date =
      "2026-01-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T10:00:00Z";
  return {{"GIT_COMMITTER_DATE", date}, {"GIT_AUTHOR_DATE", date}};
}

Ids lines_of(const std::string& text)
{
  Ids lines;
  for (const auto line : util::split_lines(text)) {
    if (!line.empty()) {
      lines.emplace_back(line);
    }
  }
  return lines;
}

// The ids SPEC walks, in order.
Ids walked(const git::Repository& repo,
           const git::WalkSpec& spec,
           git::WalkReport* report = nullptr)
{
  Ids ids;
  const auto result = repo.walk(spec, [&](const git::CommitInfo& commit) {
    ids.push_back(commit.id);
    return true;
  });
  if (report) {
    *report = result;
  }
  return ids;
}

git::WalkSpec spec_of(Ids revisions, Ids hide = {}, Ids hide_globs = {})
{
  git::WalkSpec spec;
  spec.revisions = std::move(revisions);
  spec.hide = std::move(hide);
  spec.hide_globs = std::move(hide_globs);
  return spec;
}

// root - c1 - c2 ---------- merge (main)
//          |               |
//          +-- s1 - s2 ----+ (side)
//                    |
//                    +-- t1 (topic)
// with refs/remotes/origin/main at c1 and tag v1 (annotated) at c2.
struct History : TempRepo
{
  std::string root, c1, c2, s1, s2, t1, merge;
  History()
  {
    write("f.txt", "root\n");
    root = commit_all("root", on_day(1));
    write("f.txt", "c1\n");
    c1 = commit_all("c1", on_day(2));
    git({"switch", "-q", "-c", "side"});
    write("s.txt", "s1\n");
    s1 = commit_all("s1", on_day(3));
    write("s.txt", "s2\n");
    s2 = commit_all("s2", on_day(5));
    git({"switch", "-q", "-c", "topic"});
    write("t.txt", "t1\n");
    t1 = commit_all("t1", on_day(7));
    git({"switch", "-q", "main"});
    write("f.txt", "c2\n");
    c2 = commit_all("c2", on_day(4));
    git({"merge", "-q", "--no-ff", "-m", "merge", "side"}, {}, on_day(6));
    merge = line({"rev-parse", "HEAD"});
    git({"update-ref", "refs/remotes/origin/main", c1});
    git({"tag", "-a", "-m", "v1", "v1", c2});
  }
  Ids log(const Ids& args) const
  {
    std::vector<std::string> argv{"log", "--format=%H"};
    argv.insert(argv.end(), args.begin(), args.end());
    return lines_of(git(argv));
  }
};

} // namespace

TEST_CASE("history: the walk follows git log order")
{
  TempRepo repo;
  for (int i = 0; i < 6; ++i) {
    repo.write("f.txt", std::to_string(i));
    repo.commit_all("c" + std::to_string(i), on_day(i + 1));
    if (i == 2) {
      repo.git({"switch", "-q", "-c", "side"});
    }
  }
  repo.git({"switch", "-q", "main"});
  repo.git({"merge", "-q", "--no-ff", "-m", "merge", "side"});
  const auto git_repo = git::Repository::open_at(repo.path.string());
  std::string ours;
  git::WalkSpec spec;
  spec.revisions = {"--all"};
  git_repo.walk(spec, [&](const git::CommitInfo& commit) {
    ours += commit.id + "\n";
    return true;
  });
  CHECK(ours == repo.git({"log", "--all", "--format=%H"}));
}

TEST_CASE("history: revisions, ranges and exclusions select what git log selects, in its order")
{
  const History repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto& r = repo;

  CHECK(walked(git_repo, spec_of({})) == Ids{r.merge, r.s2, r.c2, r.s1, r.c1, r.root});
  CHECK(walked(git_repo, spec_of({})) == repo.log({}));
  CHECK(walked(git_repo, spec_of({"--all"})) == Ids{r.t1, r.merge, r.s2, r.c2, r.s1, r.c1, r.root});
  CHECK(walked(git_repo, spec_of({"--all"})) == repo.log({"--all"}));
  CHECK(walked(git_repo, spec_of({"topic"})) == repo.log({"topic"}));
  CHECK(walked(git_repo, spec_of({"origin/main..main"})) == Ids{r.merge, r.s2, r.c2, r.s1});
  CHECK(walked(git_repo, spec_of({r.c1 + "..main"})) == repo.log({r.c1 + "..main"}));
  CHECK(walked(git_repo, spec_of({"v1..topic"})) == Ids{r.t1, r.s2, r.s1});
  CHECK(walked(git_repo, spec_of({"v1..topic"})) == repo.log({"v1..topic"}));
  CHECK(walked(git_repo, spec_of({"topic.."})) == Ids{r.merge, r.c2}); // ".." ends at HEAD
  CHECK(walked(git_repo, spec_of({"..topic"})) == Ids{r.t1});          // and starts at HEAD
  CHECK(walked(git_repo, spec_of({"v1...topic"})) == Ids{r.t1, r.s2, r.c2, r.s1});
  CHECK(walked(git_repo, spec_of({"v1...topic"})) == repo.log({"v1...topic"}));
  CHECK(walked(git_repo, spec_of({"topic...HEAD"})) == repo.log({"topic...HEAD"}));
  CHECK(walked(git_repo, spec_of({"main", "^side"})) == Ids{r.merge, r.c2});
  CHECK(walked(git_repo, spec_of({"main", "topic", "^v1"})) == repo.log({"main", "topic", "^v1"}));
  CHECK(walked(git_repo, spec_of({"main"}, {"side"})) == Ids{r.merge, r.c2});
  CHECK(walked(git_repo, spec_of({"main"}, {"side", "v1"})) == Ids{r.merge});
  CHECK(walked(git_repo, spec_of({"main"}, {}, {"refs/remotes/origin/*"})) ==
        repo.log({"main", "--not", "--glob=refs/remotes/origin/*"}));
  CHECK(walked(git_repo, spec_of({"main"}, {}, {"refs/remotes/origin/*"})) ==
        Ids{r.merge, r.s2, r.c2, r.s1});
  CHECK(walked(git_repo, spec_of({"main"}, {}, {"refs/heads/*"})).empty());
  CHECK(walked(git_repo, spec_of({"main..main"})).empty());

  git::WalkSpec nothing;
  nothing.head_when_empty = false;
  CHECK(walked(git_repo, nothing).empty());
  nothing.revisions = {r.c1};
  CHECK(walked(git_repo, nothing) == Ids{r.c1, r.root});
}

TEST_CASE("history: commits of the same second come in git log's order, ranges included")
{
  // 160 commits on four branches that merge into each other, forty at a time in the same
  // second: the walk's queue is full of ties, which git log breaks by the order it reached the
  // commits (libgit2's revwalk, which git-trail used before, breaks them otherwise).
  TempRepo repo;
  const std::string empty_tree = repo.line({"hash-object", "-t", "tree", "-w", "/dev/null"});
  std::vector<std::string> tips(4);
  std::vector<std::string> all;
  unsigned seed = 12345;
  auto next = [&seed](unsigned n) {
    seed = seed * 1103515245 + 12345;
    return (seed >> 16) % n;
  };
  for (int i = 0; i < 160; ++i) {
    const unsigned branch = next(4);
    std::vector<std::string> args{"commit-tree", empty_tree, "-m", "c" + std::to_string(i)};
    if (!tips[branch].empty()) {
      args.insert(args.end(), {"-p", tips[branch]});
    }
    const unsigned other = next(4);
    if (i % 3 == 0 && other != branch && !tips[other].empty()) {
      args.insert(args.end(), {"-p", tips[other]});
    }
    const std::string date = "2026-01-0" + std::to_string(1 + i / 40) + "T10:00:00Z";
    tips[branch] = std::string(util::trim_right(
        repo.git(args, {}, {{"GIT_COMMITTER_DATE", date}, {"GIT_AUTHOR_DATE", date}})));
    all.push_back(tips[branch]);
  }
  for (int b = 0; b < 4; ++b) {
    repo.git({"update-ref", "refs/heads/b" + std::to_string(b), tips[b]});
  }
  const auto git_repo = git::Repository::open_at(repo.path.string());
  auto log = [&](const Ids& args) {
    std::vector<std::string> argv{"log", "--format=%H"};
    argv.insert(argv.end(), args.begin(), args.end());
    return lines_of(repo.git(argv));
  };
  const std::vector<Ids> cases = {
      {"--all"},
      {"b0"},
      {"b1", "b2"},
      {"b0..b1"},
      {"b2..b3"},
      {"b3...b0"},
      {"b1", "b2", "^b0"},
      {all[40] + "..b2"},
      {all[100] + ".." + all[150]},
      {"b0", "b1", "b2", "b3", "^" + all[70], "^" + all[120]},
  };
  auto children_first = [](Ids args) {
    auto spec = spec_of(std::move(args));
    spec.children_first = true;
    return spec;
  };
  auto date_order = [&](const Ids& args) {
    Ids argv{"--date-order"};
    argv.insert(argv.end(), args.begin(), args.end());
    return log(argv);
  };
  size_t shown = 0;
  size_t reordered = 0;
  for (const auto& args : cases) {
    INFO("git log " << util::join(args, " "));
    const Ids expected = log(args);
    CHECK(walked(git_repo, spec_of(args)) == expected);
    CHECK(walked(git_repo, children_first(args)) == date_order(args));
    shown += expected.size();
    reordered += date_order(args) != expected ? 1 : 0;
  }
  CHECK(reordered > 0); // children first is another order here
  CHECK(log({"--all"}).size() == 160);
  CHECK(shown > 600); // the ranges are not empty
  // The same with a commit-graph file, which dates and links the commits the walk passes.
  repo.git({"commit-graph", "write", "--reachable"});
  const auto with_graph = git::Repository::open_at(repo.path.string());
  for (const auto& args : cases) {
    INFO("with a commit-graph: git log " << util::join(args, " "));
    CHECK(walked(with_graph, spec_of(args)) == log(args));
    CHECK(walked(with_graph, children_first(args)) == date_order(args));
  }
  // Exclusions given apart from the revisions are git log's --not.
  CHECK(walked(git_repo, spec_of({"b0", "b3"}, {all[90]}, {"refs/heads/b1"})) ==
        log({"b0", "b3", "^" + all[90], "^b1"}));
}

TEST_CASE("history: the visitor stops the walk by returning false")
{
  const History repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  Ids seen;
  git_repo.walk(spec_of({"--all"}), [&](const git::CommitInfo& commit) {
    seen.push_back(commit.id);
    return seen.size() < 3;
  });
  CHECK(seen == Ids{repo.t1, repo.merge, repo.s2});
}

TEST_CASE("history: children first never shows a commit before its children")
{
  // c1 is dated after its child s1 (a rebased or clock-skewed branch): by date alone git log
  // shows c1 first, git log --date-order does not.
  TempRepo repo;
  repo.write("f.txt", "root\n");
  const std::string root = repo.commit_all("root", on_day(1));
  repo.write("f.txt", "c1\n");
  const std::string c1 = repo.commit_all("c1", on_day(5));
  repo.git({"switch", "-q", "-c", "side"});
  repo.write("s.txt", "s1\n");
  const std::string s1 = repo.commit_all("s1", on_day(2));
  repo.git({"switch", "-q", "main"});
  repo.write("f.txt", "c2\n");
  const std::string c2 = repo.commit_all("c2", on_day(6));
  repo.git({"merge", "-q", "--no-ff", "-m", "merge", "side"}, {}, on_day(7));
  const std::string merge = repo.line({"rev-parse", "HEAD"});
  const auto git_repo = git::Repository::open_at(repo.path.string());

  git::WalkSpec spec;
  CHECK(walked(git_repo, spec) == Ids{merge, c2, c1, s1, root});
  CHECK(walked(git_repo, spec) == lines_of(repo.git({"log", "--format=%H"})));
  spec.children_first = true;
  CHECK(walked(git_repo, spec) == Ids{merge, c2, s1, c1, root});
  CHECK(walked(git_repo, spec) == lines_of(repo.git({"log", "--date-order", "--format=%H"})));
}

TEST_CASE("history: a shallow clone is walked to its boundary, which the walk reports")
{
  const History repo;
  TempDir clones;
  const auto clone = [&](const std::string& depth, const std::string& branch) {
    const std::string name = "depth-" + depth + "-" + branch;
    REQUIRE(run_git(clones.path,
                    {"clone",
                     "-q",
                     "--depth",
                     depth,
                     "--branch",
                     branch,
                     "file://" + repo.path.string(),
                     name})
                .exit_code == 0);
    return clones.path / name;
  };

  SUBCASE("depth 2 of a straight line")
  {
    const auto path = clone("2", "topic");
    const auto git_repo = git::Repository::open_at(path.string());
    REQUIRE(git_repo.is_shallow());
    git::WalkReport report;
    CHECK(walked(git_repo, spec_of({"HEAD"}), &report) == Ids{repo.t1, repo.s2});
    CHECK(report.shallow_boundary == Ids{repo.s2});
    CHECK(walked(git_repo, spec_of({"HEAD"})) ==
          lines_of(run_git(path, {"log", "--format=%H"}).out));
    // A range inside what the clone holds loses nothing: no boundary.
    CHECK(walked(git_repo, spec_of({"HEAD~1..HEAD"}), &report) == Ids{repo.t1});
    CHECK(report.shallow_boundary.empty());
    git::WalkSpec children_first = spec_of({"HEAD"});
    children_first.children_first = true;
    CHECK(walked(git_repo, children_first, &report) == Ids{repo.t1, repo.s2});
    CHECK(report.shallow_boundary == Ids{repo.s2});
  }
  SUBCASE("depth 1 of a merge: the merge is the boundary")
  {
    const auto path = clone("1", "main");
    const auto git_repo = git::Repository::open_at(path.string());
    git::WalkReport report;
    CHECK(walked(git_repo, spec_of({"main"}), &report) == Ids{repo.merge});
    CHECK(report.shallow_boundary == Ids{repo.merge});
  }
  SUBCASE("depth 2 of a merge: both parents are boundaries")
  {
    const auto path = clone("2", "main");
    const auto git_repo = git::Repository::open_at(path.string());
    git::WalkReport report;
    CHECK(walked(git_repo, spec_of({"main"}), &report) == Ids{repo.merge, repo.s2, repo.c2});
    CHECK(report.shallow_boundary == Ids{repo.s2, repo.c2});
    CHECK(walked(git_repo, spec_of({"main"})) ==
          lines_of(run_git(path, {"log", "--format=%H"}).out));
    git::WalkSpec children_first = spec_of({"main"});
    children_first.children_first = true;
    CHECK(walked(git_repo, children_first, &report) == Ids{repo.merge, repo.s2, repo.c2});
    CHECK(report.shallow_boundary == Ids{repo.s2, repo.c2});
  }
  SUBCASE("a branch fetched at depth 1 onto commits the clone has: nothing of the range is lost")
  {
    const auto path = clone("2", "main");
    REQUIRE(
        run_git(path, {"fetch", "-q", "--depth", "1", "origin", "topic:refs/remotes/origin/topic"})
            .exit_code == 0);
    const auto git_repo = git::Repository::open_at(path.string());
    git::WalkReport report;
    // t1 is a shallow commit now, but its parent s2 is excluded by the range anyway.
    CHECK(walked(git_repo, spec_of({"main..origin/topic"}), &report) == Ids{repo.t1});
    CHECK(report.shallow_boundary.empty());
    CHECK(walked(git_repo, spec_of({"origin/topic"}, {"main"}), &report) == Ids{repo.t1});
    CHECK(report.shallow_boundary.empty());
    // Without the range, what lies behind t1 is not walked: a boundary.
    CHECK(walked(git_repo, spec_of({"origin/topic"}), &report) == Ids{repo.t1});
    CHECK(report.shallow_boundary == Ids{repo.t1});
    CHECK(walked(git_repo, spec_of({"origin/topic"})) ==
          lines_of(run_git(path, {"log", "--format=%H", "origin/topic"}).out));
  }
  SUBCASE("a complete repository reports no boundary")
  {
    const auto git_repo = git::Repository::open_at(repo.path.string());
    CHECK_FALSE(git_repo.is_shallow());
    git::WalkReport report;
    CHECK(walked(git_repo, spec_of({"main"}), &report).size() == 6);
    CHECK(report.shallow_boundary.empty());
  }
}

TEST_CASE("history: a revision that names no commit stops the walk before it starts")
{
  const History repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  size_t visits = 0;
  const auto count = [&](const git::CommitInfo&) {
    ++visits;
    return true;
  };
  CHECK(thrown([&] { git_repo.walk(spec_of({"nope"}), count); }) ==
        Thrown{"UsageError", "unknown revision 'nope'", k_exit_usage});
  CHECK(thrown([&] { git_repo.walk(spec_of({"nope..main"}), count); }) ==
        Thrown{"UsageError", "unknown revision 'nope'", k_exit_usage});
  CHECK(thrown([&] { git_repo.walk(spec_of({"main"}, {"gone"}), count); }) ==
        Thrown{"UsageError", "unknown revision 'gone'", k_exit_usage});
  CHECK(thrown([&] { git_repo.walk(spec_of({"^HEAD^{tree}"}), count); }) ==
        Thrown{"UsageError", "revision 'HEAD^{tree}' does not name a commit", k_exit_usage});
  CHECK(visits == 0);
  // A glob that matches nothing hides nothing.
  CHECK(walked(git_repo, spec_of({repo.c1}, {}, {"refs/nothing/*"})) == Ids{repo.c1, repo.root});
}

TEST_CASE("history: an empty repository (unborn HEAD) walks nothing")
{
  TempRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(walked(git_repo, spec_of({})).empty());
  CHECK(walked(git_repo, spec_of({"--all"})).empty());
  CHECK(thrown([&] { (void)walked(git_repo, spec_of({"HEAD"})); }) ==
        Thrown{"UsageError", "unknown revision 'HEAD'", k_exit_usage});
}

TEST_CASE("history: is_ancestor across merges and branches")
{
  const History repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.is_ancestor(repo.s1, "main")); // through the merge's second parent
  CHECK(git_repo.is_ancestor(repo.root, "topic"));
  CHECK_FALSE(git_repo.is_ancestor("topic", "main"));
  CHECK_FALSE(git_repo.is_ancestor(repo.c2, "topic"));
  CHECK(git_repo.is_ancestor("v1", repo.merge)); // a tag peels to its commit
  CHECK(thrown([&] { (void)git_repo.is_ancestor("HEAD", "HEAD^{tree}"); }) ==
        Thrown{"UsageError", "revision 'HEAD^{tree}' does not name a commit", k_exit_usage});
}

// In a shallow clone libgit2 1.5's git_graph_descendant_of walks past the boundary and fails
// with "object not found"; is_ancestor answers from the commits the clone has, as git does.
TEST_CASE("history: is_ancestor in a shallow clone answers what git answers")
{
  const History repo;
  TempDir clones;
  REQUIRE(run_git(clones.path, {"clone", "-q", "--depth", "2", "file://" + repo.path.string(), "s"})
              .exit_code == 0);
  const auto path = clones.path / "s";
  REQUIRE(run_git(path, {"merge-base", "--is-ancestor", repo.c2, "main"}).exit_code == 0);
  REQUIRE(run_git(path, {"merge-base", "--is-ancestor", repo.s2, "main"}).exit_code == 0);
  const auto git_repo = git::Repository::open_at(path.string());
  CHECK(git_repo.is_ancestor(repo.c2, "main"));
  CHECK(git_repo.is_ancestor(repo.s2, "main"));
  CHECK(git_repo.is_ancestor("main", "main"));
  REQUIRE(run_git(path, {"merge-base", "--is-ancestor", "main", repo.c2}).exit_code == 1);
  CHECK_FALSE(git_repo.is_ancestor("main", repo.c2));
}
