// Conan (docs/soup.md, "C and C++ sources"): conanfile.txt, the literal requirements of a
// conanfile.py (never executed) and conan.lock (Conan 2, and Conan 1's graph_lock).

#include "core/soup/cpp_common.hpp"
#include "core/soup/parsers.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <cctype>

namespace trail::soup {
namespace {

// A Conan reference: name/version[@user/channel][#rrev][%timestamp].
struct Reference
{
  std::string name;
  std::string version;
  std::string user;
  std::string channel;
  std::string revision;
};

bool parse_reference(std::string_view text, Reference& ref)
{
  static const re2::RE2 k_ref(
      R"(([A-Za-z0-9_][A-Za-z0-9_.+-]*)/(\[[^\]]*\]|[A-Za-z0-9_.+-]+))"
      R"((?:@([A-Za-z0-9_.+-]+)/([A-Za-z0-9_.+-]+)|@)?(?:#([0-9A-Za-z]+))?(?:%[0-9.]+)?)");
  return re2::RE2::FullMatch(
      text, k_ref, &ref.name, &ref.version, &ref.user, &ref.channel, &ref.revision);
}

// Appends the component a reference names; a version range "[>=1.0 <2]" is a pin that can move.
void add(const Reference& ref,
         const ManifestFile& file,
         int line,
         bool development,
         std::vector<Component>& out)
{
  Component c;
  c.ecosystem = "conan";
  c.name = ref.name;
  c.version = ref.version;
  c.mutable_pin = ref.version.starts_with("[");
  c.digest = ref.revision;
  c.development = development;
  c.where = {file.path, line, 0};
  c.purl = make_purl("conan", "", ref.name, c.mutable_pin ? std::string() : ref.version);
  if (!ref.user.empty()) {
    c.purl += "?channel=" + ref.channel + "&user=" + ref.user;
  }
  out.push_back(std::move(c));
}

bool add_reference(std::string_view text,
                   const ManifestFile& file,
                   int line,
                   bool development,
                   std::vector<Component>& out,
                   Problems& problems)
{
  Reference ref;
  if (!parse_reference(text, ref)) {
    cpp::problem(problems,
                 file,
                 line,
                 "'" + std::string(text) +
                     "' is not a Conan reference NAME/VERSION[@USER/CHANNEL][#REVISION]");
    return false;
  }
  add(ref, file, line, development, out);
  return true;
}

// The sections of conanfile.txt and conanfile.py attributes/methods that declare requirements,
// and whether what they declare is needed only to build or test.
struct Kind
{
  std::string_view name;
  bool development;
};
constexpr Kind k_kinds[] = {{"requires", false},
                            {"tool_requires", true},
                            {"build_requires", true},
                            {"test_requires", true}};

const Kind* kind_of(std::string_view name)
{
  for (const auto& k : k_kinds) {
    if (k.name == name) {
      return &k;
    }
  }
  return nullptr;
}

// --- conanfile.py: a tokenizer of Python enough to find literal requirements. ---

struct Token
{
  enum class Type
  {
    name,
    string,  // a plain literal string (value holds its text)
    fstring, // f"..." or a string with escapes we do not interpret: not a literal
    op,      // one punctuation character
    newline, // end of a logical line
  };
  Type type;
  std::string value;
  int line;
};

std::vector<Token> tokenize(const ManifestFile& file, Problems& problems, bool& ok)
{
  std::vector<Token> out;
  const std::string_view s = file.content;
  size_t i = 0;
  int line = 1;
  int depth = 0;
  ok = true;
  // Reads the string literal at I (its prefix already read) into a token: a plain string, or
  // fstring when it is formatted or holds escapes that are not raw (not read as literals).
  // False (and a problem) when it is not closed.
  const auto read_string = [&](bool raw, bool formatted) {
    const int start_line = line;
    const char quote = s[i];
    const bool triple = s.substr(i, 3) == std::string(3, quote);
    const std::string close = triple ? std::string(3, quote) : std::string(1, quote);
    i += close.size();
    std::string value;
    bool escaped = false;
    while (true) {
      if (i >= s.size() || (!triple && s[i] == '\n')) {
        cpp::problem(problems, file, start_line, "unterminated string");
        ok = false;
        return false;
      }
      if (s.substr(i, close.size()) == close) {
        i += close.size();
        break;
      }
      if (s[i] == '\\' && i + 1 < s.size()) {
        escaped = escaped || !raw;
        value += s.substr(i, 2);
        line += s[i + 1] == '\n' ? 1 : 0;
        i += 2;
        continue;
      }
      line += s[i] == '\n' ? 1 : 0;
      value += s[i++];
    }
    out.push_back(
        {formatted || escaped ? Token::Type::fstring : Token::Type::string, value, start_line});
    return true;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n') {
      if (depth == 0 && !out.empty() && out.back().type != Token::Type::newline) {
        out.push_back({Token::Type::newline, {}, line});
      }
      ++line;
      ++i;
    } else if (c == '\\' && i + 1 < s.size() && s[i + 1] == '\n') {
      i += 2;
      ++line;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
      ++i;
    } else if (c == '#') {
      while (i < s.size() && s[i] != '\n') {
        ++i;
      }
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
               static_cast<unsigned char>(c) >= 0x80) {
      size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_' ||
                              static_cast<unsigned char>(s[j]) >= 0x80)) {
        ++j;
      }
      std::string word(s.substr(i, j - i));
      if (j < s.size() && (s[j] == '"' || s[j] == '\'') && word.size() <= 2) {
        const std::string lowered = util::to_lower(word);
        if (lowered == "r" || lowered == "u" || lowered == "b" || lowered == "f" ||
            lowered == "rb" || lowered == "br" || lowered == "fr" || lowered == "rf") {
          // a string prefix: the string, flagged when it is formatted
          const bool formatted = lowered.find('f') != std::string::npos;
          const bool raw = lowered.find('r') != std::string::npos;
          i = j;
          if (!read_string(raw, formatted)) {
            return out;
          }
          continue;
        }
      }
      out.push_back({Token::Type::name, word, line});
      i = j;
    } else if (c == '"' || c == '\'') {
      if (!read_string(false, false)) {
        return out;
      }
    } else {
      if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        --depth;
      }
      out.push_back({Token::Type::op, std::string(1, c), line});
      ++i;
    }
  }
  if (depth > 0) {
    cpp::problem(problems, file, line, "unclosed bracket at the end of the file");
    ok = false;
  }
  out.push_back({Token::Type::newline, {}, line});
  return out;
}

