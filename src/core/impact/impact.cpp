#include "core/impact/impact.hpp"

#include "core/change/changes.hpp"
#include "core/change/identity.hpp"
#include "core/registry/file_links.hpp"
#include "core/registry/item_diff.hpp"
#include "core/registry/registry.hpp"
#include "core/results/junit.hpp"
#include "core/util/error.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace trail::impact {

namespace {

template<typename T>
using ById = std::map<std::string, T, bool (*)(std::string_view, std::string_view)>;

// The roles whose items an analysis finds: requirements and risk controls, or those of them
// the caller asked for (ImpactOptions::roles).
struct Traced
{
  std::vector<policy::KindRole> roles;

  bool operator()(policy::KindRole role) const
  {
    return (role == policy::KindRole::requirement || role == policy::KindRole::risk_control) &&
           (roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end());
  }
  // True when some kind of POLICY has one of those roles: registry items take their kinds from
  // the policy, so with none no item of any history can be found.
  bool any_kind(const policy::Policy& policy) const
  {
    return std::any_of(policy.kinds.begin(), policy.kinds.end(), [&](const policy::Kind& k) {
      return (*this)(k.role);
    });
  }
};

// The keys of the trailers through which a commit message can implement a requirement or
// risk control under POLICY: link trailers with the relation `implements` whose kinds (all of
// the policy's when it names none) include one of the roles TRACED finds.
std::vector<std::string> implementing_keys(const policy::Policy& policy, const Traced& traced)
{
  const auto traced_kind = [&](const std::string& name) {
    const policy::Kind* kind = policy.find_kind(name);
    return kind != nullptr && traced(kind->role);
  };
  std::vector<std::string> keys;
  for (const auto& trailer : policy.trailers) {
    if (trailer.role != policy::TrailerRole::link || trailer.relation != "implements") {
      continue;
    }
    if (trailer.kinds.empty()
            ? traced.any_kind(policy)
            : std::any_of(trailer.kinds.begin(), trailer.kinds.end(), traced_kind)) {
      keys.push_back(trailer.key);
    }
  }
  return keys;
}

// True when a line of MESSAGE starts with one of KEYS in any case. A trailer's key starts its
// line (a line that starts with white space continues the one before), so a message without
// such a line has no trailer with one of those keys, unless configured trailer keys let an
// abbreviation stand for one (the caller does not ask then).
bool mentions_any(std::string_view message, const std::vector<std::string>& keys)
{
  const auto starts_with_key = [&](std::string_view line) {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return line.size() >= key.size() && util::iequals(line.substr(0, key.size()), key);
    });
  };
  for (std::size_t at = 0; at < message.size();) {
    if (starts_with_key(message.substr(at))) {
      return true;
    }
    const auto end = message.find('\n', at);
    if (end == std::string_view::npos) {
      break;
    }
    at = end + 1;
  }
  return false;
}

// The role and kind of ID: its definition at B, else the kind a link named, else its pattern.
struct KindOf
{
  policy::KindRole role = policy::KindRole::other;
  std::string kind;
};

KindOf kind_of(const policy::Policy& policy,
               const std::optional<registry::Registry>& registry,
               const std::string& id,
               const std::string& linked_kind)
{
  if (const registry::Item* item = registry ? registry->find(id) : nullptr) {
    return {item->kind_spec ? item->kind_spec->role : policy::KindRole::other, item->kind};
  }
  const policy::Kind* kind =
      linked_kind.empty() ? registry::kind_of_id(policy, id) : policy.find_kind(linked_kind);
  if (!kind) {
    return {};
  }
  return {kind->role, kind->name};
}

// True when the test case ran from PATH (its file, or a class name that is the path).
bool test_in_file(const results::TestCase& test, const std::string& path)
{
  const auto same = [&](const std::string& reported) {
    return !reported.empty() &&
           (reported == path || reported.ends_with("/" + path) || path.ends_with("/" + reported));
  };
  return same(test.file) || same(test.classname);
}

