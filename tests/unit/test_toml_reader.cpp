#include "core/config/toml_reader.hpp"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

using namespace trail;
using config::TomlReader;

namespace {

constexpr std::string_view k_item_keys[] = {"id", "title", "class", "status"};

// Returns every problem READER recorded, formatted, one after the other; leaves none.
std::string problems(TomlReader& reader)
{
  std::string out;
  for (const auto& diagnostic : reader.take_diagnostics()) {
    out += config::format_file_diagnostic(diagnostic) + "\n";
  }
  return out;
}

// Returns table INDEX of the array ITEMS in ROOT.
const toml::table& item(const toml::table& root, size_t index)
{
  const toml::table* table = root["items"][index].as_table();
  REQUIRE(table != nullptr);
  return *table;
}

} // namespace

TEST_CASE("toml reader: key and index paths")
{
  CHECK(config::key_path("", "items") == "items");
  CHECK(config::key_path("kinds", "problem-report") == "kinds.problem-report");
  CHECK(config::key_path("kinds", "my_kind2") == "kinds.my_kind2");
  CHECK(config::key_path("trailers", "Signed off") == "trailers.\"Signed off\"");
  CHECK(config::key_path("", "a.b") == "\"a.b\"");
  CHECK(config::key_path("x", "") == "x.\"\"");
  CHECK(config::index_path("items", 0) == "items[0]");
  CHECK(config::index_path("items[2].paths", 11) == "items[2].paths[11]");
}

TEST_CASE("toml reader: entries in the order they were written")
{
  const std::string text = "zeta = 1\nalpha = 2\nmid = 3\n";
  const toml::table root = toml::parse(text, std::string_view("t.toml"));
  std::vector<std::string> keys;
  for (const auto& [key, node] : config::in_file_order(root)) {
    keys.emplace_back(key->str());
  }
  CHECK(keys == std::vector<std::string>{"zeta", "alpha", "mid"});
}

TEST_CASE("toml reader: unknown keys, with a 'did you mean' when one is close")
{
  const std::string text = "[[items]]\nid = \"A\"\ntitel = \"x\"\nzzz = 1\n[extra]\n";
  const toml::table root = toml::parse(text, std::string_view("r.toml"));
  TomlReader reader(text, "r.toml");
  const std::string_view file_keys[] = {"items"};
  reader.check_keys(root, "", file_keys);
  reader.check_keys(item(root, 0), "items[0]", k_item_keys);
  CHECK(reader.problem_count() == 3);
  CHECK_FALSE(reader.clean());
  CHECK(problems(reader) ==
        "r.toml:5:2: error: unknown top-level key 'extra'\n"
        "    5 | [extra]\n"
        "      |  ^\n"
        "r.toml:3:1: error: unknown key 'titel' in items[0]; did you mean 'title'?\n"
        "    3 | titel = \"x\"\n"
        "      | ^\n"
        "r.toml:4:1: error: unknown key 'zzz' in items[0]\n"
        "    4 | zzz = 1\n"
        "      | ^\n");
  CHECK(reader.clean());
  CHECK(reader.problem_count() == 0);
}

TEST_CASE("toml reader: a missing key is not reported again when a typo explains it")
{
  const std::string text = "[[items]]\ntitel = \"x\"\n[[items]]\nclass = \"A\"\n";
  const toml::table root = toml::parse(text, std::string_view("r.toml"));
  const toml::table& typo = item(root, 0);
  const toml::table& plain = item(root, 1);
  TomlReader reader(text, "r.toml");
  reader.check_keys(typo, "items[0]", k_item_keys);
  reader.check_keys(plain, "items[1]", k_item_keys);
  CHECK(reader.suggested(typo, "title"));
  CHECK_FALSE(reader.suggested(typo, "id"));
  CHECK_FALSE(reader.suggested(plain, "title"));
  CHECK_FALSE(reader.required_text(typo, "title", "items[0]").has_value());
  CHECK_FALSE(reader.required_text(typo, "id", "items[0]").has_value());
  CHECK_FALSE(reader.required_text(plain, "title", "items[1]").has_value());
  CHECK(problems(reader) ==
        "r.toml:2:1: error: unknown key 'titel' in items[0]; did you mean 'title'?\n"
        "    2 | titel = \"x\"\n"
        "      | ^\n"
        "r.toml:1:1: error: missing required key 'id' in items[0]\n"
        "    1 | [[items]]\n"
        "      | ^\n"
        "r.toml:3:1: error: missing required key 'title' in items[1]\n"
        "    3 | [[items]]\n"
        "      | ^\n");
}

