// The streaming mustache renderer (render/mustache.hpp) over a view (render/view.hpp), on a small
// model: every tag kind, the lines a section tag leaves out, nested sections, the context stack,
// dotted names, HTML and Markdown escaping, and errors located by line and column. The
// expectations are those of kainjow::mustache 4.1, which the renderer replaced: the changelog's
// golden files depend on them.
// verifies: GT-24

#include "core/render/mustache.hpp"
#include "core/render/template_limits.hpp"
#include "core/render/view.hpp"
#include "expect.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trail;
using render::Escaping;
using render::Fields;
using render::Value;

namespace {

struct Person
{
  std::string name;
  std::string role;
  std::vector<std::string> tags;
};

struct Model
{
  std::string title = "Pump & <co>";
  std::string name = "root name";
  std::string empty;
  std::string cell = "a | b\nc";
  uint64_t count = 3;
  bool yes = true;
  bool no = false;
  Person lead{"Ada", "lead", {"x"}};
  std::vector<Person> people{{"Ann", "dev", {"a", "b"}}, {"Bob", "", {}}};
  std::vector<Person> nobody;
  std::vector<std::string> tags{"t1", "", "t3"};
  std::string raw = "<raw|>";
  std::string raw_empty;
};

void person_fields(const Person& p, Fields& f)
{
  f.add("name", Value::text(p.name));
  f.add("role", Value::text(p.role));
  f.add("tags", render::strings(p.tags));
}

Value person_item(const Person& p)
{
  return Value::object<Person, &person_fields>(p);
}

void model_fields(const Model& m, Fields& f)
{
  f.add("title", Value::text(m.title));
  f.add("name", Value::text(m.name));
  f.add("empty", Value::text(m.empty));
  f.add("cell", Value::text(m.cell));
  f.add("count", Value::number(m.count));
  f.add("yes", Value::boolean(m.yes));
  f.add("no", Value::boolean(m.no));
  f.add("lead", person_item(m.lead));
  f.add("people", Value::list<Person, &person_item>(m.people));
  f.add("nobody", Value::list<Person, &person_item>(m.nobody));
  f.add("tags", render::strings(m.tags));
  f.add("raw", Value::raw_text(m.raw));
  f.add("raw_empty", Value::raw_text(m.raw_empty));
}

std::string render_with(const std::string& text, Escaping escaping, const Model& model = {})
{
  const render::Template tmpl(text, "t.mustache");
  std::string out;
  const render::Write into = [&](std::string_view piece) {
    out.append(piece);
  };
  render::BufferedWrite buffered(into);
  tmpl.render(Value::object<Model, &model_fields>(model), escaping, buffered);
  buffered.flush();
  return out;
}

std::string html(const std::string& text)
{
  return render_with(text, Escaping::html);
}

std::string md(const std::string& text)
{
  return render_with(text, Escaping::markdown);
}

std::string error_of(const std::string& text)
{
  return unit::thrown([&] { (void)render::Template(text, "t.mustache"); }).message;
}

} // namespace

TEST_SUITE_BEGIN("mustache");

TEST_CASE("variables: escaped, unescaped, numbers; nothing for the rest")
{
  CHECK(html("{{title}}") == "Pump &amp; &lt;co&gt;");
  CHECK(html("{{{title}}}|{{& title}}|{{&title}}") == "Pump & <co>|Pump & <co>|Pump & <co>");
  CHECK(html("[{{ title }}]") == "[Pump &amp; &lt;co&gt;]");
  CHECK(html("'\"{{count}}") == "'\"3");
  // Booleans, objects, lists, an empty string and a missing name write nothing.
  CHECK(html("[{{yes}}{{no}}{{lead}}{{people}}{{empty}}{{missing}}{{}}]") == "[]");
  Model quotes;
  quotes.title = "\"it's\"";
  CHECK(render_with("{{title}}", Escaping::html, quotes) == "&quot;it&apos;s&quot;");
}

TEST_CASE("markdown: text becomes a table cell, nothing is HTML-escaped, raw text is as it is")
{
  CHECK(md("{{cell}}|{{{cell}}}") == "a \\| b<br>c|a \\| b<br>c");
  CHECK(md("{{title}}") == "Pump & <co>");
  CHECK(md("{{raw}}") == "<raw|>");
  CHECK(html("{{raw}} {{{raw}}}") == "&lt;raw|&gt; <raw|>");
  CHECK(md("{{#tags}}{{.}};{{/tags}}") == "t1;;t3;");
}

TEST_CASE("comments and set-delimiter tags")
{
  CHECK(html("a{{! a comment with {{braces}\n over lines }}b") == "ab");
  CHECK(html("{{=<% %>=}}<%title%> {{title}} <%={{ }}=%>{{count}}") ==
        "Pump &amp; &lt;co&gt; {{title}} 3");
  // {{{ }}} only with the default delimiters.
  CHECK(html("{{=[[ ]]=}}[[{title}]]") == "");
  CHECK(html("{{=| |=}}|#people||name|,|/people|") == "Ann,Bob,");
}

