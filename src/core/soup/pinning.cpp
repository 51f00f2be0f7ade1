#include "core/soup/pinning.hpp"

#include "core/git/submodules.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

namespace trail::soup {
namespace {

// A version as compared: trimmed, without a leading "v" before a digit ("v10.6.0" = "10.6.0").
std::string normal(std::string_view version)
{
  auto v = util::trim(version);
  if (v.size() >= 2 && (v[0] == 'v' || v[0] == 'V') &&
      std::isdigit(static_cast<unsigned char>(v[1]))) {
    v.remove_prefix(1);
  }
  return std::string(v);
}

bool same_version(std::string_view a, std::string_view b)
{
  return !normal(a).empty() && normal(a) == normal(b);
}

bool is_hex(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// True when TEXT names commit ID: the whole id, or an abbreviation of at least 7 digits.
bool names_commit(std::string_view text, std::string_view id)
{
  const std::string t = util::to_lower(util::trim(text));
  return t.size() >= 7 && is_hex(t) && is_hex(id) && util::to_lower(id).starts_with(t);
}

// True when TEXT is the digest or hash that fixes C's content ("sha256:HEX", an integrity).
bool names_digest(std::string_view text, const Component& c)
{
  const auto t = util::trim(text);
  return !t.empty() && !c.digest.empty() && (t == c.digest || names_commit(t, c.digest));
}

bool covers_path(const std::vector<std::string>& globs, const std::string& path)
{
  if (path.empty()) {
    return false;
  }
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    return util::glob_match(glob, path) || util::glob_match(glob, path + "/x");
  });
}

// How RECORD covers C: "paths", "purl", "title", or empty.
std::string match_of(const Record& record, const Component& c)
{
  if (covers_path(record.soup.paths, c.path)) {
    return "paths";
  }
  if (!record.soup.purl.empty() && !c.purl.empty() &&
      purl_base(record.soup.purl) == purl_base(c.purl)) {
    return "purl";
  }
  if (!record.title.empty() && util::iequals(record.title, c.name)) {
    return "title";
  }
  return {};
}

int strength(const std::string& match)
{
  return match == "paths" ? 3 : match == "purl" ? 2 : match == "title" ? 1 : 0;
}

std::string shown_version(const Component& c)
{
  if (c.version.empty()) {
    return "(no version)";
  }
  return c.ecosystem == "submodule" ? "commit " + util::short_id(c.version) : c.version;
}

// The fix for a component no record covers: the key that would cover it.
std::string declare_fix(const Component& c)
{
  if (!c.path.empty()) {
    return "add a soup item with paths = [\"" + c.path + "\"] to the registry";
  }
  if (!c.purl.empty()) {
    return "add a soup item with purl = \"" + purl_base(c.purl) + "\" to the registry";
  }
  return "add a soup item with title = \"" + c.name + "\" to the registry";
}

class Pinner
{
public:
  Pinner(const std::vector<Record>& records, const PinFacts& facts, Pinning& out)
      : m_records(records), m_facts(facts), m_out(out)
  {
  }

  void check(const Pinned& p)
  {
    const Component& c = p.component;
    const std::string key = component_key(c);
    if (p.record.empty()) {
      add("undeclared",
          key,
          {},
          where_text(c.where) + ": " + c.ecosystem + " " + c.name + " " + shown_version(c) +
              " is not covered by a SOUP record",
          declare_fix(c));
      return;
    }
    if (!p.not_soup.empty()) {
      return;
    }
    const Record& r = record(p.record);
    const std::string rwhere = where_text(r.where);
    if (c.mutable_pin) {
      add("mutable",
          key,
          r.id,
          where_text(c.where) + ": " + c.name + " is pinned to " + shown_version(c) +
              ", which can move: the version in use is not fixed (" + r.id + ", " + rwhere + ")",
          "pin an exact version, tag or commit id (or commit a lock file)");
    } else {
      check_version(c, r);
    }
    check_review(c, r);
    check_support(c, r);
  }

private:
  const Record& record(const std::string& id) const
  {
    return *std::find_if(
        m_records.begin(), m_records.end(), [&](const Record& r) { return r.id == id; });
  }

  void add(const char* rule,
           const std::string& component,
           const std::string& record,
           std::string message,
           std::string fix)
  {
    m_out.problems.push_back({rule, component, record, std::move(message), std::move(fix)});
  }

