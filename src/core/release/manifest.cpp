#include "core/release/manifest.hpp"

#include "core/change/changes.hpp"
#include "core/change/evidence.hpp"
#include "core/change/identity.hpp"
#include "core/change/problems.hpp"
#include "core/classes/classes.hpp"
#include "core/release/soup_vulnerabilities.hpp"
#include "core/results/junit.hpp"
#include "core/soup/discover.hpp"
#include "core/trace/trace.hpp"
#include "core/util/digest.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace trail::release {

namespace {

std::string or_unknown(const std::string& s)
{
  return s.empty() ? std::string(k_unknown) : s;
}

const char* mode_of(git::TreeEntry::Type type)
{
  switch (type) {
  case git::TreeEntry::Type::file:
    return "100644";
  case git::TreeEntry::Type::executable:
    return "100755";
  case git::TreeEntry::Type::symlink:
    return "120000";
  case git::TreeEntry::Type::gitlink:
    return "160000";
  }
  return "100644";
}

// Reads the files of REV matching GLOBS with their digests; returns them and the listing digest.
std::pair<std::vector<ManifestFile>, std::string>
files_of(const git::Repository& repo, const std::string& rev, const std::vector<std::string>& globs)
{
  std::vector<ManifestFile> files;
  util::Sha256 listing;
  for (const auto& entry : repo.tree_entries(rev, globs)) {
    ManifestFile file{entry.path, mode_of(entry.type), entry.id, {}};
    if (entry.type != git::TreeEntry::Type::gitlink) {
      file.sha256 = util::sha256_hex(repo.read_blob(entry.id));
      listing.update(file.sha256 + "  " + file.path + "\n");
    } else {
      listing.update(entry.id + "  " + file.path + "\n");
    }
    files.push_back(std::move(file));
  }
  std::string digest = listing.hex();
  return {std::move(files), std::move(digest)};
}

std::string class_of(const std::string& item_class, const policy::Policy& policy)
{
  if (!item_class.empty()) {
    return item_class;
  }
  return or_unknown(policy.project.safety_class);
}

// Gives each discovered component of PINNING to one item of OUT (manifest.hpp, soup_at) and
// each pin problem to the item that holds its component.
void attach_pinning(const soup::Pinning& pinning,
                    const policy::Policy& policy,
                    std::vector<SoupItem>& out)
{
  const auto find = [&out](const std::string& id) -> SoupItem* {
    const auto at =
        std::find_if(out.begin(), out.end(), [&](const SoupItem& s) { return s.id == id; });
    return at == out.end() ? nullptr : &*at;
  };
  for (const auto& p : pinning.components) {
    const auto& c = p.component;
    if (c.ecosystem == "submodule") {
      if (SoupItem* item = find("submodule:" + c.path)) {
        item->components.push_back(c);
        if (!p.record.empty() && item->described_by.empty()) {
          // Covered by its record's purl or title rather than its paths.
          item->described_by = p.record;
          item->missing.clear();
        }
        continue;
      }
    }
    if (!p.record.empty()) {
      if (SoupItem* item = find(p.record)) {
        item->components.push_back(c);
        continue;
      }
    }
    const std::string id = soup::component_key(c);
    SoupItem* item = find(id);
    if (!item) {
      SoupItem soup;
      soup.id = id;
      soup.source = c.ecosystem;
      soup.title = c.name;
      soup.safety_class = or_unknown(policy.project.safety_class);
      soup.record.version = c.version;
      soup.record.purl = c.purl;
      soup.url = c.url;
      soup.missing.push_back("a SOUP record in the registry (a soup item whose paths, purl or "
                             "title covers " +
                             id + ")");
      out.push_back(std::move(soup));
      item = &out.back();
    }
    item->components.push_back(c);
  }
  for (const auto& problem : pinning.problems) {
    const auto holder = std::find_if(out.begin(), out.end(), [&](const SoupItem& s) {
      return std::any_of(s.components.begin(), s.components.end(), [&](const auto& c) {
        return soup::component_key(c) == problem.component;
      });
    });
    if (holder != out.end()) {
      holder->pin_problems.push_back(problem);
    }
  }
}

} // namespace

