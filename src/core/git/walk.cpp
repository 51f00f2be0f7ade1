// History walks: libgit2's revwalk for complete repositories, our own walk for shallow clones
// (libgit2 1.5 cannot walk past a shallow boundary: it fails on the missing parents).

#include "core/git/handles.hpp"
#include "core/git/loose_objects.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/strings.hpp"

#include <cstring>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace trail::git {

namespace {

struct OidHash
{
  size_t operator()(const git_oid& oid) const noexcept
  {
    size_t h = 0;
    std::memcpy(&h, oid.id, sizeof h);
    return h;
  }
};
struct OidEqual
{
  bool operator()(const git_oid& a, const git_oid& b) const noexcept
  {
    return git_oid_equal(&a, &b) != 0;
  }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

// The starting points of a walk, as git's revision arguments name them.
struct Tips
{
  std::vector<git_oid> show;
  std::vector<git_oid> hide;
};

// Adds the commits the refs matching GLOB point to (tags peeled; non-commits ignored).
void add_glob(git_repository* repo, const std::string& glob, std::vector<git_oid>& out)
{
  struct Payload
  {
    git_repository* repo;
    std::vector<git_oid>* out;
  } payload{repo, &out};
  auto each = [](const char* name, void* data) {
    auto* p = static_cast<Payload*>(data);
    git_object* object = nullptr;
    if (git_revparse_single(&object, p->repo, name) != 0) {
      return 0;
    }
    ObjectPtr owned(object);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, owned.get(), GIT_OBJECT_COMMIT) == 0) {
      p->out->push_back(*git_object_id(peeled));
      git_object_free(peeled);
    }
    return 0;
  };
  check(git_reference_foreach_glob(repo, glob.c_str(), each, &payload), "cannot list refs " + glob);
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
    git_oidarray bases{};
    const int result = git_merge_bases(&bases, repo, &a, &b);
    if (result == GIT_ENOTFOUND) {
      return;
    }
    check(result, "cannot find the merge base of " + arg);
    tips.hide.insert(tips.hide.end(), bases.ids, bases.ids + bases.count);
    git_oidarray_dispose(&bases);
    return;
  }
  if (const auto dots = arg.find(".."); dots != std::string::npos) {
    tips.hide.push_back(peel_to_commit(repo, dots == 0 ? "HEAD" : arg.substr(0, dots)));
    tips.show.push_back(peel_to_commit(repo, dots + 2 == arg.size() ? "HEAD" : arg.substr(dots + 2)));
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
    git_oid oid;
    if (git_oid_fromstrn(&oid, line.data(), line.size()) == 0) {
      shallow.insert(oid);
    }
  }
  return shallow;
}

void walk_complete(git_repository* repo,
                   const Tips& tips,
                   bool children_first,
                   const std::function<bool(const CommitInfo&)>& visit)
{
  git_revwalk* raw_walk = nullptr;
  check(git_revwalk_new(&raw_walk, repo), "cannot start a history walk");
  RevwalkPtr walk(raw_walk);
  const unsigned sorting = children_first ? unsigned{GIT_SORT_TIME} | unsigned{GIT_SORT_TOPOLOGICAL}
                                          : unsigned{GIT_SORT_TIME};
  check(git_revwalk_sorting(walk.get(), sorting), "cannot sort the history walk");
  for (const auto& oid : tips.show) {
    check(git_revwalk_push(walk.get(), &oid), "cannot walk " + to_hex(oid));
  }
  for (const auto& oid : tips.hide) {
    check(git_revwalk_hide(walk.get(), &oid), "cannot hide " + to_hex(oid));
  }
  git_oid oid;
  for (;;) {
    const int result = git_revwalk_next(&oid, walk.get());
    if (result == GIT_ITEROVER) {
      return;
    }
    check(result, "cannot walk the history");
    if (!visit(to_info(lookup_commit(repo, oid).get()))) {
      return;
    }
  }
}

// Returns the parents of COMMIT that can be followed: none past a shallow boundary.
bool parents_cut(git_repository* repo, const git_commit* commit, const OidSet& shallow)
{
  if (shallow.count(*git_commit_id(commit)) > 0) {
    return git_commit_parentcount(commit) > 0;
  }
  for (unsigned i = 0; i < git_commit_parentcount(commit); ++i) {
    git_commit* parent = nullptr;
    if (git_commit_lookup(&parent, repo, git_commit_parent_id(commit, i)) != 0) {
      throw_if_corrupt();
      return true;
    }
    git_commit_free(parent);
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
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &oid) != 0) {
      throw_if_corrupt();
      continue;
    }
    CommitPtr commit(raw);
    if (shallow.count(oid) > 0) {
      continue;
    }
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      stack.push_back(*git_commit_parent_id(commit.get(), i));
    }
  }
  return seen;
}

