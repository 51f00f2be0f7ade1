#include "core/release/manifest_json.hpp"

#include "core/soup/vulnerabilities.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace trail::release {

namespace {

using nlohmann::ordered_json;

std::string hex_of(std::string_view bytes)
{
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

ordered_json or_unknown(const std::string& s)
{
  return s.empty() ? ordered_json(k_unknown) : ordered_json(s);
}

ordered_json files_json(const std::vector<ManifestFile>& files)
{
  ordered_json out = ordered_json::array();
  for (const auto& f : files) {
    ordered_json file;
    // A name that is not UTF-8 is written readable (U+FFFD for each bad byte) and exactly
    // ("path_hex": its bytes in hex), so two names never compare equal after the round trip.
    const std::string readable = util::sanitize_utf8(f.path);
    file["path"] = readable;
    if (readable != f.path) {
      file["path_hex"] = hex_of(f.path);
    }
    file["mode"] = f.mode;
    file["object"] = f.object;
    if (!f.sha256.empty()) {
      file["sha256"] = f.sha256;
    }
    out.push_back(std::move(file));
  }
  return out;
}

ordered_json problem_json(const ProblemReport& p)
{
  ordered_json out;
  out["id"] = p.id;
  out["title"] = or_unknown(p.title);
  out["status"] = or_unknown(p.status);
  out["severity"] = or_unknown(p.severity);
  out["class"] = p.safety_class;
  out["evaluation"] = or_unknown(p.evaluation);
  out["fixed_by"] = p.fixed_by;
  return out;
}

// The text fields of a registry SOUP record, in the order the manifest writes them (after
// "status", before "paths"): written, validated and read back from this one list.
// The SOUP record's text fields the manifest writes (registry::k_soup_fields).
// (Each key is a string literal: data() ends with its NUL.)
std::vector<std::pair<const char*, std::string registry::SoupRecord::*>> soup_text_fields()
{
  std::vector<std::pair<const char*, std::string registry::SoupRecord::*>> out;
  for (const auto& field : registry::k_soup_fields) {
    if (field.manifest && field.text) {
      out.emplace_back(field.key.data(), field.text);
    }
  }
  return out;
}

} // namespace

nlohmann::ordered_json component_json(const soup::Component& c)
{
  ordered_json out;
  out["ecosystem"] = c.ecosystem;
  out["name"] = c.name;
  out["version"] = c.version;
  out["purl"] = c.purl;
  out["url"] = c.url;
  out["path"] = c.path;
  out["digest"] = c.digest;
  out["file"] = c.where.file;
  out["line"] = c.where.line;
  out["development"] = c.development;
  out["mutable"] = c.mutable_pin;
  return out;
}

nlohmann::ordered_json soup_to_json(const SoupItem& s)
{
  const auto& r = s.record;
  ordered_json out;
  out["id"] = s.id;
  out["source"] = s.source;
  out["title"] = or_unknown(s.title);
  out["class"] = s.safety_class;
  if (s.source == "registry") {
    out["status"] = or_unknown(s.status);
    for (const auto& [name, field] : soup_text_fields()) {
      out[name] = or_unknown(r.*field);
    }
    out["paths"] = r.paths;
    if (!r.not_soup.empty()) {
      out["not_soup"] = r.not_soup; // written only when said: other manifests keep their bytes
    }
    if (!r.authors.empty()) {
      out["authors"] = r.authors; // likewise (CycloneDX authors)
    }
  } else if (s.source == "submodule") {
    out["commit"] = r.version;
    out["url"] = or_unknown(s.url);
    out["described_by"] =
        s.described_by.empty() ? ordered_json(nullptr) : ordered_json(s.described_by);
  } else {
    // A discovered component no record covers (source = its ecosystem).
    out["version"] = or_unknown(r.version);
    out["purl"] = or_unknown(r.purl);
    out["url"] = or_unknown(s.url);
  }
  out["files"] = files_json(s.files);
  out["sha256"] = s.digest.empty() ? ordered_json(nullptr) : ordered_json(s.digest);
  out["missing"] = s.missing;
  // Written only when discovery found some (issue 14): manifests without them keep their bytes.
  if (!s.components.empty()) {
    out["components"] = ordered_json::array();
    for (const auto& c : s.components) {
      out["components"].push_back(component_json(c));
    }
  }
  if (!s.pin_problems.empty()) {
    out["pin_problems"] = ordered_json::array();
    for (const auto& p : s.pin_problems) {
      out["pin_problems"].push_back({{"rule", p.rule},
                                     {"component", p.component},
                                     {"record", p.record},
                                     {"message", p.message},
                                     {"fix", p.fix}});
    }
  }
  // Known vulnerabilities of its version (docs/soup.md): written only when there are some, so
  // a manifest without vulnerability files keeps its shape.
  if (!s.vulnerabilities.empty()) {
    ordered_json list = ordered_json::array();
    for (const auto& v : s.vulnerabilities) {
      list.push_back({{"id", v.id},
                      {"aliases", v.aliases},
                      {"summary", v.summary},
                      {"severity", v.severity},
                      {"file", v.where.file},
                      {"line", v.where.line},
                      {"state", v.state},
                      {"justification", v.justification},
                      {"response", v.responses},
                      {"detail", v.detail},
                      {"affects", v.affects},
                      {"fixed", v.fixed},
                      {"evaluated", soup::missing_evaluation(v).empty()}});
    }
    out["vulnerabilities"] = std::move(list);
  }
  return out;
}

nlohmann::ordered_json manifest_to_json(const Manifest& m)
{
  ordered_json out;
  out["manifest"] = k_manifest_format;
  out["product"] = {{"name", m.product}, {"version", m.version}, {"safety_class", m.safety_class}};
  out["revision"] = {{"commit", m.commit}, {"tree", m.tree}, {"date", m.date}};
  out["tool"] = {{"name", "git-trail"}, {"version", m.tool_version}};
  out["policy"] = {{"source", m.policy_source}, {"sha256", m.policy_digest}};
  if (m.previous_commit) {
    out["previous_release"] = {
        {"tag", m.previous_tag ? ordered_json(*m.previous_tag) : ordered_json(k_unknown)},
        {"commit", *m.previous_commit}};
  } else {
    out["previous_release"] = nullptr;
  }

  ordered_json items = ordered_json::array();
  for (const auto& item : m.items) {
    ordered_json entry;
    entry["name"] = item.name;
    entry["class"] = item.safety_class;
    // Written only when there is something to say, so other manifests keep their shape.
    if (!item.declared_class.empty()) {
      entry["declared_class"] = item.declared_class;
    }
    if (!item.class_rationale.empty()) {
      entry["class_rationale"] = item.class_rationale;
    }
    if (!item.segregation.empty()) {
      entry["segregation"] = item.segregation;
    }
    entry["paths"] = item.paths;
    entry["sha256"] = item.digest;
    entry["files"] = files_json(item.files);
    if (!item.stricter_files.empty()) {
      ordered_json stricter = ordered_json::array();
      for (const auto& f : item.stricter_files) {
        stricter.push_back(
            {{"path", util::sanitize_utf8(f.path)}, {"class", f.safety_class}, {"items", f.items}});
      }
      entry["stricter_files"] = std::move(stricter);
    }
    items.push_back(std::move(entry));
  }
  out["configuration_items"] = std::move(items);

  ordered_json soup = ordered_json::array();
  for (const auto& s : m.soup) {
    soup.push_back(soup_to_json(s));
  }
  out["soup"] = std::move(soup);

  ordered_json changes = ordered_json::array();
  for (const auto& c : m.changes) {
    ordered_json entry;
    entry["commit"] = c.commit;
    entry["subject"] = c.subject;
    entry["author"] = c.author;
    entry["date"] = c.date;
    ordered_json links = ordered_json::array();
    for (const auto& link : c.links) {
      links.push_back({{"relation", link.relation}, {"kind", link.kind}, {"id", link.id}});
    }
    entry["links"] = std::move(links);
    if (!c.safety_impact.empty()) {
      entry["safety_impact"] = c.safety_impact;
    }
    changes.push_back(std::move(entry));
  }
  out["changes"] = std::move(changes);
  if (!m.shallow_boundary.empty()) {
    // Said only when it happens, so a complete manifest keeps its shape.
    out["changes_incomplete"] = {{"reason", "shallow clone: history stops at these commits"},
                                 {"boundary", m.shallow_boundary}};
  }

  ordered_json resolved = ordered_json::array();
  for (const auto& p : m.resolved) {
    resolved.push_back(problem_json(p));
  }
  out["problems_resolved"] = std::move(resolved);
  ordered_json residual = ordered_json::array();
  for (const auto& p : m.residual) {
    residual.push_back(problem_json(p));
  }
  out["residual_anomalies"] = std::move(residual);

  ordered_json verification;
  ordered_json reports = ordered_json::array();
  for (const auto& e : m.evidence) {
    reports.push_back({{"file", e.file},
                       {"sha256", e.sha256},
                       {"tree", e.tree},
                       {"bound_to_release", e.bound},
                       {"tests", e.tests},
                       {"passed", e.passed},
                       {"failed", e.failed},
                       {"skipped", e.skipped}});
  }
  verification["reports"] = std::move(reports);
  if (m.verification_assessed) {
    ordered_json requirements = ordered_json::array();
    for (const auto& r : m.requirements) {
      requirements.push_back({{"id", r.id},
                              {"title", or_unknown(r.title)},
                              {"status", or_unknown(r.status)},
                              {"class", r.safety_class},
                              {"role", r.role},
                              {"in_release", r.in_release},
                              {"passed", r.passed},
                              {"failed", r.failed},
                              {"skipped", r.skipped},
                              {"gaps", r.gaps}});
    }
    verification["requirements"] = std::move(requirements);
  } else {
    verification["requirements"] = k_unknown;
  }
  out["verification"] = std::move(verification);
  out["build"] = {{"procedure", m.build},
                  {"environment",
                   m.environment.empty() ? ordered_json(k_unknown) : ordered_json(m.environment)}};
  // Only when declared, so manifests of projects that declare none keep their bytes.
  if (!m.tools.empty()) {
    ordered_json tools = ordered_json::array();
    for (const auto& t : m.tools) {
      const auto or_null = [](const std::string& v) {
        return v.empty() ? ordered_json(nullptr) : ordered_json(v);
      };
      tools.push_back({{"name", t.name},
                       {"version", or_unknown(t.version)},
                       {"sha256", or_unknown(t.sha256)},
                       {"digest_source", or_null(t.digest_source)},
                       {"path", or_null(t.path)},
                       {"command", or_null(t.command)},
                       {"purpose", or_null(t.purpose)}});
    }
    out["build"]["tools"] = std::move(tools);
  }
  return out;
}

std::string manifest_text(const Manifest& manifest)
{
  // Bytes that are not UTF-8 were replaced when the model was built; dump must not throw.
  return manifest_to_json(manifest).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

namespace {

[[noreturn]] void malformed(const std::string& what)
{
  throw UsageError("the manifest in the tag is malformed: " + what);
}

// Refuses TEXT when its arrays and objects nest deeper than k_max_manifest_depth, before any
// parser or recursive walk sees it.
void check_depth(std::string_view text)
{
  size_t depth = 0;
  size_t line = 1;
  size_t column = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (c == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > k_max_manifest_depth) {
        malformed("arrays and objects nest more than " + std::to_string(k_max_manifest_depth) +
                  " deep (line " + std::to_string(line) + ", column " + std::to_string(column) +
                  " of the manifest)");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// Tracks where the parser is, to name a duplicate key by its JSON path.
class DuplicateKeys
{
public:
  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, ordered_json& parsed)
  {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
    case Event::object_start:
      m_frames.push_back({false, 0, {}, {}});
      break;
    case Event::array_start:
      m_frames.push_back({true, 0, {}, {}});
      break;
    case Event::key: {
      auto& frame = m_frames.back();
      frame.key = parsed.get<std::string>();
      if (!frame.keys.insert(frame.key).second) {
        malformed("duplicate key \"" + util::sanitize_utf8(frame.key) + "\" in " + where());
      }
      break;
    }
    case Event::object_end:
    case Event::array_end:
      m_frames.pop_back();
      advance();
      break;
    case Event::value:
      advance();
      break;
    }
    return true;
  }

private:
  struct Frame
  {
    bool array;
    size_t index;
    std::string key;
    std::set<std::string> keys;
  };

  void advance()
  {
    if (!m_frames.empty() && m_frames.back().array) {
      ++m_frames.back().index;
    }
  }

  // The path of the innermost open object, as the other messages name fields.
  std::string where() const
  {
    std::string out;
    for (size_t i = 0; i + 1 < m_frames.size(); ++i) {
      const auto& parent = m_frames[i];
      if (parent.array) {
        out += "[" + std::to_string(parent.index) + "]";
      } else {
        out += (out.empty() ? "" : ".") + util::sanitize_utf8(parent.key);
      }
    }
    return out.empty() ? "the top-level object" : out;
  }

  std::vector<Frame> m_frames;
};

// One validation pass over the whole document, before anything indexes into it: every field
// manifest_to_json writes, required and of its type. Fields it does not know are left to the
// comparison with the tree, which reports them.
class Schema
{
public:
  void document(const ordered_json& doc)
  {
    object(doc, "product", {"name", "version", "safety_class"});
    object(doc, "revision", {"commit", "tree", "date"});
    object(doc, "tool", {"name", "version"});
    object(doc, "policy", {"source", "sha256"});
    const auto& previous = field(doc, "previous_release", "");
    if (!previous.is_null()) {
      object(doc, "previous_release", {"tag", "commit"});
    }
    each(doc, "configuration_items", "", [&](const ordered_json& item, const std::string& at) {
      strings(item, at, {"name", "class", "sha256"});
      for (const char* name : {"declared_class", "class_rationale", "segregation"}) {
        optional_string(item, name, at);
      }
      string_array(item, "paths", at);
      files(item, at);
      if (item.contains("stricter_files")) {
        each(item, "stricter_files", at, [](const ordered_json& f, const std::string& at_file) {
          strings(f, at_file, {"path", "class"});
          string_array(f, "items", at_file);
        });
      }
    });
    each(doc, "soup", "", [&](const ordered_json& item, const std::string& at) {
      strings(item, at, {"id", "source", "title", "class"});
      if (item["source"] == "registry") {
        strings(item, at, {"status"});
        for (const auto& [name, field] : soup_text_fields()) {
          strings(item, at, {name});
        }
        string_array(item, "paths", at);
        if (item.contains("not_soup")) {
          strings(item, at, {"not_soup"});
        }
        if (item.contains("authors")) {
          string_array(item, "authors", at);
        }
      } else if (item["source"] == "submodule") {
        strings(item, at, {"commit", "url"});
        string_or_null(item, "described_by", at);
      } else {
        // A discovered component no record covers: its source is its ecosystem.
        const auto& source = item["source"].get_ref<const std::string&>();
        if (std::find(std::begin(soup::k_ecosystems), std::end(soup::k_ecosystems), source) ==
            std::end(soup::k_ecosystems)) {
          malformed(join(at, "source") +
                    " is neither \"registry\" nor \"submodule\" nor an ecosystem of SOUP "
                    "discovery");
        }
        strings(item, at, {"version", "purl", "url"});
      }
      files(item, at);
      string_or_null(item, "sha256", at);
      string_array(item, "missing", at);
      if (item.contains("components")) {
        each(item, "components", at, [](const ordered_json& c, const std::string& at_c) {
          strings(
              c, at_c, {"ecosystem", "name", "version", "purl", "url", "path", "digest", "file"});
        });
      }
      if (item.contains("pin_problems")) {
        each(item, "pin_problems", at, [](const ordered_json& p, const std::string& at_p) {
          strings(p, at_p, {"rule", "component", "record", "message", "fix"});
        });
      }
      if (item.contains("vulnerabilities")) {
        each(item, "vulnerabilities", at, [](const ordered_json& v, const std::string& at_v) {
          strings(
              v, at_v, {"id", "summary", "severity", "file", "state", "justification", "detail"});
          for (const char* list : {"aliases", "response", "affects", "fixed"}) {
            string_array(v, list, at_v);
          }
        });
      }
    });
    each(doc, "changes", "", [&](const ordered_json& change, const std::string& at) {
      strings(change, at, {"commit", "subject", "author", "date"});
      each(change, "links", at, [&](const ordered_json& link, const std::string& at_link) {
        strings(link, at_link, {"relation", "kind", "id"});
      });
      optional_string(change, "safety_impact", at);
    });
    if (doc.contains("changes_incomplete")) {
      object(doc, "changes_incomplete", {"reason"});
      string_array(doc["changes_incomplete"], "boundary", "changes_incomplete");
    }
    for (const char* list : {"problems_resolved", "residual_anomalies"}) {
      each(doc, list, "", [&](const ordered_json& p, const std::string& at) {
        strings(p, at, {"id", "title", "status", "severity", "class", "evaluation"});
        string_array(p, "fixed_by", at);
      });
    }
    object(doc, "verification", {});
    const auto& verification = doc["verification"];
    each(
        verification, "reports", "verification", [&](const ordered_json& r, const std::string& at) {
          strings(r, at, {"file", "sha256", "tree"});
          if (!field(r, "bound_to_release", at).is_boolean()) {
            malformed(at + ".bound_to_release is not true or false");
          }
          counts(r, at, {"tests", "passed", "failed", "skipped"});
        });
    const auto& requirements = field(verification, "requirements", "verification");
    if (!(requirements.is_string() && requirements == k_unknown)) {
      each(verification,
           "requirements",
           "verification",
           [&](const ordered_json& r, const std::string& at) {
             strings(r, at, {"id", "title", "status", "class"});
             optional_string(r, "role", at);
             if (const auto it = r.find("in_release"); it != r.end() && !it->is_boolean()) {
               malformed(at + ".in_release is not true or false");
             }
             counts(r, at, {"passed", "failed", "skipped"});
             string_array(r, "gaps", at);
           });
    }
    object(doc, "build", {"procedure"});
    const auto& environment = field(doc["build"], "environment", "build");
    if (!(environment.is_string() && environment == k_unknown)) {
      string_array(doc["build"], "environment", "build");
    }
    if (doc["build"].contains("tools")) {
      each(doc["build"], "tools", "build", [](const ordered_json& t, const std::string& at) {
        strings(t, at, {"name", "version", "sha256"});
        for (const char* name : {"digest_source", "path", "command", "purpose"}) {
          string_or_null(t, name, at);
        }
      });
    }
  }

private:
  static std::string join(const std::string& at, const std::string& name)
  {
    return at.empty() ? name : at + "." + name;
  }

  static const ordered_json&
  field(const ordered_json& obj, const std::string& name, const std::string& at)
  {
    const auto it = obj.find(name);
    if (it == obj.end()) {
      malformed((at.empty() ? std::string("the field ") : at + " has no field ") + "\"" + name +
                "\"" + (at.empty() ? " is missing" : ""));
    }
    return *it;
  }

  static void object(const ordered_json& parent,
                     const std::string& name,
                     std::initializer_list<const char*> fields)
  {
    const auto& value = field(parent, name, "");
    if (!value.is_object()) {
      malformed(name + " is not an object");
    }
    strings(value, name, fields);
  }

  static void
  strings(const ordered_json& obj, const std::string& at, std::initializer_list<const char*> fields)
  {
    for (const char* name : fields) {
      if (!field(obj, name, at).is_string()) {
        malformed(join(at, name) + " is not a string");
      }
    }
  }

  static void
  optional_string(const ordered_json& obj, const std::string& name, const std::string& at)
  {
    const auto it = obj.find(name);
    if (it != obj.end() && !it->is_string()) {
      malformed(join(at, name) + " is not a string");
    }
  }

  static void
  string_or_null(const ordered_json& obj, const std::string& name, const std::string& at)
  {
    const auto& value = field(obj, name, at);
    if (!value.is_string() && !value.is_null()) {
      malformed(join(at, name) + " is neither a string nor null");
    }
  }

  static void string_array(const ordered_json& obj, const std::string& name, const std::string& at)
  {
    const auto& value = field(obj, name, at);
    if (!value.is_array() ||
        !std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); })) {
      malformed(join(at, name) + " is not an array of strings");
    }
  }