std::vector<SoupItem> soup_at(const git::Repository& repo,
                              const policy::Policy& policy,
                              const std::optional<registry::Registry>& registry,
                              const std::string& commit,
                              bool with_files,
                              soup::Pinning* pinning)
{
  std::vector<SoupItem> out;
  const std::string system = classes::system_class(policy).safety_class;
  if (registry) {
    for (const auto& item : registry->items) {
      if (!registry::has_role(item, policy::KindRole::soup)) {
        continue;
      }
      SoupItem soup;
      soup.id = item.id;
      soup.source = "registry";
      soup.title = item.title;
      soup.safety_class = class_of(item.safety_class, policy);
      soup.status = item.status;
      soup.record = item.soup;
      if (with_files && !item.soup.paths.empty()) {
        auto [files, digest] = files_of(repo, commit, item.soup.paths);
        soup.files = std::move(files);
        soup.digest = soup.files.empty() ? std::string() : std::move(digest);
      }
      // The fields asked for are those of the class that applies (classes::decide), as for
      // configuration items: a lower class without its rationale is held to the system's.
      SoupItem applied = soup;
      const std::string decided = classes::applied_class(item, system);
      applied.safety_class = decided.empty() ? soup.safety_class : decided;
      soup.missing = missing_soup_fields(applied);
      out.push_back(std::move(soup));
    }
  }
  const auto gitmodules = repo.read_file_at(commit, ".gitmodules");
  std::map<std::string, soup::Submodule> declared;
  if (gitmodules) {
    for (auto& s : soup::parse_gitmodules(*gitmodules)) {
      if (!s.path.empty()) {
        declared[s.path] = s;
      }
    }
  }
  // With files (a manifest): every gitlink in the tree is a submodule, declared or not. Without
  // (a changelog): the submodules .gitmodules declares, found without reading the whole tree.
  std::vector<git::TreeEntry> links;
  if (with_files) {
    links = repo.gitlinks(commit);
  } else {
    for (const auto& [path, submodule] : declared) {
      for (auto& entry : repo.tree_entries(commit, {path})) {
        if (entry.type == git::TreeEntry::Type::gitlink && entry.path == path) {
          links.push_back(std::move(entry));
        }
      }
    }
  }
  for (const auto& entry : links) {
    SoupItem soup;
    soup.id = "submodule:" + entry.path;
    soup.source = "submodule";
    soup.title = entry.path;
    soup.safety_class = or_unknown(policy.project.safety_class);
    soup.record.version = entry.id;
    soup.files.push_back({entry.path, "160000", entry.id, {}});
    if (auto found = declared.find(entry.path); found != declared.end()) {
      soup.url = found->second.url;
      soup.title = found->second.name;
    }
    for (const auto& other : out) {
      if (other.source != "registry") {
        continue;
      }
      for (const auto& glob : other.record.paths) {
        if (util::glob_match(glob, entry.path) || util::glob_match(glob, entry.path + "/x")) {
          soup.described_by = other.id;
        }
      }
    }
    if (soup.described_by.empty()) {
      soup.missing.push_back("a SOUP record in the registry (a soup item whose paths cover " +
                             entry.path + ")");
    }
    out.push_back(std::move(soup));
  }
  if (with_files) {
    const auto found = soup::discover(repo, commit, policy.soup);
    auto pinned = soup::pin_at(
        repo, commit, found, registry ? soup::records_of(*registry) : std::vector<soup::Record>{});
    attach_pinning(pinned, policy, out);
    if (pinning) {
      *pinning = std::move(pinned);
    }
    // Known vulnerabilities of each item's version, from the committed VEX and OSV files
    // (release/soup_vulnerabilities.hpp), once the components are attached.
    attach_vulnerabilities(soup::load_vulnerabilities(repo, commit, policy.soup, policy.text), out);
  }
  return out;
}