bool is_op(const std::vector<Token>& t, size_t i, char c)
{
  return i < t.size() && t[i].type == Token::Type::op && t[i].value.size() == 1 &&
         t[i].value[0] == c;
}

// Reads the literal value of an attribute at I: "a/1", ("a/1", "b/2"), ["a/1", "b/2"] (adjacent
// strings concatenate as in Python). Returns false when it is not only literals.
bool literal_list(const std::vector<Token>& t,
                  size_t i,
                  std::vector<std::pair<std::string, int>>& out)
{
  const auto string_at = [&](size_t& k) {
    if (k >= t.size() || t[k].type != Token::Type::string) {
      return false;
    }
    std::string value;
    const int line = t[k].line;
    while (k < t.size() && t[k].type == Token::Type::string) {
      value += t[k++].value;
    }
    out.emplace_back(value, line);
    return true;
  };
  if (is_op(t, i, '(') || is_op(t, i, '[')) {
    const char close = t[i].value[0] == '(' ? ')' : ']';
    ++i;
    while (!is_op(t, i, close)) {
      if (!string_at(i)) {
        return false;
      }
      if (is_op(t, i, ',')) {
        ++i;
      } else if (!is_op(t, i, close)) {
        return false;
      }
    }
    ++i;
  } else {
    if (!string_at(i)) {
      return false;
    }
    while (is_op(t, i, ',')) { // requires = "a/1", "b/2"
      ++i;
      if (t[i].type == Token::Type::newline) {
        break;
      }
      if (!string_at(i)) {
        return false;
      }
    }
  }
  return i < t.size() && t[i].type == Token::Type::newline;
}

// --- conanfile.txt / .py sections ---

} // namespace