// True when ID appears in TEXT as a whole word (not inside a longer ID: "SRS-1" is not in
// "SRS-12").
bool names_id(const std::string& text, const std::string& id)
{
  const auto word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  for (size_t at = text.find(id); at != std::string::npos; at = text.find(id, at + 1)) {
    const bool before = at == 0 || !word(text[at - 1]);
    const size_t end = at + id.size();
    const bool after = end == text.size() || !word(text[end]);
    if (before && after) {
      return true;
    }
  }
  return false;
}

// The cases of one report, with whether it is bound to B's tree.
struct ReadReport
{
  std::string file;
  bool bound = false;
  std::vector<results::TestCase> tests;
};

// The latest outcome of the cases MATCHING selects: the last report that runs one of them.
void latest_outcome(Test& test,
                    const std::vector<ReadReport>& reports,
                    const std::function<bool(const results::TestCase&)>& matching)
{
  for (auto report = reports.rbegin(); report != reports.rend(); ++report) {
    size_t passed = 0, failed = 0, skipped = 0;
    for (const auto& c : report->tests) {
      if (!matching(c)) {
        continue;
      }
      passed += c.outcome == results::Outcome::passed;
      failed += c.outcome == results::Outcome::failed;
      skipped += c.outcome == results::Outcome::skipped;
    }
    if (passed + failed + skipped == 0) {
      continue;
    }
    test.outcome = failed > 0 ? "failed" : passed > 0 ? "passed" : "skipped";
    test.report = report->file;
    test.bound = report->bound;
    return;
  }
}

Endpoint endpoint(const git::Repository& repo, const std::string& name)
{
  const auto revision = change::revision_at(repo, name);
  return {name, revision.commit, revision.tree};
}

void add_unique(std::vector<std::string>& list, const std::string& value)
{
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

// A commit with `implements` links, and the paths it changed (none when they are unknown).
struct Implementing
{
  std::string commit;
  std::string subject;
  std::vector<links::Link> links; // its `implements` links
  std::optional<std::vector<std::string>> paths;
};

// The files FROM..TO changes: path -> the commits that change it (git log order; the paths
// alone unless OPTIONS.list_commits).
struct RangeFiles
{
  std::map<std::string, std::vector<std::string>> by_path;
  size_t commits = 0;
  std::vector<Unstated> unstated;
  std::vector<std::string> shallow_boundary;
  std::vector<std::string> paths_unknown;
  // From the start of history, the range is all of TO's history: the commits that implement
  // something, kept so that it need not be walked twice.
  std::vector<Implementing> implementing;
};

RangeFiles read_range(const git::Repository& repo,
                      const policy::Policy& policy,
                      const workspace::MessageSettings& settings,
                      const Endpoint& from,
                      const Endpoint& to,
                      const ImpactOptions& options,
                      bool read_paths)
{
  RangeFiles out;
  git::WalkSpec spec;
  spec.revisions = {to.commit};
  if (!from.commit.empty()) {
    spec.hide = {from.commit};
  }
  // The paths COMMIT changes, by file; from the start of history, its implementing links too.
  const auto read_paths_of = [&](const git::CommitInfo& commit, const change::Change& c) {
    auto paths = repo.changed_paths(commit);
    if (!paths) {
      out.paths_unknown.push_back(commit.id);
    } else {
      for (const auto& path : *paths) {
        auto& commits = out.by_path[path];
        if (options.list_commits) {
          commits.push_back(commit.id);
        }
      }
    }
    if (from.commit.empty()) {
      Implementing implementing{commit.id, c.subject, {}, {}};
      for (const auto& link : c.links) {
        if (link.relation == "implements") {
          implementing.links.push_back(link);
        }
      }
      if (!implementing.links.empty()) {
        implementing.paths = std::move(paths);
        out.implementing.push_back(std::move(implementing));
      }
    }
  };
  const auto walked = repo.walk(spec, [&](const git::CommitInfo& commit) {
    ++out.commits;
    auto c = change::read_change(policy, settings, commit);
    if (options.list_commits && !c.merge && c.safety_impact.empty() && c.safety_rationale.empty()) {
      out.unstated.push_back({c.commit, c.subject});
    }
    if (read_paths) {
      read_paths_of(commit, c);
    }
    if (options.on_change) {
      options.on_change(std::move(c));
    }
    return true;
  });
  out.shallow_boundary = walked.shallow_boundary;
  return out;
}

} // namespace

