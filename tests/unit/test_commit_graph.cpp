// git's commit-graph file (src/core/git/commit_graph.cpp): dates and parents as git writes them
// (a single file with generation data, a split chain, an octopus merge's extra parents), a
// graph older than the history, damaged files, and the walks that use it (history.cpp).

#include "core/git/commit_graph.hpp"
#include "core/git/objects.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/strings.hpp"
#include "expect.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;

namespace {

std::map<std::string, std::string> dated(int n)
{
  const std::string date = std::to_string(1767261600 + n * 37) + " +0000";
  return {{"GIT_COMMITTER_DATE", date}, {"GIT_AUTHOR_DATE", date}};
}

// A history with branches, merges and one octopus merge (four parents), N commits on main.
struct GraphRepo : TempRepo
{
  std::string empty_tree;
  int made = 0;
  GraphRepo()
  {
    empty_tree = line({"hash-object", "-t", "tree", "-w", "/dev/null"});
  }
  std::string commit(const std::vector<std::string>& parents)
  {
    std::vector<std::string> args{"commit-tree", empty_tree, "-m", "c" + std::to_string(made)};
    for (const auto& p : parents) {
      args.insert(args.end(), {"-p", p});
    }
    return std::string(util::trim_right(git(args, {}, dated(made++))));
  }
  // Adds COUNT commits to branch NAME (created at FROM when new); returns the last.
  std::string grow(const std::string& name, std::string from, int count)
  {
    for (int i = 0; i < count; ++i) {
      from = commit(from.empty() ? std::vector<std::string>{} : std::vector<std::string>{from});
    }
    git({"update-ref", "refs/heads/" + name, from});
    return from;
  }
  std::string objects() const
  {
    return (path / ".git" / "objects").string();
  }
  // What git says of every commit: id -> (date, parents).
  std::map<std::string, std::pair<int64_t, std::vector<std::string>>> truth() const
  {
    std::map<std::string, std::pair<int64_t, std::vector<std::string>>> out;
    const std::string log = git({"log", "--all", "--format=%H %ct %P"});
    for (const auto row : util::split_lines(log)) {
      if (row.empty()) {
        continue;
      }
      const auto fields = util::split(row, ' ');
      std::vector<std::string> parents;
      for (size_t i = 2; i < fields.size(); ++i) {
        if (!fields[i].empty()) {
          parents.emplace_back(fields[i]);
        }
      }
      out[std::string(fields[0])] = {std::stoll(std::string(fields[1])), parents};
    }
    return out;
  }
};

// Builds: main of 30 commits, side and topic branching off it, merged back, an octopus merge.
void build_history(GraphRepo& repo)
{
  const auto base = repo.grow("main", "", 30);
  const auto side = repo.grow("side", base, 12);
  const auto topic = repo.grow("topic", base, 7);
  const auto other = repo.grow("other", base, 3);
  auto tip = repo.grow("main", base, 5);
  tip = repo.commit({tip, side});
  tip = repo.commit({tip, topic, other, repo.grow("fourth", base, 2)});
  repo.git({"update-ref", "refs/heads/main", repo.grow("main", tip, 4)});
}

// Checks every commit the graph lists against git; returns how many it lists.
size_t check_against_git(const git::CommitGraph& graph, const GraphRepo& repo)
{
  size_t listed = 0;
  for (const auto& [commit, expected] : repo.truth()) {
    const std::string id = commit; // (clang 14 cannot capture a structured binding in INFO)
    const auto found = graph.lookup(git::parse_oid(id));
    if (!found) {
      continue;
    }
    ++listed;
    INFO("commit " << id);
    CHECK(found->time == expected.first);
    std::vector<std::string> parents;
    for (const auto& p : found->parents) {
      parents.push_back(git::to_hex(p));
    }
    CHECK(parents == expected.second);
  }
  return listed;
}

std::vector<std::string> walked(const git::Repository& repo, const std::vector<std::string>& revs)
{
  git::WalkSpec spec;
  spec.revisions = revs;
  std::vector<std::string> ids;
  repo.walk(spec, [&](const git::CommitInfo& c) {
    ids.push_back(c.id);
    return true;
  });
  return ids;
}

std::vector<std::string> logged(const GraphRepo& repo, const std::vector<std::string>& revs)
{
  std::vector<std::string> args{"log", "--format=%H"};
  args.insert(args.end(), revs.begin(), revs.end());
  std::vector<std::string> ids;
  const std::string log = repo.git(args);
  for (const auto row : util::split_lines(log)) {
    if (!row.empty()) {
      ids.emplace_back(row);
    }
  }
  return ids;
}

// Where the chunk NAME starts in the graph file BYTES; 0 when it has none.
size_t chunk_offset(const std::string& bytes, std::string_view name)
{
  const size_t chunks = static_cast<unsigned char>(bytes[6]);
  for (size_t i = 0; i < chunks; ++i) {
    if (bytes.substr(8 + i * 12, 4) == name) {
      size_t offset = 0;
      for (int b = 0; b < 8; ++b) {
        offset = (offset << 8) | static_cast<unsigned char>(bytes[8 + i * 12 + 4 + b]);
      }
      return offset;
    }
  }
  return 0;
}

// The row of commit ID in a graph file listing the commits IDS.
size_t row_of(std::vector<std::string> ids, const std::string& id)
{
  std::sort(ids.begin(), ids.end());
  const auto at = std::find(ids.begin(), ids.end(), id);
  REQUIRE(at != ids.end());
  return static_cast<size_t>(at - ids.begin());
}

void overwrite(const std::filesystem::path& file, const std::string& bytes)
{
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  util::write_file_atomic(file, bytes);
}

const std::vector<std::vector<std::string>> k_ranges = {
    {"main"}, {"--all"}, {"side..main"}, {"main~3..main"}, {"topic...side"}, {"main", "^other"}};

} // namespace

