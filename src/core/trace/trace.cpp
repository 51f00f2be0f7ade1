#include "core/trace/trace.hpp"

#include "core/links/links.hpp"
#include "core/message/cleanup.hpp"
#include "core/message/trailers.hpp"
#include "core/registry/item_diff.hpp"
#include "core/results/junit.hpp"
#include "core/util/error.hpp"
#include "core/util/regex.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>
#include <unordered_set>

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

// The fields of an item's definition the trace follows, in the order it names them; a change of
// another field (severity, evaluation, the SOUP record) does not make links to the item suspect.
constexpr std::string_view k_traced_fields[] = {
    "kind", "status", "class", "title", "description", "links"};
// Of those, the fields named with their values ("status: draft -> approved"); the others are
// named alone ("title changed").
constexpr std::string_view k_fields_with_values[] = {"kind", "status", "class"};

// Returns what changed between two definitions of an item in the fields the trace follows
// ("status: draft -> approved; title changed"), or "" when none did.
std::string describe_change(const registry::Item& before, const registry::Item& after)
{
  const auto diff = registry::diff_items(before, after);
  const auto shown = [](const std::string& value) {
    return value.empty() ? "(none)" : value;
  };
  std::vector<std::string> changes;
  for (const auto field : k_traced_fields) {
    const auto change =
        std::find_if(diff.begin(), diff.end(), [&](const auto& c) { return c.field == field; });
    if (change == diff.end()) {
      continue;
    }
    const bool with_values =
        std::find(std::begin(k_fields_with_values), std::end(k_fields_with_values), field) !=
        std::end(k_fields_with_values);
    changes.push_back(with_values ? change->field + ": " + shown(change->before) + " -> " +
                                        shown(change->after)
                                  : change->field + " changed");
  }
  return util::join(changes, "; ");
}

// The commit graph of the history of AT, to judge "before" and "after" by ancestry, never by
// the clock (a rebase gives many commits one committer second).
class Ancestry
{
public:
  explicit Ancestry(const git::Repository& repo) : m_repo(repo) {}

  // Records COMMIT and its parents.
  void add(const git::CommitInfo& commit)
  {
    const size_t index = index_of(commit.id);
    if (m_recorded.insert(index).second) {
      m_order.push_back(index);
    }
    for (const auto& parent : commit.parents) {
      const size_t p = index_of(parent);
      m_parents[index].push_back(p);
      m_children[p].push_back(index);
    }
  }

  // Returns true when ANCESTOR is DESCENDANT or one of its ancestors. Outside the recorded
  // history, asks git; when git cannot tell (a shallow clone), returns false: a commit that
  // cannot be shown to include a change is not counted as including it.
  bool includes(const std::string& descendant, const std::string& ancestor) const
  {
    if (descendant == ancestor) {
      return true;
    }
    const auto d = m_index.find(descendant);
    const auto a = m_index.find(ancestor);
    if (d != m_index.end() && a != m_index.end() && m_recorded.count(d->second) > 0) {
      return descendants(a->second)[d->second];
    }
    try {
      return m_repo.is_ancestor(ancestor, descendant);
    } catch (const Error&) {
      return false;
    }
  }

  // Returns the recorded commits that include one of ANCESTORS (one of them or a descendant),
  // in the order they were recorded.
  std::vector<std::string> including_any(const std::vector<std::string>& ancestors) const
  {
    std::vector<bool> wanted(m_ids.size(), false);
    for (const auto& ancestor : ancestors) {
      if (const auto a = m_index.find(ancestor); a != m_index.end()) {
        const auto& set = descendants(a->second);
        for (size_t i = 0; i < set.size(); ++i) {
          wanted[i] = wanted[i] || set[i];
        }
      }
    }
    std::vector<std::string> out;
    for (const size_t i : m_order) {
      if (wanted[i]) {
        out.push_back(m_ids[i]);
      }
    }
    return out;
  }

