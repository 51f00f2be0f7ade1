#include "core/trace/trace.hpp"

#include "core/links/links.hpp"
#include "core/message/cleanup.hpp"
#include "core/message/trailers.hpp"
#include "core/results/junit.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

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

// Returns what changed between two definitions of an item ("" when nothing did).
std::string describe_change(const registry::Item& before, const registry::Item& after)
{
  std::vector<std::string> changes;
  auto field = [&](const char* name, const std::string& a, const std::string& b) {
    if (a != b) {
      changes.push_back(std::string(name) + ": " + (a.empty() ? "(none)" : a) + " -> " + (b.empty() ? "(none)" : b));
    }
  };
  field("kind", before.kind, after.kind);
  field("status", before.status, after.status);
  field("class", before.safety_class, after.safety_class);
  if (before.title != after.title) {
    changes.push_back("title changed");
  }
  if (before.description != after.description) {
    changes.push_back("description changed");
  }
  auto links_text = [](const registry::Item& item) {
    std::string text;
    for (const auto& link : item.links) {
      text += link.type + "=" + link.target + ";";
    }
    return text;
  };
  if (links_text(before) != links_text(after)) {
    changes.push_back("links changed");
  }
  return util::join(changes, "; ");
}

// Follows the definition of every item through the history of AT: each commit that created or
// changed it. Commits are numbered in walk order, newest first.
class DefinitionHistory
{
public:
  DefinitionHistory(const git::Repository& repo, const policy::Policy& policy) : m_repo(repo), m_policy(policy) {}

  // Records what COMMIT changed in the registry.
  void visit(const git::CommitInfo& commit, size_t order)
  {
    m_order.emplace(commit.id, order);
    const bool has_parent = !commit.parents.empty() && m_repo.has_object(commit.parents.front());
    if (has_parent && workspace::registry_key(m_repo, m_policy, commit.id) ==
                        workspace::registry_key(m_repo, m_policy, commit.parents.front())) {
      return;
    }
    const auto now = items_at(commit.id);
    const auto before = has_parent ? items_at(commit.parents.front()) : std::unordered_map<std::string, registry::Item>{};
    for (const auto& [id, item] : now) {
      const auto old = before.find(id);
      const std::string what = old == before.end() ? std::string("created") : describe_change(old->second, item);
      if (!what.empty()) {
        m_history[id].push_back({commit.id, commit.author_name + " <" + commit.author_email + ">", commit.author_time, what});
      }
    }
  }

  // Returns the changes of ID's definition, newest first.
  const std::vector<DefinitionChange>& history(const std::string& id) const
  {
    static const std::vector<DefinitionChange> none;
    const auto found = m_history.find(id);
    return found == m_history.end() ? none : found->second;
  }

  // Returns the walk position of COMMIT (larger is older), or nullopt when not walked.
  std::optional<size_t> order(const std::string& commit) const
  {
    const auto found = m_order.find(commit);
    return found == m_order.end() ? std::nullopt : std::optional<size_t>(found->second);
  }

private:
  std::unordered_map<std::string, registry::Item> items_at(const std::string& commit)
  {
    std::unordered_map<std::string, registry::Item> items;
    try {
      if (const auto registry = workspace::registry_at(m_repo, m_policy, commit)) {
        for (const auto& item : registry->items) {
          items.emplace(item.id, item);
        }
      }
    } catch (const Error&) {
      // A registry that cannot be read at some commit is reported by check; here it changes nothing.
    }
    return items;
  }

  const git::Repository& m_repo;
  const policy::Policy& m_policy;
  std::unordered_map<std::string, std::vector<DefinitionChange>> m_history;
  std::unordered_map<std::string, size_t> m_order;
};

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

  // Marks links made before the last change of their item's definition as suspect.
  void mark_suspects(const DefinitionHistory& history)
  {
    for (auto& entry : m_report.entries) {
      if (!entry.defined) {
        continue;
      }
      entry.history = history.history(entry.id);
      const auto change = std::find_if(entry.history.begin(), entry.history.end(),
                                       [](const auto& c) { return c.what != "created"; });
      entry.changed_in = change == entry.history.end() ? std::string() : change->commit;
      const auto changed = history.order(entry.changed_in);
      if (entry.changed_in.empty() || !changed) {
        continue;
      }
      for (auto& link : entry.commits) {
        const auto at = history.order(link.commit);
        if (at && *at > *changed) {
          link.suspect = true;
          entry.gaps.push_back("suspect: " + link.relation + " by " + link.commit.substr(0, 12) +
                               ", before the definition changed in " + entry.changed_in.substr(0, 12));
        }
      }
    }
  }

  // Attaches each test of TESTS to the items it verifies: through a verifying file link to its
  // file, or through an item ID in its name.
  void add_tests(const std::vector<results::TestCase>& tests)
  {
    for (const auto& test : tests) {
      const std::string name = test.classname.empty() ? test.name : test.classname + "::" + test.name;
      const std::string outcome = results::outcome_name(test.outcome);
      std::vector<std::string> attached;
      for (auto& entry : m_report.entries) {
        for (const auto& file : entry.files) {
          if (file.relation == "verifies" && test_in_file(test, file.path)) {
            entry.tests.push_back({name, test.source, outcome, "file " + file.path});
            attached.push_back(entry.id);
            break;
          }
        }
      }
      for (const auto& id : ids_in(test.classname + " " + test.name)) {
        if (std::find(attached.begin(), attached.end(), id) == attached.end()) {
          TraceEntry& entry = entry_for(id);
          if (entry.kind.empty()) {
            if (const auto* kind = registry::kind_of_id(m_policy, id)) {
              entry.kind = kind->name;
            }
          }
          entry.tests.push_back({name, test.source, outcome, "name"});
          attached.push_back(id);
        }
      }
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
                                        [&](const auto& f) { return f.relation == relation; }) ||
                            (relation == "verifies" && !entry.tests.empty());
        if (!linked) {
          entry.gaps.push_back(missing(relation));
        }
      }
      const auto outcome = [&](const char* o) {
        return std::any_of(entry.tests.begin(), entry.tests.end(), [&](const auto& t) { return t.outcome == o; });
      };
      if (outcome("failed")) {
        entry.gaps.push_back("failing verification");
      } else if (!entry.tests.empty() && !outcome("passed")) {
        entry.gaps.push_back("verification skipped");
      }
    }
    std::sort(m_report.entries.begin(), m_report.entries.end(), [&](const auto& a, const auto& b) {
      const size_t ra = kind_rank(m_policy, a.kind);
      const size_t rb = kind_rank(m_policy, b.kind);
      return ra != rb ? ra < rb : natural_less(a.id, b.id);
    });
  }

