// History: walks in `git log` order (git's own algorithm in a complete repository, see
// DatedWalk; a walk that stops at the boundary in a shallow clone, where libgit2 1.5 fails on
// the missing parents) and ancestry.

#include "core/git/callback.hpp"
#include "core/git/commit_graph.hpp"
#include "core/git/handles.hpp"
#include "core/git/loose_objects.hpp"
#include "core/git/objects.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <limits>
#include <queue>
#include <set>
#include <unordered_map>

namespace trail::git {

namespace {

// The starting points of a walk, as git's revision arguments name them.
struct Tips
{
  std::vector<git_oid> show;
  std::vector<git_oid> hide;
};

// Adds the commits the refs matching GLOB point to (tags peeled; non-commits ignored).
void add_glob(git_repository* repo, const std::string& glob, std::vector<git_oid>& found)
{
  struct Payload
  {
    git_repository* repo;
    std::vector<git_oid>* found;
    CallbackGuard guard;
  } payload{repo, &found, {}};
  auto each = [](const char* name, void* data) {
    auto* p = static_cast<Payload*>(data);
    return p->guard.run([&] {
      if (std::string_view(name).starts_with(k_records_ref_prefix)) {
        return 0; // git-trail's records are not history
      }
      ObjectPtr object;
      if (git_revparse_single(out(object), p->repo, name) != 0) {
        return 0;
      }
      ObjectPtr peeled;
      if (git_object_peel(out(peeled), object.get(), GIT_OBJECT_COMMIT) == 0) {
        p->found->push_back(*git_object_id(peeled.get()));
      }
      return 0;
    });
  };
  payload.guard.check(git_reference_foreach_glob(repo, glob.c_str(), each, &payload),
                      "cannot list refs " + glob);
  throw_if_corrupt(); // a ref skipped above because its object is corrupt
}

// Reads one revision argument the way `git log` reads it.
void add_revision(git_repository* repo, const std::string& arg, Tips& tips)
{
  if (arg == "--all") {
    add_glob(repo, "refs/*", tips.show);
    if (git_repository_head_unborn(repo) != 1) {
      tips.show.push_back(peel_to_commit(repo, "HEAD"));
    }
    return;
  }
  if (!arg.empty() && arg[0] == '^') {
    tips.hide.push_back(peel_to_commit(repo, arg.substr(1)));
    return;
  }
  if (const auto dots = arg.find("..."); dots != std::string::npos) {
    const git_oid a = peel_to_commit(repo, dots == 0 ? "HEAD" : arg.substr(0, dots));
    const git_oid b = peel_to_commit(repo, dots + 3 == arg.size() ? "HEAD" : arg.substr(dots + 3));
    tips.show.push_back(a);
    tips.show.push_back(b);
    OidArray bases;
    const int result = git_merge_bases(bases.out(), repo, &a, &b);
    if (result == GIT_ENOTFOUND) {
      return;
    }
    check(result, "cannot find the merge base of " + arg);
    tips.hide.insert(tips.hide.end(), bases.begin(), bases.end());
    return;
  }
  if (const auto dots = arg.find(".."); dots != std::string::npos) {
    tips.hide.push_back(peel_to_commit(repo, dots == 0 ? "HEAD" : arg.substr(0, dots)));
    tips.show.push_back(
        peel_to_commit(repo, dots + 2 == arg.size() ? "HEAD" : arg.substr(dots + 2)));
    return;
  }
  tips.show.push_back(peel_to_commit(repo, arg));
}

Tips read_tips(git_repository* repo, const WalkSpec& spec)
{
  Tips tips;
  for (const auto& arg : spec.revisions) {
    add_revision(repo, arg, tips);
  }
  if (spec.revisions.empty() && spec.head_when_empty && git_repository_head_unborn(repo) != 1) {
    tips.show.push_back(peel_to_commit(repo, "HEAD"));
  }
  for (const auto& rev : spec.hide) {
    tips.hide.push_back(peel_to_commit(repo, rev));
  }
  for (const auto& glob : spec.hide_globs) {
    add_glob(repo, glob, tips.hide);
  }
  return tips;
}

OidSet read_shallow(const std::string& common_dir)
{
  OidSet shallow;
  const auto text = util::read_file_if_exists(common_dir + "shallow");
  if (!text) {
    return shallow;
  }
  for (const auto line : util::split_lines(*text)) {
    if (const auto oid = oid_from_hex(line)) {
      shallow.insert(*oid);
    }
  }
  return shallow;
}

// Git's own date-ordered walk (`git log` without --topo-order), in a complete repository: the
// newest committer date first, commits of the same date in the order the walk reached them.
// Each commit is read once: the commit whose parents the walk adds is kept until it is shown,
// where libgit2's revwalk reads every commit once for its parents and the caller then reads it
// again for its message (docs/benchmarks.md, "One read per commit").
//
// With hidden commits (A..B, ^X) the walk is limited first, as git's limit_list does: commits
// are taken by date, the hidden side's flag spreads to the parents of every commit taken, and
// the walk stops once the queue holds only hidden commits and five more have been taken (git's
// "slop"); the commits taken that are still not hidden are then shown in the order taken.
class DatedWalk
{
public:
  DatedWalk(git_repository* repo, RecentCommits& commits, const CommitGraph* graph)
      : m_repo(repo), m_commits(commits), m_graph(graph)
  {
  }

