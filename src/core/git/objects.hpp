#pragma once

// Objects (private to the git layer): object ids, revisions, commits and blobs, the pieces
// every other file of the layer builds on.

#include "core/git/handles.hpp"

#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace trail::git {

struct CommitInfo;

// Returns the hex form of OID.
std::string to_hex(const git_oid& oid);
// Reads the full hex object id TEXT (40 hex digits); nullopt for anything else.
std::optional<git_oid> oid_from_hex(std::string_view text);
// Reads the full hex object id ID; throws UsageError "'ID' is not an object id" otherwise.
git_oid parse_oid(const std::string& id);

// Returns the start of a git command line that works on the repository of WORKDIR and
// GIT_DIR whatever GIT_DIR or the current directory of this process are (tags.cpp).
std::vector<std::string> git_command(const std::string& workdir, const std::string& git_dir);

// Hashes and compares object ids, for sets and maps of them.
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

// Resolves REV to an object; throws UsageError naming REV when it does not resolve.
ObjectPtr revparse(git_repository* repo, const std::string& rev);
// Resolves REV and peels it to a commit; throws UsageError when it names no commit.
git_oid peel_to_commit(git_repository* repo, const std::string& rev);
// Looks up the commit OID; throws GitError when it is missing.
CommitPtr lookup_commit(git_repository* repo, const git_oid& oid);
// The commits read last, by id: a table of 1,024 slots, each holding the last commit whose id
// falls in it. A walk that diffs each commit against its first parent reads that parent just
// before the walk reaches it; with libgit2's object cache off (repository.cpp), the parent is
// then inflated once, not twice, and the memory stays the same at any length of history.
class RecentCommits
{
public:
  // Sets FOUND to the commit OID, read again only when its slot holds another; returns
  // git_commit_lookup's error code (0 when found).
  int lookup(CommitPtr& found, git_repository* repo, const git_oid& oid);

private:
  struct Slot
  {
    git_oid oid{};
    CommitPtr commit;
  };
  std::array<Slot, 1024> m_slots;
};

// Copies what git-trail needs out of COMMIT.
CommitInfo to_info(const git_commit* commit);

// Returns the bytes of BLOB.
std::string blob_string(const git_blob* blob);
// Returns the bytes of the blob OID; throws GitError when it cannot be read.
std::string read_blob_string(git_repository* repo, const git_oid& oid);

} // namespace trail::git
