// Records: signed commits kept under references of their own, outside any branch's history.
// git-trail writes approval records this way (docs/approvals.md): a commit can carry one
// signature, made when it is written, so each record is a commit of its own, signed by the
// person it speaks for, and never changed afterwards.

#include "core/git/callback.hpp"
#include "core/git/handles.hpp"
#include "core/git/objects.hpp"
#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"

#include <git2/buffer.h>

#include <algorithm>

namespace trail::git {

std::string Repository::create_signed_record(const std::string& message) const
{
  // The empty tree, which `git commit-tree` wants to find in the repository.
  OdbPtr odb;
  check(git_repository_odb(out(odb), m_repo.get()), "cannot open the object database");
  git_oid tree;
  check(git_odb_write(&tree, odb.get(), "", 0, GIT_OBJECT_TREE), "cannot write the empty tree");
  auto argv = git_command(workdir(), git_dir());
  for (const char* arg : {"commit-tree", "-S", "-F", "-"}) {
    argv.emplace_back(arg);
  }
  argv.push_back(to_hex(tree));
  const util::ProcessResult result = util::run_process(argv, message);
  const auto reason = std::string(util::trim(result.err));
  if (result.exit_code != 0) {
    throw UsageError("cannot sign the record: git commit-tree -S failed (exit " +
                     std::to_string(result.exit_code) + ")" +
                     (reason.empty() ? "" : ": " + reason));
  }
  const std::string id(util::trim(result.out));
  if (!oid_from_hex(id)) {
    throw Error("git commit-tree printed no commit id: '" + id + "'");
  }
  // git before 2.44 writes the commit unsigned when ssh-keygen fails; such a commit is only
  // an unreferenced object, and nothing refers to it.
  if (!commit_signature(id)) {
    throw UsageError("cannot sign the record: git commit-tree -S wrote no signature" +
                     (reason.empty() ? "" : ": " + reason));
  }
  return id;
}

void Repository::create_reference(const std::string& name, const std::string& id) const
{
  const git_oid oid = parse_oid(id);
  ReferencePtr ref;
  const int result =
      git_reference_create(out(ref), m_repo.get(), name.c_str(), &oid, 0, "git-trail: record");
  if (result == GIT_EEXISTS) {
    throw Error("reference " + name + " exists already; git-trail never moves it");
  }
  if (result == GIT_EINVALIDSPEC) {
    throw UsageError("'" + name + "' is not a valid reference name");
  }
  check(result, "cannot create reference " + name);
}

std::vector<std::pair<std::string, std::string>>
Repository::references(const std::string& prefix) const
{
  std::vector<std::pair<std::string, std::string>> found;
  ReferenceIteratorPtr it;
  const std::string glob = prefix + "*";
  check(git_reference_iterator_glob_new(out(it), m_repo.get(), glob.c_str()),
        "cannot list references " + glob);
  while (true) {
    git_reference* raw = nullptr;
    const int result = git_reference_next(&raw, it.get());
    if (result == GIT_ITEROVER) {
      break;
    }
    check(result, "cannot list references " + glob);
    ReferencePtr ref(raw);
    const git_oid* target = git_reference_target(ref.get());
    const std::string name = git_reference_name(ref.get());
    if (target != nullptr && name.starts_with(prefix)) {
      found.emplace_back(name, to_hex(*target));
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::optional<CommitSignature> Repository::commit_signature(const std::string& id) const
{
  git_oid oid = parse_oid(id); // libgit2 1.5 takes it as non-const
  git_buf signature = GIT_BUF_INIT;
  git_buf data = GIT_BUF_INIT;
  const int result = git_commit_extract_signature(&signature, &data, m_repo.get(), &oid, nullptr);
  CommitSignature found;
  if (result == 0) {
    found.signature.assign(signature.ptr, signature.size);
    found.signed_data.assign(data.ptr, data.size);
  }
  git_buf_dispose(&signature);
  git_buf_dispose(&data);
  if (result == GIT_ENOTFOUND) {
    if (!has_object(id)) {
      throw UsageError("no commit " + id);
    }
    return std::nullopt;
  }
  check(result, "cannot read the signature of commit " + id);
  return found;
}

} // namespace trail::git