  // With CHILDREN_FIRST, a commit comes only after all its children in the walk (git log
  // --date-order: the whole walk is taken first, then sorted as git sorts it).
  void
  run(const Tips& tips, bool children_first, const std::function<bool(const CommitInfo&)>& visit)
  {
    if (m_graph && !tips.hide.empty()) {
      // The graph decides which commits are hidden, and those are never read: it must be the
      // file git wrote. Its checksum is checked beside the walk, and waited for below.
      m_graph->check_in_background();
    }
    // The starting points, by date (a stable sort, as git sorts them); hidden ones spread
    // their flag to what is already known of their history.
    std::vector<uint32_t> start;
    auto add_tip = [&](const git_oid& oid, bool hidden) {
      const uint32_t n = node_of(oid);
      parse(n, !hidden);
      if (hidden) {
        m_nodes[n].flags |= k_hidden;
        spread_hidden(n);
      }
      if ((m_nodes[n].flags & k_seen) == 0) {
        m_nodes[n].flags |= k_seen;
        start.push_back(n);
      }
    };
    for (const auto& oid : tips.show) {
      add_tip(oid, false);
    }
    for (const auto& oid : tips.hide) {
      add_tip(oid, true);
    }
    std::stable_sort(start.begin(), start.end(), [&](uint32_t a, uint32_t b) {
      return m_nodes[a].time > m_nodes[b].time;
    });
    for (const uint32_t n : start) {
      enqueue(n);
    }
    if (tips.hide.empty() && !children_first) {
      // Not limited: each commit is shown as it is taken.
      while (!m_queue.empty()) {
        const uint32_t n = pop();
        add_parents(n);
        if (!show(n, visit)) {
          return;
        }
      }
      return;
    }
    std::vector<uint32_t> taken;
    int64_t date = std::numeric_limits<int64_t>::max();
    int slop = k_slop;
    while (!m_queue.empty()) {
      const uint32_t n = pop();
      add_parents(n);
      if ((m_nodes[n].flags & k_hidden) != 0) {
        spread_hidden(n);
        slop = still_interesting(date, slop);
        if (slop > 0) {
          continue;
        }
        break;
      }
      date = m_nodes[n].time;
      taken.push_back(n);
    }
    m_queue.clear();
    if (m_graph_read && !tips.hide.empty() && !m_graph->intact()) {
      throw Error("corrupt commit-graph file: it does not match its checksum, so the commits "
                  "it hides from this range cannot be trusted; run `git commit-graph verify`, "
                  "or set core.commitGraph to false");
    }
    // A commit taken before the hidden side reached it is not shown.
    std::erase_if(taken, [&](uint32_t n) {
      if ((m_nodes[n].flags & k_hidden) != 0) {
        m_held.erase(n);
        return true;
      }
      return false;
    });
    if (children_first) {
      taken = children_before_parents(taken);
    }
    for (const uint32_t n : taken) {
      if (!show(n, visit)) {
        return;
      }
    }
  }

private:
  static constexpr uint8_t k_parsed = 1;
  static constexpr uint8_t k_seen = 2;
  static constexpr uint8_t k_hidden = 4;
  static constexpr uint8_t k_added = 8;
  static constexpr uint8_t k_from_graph = 16;
  static constexpr int k_slop = 5;
  // Commits kept read for showing; past this many (a limited walk over a long range), the
  // rest are read again when shown.
  static constexpr size_t k_max_held = 16384;