std::vector<std::string> missing_soup_fields(const SoupItem& item)
{
  std::vector<std::string> missing;
  // A record saying what it covers is not SOUP is asked for nothing SOUP needs.
  if (item.source != "registry" || !item.record.not_soup.empty()) {
    return missing;
  }
  const auto need = [&](const std::string& value, const char* name) {
    if (value.empty()) {
      missing.emplace_back(name);
    }
  };
  need(item.title, "title");
  need(item.record.manufacturer, "manufacturer");
  need(item.record.version, "version");
  // Classes B and C (IEC 62304 5.3.3, 5.3.4, 7.1.2, 7.1.3); an unknown class is held to C.
  if (item.safety_class != "A") {
    need(item.record.requirements, "requirements");
    need(item.record.needs, "needs");
    need(item.record.anomaly_list, "anomaly_list");
    need(item.record.anomaly_review, "anomaly_review");
  }
  return missing;
}

std::optional<std::pair<std::string, std::string>>
find_previous_release(const git::Repository& repo,
                      const policy::Policy& policy,
                      const std::string& rev,
                      const std::string& exclude)
{
  std::unordered_map<std::string, std::vector<std::string>> by_commit;
  for (const auto& [name, commit] : repo.tags()) {
    if (name != exclude && policy::is_release_tag(policy, name)) {
      by_commit[commit].push_back(name);
    }
  }
  if (by_commit.empty()) {
    return std::nullopt;
  }
  // The previous release is the newest by ancestry: a released commit in the history of REV
  // that is not an ancestor of another one. Each walk hides the releases found so far, so a
  // release the clock put first but the graph puts below another one is found, then dropped.
  const std::string self = repo.resolve_commit(rev);
  std::vector<std::string> found;
  for (;;) {
    git::WalkSpec spec;
    spec.revisions = {self};
    spec.hide = found;
    std::optional<std::string> next;
    repo.walk(spec, [&](const git::CommitInfo& commit) {
      // Tags on REV itself name this release (or another name for it), not a previous one.
      if (commit.id != self && by_commit.count(commit.id) > 0) {
        next = commit.id;
        return false;
      }
      return true;
    });
    if (!next) {
      break;
    }
    found.push_back(*next);
  }
  std::vector<std::string> newest;
  for (const auto& commit : found) {
    const bool below_another =
        std::any_of(found.begin(), found.end(), [&](const std::string& other) {
          return other != commit && repo.is_ancestor(commit, other);
        });
    if (!below_another) {
      newest.push_back(commit);
    }
  }
  if (newest.empty()) {
    return std::nullopt;
  }
  // Releases on parallel branches: the highest version (several tags on one commit too).
  std::optional<std::pair<std::string, std::string>> best;
  for (const auto& commit : newest) {
    for (const auto& name : by_commit.at(commit)) {
      if (!best || util::natural_less(best->first, name)) {
        best = std::make_pair(name, commit);
      }
    }
  }
  return best;
}

std::vector<std::pair<std::string, std::string>>
first_releases(const git::Repository& repo,
               const policy::Policy& policy,
               const std::vector<std::string>& commits)
{
  // Release tags, oldest commit first (for display and ties only); several tags on one commit
  // in version order.
  struct Release
  {
    std::string tag;
    std::string commit;
    int64_t time;
  };
  std::vector<Release> releases;
  for (const auto& [name, commit] : repo.tags()) {
    if (policy::is_release_tag(policy, name)) {
      releases.push_back({name, commit, repo.commit(commit).committer_time});
    }
  }
  std::sort(releases.begin(), releases.end(), [](const Release& a, const Release& b) {
    return a.time != b.time ? a.time < b.time : util::natural_less(a.tag, b.tag);
  });
  // The first release of a commit is judged by ancestry: a release that contains it and
  // contains no other release that does; the clock only orders releases on parallel branches.
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& commit : commits) {
    std::vector<const Release*> containing;
    for (const auto& r : releases) {
      if (repo.is_ancestor(commit, r.commit)) {
        containing.push_back(&r);
      }
    }
    for (const auto* r : containing) {
      const bool after_another =
          std::any_of(containing.begin(), containing.end(), [&](const Release* other) {
            return other->commit != r->commit && repo.is_ancestor(other->commit, r->commit);
          });
      if (!after_another) {
        out.emplace_back(commit, r->tag);
        break;
      }
    }
  }
  return out;
}