TEST_CASE("commit-graph: each commit's date and parents, as git wrote them, octopus included")
{
  GraphRepo repo;
  build_history(repo);
  const size_t commits = repo.truth().size();
  REQUIRE(commits == 65);

  SUBCASE("a single file with generation data (git's default)")
  {
    repo.git({"commit-graph", "write", "--reachable"});
    const auto graph = git::CommitGraph::open(repo.objects());
    REQUIRE(graph);
    CHECK(graph->size() == commits);
    CHECK(check_against_git(*graph, repo) == commits);
  }
  SUBCASE("a single file without it (generation version 1, which libgit2 1.5 reads too)")
  {
    repo.git({"-c", "commitGraph.generationVersion=1", "commit-graph", "write", "--reachable"});
    const auto graph = git::CommitGraph::open(repo.objects());
    REQUIRE(graph);
    CHECK(check_against_git(*graph, repo) == commits);
  }
  SUBCASE("a split chain of three layers")
  {
    repo.git({"commit-graph", "write", "--split", "--reachable"});
    repo.grow("later", "main", 6);
    repo.git({"commit-graph", "write", "--split=no-merge", "--reachable"});
    repo.grow("last", "later", 4);
    repo.git({"commit-graph", "write", "--split=no-merge", "--reachable"});
    const auto chain =
        util::read_file(repo.path / ".git/objects/info/commit-graphs/commit-graph-chain");
    REQUIRE(util::split_lines(chain).size() >= 3);
    const auto graph = git::CommitGraph::open(repo.objects());
    REQUIRE(graph);
    CHECK(graph->size() == commits + 10);
    CHECK(check_against_git(*graph, repo) == commits + 10);
  }
  SUBCASE("no graph")
  {
    CHECK_FALSE(git::CommitGraph::open(repo.objects()));
  }
}

TEST_CASE("commit-graph: walks that use it show what git log shows, commits made after it included")
{
  GraphRepo repo;
  build_history(repo);
  repo.git({"commit-graph", "write", "--reachable"});
  const auto before = repo.truth().size();
  repo.grow("main", "main", 5); // not in the graph
  repo.git({"update-ref", "refs/heads/side", repo.commit({"side", "main~2"})});
  const auto graph = git::CommitGraph::open(repo.objects());
  REQUIRE(graph);
  CHECK(check_against_git(*graph, repo) == before);
  const auto opened = git::Repository::open_at(repo.path.string());
  for (const auto& range : k_ranges) {
    INFO("git log " << util::join(range, " "));
    CHECK(walked(opened, range) == logged(repo, range));
  }
}