  struct Node
  {
    git_oid oid{};
    int64_t time = 0;
    uint32_t parents = 0; // offset into m_parents
    uint32_t parent_count = 0;
    uint8_t flags = 0;
  };
  // The queue's order: newest first, then the order queued.
  struct Key
  {
    int64_t time;
    uint64_t order;
    uint32_t node;
    bool operator<(const Key& other) const
    {
      return time != other.time ? time > other.time : order < other.order;
    }
  };

  uint32_t node_of(const git_oid& oid)
  {
    const auto [at, added] = m_index.try_emplace(oid, static_cast<uint32_t>(m_nodes.size()));
    if (added) {
      m_nodes.push_back({oid});
    }
    return at->second;
  }

  // Reads commit N's date and parents: from the commit-graph when it lists N (nothing is
  // inflated: a commit only passed through, on the hidden side, is never read), else from the
  // commit, which KEEP keeps for showing it.
  void parse(uint32_t n, bool keep)
  {
    if ((m_nodes[n].flags & k_parsed) != 0) {
      return;
    }
    const git_oid oid = m_nodes[n].oid;
    std::vector<uint32_t> parents;
    int64_t time = 0;
    if (const auto known = m_graph ? m_graph->lookup(oid) : std::nullopt) {
      time = known->time;
      for (const auto& parent : known->parents) {
        parents.push_back(node_of(parent));
      }
      m_nodes[n].flags |= k_from_graph;
      m_graph_read = true;
    } else {
      CommitPtr commit;
      check(m_commits.lookup(commit, m_repo, oid), "cannot read commit " + to_hex(oid));
      const unsigned count = git_commit_parentcount(commit.get());
      parents.reserve(count);
      for (unsigned i = 0; i < count; ++i) {
        parents.push_back(node_of(*git_commit_parent_id(commit.get(), i)));
      }
      time = git_commit_time(commit.get());
      if (keep && m_held.size() < k_max_held) {
        m_held.emplace(n, std::move(commit));
      }
    }
    Node& node = m_nodes[n];
    node.time = time;
    node.parents = static_cast<uint32_t>(m_parents.size());
    node.parent_count = static_cast<uint32_t>(parents.size());
    node.flags |= k_parsed;
    m_parents.insert(m_parents.end(), parents.begin(), parents.end());
  }

  void enqueue(uint32_t n)
  {
    m_queue.insert({m_nodes[n].time, m_order++, n});
  }

  uint32_t pop()
  {
    const uint32_t n = m_queue.begin()->node;
    m_queue.erase(m_queue.begin());
    return n;
  }

  // Queues the parents of N not queued before (git's process_parents); a hidden commit's
  // parents are hidden too.
  void add_parents(uint32_t n)
  {
    if ((m_nodes[n].flags & k_added) != 0) {
      return;
    }
    m_nodes[n].flags |= k_added;
    const bool hidden = (m_nodes[n].flags & k_hidden) != 0;
    for (uint32_t i = 0; i < m_nodes[n].parent_count; ++i) {
      const uint32_t p = m_parents[m_nodes[n].parents + i];
      if (hidden) {
        m_nodes[p].flags |= k_hidden;
      }
      parse(p, !hidden);
      if (hidden) {
        m_held.erase(p);
        spread_hidden(p);
      }
      if ((m_nodes[p].flags & k_seen) == 0) {
        m_nodes[p].flags |= k_seen;
        enqueue(p);
      }
    }
  }