TEST_CASE("toml reader: typed values, and what was found instead")
{
  const std::string text = "s = \"text\"\n"
                           "i = 42\n"
                           "b = true\n"
                           "f = 1.5\n"
                           "d = 2026-01-31\n"
                           "t = 07:32:00\n"
                           "dt = 2026-01-31T07:32:00Z\n"
                           "a = [1]\n"
                           "[tab]\n";
  const toml::table root = toml::parse(text, std::string_view("t.toml"));
  TomlReader reader(text, "t.toml");
  const auto s = reader.text(root, "s", "");
  REQUIRE(s.has_value());
  CHECK(s->value == "text");
  CHECK(reader.locate(s->where).line == 1);
  CHECK(reader.locate(s->where).column == 5);
  CHECK(reader.integer(root, "i", "") == 42);
  CHECK(reader.boolean(root, "b", "") == true);
  CHECK(reader.table(root, "tab", "") != nullptr);
  CHECK(reader.clean());
  // Absent: nothing, and nothing reported.
  CHECK_FALSE(reader.text(root, "none", "").has_value());
  CHECK_FALSE(reader.integer(root, "none", "").has_value());
  CHECK_FALSE(reader.boolean(root, "none", "").has_value());
  CHECK_FALSE(reader.text_list(root, "none", "").has_value());
  CHECK(reader.table(root, "none", "") == nullptr);
  CHECK(reader.table_list(root, "none").empty());
  CHECK(reader.clean());
  // Wrong: nothing, and the type found reported.
  CHECK_FALSE(reader.text(root, "i", "ctx").has_value());
  CHECK_FALSE(reader.integer(root, "f", "ctx").has_value());
  CHECK_FALSE(reader.boolean(root, "s", "ctx").has_value());
  CHECK_FALSE(reader.text(root, "d", "ctx").has_value());
  CHECK_FALSE(reader.text(root, "t", "ctx").has_value());
  CHECK_FALSE(reader.text(root, "dt", "ctx").has_value());
  CHECK(reader.table(root, "a", "ctx") == nullptr);
  CHECK_FALSE(reader.text(root, "tab", "ctx").has_value());
  CHECK(problems(reader) ==
        "t.toml:2:5: error: wrong type for ctx.i: expected a string, found an integer\n"
        "    2 | i = 42\n"
        "      |     ^\n"
        "t.toml:4:5: error: wrong type for ctx.f: expected an integer, found a float\n"
        "    4 | f = 1.5\n"
        "      |     ^\n"
        "t.toml:1:5: error: wrong type for ctx.s: expected a boolean, found a string\n"
        "    1 | s = \"text\"\n"
        "      |     ^\n"
        "t.toml:5:5: error: wrong type for ctx.d: expected a string, found a date\n"
        "    5 | d = 2026-01-31\n"
        "      |     ^\n"
        "t.toml:6:5: error: wrong type for ctx.t: expected a string, found a time\n"
        "    6 | t = 07:32:00\n"
        "      |     ^\n"
        "t.toml:7:6: error: wrong type for ctx.dt: expected a string, found a date-time\n"
        "    7 | dt = 2026-01-31T07:32:00Z\n"
        "      |      ^\n"
        "t.toml:8:5: error: wrong type for ctx.a: expected a table, found an array\n"
        "    8 | a = [1]\n"
        "      |     ^\n"
        "t.toml:9:1: error: wrong type for ctx.tab: expected a string, found a table\n"
        "    9 | [tab]\n"
        "      | ^\n");
}

TEST_CASE("toml reader: lists of strings keep the good elements and report the others")
{
  const std::string text = "paths = [\"a\", 2, \"b\", false]\nnot_list = \"a\"\n";
  const toml::table root = toml::parse(text, std::string_view("t.toml"));
  TomlReader reader(text, "t.toml");
  const auto list = reader.text_list(root, "paths", "items[0]");
  REQUIRE(list.has_value());
  REQUIRE(list->items.size() == 2);
  CHECK(list->items[0].value == "a");
  CHECK(list->items[1].value == "b");
  CHECK(reader.locate(list->items[1].where).column == 18);
  CHECK(reader.locate(list->where).column == 9);
  CHECK_FALSE(reader.text_list(root, "not_list", "items[0]").has_value());
  CHECK(
      problems(reader) ==
      "t.toml:1:15: error: wrong type for items[0].paths[1]: expected a string, found an integer\n"
      "    1 | paths = [\"a\", 2, \"b\", false]\n"
      "      |               ^\n"
      "t.toml:1:23: error: wrong type for items[0].paths[3]: expected a string, found a boolean\n"
      "    1 | paths = [\"a\", 2, \"b\", false]\n"
      "      |                       ^\n"
      "t.toml:2:12: error: wrong type for items[0].not_list: expected an array of strings, found a "
      "string\n"
      "    2 | not_list = \"a\"\n"
      "      |            ^\n");
}

