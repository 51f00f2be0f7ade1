#pragma once

// Every approval record of a repository, read and verified once, by the commits they speak
// for (docs/approvals.md). check, the server hook and `git trail approvals` read them here.

#include "core/approvals/record.hpp"
#include "core/approvals/verify.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"

#include <map>
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
};

class Index
{
public:
  // Reads and verifies every record under refs/trail/approvals/ of REPO, and the record
  // commits EXTRA (a push that brings records: their references do not exist yet), against
  // the roles of POLICY.
  static Index load(const git::Repository& repo,
                    const policy::Policy& policy,
                    const std::vector<std::string>& extra = {});

  // Every record, oldest first (by the record's date, then id).
  const std::vector<Entry>& entries() const
  {
    return m_entries;
  }
  // The records that speak for COMMIT (a full id), oldest first.
  std::vector<const Entry*> for_commit(const std::string& commit) const;

private:
  std::vector<Entry> m_entries;
  std::multimap<std::string, size_t> m_by_commit;
};

// Reads and verifies one record commit ID.
Entry read_entry(const git::Repository& repo,
                 const policy::Policy& policy,
                 const std::string& id,
                 const std::string& ref);

} // namespace trail::approvals