  // Hides the known history of N's parents (git's mark_parents_uninteresting).
  void spread_hidden(uint32_t n)
  {
    std::vector<uint32_t> pending;
    auto push_parents = [&](uint32_t c) {
      for (uint32_t i = 0; i < m_nodes[c].parent_count; ++i) {
        pending.push_back(m_parents[m_nodes[c].parents + i]);
      }
    };
    push_parents(n);
    while (!pending.empty()) {
      const uint32_t c = pending.back();
      pending.pop_back();
      if ((m_nodes[c].flags & k_hidden) != 0) {
        continue;
      }
      m_nodes[c].flags |= k_hidden;
      m_held.erase(c);
      push_parents(c); // none when C has not been read yet
    }
  }

  // git's still_interesting: the slop left once the walk has taken a hidden commit.
  int still_interesting(int64_t date, int slop)
  {
    if (m_queue.empty()) {
      return 0;
    }
    if (date <= m_queue.begin()->time) {
      return k_slop;
    }
    for (const auto& key : m_queue) {
      if ((m_nodes[key.node].flags & k_hidden) == 0) {
        return k_slop;
      }
    }
    return slop - 1;
  }

  // Orders TAKEN (in date order) so that no commit comes before one of its children, the
  // newest first where the graph leaves a choice, ties in TAKEN's order (git's
  // sort_in_topological_order by commit date).
  std::vector<uint32_t> children_before_parents(const std::vector<uint32_t>& taken)
  {
    // 1 + the number of children in TAKEN not yet shown; 0 for a commit not in TAKEN.
    std::unordered_map<uint32_t, uint32_t> waiting;
    for (const uint32_t n : taken) {
      waiting[n] = 1;
    }
    for (const uint32_t n : taken) {
      for (uint32_t i = 0; i < m_nodes[n].parent_count; ++i) {
        if (const auto at = waiting.find(m_parents[m_nodes[n].parents + i]); at != waiting.end()) {
          ++at->second;
        }
      }
    }
    for (const uint32_t n : taken) {
      if (waiting[n] == 1) {
        enqueue(n);
      }
    }
    std::vector<uint32_t> order;
    order.reserve(taken.size());
    while (!m_queue.empty()) {
      const uint32_t n = pop();
      for (uint32_t i = 0; i < m_nodes[n].parent_count; ++i) {
        const auto at = waiting.find(m_parents[m_nodes[n].parents + i]);
        if (at != waiting.end() && at->second > 0 && --at->second == 1) {
          enqueue(at->first);
        }
      }
      waiting[n] = 0;
      order.push_back(n);
    }
    return order;
  }

  bool show(uint32_t n, const std::function<bool(const CommitInfo&)>& visit)
  {
    CommitPtr commit;
    if (const auto held = m_held.find(n); held != m_held.end()) {
      commit = std::move(held->second);
      m_held.erase(held);
    } else {
      check(m_commits.lookup(commit, m_repo, m_nodes[n].oid),
            "cannot read commit " + to_hex(m_nodes[n].oid));
    }
    if ((m_nodes[n].flags & k_from_graph) != 0) {
      // The walk went on from the parents the graph lists: they must be the commit's own.
      const Node& node = m_nodes[n];
      bool same = git_commit_parentcount(commit.get()) == node.parent_count;
      for (uint32_t i = 0; same && i < node.parent_count; ++i) {
        same = git_oid_equal(git_commit_parent_id(commit.get(), i),
                             &m_nodes[m_parents[node.parents + i]].oid) != 0;
      }
      if (!same) {
        throw Error("corrupt commit-graph file: it lists other parents for commit " +
                    to_hex(node.oid) +
                    " than the commit has; run `git commit-graph verify`, or set "
                    "core.commitGraph to false");
      }
    }
    return visit(to_info(commit.get()));
  }