  // Returns the parents of COMMIT as recorded, or nullopt when COMMIT was not recorded.
  std::optional<std::vector<std::string>> parents(const std::string& commit) const
  {
    const auto at = m_index.find(commit);
    if (at == m_index.end() || m_recorded.count(at->second) == 0) {
      return std::nullopt;
    }
    std::vector<std::string> out;
    if (const auto p = m_parents.find(at->second); p != m_parents.end()) {
      for (const size_t parent : p->second) {
        out.push_back(m_ids[parent]);
      }
    }
    return out;
  }

private:
  size_t index_of(const std::string& id)
  {
    const auto [at, inserted] = m_index.emplace(id, m_ids.size());
    if (inserted) {
      m_ids.push_back(id);
    }
    return at->second;
  }

  // Returns, by index, whether each commit includes commit A: A and its descendants
  // (memoized; few commits change definitions).
  const std::vector<bool>& descendants(size_t a) const
  {
    auto [at, inserted] = m_descendants.try_emplace(a);
    if (inserted) {
      std::vector<bool>& seen = at->second;
      seen.assign(m_ids.size(), false);
      std::vector<size_t> stack{a};
      seen[a] = true;
      while (!stack.empty()) {
        const size_t next = stack.back();
        stack.pop_back();
        if (const auto children = m_children.find(next); children != m_children.end()) {
          for (const size_t child : children->second) {
            if (!seen[child]) {
              seen[child] = true;
              stack.push_back(child);
            }
          }
        }
      }
    }
    return at->second;
  }

  const git::Repository& m_repo;
  std::unordered_map<std::string, size_t> m_index;
  std::vector<std::string> m_ids;
  std::unordered_map<size_t, std::vector<size_t>> m_parents;
  std::unordered_map<size_t, std::vector<size_t>> m_children;
  std::unordered_set<size_t> m_recorded;
  std::vector<size_t> m_order; // the recorded commits, in the order they were recorded
  mutable std::unordered_map<size_t, std::vector<bool>> m_descendants;
};

// Follows the definition of every item through the history of AT: each commit that created or
// changed it, in walk order (newest first, for display).
class DefinitionHistory
{
public:
  DefinitionHistory(const git::Repository& repo, const policy::Policy& policy)
      : m_repo(repo), m_policy(policy), m_ancestry(repo)
  {
  }