TEST_CASE("toml reader: arrays of tables")
{
  const std::string text = "items = [{ id = \"A\" }, 3]\nrules = { id = \"x\" }\n";
  const toml::table root = toml::parse(text, std::string_view("t.toml"));
  TomlReader reader(text, "t.toml");
  const auto items = reader.table_list(root, "items");
  REQUIRE(items.size() == 2);
  CHECK(items[0] != nullptr);
  CHECK(items[1] == nullptr);
  CHECK(reader.table_list(root, "rules").empty());
  const toml::node* three = root["items"][1].node();
  REQUIRE(three != nullptr);
  CHECK(reader.as_table(*three, "here") == nullptr);
  CHECK(problems(reader) ==
        "t.toml:1:24: error: wrong type for items[1]: expected a table, found an integer\n"
        "    1 | items = [{ id = \"A\" }, 3]\n"
        "      |                        ^\n"
        "t.toml:2:9: error: wrong type for rules: expected an array of tables, found a table\n"
        "    2 | rules = { id = \"x\" }\n"
        "      |         ^\n"
        "t.toml:1:24: error: wrong type for here: expected a table, found an integer\n"
        "    1 | items = [{ id = \"A\" }, 3]\n"
        "      |                        ^\n");
}

TEST_CASE("toml reader: a value from a fixed list")
{
  const std::string text =
      "kind = \"requirment\"\nclass = \"D\"\nrole = \"zzz\"\nfix = \"x\"\nok = \"B\"\n";
  const toml::table root = toml::parse(text, std::string_view("t.toml"));
  TomlReader reader(text, "t.toml");
  const std::vector<std::string_view> kinds = {"requirement", "problem-report"};
  const std::vector<std::string_view> classes = {"A", "B", "C"};
  CHECK(reader.check_choice(
      *reader.text(root, "ok", ""), "invalid safety class", "ok", classes, false));
  CHECK(reader.clean());
  CHECK_FALSE(reader.check_choice(
      *reader.text(root, "kind", ""), "unknown kind", "items[0].kind", kinds, true));
  CHECK_FALSE(reader.check_choice(
      *reader.text(root, "class", ""), "invalid safety class", "items[0].class", classes, false));
  CHECK_FALSE(reader.check_choice(
      *reader.text(root, "role", ""), "unknown role", "kinds.x.role", kinds, true));
  CHECK_FALSE(reader.check_choice(
      *reader.text(root, "fix", ""), "unknown kind", "trailers.Fixes.kinds", {}, true));
  CHECK(
      problems(reader) ==
      "t.toml:1:8: error: unknown kind 'requirment' in items[0].kind; did you mean 'requirement'?\n"
      "    1 | kind = \"requirment\"\n"
      "      |        ^\n"
      "t.toml:2:9: error: invalid safety class 'D' in items[0].class; expected one of A, B, C\n"
      "    2 | class = \"D\"\n"
      "      |         ^\n"
      "t.toml:3:8: error: unknown role 'zzz' in kinds.x.role; expected one of requirement, "
      "problem-report\n"
      "    3 | role = \"zzz\"\n"
      "      |        ^\n"
      "t.toml:4:7: error: unknown kind 'x' in trailers.Fixes.kinds; none are defined\n"
      "    4 | fix = \"x\"\n"
      "      |       ^\n");
}

TEST_CASE("toml reader: a problem inside a string points into it when the file spells it literally")
{
  const std::string text = "a = \"src/[x\"\n"
                           "b = 'lit/**x'\n"
                           "c = \"\\u0061[\"\n"
                           "d = \"\xC3\xA9[\"\n"
                           "e = \"fine/*.toml\"\n";
  const toml::table root = toml::parse(text, std::string_view("t.toml"));
  TomlReader reader(text, "t.toml");
  for (const char* key : {"a", "b", "c", "d", "e"}) {
    reader.check_glob(*reader.text(root, key, ""), key);
  }
  reader.report_in_string(*reader.text(root, "e", ""), 5, "at offset 5");
  CHECK(problems(reader) ==
        "t.toml:1:10: error: invalid glob in a: unclosed '['\n"
        "    1 | a = \"src/[x\"\n"
        "      |          ^\n"
        "t.toml:2:10: error: invalid glob in b: '**' must be a whole path segment\n"
        "    2 | b = 'lit/**x'\n"
        "      |          ^\n"
        "t.toml:3:5: error: invalid glob in c: unclosed '['\n"
        "    3 | c = \"\\u0061[\"\n"
        "      |     ^\n"
        "t.toml:4:7: error: invalid glob in d: unclosed '['\n"
        "    4 | d = \"\xC3\xA9[\"\n"
        "      |       ^\n"
        "t.toml:5:11: error: at offset 5\n"
        "    5 | e = \"fine/*.toml\"\n"
        "      |           ^\n");
}

TEST_CASE("toml reader: the line shown has no carriage return, and reports are located in the file")
{
  const std::string text = "a = 1\r\nb = \"x\"\r\n";
  const toml::table root = toml::parse(text, std::string_view("w.toml"));
  TomlReader reader(text, "dir/w.toml");
  const auto b = reader.text(root, "b", "");
  REQUIRE(b.has_value());
  reader.report(b->where, "a message");
  const auto diagnostics = reader.take_diagnostics();
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].where.file == "dir/w.toml");
  CHECK(diagnostics[0].where.line == 2);
  CHECK(diagnostics[0].where.column == 5);
  CHECK(diagnostics[0].message == "a message");
  CHECK(diagnostics[0].line_text == "b = \"x\"");
  CHECK(reader.take_diagnostics().empty());
}