  git_repository* m_repo;
  RecentCommits& m_commits;
  const CommitGraph* m_graph;
  bool m_graph_read = false; // a commit's date and parents came from the graph
  std::vector<Node> m_nodes;
  std::vector<uint32_t> m_parents;
  std::unordered_map<git_oid, uint32_t, OidHash, OidEqual> m_index;
  std::set<Key> m_queue;
  uint64_t m_order = 0;
  std::unordered_map<uint32_t, CommitPtr> m_held;
};

// Returns the parents of COMMIT that can be followed: none past a shallow boundary.
bool parents_cut(git_repository* repo, const git_commit* commit, const OidSet& shallow)
{
  if (shallow.count(*git_commit_id(commit)) > 0) {
    return git_commit_parentcount(commit) > 0;
  }
  for (unsigned i = 0; i < git_commit_parentcount(commit); ++i) {
    CommitPtr parent;
    if (git_commit_lookup(out(parent), repo, git_commit_parent_id(commit, i)) != 0) {
      throw_if_corrupt();
      return true;
    }
  }
  return false;
}

OidSet reachable(git_repository* repo, const std::vector<git_oid>& tips, const OidSet& shallow)
{
  OidSet seen;
  std::vector<git_oid> stack(tips.begin(), tips.end());
  while (!stack.empty()) {
    const git_oid oid = stack.back();
    stack.pop_back();
    if (!seen.insert(oid).second) {
      continue;
    }
    CommitPtr commit;
    if (git_commit_lookup(out(commit), repo, &oid) != 0) {
      throw_if_corrupt();
      continue;
    }
    if (shallow.count(oid) > 0) {
      continue;
    }
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      stack.push_back(*git_commit_parent_id(commit.get(), i));
    }
  }
  return seen;
}

// Returns true when TARGET is FROM or one of its ancestors that the clone has, never walking past
// the shallow boundary; stops as soon as it finds TARGET.
bool reaches(git_repository* repo,
             const git_oid& from,
             const git_oid& target,
             const OidSet& shallow)
{
  OidSet seen;
  std::vector<git_oid> stack{from};
  while (!stack.empty()) {
    const git_oid oid = stack.back();
    stack.pop_back();
    if (git_oid_equal(&oid, &target)) {
      return true;
    }
    if (!seen.insert(oid).second || shallow.count(oid) > 0) {
      continue;
    }
    CommitPtr commit;
    if (git_commit_lookup(out(commit), repo, &oid) != 0) {
      throw_if_corrupt();
      continue;
    }
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      stack.push_back(*git_commit_parent_id(commit.get(), i));
    }
  }
  return false;
}