TEST_CASE("dotted names and the current item")
{
  CHECK(html("{{lead.name}} {{lead.role}} {{lead.missing}} {{missing.name}}") == "Ada lead  ");
  CHECK(html("{{#lead}}{{.}}{{/lead}}") == "");
  CHECK(html("{{#title}}[{{.}}]{{/title}}") == "[Pump &amp; &lt;co&gt;]");
  CHECK(html("{{#tags}}<{{.}}>{{/tags}}") == "<t1><><t3>");
  CHECK(html("{{#lead.tags}}{{.}}{{/lead.tags}}") == "x");
  // A dotted name resolves whole at each level, from the current item out: lead.name is
  // found at the root from inside a person.
  CHECK(html("{{#people}}{{name}}:{{lead.name}} {{/people}}") == "Ann:Ada Bob:Ada ");
  // "a..b" and a trailing dot split as kainjow split them.
  CHECK(html("{{lead.name.}}|{{lead..name}}") == "Ada|");
}

TEST_CASE("sections: lists, objects, true values; inverted sections")
{
  CHECK(html("{{#people}}{{name}},{{/people}}") == "Ann,Bob,");
  CHECK(html("{{#lead}}{{name}}{{/lead}}") == "Ada");
  CHECK(html("{{#yes}}y{{/yes}}{{#no}}n{{/no}}{{#count}}c{{/count}}") == "yc");
  CHECK(html("{{#empty}}e{{/empty}}{{#nobody}}x{{/nobody}}{{#missing}}m{{/missing}}") == "");
  CHECK(html("{{#raw_empty}}r{{/raw_empty}}") == "r"); // raw text is true even when empty
  CHECK(html("{{^nobody}}none{{/nobody}}|{{^no}}no{{/no}}|{{^empty}}empty{{/empty}}|"
             "{{^missing}}missing{{/missing}}") == "none|no|empty|missing");
  CHECK(html("{{^people}}x{{/people}}{{^yes}}x{{/yes}}{{^title}}x{{/title}}{{^lead}}x{{/lead}}"
             "{{^count}}x{{/count}}") == "");
  // Inside an inverted section the value (false, an empty list) is the current item.
  CHECK(html("{{^no}}[{{.}}]{{/no}}{{^nobody}}[{{.}}]{{title}}{{/nobody}}") ==
        "[][]Pump &amp; &lt;co&gt;");
  // An empty string in a list is false.
  CHECK(html("{{#tags}}{{#.}}+{{/.}}{{^.}}-{{/.}}{{/tags}}") == "+-+");
}

TEST_CASE("the context stack: names resolve in the current item, then outwards")
{
  CHECK(html("{{#people}}{{name}}/{{title}};{{/people}}") ==
        "Ann/Pump &amp; &lt;co&gt;;Bob/Pump &amp; &lt;co&gt;;");
  CHECK(html("{{#lead}}{{name}}{{/lead}} {{name}}") == "Ada root name");
  CHECK(html("{{#people}}{{#lead}}{{name}}{{/lead}}{{role}}{{/people}}") == "AdadevAda");
  CHECK(html("{{#people}}{{#role}}{{name}} is {{role}};{{/role}}{{/people}}") == "Ann is dev;");
  // An empty name in the item is false there: it does not fall through to the root's name.
  Model model;
  model.people[1].name.clear();
  CHECK(render_with("{{#people}}[{{name}}]{{/people}}", Escaping::html, model) == "[Ann][]");
}

TEST_CASE("nested sections")
{
  CHECK(html("{{#people}}{{name}}:{{#tags}}{{name}}/{{.}} {{/tags}}{{^tags}}none{{/tags}};"
             "{{/people}}") == "Ann:Ann/a Ann/b ;Bob:none;");
  CHECK(html("{{#people}}{{#people}}{{name}}{{/people}}|{{/people}}") == "AnnBob|AnnBob|");
}

TEST_CASE("standalone lines: a line of whitespace and a rendered section tag is left out")
{
  CHECK(html("a\n{{#people}}\n- {{name}}\n{{/people}}\nb\n") == "a\n- Ann\n- Bob\nb\n");
  CHECK(html("a\n  {{#people}}  \n- {{name}}\n\t{{/people}}\nb") == "a\n- Ann\n- Bob\nb");
  CHECK(html("{{^nobody}}\nnone\n{{/nobody}}\n") == "none\n");
  // A section that is not rendered leaves its closing line behind (kainjow did; the changelog's
  // Markdown squeezes the blank lines).
  CHECK(html("a\n{{#no}}\nx\n{{/no}}\nb\n") == "a\n\nb\n");
  CHECK(html("a\n{{^people}}\nx\n{{/people}}\nb\n") == "a\n\nb\n");
  // Other text on the line keeps it; comments and variables do not make a line standalone.
  CHECK(html("a\n{{#yes}} x\n{{/yes}}\n") == "a\n x\n");
  CHECK(html("a\n{{! note }}\nb\n") == "a\n\nb\n");
  CHECK(html("a\n{{empty}}\nb\n") == "a\n\nb\n");
  // Sections on one line with text between.
  CHECK(html("{{#people}}{{name}}{{/people}}\n") == "AnnBob\n");
  // The items' lines; Bob's empty list leaves its closing line behind.
  CHECK(html("{{#people}}\n{{name}}\n{{#tags}}\n  {{.}}\n{{/tags}}\n{{/people}}\n") ==
        "Ann\n  a\n  b\nBob\n\n");
  // CR LF and a lone CR end lines too.
  CHECK(html("{{#yes}}\r\nx\r\n{{/yes}}\r\ny") == "x\r\ny");
  CHECK(html("{{#yes}}\rx\r{{/yes}}\ry") == "x\ry");
  // The last line, without a line break.
  CHECK(html("x\n  {{#yes}}{{/yes}}") == "x\n");
  CHECK(html("x\n  {{#no}}{{/no}}") == "x\n  ");
}