  static void
  counts(const ordered_json& obj, const std::string& at, std::initializer_list<const char*> fields)
  {
    for (const char* name : fields) {
      if (!field(obj, name, at).is_number_unsigned()) {
        malformed(join(at, name) + " is not a count (a whole number of at least 0)");
      }
    }
  }

  template<typename Check>
  static void
  each(const ordered_json& obj, const std::string& name, const std::string& at, Check check)
  {
    const std::string where = join(at, name);
    const auto& array = field(obj, name, at);
    if (!array.is_array()) {
      malformed(where + " is not an array");
    }
    for (size_t i = 0; i < array.size(); ++i) {
      const std::string at_element = where + "[" + std::to_string(i) + "]";
      if (!array[i].is_object()) {
        malformed(at_element + " is not an object");
      }
      check(array[i], at_element);
    }
  }

  static void files(const ordered_json& group, const std::string& at)
  {
    each(group, "files", at, [](const ordered_json& file, const std::string& at_file) {
      strings(file, at_file, {"path", "mode", "object"});
      optional_string(file, "sha256", at_file);
      optional_string(file, "path_hex", at_file);
      const std::string path = file["path"].get<std::string>();
      std::string exact = path;
      if (const auto hex = file.find("path_hex"); hex != file.end()) {
        const auto bytes = from_hex(hex->get<std::string>());
        if (!bytes || util::sanitize_utf8(*bytes) == *bytes ||
            util::sanitize_utf8(*bytes) != path) {
          malformed(at_file + ".path_hex is not the hex of a name that is not UTF-8 and reads as " +
                    "path");
        }
        exact = *bytes;
      }
      if (const std::string why = path_problem(exact); !why.empty()) {
        malformed(at_file + ".path \"" + util::sanitize_utf8(path) +
                  "\" is not a path inside the release: " + why);
      }
    });
  }

public:
  // Returns the bytes of lowercase HEX, or nullopt when it is not that.
  static std::optional<std::string> from_hex(const std::string& hex)
  {
    const auto digit = [](char c) -> int {
      if (c >= '0' && c <= '9') {
        return c - '0';
      }
      if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
      }
      return -1;
    };
    if (hex.empty() || hex.size() % 2 != 0) {
      return std::nullopt;
    }
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 2) {
      const int hi = digit(hex[i]);
      const int lo = digit(hex[i + 1]);
      if (hi < 0 || lo < 0) {
        return std::nullopt;
      }
      out += static_cast<char>(hi * 16 + lo);
    }
    return out;
  }
};

} // namespace

