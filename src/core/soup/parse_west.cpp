// Zephyr's west.yml (docs/soup.md, "C and C++ sources"): the manifest's remotes, defaults and
// projects. No YAML library: a small reader of the block-style subset west files use (block
// mappings and sequences, plain and quoted scalars, comments, flow lists and flat flow
// mappings); anything else is a problem naming its line.

#include "core/soup/cpp_common.hpp"
#include "core/soup/parsers.hpp"
#include "core/util/strings.hpp"

#include <map>
#include <memory>

namespace trail::soup {
namespace {

struct Node
{
  enum class Kind
  {
    null,
    scalar,
    mapping,
    sequence
  };
  Kind kind = Kind::null;
  std::string scalar;
  // A mapping, in order: keys[i] names values[i] (two vectors, not pairs: a std::pair needs
  // Node complete, which clang's libstdc++ checks).
  std::vector<std::string> keys;
  std::vector<Node> values;
  std::vector<Node> items; // sequence
  int line = 0;

  const Node* get(std::string_view key) const
  {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) {
        return &values[i];
      }
    }
    return nullptr;
  }
  std::string text(std::string_view key) const
  {
    const auto* n = get(key);
    return n && n->kind == Kind::scalar ? n->scalar : std::string();
  }
};

struct Line
{
  int number;
  int indent;
  std::string text; // without indentation and comment
};

struct Error
{
  int line;
  std::string what;
};

// Removes a comment (a '#' at the start or after a blank, outside quotes).
std::string strip_comment(std::string_view s)
{
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == quote) {
        if (quote == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
          ++i;
          continue;
        }
        quote = 0;
      } else if (c == '\\' && quote == '"') {
        ++i;
      }
    } else if (c == '"' || c == '\'') {
      if (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '[' || s[i - 1] == '{' ||
          s[i - 1] == ',' || s[i - 1] == ':') {
        quote = c;
      }
    } else if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
      return std::string(util::trim_right(s.substr(0, i)));
    }
  }
  return std::string(util::trim_right(s));
}

class Yaml
{
public:
  explicit Yaml(std::string_view text)
  {
    int number = 0;
    for (auto raw : util::split_lines(text)) {
      ++number;
      const auto lead = raw.substr(0, raw.find_first_not_of(" \t"));
      if (lead.find('\t') != std::string_view::npos && !util::trim(raw).empty()) {
        throw Error{number, "a tab in the indentation"};
      }
      const auto stripped = strip_comment(raw);
      const auto body = util::trim(stripped);
      if (body.empty() || (body == "---" && lines_.empty())) {
        continue;
      }
      if (body == "---" || body == "...") {
        throw Error{number, "more than one YAML document"};
      }
      const int indent = static_cast<int>(stripped.find_first_not_of(' '));
      lines_.push_back({number, indent, std::string(body)});
    }
  }