  void check_version(const Component& c, const Record& r)
  {
    const std::string key = component_key(c);
    const std::string rwhere = where_text(r.where);
    const auto& s = r.soup;
    const std::string cannot = where_text(c.where) + ": cannot tell whether " + c.name + " " +
                               shown_version(c) + " is the version " + r.id + " (" + rwhere +
                               ") records: ";
    if (s.version.empty() && s.revision.empty()) {
      add("version", key, r.id, cannot + "it has neither version nor revision", "set version");
      return;
    }
    if (c.ecosystem == "submodule") {
      check_submodule(c, r);
      return;
    }
    if (c.version.empty()) {
      // No version to compare; content the tree fixes (a vendored folder's files) is bound to
      // the record by a revision naming its digest.
      if (!c.digest.empty() && names_digest(s.revision, c)) {
        return;
      }
      add("version",
          key,
          r.id,
          cannot + where_text(c.where) + " pins no version",
          c.digest.empty() ? "pin an exact version in " + c.where.file
                           : "set revision = \"" + c.digest + "\" in " + r.id +
                                 " (the digest of the content it records), or pin an exact "
                                 "version in " +
                                 c.where.file);
      return;
    }
    const auto fits = [&](const std::string& text) {
      return same_version(text, c.version) || names_commit(text, c.version) ||
             names_digest(text, c);
    };
    const bool version_ok = s.version.empty() || fits(s.version);
    const bool revision_ok = s.revision.empty() || fits(s.revision);
    if (version_ok && revision_ok) {
      return;
    }
    const std::string said = !version_ok ? "version " + s.version : "revision " + s.revision;
    add("version",
        key,
        r.id,
        where_text(c.where) + ": " + c.name + " is pinned at " + c.version + " but " + r.id + " (" +
            rwhere + ") records " + said,
        !version_ok
            ? "set version = \"" + normal(c.version) + "\" in " + r.id +
                  " (and review its anomalies for it), or pin " + c.name + " at " +
                  normal(s.version)
            : "set revision = \"" + c.version + "\" in " + r.id +
                  " (and review its anomalies for it), or pin " + c.name + " at " + s.revision);
  }

  void check_submodule(const Component& c, const Record& r)
  {
    const std::string key = component_key(c);
    const std::string rwhere = where_text(r.where);
    const auto& s = r.soup;
    const std::string at = "commit " + util::short_id(c.version);
    if (!s.revision.empty()) {
      if (names_commit(s.revision, c.version)) {
        return;
      }
      const auto tags = m_facts.tags_at ? m_facts.tags_at(c) : std::nullopt;
      if (tags && std::any_of(tags->begin(), tags->end(), [&](const std::string& t) {
            return t == util::trim(s.revision);
          })) {
        return;
      }
      add("version",
          key,
          r.id,
          where_text(c.where) + ": submodule " + c.name + " is at " + at + " but " + r.id + " (" +
              rwhere + ") records revision " + s.revision,
          "set revision = \"" + c.version + "\" in " + r.id +
              " (and review its anomalies for this version), or check out " + s.revision + " in " +
              c.path);
      return;
    }
    if (names_commit(s.version, c.version)) {
      return;
    }
    const auto tags = m_facts.tags_at ? m_facts.tags_at(c) : std::nullopt;
    const std::string cannot = where_text(c.where) + ": cannot tell whether submodule " + c.name +
                               " at " + at + " is version " + s.version + " of " + r.id + " (" +
                               rwhere + "): ";
    const std::string fix = "add revision = \"" + c.version + "\" to " + r.id +
                            " (the commit its version " + s.version + " is)";
    if (!tags) {
      add("version",
          key,
          r.id,
          cannot + "the submodule's repository is not here (git submodule update --init)",
          fix);
      return;
    }
    if (std::any_of(tags->begin(), tags->end(), [&](const std::string& t) {
          return same_version(t, s.version);
        })) {
      return;
    }
    if (tags->empty()) {
      add("version", key, r.id, cannot + "no tag of the submodule's repository is at " + at, fix);
      return;
    }
    add("version",
        key,
        r.id,
        where_text(c.where) + ": submodule " + c.name + " is at " + util::join(*tags, ", ") + " (" +
            at + ") but " + r.id + " (" + rwhere + ") records version " + s.version,
        "set version = \"" + normal(tags->front()) + "\" in " + r.id +
            " (and review its anomalies for it), or check out " + s.version + " in " + c.path);
  }

