#include "core/approvals/approve.hpp"

#include "core/approvals/index.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <algorithm>

namespace trail::approvals {

std::vector<std::string> target_commits(const git::Repository& repo, const std::string& target)
{
  if (target.find("..") == std::string::npos && !target.starts_with("^")) {
    return {repo.resolve_commit(target)};
  }
  git::WalkSpec spec;
  spec.revisions = {target};
  spec.head_when_empty = false;
  std::vector<std::string> commits;
  const auto report = repo.walk(spec, [&](const git::CommitInfo& commit) {
    commits.push_back(commit.id);
    return true;
  });
  if (!report.shallow_boundary.empty()) {
    throw UsageError("range " + target + " reaches past this shallow clone's history: its " +
                     "commits cannot all be named (fetch more history, git fetch --unshallow)");
  }
  if (commits.empty()) {
    throw UsageError("range " + target + " has no commits to approve");
  }
  return commits;
}

Approved
approve(const git::Repository& repo, const policy::Policy& policy, const ApproveRequest& request)
{
  const policy::Role* role = policy.find_role(request.role);
  if (role == nullptr) {
    std::vector<std::string> names;
    for (const auto& r : policy.roles) {
      names.push_back(r.name);
    }
    throw UsageError("no role '" + request.role + "' in [roles] of " + policy.source +
                     (names.empty() ? " (it defines no roles; docs/approvals.md)"
                                    : " (roles: " + util::join(names, ", ") + ")"));
  }
  if (std::find(std::begin(k_meanings), std::end(k_meanings), request.meaning) ==
      std::end(k_meanings)) {
    throw UsageError("--meaning must be approved, reviewed or rejected, not '" + request.meaning +
                     "'");
  }
  Record record;
  if (!request.release.empty()) {
    record.release = request.release;
    record.content = "sha256:" + request.manifest_digest;
    record.revision = request.revision;
    record.target = "release " + record.release + " at " + request.revision;
  } else if (request.item != nullptr) {
    record.item = request.item->id;
    record.content = item_digest(*request.item);
    record.revision = request.revision;
    record.target = "item " + record.item + " at " + request.revision;
  } else {
    record.commits = target_commits(repo, request.target);
    const bool range =
        request.target.find("..") != std::string::npos || request.target.starts_with("^");
    record.target = range ? "range " + request.target : "commit " + record.commits.front();
  }
  record.role = request.role;
  record.meaning = request.meaning;
  record.text = request.text;
  const std::string id = repo.create_signed_record(record_message(record));
  Approved out;
  // Verified as every reader will: under the roles in force for what it approves.
  const auto index = Index::of(repo, policy, {id});
  out.entry = *index.find(id);
  const auto& verdict = out.entry.verdict;
  if (verdict.status != Verdict::Status::valid) {
    throw UsageError(
        "the record was signed but would not count, so no reference was made: " +
        std::string(status_name(verdict.status)) + ": " + verdict.why +
        (verdict.status == Verdict::Status::unknown_key ||
                 verdict.status == Verdict::Status::not_in_role
             ? "; the key git signs with (user.signingkey, with gpg.format ssh or openpgp) "
               "must be a member's key of role " +
                   request.role + " in [roles]"
             : ""));
  }
  for (const auto& commit : record.commits) {
    if (util::iequals(repo.commit(commit).author_email, verdict.signer_email)) {
      out.own_commits.push_back(commit);
    }
  }
  const std::string ref = std::string(k_ref_prefix) + id;
  repo.create_reference(ref, id);
  out.entry.ref = ref;
  return out;
}

} // namespace trail::approvals
