// verifies: GT-24
#include "core/changelog/changelog.hpp"
#include "core/render/changelog_report.hpp"
#include "core/render/template_limits.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace trail;
using render::check_template_limits;

namespace {

// DEPTH sections {{#OPEN}} ... {{/CLOSE}} around "x", on one line.
std::string nested(size_t depth, const std::string& open = "#a", const std::string& close = "a")
{
  std::string text;
  for (size_t i = 0; i < depth; ++i) {
    text += "{{" + open + "}}";
  }
  text += "x";
  for (size_t i = 0; i < depth; ++i) {
    text += "{{/" + close + "}}";
  }
  return text;
}

std::string error_of(const std::string& text)
{
  try {
    check_template_limits(text, "t.mustache");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_SUITE_BEGIN("template_limits");

TEST_CASE("templates nested as deep as the limit allows pass")
{
  CHECK(error_of(nested(render::k_template_max_depth)) == "");
  CHECK(error_of(nested(render::k_template_max_depth, "^a")) == "");
  // Sections after one another do not add up.
  CHECK(error_of(nested(40) + nested(40)) == "");
}

// The red team's report: 20,000 nested sections took 58 s in kainjow mustache (used then).
TEST_CASE("sections nested 20,000 deep are an error at the one that goes too deep")
{
  CHECK(error_of(nested(20000)) ==
        "t.mustache:1:385: error: template nests sections more than 64 deep");
  CHECK(error_of("line one\n  " + nested(65, "^ b ")) ==
        "t.mustache:2:515: error: template nests sections more than 64 deep");
}

TEST_CASE("tags are followed as the library reads them")
{
  // Comments, variables and {{{triple}}} tags nest nothing, even with # inside.
  std::string flat;
  for (size_t i = 0; i < 100; ++i) {
    flat += "{{! #a }}{{{#b}}}{{&#c}}{{ name }}";
  }
  CHECK(error_of(flat) == "");
  // After a set-delimiter tag, {{#a}} is text and <%#a%> a section.
  CHECK(error_of("{{=<% %>=}}" + nested(100)) == "");
  std::string other;
  for (size_t i = 0; i < 65; ++i) {
    other += "<%#a%>";
  }
  CHECK(error_of("{{=<% %>=}}" + other) ==
        "t.mustache:1:396: error: template nests sections more than 64 deep");
  // And back again.
  CHECK(error_of("{{=<% %>=}}<%={{ }}=%>" + nested(65)) ==
        "t.mustache:1:407: error: template nests sections more than 64 deep");
}

TEST_CASE("malformed templates are left to the library's own error")
{
  CHECK(error_of("{{#a}}{{#b") == "");
  CHECK(error_of("{{/a}}" + nested(65)) == "");
  CHECK(error_of("{{= x =}}" + nested(65)) == "");
  CHECK(error_of("{{") == "");
  CHECK(error_of("{{{") == "");
}

TEST_CASE("templates over 256 KiB are an error")
{
  CHECK(error_of(std::string(render::k_template_max_bytes, ' ')) == "");
  CHECK(error_of(std::string(render::k_template_max_bytes + 1, ' ')) ==
        "t.mustache: error: template is larger than 262144 bytes (262145 bytes)");
}

TEST_CASE("changelog_render refuses a deep template before the library parses it")
{
  CHECK_THROWS_WITH_AS(
      (void)render::changelog_render(changelog::Changelog{}, "md", nested(20000), "deep.mustache"),
      "deep.mustache:1:385: error: template nests sections more than 64 deep",
      UsageError);
}

TEST_SUITE_END();
