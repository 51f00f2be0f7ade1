// History walks: libgit2's revwalk for complete repositories, our own walk for shallow clones
// (libgit2 1.5 cannot walk past a shallow boundary: it fails on the missing parents).

#include "core/git/handles.hpp"
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

void walk_complete(git_repository* repo, const Tips& tips, const std::function<bool(const CommitInfo&)>& visit)
{
  git_revwalk* raw_walk = nullptr;
  check(git_revwalk_new(&raw_walk, repo), "cannot start a history walk");
  RevwalkPtr walk(raw_walk);
  check(git_revwalk_sorting(walk.get(), GIT_SORT_TIME), "cannot sort the history walk");
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

// Walks newest first by committer date, like GIT_SORT_TIME, never past the shallow boundary.
WalkReport walk_shallow(git_repository* repo, const Tips& tips, const OidSet& shallow,
                        const std::function<bool(const CommitInfo&)>& visit)
{
  WalkReport report;
  const OidSet hidden = reachable(repo, tips.hide, shallow);
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
      return;
    }
    CommitPtr commit(raw);
    queue.push({git_commit_time(commit.get()), order++, oid});
  };
  for (const auto& oid : tips.show) {
    enqueue(oid);
  }
  while (!queue.empty()) {
    const git_oid oid = queue.top().oid;
    queue.pop();
    CommitPtr commit = lookup_commit(repo, oid);
    if (parents_cut(repo, commit.get(), shallow)) {
      report.shallow_boundary.push_back(to_hex(oid));
    } else {
      for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
        enqueue(*git_commit_parent_id(commit.get(), i));
      }
    }
    if (!visit(to_info(commit.get()))) {
      break;
    }
  }
  return report;
}

// Compares two tree entry names in git's tree order, where a tree's name sorts as if it
// ended in '/'.
int compare_entries(const git_tree_entry* a, const git_tree_entry* b)
{
  const std::string_view na = git_tree_entry_name(a);
  const std::string_view nb = git_tree_entry_name(b);
  const size_t common = std::min(na.size(), nb.size());
  if (const int c = std::memcmp(na.data(), nb.data(), common); c != 0) {
    return c;
  }
  const auto next = [](std::string_view name, size_t at, const git_tree_entry* entry) {
    if (at < name.size()) {
      return static_cast<unsigned char>(name[at]);
    }
    return static_cast<unsigned char>(git_tree_entry_type(entry) == GIT_OBJECT_TREE ? '/' : '\0');
  };
  return static_cast<int>(next(na, common, a)) - static_cast<int>(next(nb, common, b));
}

} // namespace

struct Repository::TreeMemo
{
  std::unordered_map<git_oid, std::shared_ptr<git_tree>, OidHash, OidEqual> previous;
  std::unordered_map<git_oid, std::shared_ptr<git_tree>, OidHash, OidEqual> current;
};