  // Records what COMMIT changed in the registry. A merge changes a definition only when it
  // differs from every parent's (a conflict resolved by hand); a definition it takes from one
  // parent was changed by that parent's history.
  void visit(const git::CommitInfo& commit)
  {
    m_ancestry.add(commit);
    if (!commit.parents.empty() && !m_repo.has_object(commit.parents.front())) {
      // A shallow boundary: what the commit changed cannot be told without its parent (it did
      // not create every item it holds); the report says the history is incomplete.
      return;
    }
    const bool has_parent = !commit.parents.empty();
    const std::string key = workspace::registry_key(m_repo, m_policy, commit.id);
    const std::string parent_key =
        has_parent ? workspace::registry_key(m_repo, m_policy, commit.parents.front()) : "";
    if (has_parent && key == parent_key) {
      return;
    }
    static const ItemMap no_items;
    const auto now = items_at(commit.id, key);
    const auto before = has_parent ? items_at(commit.parents.front(), parent_key) : nullptr;
    std::vector<std::shared_ptr<const ItemMap>> others;
    for (size_t i = 1; i < commit.parents.size(); ++i) {
      if (m_repo.has_object(commit.parents[i])) {
        others.push_back(items_at(commit.parents[i],
                                  workspace::registry_key(m_repo, m_policy, commit.parents[i])));
      }
    }
    for (const auto& entry : *now) {
      // Named, not bound: clang 14 (the fuzz build) cannot capture a structured binding.
      const std::string& id = entry.first;
      const registry::Item& item = entry.second;
      const ItemMap& previous = before ? *before : no_items;
      const auto old = previous.find(id);
      const std::string what =
          old == previous.end() ? std::string("created") : describe_change(old->second, item);
      const bool from_other_parent =
          std::any_of(others.begin(), others.end(), [&](const auto& parent) {
            const auto there = parent->find(id);
            return there != parent->end() && describe_change(there->second, item).empty();
          });
      if (!what.empty() && !from_other_parent) {
        m_history[id].push_back({commit.id,
                                 commit.author_name + " <" + commit.author_email + ">",
                                 commit.author_time,
                                 what});
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

  // Returns the commit graph of the history walked.
  const Ancestry& ancestry() const
  {
    return m_ancestry;
  }

private:
  using ItemMap = std::unordered_map<std::string, registry::Item>;

  // The items of the registry at COMMIT, whose registry_key is KEY. The last few registries
  // read are kept by key: in a walk newest first, the registry before a change is the one
  // after the change of the next commit visited (without this, a trace of 600 items over
  // 3,000 commits spent a quarter of its time copying items: docs/benchmarks.md).
  std::shared_ptr<const ItemMap> items_at(const std::string& commit, const std::string& key)
  {
    for (const auto& [read_key, items] : m_recent) {
      if (read_key == key) {
        return items;
      }
    }
    auto items = std::make_shared<ItemMap>();
    try {
      if (auto registry = workspace::registry_at(m_repo, m_policy, commit)) {
        for (auto& item : registry->items) {
          std::string id = item.id;
          items->emplace(std::move(id), std::move(item));
        }
      }
    } catch (const Error&) {
      // A registry that cannot be read at some commit is reported by check; here it changes
      // nothing.
    }
    if (m_recent.size() == 4) {
      m_recent.erase(m_recent.begin());
    }
    m_recent.emplace_back(key, items);
    return items;
  }

  const git::Repository& m_repo;
  const policy::Policy& m_policy;
  std::unordered_map<std::string, std::vector<DefinitionChange>> m_history;
  Ancestry m_ancestry;
  std::vector<std::pair<std::string, std::shared_ptr<const ItemMap>>> m_recent; // oldest first
};

// Returns the commits of HISTORY (newest first) that changed the definition and are not an
// ancestor of another such change: a commit that includes all of them includes every change.
std::vector<std::string> change_heads(const std::vector<DefinitionChange>& history,
                                      const Ancestry& ancestry)
{
  std::vector<std::string> changes;
  for (const auto& change : history) {
    if (change.what != "created" &&
        std::find(changes.begin(), changes.end(), change.commit) == changes.end()) {
      changes.push_back(change.commit);
    }
  }
  std::vector<std::string> heads;
  for (const auto& change : changes) {
    const bool below_another =
        std::any_of(changes.begin(), changes.end(), [&](const std::string& other) {
          return other != change && ancestry.includes(other, change);
        });
    if (!below_another) {
      heads.push_back(change);
    }
  }
  return heads;
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

  void
  add_commit(const git::CommitInfo& commit, const links::Extraction& extraction, bool in_baseline)
  {
    ++m_report.commits_scanned;
    m_report.baseline_commits += in_baseline ? 1 : 0;
    if (extraction.links.empty()) {
      if (commit.parents.size() <= 1 && !in_baseline) {
        m_report.unlinked.push_back(
            {commit.id, std::string(message::subject_line(commit.message))});
      }
      return;
    }
    for (const auto& link : extraction.links) {
      TraceEntry& entry = entry_for(link.id);
      if (entry.kind.empty()) {
        entry.kind = link.kind;
      }
      entry.commits.push_back({commit.id,
                               link.relation,
                               std::string(message::subject_line(commit.message)),
                               commit.author_name + " <" + commit.author_email + ">",
                               commit.author_time,
                               false,
                               in_baseline});
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

  // Marks as suspect each link whose commit does not include every change of its item's
  // definition (judged by ancestry: a commit made on top of the change includes it, whatever
  // the clocks say; one made beside it on another branch does not).
  void mark_suspects(const DefinitionHistory& history)
  {
    for (auto& entry : m_report.entries) {
      if (!entry.defined) {
        continue;
      }
      entry.history = history.history(entry.id);
      const auto heads = change_heads(entry.history, history.ancestry());
      entry.changed_in = heads.empty() ? std::string() : heads.front();
      for (auto& link : entry.commits) {
        for (const auto& head : heads) {
          if (!history.ancestry().includes(link.commit, head)) {
            link.suspect = true;
            entry.gaps.push_back("suspect: " + link.relation + " by " + link.commit.substr(0, 12) +
                                 ", made without the definition change in " + head.substr(0, 12));
            break;
          }
        }
      }
    }
  }

  // Attaches each test of TESTS to the items it verifies: through a verifying file link to its
  // file, or through an item ID in its name.
  void add_tests(const std::vector<results::TestCase>& tests)
  {
    for (const auto& test : tests) {
      const std::string name =
          test.classname.empty() ? test.name : test.classname + "::" + test.name;
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
    const bool evidence_given = m_report.evidence_given();
    for (auto& [id, index] : m_index) {
      TraceEntry& entry = m_report.entries[index];
      // A defined item's kind was resolved when the registry was loaded; an ID that is only
      // referenced has the kind its link or pattern gave it.
      const auto* kind = entry.item ? entry.item->kind_spec : m_policy.find_kind(entry.kind);
      entry.external = kind && kind->external;
      if (!entry.defined) {
        // Links from the baseline's history alone are not judged.
        const bool judged = !entry.files.empty() || !entry.tests.empty() ||
                            std::any_of(entry.commits.begin(),
                                        entry.commits.end(),
                                        [](const auto& c) { return !c.baseline; });
        if (have_registry && !entry.external && judged) {
          entry.gaps.push_back("not defined");
        }
        continue;
      }
      for (const auto& relation : kind ? kind->require_links : std::vector<std::string>{}) {
        const bool linked = std::any_of(entry.commits.begin(),
                                        entry.commits.end(),
                                        [&](const auto& c) { return c.relation == relation; }) ||
                            std::any_of(entry.files.begin(),
                                        entry.files.end(),
                                        [&](const auto& f) { return f.relation == relation; }) ||
                            (relation == "verifies" && !entry.tests.empty());
        if (!linked) {
          entry.gaps.push_back(missing(relation));
        }
      }
      const auto outcome = [&](const char* o) {
        return std::any_of(
            entry.tests.begin(), entry.tests.end(), [&](const auto& t) { return t.outcome == o; });
      };
      if (const auto gap = unevidenced_gap(entry, evidence_given); !gap.empty()) {
        entry.gaps.push_back(gap);
      }
      if (outcome("failed")) {
        entry.gaps.push_back("failing verification");
      } else if (!entry.tests.empty() && !outcome("passed")) {
        entry.gaps.push_back("verification skipped");
      }
    }
    for (auto& entry : m_report.entries) {
      entry.url = m_policy.item_url(entry.kind, entry.id);
    }
    std::sort(m_report.entries.begin(), m_report.entries.end(), [&](const auto& a, const auto& b) {
      const size_t ra = kind_rank(m_policy, a.kind);
      const size_t rb = kind_rank(m_policy, b.kind);
      return ra != rb ? ra < rb : util::natural_less(a.id, b.id);
    });
  }

private:
  static bool test_in_file(const results::TestCase& test, const std::string& path)
  {
    const auto same = [&](const std::string& reported) {
      return !reported.empty() &&
             (reported == path || reported.ends_with("/" + path) || path.ends_with("/" + reported));
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
      while (regex.NumberOfCapturingGroups() >= 1 ? util::find_next(input, regex, &id)
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
    const size_t consumed =
        static_cast<size_t>(found.data() - input.data()) + std::max<size_t>(found.size(), 1);
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

namespace {

// Which commits wrote the version each linked file has at the traced revision. A commit
// wrote a version when it has it and none of its parents has (a merge that takes the file
// from one parent did not write it); a commit whose parents are not all in the repository (a
// shallow boundary) is not known to have written it. Found in one pass over the commits that
// include some definition change, each compared with its first parent along the linked
// files' folders only, then checked against the other parents of a merge: the cost grows
// with commits plus files, not with their product (before, each (item, file) pair looked at
// every commit since its change: docs/benchmarks.md, "scripts/bench trace").
class FileWriters
{
public:
  FileWriters(const git::Repository& repo,
              const Ancestry& ancestry,
              const std::string& revision,
              std::vector<std::string> paths,
              const std::vector<std::string>& heads)
      : m_paths(std::move(paths))
  {
    std::sort(m_paths.begin(), m_paths.end());
    m_paths.erase(std::unique(m_paths.begin(), m_paths.end()), m_paths.end());
    m_versions.assign(m_paths.size(), std::string());
    for (auto& [k, id] : repo.changed_among("", revision, m_paths)) {
      m_versions[k] = std::move(id);
    }
    m_writers.resize(m_paths.size());
    for (const auto& commit : ancestry.including_any(heads)) {
      const auto parents = ancestry.parents(commit);
      if (!parents || !std::all_of(parents->begin(), parents->end(), [&](const auto& parent) {
            return repo.has_object(parent);
          })) {
        continue;
      }
      const auto changed =
          repo.changed_among(parents->empty() ? std::string() : parents->front(), commit, m_paths);
      // A path the first parent has the same id for was not written here; a root commit
      // (compared with the empty tree) also wrote the absence of what it has not.
      std::vector<bool> has_version(m_paths.size(), false);
      for (size_t k = 0; parents->empty() && k < m_paths.size(); ++k) {
        has_version[k] = m_versions[k].empty();
      }
      for (const auto& [k, id] : changed) {
        has_version[k] = id == m_versions[k];
      }
      for (size_t k = 0; k < m_paths.size(); ++k) {
        if (has_version[k] && differs_from_other_parents(repo, *parents, k)) {
          m_writers[k].push_back(commit);
        }
      }
    }
  }

  // True when a commit that includes HEAD (HEAD itself or a descendant) wrote the version
  // PATH has at the traced revision.
  bool fresh(const Ancestry& ancestry, const std::string& path, const std::string& head) const
  {
    const auto at = std::lower_bound(m_paths.begin(), m_paths.end(), path);
    if (at == m_paths.end() || *at != path) {
      return false;
    }
    const auto& writers = m_writers[static_cast<size_t>(at - m_paths.begin())];
    return std::any_of(writers.begin(), writers.end(), [&](const std::string& commit) {
      return ancestry.includes(commit, head);
    });
  }

private:
  // True when no parent of a merge after the first has PATHS[K]'s version (the first
  // parent's differs: the path changed against it).
  bool differs_from_other_parents(const git::Repository& repo,
                                  const std::vector<std::string>& parents,
                                  size_t k) const
  {
    for (size_t i = 1; i < parents.size(); ++i) {
      if (repo.tree_id_at(parents[i], m_paths[k]) == m_versions[k]) {
        return false;
      }
    }
    return true;
  }

  std::vector<std::string> m_paths;                // sorted, unique
  std::vector<std::string> m_versions;             // each path's id at the revision
  std::vector<std::vector<std::string>> m_writers; // the commits that wrote it, per path
};

// Marks file links as suspect when the file's version at REVISION was written without a
// change of its item's definition: no commit that includes the change (by ancestry) wrote it.
void mark_suspect_files(const git::Repository& repo, const Ancestry& ancestry, TraceReport& report)
{
  std::vector<std::string> paths;
  std::vector<std::string> all_heads;
  std::vector<std::vector<std::string>> heads_of(report.entries.size());
  for (size_t e = 0; e < report.entries.size(); ++e) {
    const auto& entry = report.entries[e];
    if (entry.changed_in.empty() || entry.files.empty()) {
      continue;
    }
    heads_of[e] = change_heads(entry.history, ancestry);
    all_heads.insert(all_heads.end(), heads_of[e].begin(), heads_of[e].end());
    for (const auto& file : entry.files) {
      paths.push_back(file.path);
    }
  }
  if (paths.empty()) {
    return;
  }
  const FileWriters writers(repo, ancestry, report.revision, std::move(paths), all_heads);
  for (size_t e = 0; e < report.entries.size(); ++e) {
    auto& entry = report.entries[e];
    if (heads_of[e].empty()) {
      continue;
    }
    for (auto& file : entry.files) {
      for (const auto& head : heads_of[e]) {
        if (!writers.fresh(ancestry, file.path, head)) {
          file.suspect = true;
          entry.gaps.push_back("suspect: " + file.relation + " in " + file.path +
                               ", unchanged since the definition changed in " + head.substr(0, 12));
          break;
        }
      }
    }
  }
}

} // namespace

std::vector<const CommitLink*> verification_claims(const TraceEntry& entry)
{
  std::vector<const CommitLink*> out;
  for (const auto& c : entry.commits) {
    if (c.relation == "verifies") {
      out.push_back(&c);
    }
  }
  return out;
}

std::string unevidenced_gap(const TraceEntry& entry, bool evidence_given)
{
  if (!evidence_given || !entry.tests.empty()) {
    return {};
  }
  std::vector<std::string> claimed;
  for (const auto* c : verification_claims(entry)) {
    const std::string id = util::short_id(c->commit);
    if (std::find(claimed.begin(), claimed.end(), id) == claimed.end()) {
      claimed.push_back(id);
    }
  }
  std::vector<std::string> linked;
  for (const auto& f : entry.files) {
    if (f.relation == "verifies") {
      linked.push_back(f.path + ":" + std::to_string(f.line));
    }
  }
  if (claimed.empty() && linked.empty()) {
    return {};
  }
  std::string gap;
  if (!claimed.empty()) {
    gap = "verification claimed by " + util::join(claimed, ", ");
  }
  if (!linked.empty()) {
    gap += (gap.empty() ? "" : " and ") + std::string("test linked in ") + util::join(linked, ", ");
  }
  return gap + ", no test evidence";
}

std::string TraceReport::incomplete() const
{
  if (shallow_boundary.empty()) {
    return {};
  }
  return "a shallow clone; commits before " + shallow_boundary.front().substr(0, 12) +
         " were not read (fetch them: git fetch --unshallow)";
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
  report.revision_date = change::revision_at(repo, report.revision).date;
  report.identity = change::identify(policy);
  Builder builder(policy, report);
  const auto registry = workspace::registry_at(repo, policy, report.revision);
  if (registry) {
    builder.add_definitions(*registry);
  }
  builder.add_file_links(workspace::file_links_at(repo, policy, report.revision));
  // Each report is read once, here or by the caller (options.reports).
  for (const auto& path : options.results) {
    const auto parsed = results::read_junit_report(path);
    report.results.push_back(parsed.path);
    builder.add_tests(parsed.tests);
  }
  for (const auto& parsed : options.reports) {
    report.results.push_back(parsed.path);
    builder.add_tests(parsed.tests);
  }
  // The baseline's history is read for links, not judged for gaps.
  std::unordered_set<std::string> baseline_history;
  if (options.use_baseline && !policy.project.baseline.empty()) {
    const std::string& baseline = policy.project.baseline;
    try {
      report.baseline = repo.resolve_commit(baseline);
    } catch (const UsageError&) {
      throw IncompleteError(
          "the baseline '" + baseline + "' in " + policy.source +
          " does not name a commit here: fetch it (git fetch origin " + baseline +
          "; in a shallow clone git fetch --unshallow), fix [project] baseline, or "
          "pass --no-baseline");
    }
    git::WalkSpec from_baseline;
    from_baseline.revisions = {report.baseline};
    repo.walk(from_baseline, [&](const git::CommitInfo& commit) {
      baseline_history.insert(commit.id);
      return true;
    });
  }
  git::WalkSpec spec;
  spec.revisions =
      options.range.empty() ? std::vector<std::string>{report.revision} : options.range;
  spec.children_first = true; // newest first by the graph; the clock only breaks ties
  const auto walk = repo.walk(spec, [&](const git::CommitInfo& commit) {
    const auto trailers = message::parse_trailers(commit.message, settings.trailers);
    builder.add_commit(
        commit, links::extract_links(policy, trailers), baseline_history.count(commit.id) > 0);
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
    at_history.children_first = true;
    size_t order = 0;
    repo.walk(at_history, [&](const git::CommitInfo& commit) {
      history.visit(commit);
      ++order;
      if (options.on_progress && order % 256 == 0) {
        options.on_progress(report.commits_scanned + order);
      }
      return true;
    });
    builder.mark_suspects(history);
    mark_suspect_files(repo, history.ancestry(), report);
  }
  return report;
}

} // namespace trail::trace