  Node document()
  {
    if (lines_.empty()) {
      return {};
    }
    auto node = block(lines_[0].indent);
    if (pos_ < lines_.size()) {
      throw Error{lines_[pos_].number, "unexpected indentation"};
    }
    return node;
  }

private:
  static size_t key_colon(std::string_view s)
  {
    // "key: value" or "key:" at the end; the key is plain or quoted.
    size_t i = 0;
    if (!s.empty() && (s[0] == '"' || s[0] == '\'')) {
      const auto end = s.find(s[0], 1);
      if (end == std::string_view::npos) {
        return std::string_view::npos;
      }
      i = end + 1;
    }
    for (; i < s.size(); ++i) {
      if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) {
        return i;
      }
      if (i == 0 && (s[i] == '[' || s[i] == '{')) {
        return std::string_view::npos;
      }
    }
    return std::string_view::npos;
  }

  // A node made of the lines at INDENT from pos_ on.
  Node block(int indent)
  {
    const auto& first = lines_[pos_];
    if (first.text == "-" || first.text.starts_with("- ")) {
      return sequence(indent);
    }
    if (key_colon(first.text) != std::string::npos) {
      return mapping(indent);
    }
    Node n = scalar(first.text, first.number);
    ++pos_;
    return n;
  }

  Node sequence(int indent)
  {
    Node n;
    n.kind = Node::Kind::sequence;
    n.line = lines_[pos_].number;
    while (pos_ < lines_.size() && lines_[pos_].indent == indent &&
           (lines_[pos_].text == "-" || lines_[pos_].text.starts_with("- "))) {
      auto& line = lines_[pos_];
      if (line.text == "-") {
        ++pos_;
        n.items.push_back(nested(indent, line.number));
        continue;
      }
      // "- rest": the rest is an item at the column after "- "
      const auto rest = util::trim(std::string_view(line.text).substr(2));
      const int column = line.indent + static_cast<int>(line.text.size() - rest.size());
      line.indent = column;
      line.text = std::string(rest);
      n.items.push_back(block(column));
      n.items.back().line = line.number;
    }
    return n;
  }

  // The value of a key (or item) whose line ended after ':' (or '-'): the more indented lines
  // that follow, a sequence at the same indentation, or null.
  Node nested(int indent, int line, bool sequence_may_align = false)
  {
    if (pos_ < lines_.size()) {
      const auto& next = lines_[pos_];
      if (next.indent > indent || (sequence_may_align && next.indent == indent &&
                                   (next.text == "-" || next.text.starts_with("- ")))) {
        return block(next.indent);
      }
    }
    Node n;
    n.line = line;
    return n;
  }

  Node mapping(int indent)
  {
    Node n;
    n.kind = Node::Kind::mapping;
    n.line = lines_[pos_].number;
    while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
      const auto line = lines_[pos_];
      const auto colon = key_colon(line.text);
      if (colon == std::string::npos) {
        throw Error{line.number, "expected 'key: value'"};
      }
      auto key =
          scalar(util::trim(std::string_view(line.text).substr(0, colon)), line.number).scalar;
      const auto value = util::trim(std::string_view(line.text).substr(colon + 1));
      ++pos_;
      Node child;
      if (value.empty()) {
        child = nested(indent, line.number, true);
      } else {
        child = scalar(value, line.number);
      }
      if (n.get(key) != nullptr) {
        throw Error{line.number, "key '" + key + "' appears twice"};
      }
      n.keys.push_back(std::move(key));
      n.values.push_back(std::move(child));
    }
    if (pos_ < lines_.size() && lines_[pos_].indent > indent) {
      throw Error{lines_[pos_].number, "unexpected indentation"};
    }
    return n;
  }

  // A scalar, quoted or plain, or a flow list / flat flow mapping.
  static Node scalar(std::string_view s, int line)
  {
    Node n;
    n.line = line;
    if (s.empty()) {
      return n;
    }
    const char c = s.front();
    if (c == '|' || c == '>' || c == '&' || c == '*' || c == '!' || c == '?' || c == '%' ||
        c == '@' || c == '`') {
      throw Error{line, std::string("YAML '") + c + "' is not read by git-trail's west reader"};
    }
    if (c == '[' || c == '{') {
      const char close = c == '[' ? ']' : '}';
      if (s.back() != close) {
        throw Error{line,
                    std::string("a flow ") + (c == '[' ? "list" : "mapping") +
                        " that does not end on its line"};
      }
      n.kind = c == '[' ? Node::Kind::sequence : Node::Kind::mapping;
      const auto inner = util::trim(s.substr(1, s.size() - 2));
      if (inner.empty()) {
        return n;
      }
      for (auto part : split_flow(inner, line)) {
        part = util::trim(part);
        if (c == '[') {
          n.items.push_back(scalar(part, line));
        } else {
          const auto colon = key_colon(part);
          if (colon == std::string::npos) {
            throw Error{line, "expected 'key: value' in a flow mapping"};
          }
          n.keys.push_back(scalar(util::trim(part.substr(0, colon)), line).scalar);
          n.values.push_back(scalar(util::trim(part.substr(colon + 1)), line));
        }
      }
      return n;
    }
    n.kind = Node::Kind::scalar;
    if (c == '"' || c == '\'') {
      if (s.size() < 2 || s.back() != c) {
        throw Error{line, "unterminated quoted string"};
      }
      const auto body = s.substr(1, s.size() - 2);
      for (size_t i = 0; i < body.size(); ++i) {
        if (c == '\'' && body[i] == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
          n.scalar += '\'';
          ++i;
        } else if (c == '"' && body[i] == '\\' && i + 1 < body.size()) {
          const char e = body[++i];
          n.scalar += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
          n.scalar += body[i];
        }
      }
      return n;
    }
    n.scalar = std::string(s);
    return n;
  }

  // Splits a flow collection's inside at top-level commas (nested [..] and {..} kept whole:
  // only one level is read, nested collections are a problem).
  static std::vector<std::string_view> split_flow(std::string_view s, int line)
  {
    std::vector<std::string_view> out;
    size_t start = 0;
    char quote = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '{') {
        throw Error{line, "a nested flow collection is not read by git-trail's west reader"};
      } else if (c == ',') {
        out.push_back(s.substr(start, i - start));
        start = i + 1;
      }
    }
    if (util::trim(s.substr(start)).size() > 0) {
      out.push_back(s.substr(start));
    }
    return out;
  }

  std::vector<Line> lines_;
  size_t pos_ = 0;
};

} // namespace