std::string path_problem(std::string_view path)
{
  if (path.empty()) {
    return "empty";
  }
  if (path.front() == '/') {
    return "absolute";
  }
  if (path.find('\0') != std::string_view::npos) {
    return "holds a NUL byte";
  }
  for (const auto part : util::split(path, '/')) {
    if (part.empty()) {
      return "an empty component";
    }
    if (part == "." || part == "..") {
      return "a \"" + std::string(part) + "\" component";
    }
  }
  return {};
}

std::string file_entry_path(const nlohmann::ordered_json& file)
{
  const auto hex = file.find("path_hex");
  if (hex == file.end() || !hex->is_string()) {
    return file.value("path", std::string());
  }
  // Checked by parse_manifest_json; a digit that is not hex never throws here either.
  return Schema::from_hex(hex->get<std::string>()).value_or(std::string());
}

namespace {

// A field manifest_to_json wrote with or_unknown: "unknown" reads back empty.
std::string known(const ordered_json& obj, const char* name)
{
  const auto value = obj.value(name, std::string());
  return value == k_unknown ? std::string() : value;
}

std::string text(const ordered_json& obj, const char* name)
{
  return obj.value(name, std::string());
}

std::vector<std::string> texts(const ordered_json& obj, const char* name)
{
  const auto it = obj.find(name);
  return it == obj.end() || !it->is_array() ? std::vector<std::string>()
                                            : it->get<std::vector<std::string>>();
}

size_t count(const ordered_json& obj, const char* name)
{
  return obj.value(name, size_t{0});
}

std::vector<ManifestFile> files_from(const ordered_json& group)
{
  std::vector<ManifestFile> out;
  for (const auto& file : group["files"]) {
    out.push_back(
        {file_entry_path(file), text(file, "mode"), text(file, "object"), text(file, "sha256")});
  }
  return out;
}

std::string string_or_empty(const ordered_json& value)
{
  return value.is_string() ? value.get<std::string>() : std::string();
}

SoupItem soup_from(const ordered_json& s)
{
  SoupItem out;
  out.id = text(s, "id");
  out.source = text(s, "source");
  out.title = known(s, "title");
  out.safety_class = text(s, "class");
  auto& r = out.record;
  if (out.source == "registry") {
    out.status = known(s, "status");
    for (const auto& [name, field] : soup_text_fields()) {
      r.*field = known(s, name);
    }
    r.paths = texts(s, "paths");
    r.not_soup = s.contains("not_soup") ? text(s, "not_soup") : std::string();
    r.authors = s.contains("authors") ? texts(s, "authors") : std::vector<std::string>();
  } else if (out.source == "submodule") {
    r.version = text(s, "commit");
    out.url = known(s, "url");
    out.described_by = string_or_empty(s["described_by"]);
  } else {
    r.version = known(s, "version");
    r.purl = known(s, "purl");
    out.url = known(s, "url");
  }
  out.files = files_from(s);
  out.digest = string_or_empty(s["sha256"]);
  out.missing = texts(s, "missing");
  if (s.contains("components")) {
    for (const auto& c : s["components"]) {
      soup::Component component;
      component.ecosystem = text(c, "ecosystem");
      component.name = text(c, "name");
      component.version = text(c, "version");
      component.purl = text(c, "purl");
      component.url = text(c, "url");
      component.path = text(c, "path");
      component.digest = text(c, "digest");
      component.where.file = text(c, "file");
      component.where.line = c.value("line", 0);
      component.development = c.value("development", false);
      component.mutable_pin = c.value("mutable", false);
      out.components.push_back(std::move(component));
    }
  }
  if (s.contains("pin_problems")) {
    for (const auto& p : s["pin_problems"]) {
      out.pin_problems.push_back({text(p, "rule"),
                                  text(p, "component"),
                                  text(p, "record"),
                                  text(p, "message"),
                                  text(p, "fix")});
    }
  }
  if (s.contains("vulnerabilities")) {
    for (const auto& v : s["vulnerabilities"]) {
      soup::Vulnerability read;
      read.id = text(v, "id");
      read.aliases = texts(v, "aliases");
      read.summary = text(v, "summary");
      read.severity = text(v, "severity");
      read.where.file = text(v, "file");
      read.where.line = v.value("line", 0);
      read.state = text(v, "state");
      read.justification = text(v, "justification");
      read.responses = texts(v, "response");
      read.detail = text(v, "detail");
      read.affects = texts(v, "affects");
      read.fixed = texts(v, "fixed");
      out.vulnerabilities.push_back(std::move(read));
    }
  }
  return out;
}

ProblemReport problem_from(const ordered_json& p)
{
  ProblemReport out;
  out.id = text(p, "id");
  out.title = known(p, "title");
  out.status = known(p, "status");
  out.severity = known(p, "severity");
  out.safety_class = text(p, "class");
  out.evaluation = known(p, "evaluation");
  out.fixed_by = texts(p, "fixed_by");
  return out;
}

} // namespace

