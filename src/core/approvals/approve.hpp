#pragma once

// `git trail approve`: writes one signed approval record (docs/approvals.md).

#include "core/approvals/index.hpp"
#include "core/approvals/item.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"

#include <string>
#include <vector>

namespace trail::approvals {

struct ApproveRequest
{
  std::string target; // a revision (one commit) or a range A..B; ignored for an item
  std::string role;   // a role of [roles]
  std::string meaning = "approved";
  std::string text; // -m
  // An item to approve instead, as the registry at REVISION (a full commit id) defines it.
  const registry::Item* item = nullptr;
  std::string revision;
  // Or a release to approve: its version, and the SHA-256 (hex) of the manifest `git trail
  // release` would tag at REVISION.
  std::string release;
  std::string manifest_digest;
};

// What was written.
struct Approved
{
  Entry entry;                          // the record, verified
  std::vector<std::string> own_commits; // target commits the signer authored (not counted)
};

// Resolves REQUEST.target to its commits (a range in `git log` order), writes the record signed
// with the user's git signing key, checks it as every reader will, and only then creates its
// reference refs/trail/approvals/ID. Throws UsageError, creating no reference, when the role is
// not in [roles], the range is empty, git cannot sign, or the signature would not count (the
// key is not listed for the role, or it does not verify).
Approved
approve(const git::Repository& repo, const policy::Policy& policy, const ApproveRequest& request);

// The commits TARGET names: one commit, or the commits of a range A..B (A...B, ^X) in git log
// order. Throws UsageError when it names none.
std::vector<std::string> target_commits(const git::Repository& repo, const std::string& target);

} // namespace trail::approvals
