#pragma once

// Our mustache: the subset of mustache that docs/changelog.md documents, rendered over a view
// (view.hpp) and written out as it goes, so that output the size of a history is never held
// whole. It reads templates and lays out lines as kainjow::mustache 4.1 (which git-trail used
// before) does, so templates written for it render byte for byte the same:
// - {{name}} (HTML-escaped when escaping is html), {{{name}}} and {{& name}} as they are;
//   text and numbers are written, booleans, objects and lists write nothing;
// - dotted names (from.name) and {{.}} (the current item);
// - {{#name}}...{{/name}} over a list (once per item), an object or any other true value (once,
//   with it as the current item); {{^name}}...{{/name}} once when the name is missing, false or
//   an empty list; a name is looked up in the current item, then in each enclosing one out to
//   the root (a dotted name whole at each level);
// - {{! comments }} and set-delimiter tags ({{=<% %>=}});
// - a line that holds only whitespace and at least one section tag that was rendered is left
//   out, line break included (a section not rendered leaves its line behind, as kainjow's
//   does); line breaks are "\n", "\r\n" and a lone "\r".
// Partials ({{> name}}) and lambdas are not supported: a partial is an error.

#include "core/render/view.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trail::render {

// How text values reach the output.
enum class Escaping
{
  // {{name}} HTML-escaped (& < > " '), {{{name}}} and {{& name}} as they are.
  html,
  // Every text value made safe for a Markdown table cell (| escaped, line breaks as <br>,
  // util::markdown_cell) except raw text; no tag escapes anything.
  markdown,
};

class TemplateRenderer;

// A parsed template.
class Template
{
public:
  // Parses TEXT, read from NAME. Throws UsageError: first check_template_limits' errors (too
  // large, nested too deep), then "NAME:LINE:COLUMN: error: invalid template: WHAT" for an
  // unclosed tag, an invalid set-delimiter tag, a section closed that is not open, closed by
  // another name or never closed, and a partial.
  Template(std::string_view text, std::string name);

  // Writes the template rendered over ROOT (the outermost item: an object) to OUT, line by
  // line as it goes.
  void render(const Value& root, Escaping escaping, BufferedWrite& out) const;

private:
  friend class TemplateRenderer;
  struct Tag
  {
    enum class Type : uint8_t
    {
      text,      // text without a line break
      newline,   // "\n", "\r\n" or "\r"
      variable,  // {{name}}
      unescaped, // {{{name}}}, {{& name}}
      section,   // {{#name}}
      inverted,  // {{^name}}
      close,     // {{/name}}
    };
    Type type = Type::text;
    std::string text;               // text, newline: the text; a tag: its name
    std::vector<std::string> names; // a tag's name split at the dots; empty for {{.}}
    size_t end = 0;                 // section, inverted: the index of its close tag
  };

  std::vector<Tag> m_tags;
};

} // namespace trail::render