Manifest manifest_from_json(const nlohmann::ordered_json& doc)
{
  Manifest m;
  const auto& product = doc["product"];
  m.product = text(product, "name");
  m.version = text(product, "version");
  m.safety_class = text(product, "safety_class");
  m.commit = text(doc["revision"], "commit");
  m.tree = text(doc["revision"], "tree");
  m.date = text(doc["revision"], "date");
  m.tool_version = text(doc["tool"], "version");
  m.policy_source = text(doc["policy"], "source");
  m.policy_digest = text(doc["policy"], "sha256");
  if (const auto& previous = doc["previous_release"]; previous.is_object()) {
    m.previous_commit = text(previous, "commit");
    if (const auto tag = text(previous, "tag"); tag != k_unknown) {
      m.previous_tag = tag;
    }
  }
  for (const auto& entry : doc["configuration_items"]) {
    ConfigurationItem item;
    item.name = text(entry, "name");
    item.safety_class = text(entry, "class");
    item.declared_class = text(entry, "declared_class");
    item.class_rationale = text(entry, "class_rationale");
    item.segregation = text(entry, "segregation");
    item.paths = texts(entry, "paths");
    item.digest = text(entry, "sha256");
    item.files = files_from(entry);
    if (const auto it = entry.find("stricter_files"); it != entry.end()) {
      for (const auto& f : *it) {
        item.stricter_files.push_back({text(f, "path"), text(f, "class"), texts(f, "items")});
      }
    }
    m.items.push_back(std::move(item));
  }
  for (const auto& s : doc["soup"]) {
    m.soup.push_back(soup_from(s));
  }
  for (const auto& entry : doc["changes"]) {
    Change c;
    c.commit = text(entry, "commit");
    c.subject = text(entry, "subject");
    c.author = text(entry, "author");
    c.date = text(entry, "date");
    for (const auto& link : entry["links"]) {
      c.links.push_back({text(link, "relation"), text(link, "kind"), text(link, "id")});
    }
    c.safety_impact = text(entry, "safety_impact");
    m.changes.push_back(std::move(c));
  }
  if (const auto it = doc.find("changes_incomplete"); it != doc.end()) {
    m.shallow_boundary = texts(*it, "boundary");
  }
  for (const auto& p : doc["problems_resolved"]) {
    m.resolved.push_back(problem_from(p));
  }
  for (const auto& p : doc["residual_anomalies"]) {
    m.residual.push_back(problem_from(p));
  }
  const auto& verification = doc["verification"];
  for (const auto& r : verification["reports"]) {
    Evidence e;
    e.file = text(r, "file");
    e.sha256 = text(r, "sha256");
    e.tree = text(r, "tree");
    e.bound = r.value("bound_to_release", false);
    e.tests = count(r, "tests");
    e.passed = count(r, "passed");
    e.failed = count(r, "failed");
    e.skipped = count(r, "skipped");
    m.evidence.push_back(std::move(e));
  }
  if (const auto& requirements = verification["requirements"]; requirements.is_array()) {
    m.verification_assessed = true;
    for (const auto& r : requirements) {
      RequirementStatus status;
      status.id = text(r, "id");
      status.title = known(r, "title");
      status.status = known(r, "status");
      status.safety_class = text(r, "class");
      status.role = r.value("role", std::string("requirement"));
      status.in_release = r.value("in_release", true);
      status.passed = count(r, "passed");
      status.failed = count(r, "failed");
      status.skipped = count(r, "skipped");
      status.gaps = texts(r, "gaps");
      m.requirements.push_back(std::move(status));
    }
  }
  m.build = text(doc["build"], "procedure");
  const auto& environment = doc["build"]["environment"];
  if (environment.is_array()) {
    m.environment = environment.get<std::vector<std::string>>();
  }
  if (const auto it = doc["build"].find("tools"); it != doc["build"].end()) {
    const auto or_empty = [](const ordered_json& t, const char* name) {
      const auto v = t.find(name);
      return v != t.end() && v->is_string() ? v->get<std::string>() : std::string();
    };
    for (const auto& t : *it) {
      ToolRecord tool;
      tool.name = text(t, "name");
      tool.version = known(t, "version");
      tool.sha256 = known(t, "sha256");
      tool.digest_source = or_empty(t, "digest_source");
      tool.path = or_empty(t, "path");
      tool.command = or_empty(t, "command");
      tool.purpose = or_empty(t, "purpose");
      m.tools.push_back(std::move(tool));
    }
  }
  return m;
}

nlohmann::ordered_json parse_manifest_json(std::string_view text)
{
  check_depth(text);
  ordered_json doc;
  try {
    doc = ordered_json::parse(text, DuplicateKeys());
  } catch (const nlohmann::json::exception& error) {
    throw UsageError(std::string("the manifest in the tag is not valid JSON: ") + error.what());
  }
  const auto format = doc.is_object() ? doc.find("manifest") : doc.end();
  if (!doc.is_object() || format == doc.end() || *format != k_manifest_format) {
    throw UsageError("the manifest in the tag is not a " + std::string(k_manifest_format) +
                     " document");
  }
  Schema().document(doc);
  return doc;
}

} // namespace trail::release
