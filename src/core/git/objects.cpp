// Objects: object ids, revisions, commits and blobs.

#include "core/git/objects.hpp"

#include "core/git/loose_objects.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"

namespace trail::git {

namespace {

// Throws Error (exit 3) when REV is a name (a ref, HEAD) that points to an object the
// repository does not have: libgit2 then says only "object not found", and drops a pack file
// that was cut short without a word, so the damage would read as "unknown revision".
void throw_if_named_object_missing(const std::string& rev)
{
  const std::string message = last_error_message();
  constexpr std::string_view marker = "object not found - no match for id (";
  const size_t at = message.find(marker);
  if (at == std::string::npos || message.size() < at + marker.size() + GIT_OID_HEXSZ) {
    return;
  }
  const std::string id = message.substr(at + marker.size(), GIT_OID_HEXSZ);
  // Only plain names: "X~2" in a shallow clone, or an id typed by the user, may well be absent.
  const bool plain_name = !rev.empty() && rev.find_first_of("~^:@{}. ") == std::string::npos &&
                          !std::string_view(id).starts_with(rev);
  if (!plain_name) {
    return;
  }
  throw Error("corrupt repository: " + rev + " points to object " + id +
              ", which is not in the repository (a lost object or a pack file cut short); run "
              "`git fsck` to see the damage");
}

} // namespace

std::string to_hex(const git_oid& oid)
{
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

std::optional<git_oid> oid_from_hex(std::string_view text)
{
  git_oid oid;
  if (text.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&oid, text.data(), text.size()) != 0) {
    return std::nullopt;
  }
  return oid;
}

git_oid parse_oid(const std::string& id)
{
  if (auto oid = oid_from_hex(id)) {
    return *oid;
  }
  throw UsageError("'" + id + "' is not an object id");
}

namespace {

// Resolves REV when it is a reference name (HEAD, a branch, a tag, "main" for refs/heads/main),
// as git_revparse_single would: to the object the reference points at, not peeled. Returns null
// when REV names no reference. libgit2 1.5.1's git_revparse_single leaks the reference it
// resolved when that object cannot be read (a corrupt repository), so names are resolved here,
// with every handle owned.
ObjectPtr lookup_named(git_repository* repo, const std::string& rev)
{
  // A full object id is an id before it is a name (libgit2 and git try it first).
  const bool full_id = rev.size() == GIT_OID_HEXSZ &&
                       rev.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  if (full_id || rev.empty() || rev.find_first_of("~^:@{} ") != std::string::npos) {
    return nullptr;
  }
  ReferencePtr reference;
  if (git_reference_dwim(out(reference), repo, rev.c_str()) != 0) {
    return nullptr;
  }
  ReferencePtr resolved;
  if (git_reference_resolve(out(resolved), reference.get()) != 0) {
    return nullptr;
  }
  ObjectPtr object;
  if (git_object_lookup(out(object), repo, git_reference_target(resolved.get()), GIT_OBJECT_ANY) !=
      0) {
    throw_if_corrupt();
    throw_if_named_object_missing(rev);
    throw UsageError("unknown revision '" + rev + "'");
  }
  return object;
}

} // namespace

ObjectPtr revparse(git_repository* repo, const std::string& rev)
{
  if (ObjectPtr named = lookup_named(repo, rev)) {
    return named;
  }
  ObjectPtr object;
  if (git_revparse_single(out(object), repo, rev.c_str()) != 0) {
    throw_if_corrupt();
    throw_if_named_object_missing(rev);
    throw UsageError("unknown revision '" + rev + "'");
  }
  return object;
}

git_oid peel_to_commit(git_repository* repo, const std::string& rev)
{
  ObjectPtr object = revparse(repo, rev);
  ObjectPtr peeled;
  if (git_object_peel(out(peeled), object.get(), GIT_OBJECT_COMMIT) != 0) {
    throw_if_corrupt();
    throw UsageError("revision '" + rev + "' does not name a commit");
  }
  return *git_object_id(peeled.get());
}

CommitPtr lookup_commit(git_repository* repo, const git_oid& oid)
{
  CommitPtr commit;
  check(git_commit_lookup(out(commit), repo, &oid), "cannot read commit " + to_hex(oid));
  return commit;
}

int RecentCommits::lookup(CommitPtr& found, git_repository* repo, const git_oid& oid)
{
  Slot& slot = m_slots[OidHash()(oid) % m_slots.size()];
  if (!slot.commit || !git_oid_equal(&slot.oid, &oid)) {
    CommitPtr commit;
    if (const int error = git_commit_lookup(out(commit), repo, &oid); error != 0) {
      return error;
    }
    slot.oid = oid;
    slot.commit = std::move(commit);
  }
  return git_commit_dup(out(found), slot.commit.get());
}

RecentCommits& Repository::recent_commits() const
{
  if (!m_recent_commits) {
    m_recent_commits = std::make_shared<RecentCommits>();
  }
  return *m_recent_commits;
}

CommitInfo to_info(const git_commit* commit)
{
  CommitInfo info;
  info.id = to_hex(*git_commit_id(commit));
  const unsigned count = git_commit_parentcount(commit);
  info.parents.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    info.parents.push_back(to_hex(*git_commit_parent_id(commit, i)));
  }
  const git_signature* author = git_commit_author(commit);
  const git_signature* committer = git_commit_committer(commit);
  info.author_name = author->name ? author->name : "";
  info.author_email = author->email ? author->email : "";
  info.author_time = author->when.time;
  info.author_offset = author->when.offset;
  info.committer_name = committer->name ? committer->name : "";
  info.committer_email = committer->email ? committer->email : "";
  info.committer_time = committer->when.time;
  info.committer_offset = committer->when.offset;
  const char* raw = git_commit_message_raw(commit);
  info.message = raw ? raw : "";
  return info;
}

std::string blob_string(const git_blob* blob)
{
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob)),
                     static_cast<size_t>(git_blob_rawsize(blob)));
}

std::string read_blob_string(git_repository* repo, const git_oid& oid)
{
  BlobPtr blob;
  check(git_blob_lookup(out(blob), repo, &oid), "cannot read blob " + to_hex(oid));
  return blob_string(blob.get());
}

std::string Repository::resolve_commit(const std::string& rev) const
{
  return to_hex(peel_to_commit(m_repo.get(), rev));
}

CommitInfo Repository::commit(const std::string& id) const
{
  return to_info(lookup_commit(m_repo.get(), parse_oid(id)).get());
}

bool Repository::has_object(const std::string& id) const
{
  const auto oid = oid_from_hex(id);
  if (!oid) {
    return false;
  }
  OdbPtr odb;
  check(git_repository_odb(out(odb), m_repo.get()), "cannot open the object database");
  return git_odb_exists(odb.get(), &*oid) == 1;
}

std::string Repository::read_blob(const std::string& id) const
{
  return read_blob_string(m_repo.get(), parse_oid(id));
}

} // namespace trail::git
