#include "core/soup/vulnerabilities.hpp"

#include "core/config/diagnostic.hpp"
#include "core/soup/version.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace trail::soup {

namespace {

// ---- JSON with positions -------------------------------------------------------------------
// The files are read with a small parser of their own so that every value keeps the line and
// column it starts at: a statement without an id is named where it is written.

struct Json
{
  enum class Type
  {
    null,
    boolean,
    number,
    string,
    array,
    object,
  };
  Type type = Type::null;
  std::string text; // a string's value, a number as written, "true"/"false"
  std::vector<Json> items;
  // An object's members in order (a struct of its own, not a std::pair: a pair needs Json
  // complete, which clang's libstdc++ checks).
  struct Member;
  std::vector<Member> members;
  int line = 0;
  int column = 0;

  const Json* get(std::string_view key) const;
};

struct Json::Member
{
  std::string first;
  Json second;
};

const Json* Json::get(std::string_view key) const
{
  for (const auto& [name, value] : members) {
    if (name == key) {
      return &value;
    }
  }
  return nullptr;
}

struct Failure
{
  int line;
  int column;
  std::string message;
};

class Parser
{
public:
  explicit Parser(std::string_view text) : m_text(text) {}

  Json document()
  {
    skip_space();
    Json value = parse_value(0);
    skip_space();
    if (m_at != m_text.size()) {
      fail("unexpected text after the JSON value");
    }
    return value;
  }

private:
  static constexpr int k_max_depth = 256;

  [[noreturn]] void fail(std::string message) const
  {
    throw Failure{m_line, static_cast<int>(m_at - m_line_start) + 1, std::move(message)};
  }