void parse_conanfile_txt(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  const Kind* section = nullptr;
  int number = 0;
  for (auto raw : util::split_lines(file.content)) {
    ++number;
    // Conan reads a comment only as a whole line: '#' after a reference is its revision.
    const auto line = util::trim(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    if (line.front() == '[') {
      if (line.back() != ']') {
        cpp::problem(
            problems, file, number, "unterminated section header '" + std::string(line) + "'");
        section = nullptr;
        continue;
      }
      section = kind_of(util::trim(line.substr(1, line.size() - 2)));
      continue;
    }
    if (section != nullptr) {
      add_reference(line, file, number, section->development, out, problems);
    }
  }
}

void parse_conanfile_py(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  bool ok = true;
  const auto t = tokenize(file, problems, ok);
  if (!ok) {
    return;
  }
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].type != Token::Type::name) {
      continue;
    }
    const bool statement_start = i == 0 || t[i - 1].type == Token::Type::newline;
    // An attribute: `requires = ...` at the start of a statement (class body).
    if (statement_start && is_op(t, i + 1, '=') && !is_op(t, i + 2, '=')) {
      if (const auto* kind = kind_of(t[i].value)) {
        std::vector<std::pair<std::string, int>> refs;
        if (!literal_list(t, i + 2, refs)) {
          cpp::problem(problems,
                       file,
                       t[i].line,
                       std::string(kind->name) +
                           " is not a literal string, list or tuple of strings: not read "
                           "(conanfile.py is never executed)");
          continue;
        }
        for (const auto& [ref, line] : refs) {
          add_reference(ref, file, line, kind->development, out, problems);
        }
      }
      continue;
    }
    // A call: self.requires("x/1.0", ...) and the like.
    if (t[i].value == "self" && is_op(t, i + 1, '.') && i + 2 < t.size() &&
        t[i + 2].type == Token::Type::name && is_op(t, i + 3, '(')) {
      const auto* kind = kind_of(t[i + 2].value);
      if (kind == nullptr) {
        continue;
      }
      size_t k = i + 4;
      std::string ref;
      const int line = k < t.size() ? t[k].line : t[i].line;
      while (k < t.size() && t[k].type == Token::Type::string) {
        ref += t[k++].value;
      }
      if (ref.empty() || !(is_op(t, k, ',') || is_op(t, k, ')'))) {
        cpp::problem(problems,
                     file,
                     t[i].line,
                     "self." + std::string(kind->name) +
                         "() with a reference that is not a literal string: not read "
                         "(conanfile.py is never executed)");
        continue;
      }
      add_reference(ref, file, line, kind->development, out, problems);
    }
  }
}

void parse_conan_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  const auto root = cpp::parse_json(file, problems);
  if (root.is_discarded()) {
    return;
  }
  if (!root.is_object()) {
    cpp::problem(problems, file, 1, "a Conan lockfile is a JSON object");
    return;
  }
  const std::string_view text = file.content;
  // Conan 1: graph_lock.nodes.{id}.ref (node 0 is the consumer itself, without a ref).
  if (const auto* graph = cpp::member(root, "graph_lock")) {
    const auto* nodes = cpp::member(*graph, "nodes");
    if (nodes == nullptr || !nodes->is_object()) {
      size_t cursor = 0;
      cpp::problem(problems,
                   file,
                   cpp::next_string_line(text, "graph_lock", cursor),
                   "\"graph_lock\" has no \"nodes\" object");
      return;
    }
    size_t cursor = 0;
    for (const auto& [id, node] : nodes->items()) {
      int line = cpp::next_string_line(text, id, cursor);
      if (!node.is_object() || !node.contains("ref")) {
        continue;
      }
      const auto ref = cpp::string_member(node, "ref");
      if (ref.empty()) {
        cpp::problem(problems, file, line, "node " + id + ": \"ref\" is not a string");
        continue;
      }
      size_t at = cursor;
      if (const int l = cpp::next_string_line(text, ref, at); l > 0) {
        line = l;
        cursor = at;
      }
      const bool build = cpp::string_member(node, "context") == "build";
      add_reference(ref, file, line, build, out, problems);
    }
    return;
  }
  // Conan 2: "requires", "build_requires", "python_requires" lists of references.
  size_t cursor = 0;
  bool any = false;
  for (const auto* key : {"requires", "build_requires", "python_requires", "config_requires"}) {
    const auto* list = cpp::member(root, key);
    if (list == nullptr) {
      continue;
    }
    any = true;
    size_t at = 0;
    const int key_line = cpp::next_string_line(text, key, at);
    cursor = at;
    if (!list->is_array()) {
      cpp::problem(problems, file, key_line, std::string("\"") + key + "\" is not an array");
      continue;
    }
    for (const auto& entry : *list) {
      if (!entry.is_string()) {
        cpp::problem(
            problems, file, key_line, std::string("an entry of \"") + key + "\" is not a string");
        continue;
      }
      const auto ref = entry.get<std::string>();
      const int line = cpp::next_string_line(text, ref, cursor);
      add_reference(ref, file, line, std::string_view(key) != "requires", out, problems);
    }
  }
  if (!any && !root.contains("version")) {
    cpp::problem(problems, file, 1, "not a Conan lockfile: no \"requires\" and no \"graph_lock\"");
  }
}

} // namespace trail::soup
