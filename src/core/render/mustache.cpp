#include "core/render/mustache.hpp"

#include "core/render/template_limits.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <utility>

namespace trail::render {

namespace {

// NAME split at its dots, as kainjow::mustache splits it (std::getline: "a..b" is a, "", b; a
// dot at the end adds nothing); "." alone is the current item (no names).
std::vector<std::string> split_name(std::string_view name)
{
  if (name == ".") {
    return {};
  }
  std::vector<std::string> names;
  size_t start = 0;
  while (start < name.size()) {
    const size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) {
      names.emplace_back(name.substr(start));
      break;
    }
    names.emplace_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  if (names.empty()) {
    names.emplace_back(); // {{}}: a name no object has
  }
  return names;
}

} // namespace

Template::Template(std::string_view text, std::string name)
{
  check_template_limits(text, name);
  const auto fail = [&](size_t offset, const std::string& what) {
    throw UsageError(name + ":" + template_position(text, offset) +
                     ": error: invalid template: " + what);
  };
  const auto add_text = [&](std::string_view piece) {
    if (m_tags.empty() || m_tags.back().type != Tag::Type::text) {
      m_tags.push_back({Tag::Type::text, {}, {}, 0});
    }
    m_tags.back().text.append(piece.data(), piece.size());
  };
  std::string begin = "{{";
  std::string end = "}}";
  // The sections open at this point: index into m_tags, and where the tag starts.
  std::vector<std::pair<size_t, size_t>> open;
  size_t at = 0;
  while (at < text.size()) {
    if (text.compare(at, begin.size(), begin) != 0) {
      // Text up to the next line break or the next tag; each line break is a tag of its own.
      if (text[at] == '\n' || text[at] == '\r') {
        const size_t length = text.compare(at, 2, "\r\n") == 0 ? 2 : 1;
        m_tags.push_back({Tag::Type::newline, std::string(text.substr(at, length)), {}, 0});
        at += length;
        continue;
      }
      size_t stop = at + 1;
      while (stop < text.size() && text[stop] != '\n' && text[stop] != '\r' &&
             text.compare(stop, begin.size(), begin) != 0) {
        ++stop;
      }
      add_text(text.substr(at, stop - at));
      at = stop;
      continue;
    }
    const size_t tag_start = at;
    size_t contents = at + begin.size();
    // {{{name}}} ends at "}}}", with the default delimiters only.
    const bool triple =
        begin == "{{" && end == "}}" && contents < text.size() && text[contents] == '{';
    if (triple) {
      ++contents;
    }
    const std::string closing = triple ? std::string("}}}") : end;
    const size_t tag_end = text.find(closing, contents);
    if (tag_end == std::string_view::npos) {
      fail(tag_start, "Unclosed tag");
    }
    const std::string_view inside = util::trim(text.substr(contents, tag_end - contents));
    at = tag_end + closing.size();
    if (!inside.empty() && inside.front() == '=') {
      if (!parse_set_delimiters(inside, begin, end)) {
        fail(tag_start, "Invalid set delimiter tag");
      }
      continue;
    }
    Tag tag;
    std::string_view tag_name = inside;
    if (triple) {
      tag.type = Tag::Type::unescaped;
    } else if (inside.empty()) {
      tag.type = Tag::Type::variable;
    } else {
      tag.type = Tag::Type::variable;
      switch (inside.front()) {
      case '#':
        tag.type = Tag::Type::section;
        break;
      case '^':
        tag.type = Tag::Type::inverted;
        break;
      case '/':
        tag.type = Tag::Type::close;
        break;
      case '&':
        tag.type = Tag::Type::unescaped;
        break;
      case '!':
        continue; // a comment: renders nothing, and leaves its line as it is
      case '>':
        fail(tag_start,
             "Partials are not supported (\"" + std::string(util::trim(inside.substr(1))) + "\")");
        break;
      default:
        break;
      }
      if (tag.type != Tag::Type::variable) {
        tag_name = util::trim(inside.substr(1));
      }
    }
    tag.text = std::string(tag_name);
    tag.names = split_name(tag_name);
    if (tag.type == Tag::Type::close) {
      if (open.empty()) {
        fail(tag_start, "Unopened section \"" + tag.text + "\"");
      }
      Tag& section = m_tags[open.back().first];
      if (section.text != tag.text) {
        fail(tag_start,
             "Section \"" + section.text + "\" (opened at " +
                 template_position(text, open.back().second) + ") closed as \"" + tag.text + "\"");
      }
      section.end = m_tags.size();
      open.pop_back();
    } else if (tag.type == Tag::Type::section || tag.type == Tag::Type::inverted) {
      open.emplace_back(m_tags.size(), tag_start);
    }
    m_tags.push_back(std::move(tag));
  }
  if (!open.empty()) {
    fail(open.front().second, "Unclosed section \"" + m_tags[open.front().first].text + "\"");
  }
}

namespace {

// The line being written. A line that holds only spaces and tabs and a section tag that was
// rendered is left out, line break included; so its whitespace is held until the line ends or
// something else arrives, and everything after that is written as it comes.
class Line
{
public:
  explicit Line(BufferedWrite& out) : m_out(out) {}

