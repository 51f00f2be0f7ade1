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

using RepositoryPtr = std::unique_ptr<git_repository, Deleter<&git_repository_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<&git_odb_free>>;
using OdbObjectPtr = std::unique_ptr<git_odb_object, Deleter<&git_odb_object_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<&git_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<&git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<&git_tree_free>>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, Deleter<&git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<&git_blob_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<&git_index_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<&git_diff_free>>;
using ConfigPtr = std::unique_ptr<git_config, Deleter<&git_config_free>>;
using ReferencePtr = std::unique_ptr<git_reference, Deleter<&git_reference_free>>;
using ReferenceIteratorPtr =
    std::unique_ptr<git_reference_iterator, Deleter<&git_reference_iterator_free>>;
using SignaturePtr = std::unique_ptr<git_signature, Deleter<&git_signature_free>>;
using StatusListPtr = std::unique_ptr<git_status_list, Deleter<&git_status_list_free>>;

// Hands libgit2 the address of a raw pointer and gives what it stores there to OWNER at the
// end of the full expression, also when that expression throws:
//   CommitPtr commit;
//   check(git_commit_lookup(out(commit), repo, &oid), "cannot read commit");
template<typename Ptr>
class OutParam
{
public:
  explicit OutParam(Ptr& owner) : m_owner(owner) {}
  OutParam(const OutParam&) = delete;
  OutParam& operator=(const OutParam&) = delete;
  ~OutParam()
  {
    m_owner.reset(m_raw);
  }
  operator typename Ptr::pointer *() // NOLINT(google-explicit-constructor): used as T**
  {
    return &m_raw;
  }

private:
  Ptr& m_owner;
  typename Ptr::pointer m_raw = nullptr;
};

template<typename Ptr>
OutParam<Ptr> out(Ptr& owner)
{
  return OutParam<Ptr>(owner);
}

// Owns a git_oidarray filled by libgit2.
class OidArray
{
public:
  OidArray() = default;
  OidArray(const OidArray&) = delete;
  OidArray& operator=(const OidArray&) = delete;
  ~OidArray()
  {
    git_oidarray_dispose(&m_array);
  }
  git_oidarray* out()
  {
    return &m_array;
  }
  const git_oid* begin() const
  {
    return m_array.ids;
  }
  const git_oid* end() const
  {
    return m_array.ids + m_array.count;
  }

private:
  git_oidarray m_array{};
};

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

// Returns libgit2's last error message, copied at once (it is thread-local and may be NULL).
std::string last_error_message();

// Throws GitError for a negative libgit2 result, with WHAT and libgit2's own message (after
// throw_if_corrupt: a corrupt object is never reported as a missing one).
void check(int result, const std::string& what);

} // namespace trail::git