TEST_CASE("errors name the file, line and column")
{
  CHECK(error_of("{{title}}\n\n{{#people}}") ==
        "t.mustache:3:1: error: invalid template: Unclosed section \"people\"");
  CHECK(error_of("{{#a}}{{#b}}{{/b}}\n  {{#c}}") ==
        "t.mustache:1:1: error: invalid template: Unclosed section \"a\"");
  CHECK(error_of("x\n {{/people}}") ==
        "t.mustache:2:2: error: invalid template: Unopened section \"people\"");
  CHECK(error_of("{{#people}}\n{{#tags}}\n{{/people}}") ==
        "t.mustache:3:1: error: invalid template: Section \"tags\" (opened at 2:1) closed as "
        "\"people\"");
  CHECK(error_of("Changelog {{product\nmore") ==
        "t.mustache:1:11: error: invalid template: Unclosed tag");
  CHECK(error_of("{{{title}}") == "t.mustache:1:1: error: invalid template: Unclosed tag");
  CHECK(error_of("a {{= x =}}") ==
        "t.mustache:1:3: error: invalid template: Invalid set delimiter tag");
  CHECK(error_of("{{> header }}") ==
        "t.mustache:1:1: error: invalid template: Partials are not supported (\"header\")");
}

TEST_CASE("the template limits come first")
{
  std::string deep;
  for (size_t i = 0; i <= render::k_template_max_depth; ++i) {
    deep += "{{#a}}";
  }
  CHECK(error_of(deep) == "t.mustache:1:385: error: template nests sections more than 64 deep");
  std::string ok;
  for (size_t i = 0; i < render::k_template_max_depth; ++i) {
    ok = "{{#yes}}" + ok + "{{/yes}}";
  }
  CHECK(html(ok.substr(0, ok.size() / 2) + "{{count}}" + ok.substr(ok.size() / 2)) == "3");
  CHECK(error_of(std::string(render::k_template_max_bytes + 1, ' ')) ==
        "t.mustache: error: template is larger than 262144 bytes (262145 bytes)");
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("view");

TEST_CASE("write_json writes what nlohmann's dump writes, indented and compact")
{
  Model model;
  std::string all_ascii;
  for (int c = 1; c < 128; ++c) {
    all_ascii += static_cast<char>(c);
  }
  model.title = all_ascii;
  model.name = "caf\xc3\xa9 \xf0\x9f\x98\x80";
  model.cell = "bad \xe9 utf-8 \xc0\xaf and \xed\xa0\x80";
  model.people.push_back({"", "", {}});
  const Value view = Value::object<Model, &model_fields>(model);
  const auto tree = render::to_json(view);
  for (const int indent : {-1, 0, 2, 4}) {
    std::string text;
    const render::Write into = [&](std::string_view piece) {
      text.append(piece);
    };
    render::BufferedWrite out(into);
    render::write_json(view, indent, out);
    out.flush();
    CHECK(text == tree.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  CHECK(tree["nobody"] == nlohmann::ordered_json::array());
  CHECK(tree["people"][2]["tags"] == nlohmann::ordered_json::array());
}

TEST_CASE("a field is found by name; expensive fields are computed only when wanted")
{
  const Model model;
  const Value view = Value::object<Model, &model_fields>(model);
  CHECK(view.field("title").str() == "Pump & <co>");
  CHECK(view.field("count").count() == 3);
  CHECK(view.field("missing").is_null());
  CHECK(view.field("title").field("x").is_null());
  CHECK(view.field("people").size() == 2);
}

TEST_CASE("BufferedWrite passes everything on, in order, in blocks")
{
  std::vector<size_t> calls;
  std::string text;
  const render::Write into = [&](std::string_view piece) {
    calls.push_back(piece.size());
    text.append(piece);
  };
  render::BufferedWrite out(into);
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    out("abcdef");
    out('\n');
    expected += "abcdef\n";
  }
  out(std::string(100000, 'x'));
  expected += std::string(100000, 'x');
  out.flush();
  CHECK(text == expected);
  CHECK(calls.size() < 10);
}

TEST_SUITE_END();