  void text(std::string_view text)
  {
    if (m_content) {
      m_out(text);
    } else if (text.find_first_not_of(" \t") == std::string_view::npos) {
      m_pending.append(text.data(), text.size());
    } else {
      m_out(m_pending);
      m_pending.clear();
      m_out(text);
      m_content = true;
    }
  }
  // A section tag on this line was rendered.
  void section()
  {
    m_section = true;
  }
  // Ends the line with NEWLINE ("" at the end of the template).
  void end(std::string_view newline)
  {
    if (m_content || !m_section) {
      m_out(m_pending);
      m_out(newline);
    }
    m_pending.clear();
    m_content = false;
    m_section = false;
  }

private:
  BufferedWrite& m_out;
  std::string m_pending;  // spaces and tabs not written yet
  bool m_content = false; // something else is on the line: it is written
  bool m_section = false;
};

// Whether VALUE makes a section render: false, text that is empty (unless raw) and an empty
// list do not.
bool truthy(const Value& value)
{
  switch (value.kind()) {
  case Value::Kind::null:
    return false;
  case Value::Kind::boolean:
    return value.flag();
  case Value::Kind::text:
    return value.raw() || !value.str().empty();
  case Value::Kind::list:
    return value.size() != 0;
  case Value::Kind::number:
  case Value::Kind::object:
    break;
  }
  return true;
}

std::string html_escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      out += c;
      break;
    }
  }
  return out;
}

} // namespace

// Renders a template's tags over a stack of items (the root first).
class TemplateRenderer
{
public:
  using Tag = Template::Tag;

  TemplateRenderer(const std::vector<Tag>& tags, Escaping escaping, BufferedWrite& out)
      : m_tags(tags), m_escaping(escaping), m_line(out)
  {
  }

  void render(const Value& root)
  {
    m_stack.push_back(&root);
    run(0, m_tags.size());
    m_stack.pop_back();
    m_line.end("");
  }

private:
  // Renders the tags [BEGIN, END).
  void run(size_t begin, size_t end)
  {
    for (size_t i = begin; i < end; ++i) {
      const Tag& tag = m_tags[i];
      switch (tag.type) {
      case Tag::Type::text:
        m_line.text(tag.text);
        break;
      case Tag::Type::newline:
        m_line.end(tag.text);
        break;
      case Tag::Type::variable:
      case Tag::Type::unescaped:
        variable(lookup(tag), tag.type == Tag::Type::variable);
        break;
      case Tag::Type::section: {
        const Value value = lookup(tag);
        if (truthy(value)) {
          section(i, &value);
        }
        i = tag.end;
        break;
      }
      case Tag::Type::inverted: {
        const Value value = lookup(tag);
        if (!truthy(value)) {
          section(i, value.is_null() ? nullptr : &value);
        }
        i = tag.end;
        break;
      }
      case Tag::Type::close:
        break;
      }
    }
  }

  // Renders the body of the section at INDEX: once per item of a list that has items, else
  // once, with VALUE (when there is one) as the current item.
  void section(size_t index, const Value* value)
  {
    const size_t begin = index + 1;
    const size_t end = m_tags[index].end;
    if (value != nullptr && value->kind() == Value::Kind::list && value->size() != 0) {
      struct EachItem : Items
      {
        TemplateRenderer& renderer;
        size_t begin;
        size_t end;
        EachItem(TemplateRenderer& r, size_t b, size_t e) : renderer(r), begin(b), end(e) {}
        void add(const Value& item) override
        {
          renderer.body(&item, begin, end);
        }
      } each(*this, begin, end);
      value->items(each);
    } else {
      body(value, begin, end);
    }
  }

  void body(const Value* item, size_t begin, size_t end)
  {
    m_line.section(); // the opening tag
    if (item != nullptr) {
      m_stack.push_back(item);
    }
    run(begin, end);
    if (item != nullptr) {
      m_stack.pop_back();
    }
    m_line.section(); // the closing tag
  }

  // The value TAG names: the current item for {{.}}; else the first item, from the current one
  // out to the root, in which the whole dotted name resolves.
  Value lookup(const Tag& tag) const
  {
    if (tag.names.empty()) {
      return *m_stack.back();
    }
    for (auto item = m_stack.rbegin(); item != m_stack.rend(); ++item) {
      Value value = (*item)->field(tag.names.front());
      for (size_t n = 1; n < tag.names.size() && !value.is_null(); ++n) {
        value = value.field(tag.names[n]);
      }
      if (!value.is_null()) {
        return value;
      }
    }
    return {};
  }

  // Writes VALUE for a variable tag: text and numbers; nothing for anything else.
  void variable(const Value& value, bool escaped)
  {
    std::string computed;
    std::string_view text;
    if (value.kind() == Value::Kind::number) {
      computed = std::to_string(value.count());
      text = computed;
    } else if (value.kind() == Value::Kind::text && truthy(value)) {
      text = value.str();
      if (m_escaping == Escaping::markdown && !value.raw()) {
        computed = util::markdown_cell(text, "<br>");
        text = computed;
      }
    } else {
      return;
    }
    if (escaped && m_escaping == Escaping::html) {
      m_line.text(html_escape(text));
    } else {
      m_line.text(text);
    }
  }

  const std::vector<Tag>& m_tags;
  Escaping m_escaping;
  Line m_line;
  std::vector<const Value*> m_stack;
};

void Template::render(const Value& root, Escaping escaping, BufferedWrite& out) const
{
  TemplateRenderer(m_tags, escaping, out).render(root);
}

} // namespace trail::render