ReleasesOf releases_containing(const git::Repository& repo,
                               const policy::Policy& policy,
                               const std::vector<std::string>& commits)
{
  std::vector<std::pair<std::string, std::string>> tags; // (tag, commit), in version order
  for (const auto& [name, commit] : repo.tags()) {
    if (policy::is_release_tag(policy, name)) {
      tags.emplace_back(name, commit);
    }
  }
  std::sort(tags.begin(), tags.end(), [](const auto& a, const auto& b) {
    return util::natural_less(a.first, b.first);
  });
  // In a shallow clone is_ancestor answers "no" past the boundary: a "no" counts only when the
  // tag's history stops nowhere (walked once per tag, only in a shallow clone).
  const bool shallow = repo.is_shallow();
  std::map<std::string, bool> whole; // tag commit -> its history was read whole
  const auto read_whole = [&](const std::string& commit) {
    const auto at = whole.find(commit);
    if (at != whole.end()) {
      return at->second;
    }
    bool complete = repo.has_object(commit);
    if (complete) {
      git::WalkSpec spec;
      spec.revisions = {commit};
      complete =
          repo.walk(spec, [](const git::CommitInfo&) { return true; }).shallow_boundary.empty();
    }
    whole.emplace(commit, complete);
    return complete;
  };
  ReleasesOf out;
  for (const auto& commit : commits) {
    for (const auto& [tag, tag_commit] : tags) {
      if (!repo.has_object(tag_commit)) {
        out.unknown.emplace_back(commit, tag);
      } else if (repo.is_ancestor(commit, tag_commit)) {
        out.shipped.emplace_back(commit, tag);
      } else if (shallow && !repo.is_ancestor(tag_commit, commit) && !read_whole(tag_commit)) {
        // (A commit made on top of the release is known not to be in it.)
        out.unknown.emplace_back(commit, tag);
      }
    }
  }
  return out;
}