void parse_west(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  Node root;
  try {
    Yaml yaml(file.content);
    root = yaml.document();
  } catch (const Error& e) {
    cpp::problem(problems, file, e.line, e.what);
    return;
  }
  const Node* manifest = root.kind == Node::Kind::mapping ? root.get("manifest") : nullptr;
  if (manifest == nullptr || manifest->kind != Node::Kind::mapping) {
    cpp::problem(problems, file, 1, "no 'manifest:' mapping");
    return;
  }
  std::map<std::string, std::string> remotes;
  if (const auto* list = manifest->get("remotes")) {
    if (list->kind != Node::Kind::sequence) {
      cpp::problem(problems, file, list->line, "'remotes' is not a list");
    } else {
      for (const auto& r : list->items) {
        const auto name = r.kind == Node::Kind::mapping ? r.text("name") : std::string();
        const auto base = r.kind == Node::Kind::mapping ? r.text("url-base") : std::string();
        if (name.empty() || base.empty()) {
          cpp::problem(problems, file, r.line, "a remote needs a 'name' and a 'url-base'");
          continue;
        }
        remotes[name] = base;
      }
    }
  }
  std::string default_remote;
  std::string default_revision = "master"; // west's default
  if (const auto* defaults = manifest->get("defaults");
      defaults && defaults->kind == Node::Kind::mapping) {
    default_remote = defaults->text("remote");
    if (const auto r = defaults->text("revision"); !r.empty()) {
      default_revision = r;
    }
  }
  // `import:` brings the projects of other manifests: those in projects west fetches, or other
  // files of this repository. Neither is followed; a resolved manifest committed beside this
  // one (`west manifest --resolve`, read as a manifest of its own) lists what they bring.
  const auto imports = [&](const Node& holder) {
    const auto* imported = holder.get("import");
    return imported != nullptr &&
           !(imported->kind == Node::Kind::scalar &&
             (imported->scalar == "false" || imported->scalar.empty())) &&
           imported->kind != Node::Kind::null;
  };
  const auto unresolved = [&](int line, const std::string& what) {
    cpp::problem(problems,
                 file,
                 line,
                 what +
                     " (import:), which git-trail does not follow: the projects it brings are "
                     "not listed. Commit `west manifest --resolve` output as west-resolved.yml "
                     "beside " +
                     file.path + " to list them");
  };
  if (file.companion == nullptr) {
    if (const auto* self = manifest->get("self");
        self != nullptr && self->kind == Node::Kind::mapping && imports(*self)) {
      unresolved(self->get("import")->line, "self imports other manifest files");
    }
  }
  const auto* projects = manifest->get("projects");
  if (projects == nullptr || projects->kind == Node::Kind::null) {
    return;
  }
  if (projects->kind != Node::Kind::sequence) {
    cpp::problem(problems, file, projects->line, "'projects' is not a list");
    return;
  }
  for (const auto& p : projects->items) {
    const auto name = p.kind == Node::Kind::mapping ? p.text("name") : std::string();
    if (name.empty()) {
      cpp::problem(problems, file, p.line, "a project needs a 'name'");
      continue;
    }
    if (file.companion == nullptr && imports(p)) {
      unresolved(p.line, "project " + name + " imports the manifest it holds");
    }
    Component c;
    c.ecosystem = "west";
    c.name = name;
    c.where = {file.path, p.line, 0};
    c.url = p.text("url");
    if (c.url.empty()) {
      auto remote = p.text("remote");
      if (remote.empty()) {
        remote = default_remote;
      }
      const auto base = remotes.find(remote);
      if (remote.empty() || base == remotes.end()) {
        cpp::problem(problems,
                     file,
                     p.line,
                     "project " + name +
                         (remote.empty() ? " has no 'url', 'remote' or default remote"
                                         : ": remote '" + remote + "' is not declared"));
        continue;
      }
      auto repo_path = p.text("repo-path");
      c.url = base->second + "/" + (repo_path.empty() ? name : repo_path);
    }
    c.version = p.text("revision");
    if (c.version.empty()) {
      c.version = default_revision;
    }
    c.mutable_pin = cpp::ref_can_move(c.version);
    if (is_commit_id(c.version)) {
      c.digest = c.version;
    }
    c.purl = purl_of_url(c.url, c.version);
    out.push_back(std::move(c));
  }
}

} // namespace trail::soup
