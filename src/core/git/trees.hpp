#pragma once

// Trees (private to the git layer): the tree of a commit and the one walk over a tree's files
// that every "files at a revision" question uses.

#include "core/git/handles.hpp"
#include "core/git/repository.hpp"

#include <functional>
#include <string>
#include <vector>

namespace trail::git {

// Returns the tree of COMMIT.
TreePtr tree_of(const git_commit* commit, const std::string& what);
// Returns the commit REV names, read through COMMITS (a full commit id without resolving it);
// throws UsageError when REV names none.
CommitPtr commit_of(git_repository* repo, RecentCommits& commits, const std::string& rev);
// Returns the tree of the commit REV names; throws UsageError when it names none.
TreePtr tree_of_commit(git_repository* repo, RecentCommits& commits, const std::string& rev);

// Returns the index as git last wrote it: libgit2 keeps the index it read first with the
// repository, so it is read again when the file changed since.
IndexPtr current_index(git_repository* repo);

// Calls VISIT(path, entry, type) for every blob and gitlink of TREE whose path (from the top
// of TREE, '/'-separated) matches one of GLOBS, every one when GLOBS is empty, in libgit2's
// pre-order; subtrees that no glob can match are not read. With GITLINKS_ONLY, only gitlinks
// are looked at (nothing else is done per entry). What VISIT throws comes back out of this
// call (CallbackGuard). WHAT names the tree in errors.
void walk_entries(
    const git_tree* tree,
    const std::vector<std::string>& globs,
    bool gitlinks_only,
    const std::function<void(std::string path, const git_tree_entry* entry, TreeEntry::Type type)>&
        visit,
    const std::string& what);

} // namespace trail::git