namespace {

// The previous release: as given, else the newest release tag below the commit, else none.
void set_previous(const git::Repository& repo,
                  const policy::Policy& policy,
                  const ManifestOptions& options,
                  Manifest& m)
{
  if (options.previous_commit) {
    m.previous_commit = repo.resolve_commit(*options.previous_commit);
    m.previous_tag = options.previous_tag;
  } else if (options.find_previous) {
    if (auto previous = find_previous_release(repo, policy, m.commit, options.exclude_tag)) {
      m.previous_tag = previous->first;
      m.previous_commit = previous->second;
    }
  }
}

std::vector<ConfigurationItem> configuration_items(const git::Repository& repo,
                                                   const policy::Policy& policy,
                                                   const std::string& commit)
{
  const std::string system = classes::system_class(policy).safety_class;
  std::vector<ConfigurationItem> items;
  std::vector<classes::ItemFiles> held;
  for (const auto& group : policy.configuration_items) {
    ConfigurationItem item;
    item.name = group.name;
    const auto decision = classes::decide(classes::claim_of(group), system);
    item.safety_class = or_unknown(decision.applied);
    if (decision.applied != group.safety_class) {
      item.declared_class = group.safety_class;
    }
    item.class_rationale = group.class_rationale;
    item.segregation = group.segregation;
    item.paths = group.paths;
    auto [files, digest] = files_of(repo, commit, group.paths);
    item.files = std::move(files);
    item.digest = std::move(digest);
    classes::ItemFiles these{item.name, decision.applied, {}};
    for (const auto& file : item.files) {
      these.files.push_back(file.path);
    }
    held.push_back(std::move(these));
    items.push_back(std::move(item));
  }
  // A file in two items belongs to both; the stricter class applies to it.
  const auto shared = classes::overlaps(held);
  for (size_t i = 0; i < items.size(); ++i) {
    for (const auto& o : shared[i]) {
      if (classes::rank(o.safety_class) <= classes::rank(held[i].safety_class)) {
        continue;
      }
      auto& list = items[i].stricter_files;
      if (list.empty() || list.back().path != o.path) {
        list.push_back({o.path, o.safety_class, {}});
      }
      list.back().safety_class = classes::stricter(list.back().safety_class, o.safety_class);
      list.back().items.push_back(o.item);
    }
  }
  return items;
}

// True when the test named by its report as FILE or CLASSNAME is in PATH (as the trace does).
bool test_in_file(const results::TestCase& test, const std::string& path)
{
  const auto same = [&](const std::string& reported) {
    return !reported.empty() &&
           (reported == path || reported.ends_with("/" + path) || path.ends_with("/" + reported));
  };
  return same(test.file) || same(test.classname);
}

// Each requirement and risk control that still counts, with its verification in the results
// given (REPORTS, as parsed when digested: each file is read once), and every test of the
// results that did not pass with the items it names.
void requirement_statuses(const git::Repository& repo,
                          const policy::Policy& policy,
                          const workspace::MessageSettings& settings,
                          const std::vector<results::Report>& reports,
                          Manifest& m)
{
  trace::TraceOptions trace_options;
  trace_options.at = m.commit;
  trace_options.reports = reports;
  const auto trace = trace::build_trace(repo, policy, settings, trace_options);
  for (const auto& entry : trace.entries) {
    if (!entry.defined) {
      continue;
    }
    const bool requirement = registry::has_role(*entry.item, policy::KindRole::requirement);
    if (!(requirement || registry::has_role(*entry.item, policy::KindRole::risk_control)) ||
        entry.item->kind_spec->is_closed(entry.item->status)) {
      continue;
    }
    RequirementStatus r;
    r.id = entry.id;
    r.title = entry.item->title;
    r.status = entry.item->status;
    r.safety_class = class_of(entry.item->safety_class, policy);
    r.role = requirement ? "requirement" : "risk-control";
    r.in_release = !entry.item->kind_spec->is_deferred(entry.item->status);
    r.draft = entry.item->kind_spec->is_draft(entry.item->status);
    for (const auto& test : entry.tests) {
      r.passed += test.outcome == "passed";
      r.failed += test.outcome == "failed";
      r.skipped += test.outcome == "skipped";
    }
    for (const auto& c : entry.commits) {
      if (c.relation == "verifies" && !c.baseline) {
        r.claims.push_back(c.commit);
      }
    }
    r.gaps = entry.gaps;
    m.requirements.push_back(std::move(r));
  }
  // The passing tests that name each resolved problem report (the gate's 9.7 evidence).
  for (auto& p : m.resolved) {
    const auto entry = std::find_if(
        trace.entries.begin(), trace.entries.end(), [&](const auto& e) { return e.id == p.id; });
    if (entry == trace.entries.end()) {
      continue;
    }
    const auto add = [&](const std::string& name) {
      if (std::find(p.verified_by.begin(), p.verified_by.end(), name) == p.verified_by.end()) {
        p.verified_by.push_back(name);
      }
    };
    for (const auto& t : entry->tests) {
      if (t.outcome == "passed") {
        add(t.name);
      }
    }
    for (const auto& report : reports) {
      for (const auto& test : report.tests) {
        if (test.outcome == results::Outcome::passed &&
            std::any_of(entry->files.begin(), entry->files.end(), [&](const auto& f) {
              return test_in_file(test, f.path);
            })) {
          add(test.classname.empty() ? test.name : test.classname + "::" + test.name);
        }
      }
    }
  }
  for (const auto& report : reports) {
    for (const auto& test : report.tests) {
      if (test.outcome == results::Outcome::passed) {
        continue;
      }
      UnpassedTest u;
      u.name = test.classname.empty() ? test.name : test.classname + "::" + test.name;
      u.source = test.source;
      u.outcome = test.errored ? "errored" : results::outcome_name(test.outcome);
      u.message = test.message;
      for (const auto& entry : trace.entries) {
        if (!entry.defined) {
          continue;
        }
        const bool by_name =
            std::any_of(entry.tests.begin(), entry.tests.end(), [&](const auto& t) {
              return t.name == u.name && t.source == u.source;
            });
        const bool by_file = std::any_of(entry.files.begin(),
                                         entry.files.end(),
                                         [&](const auto& f) { return test_in_file(test, f.path); });
        if (by_name || by_file) {
          u.names.push_back(entry.id);
        }
      }
      m.unpassed.push_back(std::move(u));
    }
  }
}

} // namespace