private:
  static bool test_in_file(const results::TestCase& test, const std::string& path)
  {
    const auto same = [&](const std::string& reported) {
      return !reported.empty() && (reported == path || reported.ends_with("/" + path) || path.ends_with("/" + reported));
    };
    return same(test.file) || same(test.classname);
  }

  // Returns the IDs of defined kinds (not external) found anywhere in TEXT.
  std::vector<std::string> ids_in(const std::string& text) const
  {
    std::vector<std::string> ids;
    for (const auto& kind : m_policy.kinds) {
      if (kind.external || !kind.pattern.regex) {
        continue;
      }
      const re2::RE2& regex = *kind.pattern.regex;
      re2::StringPiece input(text);
      std::string id;
      while (regex.NumberOfCapturingGroups() >= 1 ? re2::RE2::FindAndConsume(&input, regex, &id)
                                                   : find_whole(input, regex, id)) {
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
          ids.push_back(id);
        }
        if (input.empty()) {
          break;
        }
      }
    }
    return ids;
  }

  // Finds the next match of REGEX (without capture groups) in INPUT, as a whole.
  static bool find_whole(re2::StringPiece& input, const re2::RE2& regex, std::string& match)
  {
    re2::StringPiece found;
    if (!regex.Match(input, 0, input.size(), re2::RE2::UNANCHORED, &found, 1)) {
      return false;
    }
    match = std::string(found.data(), found.size());
    const size_t consumed = static_cast<size_t>(found.data() - input.data()) + std::max<size_t>(found.size(), 1);
    input.remove_prefix(std::min(consumed, input.size()));
    return true;
  }

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

namespace {

// Marks file links as suspect when the file has not changed since the last change of its
// item's definition: walking from REVISION back to that change, no commit touched the file.
void mark_suspect_files(const git::Repository& repo, TraceReport& report)
{
  for (auto& entry : report.entries) {
    if (entry.changed_in.empty() || entry.files.empty()) {
      continue;
    }
    for (auto& file : entry.files) {
      bool touched = false;
      git::WalkSpec since_change;
      since_change.revisions = {report.revision};
      repo.walk(since_change, [&](const git::CommitInfo& commit) {
        const std::string parent = commit.parents.empty() ? std::string() : commit.parents.front();
        const std::string now = repo.tree_id_at(commit.id, file.path);
        const std::string before = parent.empty() || !repo.has_object(parent) ? std::string()
                                                                              : repo.tree_id_at(parent, file.path);
        touched = now != before;
        return !touched && commit.id != entry.changed_in;
      });
      if (!touched) {
        file.suspect = true;
        entry.gaps.push_back("suspect: " + file.relation + " in " + file.path + ", unchanged since the definition changed in " +
                             entry.changed_in.substr(0, 12));
      }
    }
  }
}

} // namespace

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
  for (const auto& path : options.results) {
    builder.add_tests(results::read_junit(path));
  }
  git::WalkSpec spec;
  spec.revisions = options.range.empty() ? std::vector<std::string>{report.revision} : options.range;
  const auto walk = repo.walk(spec, [&](const git::CommitInfo& commit) {
    const auto trailers = message::parse_trailers(commit.message, settings.trailers);
    builder.add_commit(commit, links::extract_links(policy, trailers));
    if (options.on_progress && report.commits_scanned % 256 == 0) {
      options.on_progress(report.commits_scanned);
    }
    return true;
  });
  report.shallow_boundary = walk.shallow_boundary;
  builder.finish(registry.has_value());
  if (registry) {
    DefinitionHistory history(repo, policy);
    git::WalkSpec at_history;
    at_history.revisions = {report.revision};
    size_t order = 0;
    repo.walk(at_history, [&](const git::CommitInfo& commit) {
      history.visit(commit, order++);
      if (options.on_progress && order % 256 == 0) {
        options.on_progress(report.commits_scanned + order);
      }
      return true;
    });
    builder.mark_suspects(history);
    mark_suspect_files(repo, report);
  }
  return report;
}

} // namespace trail::trace
