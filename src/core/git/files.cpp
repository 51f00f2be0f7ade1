// Files at a revision and in the index, selected by globs.

#include "core/git/handles.hpp"
#include "core/git/loose_objects.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/glob.hpp"

#include <algorithm>

namespace trail::git {

namespace {

bool matches_any(const std::vector<std::string>& globs, std::string_view path)
{
  return std::any_of(globs.begin(), globs.end(), [&](const auto& glob) { return util::glob_match(glob, path); });
}

std::string blob_content(git_repository* repo, const git_oid& oid)
{
  git_blob* raw = nullptr;
  check(git_blob_lookup(&raw, repo, &oid), "cannot read blob " + to_hex(oid));
  std::unique_ptr<git_blob, Deleter<&git_blob_free>> blob(raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

struct Collect
{
  git_repository* repo;
  const std::vector<std::string>* globs;
  std::string base; // folder walked, with a trailing '/' or empty
  std::vector<std::pair<std::string, std::string>>* out;
};

int collect_entry(const char* root, const git_tree_entry* entry, void* payload)
{
  auto* c = static_cast<Collect*>(payload);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
    return 0;
  }
  const std::string path = c->base + root + git_tree_entry_name(entry);
  if (matches_any(*c->globs, path)) {
    c->out->emplace_back(path, blob_content(c->repo, *git_tree_entry_id(entry)));
  }
  return 0;
}

TreePtr tree_of_commit(git_repository* repo, const std::string& rev)
{
  const git_oid oid = peel_to_commit(repo, rev);
  CommitPtr commit = lookup_commit(repo, oid);
  git_tree* raw = nullptr;
  check(git_commit_tree(&raw, commit.get()), "cannot read the tree of " + rev);
  return TreePtr(raw);
}

} // namespace

std::vector<std::pair<std::string, std::string>> Repository::files_at(const std::string& rev,
                                                                      const std::vector<std::string>& globs) const
{
  std::vector<std::pair<std::string, std::string>> files;
  if (globs.empty()) {
    return files;
  }
  const TreePtr root = tree_of_commit(m_repo.get(), rev);
  std::vector<std::string> folders;
  for (const auto& glob : globs) {
    folders.push_back(util::glob_fixed_folder(glob));
  }
  std::sort(folders.begin(), folders.end());
  folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
  // Drop folders inside another listed folder: walking the outer one finds their files.
  std::vector<std::string> walk;
  for (const auto& folder : folders) {
    const bool inside = std::any_of(walk.begin(), walk.end(), [&](const auto& outer) {
      return outer.empty() || folder.starts_with(outer + "/");
    });
    if (!inside) {
      walk.push_back(folder);
    }
  }
  for (const auto& folder : walk) {
    TreePtr tree;
    if (folder.empty()) {
      git_tree* copy = nullptr;
      check(git_tree_dup(&copy, root.get()), "cannot read a tree");
      tree.reset(copy);
    } else {
      git_tree_entry* raw_entry = nullptr;
      if (git_tree_entry_bypath(&raw_entry, root.get(), folder.c_str()) != 0) {
        throw_if_corrupt();
        continue;
      }
      std::unique_ptr<git_tree_entry, Deleter<&git_tree_entry_free>> entry(raw_entry);
      if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) {
        continue;
      }
      git_tree* raw_tree = nullptr;
      check(git_tree_lookup(&raw_tree, m_repo.get(), git_tree_entry_id(entry.get())), "cannot read " + folder);
      tree.reset(raw_tree);
    }
    Collect collect{m_repo.get(), &globs, folder.empty() ? "" : folder + "/", &files};
    check(git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect_entry, &collect), "cannot walk " + folder);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::pair<std::string, std::string>> Repository::staged_files(const std::vector<std::string>& globs) const
{
  std::vector<std::pair<std::string, std::string>> files;
  if (globs.empty()) {
    return files;
  }
  git_index* raw_index = nullptr;
  check(git_repository_index(&raw_index, m_repo.get()), "cannot read the index");
  IndexPtr index(raw_index);
  const size_t count = git_index_entrycount(index.get());
  for (size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    if (GIT_INDEX_ENTRY_STAGE(entry) == 0 && matches_any(globs, entry->path)) {
      files.emplace_back(entry->path, blob_content(m_repo.get(), entry->id));
    }
  }
  return files;
}

std::string Repository::tree_id_at(const std::string& rev, const std::string& path) const
{
  const TreePtr root = tree_of_commit(m_repo.get(), rev);
  if (path.empty()) {
    return to_hex(*git_tree_id(root.get()));
  }
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, root.get(), path.c_str()) != 0) {
    throw_if_corrupt();
    return {};
  }
  std::unique_ptr<git_tree_entry, Deleter<&git_tree_entry_free>> entry(raw_entry);
  return to_hex(*git_tree_entry_id(entry.get()));
}

} // namespace trail::git