ManifestOptions release_manifest_options(const std::string& commit,
                                         const std::string& version,
                                         const std::vector<std::string>& results)
{
  ManifestOptions options;
  options.rev = commit;
  options.version = version;
  options.results = results;
  options.exclude_tag = version;
  return options;
}

Manifest build_manifest(const git::Repository& repo,
                        const policy::Policy& policy,
                        const workspace::MessageSettings& settings,
                        const ManifestOptions& options)
{
  Manifest m;
  static_cast<change::Revision&>(m) = change::revision_at(repo, options.rev);
  static_cast<change::Identity&>(m) = change::identify(policy);
  m.version = or_unknown(options.version);
  m.build = or_unknown(policy.release.build);
  m.environment = policy.release.environment;
  m.tools = declared_tools(policy, repo, m.commit);
  set_previous(repo, policy, options, m);
  m.items = configuration_items(repo, policy, m.commit);
  const auto registry = workspace::registry_at(repo, policy, m.commit);
  soup::Pinning pinning;
  m.soup = soup_at(repo, policy, registry, m.commit, true, &pinning);
  m.soup_unread = pinning.discovery_problems;

  // The changes since the previous release and what they link.
  const auto range = change::read_changes(repo, policy, settings, {m.commit, m.previous_commit});
  for (const auto& c : range.changes) {
    Change change{c.commit, c.subject, c.author, c.date, {}, c.safety_impact};
    for (const auto& link : c.links) {
      change.links.push_back({link.relation, link.kind, link.id});
    }
    m.changes.push_back(std::move(change));
  }
  m.shallow_boundary = range.shallow_boundary;

  // Problem reports resolved since the previous release (fixed by a change, or closed in the
  // registry since then) and those still open: the residual anomalies.
  std::optional<registry::Registry> before;
  if (m.previous_commit) {
    before = workspace::registry_at(repo, policy, *m.previous_commit);
  }
  auto problems =
      change::classify_problems(policy, before, registry, change::fixes_in(policy, range.changes));
  m.resolved = std::move(problems.resolved);
  m.residual = std::move(problems.residual);

  // Verification evidence, bound to the tree it was produced for.
  // Each report is read once: its digest is of the bytes whose tests the trace attaches.
  std::vector<results::Report> reports(options.results.size());
  for (size_t i = 0; i < options.results.size(); ++i) {
    m.evidence.push_back(change::read_evidence(repo, options.results[i], m.tree, &reports[i]));
  }
  if (!options.results.empty()) {
    m.verification_assessed = true;
    requirement_statuses(repo, policy, settings, reports, m);
  }
  return m;
}

} // namespace trail::release