std::string describe(const Touch& t)
{
  if (!t.definition.empty()) {
    return t.definition == "added" || t.definition == "removed"
               ? "registry entry " + t.definition
               : "registry entry changed (" + t.definition + ")";
  }
  if (!t.commit.empty()) {
    return "implemented by " + util::short_id(t.commit) + " \"" + t.subject + "\"";
  }
  return "linked in the file, line " + std::to_string(t.line) + " (" + t.relation + ")";
}

bool Item::reverified() const
{
  bool passed = false;
  for (const auto& t : tests) {
    if (t.outcome == "failed") {
      return false;
    }
    passed = passed || (t.outcome == "passed" && t.bound);
  }
  return passed;
}

std::vector<std::string> Impact::ids(policy::KindRole role) const
{
  std::vector<std::string> out;
  for (const auto& item : items) {
    if (item.role == role) {
      out.push_back(item.id);
    }
  }
  return out;
}

std::pair<std::string, std::string> split_range(const std::string& range)
{
  if (range.find("...") != std::string::npos) {
    throw UsageError("'" + range + "': change impact is between an older and a newer revision; " +
                     "use A..B, not A...B");
  }
  if (range.empty()) {
    throw UsageError("an empty range; give A..B, or B for the whole history up to B");
  }
  const auto dots = range.find("..");
  if (dots == std::string::npos) {
    return {std::string(), range};
  }
  const std::string from = range.substr(0, dots);
  const std::string to = range.substr(dots + 2);
  return {from.empty() ? std::string("HEAD") : from, to.empty() ? std::string("HEAD") : to};
}