namespace {

// Returns the tree OID, from the trees of the last diff when it was there.
std::shared_ptr<git_tree> memo_tree(git_repository* repo, Repository::TreeMemo& memo, const git_oid& oid)
{
  if (auto found = memo.previous.find(oid); found != memo.previous.end()) {
    return memo.current.emplace(oid, found->second).first->second;
  }
  if (auto found = memo.current.find(oid); found != memo.current.end()) {
    return found->second;
  }
  git_tree* raw = nullptr;
  check(git_tree_lookup(&raw, repo, &oid), "cannot read tree " + to_hex(oid));
  return memo.current.emplace(oid, std::shared_ptr<git_tree>(raw, &git_tree_free)).first->second;
}

// A tree walk's context: the repository and the memo of trees.
struct DiffContext
{
  git_repository* repo;
  Repository::TreeMemo& memo;
};

std::shared_ptr<git_tree> subtree(DiffContext& context, const git_tree_entry* entry)
{
  if (!entry || git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
    return nullptr;
  }
  return memo_tree(context.repo, context.memo, *git_tree_entry_id(entry));
}

// Adds PREFIX + the name of ENTRY (and, for a tree, every path below it) to OUT.
void add_all(DiffContext& context, const git_tree_entry* entry, std::string& prefix, std::vector<std::string>& out);

// Adds the paths that differ between OLD and NEW (either may be null: the empty tree) to OUT,
// skipping subtrees whose ids are equal, as git diff-tree does.
void diff_trees(DiffContext& context, const git_tree* old_tree, const git_tree* new_tree, std::string& prefix,
                std::vector<std::string>& out)
{
  const size_t old_count = old_tree ? git_tree_entrycount(old_tree) : 0;
  const size_t new_count = new_tree ? git_tree_entrycount(new_tree) : 0;
  size_t i = 0;
  size_t j = 0;
  while (i < old_count || j < new_count) {
    const git_tree_entry* a = i < old_count ? git_tree_entry_byindex(old_tree, i) : nullptr;
    const git_tree_entry* b = j < new_count ? git_tree_entry_byindex(new_tree, j) : nullptr;
    const int order = !a ? 1 : !b ? -1 : compare_entries(a, b);
    if (order < 0) {
      add_all(context, a, prefix, out);
      ++i;
      continue;
    }
    if (order > 0) {
      add_all(context, b, prefix, out);
      ++j;
      continue;
    }
    ++i, ++j;
    if (git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
        git_tree_entry_filemode(a) == git_tree_entry_filemode(b)) {
      continue;
    }
    if (git_tree_entry_type(a) == GIT_OBJECT_TREE && git_tree_entry_type(b) == GIT_OBJECT_TREE) {
      const size_t length = prefix.size();
      prefix.append(git_tree_entry_name(a)).push_back('/');
      diff_trees(context, subtree(context, a).get(), subtree(context, b).get(), prefix, out);
      prefix.resize(length);
      continue;
    }
    out.push_back(prefix + git_tree_entry_name(b));
  }
}

void add_all(DiffContext& context, const git_tree_entry* entry, std::string& prefix, std::vector<std::string>& out)
{
  if (git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
    out.push_back(prefix + git_tree_entry_name(entry));
    return;
  }
  const size_t length = prefix.size();
  prefix.append(git_tree_entry_name(entry)).push_back('/');
  const auto tree = subtree(context, entry);
  diff_trees(context, nullptr, tree.get(), prefix, out);
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
    walk_complete(m_repo.get(), tips, visit);
    return {};
  }
  return walk_shallow(m_repo.get(), tips, read_shallow(common_dir()), visit);
}

std::optional<std::vector<std::string>> Repository::changed_paths(const CommitInfo& info) const
{
  git_oid oid;
  check(git_oid_fromstr(&oid, info.id.c_str()), "bad commit id " + info.id);
  CommitPtr commit = lookup_commit(m_repo.get(), oid);
  if (!m_tree_memo) {
    m_tree_memo = std::make_shared<TreeMemo>();
  }
  TreeMemo& memo = *m_tree_memo;
  memo.previous.swap(memo.current);
  memo.current.clear();
  const auto tree = memo_tree(m_repo.get(), memo, *git_commit_tree_id(commit.get()));
  std::shared_ptr<git_tree> parent_tree;
  if (git_commit_parentcount(commit.get()) > 0) {
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit.get(), 0) != 0) {
      return std::nullopt; // beyond a shallow boundary
    }
    CommitPtr parent(raw_parent);
    parent_tree = memo_tree(m_repo.get(), memo, *git_commit_tree_id(parent.get()));
  }
  std::vector<std::string> paths;
  std::string prefix;
  DiffContext context{m_repo.get(), memo};
  diff_trees(context, parent_tree.get(), tree.get(), prefix, paths);
  return paths;
}

std::optional<std::string> Repository::read_file_at(const std::string& rev, const std::string& path) const
{
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, m_repo.get(), (rev + ":" + path).c_str()) != 0) {
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