// Walks newest first by committer date, like GIT_SORT_TIME, never past the shallow boundary;
// with CHILDREN_FIRST, a commit only after all its children in the walk (GIT_SORT_TOPOLOGICAL).
WalkReport walk_shallow(git_repository* repo,
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
      git_commit* raw = nullptr;
      if (hidden.count(oid) == 0 && git_commit_lookup(&raw, repo, &oid) == 0) {
        git_commit_free(raw);
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
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &oid) != 0) {
      throw_if_corrupt();
      return;
    }
    CommitPtr commit(raw);
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
    CommitPtr commit = lookup_commit(repo, oid);
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

// One entry of a tree object, pointing into the object's bytes.
struct RawEntry
{
  std::string_view name;
  const unsigned char* id; // 20 bytes
  unsigned mode;

  bool is_tree() const
  {
    return (mode & 0170000) == 0040000;
  }
};

// A tree object read straight from the object database and split into entries without
// copying: a history walk reads hundreds of thousands of trees, and libgit2's git_tree
// allocates for each.
struct RawTree
{
  std::unique_ptr<git_odb_object, Deleter<&git_odb_object_free>> object;
  std::vector<RawEntry> entries;
};

std::shared_ptr<RawTree> parse_tree(git_odb* odb, const git_oid& oid)
{
  git_odb_object* raw = nullptr;
  check(git_odb_read(&raw, odb, &oid), "cannot read tree " + to_hex(oid));
  auto tree = std::make_shared<RawTree>();
  tree->object.reset(raw);
  const auto* data = static_cast<const unsigned char*>(git_odb_object_data(raw));
  const size_t size = git_odb_object_size(raw);
  size_t at = 0;
  while (at < size) {
    unsigned mode = 0;
    while (at < size && data[at] != ' ') {
      mode = mode * 8 + static_cast<unsigned>(data[at++] - '0');
    }
    const size_t name_start = ++at;
    while (at < size && data[at] != '\0') {
      ++at;
    }
    if (at + 1 + GIT_OID_RAWSZ > size) {
      throw Error("tree " + to_hex(oid) + " is corrupt");
    }
    const std::string_view name(reinterpret_cast<const char*>(data + name_start), at - name_start);
    tree->entries.push_back({name, data + at + 1, mode});
    at += 1 + GIT_OID_RAWSZ;
  }
  return tree;
}

// Compares two entry names in git's tree order, where a tree's name sorts as if it ended in '/'.
int compare_entries(const RawEntry& a, const RawEntry& b)
{
  const size_t common = std::min(a.name.size(), b.name.size());
  if (const int c = std::memcmp(a.name.data(), b.name.data(), common); c != 0) {
    return c;
  }
  const auto next = [](const RawEntry& entry, size_t at) {
    if (at < entry.name.size()) {
      return static_cast<unsigned char>(entry.name[at]);
    }
    return static_cast<unsigned char>(entry.is_tree() ? '/' : '\0');
  };
  return static_cast<int>(next(a, common)) - static_cast<int>(next(b, common));
}

} // namespace

struct Repository::TreeMemo
{
  std::unique_ptr<git_odb, Deleter<&git_odb_free>> odb;
  std::unordered_map<git_oid, std::shared_ptr<RawTree>, OidHash, OidEqual> previous;
  std::unordered_map<git_oid, std::shared_ptr<RawTree>, OidHash, OidEqual> current;

  // Returns the tree OID, from the trees of the last diff when it was there.
  std::shared_ptr<RawTree> tree(const git_oid& oid)
  {
    if (auto found = current.find(oid); found != current.end()) {
      return found->second;
    }
    if (auto found = previous.find(oid); found != previous.end()) {
      return current.emplace(oid, found->second).first->second;
    }
    return current.emplace(oid, parse_tree(odb.get(), oid)).first->second;
  }
};

namespace {

std::shared_ptr<RawTree> subtree(Repository::TreeMemo& memo, const RawEntry& entry)
{
  git_oid oid;
  std::memcpy(oid.id, entry.id, GIT_OID_RAWSZ);
  return memo.tree(oid);
}

void add_all(Repository::TreeMemo& memo, const RawEntry& entry, std::string& prefix, std::vector<std::string>& out);

// Adds the paths that differ between OLD and NEW (either may be null: the empty tree) to OUT,
// skipping subtrees whose ids are equal, as git diff-tree does.
void diff_trees(Repository::TreeMemo& memo, const RawTree* old_tree, const RawTree* new_tree, std::string& prefix,
                std::vector<std::string>& out)
{
  static const std::vector<RawEntry> none;
  const auto& old_entries = old_tree ? old_tree->entries : none;
  const auto& new_entries = new_tree ? new_tree->entries : none;
  size_t i = 0;
  size_t j = 0;
  while (i < old_entries.size() || j < new_entries.size()) {
    if (j < new_entries.size() && (i == old_entries.size() || compare_entries(old_entries[i], new_entries[j]) > 0)) {
      add_all(memo, new_entries[j++], prefix, out); // added
      continue;
    }
    if (j == new_entries.size() || compare_entries(old_entries[i], new_entries[j]) < 0) {
      add_all(memo, old_entries[i++], prefix, out); // deleted
      continue;
    }
    const RawEntry& a = old_entries[i++];
    const RawEntry& b = new_entries[j++];
    if (a.mode == b.mode && std::memcmp(a.id, b.id, GIT_OID_RAWSZ) == 0) {
      continue;
    }
    if (a.is_tree() && b.is_tree()) {
      const size_t length = prefix.size();
      prefix.append(a.name).push_back('/');
      diff_trees(memo, subtree(memo, a).get(), subtree(memo, b).get(), prefix, out);
      prefix.resize(length);
      continue;
    }
    out.push_back(prefix + std::string(b.name));
  }
}

void add_all(Repository::TreeMemo& memo, const RawEntry& entry, std::string& prefix, std::vector<std::string>& out)
{
  if (!entry.is_tree()) {
    out.push_back(prefix + std::string(entry.name));
    return;
  }
  const size_t length = prefix.size();
  prefix.append(entry.name).push_back('/');
  const auto tree = subtree(memo, entry);
  diff_trees(memo, nullptr, tree.get(), prefix, out);
  prefix.resize(length);
}

} // namespace