TEST_CASE("commit-graph: a graph that disagrees with a commit it shows stops the walk")
{
  GraphRepo repo;
  build_history(repo);
  repo.git({"commit-graph", "write", "--reachable"});
  const auto file = repo.path / ".git/objects/info/commit-graph";
  std::string bytes = util::read_file(file);
  // Give main's tip (a plain commit) the first parent of another row: the graph now lies about
  // it, and nothing in the file says so (git does not check the checksum when it reads).
  const auto graph = git::CommitGraph::of_file(util::MappedFile::of(bytes));
  REQUIRE(graph);
  const git_oid tip = git::parse_oid(repo.line({"rev-parse", "main"}));
  const auto ids = logged(repo, {"--all"});
  // Rows are in id order: find main's row and another's, and copy the other's first parent.
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  const size_t row = std::find(sorted.begin(), sorted.end(), git::to_hex(tip)) - sorted.begin();
  const size_t other =
      std::find(sorted.begin(), sorted.end(), repo.line({"rev-parse", "side"})) - sorted.begin();
  const size_t cdat = chunk_offset(bytes, "CDAT");
  REQUIRE(cdat > 0);
  const size_t at = cdat + row * 36 + 20;
  const std::string before = bytes.substr(at, 4);
  bytes.replace(at, 4, bytes.substr(cdat + other * 36 + 20, 4));
  REQUIRE(bytes.substr(at, 4) != before);
  overwrite(file, bytes);

  const auto opened = git::Repository::open_at(repo.path.string());
  CHECK(thrown([&] { walked(opened, {"main"}); }) ==
        Thrown{"Error",
               "corrupt commit-graph file: it lists other parents for commit " + git::to_hex(tip) +
                   " than the commit has; run `git commit-graph verify`, or set "
                   "core.commitGraph to false",
               3});
  // With core.commitGraph false the graph is not read: the walk is git log's.
  repo.git({"config", "core.commitGraph", "false"});
  const auto again = git::Repository::open_at(repo.path.string());
  CHECK(walked(again, {"main"}) == logged(repo, {"main"}));
}

TEST_CASE("commit-graph: a damaged file is not read, and never read outside its bytes")
{
  GraphRepo repo;
  build_history(repo);
  repo.git({"commit-graph", "write", "--reachable"});
  const std::string bytes = util::read_file(repo.path / ".git/objects/info/commit-graph");
  const auto commits = repo.truth();
  std::vector<git_oid> ids;
  for (const auto& [id, _] : commits) {
    ids.push_back(git::parse_oid(id));
  }
  REQUIRE(git::CommitGraph::of_file(util::MappedFile::of(bytes)));

  // Cut short anywhere: never read (the checksum's place moves, and a chunk runs past it).
  size_t read = 0;
  for (size_t length = 0; length < bytes.size(); length += 7) {
    if (git::CommitGraph::of_file(util::MappedFile::of(bytes.substr(0, length)))) {
      ++read;
    }
  }
  CHECK(read == 0);
  // A wrong signature, version or hash; a chunk table that points past the end.
  for (const size_t at : {size_t{0}, size_t{4}, size_t{5}, size_t{7}}) {
    std::string bad = bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x40);
    CHECK_FALSE(git::CommitGraph::of_file(util::MappedFile::of(bad)));
  }
  {
    std::string bad = bytes;
    bad[8 + 4 + 3] = static_cast<char>(0xff); // the first chunk's offset
    CHECK_FALSE(git::CommitGraph::of_file(util::MappedFile::of(bad)));
  }
  // Any byte changed: read or not, lookups stay inside the file and answer with ids the file
  // holds or not at all (the sanitizer build checks every access).
  size_t answered = 0;
  for (size_t at = 8; at < bytes.size(); at += 3) {
    std::string bad = bytes;
    bad[at] = static_cast<char>(bad[at] ^ (0x5a + at % 7));
    if (const auto graph = git::CommitGraph::of_file(util::MappedFile::of(bad))) {
      for (const auto& id : ids) {
        answered += graph->lookup(id).has_value() ? 1 : 0;
      }
    }
  }
  CHECK(answered > 0);
}

