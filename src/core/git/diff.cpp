// Tree diffs: the paths a commit changes against its first parent (our own diff over raw
// tree objects, memoised between the steps of a history walk) and the paths staged in the
// index.

#include "core/git/handles.hpp"
#include "core/git/index_file.hpp"
#include "core/git/loose_objects.hpp"
#include "core/git/objects.hpp"
#include "core/git/repository.hpp"
#include "core/git/trees.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/glob.hpp"
#include "core/util/process.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace trail::git {

namespace {

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
  OdbObjectPtr object;
  std::vector<RawEntry> entries;
};

std::shared_ptr<RawTree> parse_tree(git_odb* odb, const git_oid& oid)
{
  auto tree = std::make_shared<RawTree>();
  check(git_odb_read(out(tree->object), odb, &oid), "cannot read tree " + to_hex(oid));
  git_odb_object* raw = tree->object.get();
  const auto* data = static_cast<const unsigned char*>(git_odb_object_data(raw));
  const size_t size = git_odb_object_size(raw);
  // An entry takes at least 28 bytes ("40000 x", a NUL, the id): room for every entry at once,
  // instead of the copies of a growing vector (a ninth of a range's changelog in git.git).
  tree->entries.reserve(size / 28 + 1);
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
  OdbPtr odb;
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

Repository::TreeMemo& Repository::tree_memo() const
{
  if (!m_tree_memo) {
    auto memo = std::make_shared<TreeMemo>();
    check(git_repository_odb(out(memo->odb), m_repo.get()), "cannot open the object database");
    m_tree_memo = std::move(memo);
  }
  return *m_tree_memo;
}

namespace {

std::shared_ptr<RawTree> subtree(Repository::TreeMemo& memo, const RawEntry& entry)
{
  git_oid oid;
  std::memcpy(oid.id, entry.id, GIT_OID_RAWSZ);
  return memo.tree(oid);
}

// One step of a walk over MEMO: the root trees of INFO's first parent (null for a root commit)
// and of INFO, the trees of the step before kept for reuse; nullopt when the parent is beyond a
// shallow boundary.
std::optional<std::pair<std::shared_ptr<RawTree>, std::shared_ptr<RawTree>>>
step_trees(git_repository* repo,
           RecentCommits& commits,
           Repository::TreeMemo& memo,
           const CommitInfo& info)
{
  CommitPtr commit;
  check(commits.lookup(commit, repo, parse_oid(info.id)), "cannot read commit " + info.id);
  memo.previous.swap(memo.current);
  memo.current.clear();
  std::shared_ptr<RawTree> parent_tree;
  if (git_commit_parentcount(commit.get()) > 0) {
    CommitPtr parent;
    if (commits.lookup(parent, repo, *git_commit_parent_id(commit.get(), 0)) != 0) {
      throw_if_corrupt();
      return std::nullopt;
    }
    parent_tree = memo.tree(*git_commit_tree_id(parent.get()));
  }
  return std::make_pair(std::move(parent_tree), memo.tree(*git_commit_tree_id(commit.get())));
}

void add_all(Repository::TreeMemo& memo,
             const RawEntry& entry,
             std::string& prefix,
             std::vector<std::string>& out,
             const std::vector<std::string>* folders = nullptr);

// True when a path inside FOLDER (PREFIX, which ends in '/', then NAME) can lie in one of
// FOLDERS (null: every folder is wanted): it is one of them, inside one, or on the way to one.
bool wanted(const std::vector<std::string>* folders,
            const std::string& prefix,
            std::string_view name)
{
  if (folders == nullptr) {
    return true;
  }
  std::string folder = prefix;
  folder.append(name);
  return std::any_of(folders->begin(), folders->end(), [&](const std::string& fixed) {
    return fixed.empty() || fixed == folder ||
           (fixed.size() > folder.size() && fixed.starts_with(folder) &&
            fixed[folder.size()] == '/') ||
           (folder.size() > fixed.size() && folder.starts_with(fixed) &&
            folder[fixed.size()] == '/');
  });
}

// Adds the paths that differ between OLD and NEW (either may be null: the empty tree) to OUT,
// skipping subtrees whose ids are equal, as git diff-tree does, and subtrees outside FOLDERS
// when given (see wanted).
void diff_trees(Repository::TreeMemo& memo,
                const RawTree* old_tree,
                const RawTree* new_tree,
                std::string& prefix,
                std::vector<std::string>& out,
                const std::vector<std::string>* folders = nullptr)
{
  static const std::vector<RawEntry> none;
  const auto& old_entries = old_tree ? old_tree->entries : none;
  const auto& new_entries = new_tree ? new_tree->entries : none;
  size_t i = 0;
  size_t j = 0;
  while (i < old_entries.size() || j < new_entries.size()) {
    if (j < new_entries.size() &&
        (i == old_entries.size() || compare_entries(old_entries[i], new_entries[j]) > 0)) {
      add_all(memo, new_entries[j++], prefix, out, folders); // added
      continue;
    }
    if (j == new_entries.size() || compare_entries(old_entries[i], new_entries[j]) < 0) {
      add_all(memo, old_entries[i++], prefix, out, folders); // deleted
      continue;
    }
    const RawEntry& a = old_entries[i++];
    const RawEntry& b = new_entries[j++];
    if (a.mode == b.mode && std::memcmp(a.id, b.id, GIT_OID_RAWSZ) == 0) {
      continue;
    }
    if (a.is_tree() && b.is_tree()) {
      if (!wanted(folders, prefix, a.name)) {
        continue;
      }
      const size_t length = prefix.size();
      prefix.append(a.name).push_back('/');
      diff_trees(memo, subtree(memo, a).get(), subtree(memo, b).get(), prefix, out, folders);
      prefix.resize(length);
      continue;
    }
    out.push_back(prefix + std::string(b.name));
  }
}

void add_all(Repository::TreeMemo& memo,
             const RawEntry& entry,
             std::string& prefix,
             std::vector<std::string>& out,
             const std::vector<std::string>* folders)
{
  if (!entry.is_tree()) {
    out.push_back(prefix + std::string(entry.name));
    return;
  }
  if (!wanted(folders, prefix, entry.name)) {
    return;
  }
  const size_t length = prefix.size();
  prefix.append(entry.name).push_back('/');
  const auto tree = subtree(memo, entry);
  diff_trees(memo, nullptr, tree.get(), prefix, out, folders);
  prefix.resize(length);
}

} // namespace

std::optional<std::vector<std::string>> Repository::changed_paths(const CommitInfo& info) const
{
  return changed_paths_in(info, nullptr);
}

std::optional<std::vector<std::string>>
Repository::changed_paths(const CommitInfo& info, const std::vector<std::string>& globs) const
{
  std::vector<std::string> folders;
  for (const auto& glob : globs) {
    folders.push_back(util::glob_fixed_folder(glob));
  }
  return changed_paths_in(info, &folders);
}

std::optional<std::vector<std::string>>
Repository::changed_paths_in(const CommitInfo& info, const std::vector<std::string>* folders) const
{
  TreeMemo& memo = tree_memo();
  const auto trees = step_trees(m_repo.get(), recent_commits(), memo, info);
  if (!trees) {
    return std::nullopt; // beyond a shallow boundary
  }
  std::vector<std::string> paths;
  std::string prefix;
  diff_trees(memo, trees->first.get(), trees->second.get(), prefix, paths, folders);
  return paths;
}

std::optional<bool> Repository::top_entry_changed(const CommitInfo& info,
                                                  std::string_view name) const
{
  const auto trees = step_trees(m_repo.get(), recent_commits(), tree_memo(), info);
  if (!trees) {
    return std::nullopt; // beyond a shallow boundary
  }
  const auto find = [&](const RawTree* tree) -> const RawEntry* {
    if (tree != nullptr) {
      for (const auto& entry : tree->entries) {
        if (entry.name == name) {
          return &entry;
        }
      }
    }
    return nullptr;
  };
  const RawEntry* before = find(trees->first.get());
  const RawEntry* after = find(trees->second.get());
  if (before == nullptr || after == nullptr) {
    return before != after;
  }
  return before->mode != after->mode || std::memcmp(before->id, after->id, GIT_OID_RAWSZ) != 0;
}

std::vector<std::string> Repository::paths_between(const std::string& from,
                                                   const std::string& to) const
{
  const CommitPtr a = lookup_commit(m_repo.get(), parse_oid(from));
  const CommitPtr b = lookup_commit(m_repo.get(), parse_oid(to));
  TreeMemo& memo = tree_memo();
  const auto old_tree = memo.tree(*git_commit_tree_id(a.get()));
  const auto new_tree = memo.tree(*git_commit_tree_id(b.get()));
  std::vector<std::string> paths;
  std::string prefix;
  diff_trees(memo, old_tree.get(), new_tree.get(), prefix, paths);
  std::sort(paths.begin(), paths.end());
  return paths;
}

namespace {

// Finds the entry NAME of TREE (null: the empty tree) in git's tree order: looked up as a
// tree when AS_TREE, else as a blob or gitlink (which sort as the bare name).
const RawEntry* find_entry(const RawTree* tree, std::string_view name, bool as_tree)
{
  if (tree == nullptr) {
    return nullptr;
  }
  static const unsigned char no_id[GIT_OID_RAWSZ] = {};
  const RawEntry probe{name, no_id, as_tree ? 0040000U : 0100644U};
  const auto at = std::lower_bound(
      tree->entries.begin(), tree->entries.end(), probe, [](const RawEntry& a, const RawEntry& b) {
        return compare_entries(a, b) < 0;
      });
  if (at == tree->entries.end() || at->name != name || at->is_tree() != as_tree) {
    return nullptr;
  }
  return &*at;
}

// The entry NAME of TREE whatever its type (a blob or gitlink first, as git's own lookup by
// path finds them in a well-formed tree, which cannot hold both).
const RawEntry* find_any_entry(const RawTree* tree, std::string_view name)
{
  const RawEntry* entry = find_entry(tree, name, false);
  return entry != nullptr ? entry : find_entry(tree, name, true);
}

bool same_entry(const RawEntry* a, const RawEntry* b)
{
  if (a == nullptr || b == nullptr) {
    return a == b;
  }
  return std::memcmp(a->id, b->id, GIT_OID_RAWSZ) == 0;
}

// Adds to OUT each of PATHS[BEGIN, END) (sorted; all start with the same DEPTH bytes, the
// folder OLD_TREE and NEW_TREE are) whose entry has another id in NEW_TREE than in OLD_TREE:
// one lookup per path component, and no folder read whose id is the same on both sides.
void diff_paths(Repository::TreeMemo& memo,
                const RawTree* old_tree,
                const RawTree* new_tree,
                const std::vector<std::string>& paths,
                size_t begin,
                size_t end,
                size_t depth,
                std::vector<std::pair<size_t, std::string>>& out)
{
  for (size_t i = begin; i < end;) {
    const std::string& path = paths[i];
    const size_t slash = path.find('/', depth);
    if (slash == std::string::npos) {
      // A path ending here: its entry's id on each side.
      const std::string_view name(path.data() + depth, path.size() - depth);
      const RawEntry* a = find_any_entry(old_tree, name);
      const RawEntry* b = find_any_entry(new_tree, name);
      if (!same_entry(a, b)) {
        out.emplace_back(
            i, b != nullptr ? to_hex(*reinterpret_cast<const git_oid*>(b->id)) : std::string());
      }
      ++i;
      continue;
    }
    // The paths inside folder NAME are the next ones that start with PATH's first SLASH + 1
    // bytes (sorted paths with a common prefix are contiguous).
    size_t next = i + 1;
    while (next < end && paths[next].compare(0, slash + 1, path, 0, slash + 1) == 0) {
      ++next;
    }
    const std::string_view name(path.data() + depth, slash - depth);
    const RawEntry* a = find_entry(old_tree, name, true);
    const RawEntry* b = find_entry(new_tree, name, true);
    if (!same_entry(a, b)) {
      const auto old_sub = a != nullptr ? subtree(memo, *a) : nullptr;
      const auto new_sub = b != nullptr ? subtree(memo, *b) : nullptr;
      diff_paths(memo, old_sub.get(), new_sub.get(), paths, i, next, slash + 1, out);
    }
    i = next;
  }
}

} // namespace

std::vector<std::pair<size_t, std::string>> Repository::changed_among(
    const std::string& from, const std::string& to, const std::vector<std::string>& paths) const
{
  if (!std::is_sorted(paths.begin(), paths.end())) {
    throw Error("internal: changed_among needs sorted paths");
  }
  TreeMemo& memo = tree_memo();
  memo.previous.swap(memo.current);
  memo.current.clear();
  RecentCommits& commits = recent_commits();
  std::shared_ptr<RawTree> old_tree;
  if (!from.empty()) {
    CommitPtr a;
    check(commits.lookup(a, m_repo.get(), parse_oid(from)), "cannot read commit " + from);
    old_tree = memo.tree(*git_commit_tree_id(a.get()));
  }
  CommitPtr b;
  check(commits.lookup(b, m_repo.get(), parse_oid(to)), "cannot read commit " + to);
  const auto new_tree = memo.tree(*git_commit_tree_id(b.get()));
  std::vector<std::pair<size_t, std::string>> changed;
  if (old_tree != new_tree) {
    diff_paths(memo, old_tree.get(), new_tree.get(), paths, 0, paths.size(), 0, changed);
  }
  return changed;
}

namespace {

// The mode git compares: a regular file is 0644 or 0755 whatever other bits an old tree
// recorded.
unsigned canonical_mode(unsigned mode)
{
  if ((mode & 0170000) == 0100000) {
    return 0100000U | ((mode & 0111U) != 0 ? 0755U : 0644U);
  }
  return mode;
}

// Compares a tree entry with the first path component of an index entry (IS_DIR: more of
// the path follows) in git's tree order, where a directory sorts as if its name ended in '/'.
int compare_to_index(const RawEntry& entry, std::string_view component, bool is_dir)
{
  const size_t common = std::min(entry.name.size(), component.size());
  if (const int c = std::memcmp(entry.name.data(), component.data(), common); c != 0) {
    return c;
  }
  const auto tree_next = entry.name.size() > common ? static_cast<unsigned char>(entry.name[common])
                                                    : (entry.is_tree() ? '/' : '\0');
  const auto index_next = component.size() > common
                              ? static_cast<unsigned char>(component[common])
                              : static_cast<unsigned char>(is_dir ? '/' : '\0');
  return static_cast<int>(tree_next) - static_cast<int>(index_next);
}

// The index's side of one directory of the comparison: ENTRIES[BEGIN, END) all start with the
// directory's path (PREFIX_LENGTH bytes, with its '/').
struct IndexSpan
{
  const IndexFile& index;
  size_t begin;
  size_t end;
};

// Returns the end of the entries from BEGIN whose path continues PREFIX_LENGTH bytes in with
// NAME followed by '/' (they are contiguous: the index is sorted by path).
size_t
directory_end(const IndexSpan& span, size_t begin, size_t prefix_length, std::string_view name)
{
  const auto inside = [&](size_t k) {
    const std::string_view path = span.index.path(k);
    return path.size() > prefix_length + name.size() &&
           path.compare(prefix_length, name.size(), name) == 0 &&
           path[prefix_length + name.size()] == '/';
  };
  // The first entry of [BEGIN, END) not inside (a binary search: inside ones come first).
  size_t low = begin;
  size_t high = span.end;
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    if (inside(middle)) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

bool same_id(const RawOid& a, const unsigned char* b)
{
  return std::memcmp(a.data(), b, a.size()) == 0;
}

// Adds to OUT the paths at which the index's entries SPAN differ from TREE (null: none), the
// directory at PREFIX. NODE is the index's cache tree for that directory (null: unknown):
// when it still records the tree id the entries make and that is TREE's id, nothing below
// changed and the directory is not read.
void diff_index(Repository::TreeMemo& memo,
                const IndexFile& index,
                const RawTree* tree,
                const unsigned char* tree_id,
                const CacheTreeNode* node,
                const IndexSpan& span,
                std::string& prefix,
                std::vector<std::string>& out)
{
  if (tree && node && node->entry_count >= 0 &&
      static_cast<size_t>(node->entry_count) == span.end - span.begin &&
      same_id(node->oid, tree_id)) {
    return;
  }
  static const std::vector<RawEntry> none;
  const auto& tree_entries = tree ? tree->entries : none;
  const size_t prefix_length = prefix.size();
  size_t i = 0;
  size_t j = span.begin;
  while (i < tree_entries.size() || j < span.end) {
    std::string_view component;
    bool is_dir = false;
    if (j < span.end) {
      component = index.path(j).substr(prefix_length);
      if (const size_t slash = component.find('/'); slash != std::string_view::npos) {
        component = component.substr(0, slash);
        is_dir = true;
      }
    }
    const int order = i == tree_entries.size() ? 1
                      : j == span.end          ? -1
                                      : compare_to_index(tree_entries[i], component, is_dir);
    if (order < 0) { // in the tree only: deleted
      add_all(memo, tree_entries[i++], prefix, out);
      continue;
    }
    // The index's entries for this name: a directory's whole span, or a file's stages.
    size_t next = j + 1;
    if (is_dir) {
      next = directory_end(span, j, prefix_length, component);
    } else {
      while (next < span.end && index.path(next) == index.path(j)) {
        ++next;
      }
    }
    if (order > 0) { // in the index only: added
      for (size_t k = j; k < next; ++k) {
        if (k == j || index.path(k) != index.path(k - 1)) {
          out.emplace_back(index.path(k));
        }
      }
      j = next;
      continue;
    }
    const RawEntry& entry = tree_entries[i++];
    if (is_dir) {
      const size_t length = prefix.size();
      prefix.append(component).push_back('/');
      const auto child = subtree(memo, entry);
      diff_index(memo,
                 index,
                 child.get(),
                 entry.id,
                 node ? index.cache_child(*node, component) : nullptr,
                 IndexSpan{index, j, next},
                 prefix,
                 out);
      prefix.resize(length);
    } else if (const IndexEntry e = index.entry(j);
               next - j > 1 || e.stage != 0 ||
               canonical_mode(e.mode) != canonical_mode(entry.mode) || !same_id(e.oid, entry.id)) {
      out.emplace_back(e.path); // changed, or unmerged
    }
    j = next;
  }
}

} // namespace

std::optional<std::vector<std::string>>
Repository::staged_paths_from_index_file(const std::optional<std::string>& base) const
{
  std::string path = git_dir() + "index";
  if (m_from_environment) {
    if (auto variable = util::environment("GIT_INDEX_FILE")) {
      path = std::move(*variable);
    }
  }
  // Any size the reader's 32-bit offsets allow (a 64 MiB index holds some 800,000 files).
  auto bytes = util::MappedFile::open_if_exists(path, UINT32_MAX);
  if (!bytes) {
    return std::nullopt;
  }
  const auto index = IndexFile::parse(std::move(*bytes));
  if (!index) {
    return std::nullopt;
  }
  TreeMemo& memo = tree_memo();
  std::shared_ptr<RawTree> tree;
  git_oid tree_id{};
  if (base) {
    const CommitPtr commit = lookup_commit(m_repo.get(), parse_oid(*base));
    git_oid_cpy(&tree_id, git_commit_tree_id(commit.get()));
    tree = memo.tree(tree_id);
  }
  const auto& cache = index->cache_tree();
  std::vector<std::string> paths;
  std::string prefix;
  diff_index(memo,
             *index,
             tree.get(),
             tree_id.id,
             cache.empty() ? nullptr : &cache.front(),
             IndexSpan{*index, 0, index->size()},
             prefix,
             paths);
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<std::string> Repository::staged_paths(const std::optional<std::string>& base) const
{
  if (auto paths = staged_paths_from_index_file(base)) {
    return std::move(*paths);
  }
  TreePtr tree;
  if (base) {
    tree = tree_of(lookup_commit(m_repo.get(), parse_oid(*base)).get(), *base);
  }
  const IndexPtr index = current_index(m_repo.get());
  DiffPtr diff;
  check(git_diff_tree_to_index(out(diff), m_repo.get(), tree.get(), index.get(), nullptr),
        "cannot compare the index with HEAD");
  std::vector<std::string> paths;
  const size_t count = git_diff_num_deltas(diff.get());
  for (size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    paths.emplace_back(delta->new_file.path);
    if (std::string_view(delta->old_file.path) != delta->new_file.path) {
      paths.emplace_back(delta->old_file.path);
    }
  }
  return paths;
}

} // namespace trail::git
