#include "core/trace/trace.hpp"

#include "core/links/links.hpp"
#include "core/message/cleanup.hpp"
#include "core/message/trailers.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>

namespace trail::trace {

namespace {

// Returns the words a missing relation is reported with.
std::string missing(const std::string& relation)
{
  if (relation == "implements") {
    return "not implemented";
  }
  if (relation == "verifies") {
    return "not verified";
  }
  if (relation == "fixes") {
    return "not fixed";
  }
  return "no " + relation + " link";
}

size_t kind_rank(const policy::Policy& policy, const std::string& kind)
{
  for (size_t i = 0; i < policy.kinds.size(); ++i) {
    if (policy.kinds[i].name == kind) {
      return i;
    }
  }
  return policy.kinds.size();
}

class Builder
{
public:
  Builder(const policy::Policy& policy, TraceReport& report) : m_policy(policy), m_report(report) {}

  void add_definitions(const registry::Registry& registry)
  {
    for (const auto& item : registry.items) {
      TraceEntry& entry = entry_for(item.id);
      entry.defined = true;
      entry.kind = item.kind;
      entry.item = item;
    }
    for (const auto& item : registry.items) {
      for (const auto& link : item.links) {
        entry_for(link.target).linked_from.push_back(item.id + " (" + link.type + ")");
      }
    }
  }

  void add_commit(const git::CommitInfo& commit, const links::Extraction& extraction)
  {
    ++m_report.commits_scanned;
    if (extraction.links.empty()) {
      if (commit.parents.size() <= 1) {
        m_report.unlinked.push_back({commit.id, std::string(message::subject_line(commit.message))});
      }
      return;
    }
    for (const auto& link : extraction.links) {
      TraceEntry& entry = entry_for(link.id);
      if (entry.kind.empty()) {
        entry.kind = link.kind;
      }
      entry.commits.push_back({commit.id, link.relation, std::string(message::subject_line(commit.message)),
                               commit.author_name + " <" + commit.author_email + ">", commit.author_time});
    }
  }

  void add_file_links(const std::vector<registry::FileLink>& links)
  {
    for (const auto& link : links) {
      TraceEntry& entry = entry_for(link.id);
      if (entry.kind.empty()) {
        if (const auto* kind = registry::kind_of_id(m_policy, link.id)) {
          entry.kind = kind->name;
        }
      }
      entry.files.push_back({link.path, link.line, link.relation});
    }
  }

  void finish(bool have_registry)
  {
    for (auto& [id, index] : m_index) {
      TraceEntry& entry = m_report.entries[index];
      const auto* kind = m_policy.find_kind(entry.kind);
      entry.external = kind && kind->external;
      if (!entry.defined) {
        if (have_registry && !entry.external) {
          entry.gaps.push_back("not defined");
        }
        continue;
      }
      for (const auto& relation : kind ? kind->require_links : std::vector<std::string>{}) {
        const bool linked = std::any_of(entry.commits.begin(), entry.commits.end(),
                                        [&](const auto& c) { return c.relation == relation; }) ||
                            std::any_of(entry.files.begin(), entry.files.end(),
                                        [&](const auto& f) { return f.relation == relation; });
        if (!linked) {
          entry.gaps.push_back(missing(relation));
        }
      }
    }
    std::sort(m_report.entries.begin(), m_report.entries.end(), [&](const auto& a, const auto& b) {
      const size_t ra = kind_rank(m_policy, a.kind);
      const size_t rb = kind_rank(m_policy, b.kind);
      return ra != rb ? ra < rb : natural_less(a.id, b.id);
    });
  }

private:
  TraceEntry& entry_for(const std::string& id)
  {
    const auto [at, inserted] = m_index.emplace(id, m_report.entries.size());
    if (inserted) {
      TraceEntry entry;
      entry.id = id;
      m_report.entries.push_back(std::move(entry));
    }
    return m_report.entries[at->second];
  }

  const policy::Policy& m_policy;
  TraceReport& m_report;
  std::unordered_map<std::string, size_t> m_index;
};

} // namespace

bool natural_less(const std::string& a, const std::string& b)
{
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
    const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (da && db) {
      size_t ei = i;
      size_t ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) {
        ++ei;
      }
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) {
        ++ej;
      }
      // Compare the numbers without converting: strip leading zeros, then length, then digits.
      auto na = std::string_view(a).substr(i, ei - i);
      auto nb = std::string_view(b).substr(j, ej - j);
      while (na.size() > 1 && na.front() == '0') {
        na.remove_prefix(1);
      }
      while (nb.size() > 1 && nb.front() == '0') {
        nb.remove_prefix(1);
      }
      if (na.size() != nb.size()) {
        return na.size() < nb.size();
      }
      if (na != nb) {
        return na < nb;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] != b[j]) {
      return a[i] < b[j];
    }
    ++i, ++j;
  }
  return a.size() - i < b.size() - j;
}

size_t TraceReport::gap_count() const
{
  size_t count = unlinked.size();
  for (const auto& entry : entries) {
    count += entry.gaps.size();
  }
  return count;
}

TraceReport build_trace(const git::Repository& repo,
                        const policy::Policy& policy,
                        const workspace::MessageSettings& settings,
                        const TraceOptions& options)
{
  TraceReport report;
  report.policy_source = policy.source;
  report.revision = repo.resolve_commit(options.at);
  Builder builder(policy, report);
  const auto registry = workspace::registry_at(repo, policy, report.revision);
  if (registry) {
    builder.add_definitions(*registry);
  }
  builder.add_file_links(workspace::file_links_at(repo, policy, report.revision));
  git::WalkSpec spec;
  spec.revisions = options.range.empty() ? std::vector<std::string>{report.revision} : options.range;
  const auto walk = repo.walk(spec, [&](const git::CommitInfo& commit) {
    const auto trailers = message::parse_trailers(commit.message, settings.trailers);
    builder.add_commit(commit, links::extract_links(policy, trailers));
    return true;
  });
  report.shallow_boundary = walk.shallow_boundary;
  builder.finish(registry.has_value());
  return report;
}

} // namespace trail::trace