TEST_CASE("commit-graph: every file is checked against its checksum")
{
  GraphRepo repo;
  build_history(repo);
  SUBCASE("a single file")
  {
    repo.git({"commit-graph", "write", "--reachable"});
    const auto file = repo.path / ".git/objects/info/commit-graph";
    std::string bytes = util::read_file(file);
    CHECK(git::CommitGraph::of_file(util::MappedFile::of(bytes))->intact());
    // A byte of a row's tree id: nothing git-trail reads, so the file is still read in full,
    // and only the checksum tells.
    const size_t cdat = chunk_offset(bytes, "CDAT");
    REQUIRE(cdat > 0);
    bytes[cdat + 36 * 3 + 5] = static_cast<char>(bytes[cdat + 36 * 3 + 5] ^ 0x01);
    const auto damaged = git::CommitGraph::of_file(util::MappedFile::of(bytes));
    REQUIRE(damaged);
    CHECK(check_against_git(*damaged, repo) == repo.truth().size());
    CHECK_FALSE(damaged->intact());
    // A check started beside the walk gives the same answer.
    const auto again = git::CommitGraph::of_file(util::MappedFile::of(bytes));
    again->check_in_background();
    CHECK_FALSE(again->intact());
    CHECK_FALSE(again->intact());
  }
  SUBCASE("each layer of a split chain")
  {
    repo.git({"commit-graph", "write", "--split", "--reachable"});
    repo.grow("main", "main", 4);
    repo.git({"commit-graph", "write", "--split=no-merge", "--reachable"});
    repo.grow("main", "main", 4);
    repo.git({"commit-graph", "write", "--split=no-merge", "--reachable"});
    const auto folder = repo.path / ".git/objects/info/commit-graphs";
    const auto chain = util::read_file(folder / "commit-graph-chain");
    std::vector<std::string> layers;
    for (const auto line : util::split_lines(chain)) {
      if (!line.empty()) {
        layers.emplace_back(line);
      }
    }
    REQUIRE(layers.size() == 3);
    const auto graph = git::CommitGraph::open(repo.objects());
    REQUIRE(graph);
    CHECK(graph->intact());
    for (const auto& layer : layers) {
      INFO("layer " << layer);
      const auto file = folder / ("graph-" + layer + ".graph");
      const std::string good = util::read_file(file);
      std::string bad = good;
      const size_t cdat = chunk_offset(bad, "CDAT");
      REQUIRE(cdat > 0);
      bad[cdat + 2] = static_cast<char>(bad[cdat + 2] ^ 0x10); // the first row's tree id
      overwrite(file, bad);
      const auto damaged = git::CommitGraph::open(repo.objects());
      REQUIRE(damaged); // still named by its checksum, and read in full
      CHECK_FALSE(damaged->intact());
      overwrite(file, good);
    }
  }
}

TEST_CASE("commit-graph: a range is not judged from a graph that does not match its checksum")
{
  GraphRepo repo;
  build_history(repo);
  repo.git({"commit-graph", "write", "--reachable"});
  const auto file = repo.path / ".git/objects/info/commit-graph";
  const std::string good = util::read_file(file);
  // In side..main, side's history is hidden, and only its tip is read (git reads every tip
  // itself). Damage side~1 so that its first parent is main~1, a commit of the range: the walk
  // would hide main~1 and everything below it.
  const auto ids = logged(repo, {"--all"});
  const std::string damaged = repo.line({"rev-parse", "side~1"});
  const size_t side = row_of(ids, damaged);
  const size_t target = row_of(ids, repo.line({"rev-parse", "main~1"}));
  const size_t cdat = chunk_offset(good, "CDAT");
  REQUIRE(cdat > 0);
  std::string bad = good;
  const uint32_t position = static_cast<uint32_t>(target);
  for (int b = 0; b < 4; ++b) {
    bad[cdat + side * 36 + 20 + b] = static_cast<char>((position >> (24 - 8 * b)) & 0xff);
  }
  REQUIRE(bad != good);
  const auto expected = logged(repo, {"side..main"});
  REQUIRE(expected.size() > 4);
  overwrite(file, bad);
  const auto graph = git::CommitGraph::open(repo.objects());
  REQUIRE(graph);
  REQUIRE(git::to_hex(graph->lookup(git::parse_oid(damaged))->parents.at(0)) ==
          repo.line({"rev-parse", "main~1"}));

  const auto opened = git::Repository::open_at(repo.path.string());
  CHECK(thrown([&] { walked(opened, {"side..main"}); }) ==
        Thrown{"Error",
               "corrupt commit-graph file: it does not match its checksum, so the commits it "
               "hides from this range cannot be trusted; run `git commit-graph verify`, or set "
               "core.commitGraph to false",
               3});
  CHECK(thrown([&] {
          walked(opened, {"main", "^side"});
        }).message ==
        "corrupt commit-graph file: it does not match its checksum, so the commits it hides "
        "from this range cannot be trusted; run `git commit-graph verify`, or set "
        "core.commitGraph to false");
  // git itself does not check: it reads the damaged graph and loses the range's older commits.
  CHECK(logged(repo, {"side..main"}).size() < expected.size());
  // A walk that hides nothing reads each commit it shows, and compares its parents with the
  // graph's (side~1 is on main's history, through the merge).
  CHECK(thrown([&] { walked(opened, {"main"}); }).message ==
        "corrupt commit-graph file: it lists other parents for commit " + damaged +
            " than the commit has; run `git commit-graph verify`, or set core.commitGraph to "
            "false");
  // Without the graph, the range is the one git log shows from the commits themselves.
  repo.git({"config", "core.commitGraph", "false"});
  const auto unread = git::Repository::open_at(repo.path.string());
  CHECK(walked(unread, {"side..main"}) == expected);
  // The file git writes again is trusted again.
  repo.git({"config", "core.commitGraph", "true"});
  overwrite(file, good);
  const auto rewritten = git::Repository::open_at(repo.path.string());
  CHECK(walked(rewritten, {"side..main"}) == expected);
}
