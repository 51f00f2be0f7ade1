#pragma once

// Owning wrappers for libgit2 handles (private to the git layer). Every handle is wrapped the
// moment libgit2 hands it over, so no code path can leak it.

#include <git2.h>

#include <memory>
#include <string>

namespace trail::git {

template<auto Free>
struct Deleter
{
  template<typename T>
  void operator()(T* p) const noexcept
  {
    Free(p);
  }
};

using CommitPtr = std::unique_ptr<git_commit, Deleter<&git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<&git_tree_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<&git_index_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<&git_diff_free>>;
using ConfigPtr = std::unique_ptr<git_config, Deleter<&git_config_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<&git_reference_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, Deleter<&git_revwalk_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<&git_object_free>>;

// Owns a git_buf filled by libgit2.
class Buf
{
public:
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  ~Buf()
  {
    git_buf_dispose(&m_buf);
  }
  // Returns the buffer for libgit2 to fill.
  git_buf* out()
  {
    return &m_buf;
  }
  // Returns a copy of the contents.
  std::string str() const
  {
    return m_buf.ptr ? std::string(m_buf.ptr, m_buf.size) : std::string();
  }

private:
  git_buf m_buf = GIT_BUF_INIT;
};

// Throws GitError for a negative libgit2 result, with WHAT and libgit2's own message.
void check(int result, const std::string& what);

// Returns the hex form of OID.
std::string to_hex(const git_oid& oid);

} // namespace trail::git

namespace trail::git {

struct CommitInfo;

// Resolves REV to an object; throws UsageError naming REV when it does not resolve.
ObjectPtr revparse(git_repository* repo, const std::string& rev);
// Resolves REV and peels it to a commit; throws UsageError when it names no commit.
git_oid peel_to_commit(git_repository* repo, const std::string& rev);
// Looks up the commit OID; throws GitError when it is missing.
CommitPtr lookup_commit(git_repository* repo, const git_oid& oid);
// Copies what git-trail needs out of COMMIT.
CommitInfo to_info(const git_commit* commit);

} // namespace trail::git