  void skip_space()
  {
    while (m_at < m_text.size()) {
      const char c = m_text[m_at];
      if (c == '\n') {
        ++m_line;
        m_line_start = m_at + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      ++m_at;
    }
  }

  Json parse_value(int depth)
  {
    if (depth > k_max_depth) {
      fail("nested deeper than " + std::to_string(k_max_depth) + " levels");
    }
    Json out;
    out.line = m_line;
    out.column = static_cast<int>(m_at - m_line_start) + 1;
    if (m_at >= m_text.size()) {
      fail("unexpected end of the file");
    }
    const char c = m_text[m_at];
    if (c == '{') {
      out.type = Json::Type::object;
      ++m_at;
      skip_space();
      if (peek('}')) {
        ++m_at;
        return out;
      }
      while (true) {
        skip_space();
        if (!peek('"')) {
          fail("expected a quoted member name");
        }
        const int key_line = m_line;
        const int key_column = static_cast<int>(m_at - m_line_start) + 1;
        std::string key = parse_string();
        for (const auto& [name, value] : out.members) {
          if (name == key) {
            throw Failure{key_line, key_column, "duplicate member \"" + key + "\""};
          }
        }
        skip_space();
        if (!peek(':')) {
          fail("expected ':' after member name");
        }
        ++m_at;
        skip_space();
        Json value = parse_value(depth + 1);
        out.members.push_back({std::move(key), std::move(value)});
        skip_space();
        if (peek(',')) {
          ++m_at;
          continue;
        }
        if (peek('}')) {
          ++m_at;
          return out;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      out.type = Json::Type::array;
      ++m_at;
      skip_space();
      if (peek(']')) {
        ++m_at;
        return out;
      }
      while (true) {
        skip_space();
        out.items.push_back(parse_value(depth + 1));
        skip_space();
        if (peek(',')) {
          ++m_at;
          continue;
        }
        if (peek(']')) {
          ++m_at;
          return out;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      out.type = Json::Type::string;
      out.text = parse_string();
      return out;
    }
    for (const std::string_view word : {"true", "false", "null"}) {
      if (m_text.substr(m_at, word.size()) == word) {
        m_at += word.size();
        out.type = word == "null" ? Json::Type::null : Json::Type::boolean;
        out.text = std::string(word);
        return out;
      }
    }
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      const size_t start = m_at;
      ++m_at;
      while (m_at < m_text.size() &&
             (std::isdigit(static_cast<unsigned char>(m_text[m_at])) ||
              std::string_view(".eE+-").find(m_text[m_at]) != std::string_view::npos)) {
        ++m_at;
      }
      out.type = Json::Type::number;
      out.text = std::string(m_text.substr(start, m_at - start));
      return out;
    }
    fail("expected a JSON value");
  }

  bool peek(char c) const
  {
    return m_at < m_text.size() && m_text[m_at] == c;
  }

  static void append_utf8(std::string& out, unsigned code)
  {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  unsigned hex4()
  {
    if (m_at + 4 > m_text.size()) {
      fail("incomplete \\u escape");
    }
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = m_text[m_at++];
      code <<= 4;
      if (h >= '0' && h <= '9') {
        code |= static_cast<unsigned>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        code |= static_cast<unsigned>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        code |= static_cast<unsigned>(h - 'A' + 10);
      } else {
        fail("invalid \\u escape");
      }
    }
    return code;
  }

  std::string parse_string()
  {
    ++m_at; // the opening quote
    std::string out;
    while (true) {
      if (m_at >= m_text.size()) {
        fail("unterminated string");
      }
      const char c = m_text[m_at];
      if (c == '"') {
        ++m_at;
        return out;
      }
      if (c == '\n' || static_cast<unsigned char>(c) < 0x20) {
        fail("unterminated string (a control character or line end inside it)");
      }
      if (c != '\\') {
        out += c;
        ++m_at;
        continue;
      }
      ++m_at;
      if (m_at >= m_text.size()) {
        fail("unterminated string");
      }
      const char e = m_text[m_at++];
      switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned code = hex4();
        if (code >= 0xD800 && code < 0xDC00 && m_text.substr(m_at, 2) == "\\u") {
          m_at += 2;
          const unsigned low = hex4();
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, code);
        break;
      }
      default:
        --m_at;
        fail(std::string("invalid escape \\") + e);
      }
    }
  }

  std::string_view m_text;
  size_t m_at = 0;
  int m_line = 1;
  size_t m_line_start = 0;
};

// ---- Reading the statements ----------------------------------------------------------------

std::string percent_decode(std::string_view s)
{
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The version of a purl ("pkg:npm/a@1.2?x" -> "1.2"), decoded; empty when it has none.
std::string purl_version(std::string_view purl)
{
  const std::string_view base = purl.substr(0, purl.find_first_of("?#"));
  const auto slash = base.rfind('/');
  if (slash == std::string_view::npos) {
    return {};
  }
  const auto at = base.find('@', slash);
  return at == std::string_view::npos ? std::string() : percent_decode(base.substr(at + 1));
}

// Reads one file: every problem is collected with its position, so a file with two
// mistakes names both.
class FileReader
{
public:
  FileReader(std::string path, std::string_view text, std::vector<config::FileDiagnostic>& out)
      : m_path(std::move(path)), m_text(text), m_out(out)
  {
  }

  void read(VulnerabilityIndex& index)
  {
    Json doc;
    try {
      doc = Parser(m_text).document();
    } catch (const Failure& f) {
      problem(f.line, f.column, "not valid JSON: " + f.message);
      return;
    }
    index.files.push_back(m_path);
    if (doc.type == Json::Type::array) {
      read_osv_list(doc, index);
      return;
    }
    if (doc.type != Json::Type::object) {
      problem(doc, "neither a CycloneDX document nor an OSV export (a JSON object or array)");
      return;
    }
    if (const auto* format = doc.get("bomFormat")) {
      if (format->type != Json::Type::string || format->text != "CycloneDX") {
        problem(*format, "bomFormat is not \"CycloneDX\"");
        return;
      }
      read_cyclonedx(doc, index);
      return;
    }
    if (const auto* vulns = doc.get("vulns")) {
      if (vulns->type != Json::Type::array) {
        problem(*vulns, "\"vulns\" is not an array");
        return;
      }
      read_osv_list(*vulns, index);
      return;
    }
    if (doc.get("id") != nullptr) {
      read_osv(doc, index);
      return;
    }
    problem(doc,
            "neither a CycloneDX document (bomFormat) nor an OSV export (an OSV entry with "
            "\"id\", an array of them, or {\"vulns\": [...]})");
  }

private:
  void problem(int line, int column, std::string message)
  {
    m_out.push_back(
        {{m_path, line, column}, std::move(message), std::string(config::line_at(m_text, line))});
  }
  void problem(const Json& at, std::string message)
  {
    problem(at.line, at.column, std::move(message));
  }

  static const char* type_name(Json::Type t)
  {
    switch (t) {
    case Json::Type::null:
      return "null";
    case Json::Type::boolean:
      return "a boolean";
    case Json::Type::number:
      return "a number";
    case Json::Type::string:
      return "a string";
    case Json::Type::array:
      return "an array";
    case Json::Type::object:
      return "an object";
    }
    return "a value";
  }

  // The member KEY of OBJ when it has TYPE; nullptr when absent (or null); a problem and
  // nullptr when of another type.
  const Json* member(const Json& obj, std::string_view key, Json::Type type, std::string_view at)
  {
    const Json* value = obj.get(key);
    if (value == nullptr || value->type == Json::Type::null) {
      return nullptr;
    }
    if (value->type != type) {
      problem(*value,
              std::string(at) + "." + std::string(key) + " is " + type_name(value->type) +
                  ", not " + type_name(type));
      return nullptr;
    }
    return value;
  }

  std::string text(const Json& obj, std::string_view key, std::string_view at)
  {
    const Json* value = member(obj, key, Json::Type::string, at);
    return value == nullptr ? std::string() : value->text;
  }

  // Elements of the array KEY of OBJ that are objects; a problem for any that is not.
  std::vector<const Json*> objects(const Json& obj, std::string_view key, std::string_view at)
  {
    std::vector<const Json*> out;
    const Json* list = member(obj, key, Json::Type::array, at);
    if (list == nullptr) {
      return out;
    }
    for (size_t i = 0; i < list->items.size(); ++i) {
      const auto& item = list->items[i];
      if (item.type != Json::Type::object) {
        problem(item,
                std::string(at) + "." + std::string(key) + "[" + std::to_string(i) + "] is " +
                    type_name(item.type) + ", not an object");
        continue;
      }
      out.push_back(&item);
    }
    return out;
  }

  std::vector<std::string> strings(const Json& obj, std::string_view key, std::string_view at)
  {
    std::vector<std::string> out;
    const Json* list = member(obj, key, Json::Type::array, at);
    if (list == nullptr) {
      return out;
    }
    for (size_t i = 0; i < list->items.size(); ++i) {
      const auto& item = list->items[i];
      if (item.type != Json::Type::string) {
        problem(item,
                std::string(at) + "." + std::string(key) + "[" + std::to_string(i) + "] is " +
                    type_name(item.type) + ", not a string");
        continue;
      }
      out.push_back(item.text);
    }
    return out;
  }

  config::Location where(const Json& at) const
  {
    return {m_path, at.line, at.column};
  }

  // ---- CycloneDX ----

  // bom-ref -> purl of every component of the document, nested ones and metadata.component.
  void collect_refs(const Json& component, std::map<std::string, std::string>& refs)
  {
    const Json* ref = component.get("bom-ref");
    const Json* purl = component.get("purl");
    if (ref != nullptr && ref->type == Json::Type::string && purl != nullptr &&
        purl->type == Json::Type::string) {
      refs.emplace(ref->text, purl->text);
    }
    if (const Json* nested = component.get("components");
        nested != nullptr && nested->type == Json::Type::array) {
      for (const auto& c : nested->items) {
        if (c.type == Json::Type::object) {
          collect_refs(c, refs);
        }
      }
    }
  }

  void read_cyclonedx(const Json& doc, VulnerabilityIndex& index)
  {
    std::map<std::string, std::string> refs;
    collect_refs(doc, refs);
    if (const Json* meta = doc.get("metadata"); meta != nullptr) {
      if (const Json* c = meta->get("component"); c != nullptr && c->type == Json::Type::object) {
        collect_refs(*c, refs);
      }
    }
    const Json* list = doc.get("vulnerabilities");
    if (list == nullptr) {
      problem(doc, "a CycloneDX document without \"vulnerabilities\": nothing to read");
      return;
    }
    if (list->type != Json::Type::array) {
      problem(*list, "\"vulnerabilities\" is not an array");
      return;
    }
    for (size_t i = 0; i < list->items.size(); ++i) {
      const Json& v = list->items[i];
      const std::string at = "vulnerabilities[" + std::to_string(i) + "]";
      if (v.type != Json::Type::object) {
        problem(v, at + " is " + type_name(v.type) + ", not an object");
        continue;
      }
      read_vex_statement(v, at, refs, index);
    }
  }

  static bool one_of(std::string_view value, std::initializer_list<std::string_view> allowed)
  {
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
  }

  void read_vex_statement(const Json& v,
                          const std::string& at,
                          const std::map<std::string, std::string>& refs,
                          VulnerabilityIndex& index)
  {
    VulnerabilityStatement s;
    auto& out = s.vulnerability;
    out.where = where(v);
    out.id = text(v, "id", at);
    if (out.id.empty()) {
      problem(v, at + " has no \"id\"");
      return;
    }
    for (const auto* ref : objects(v, "references", at)) {
      if (auto id = text(*ref, "id", at + ".references[]"); !id.empty()) {
        out.aliases.push_back(std::move(id));
      }
    }
    out.summary = text(v, "description", at);
    if (out.summary.empty()) {
      out.summary = text(v, "detail", at);
    }
    for (const auto* rating : objects(v, "ratings", at)) {
      if (auto severity = text(*rating, "severity", at + ".ratings[]"); !severity.empty()) {
        out.severity = std::move(severity);
        break;
      }
      if (const Json* score = rating->get("score");
          score != nullptr && score->type == Json::Type::number) {
        out.severity = score->text;
        break;
      }
    }
    if (const Json* analysis = member(v, "analysis", Json::Type::object, at)) {
      const std::string a = at + ".analysis";
      out.state = text(*analysis, "state", a);
      if (!out.state.empty() && !one_of(out.state,
                                        {"resolved",
                                         "resolved_with_pedigree",
                                         "exploitable",
                                         "in_triage",
                                         "false_positive",
                                         "not_affected"})) {
        problem(*analysis->get("state"),
                a + ".state \"" + out.state +
                    "\" is none of resolved, resolved_with_pedigree, exploitable, in_triage, "
                    "false_positive, not_affected");
        return;
      }
      out.justification = text(*analysis, "justification", a);
      if (!out.justification.empty() && !one_of(out.justification,
                                                {"code_not_present",
                                                 "code_not_reachable",
                                                 "requires_configuration",
                                                 "requires_dependency",
                                                 "requires_environment",
                                                 "protected_by_compiler",
                                                 "protected_at_runtime",
                                                 "protected_at_perimeter",
                                                 "protected_by_mitigating_control"})) {
        problem(*analysis->get("justification"),
                a + ".justification \"" + out.justification +
                    "\" is not a CycloneDX impact justification");
        return;
      }
      out.responses = strings(*analysis, "response", a);
      out.detail = text(*analysis, "detail", a);
    }
    for (const auto* affects : objects(v, "affects", at)) {
      const std::string af = at + ".affects[]";
      std::string ref = text(*affects, "ref", af);
      if (ref.empty()) {
        problem(*affects, af + " has no \"ref\"");
        continue;
      }
      // A BOM-Link (urn:cdx:SERIAL/VERSION#REF) names a component of another document by its
      // bom-ref: the part after '#'.
      if (ref.starts_with("urn:cdx:")) {
        const auto hash = ref.find('#');
        ref = hash == std::string::npos ? std::string() : percent_decode(ref.substr(hash + 1));
      }
      std::string purl;
      if (ref.starts_with("pkg:")) {
        purl = ref;
      } else if (auto found = refs.find(ref); found != refs.end()) {
        purl = found->second;
      } else {
        problem(*affects->get("ref"),
                af + ".ref \"" + text(*affects, "ref", af) +
                    "\" is neither a purl nor the bom-ref of a component of this document "
                    "with a purl");
        continue;
      }
      AffectedPackage p;
      p.purl = purl_base(purl);
      const auto listed = objects(*affects, "versions", af);
      for (const auto* version : listed) {
        const std::string status = text(*version, "status", af + ".versions[]");
        const std::string exact = text(*version, "version", af + ".versions[]");
        const std::string range = text(*version, "range", af + ".versions[]");
        if (exact.empty() == range.empty()) {
          problem(*version, af + ".versions[] has neither or both of \"version\" and \"range\"");
          continue;
        }
        if (!range.empty() && !range.starts_with("vers:")) {
          problem(*version->get("range"), af + ".versions[].range is not a vers: range");
          continue;
        }
        if (status == "unaffected") {
          p.unaffected.push_back(exact.empty() ? range : exact);
        } else if (status.empty() || status == "affected" || status == "unknown") {
          (exact.empty() ? p.vers : p.versions).push_back(exact.empty() ? range : exact);
        } else {
          problem(*version->get("status"),
                  af + ".versions[].status \"" + status +
                      "\" is none of affected, unaffected, unknown");
        }
      }
      if (listed.empty()) {
        if (auto version = purl_version(purl); !version.empty()) {
          p.versions.push_back(std::move(version));
        } else {
          p.every_version = true;
        }
      }
      out.affects.push_back(purl);
      s.packages.push_back(std::move(p));
    }
    index.vex.push_back(std::move(s));
  }

  // ---- OSV ----

  void read_osv_list(const Json& list, VulnerabilityIndex& index)
  {
    for (size_t i = 0; i < list.items.size(); ++i) {
      const Json& v = list.items[i];
      if (v.type != Json::Type::object) {
        problem(v,
                "OSV entry " + std::to_string(i) + " is " + type_name(v.type) + ", not an object");
        continue;
      }
      read_osv(v, index);
    }
  }

  void read_osv(const Json& v, VulnerabilityIndex& index)
  {
    VulnerabilityStatement s;
    auto& out = s.vulnerability;
    out.where = where(v);
    out.id = text(v, "id", "OSV entry");
    if (out.id.empty()) {
      problem(v, "OSV entry has no \"id\"");
      return;
    }
    const std::string at = out.id;
    out.aliases = strings(v, "aliases", at);
    out.summary = text(v, "summary", at);
    if (out.summary.empty()) {
      out.summary = text(v, "details", at);
    }
    if (const Json* specific = member(v, "database_specific", Json::Type::object, at)) {
      if (const Json* severity = specific->get("severity");
          severity != nullptr && severity->type == Json::Type::string) {
        out.severity = util::to_lower(severity->text);
      }
    }
    if (out.severity.empty()) {
      for (const auto* severity : objects(v, "severity", at)) {
        out.severity = text(*severity, "score", at + ".severity[]");
        if (!out.severity.empty()) {
          break;
        }
      }
    }
    std::set<std::string> fixed;
    for (const auto* affected : objects(v, "affected", at)) {
      const std::string af = at + ".affected[]";
      AffectedPackage p;
      if (const Json* package = member(*affected, "package", Json::Type::object, af)) {
        p.ecosystem = text(*package, "ecosystem", af + ".package");
        p.name = text(*package, "name", af + ".package");
        if (auto purl = text(*package, "purl", af + ".package"); !purl.empty()) {
          p.purl = purl_base(purl);
          out.affects.push_back(purl);
        } else if (!p.name.empty()) {
          out.affects.push_back(p.ecosystem + ":" + p.name);
        }
      }
      p.versions = strings(*affected, "versions", af);
      for (const auto* range : objects(*affected, "ranges", af)) {
        const std::string ar = af + ".ranges[]";
        OsvRange r;
        r.type = text(*range, "type", ar);
        if (!one_of(r.type, {"SEMVER", "ECOSYSTEM", "GIT"})) {
          problem(*range, ar + ".type \"" + r.type + "\" is none of SEMVER, ECOSYSTEM, GIT");
          continue;
        }
        // An entry of a C or C++ project often names no package, only its repository.
        if (const auto repo = text(*range, "repo", ar);
            r.type == "GIT" && !repo.empty() && p.purl.empty() && p.name.empty()) {
          p.purl = purl_base(purl_of_url(repo, ""));
          out.affects.push_back(p.purl);
        }
        for (const auto* event : objects(*range, "events", ar)) {
          if (event->members.size() != 1 ||
              event->members.front().second.type != Json::Type::string) {
            problem(*event, ar + ".events[] is not one {\"kind\": \"version\"}");
            continue;
          }
          const auto& [kind, value] = event->members.front();
          if (!one_of(kind, {"introduced", "fixed", "last_affected", "limit"})) {
            problem(*event,
                    ar + ".events[] \"" + kind +
                        "\" is none of introduced, fixed, last_affected, limit");
            continue;
          }
          if (kind == "fixed" && r.type != "GIT") {
            fixed.insert(value.text);
          }
          r.events.emplace_back(kind, value.text);
        }
        p.ranges.push_back(std::move(r));
      }
      if (p.purl.empty() && p.name.empty()) {
        problem(*affected,
                af + " names no package (package.purl, package.name or a GIT range's repo)");
        continue;
      }
      s.packages.push_back(std::move(p));
    }
    out.fixed.assign(fixed.begin(), fixed.end());
    std::sort(out.fixed.begin(), out.fixed.end(), [](const auto& a, const auto& b) {
      return version_order(a, b) < 0;
    });
    index.osv.push_back(std::move(s));
  }

  std::string m_path;
  std::string_view m_text;
  std::vector<config::FileDiagnostic>& m_out;
};

bool same_version(std::string_view a, std::string_view b)
{
  if (is_commit_id(a) || is_commit_id(b)) {
    return util::to_lower(a) == util::to_lower(b);
  }
  return a == b || version_order(a, b) == 0;
}

// OSV's ecosystem names against a Component's.
std::string component_ecosystem(std::string_view osv)
{
  const std::string e = util::to_lower(osv.substr(0, osv.find(':')));
  if (e == "crates.io") {
    return "cargo";
  }
  if (e == "conancenter") {
    return "conan";
  }
  return e;
}

// True when P names the version of TARGET (its package, then its version).
bool names_package(const AffectedPackage& p, const VulnerabilityTarget& target)
{
  if (!p.purl.empty() && !target.purl.empty()) {
    return p.purl == purl_base(target.purl);
  }
  return p.purl.empty() && !p.name.empty() && !target.name.empty() && p.name == target.name &&
         component_ecosystem(p.ecosystem) == util::to_lower(target.ecosystem);
}

bool in_osv_range(const OsvRange& range, std::string_view version)
{
  if (range.type == "GIT") {
    return false; // commits are matched only as listed in versions[]
  }
  bool affected = false;
  for (const auto& [kind, at] : range.events) {
    if (kind == "introduced") {
      if (at == "0" || version_order(version, at) >= 0) {
        affected = true;
      }
    } else if (kind == "fixed" || kind == "limit") {
      if (version_order(version, at) >= 0) {
        affected = false;
      }
    } else if (kind == "last_affected") {
      if (version_order(version, at) > 0) {
        affected = false;
      }
    }
  }
  return affected;
}

bool affects_version(const AffectedPackage& p, std::string_view version)
{
  for (const auto& u : p.unaffected) {
    if (u.starts_with("vers:") ? in_vers_range(u, version) : same_version(u, version)) {
      return false;
    }
  }
  if (p.every_version) {
    return true;
  }
  if (version.empty()) {
    return false;
  }
  for (const auto& v : p.versions) {
    if (same_version(v, version)) {
      return true;
    }
  }
  for (const auto& r : p.vers) {
    if (in_vers_range(r, version)) {
      return true;
    }
  }
  return std::any_of(p.ranges.begin(), p.ranges.end(), [&](const OsvRange& r) {
    return in_osv_range(r, version);
  });
}

bool statement_affects(const VulnerabilityStatement& s,
                       const VulnerabilityTarget& target,
                       std::string_view version)
{
  return std::any_of(s.packages.begin(), s.packages.end(), [&](const AffectedPackage& p) {
    return names_package(p, target) && affects_version(p, version);
  });
}

// True when S says something of TARGET's VERSION: affected or not (a VEX statement that lists
// the version as unaffected evaluates it too).
bool statement_names(const VulnerabilityStatement& s,
                     const VulnerabilityTarget& target,
                     std::string_view version)
{
  return std::any_of(s.packages.begin(), s.packages.end(), [&](const AffectedPackage& p) {
    if (!names_package(p, target)) {
      return false;
    }
    if (affects_version(p, version)) {
      return true;
    }
    return std::any_of(p.unaffected.begin(), p.unaffected.end(), [&](const std::string& u) {
      return u.starts_with("vers:") ? in_vers_range(u, version) : same_version(u, version);
    });
  });
}

bool shares_id(const Vulnerability& a, const Vulnerability& b)
{
  std::vector<std::string_view> ids{a.id};
  ids.insert(ids.end(), a.aliases.begin(), a.aliases.end());
  const auto has = [&](std::string_view id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  return has(b.id) || std::any_of(b.aliases.begin(), b.aliases.end(), has);
}

void take_evaluation(Vulnerability& to, const Vulnerability& from)
{
  to.state = from.state;
  to.justification = from.justification;
  to.responses = from.responses;
  to.detail = from.detail;
}

} // namespace

bool in_vers_range(std::string_view vers, std::string_view version)
{
  const auto slash = vers.find('/');
  if (!vers.starts_with("vers:") || slash == std::string_view::npos) {
    return false;
  }
  struct Constraint
  {
    std::string op;
    std::string version;
  };
  std::vector<Constraint> list;
  std::string_view rest = vers.substr(slash + 1);
  while (!rest.empty()) {
    const auto bar = rest.find('|');
    std::string_view c = rest.substr(0, bar);
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    while (!c.empty() && c.front() == ' ') {
      c.remove_prefix(1);
    }
    if (c == "*") {
      return true;
    }
    std::string op;
    for (const std::string_view o : {"!=", "<=", ">=", "<", ">", "="}) {
      if (c.starts_with(o)) {
        op = std::string(o);
        c.remove_prefix(o.size());
        break;
      }
    }
    list.push_back({op.empty() ? "=" : op, percent_decode(c)});
  }
  // Equalities and exclusions first, then the comparators in version order as intervals:
  // each lower bound opens one that the next upper bound closes (the vers algorithm).
  std::vector<Constraint> bounds;
  for (const auto& c : list) {
    if (c.op == "=" && same_version(c.version, version)) {
      return true;
    }
    if (c.op == "!=" && same_version(c.version, version)) {
      return false;
    }
    if (c.op != "=" && c.op != "!=") {
      bounds.push_back(c);
    }
  }
  std::stable_sort(bounds.begin(), bounds.end(), [](const auto& a, const auto& b) {
    return version_order(a.version, b.version) < 0;
  });
  const auto satisfies = [&](const Constraint& c) {
    const int cmp = version_order(version, c.version);
    return c.op == "<" ? cmp < 0 : c.op == "<=" ? cmp <= 0 : c.op == ">" ? cmp > 0 : cmp >= 0;
  };
  for (size_t i = 0; i < bounds.size(); ++i) {
    const bool lower_bound = bounds[i].op[0] == '>';
    if (lower_bound) {
      if (i + 1 < bounds.size() && bounds[i + 1].op[0] == '<') {
        if (satisfies(bounds[i]) && satisfies(bounds[i + 1])) {
          return true;
        }
        ++i;
      } else if (satisfies(bounds[i])) {
        return true;
      }
    } else if (satisfies(bounds[i])) {
      return true; // an upper bound with no lower one before it
    }
  }
  return false;
}

void read_vulnerability_file(const std::string& path,
                             std::string_view text,
                             VulnerabilityIndex& index)
{
  std::vector<config::FileDiagnostic> problems;
  FileReader(path, text, problems).read(index);
  if (!problems.empty()) {
    throw config::ConfigError(std::move(problems));
  }
}

VulnerabilityIndex load_vulnerabilities(const git::Repository& repo,
                                        const std::string& commit,
                                        const policy::Soup& settings,
                                        std::string_view policy_text)
{
  VulnerabilityIndex index;
  if (settings.vulnerabilities.empty()) {
    return index;
  }
  const auto files = repo.files_at(commit, settings.vulnerabilities);
  std::vector<config::FileDiagnostic> problems;
  for (const auto& glob : settings.vulnerabilities) {
    const bool any = std::any_of(files.begin(), files.end(), [&](const auto& file) {
      return util::glob_match(glob, file.first);
    });
    if (!any) {
      problems.push_back(
          {settings.where,
           "[soup] vulnerabilities: \"" + glob + "\" matches no file at " + commit.substr(0, 12),
           std::string(config::line_at(policy_text, settings.where.line))});
    }
  }
  for (const auto& [path, text] : files) {
    FileReader(path, text, problems).read(index);
  }
  if (!problems.empty()) {
    throw config::ConfigError(std::move(problems));
  }
  return index;
}

std::vector<Vulnerability> vulnerabilities_affecting(const VulnerabilityIndex& index,
                                                     const VulnerabilityTarget& target)
{
  const std::string version = target.version.empty() ? purl_version(target.purl) : target.version;
  // A VEX statement evaluates an entry for this version when it names this version, or names
  // no package at all.
  const auto evaluates = [&](const VulnerabilityStatement& s) {
    return s.packages.empty() || statement_names(s, target, version);
  };
  std::vector<Vulnerability> out;
  std::vector<const VulnerabilityStatement*> used;
  for (const auto& osv : index.osv) {
    if (!statement_affects(osv, target, version)) {
      continue;
    }
    if (std::any_of(out.begin(), out.end(), [&](const Vulnerability& v) {
          return shares_id(v, osv.vulnerability);
        })) {
      continue; // the same vulnerability from two exports
    }
    Vulnerability v = osv.vulnerability;
    for (const auto& vex : index.vex) {
      if (shares_id(vex.vulnerability, v) && evaluates(vex)) {
        take_evaluation(v, vex.vulnerability);
        used.push_back(&vex);
        break;
      }
    }
    out.push_back(std::move(v));
  }
  for (const auto& vex : index.vex) {
    if (std::find(used.begin(), used.end(), &vex) != used.end() ||
        !statement_affects(vex, target, version) ||
        std::any_of(out.begin(), out.end(), [&](const Vulnerability& v) {
          return shares_id(v, vex.vulnerability);
        })) {
      continue;
    }
    out.push_back(vex.vulnerability);
  }
  return out;
}

std::string missing_evaluation(const Vulnerability& v)
{
  if (v.state.empty()) {
    return "has no evaluation";
  }
  if (v.state == "in_triage") {
    return "is in triage";
  }
  if (v.state == "not_affected" && v.justification.empty() && v.detail.empty()) {
    return "is not_affected without a justification or detail";
  }
  return {};
}

} // namespace trail::soup
