#pragma once

// Every approval record of a repository, by the commits they speak for (docs/approvals.md).
// check, the server hook and `git trail approvals` read them here. Each record is read when the
// index is made, and its signature checked (ssh-keygen, a process each) only when a caller
// first asks for a commit it names: a check of ten commits in a repository of thousands of
// records verifies the few that matter.

#include "core/approvals/record.hpp"
#include "core/approvals/verify.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace trail::approvals {

// One record and what verification made of it.
struct Entry
{
  std::string ref; // the reference it was found under ("" for one not yet referenced)
  std::string id;  // the record commit
  Record record;   // what it says (id, target, commits...; empty fields when malformed)
  Verdict verdict;
  bool parsed = false;       // RECORD is a record git-trail wrote (else MALFORMED_WHY says why)
  std::string malformed_why; // why not
};

class Index
{
public:
  // Reads every record under refs/trail/approvals/ of REPO, and the record commits EXTRA (a
  // push that brings records: their references do not exist yet). Each record is verified
  // against the [roles] in force for what it approves: trail.toml committed at the first parent
  // of each approved commit (at a root commit, its own), or at an item's or release's
  // Approval-Revision, where that revision holds a policy, and against those of POLICY where
  // it does not; against POLICY's alone when POLICY is pinned. An approved commit or revision
  // the repository lacks (a shallow clone) makes the record cannot-check. With AND_POLICY (the push
  // hooks), POLICY's roles must list the key as well: a push cannot bring the roles its own records
  // are judged by. REPO and POLICY must outlive the index.
  static Index load(const git::Repository& repo,
                    const policy::Policy& policy,
                    const std::vector<std::string>& extra = {},
                    bool and_policy = false);
  // The record commits IDS alone, judged as load judges them (`approve`, checking the record it
  // has just written, reads no other).
  static Index of(const git::Repository& repo,
                  const policy::Policy& policy,
                  const std::vector<std::string>& ids);

  // Every record, oldest first (by the record's date, then id), each verified.
  const std::vector<Entry>& entries() const;
  // The records that speak for COMMIT (a full id), oldest first, each verified.
  std::vector<const Entry*> for_commit(const std::string& commit) const;
  // The records of registry item ID, oldest first, each verified.
  std::vector<const Entry*> for_item(const std::string& id) const;
  // The record commit ID, verified; null when the index does not hold it.
  const Entry* find(const std::string& id) const;
  // The records of release VERSION, oldest first, each verified.
  std::vector<const Entry*> for_release(const std::string& version) const;
  // The policy committed at REVISION (a commit the repository has), as records are judged by:
  // read once per revision, parsed once per text; null when REVISION holds no trail.toml.
  // Throws PolicyError when it does not load.
  const policy::Policy* committed_policy(const std::string& revision) const;
  // How many records have been verified so far (tests).
  size_t verified() const
  {
    return m_verified_count;
  }

private:
  Index(const git::Repository& repo, const policy::Policy& policy)
      : m_repo(&repo), m_policy(&policy)
  {
  }
  // The records under REFERENCES ((name, id) pairs) and the record commits EXTRA.
  static Index make(const git::Repository& repo,
                    const policy::Policy& policy,
                    const std::vector<std::pair<std::string, std::string>>& references,
                    const std::vector<std::string>& extra,
                    bool and_policy);
  void verify(size_t at) const;
  // The verdict on ENTRY under the roles that apply to it (load).
  Verdict judge(const Entry& entry) const;

  const git::Repository* m_repo;
  const policy::Policy* m_policy;
  bool m_and_policy = false;
  mutable std::map<std::string, std::shared_ptr<const policy::Policy>> m_policy_by_revision;
  mutable std::map<std::string, std::shared_ptr<const policy::Policy>> m_policy_by_text;
  mutable std::vector<Entry> m_entries;
  mutable std::vector<bool> m_verified;
  mutable size_t m_verified_count = 0;
  std::multimap<std::string, size_t> m_by_commit;
  std::multimap<std::string, size_t> m_by_item;
  std::multimap<std::string, size_t> m_by_release;
  // The entries BY lists under KEY, oldest first, each verified.
  std::vector<const Entry*> verified_at(const std::multimap<std::string, size_t>& by,
                                        const std::string& key) const;
};

// Reads and verifies one record commit ID, found under REF.
Entry read_entry(const git::Repository& repo,
                 const policy::Policy& policy,
                 const std::string& id,
                 const std::string& ref);

} // namespace trail::approvals
