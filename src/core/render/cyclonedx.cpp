#include "core/render/cyclonedx.hpp"

#include "core/util/digest.hpp"
#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>

namespace trail::render {

namespace {

using nlohmann::ordered_json;
using release::k_unknown;
using release::SoupItem;

// Names the layout of the document: changed whenever the same manifest would render
// differently, so that the serial number names one document.
constexpr const char* k_layout = "git-trail/cyclonedx/2";

// RFC 9562 version 8 (a name-based UUID over SHA-256): the first 128 bits of the digest
// with the version and variant bits set.
std::string uuid_from(const std::string& sha256)
{
  std::string hex = sha256.substr(0, 32);
  hex.resize(32, '0');
  hex[12] = '8';
  static const char variant[] = "89ab";
  hex[16] = variant[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

ordered_json property(const std::string& name, const std::string& value)
{
  return {{"name", name}, {"value", value}};
}

bool is_url(const std::string& s)
{
  return s.find("://") != std::string::npos && s.find(' ') == std::string::npos;
}

std::string or_unknown(const std::string& s)
{
  return s.empty() ? std::string(k_unknown) : s;
}

std::string to_hex(std::string_view bytes)
{
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    out += k_hex[u >> 4];
    out += k_hex[u & 0xF];
  }
  return out;
}

bool is_hex(std::string_view s, size_t length)
{
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

// "Name <mail@example.org>" -> name and email; anything else is a name.
ordered_json contact(const std::string& text)
{
  static const RE2 k_with_mail(R"(\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*)");
  std::string name;
  std::string email;
  if (RE2::FullMatch(text, k_with_mail, &name, &email)) {
    ordered_json out;
    if (!name.empty()) {
      out["name"] = name;
    }
    out["email"] = email;
    return out;
  }
  return {{"name", text}};
}

// A component's identity in the tree: what is at a path (a submodule, a vendored
// directory) by its path, the rest by ecosystem and name; both with the pinned version.
std::string key_of(const soup::Component& c)
{
  return c.ecosystem + "\n" + (c.path.empty() ? "name:" + c.name : "path:" + c.path) + "\n" +
         c.version;
}

// How a pin is written in the `git-trail:soup:pin` property: what is at a path by its path.
std::string pin_text(const soup::Component& c)
{
  std::string out = c.ecosystem + " " + (c.path.empty() ? c.name : c.path) + " " +
                    (c.version.empty() ? std::string("(no version)") : c.version);
  if (!c.where.file.empty()) {
    out += " (" + c.where.file + (c.where.line > 0 ? ":" + std::to_string(c.where.line) : "") + ")";
  }
  return out;
}

// The component a submodule item is when discovery gave none.
soup::Component submodule_component(const SoupItem& s)
{
  soup::Component c;
  c.ecosystem = "submodule";
  c.name = s.title;
  c.version = s.record.version;
  c.path = s.files.empty() ? s.id.substr(s.id.find(':') + 1) : s.files.front().path;
  c.url = s.url;
  c.digest = s.record.version;
  c.purl = soup::purl_of_url(s.url, s.record.version);
  return c;
}

// One component of the document: a record with what it covers, an uncovered submodule or an
// uncovered discovered component.
struct Entry
{
  std::string ref;
  const SoupItem* item = nullptr;     // the record, submodule or discovered item it is
  std::vector<const SoupItem*> items; // it and every item folded into it (for vulnerabilities)
  std::vector<soup::Component> components;
  std::set<std::string> keys;
  bool discovered = false; // its bom-ref comes from its purl (assigned last)

  void add(const soup::Component& c)
  {
    if (keys.insert(key_of(c)).second) {
      components.push_back(c);
    } else {
      // The same component found again elsewhere (two lock files): one component, each place
      // named.
      const std::string place = pin_text(c);
      if (std::none_of(components.begin(), components.end(), [&](const soup::Component& o) {
            return pin_text(o) == place;
          })) {
        components.push_back(c);
      }
    }
  }
  void fold(const SoupItem* other)
  {
    if (std::find(items.begin(), items.end(), other) == items.end()) {
      items.push_back(other);
    }
  }
};

std::vector<Entry> entries_of(const std::vector<SoupItem>& soup)
{
  std::vector<Entry> entries;
  std::map<std::string, size_t> record_at; // record ID -> entry
  std::map<std::string, size_t> covered;   // component key -> the record's entry
  for (const auto& s : soup) {
    if (s.source != "registry") {
      continue;
    }
    Entry e;
    e.ref = "soup:" + s.id;
    e.item = &s;
    e.items.push_back(&s);
    for (const auto& c : s.components) {
      e.add(c);
      covered.emplace(key_of(c), entries.size());
      if (!c.path.empty()) {
        covered.emplace("path\n" + c.path, entries.size());
      }
    }
    record_at.emplace(s.id, entries.size());
    entries.push_back(std::move(e));
  }
  const auto covering = [&](const soup::Component& c) -> std::optional<size_t> {
    if (auto found = covered.find(key_of(c)); found != covered.end()) {
      return found->second;
    }
    if (c.ecosystem == "submodule") {
      if (auto found = covered.find("path\n" + c.path); found != covered.end()) {
        return found->second;
      }
    }
    return std::nullopt;
  };
  std::map<std::string, size_t> discovered_at; // component key -> entry
  for (const auto& s : soup) {
    if (s.source == "registry") {
      continue;
    }
    if (s.source == "submodule") {
      const soup::Component c =
          s.components.empty() ? submodule_component(s) : s.components.front();
      std::optional<size_t> into;
      if (auto found = record_at.find(s.described_by); found != record_at.end()) {
        into = found->second;
      } else {
        into = covering(c);
      }
      if (into) {
        entries[*into].fold(&s);
        entries[*into].add(c);
        continue;
      }
      Entry e;
      e.ref = "soup:" + s.id;
      e.item = &s;
      e.items.push_back(&s);
      e.add(c);
      entries.push_back(std::move(e));
      continue;
    }
    // A discovered component no record covers.
    if (s.components.empty()) {
      Entry e;
      e.ref = "soup:" + s.id;
      e.item = &s;
      e.items.push_back(&s);
      entries.push_back(std::move(e));
      continue;
    }
    for (const auto& c : s.components) {
      if (auto into = covering(c)) {
        entries[*into].fold(&s);
        entries[*into].add(c);
      } else if (auto found = discovered_at.find(key_of(c)); found != discovered_at.end()) {
        entries[found->second].fold(&s);
        entries[found->second].add(c);
      } else {
        Entry e;
        e.item = &s;
        e.items.push_back(&s);
        e.discovered = true;
        e.add(c);
        discovered_at.emplace(key_of(c), entries.size());
        entries.push_back(std::move(e));
      }
    }
  }
  // A discovered component's bom-ref is its purl without the version (or ecosystem and
  // name), so it survives an upgrade; the version is added only when two versions of one
  // package are in the tree, and the path when two copies of one version are.
  const auto base_of = [](const soup::Component& c) {
    const std::string base = c.purl.empty() ? std::string() : soup::purl_base(c.purl);
    return base.empty() ? "component:" + c.ecosystem + "/" + c.name : base;
  };
  std::map<std::string, std::set<std::string>> versions;
  std::map<std::string, size_t> copies;
  for (const auto& e : entries) {
    if (e.discovered) {
      const auto& c = e.components.front();
      versions[base_of(c)].insert(c.version);
      ++copies[base_of(c) + "@" + c.version];
    }
  }
  for (auto& e : entries) {
    if (e.discovered) {
      const auto& c = e.components.front();
      const std::string base = base_of(c);
      e.ref = versions[base].size() > 1 ? base + "@" + c.version : base;
      if (copies[base + "@" + c.version] > 1) {
        e.ref += "#" + c.path;
      }
    }
  }
  return entries;
}

void add_hash(ordered_json& hashes, const CyclonedxHash& h)
{
  const ordered_json j = {{"alg", h.alg}, {"content", h.content}};
  if (std::find(hashes.begin(), hashes.end(), j) == hashes.end()) {
    hashes.push_back(j);
  }
}

void add_reference(ordered_json& refs,
                   const std::string& type,
                   const std::string& url,
                   const std::string& comment = {})
{
  if (!is_url(url)) {
    return;
  }
  for (const auto& r : refs) {
    if (r["type"] == type && r["url"] == url) {
      return;
    }
  }
  ordered_json r = {{"type", type}, {"url", url}};
  if (!comment.empty()) {
    r["comment"] = comment;
  }
  refs.push_back(std::move(r));
}

// Where a component's URL points: an archive is a distribution, the rest a repository.
std::string reference_type(const soup::Component& c)
{
  static const RE2 k_archive(
      R"(.*\.(tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2|zip|tar|crate|whl)(\?.*)?)");
  return RE2::FullMatch(c.url, k_archive) ? "distribution" : "vcs";
}

ordered_json component_json(const Entry& e, const std::vector<std::string>& unresolved)
{
  const SoupItem& s = *e.item;
  const bool is_record = s.source == "registry";
  const auto& r = s.record;
  const soup::Component* only = e.components.empty() ? nullptr : &e.components.front();

  ordered_json c;
  c["type"] = "library";
  c["bom-ref"] = e.ref;
  if (is_record && !r.manufacturer.empty()) {
    c["supplier"] = {{"name", r.manufacturer}};
  }
  if (is_record && !r.authors.empty()) {
    ordered_json authors = ordered_json::array();
    for (const auto& a : r.authors) {
      authors.push_back(contact(a));
    }
    c["authors"] = std::move(authors);
  }
  if (is_record || s.source == "submodule" || only == nullptr) {
    c["name"] = s.title.empty() ? s.id : s.title;
    c["version"] = or_unknown(is_record || only == nullptr ? r.version : only->version);
  } else {
    c["name"] = only->name;
    c["version"] = or_unknown(only->version);
  }
  // A record that says it is not SOUP, or a development-only dependency: not part of what
  // runs.
  if (!r.not_soup.empty() || (!is_record && only != nullptr && only->development)) {
    c["scope"] = "excluded";
  }

  ordered_json hashes = ordered_json::array();
  // The listing digest of a record's files is a hash of content only when it lists vendored
  // files; over gitlinks alone it hashes commit ids (the pins say those).
  if (!s.digest.empty() && std::any_of(s.files.begin(), s.files.end(), [](const auto& f) {
        return !f.sha256.empty();
      })) {
    add_hash(hashes, {"SHA-256", s.digest});
  }
  for (const auto& comp : e.components) {
    if (auto h = cyclonedx_hash(comp.digest)) {
      add_hash(hashes, *h);
    }
  }
  if (!hashes.empty()) {
    c["hashes"] = std::move(hashes);
  }
  if (is_record && !r.license.empty()) {
    // Always an expression: a single id is one too, and `license.id` must be in the SPDX
    // list the schema was cut from (docs/soup.md).
    c["licenses"] = ordered_json::array({{{"expression", r.license}}});
  }
  if (is_record && !r.cpe.empty()) {
    c["cpe"] = r.cpe;
  }
  std::string purl = is_record ? r.purl : std::string();
  if (purl.empty()) {
    // A record without a purl takes the one of what it covers, when that is one package at
    // the record's own version; anything else would name another version.
    std::set<std::string> purls;
    for (const auto& comp : e.components) {
      if (!comp.purl.empty()) {
        purls.insert(comp.purl);
      }
    }
    if (purls.size() == 1 && (!is_record || e.components.front().version == r.version)) {
      purl = *purls.begin();
    }
  }
  if (!purl.empty()) {
    c["purl"] = purl;
  }

  ordered_json refs = ordered_json::array();
  if (is_record) {
    add_reference(refs, "issue-tracker", r.anomaly_list, "published anomaly list");
  }
  for (const auto* item : e.items) {
    if (item->source == "submodule") {
      add_reference(refs, "vcs", item->url);
    }
  }
  for (const auto& comp : e.components) {
    add_reference(refs, reference_type(comp), comp.url);
  }
  if (!refs.empty()) {
    c["externalReferences"] = std::move(refs);
  }

  ordered_json props = ordered_json::array();
  props.push_back(property("git-trail:soup:id", s.id));
  props.push_back(property("git-trail:soup:source",
                           is_record                 ? "registry"
                           : s.source == "submodule" ? "submodule"
                                                     : "discovered"));
  props.push_back(property("git-trail:soup:class", or_unknown(s.safety_class)));
  // The FDA's fields, on every component: unknown when no record says.
  props.push_back(property("git-trail:soup:support-level", or_unknown(r.support)));
  props.push_back(property("git-trail:soup:anomaly-review", or_unknown(r.anomaly_review)));
  if (!r.end_of_support.empty()) {
    props.push_back(property("cdx:lifecycle:milestone:endOfSupport", r.end_of_support));
  }
  if (is_record) {
    props.push_back(property("git-trail:soup:anomaly-list", or_unknown(r.anomaly_list)));
    props.push_back(property("git-trail:soup:release-date", or_unknown(r.release_date)));
    props.push_back(property("git-trail:soup:requirements", or_unknown(r.requirements)));
    props.push_back(property("git-trail:soup:needs", or_unknown(r.needs)));
    props.push_back(property("git-trail:soup:verification", or_unknown(r.verification)));
    if (!r.not_soup.empty()) {
      props.push_back(property("git-trail:soup:not-soup", r.not_soup));
    }
  }
  for (const auto& comp : e.components) {
    props.push_back(property("git-trail:soup:pin", pin_text(comp)));
    if (comp.mutable_pin) {
      props.push_back(property("git-trail:soup:mutable-pin", pin_text(comp)));
    }
  }
  for (const auto& name : unresolved) {
    props.push_back(property("git-trail:soup:unresolved-dependency", name));
  }
  if (!s.missing.empty()) {
    props.push_back(property("git-trail:soup:missing", util::join(s.missing, ", ")));
  }
  c["properties"] = std::move(props);
  return c;
}

// The source that publishes an identifier: NVD for CVEs, GitHub for GHSAs, OSV otherwise.
ordered_json source_of(const std::string& id)
{
  if (id.starts_with("CVE-")) {
    return {{"name", "NVD"}, {"url", "https://nvd.nist.gov/vuln/detail/" + id}};
  }
  if (id.starts_with("GHSA-")) {
    return {{"name", "GitHub"}, {"url", "https://github.com/advisories/" + id}};
  }
  return {{"name", "OSV"}, {"url", "https://osv.dev/vulnerability/" + id}};
}

ordered_json rating_of(const std::string& severity)
{
  static const std::set<std::string> k_words = {
      "critical", "high", "medium", "low", "info", "none", "unknown"};
  if (k_words.contains(util::to_lower(severity))) {
    return {{"severity", util::to_lower(severity)}};
  }
  char* end = nullptr;
  const double score = std::strtod(severity.c_str(), &end);
  if (!severity.empty() && end == severity.c_str() + severity.size()) {
    return {{"score", score}};
  }
  ordered_json r;
  if (severity.starts_with("CVSS:3.1/")) {
    r["method"] = "CVSSv31";
  } else if (severity.starts_with("CVSS:3.0/")) {
    r["method"] = "CVSSv3";
  } else if (severity.starts_with("CVSS:4.0/")) {
    r["method"] = "CVSSv4";
  } else {
    r["method"] = "other";
  }
  r["vector"] = severity;
  return r;
}

ordered_json vulnerability_json(const soup::Vulnerability& v, const std::vector<std::string>& refs)
{
  static const std::set<std::string> k_states = {"resolved",
                                                 "resolved_with_pedigree",
                                                 "exploitable",
                                                 "in_triage",
                                                 "false_positive",
                                                 "not_affected"};
  static const std::set<std::string> k_justifications = {"code_not_present",
                                                         "code_not_reachable",
                                                         "requires_configuration",
                                                         "requires_dependency",
                                                         "requires_environment",
                                                         "protected_by_compiler",
                                                         "protected_at_runtime",
                                                         "protected_at_perimeter",
                                                         "protected_by_mitigating_control"};
  static const std::set<std::string> k_responses = {
      "can_not_fix", "will_not_fix", "update", "rollback", "workaround_available"};
  ordered_json j;
  j["id"] = v.id;
  j["source"] = source_of(v.id);
  if (!v.aliases.empty()) {
    ordered_json references = ordered_json::array();
    for (const auto& a : v.aliases) {
      references.push_back({{"id", a}, {"source", source_of(a)}});
    }
    j["references"] = std::move(references);
  }
  if (!v.severity.empty()) {
    j["ratings"] = ordered_json::array({rating_of(v.severity)});
  }
  if (!v.summary.empty()) {
    j["description"] = v.summary;
  }
  // What the schema does not know is kept word for word as a property, never dropped.
  ordered_json props = ordered_json::array();
  ordered_json analysis = ordered_json::object();
  if (k_states.contains(v.state)) {
    analysis["state"] = v.state;
  } else if (!v.state.empty()) {
    props.push_back(property("git-trail:vex:state", v.state));
  }
  if (k_justifications.contains(v.justification)) {
    analysis["justification"] = v.justification;
  } else if (!v.justification.empty()) {
    props.push_back(property("git-trail:vex:justification", v.justification));
  }
  ordered_json responses = ordered_json::array();
  for (const auto& r : v.responses) {
    if (k_responses.contains(r)) {
      responses.push_back(r);
    } else {
      props.push_back(property("git-trail:vex:response", r));
    }
  }
  if (!responses.empty()) {
    analysis["response"] = std::move(responses);
  }
  if (!v.detail.empty()) {
    analysis["detail"] = v.detail;
  }
  if (!analysis.empty()) {
    j["analysis"] = std::move(analysis);
  }
  ordered_json affects = ordered_json::array();
  for (const auto& ref : refs) {
    affects.push_back({{"ref", ref}});
  }
  j["affects"] = std::move(affects);
  if (!v.where.file.empty()) {
    props.push_back(
        property("git-trail:vex:file",
                 v.where.file + (v.where.line > 0 ? ":" + std::to_string(v.where.line) : "")));
  }
  if (!props.empty()) {
    j["properties"] = std::move(props);
  }
  return j;
}

// Two statements are one vulnerability entry when they say the same of the same id.
std::string vulnerability_key(const soup::Vulnerability& v)
{
  return v.id + "\n" + util::join(v.aliases, ",") + "\n" + v.summary + "\n" + v.severity + "\n" +
         v.state + "\n" + v.justification + "\n" + util::join(v.responses, ",") + "\n" + v.detail +
         "\n" + v.where.file + ":" + std::to_string(v.where.line);
}

} // namespace

std::optional<CyclonedxHash> cyclonedx_hash(std::string_view digest)
{
  if (digest.starts_with("sha256:")) {
    const std::string hex = util::to_lower(std::string(digest.substr(7)));
    if (is_hex(hex, 64)) {
      return CyclonedxHash{"SHA-256", hex};
    }
    return std::nullopt;
  }
  static const std::pair<std::string_view, std::pair<const char*, size_t>> k_integrity[] = {
      {"sha512-", {"SHA-512", 64}}, {"sha384-", {"SHA-384", 48}}, {"sha1-", {"SHA-1", 20}}};
  for (const auto& [prefix, alg] : k_integrity) {
    if (digest.starts_with(prefix)) {
      const auto bytes = util::base64_decode(digest.substr(prefix.size()));
      if (bytes && bytes->size() == alg.second) {
        return CyclonedxHash{alg.first, to_hex(*bytes)};
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string manifest_cyclonedx(const release::Manifest& m, const std::string& digest)
{
  ordered_json bom;
  bom["bomFormat"] = "CycloneDX";
  bom["specVersion"] = "1.6";
  bom["serialNumber"] =
      "urn:uuid:" + uuid_from(util::sha256_hex(std::string(k_layout) + "\n" + digest));
  bom["version"] = 1;

  ordered_json product;
  product["type"] = "application";
  product["bom-ref"] = "product";
  product["name"] = m.product;
  product["version"] = m.version;
  product["properties"] =
      ordered_json::array({property("git-trail:commit", m.commit),
                           property("git-trail:tree", m.tree),
                           property("git-trail:safety-class", m.safety_class),
                           property("git-trail:manifest-sha256", digest),
                           property("git-trail:policy-sha256", m.policy_digest)});
  ordered_json metadata;
  // The commit's date, never the clock: the same release gives the same document.
  metadata["timestamp"] = m.date;
  metadata["tools"] = {
      {"components",
       ordered_json::array(
           {{{"type", "application"}, {"name", "git-trail"}, {"version", m.tool_version}}})}};
  // The declared build tools after git-trail, only when declared.
  for (const auto& t : m.tools) {
    ordered_json tool = {{"type", "application"}, {"name", t.name}};
    if (!t.version.empty()) {
      tool["version"] = t.version;
    }
    if (!t.sha256.empty()) {
      tool["hashes"] = ordered_json::array({{{"alg", "SHA-256"}, {"content", t.sha256}}});
    }
    ordered_json properties = ordered_json::array();
    const std::pair<const char*, const std::string*> fields[] = {{"git-trail:path", &t.path},
                                                                 {"git-trail:command", &t.command},
                                                                 {"git-trail:purpose", &t.purpose}};
    for (const auto& [name, value] : fields) {
      if (!value->empty()) {
        properties.push_back(property(name, *value));
      }
    }
    if (!properties.empty()) {
      tool["properties"] = std::move(properties);
    }
    metadata["tools"]["components"].push_back(std::move(tool));
  }
  metadata["component"] = std::move(product);
  bom["metadata"] = std::move(metadata);

  ordered_json components = ordered_json::array();
  std::vector<std::string> top; // what the product depends on directly
  for (const auto& item : m.items) {
    ordered_json c;
    c["type"] = "file";
    c["bom-ref"] = "item:" + item.name;
    c["name"] = item.name;
    c["version"] = m.version;
    c["hashes"] = ordered_json::array({{{"alg", "SHA-256"}, {"content", item.digest}}});
    c["properties"] =
        ordered_json::array({property("git-trail:configuration-item", "true"),
                             property("git-trail:safety-class", item.safety_class),
                             property("git-trail:paths", util::join(item.paths, " ")),
                             property("git-trail:files", std::to_string(item.files.size()))});
    top.push_back("item:" + item.name);
    components.push_back(std::move(c));
  }

  const auto entries = entries_of(m.soup);
  // Dependencies: a component's depends_on names components of its own ecosystem.
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> by_name;
  for (size_t i = 0; i < entries.size(); ++i) {
    for (const auto& c : entries[i].components) {
      auto& at = by_name[{c.ecosystem, c.name}];
      if (std::find(at.begin(), at.end(), i) == at.end()) {
        at.push_back(i);
      }
    }
  }
  std::vector<std::vector<size_t>> depends(entries.size());
  std::vector<std::vector<std::string>> unresolved(entries.size());
  std::vector<bool> depended(entries.size(), false);
  for (size_t i = 0; i < entries.size(); ++i) {
    for (const auto& c : entries[i].components) {
      for (const auto& name : c.depends_on) {
        const auto found = by_name.find({c.ecosystem, name});
        if (found == by_name.end()) {
          if (std::find(unresolved[i].begin(), unresolved[i].end(), name) == unresolved[i].end()) {
            unresolved[i].push_back(name);
          }
          continue;
        }
        for (const size_t j : found->second) {
          if (j != i && std::find(depends[i].begin(), depends[i].end(), j) == depends[i].end()) {
            depends[i].push_back(j);
            depended[j] = true;
          }
        }
      }
    }
  }
  // The product depends on every component nothing else depends on, and on whatever a cycle
  // would otherwise leave unreachable.
  std::vector<bool> reached(entries.size(), false);
  std::vector<size_t> stack;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!depended[i]) {
      stack.push_back(i);
    }
  }
  std::vector<size_t> roots = stack;
  while (!stack.empty()) {
    const size_t i = stack.back();
    stack.pop_back();
    if (reached[i]) {
      continue;
    }
    reached[i] = true;
    for (const size_t j : depends[i]) {
      stack.push_back(j);
    }
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!reached[i]) {
      roots.push_back(i);
      for (std::vector<size_t> walk{i}; !walk.empty();) {
        const size_t k = walk.back();
        walk.pop_back();
        if (!reached[k]) {
          reached[k] = true;
          walk.insert(walk.end(), depends[k].begin(), depends[k].end());
        }
      }
    }
  }
  std::sort(roots.begin(), roots.end());

  for (size_t i = 0; i < entries.size(); ++i) {
    components.push_back(component_json(entries[i], unresolved[i]));
  }
  for (const size_t i : roots) {
    top.push_back(entries[i].ref);
  }
  bom["components"] = std::move(components);
  ordered_json dependencies =
      ordered_json::array({{{"ref", "product"}, {"dependsOn", std::move(top)}}});
  for (size_t i = 0; i < entries.size(); ++i) {
    if (depends[i].empty()) {
      continue;
    }
    ordered_json on = ordered_json::array();
    for (const size_t j : depends[i]) {
      on.push_back(entries[j].ref);
    }
    dependencies.push_back({{"ref", entries[i].ref}, {"dependsOn", std::move(on)}});
  }
  bom["dependencies"] = std::move(dependencies);

  // Vulnerabilities: one entry per statement, affecting every component it was attached to.
  std::vector<std::pair<const soup::Vulnerability*, std::vector<std::string>>> found;
  std::map<std::string, size_t> vulnerability_at;
  for (const auto& e : entries) {
    for (const auto* item : e.items) {
      for (const auto& v : item->vulnerabilities) {
        const auto [at, added] = vulnerability_at.emplace(vulnerability_key(v), found.size());
        if (added) {
          found.push_back({&v, {}});
        }
        auto& refs = found[at->second].second;
        if (std::find(refs.begin(), refs.end(), e.ref) == refs.end()) {
          refs.push_back(e.ref);
        }
      }
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first->id < b.first->id;
  });
  if (!found.empty()) {
    ordered_json vulnerabilities = ordered_json::array();
    for (const auto& [v, refs] : found) {
      vulnerabilities.push_back(vulnerability_json(*v, refs));
    }
    bom["vulnerabilities"] = std::move(vulnerabilities);
  }
  return bom.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace trail::render