  void check_review(const Component& c, const Record& r)
  {
    if (r.soup.anomaly_review.empty() || !m_facts.pin_changed) {
      return; // an absent review is a missing field (soup.anomalies)
    }
    const PinChange change = m_facts.pin_changed(c);
    const std::string key = component_key(c);
    if (change.commit.empty()) {
      add("stale-review",
          key,
          r.id,
          where_text(c.where) + ": cannot tell whether " + r.id + "'s anomaly_review " +
              r.soup.anomaly_review + " (" + where_text(r.where) + ") is older than the last " +
              "change to " + c.name + "'s pin: " + change.why,
          "fetch the whole history (git fetch --unshallow) and run it again");
      return;
    }
    if (r.soup.anomaly_review < change.date) {
      add("stale-review",
          key,
          r.id,
          where_text(r.where) + ": " + r.id + "'s anomaly_review " + r.soup.anomaly_review +
              " is older than commit " + util::short_id(change.commit) + " (" + change.date +
              "), which pinned " + c.name + " at " + shown_version(c),
          "review the supplier's anomaly list for this version and set anomaly_review in " + r.id);
    }
  }

  void check_support(const Component& c, const Record& r)
  {
    const auto& end = r.soup.end_of_support;
    if (end.empty() || m_facts.revision_date.empty() || !(end < m_facts.revision_date)) {
      return;
    }
    add("end-of-support",
        component_key(c),
        r.id,
        where_text(r.where) + ": " + r.id + "'s end_of_support " + end +
            " is before the revision's date " + m_facts.revision_date + " (" + c.name + ")",
        "move to a supported version, or record the supplier's extended support in "
        "end_of_support");
  }

  const std::vector<Record>& m_records;
  const PinFacts& m_facts;
  Pinning& m_out;
};

} // namespace

std::vector<Record> records_of(const registry::Registry& registry)
{
  std::vector<Record> out;
  for (const auto& item : registry.items) {
    if (registry::has_role(item, policy::KindRole::soup)) {
      out.push_back({item.id, item.title, item.soup, item.where});
    }
  }
  return out;
}

std::string component_key(const Component& component)
{
  return component.ecosystem + ":" + component.name;
}

std::string where_text(const config::Location& where)
{
  return where.line > 0 ? where.file + ":" + std::to_string(where.line) : where.file;
}

Pinning pin(const Discovery& discovery, const std::vector<Record>& records, const PinFacts& facts)
{
  Pinning out;
  out.discovery_problems = discovery.problems;
  std::vector<bool> used(records.size(), false);
  for (const auto& c : discovery.components) {
    Pinned p{c, {}, {}, {}};
    // The strongest match wins (paths, then purl, then title); among equals, the first record.
    int best = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      const auto match = match_of(records[i], c);
      if (strength(match) > best) {
        best = strength(match);
        p.record = records[i].id;
        p.match = match;
        p.not_soup = records[i].soup.not_soup;
      }
    }
    for (size_t i = 0; i < records.size(); ++i) {
      if (records[i].id == p.record) {
        used[i] = true;
      }
    }
    out.components.push_back(std::move(p));
  }
  Pinner pinner(records, facts, out);
  for (const auto& p : out.components) {
    pinner.check(p);
  }
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& s = records[i].soup;
    if (used[i] || (s.paths.empty() && s.purl.empty())) {
      continue;
    }
    std::vector<std::string> keys;
    if (!s.paths.empty()) {
      keys.push_back("paths = [" + util::join(s.paths, ", ") + "]");
    }
    if (!s.purl.empty()) {
      keys.push_back("purl = " + s.purl);
    }
    out.unmatched.push_back(where_text(records[i].where) + ": " + records[i].id + " (" +
                            util::join(keys, ", ") + ") covers nothing discovered");
  }
  return out;
}

namespace {

// The first-parent history of one revision, read once and shared by every component's question
// "since when has my pin been what it is?". Each component's pin is read from one source whose
// id tells cheaply whether it changed: a submodule's gitlink, a vendored folder's tree, or the
// declaring file's blob (with its companion's, for vcpkg and west). Only where that id changes
// is the pin read again, and each file version is parsed once for all the components it
// declares. (Reading and parsing the file at every ancestor took 74 s on a 62,000-commit
// history; docs/benchmarks.md.)
class PinHistory
{
public:
  PinHistory(const git::Repository& repo, std::string commit) : m_repo(repo)
  {
    m_chain.push_back({std::move(commit), {}, {}, false});
    fill(0);
  }

  PinChange changed(const Component& c)
  {
    const std::string key = source_key(c);
    const auto value = pin_value(c, key, 0);
    for (size_t i = 0;; ++i) {
      const Link& link = m_chain[i];
      const PinChange here{link.id, link.date, {}};
      if (link.parent.empty()) {
        return here;
      }
      if (link.parent_missing) {
        return {{},
                {},
                "the history is shallow: it stops at commit " + util::short_id(link.id) +
                    " before the pin changed (git fetch --unshallow)"};
      }
      extend(i + 1);
      const auto& ids = sources(key, i + 1);
      if (ids[i + 1] != ids[i] && pin_value(c, key, i + 1) != value) {
        return here;
      }
    }
  }

private:
  struct Link
  {
    std::string id;
    std::string date;
    std::string parent;          // the first parent; empty for a root commit
    bool parent_missing = false; // a shallow clone's boundary
  };

