#include "core/approvals/index.hpp"

#include "core/policy/load.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

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
                  const std::vector<std::string>& extra,
                  bool and_policy)
{
  return make(repo, policy, repo.references(std::string(k_ref_prefix)), extra, and_policy);
}

Index Index::of(const git::Repository& repo,
                const policy::Policy& policy,
                const std::vector<std::string>& ids)
{
  return make(repo, policy, {}, ids, false);
}

Index Index::make(const git::Repository& repo,
                  const policy::Policy& policy,
                  const std::vector<std::pair<std::string, std::string>>& references,
                  const std::vector<std::string>& extra,
                  bool and_policy)
{
  Index index(repo, policy);
  index.m_and_policy = and_policy;
  std::set<std::string> seen;
  for (const auto& [ref, id] : references) {
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

const policy::Policy* Index::committed_policy(const std::string& revision) const
{
  auto [at, added] = m_policy_by_revision.try_emplace(revision);
  if (added) {
    if (auto text = m_repo->read_file_at(revision, "trail.toml")) {
      auto& parsed = m_policy_by_text[*text];
      if (!parsed) {
        try {
          parsed =
              std::make_shared<const policy::Policy>(policy::parse_policy(*text, "trail.toml"));
        } catch (...) {
          m_policy_by_revision.erase(at);
          m_policy_by_text.erase(*text);
          throw;
        }
      }
      at->second = parsed;
    }
  }
  return at->second.get();
}

void Index::verify(size_t at) const
{
  if (m_verified[at]) {
    return;
  }
  Entry& entry = m_entries[at];
  entry.verdict = judge(entry);
  m_verified[at] = true;
  ++m_verified_count;
}

namespace {

Verdict cannot_check(std::string why)
{
  Verdict verdict;
  verdict.status = Verdict::Status::cannot_check;
  verdict.why = std::move(why);
  return verdict;
}

} // namespace

Verdict Index::judge(const Entry& entry) const
{
  const Record* record = entry.parsed ? &entry.record : nullptr;
  // The policies whose roles judge the record, each once: for an approved commit, those
  // committed at its first parent (the roles in force before it, so a commit cannot change the
  // roles its own approvals are judged by; a root commit's own); for an item or a release,
  // those at its Approval-Revision. The command's where that revision holds none, or with
  // m_and_policy, or when the command's is pinned (then alone). The record must be valid under
  // every one. Each judge is (revision read, how reports name it).
  struct Judge
  {
    std::string revision;
    std::string named;
    const policy::Policy* policy;
  };
  std::vector<Judge> judges;
  bool command = record == nullptr || m_policy->pinned || m_and_policy;
  if (record != nullptr && !m_policy->pinned) {
    // (revision, how reports name it, what is said when the repository lacks it)
    struct Revision
    {
      std::string id;
      std::string named;
      std::string missing;
    };
    std::vector<Revision> revisions;
    if (!record->revision.empty()) {
      revisions.push_back({record->revision,
                           "the approved revision",
                           "the approved revision " + util::short_id(record->revision)});
    }
    for (const auto& commit :
         record->revision.empty() ? record->commits : std::vector<std::string>{}) {
      if (!m_repo->has_object(commit)) {
        revisions.push_back({commit, "", "the approved revision " + util::short_id(commit)});
        continue;
      }
      const auto parents = m_repo->commit(commit).parents;
      if (parents.empty()) {
        revisions.push_back({commit, "the approved revision, a root commit", ""});
      } else {
        revisions.push_back({parents.front(),
                             "before the approved commit " + util::short_id(commit),
                             "the parent " + util::short_id(parents.front()) +
                                 " of the approved commit " + util::short_id(commit)});
      }
    }
    for (const auto& [revision, named, missing] : revisions) {
      if (!m_repo->has_object(revision)) {
        // Its roles cannot be read: the record cannot be judged, never counted on other roles.
        return cannot_check(missing +
                            " is not in this repository (a shallow clone?), so the roles in "
                            "force for it cannot be read");
      }
      const policy::Policy* at_revision = nullptr;
      try {
        at_revision = committed_policy(revision);
      } catch (const Error& error) {
        const std::string what = error.what();
        return cannot_check("the policy committed at " + util::short_id(revision) + " (" + named +
                            ") does not load (" + what.substr(0, what.find('\n')) + ")");
      }
      if (at_revision == nullptr) {
        command = true;
      } else if (std::none_of(judges.begin(), judges.end(), [&](const auto& judge) {
                   return judge.policy == at_revision;
                 })) {
        judges.push_back({revision, named, at_revision});
      }
    }
  }
  if (command) {
    judges.push_back({"", "", m_policy});
  }
  Verdict verdict;
  for (size_t i = 0; i < judges.size(); ++i) {
    Verdict one = verify_record(*m_repo, entry.id, record, entry.malformed_why, *judges[i].policy);
    if (one.status != Verdict::Status::valid) {
      // Named when those roles are not the command's own.
      if (!judges[i].revision.empty() && judges[i].policy->text != m_policy->text) {
        one.why += " ([roles] as committed at " + util::short_id(judges[i].revision) + ", " +
                   judges[i].named + ")";
      }
      return one;
    }
    if (i == 0) {
      verdict = std::move(one);
    }
  }
  return verdict;
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

const Entry* Index::find(const std::string& id) const
{
  for (size_t i = 0; i < m_entries.size(); ++i) {
    if (m_entries[i].id == id) {
      verify(i);
      return &m_entries[i];
    }
  }
  return nullptr;
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