// Walks newest first by committer date, as DatedWalk does, never past the shallow boundary;
// with CHILDREN_FIRST, a commit only after all its children in the walk.
WalkReport walk_shallow(git_repository* repo,
                        RecentCommits& commits,
                        const Tips& tips,
                        const OidSet& shallow,
                        bool children_first,
                        const std::function<bool(const CommitInfo&)>& visit)
{
  WalkReport report;
  const OidSet hidden = reachable(repo, tips.hide, shallow);
  // Children first: how many children in the walk each commit waits for.
  std::unordered_map<git_oid, unsigned, OidHash, OidEqual> pending;
  OidSet walked;
  if (children_first) {
    for (const auto& oid : reachable(repo, tips.show, shallow)) {
      CommitPtr commit;
      if (hidden.count(oid) == 0 && git_commit_lookup(out(commit), repo, &oid) == 0) {
        walked.insert(oid);
      }
    }
    for (const auto& oid : walked) {
      CommitPtr commit = lookup_commit(repo, oid);
      if (shallow.count(oid) > 0) {
        continue;
      }
      for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
        if (walked.count(*git_commit_parent_id(commit.get(), i)) > 0) {
          ++pending[*git_commit_parent_id(commit.get(), i)];
        }
      }
    }
  }
  struct Entry
  {
    int64_t time;
    uint64_t order;
    git_oid oid;
    bool operator<(const Entry& other) const
    {
      return time != other.time ? time < other.time : order > other.order;
    }
  };
  std::priority_queue<Entry> queue;
  OidSet queued;
  uint64_t order = 0;
  auto enqueue = [&](const git_oid& oid) {
    if (hidden.count(oid) > 0 || !queued.insert(oid).second) {
      return;
    }
    CommitPtr commit;
    if (commits.lookup(commit, repo, oid) != 0) {
      throw_if_corrupt();
      return;
    }
    queue.push({git_commit_time(commit.get()), order++, oid});
  };
  if (children_first) {
    for (const auto& oid : walked) {
      if (pending.count(oid) == 0) {
        enqueue(oid);
      }
    }
  } else {
    for (const auto& oid : tips.show) {
      enqueue(oid);
    }
  }
  while (!queue.empty()) {
    const git_oid oid = queue.top().oid;
    queue.pop();
    CommitPtr commit;
    check(commits.lookup(commit, repo, oid), "cannot read commit " + to_hex(oid));
    if (parents_cut(repo, commit.get(), shallow)) {
      // A cut loses nothing of the range when every parent is excluded from it anyway (a
      // depth-1 branch on top of a fetched base): the parents are there, only not walked.
      bool all_hidden = git_commit_parentcount(commit.get()) > 0;
      for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
        all_hidden = all_hidden && hidden.count(*git_commit_parent_id(commit.get(), i)) > 0;
      }
      if (!all_hidden) {
        report.shallow_boundary.push_back(to_hex(oid));
      }
    } else {
      for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
        const git_oid& parent = *git_commit_parent_id(commit.get(), i);
        if (children_first) {
          const auto waiting = pending.find(parent);
          if (waiting != pending.end() && --waiting->second > 0) {
            continue;
          }
        }
        enqueue(parent);
      }
    }
    if (!visit(to_info(commit.get()))) {
      break;
    }
  }
  return report;
}

} // namespace

WalkReport Repository::walk(const WalkSpec& spec,
                            const std::function<bool(const CommitInfo&)>& visit) const
{
  const Tips tips = read_tips(m_repo.get(), spec);
  if (!is_shallow()) {
    DatedWalk(m_repo.get(), recent_commits(), commit_graph()).run(tips, spec.children_first, visit);
    return {};
  }
  return walk_shallow(
      m_repo.get(), recent_commits(), tips, read_shallow(common_dir()), spec.children_first, visit);
}

const CommitGraph* Repository::commit_graph() const
{
  if (!m_commit_graph_read) {
    m_commit_graph_read = true;
    const auto setting = config_string("core.commitGraph");
    const bool wanted =
        !setting || !(util::iequals(*setting, "false") || util::iequals(*setting, "no") ||
                      util::iequals(*setting, "off") || *setting == "0");
    if (wanted) {
      if (auto graph = CommitGraph::open(common_dir() + "objects")) {
        m_commit_graph = std::make_shared<const CommitGraph>(std::move(*graph));
      }
    }
  }
  return m_commit_graph.get();
}

bool Repository::is_ancestor(const std::string& ancestor, const std::string& descendant) const
{
  const git_oid older = peel_to_commit(m_repo.get(), ancestor);
  const git_oid newer = peel_to_commit(m_repo.get(), descendant);
  if (git_oid_equal(&older, &newer)) {
    return true;
  }
  if (is_shallow()) {
    // libgit2 1.5's git_graph_descendant_of walks past the shallow boundary and fails on the
    // first missing parent; answer from the commits the clone has, as git does.
    return reaches(m_repo.get(), newer, older, read_shallow(common_dir()));
  }
  const int result = git_graph_descendant_of(m_repo.get(), &newer, &older);
  check(result, "cannot tell whether " + ancestor + " is an ancestor of " + descendant);
  return result == 1;
}

} // namespace trail::git
