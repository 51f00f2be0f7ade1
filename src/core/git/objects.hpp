#pragma once

// Objects (private to the git layer): object ids, revisions, commits and blobs, the pieces
// every other file of the layer builds on.

#include "core/git/handles.hpp"

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace trail::git {

struct CommitInfo;

// Returns the hex form of OID.
std::string to_hex(const git_oid& oid);
// Reads the full hex object id TEXT (40 hex digits); nullopt for anything else.
std::optional<git_oid> oid_from_hex(std::string_view text);
// Reads the full hex object id ID; throws UsageError "'ID' is not an object id" otherwise.
git_oid parse_oid(const std::string& id);

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
// Copies what git-trail needs out of COMMIT.
CommitInfo to_info(const git_commit* commit);

// Returns the bytes of BLOB.
std::string blob_string(const git_blob* blob);
// Returns the bytes of the blob OID; throws GitError when it cannot be read.
std::string read_blob_string(git_repository* repo, const git_oid& oid);

} // namespace trail::git