bool Repository::is_shallow() const
{
  return git_repository_is_shallow(m_repo.get()) == 1;
}

WalkReport Repository::walk(const WalkSpec& spec, const std::function<bool(const CommitInfo&)>& visit) const
{
  const Tips tips = read_tips(m_repo.get(), spec);
  if (!is_shallow()) {
    walk_complete(m_repo.get(), tips, spec.children_first, visit);
    return {};
  }
  return walk_shallow(m_repo.get(), tips, read_shallow(common_dir()), spec.children_first, visit);
}

std::optional<std::vector<std::string>> Repository::changed_paths(const CommitInfo& info) const
{
  git_oid oid;
  check(git_oid_fromstr(&oid, info.id.c_str()), "bad commit id " + info.id);
  CommitPtr commit = lookup_commit(m_repo.get(), oid);
  if (!m_tree_memo) {
    m_tree_memo = std::make_shared<TreeMemo>();
    git_odb* raw_odb = nullptr;
    check(git_repository_odb(&raw_odb, m_repo.get()), "cannot open the object database");
    m_tree_memo->odb.reset(raw_odb);
  }
  TreeMemo& memo = *m_tree_memo;
  memo.previous.swap(memo.current);
  memo.current.clear();
  std::shared_ptr<RawTree> parent_tree;
  if (git_commit_parentcount(commit.get()) > 0) {
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit.get(), 0) != 0) {
      throw_if_corrupt();
      return std::nullopt; // beyond a shallow boundary
    }
    CommitPtr parent(raw_parent);
    parent_tree = memo.tree(*git_commit_tree_id(parent.get()));
  }
  const auto tree = memo.tree(*git_commit_tree_id(commit.get()));
  std::vector<std::string> paths;
  std::string prefix;
  diff_trees(memo, parent_tree.get(), tree.get(), prefix, paths);
  return paths;
}

std::optional<std::string> Repository::read_file_at(const std::string& rev, const std::string& path) const
{
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, m_repo.get(), (rev + ":" + path).c_str()) != 0) {
    throw_if_corrupt();
    return std::nullopt;
  }
  ObjectPtr object(raw);
  if (git_object_type(object.get()) != GIT_OBJECT_BLOB) {
    return std::nullopt;
  }
  const auto* blob = reinterpret_cast<const git_blob*>(object.get());
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob)), static_cast<size_t>(git_blob_rawsize(blob)));
}

bool Repository::has_object(const std::string& id) const
{
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) {
    return false;
  }
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, m_repo.get()), "cannot open the object database");
  std::unique_ptr<git_odb, Deleter<&git_odb_free>> odb(raw_odb);
  return git_odb_exists(odb.get(), &oid) == 1;
}

TagInfo Repository::tag_info(const std::string& id) const
{
  TagInfo info;
  git_oid oid;
  check(git_oid_fromstr(&oid, id.c_str()), "bad object id " + id);
  git_object* raw = nullptr;
  check(git_object_lookup(&raw, m_repo.get(), &oid, GIT_OBJECT_ANY), "cannot read object " + id);
  ObjectPtr object(raw);
  if (git_object_type(object.get()) == GIT_OBJECT_TAG) {
    info.annotated = true;
    const auto* tag = reinterpret_cast<const git_tag*>(object.get());
    const char* message = git_tag_message(tag);
    const std::string_view text = message ? message : "";
    info.is_signed = text.find("-----BEGIN PGP SIGNATURE-----") != std::string_view::npos ||
                     text.find("-----BEGIN SSH SIGNATURE-----") != std::string_view::npos ||
                     text.find("-----BEGIN SIGNED MESSAGE-----") != std::string_view::npos;
  }
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) == 0) {
    ObjectPtr owned(peeled);
    info.commit = to_hex(*git_object_id(owned.get()));
  }
  return info;
}

} // namespace trail::git
