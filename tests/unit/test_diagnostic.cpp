#include "core/config/diagnostic.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trail;
using config::ConfigError;
using config::FileDiagnostic;
using config::format_file_diagnostic;
using config::line_at;

TEST_CASE("diagnostic: file, line and column, the line and a caret under the column")
{
  CHECK(format_file_diagnostic({{"trail.toml", 2, 5}, "unknown key 'x' in message", "a = x"}) ==
        "trail.toml:2:5: error: unknown key 'x' in message\n"
        "    2 | a = x\n"
        "      |     ^");
}

TEST_CASE("diagnostic: without a column, the line is shown without a caret")
{
  CHECK(format_file_diagnostic({{"r.toml", 7, 0}, "bad", "[[items]]"}) == "r.toml:7: error: bad\n"
                                                                          "    7 | [[items]]");
  CHECK(format_file_diagnostic({{"r.toml", 7, 0}, "bad", ""}) == "r.toml:7: error: bad\n"
                                                                 "    7 |");
}

TEST_CASE("diagnostic: without a line, only the file is named")
{
  CHECK(format_file_diagnostic({{"r.toml", 0, 0}, "no items", ""}) == "r.toml: error: no items");
  // A column without a line means nothing and is not shown.
  CHECK(format_file_diagnostic({{"r.toml", 0, 4}, "no items", "x"}) == "r.toml: error: no items");
}

TEST_CASE("diagnostic: the gutter widens for long files")
{
  CHECK(format_file_diagnostic({{"t.toml", 12345, 1}, "bad", "x"}) == "t.toml:12345:1: error: bad\n"
                                                                      "12345 | x\n"
                                                                      "      | ^");
  CHECK(format_file_diagnostic({{"t.toml", 1234567, 2}, "bad", "xy"}) ==
        "t.toml:1234567:2: error: bad\n"
        "1234567 | xy\n"
        "        |  ^");
}

TEST_CASE("diagnostic: tabs are kept and columns count code points")
{
  CHECK(format_file_diagnostic({{"t.toml", 1, 3}, "bad", "\t\tx"}) == "t.toml:1:3: error: bad\n"
                                                                      "    1 | \t\tx\n"
                                                                      "      | \t\t^");
  // "\xE2\x82\xAC" is one code point (the euro sign): the caret goes under the 'x' after it.
  CHECK(format_file_diagnostic({{"t.toml", 1, 2},
                                "bad",
                                "\xE2\x82\xAC"
                                "x"}) == "t.toml:1:2: error: bad\n"
                                         "    1 | \xE2\x82\xAC"
                                         "x\n"
                                         "      |  ^");
}

TEST_CASE("diagnostic: a column past the end of the line puts the caret just after it")
{
  CHECK(format_file_diagnostic({{"t.toml", 1, 5}, "missing value", "a ="}) ==
        "t.toml:1:5: error: missing value\n"
        "    1 | a =\n"
        "      |     ^");
}

TEST_CASE("diagnostic: line_at returns one line without its line ending")
{
  const std::string text = "one\r\ntwo\nthree";
  CHECK(line_at(text, 1) == "one");
  CHECK(line_at(text, 2) == "two");
  CHECK(line_at(text, 3) == "three");
  CHECK(line_at(text, 4).empty());
  CHECK(line_at(text, 0).empty());
  CHECK(line_at(text, -1).empty());
  CHECK(line_at("", 1).empty());
  CHECK(line_at("a\n", 2).empty());
}

TEST_CASE("diagnostic: ConfigError lists every problem by file, then line, then column")
{
  const ConfigError error({{{"b.toml", 1, 1}, "third", "x"},
                           {{"a.toml", 3, 1}, "second", "y"},
                           {{"a.toml", 1, 9}, "first", "z = 1"},
                           {{"a.toml", 3, 1}, "second again, kept after second", "y"}});
  CHECK(std::string(error.what()) == "a.toml:1:9: error: first\n"
                                     "    1 | z = 1\n"
                                     "      |         ^\n"
                                     "a.toml:3:1: error: second\n"
                                     "    3 | y\n"
                                     "      | ^\n"
                                     "a.toml:3:1: error: second again, kept after second\n"
                                     "    3 | y\n"
                                     "      | ^\n"
                                     "b.toml:1:1: error: third\n"
                                     "    1 | x\n"
                                     "      | ^");
  REQUIRE(error.diagnostics().size() == 4);
  CHECK(error.diagnostics()[0].message == "first");
  CHECK(error.diagnostics()[1].message == "second");
  CHECK(error.diagnostics()[2].message == "second again, kept after second");
  CHECK(error.diagnostics()[3].message == "third");
}

TEST_CASE("diagnostic: ConfigError is a usage error (exit 2)")
{
  const ConfigError error({{{"t.toml", 0, 0}, "bad", ""}});
  const Error& base = error;
  CHECK(base.exit_code() == k_exit_usage);
  CHECK(dynamic_cast<const UsageError*>(&base) != nullptr);
  CHECK(std::string(error.what()) == "t.toml: error: bad");
}
