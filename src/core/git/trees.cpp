// Trees: the entries of a commit's tree selected by globs, files at a revision and in the
// index, and the ids of trees.

#include "core/git/trees.hpp"

#include "core/git/callback.hpp"
#include "core/git/loose_objects.hpp"
#include "core/git/objects.hpp"
#include "core/util/error.hpp"
#include "core/util/glob.hpp"

#include <algorithm>

namespace trail::git {

namespace {

bool matches_any(const std::vector<std::string>& globs, std::string_view path)
{
  return std::any_of(
      globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, path); });
}

struct EntryWalk
{
  const std::vector<std::string>* globs;
  std::vector<std::string> folders; // the fixed folder of each glob: no match lies outside them
  bool gitlinks_only = false;
  const std::function<void(std::string, const git_tree_entry*, TreeEntry::Type)>* visit;
  CallbackGuard guard;
};

// Returns true when some path inside FOLDER may match one of the globs of WALK.
bool may_hold_matches(const EntryWalk& walk, const std::string& folder)
{
  return walk.globs->empty() ||
         std::any_of(walk.folders.begin(), walk.folders.end(), [&](const auto& fixed) {
           return fixed.empty() || fixed == folder || fixed.starts_with(folder + "/") ||
                  folder.starts_with(fixed + "/");
         });
}

int visit_entry(const git_tree_entry* entry, const char* root, EntryWalk& walk)
{
  std::string path = std::string(root) + git_tree_entry_name(entry);
  const git_object_t object_type = git_tree_entry_type(entry);
  if (object_type == GIT_OBJECT_TREE) {
    return may_hold_matches(walk, path) ? 0 : 1; // 1: skip this subtree
  }
  TreeEntry::Type type = TreeEntry::Type::file;
  switch (git_tree_entry_filemode(entry)) {
  case GIT_FILEMODE_BLOB_EXECUTABLE:
    type = TreeEntry::Type::executable;
    break;
  case GIT_FILEMODE_LINK:
    type = TreeEntry::Type::symlink;
    break;
  case GIT_FILEMODE_COMMIT:
    type = TreeEntry::Type::gitlink;
    break;
  default:
    if (object_type != GIT_OBJECT_BLOB) {
      return 0;
    }
    break;
  }
  if (walk.globs->empty() || matches_any(*walk.globs, path)) {
    (*walk.visit)(std::move(path), entry, type);
  }
  return 0;
}

// The git_tree_walk callback: no exception may cross libgit2's C frames.
int visit_entry_callback(const char* root, const git_tree_entry* entry, void* payload)
{
  auto* walk = static_cast<EntryWalk*>(payload);
  if (walk->gitlinks_only) {
    // Most trees hold no gitlink: nothing is done per entry but compare its mode.
    if (git_tree_entry_filemode(entry) != GIT_FILEMODE_COMMIT) {
      return 0;
    }
  }
  return walk->guard.run([&] { return visit_entry(entry, root, *walk); });
}

} // namespace

TreePtr tree_of(const git_commit* commit, const std::string& what)
{
  TreePtr tree;
  check(git_commit_tree(out(tree), commit), "cannot read the tree of " + what);
  return tree;
}

// A full id is looked up directly: registries and files are read at the commits of a walk.
CommitPtr commit_of(git_repository* repo, RecentCommits& commits, const std::string& rev)
{
  CommitPtr commit;
  if (const auto oid = oid_from_hex(rev); oid && commits.lookup(commit, repo, *oid) == 0) {
    return commit;
  }
  const git_oid oid = peel_to_commit(repo, rev);
  check(commits.lookup(commit, repo, oid), "cannot read commit " + to_hex(oid));
  return commit;
}

TreePtr tree_of_commit(git_repository* repo, RecentCommits& commits, const std::string& rev)
{
  return tree_of(commit_of(repo, commits, rev).get(), rev);
}

void walk_entries(
    const git_tree* tree,
    const std::vector<std::string>& globs,
    bool gitlinks_only,
    const std::function<void(std::string path, const git_tree_entry* entry, TreeEntry::Type type)>&
        visit,
    const std::string& what)
{
  EntryWalk walk{&globs, {}, gitlinks_only, &visit, {}};
  for (const auto& glob : globs) {
    // A glob without wildcards names one path: only the folders on the way to it (and it, if
    // it is a folder) can hold a match. (Its fixed folder would be its parent: at the top of
    // the tree that is every folder; a submodule's path is looked up this way.)
    if (glob.find_first_of("*?[\\") == std::string::npos) {
      walk.folders.push_back(glob.ends_with('/') ? glob.substr(0, glob.size() - 1) : glob);
    } else {
      walk.folders.push_back(util::glob_fixed_folder(glob));
    }
  }
  walk.guard.check(git_tree_walk(tree, GIT_TREEWALK_PRE, visit_entry_callback, &walk),
                   "cannot walk the tree of " + what);
}