Impact analyse(const git::Repository& repo,
               const policy::Policy& policy,
               const workspace::MessageSettings& settings,
               const ImpactOptions& options)
{
  Impact out;
  out.to = endpoint(repo, options.to);
  if (options.from.empty()) {
    out.from.name = "(start of history)";
  } else {
    out.from = endpoint(repo, options.from);
  }
  // Reports first: one that cannot be read must not cost a walk of history.
  std::vector<ReadReport> reports;
  for (const auto& path : options.results) {
    out.reports.push_back(change::read_evidence(repo, path, out.to.tree));
    reports.push_back({path, out.reports.back().bound, results::read_junit(path)});
  }
  out.results_given = !options.results.empty();

  // The files the range changes, and its changes that state no safety rationale. When no kind
  // of the policy has a role the caller asked for, no file can touch an item: the paths are
  // not read (the changelog, which asks for risk controls only, of a policy without them).
  const Traced traced{options.roles};
  auto range =
      read_range(repo, policy, settings, out.from, out.to, options, traced.any_kind(policy));
  out.commits = range.commits;
  out.shallow_boundary = range.shallow_boundary;
  out.paths_unknown = range.paths_unknown;
  out.unstated = std::move(range.unstated);

  // A file changed and changed back is no change of the range.
  if (!out.from.commit.empty() && !range.by_path.empty()) {
    // One diff of A's tree against B's (a lookup of each path at A and at B took a fifth of a
    // range's changelog in git.git).
    const auto differing = repo.paths_between(out.from.commit, out.to.commit);
    std::erase_if(range.by_path, [&](const auto& entry) {
      return !std::binary_search(differing.begin(), differing.end(), entry.first);
    });
  }

  const auto registry = workspace::registry_at(repo, policy, out.to.commit);
  // path -> item -> how it touches it.
  std::map<std::string, ById<std::vector<Touch>>> touches;
  ById<KindOf> kinds(util::natural_less);
  const auto touch = [&](const std::string& path, const std::string& id, Touch how) {
    auto& per_path = touches.try_emplace(path, util::natural_less).first->second;
    per_path[id].push_back(std::move(how));
  };

  // Registry files: an entry that changed between A and B touches its item. They define items
  // and implement none, so an implementing commit that edits them does not count; nor does one
  // that edits the policy (trail.toml at the top, as the workspace reads it).
  std::optional<registry::Registry> before;
  if (!out.from.commit.empty()) {
    before = workspace::registry_at(repo, policy, out.from.commit);
  }
  const auto is_registry_file = [&](const std::string& path) {
    return path == "trail.toml" ||
           std::any_of(policy.registry.files.begin(),
                       policy.registry.files.end(),
                       [&](const std::string& glob) { return util::glob_match(glob, path); });
  };
  const auto definition_touch = [&](const registry::Item& item, std::string what) {
    const auto k = kind_of(policy, registry, item.id, item.kind);
    if (traced(k.role) && range.by_path.count(item.where.file)) {
      kinds.emplace(item.id, k);
      touch(item.where.file, item.id, {{}, {}, 0, {}, std::move(what)});
    }
  };
  if (registry) {
    for (const auto& item : registry->items) {
      const registry::Item* then = before ? before->find(item.id) : nullptr;
      if (!then) {
        definition_touch(item, "added");
        continue;
      }
      std::vector<std::string> fields;
      for (const auto& change : registry::diff_items(*then, item)) {
        add_unique(fields, change.field);
      }
      if (!fields.empty()) {
        definition_touch(item, util::join(fields, ", "));
      }
    }
  }
  if (before) {
    for (const auto& item : before->items) {
      if (!registry || !registry->find(item.id)) {
        definition_touch(item, "removed");
      }
    }
  }

  // Every commit of B's history that implements a requirement or risk control and changed a
  // file the range changes. From the start of history that history is the range, whose walk
  // kept those commits; else it is walked.
  const auto implementing =
      [&](const std::string& commit,
          const std::string& subject,
          const std::vector<links::Link>& links,
          const std::function<std::optional<std::vector<std::string>>()>& changed_paths) {
        std::vector<std::pair<std::string, KindOf>> implemented;
        for (const auto& link : links) {
          if (link.relation != "implements") {
            continue;
          }
          const auto k = kind_of(policy, registry, link.id, link.kind);
          if (traced(k.role)) {
            implemented.emplace_back(link.id, k);
          }
        }
        if (implemented.empty()) {
          return;
        }
        const auto paths = changed_paths();
        if (!paths) {
          add_unique(out.paths_unknown, commit);
          return;
        }
        for (const auto& path : *paths) {
          if (!range.by_path.count(path) || is_registry_file(path)) {
            continue;
          }
          for (const auto& [id, k] : implemented) {
            kinds.emplace(id, k);
            auto& list = touches.try_emplace(path, util::natural_less).first->second[id];
            if (list.empty() || list.back().commit != commit) {
              list.push_back({commit, subject, 0, {}, {}});
            }
          }
        }
      };
  if (!range.by_path.empty() && out.from.commit.empty()) {
    for (const auto& i : range.implementing) {
      implementing(i.commit, i.subject, i.links, [&] { return i.paths; });
    }
  } else if (const auto keys = implementing_keys(policy, traced);
             !range.by_path.empty() && !keys.empty()) {
    // (Without a trailer that can implement a requirement or risk control, the walk of B's
    // whole history, the bulk of a range's cost, would find nothing; a message that does not
    // mention one of those trailers' keys is not read further.)
    const bool skim = settings.trailers.configured_keys.empty();
    git::WalkSpec spec;
    spec.revisions = {out.to.commit};
    const auto walked = repo.walk(spec, [&](const git::CommitInfo& commit) {
      if (skim && !mentions_any(commit.message, keys)) {
        return true;
      }
      const auto c = change::read_change(policy, settings, commit);
      implementing(c.commit, c.subject, c.links, [&] { return repo.changed_paths(commit); });
      return true;
    });
    for (const auto& id : walked.shallow_boundary) {
      add_unique(out.shallow_boundary, id);
    }
  }
  range.implementing.clear();

  // Links written in files at B: in a changed file they touch the item; `verifies` links are
  // the item's tests.
  const auto file_links = workspace::file_links_at(repo, policy, out.to.commit);
  std::unordered_map<std::string, std::vector<const registry::FileLink*>> tests_of;
  for (const auto& link : file_links) {
    const auto k = kind_of(policy, registry, link.id, {});
    if (!traced(k.role)) {
      continue;
    }
    if (link.relation == "verifies") {
      tests_of[link.id].push_back(&link);
    }
    if (range.by_path.count(link.path)) {
      kinds.emplace(link.id, k);
      touch(link.path, link.id, {{}, {}, link.line, link.relation, {}});
    }
  }

  // The files, and the items they touch.
  ById<Item> items(util::natural_less);
  for (auto& [path, commits] : range.by_path) {
    ChangedFile file{path, std::move(commits), {}};
    if (auto at = touches.find(path); at != touches.end()) {
      for (auto& [id, via] : at->second) {
        file.items.push_back({id, std::move(via)});
        Item& item = items[id];
        item.id = id;
        item.files.push_back(path);
      }
    }
    out.files.push_back(std::move(file));
  }

  // Each item: its definition at B, its tests and their latest outcomes.
  for (auto& [id, item] : items) {
    const auto& k = kinds.at(id);
    item.role = k.role;
    item.kind = k.kind;
    if (const registry::Item* defined = registry ? registry->find(id) : nullptr) {
      item.defined = true;
      item.title = defined->title;
    }
    std::vector<std::string> files_tested;
    for (const auto* link : tests_of[id]) {
      Test t{link->path + ":" + std::to_string(link->line), "file link", {}, {}, false};
      latest_outcome(
          t, reports, [&](const results::TestCase& c) { return test_in_file(c, link->path); });
      files_tested.push_back(link->path);
      item.tests.push_back(std::move(t));
    }
    // Tests whose names carry the ID, unless they ran from a file already listed.
    std::vector<std::string> named;
    for (const auto& report : reports) {
      for (const auto& c : report.tests) {
        const std::string name = c.classname.empty() ? c.name : c.classname + "::" + c.name;
        const bool from_listed_file =
            std::any_of(files_tested.begin(), files_tested.end(), [&](const std::string& path) {
              return test_in_file(c, path);
            });
        if (!from_listed_file && names_id(c.classname + " " + c.name, id)) {
          add_unique(named, name);
        }
      }
    }
    for (const auto& name : named) {
      Test t{name, "name", {}, {}, false};
      latest_outcome(t, reports, [&](const results::TestCase& c) {
        return (c.classname.empty() ? c.name : c.classname + "::" + c.name) == name;
      });
      item.tests.push_back(std::move(t));
    }
  }
  for (const auto role : {policy::KindRole::requirement, policy::KindRole::risk_control}) {
    for (auto& [id, item] : items) {
      if (item.role == role) {
        out.items.push_back(std::move(item));
      }
    }
  }
  return out;
}

Touched risk_controls_touched(const git::Repository& repo,
                              const policy::Policy& policy,
                              const workspace::MessageSettings& settings,
                              const std::string& from,
                              const std::string& to)
{
  ImpactOptions options;
  options.from = from;
  options.to = to;
  const auto impact = analyse(repo, policy, settings, options);
  return {impact.ids(policy::KindRole::risk_control), impact.complete()};
}

} // namespace trail::impact
