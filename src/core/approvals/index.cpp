#include "core/approvals/index.hpp"

#include <algorithm>
#include <set>

namespace trail::approvals {

Entry read_entry(const git::Repository& repo,
                 const policy::Policy& policy,
                 const std::string& id,
                 const std::string& ref)
{
  Entry entry;
  entry.ref = ref;
  entry.id = id;
  std::string why;
  std::optional<Record> record;
  const auto commit = repo.commit(id);
  record = parse_record(commit, repo.commit_tree(id), why);
  if (record) {
    entry.record = *record;
  } else {
    entry.record.id = id;
    entry.record.committer_name = commit.committer_name;
    entry.record.committer_email = commit.committer_email;
    entry.record.time = commit.committer_time;
    entry.record.offset = commit.committer_offset;
  }
  entry.verdict = verify_record(repo, id, record ? &*record : nullptr, why, policy);
  return entry;
}

Index Index::load(const git::Repository& repo,
                  const policy::Policy& policy,
                  const std::vector<std::string>& extra)
{
  Index index;
  std::set<std::string> seen;
  for (const auto& [ref, id] : repo.references(std::string(k_ref_prefix))) {
    if (seen.insert(id).second) {
      index.m_entries.push_back(read_entry(repo, policy, id, ref));
    }
  }
  for (const auto& id : extra) {
    if (seen.insert(id).second) {
      index.m_entries.push_back(read_entry(repo, policy, id, ""));
    }
  }
  std::stable_sort(
      index.m_entries.begin(), index.m_entries.end(), [](const auto& a, const auto& b) {
        return a.record.time != b.record.time ? a.record.time < b.record.time : a.id < b.id;
      });
  for (size_t i = 0; i < index.m_entries.size(); ++i) {
    for (const auto& commit : index.m_entries[i].record.commits) {
      index.m_by_commit.emplace(commit, i);
    }
  }
  return index;
}

std::vector<const Entry*> Index::for_commit(const std::string& commit) const
{
  std::vector<const Entry*> out;
  const auto [first, last] = m_by_commit.equal_range(commit);
  for (auto it = first; it != last; ++it) {
    out.push_back(&m_entries[it->second]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace trail::approvals