void Repository::for_each_entry(const std::string& rev,
                                const std::vector<std::string>& globs,
                                const std::function<void(const TreeEntry&)>& visit) const
{
  const TreePtr tree = tree_of_commit(m_repo.get(), recent_commits(), rev);
  walk_entries(
      tree.get(),
      globs,
      false,
      [&](std::string path, const git_tree_entry* entry, TreeEntry::Type type) {
        visit(TreeEntry{std::move(path), to_hex(*git_tree_entry_id(entry)), type});
      },
      rev);
}

std::vector<TreeEntry> Repository::tree_entries(const std::string& rev,
                                                const std::vector<std::string>& globs) const
{
  std::vector<TreeEntry> entries;
  for_each_entry(rev, globs, [&](const TreeEntry& entry) { entries.push_back(entry); });
  std::sort(entries.begin(), entries.end(), [](const TreeEntry& a, const TreeEntry& b) {
    return a.path < b.path;
  });
  return entries;
}

std::vector<TreeEntry> Repository::gitlinks(const std::string& rev) const
{
  const TreePtr tree = tree_of_commit(m_repo.get(), recent_commits(), rev);
  std::vector<TreeEntry> links;
  walk_entries(
      tree.get(),
      {},
      true,
      [&](std::string path, const git_tree_entry* entry, TreeEntry::Type type) {
        links.push_back({std::move(path), to_hex(*git_tree_entry_id(entry)), type});
      },
      rev);
  std::sort(links.begin(), links.end(), [](const TreeEntry& a, const TreeEntry& b) {
    return a.path < b.path;
  });
  return links;
}

std::vector<std::pair<std::string, std::string>>
Repository::files_at(const std::string& rev, const std::vector<std::string>& globs) const
{
  std::vector<std::pair<std::string, std::string>> files;
  if (globs.empty()) {
    return files;
  }
  const TreePtr tree = tree_of_commit(m_repo.get(), recent_commits(), rev);
  walk_entries(
      tree.get(),
      globs,
      false,
      [&](std::string path, const git_tree_entry* entry, TreeEntry::Type type) {
        if (type != TreeEntry::Type::gitlink) {
          files.emplace_back(std::move(path),
                             read_blob_string(m_repo.get(), *git_tree_entry_id(entry)));
        }
      },
      rev);
  std::sort(files.begin(), files.end());
  return files;
}

IndexPtr current_index(git_repository* repo)
{
  IndexPtr index;
  check(git_repository_index(out(index), repo), "cannot read the index");
  check(git_index_read(index.get(), 0), "cannot read the index");
  return index;
}

std::vector<std::pair<std::string, std::string>>
Repository::staged_files(const std::vector<std::string>& globs) const
{
  std::vector<std::pair<std::string, std::string>> files;
  if (globs.empty()) {
    return files;
  }
  const IndexPtr index = current_index(m_repo.get());
  const size_t count = git_index_entrycount(index.get());
  for (size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    if (GIT_INDEX_ENTRY_STAGE(entry) == 0 && matches_any(globs, entry->path)) {
      files.emplace_back(entry->path, read_blob_string(m_repo.get(), entry->id));
    }
  }
  return files;
}

std::optional<std::string> Repository::read_file_at(const std::string& rev,
                                                    const std::string& path) const
{
  ObjectPtr object;
  if (git_revparse_single(out(object), m_repo.get(), (rev + ":" + path).c_str()) != 0) {
    throw_if_corrupt();
    return std::nullopt;
  }
  if (git_object_type(object.get()) != GIT_OBJECT_BLOB) {
    return std::nullopt;
  }
  return blob_string(reinterpret_cast<const git_blob*>(object.get()));
}

std::string Repository::tree_id_at(const std::string& rev, const std::string& path) const
{
  const TreePtr root = tree_of_commit(m_repo.get(), recent_commits(), rev);
  if (path.empty()) {
    return to_hex(*git_tree_id(root.get()));
  }
  TreeEntryPtr entry;
  if (git_tree_entry_bypath(out(entry), root.get(), path.c_str()) != 0) {
    throw_if_corrupt();
    return {};
  }
  return to_hex(*git_tree_entry_id(entry.get()));
}

std::string Repository::commit_tree(const std::string& rev) const
{
  const CommitPtr commit = commit_of(m_repo.get(), recent_commits(), rev);
  return to_hex(*git_commit_tree_id(commit.get()));
}

} // namespace trail::git