  // Where C's pin is read from: "submodule PATH", "vendored PATH" or "file PATH".
  static std::string source_key(const Component& c)
  {
    if (c.ecosystem == "submodule" || c.ecosystem == "vendored") {
      return c.ecosystem + " " + c.path;
    }
    return "file " + c.where.file;
  }

  void fill(size_t i)
  {
    const auto info = m_repo.commit(m_chain[i].id);
    Link& link = m_chain[i];
    link.date = util::iso_date(info.committer_time, 0);
    if (!info.parents.empty()) {
      link.parent = info.parents.front();
      link.parent_missing = !m_repo.has_object(link.parent);
    }
  }

  // Makes sure the chain holds link I (its parent is link I - 1's first parent).
  void extend(size_t i)
  {
    while (m_chain.size() <= i) {
      const size_t n = m_chain.size();
      m_chain.push_back({m_chain[n - 1].parent, {}, {}, false});
      fill(n);
    }
  }

  // The ids of KEY's source at links 0 to I (at least): equal ids, equal pins.
  const std::vector<std::string>& sources(const std::string& key, size_t i)
  {
    auto& ids = m_sources[key];
    while (ids.size() <= i) {
      const std::string& at = m_chain[ids.size()].id;
      const auto space = key.find(' ');
      const std::string path = key.substr(space + 1);
      std::string id = m_repo.tree_id_at(at, path);
      if (key.starts_with("file ")) {
        if (const auto companion = companion_of(path); !companion.empty()) {
          id += ":" + m_repo.tree_id_at(at, companion);
        }
      }
      ids.push_back(std::move(id));
    }
    return ids;
  }

  // The value of C's pin at link I: what changes when the pin changes.
  std::optional<std::string> pin_value(const Component& c, const std::string& key, size_t i)
  {
    const std::string& id = sources(key, i)[i];
    if (!key.starts_with("file ")) {
      return id.empty() ? std::nullopt : std::optional<std::string>(id);
    }
    const std::string version_key = key + "@" + id;
    auto parsed = m_parsed.find(version_key);
    if (parsed == m_parsed.end()) {
      std::vector<Component> found;
      const std::string& at = m_chain[i].id;
      if (const auto content = m_repo.read_file_at(at, c.where.file)) {
        // A file read with the manifest (vcpkg-configuration.json) changes the pin as well.
        std::optional<std::string> companion;
        if (const auto path = companion_of(c.where.file); !path.empty()) {
          companion = m_repo.read_file_at(at, path);
        }
        found = read_manifest(c.where.file, *content, companion);
      }
      parsed = m_parsed.emplace(version_key, std::move(found)).first;
    }
    for (const auto& other : parsed->second) {
      if (other.ecosystem == c.ecosystem && other.name == c.name) {
        return other.version + "\n" + other.digest;
      }
    }
    return std::nullopt;
  }

  const git::Repository& m_repo;
  std::vector<Link> m_chain; // link 0 is the revision, link I + 1 link I's first parent
  std::map<std::string, std::vector<std::string>> m_sources; // per source key, per link
  // Each file version parsed, by source key and blob id (and the companion's).
  std::map<std::string, std::vector<Component>> m_parsed;
};

} // namespace

PinFacts facts_at(const git::Repository& repo, const std::string& commit)
{
  PinFacts facts;
  facts.revision_date = util::iso_date(repo.commit(commit).committer_time, 0);
  auto history = std::make_shared<PinHistory>(repo, commit);
  facts.pin_changed = [history](const Component& c) -> PinChange {
    return history->changed(c);
  };
  facts.tags_at = [&repo](const Component& c) -> std::optional<std::vector<std::string>> {
    if (c.ecosystem != "submodule") {
      return std::nullopt;
    }
    return git::submodule_tags_at(repo, c.name, c.version);
  };
  return facts;
}

Pinning pin_at(const git::Repository& repo,
               const std::string& commit,
               const Discovery& discovery,
               const std::vector<Record>& records)
{
  return pin(discovery, records, facts_at(repo, commit));
}

std::vector<PinProblem> needs_review(const Pinning& pinning)
{
  std::vector<PinProblem> out;
  for (const auto& p : pinning.problems) {
    if (p.rule == "stale-review" || p.rule == "end-of-support" || p.rule == "version") {
      out.push_back(p);
    }
  }
  return out;
}

} // namespace trail::soup
