#include "core/approvals/index.hpp"

#include <algorithm>
#include <set>

namespace trail::approvals {
namespace {

// Reads what record commit ID says, without checking its signature.
Entry parse_entry(const git::Repository& repo, const std::string& id, const std::string& ref)
{
  Entry entry;
  entry.ref = ref;
  entry.id = id;
  const auto commit = repo.commit(id);
  if (auto record = parse_record(commit, repo.commit_tree(id), entry.malformed_why)) {
    entry.record = std::move(*record);
    entry.parsed = true;
  } else {
    entry.record.id = id;
    entry.record.committer_name = commit.committer_name;
    entry.record.committer_email = commit.committer_email;
    entry.record.time = commit.committer_time;
    entry.record.offset = commit.committer_offset;
  }
  return entry;
}

} // namespace

Entry read_entry(const git::Repository& repo,
                 const policy::Policy& policy,
                 const std::string& id,
                 const std::string& ref)
{
  Entry entry = parse_entry(repo, id, ref);
  entry.verdict =
      verify_record(repo, id, entry.parsed ? &entry.record : nullptr, entry.malformed_why, policy);
  return entry;
}

Index Index::load(const git::Repository& repo,
                  const policy::Policy& policy,
                  const std::vector<std::string>& extra)
{
  Index index(repo, policy);
  std::set<std::string> seen;
  for (const auto& [ref, id] : repo.references(std::string(k_ref_prefix))) {
    if (seen.insert(id).second) {
      index.m_entries.push_back(parse_entry(repo, id, ref));
    }
  }
  for (const auto& id : extra) {
    if (seen.insert(id).second) {
      index.m_entries.push_back(parse_entry(repo, id, ""));
    }
  }
  std::stable_sort(
      index.m_entries.begin(), index.m_entries.end(), [](const auto& a, const auto& b) {
        return a.record.time != b.record.time ? a.record.time < b.record.time : a.id < b.id;
      });
  index.m_verified.assign(index.m_entries.size(), false);
  for (size_t i = 0; i < index.m_entries.size(); ++i) {
    for (const auto& commit : index.m_entries[i].record.commits) {
      index.m_by_commit.emplace(commit, i);
    }
    if (!index.m_entries[i].record.item.empty()) {
      index.m_by_item.emplace(index.m_entries[i].record.item, i);
    }
    if (!index.m_entries[i].record.release.empty()) {
      index.m_by_release.emplace(index.m_entries[i].record.release, i);
    }
  }
  return index;
}

void Index::verify(size_t at) const
{
  if (m_verified[at]) {
    return;
  }
  Entry& entry = m_entries[at];
  entry.verdict = verify_record(
      *m_repo, entry.id, entry.parsed ? &entry.record : nullptr, entry.malformed_why, *m_policy);
  m_verified[at] = true;
  ++m_verified_count;
}

const std::vector<Entry>& Index::entries() const
{
  for (size_t i = 0; i < m_entries.size(); ++i) {
    verify(i);
  }
  return m_entries;
}

std::vector<const Entry*> Index::verified_at(const std::multimap<std::string, size_t>& by,
                                             const std::string& key) const
{
  std::vector<size_t> found;
  const auto [first, last] = by.equal_range(key);
  for (auto it = first; it != last; ++it) {
    found.push_back(it->second);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<const Entry*> out;
  for (const size_t at : found) {
    verify(at);
    out.push_back(&m_entries[at]);
  }
  return out;
}

std::vector<const Entry*> Index::for_commit(const std::string& commit) const
{
  return verified_at(m_by_commit, commit);
}

std::vector<const Entry*> Index::for_release(const std::string& version) const
{
  return verified_at(m_by_release, version);
}

std::vector<const Entry*> Index::for_item(const std::string& id) const
{
  return verified_at(m_by_item, id);
}

} // namespace trail::approvals
