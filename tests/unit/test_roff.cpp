// Markdown to roff (render/roff): the constructs of docs/ as a manual page, exactly; and
// trail.toml(5), made from the embedded docs/configuration.md, documents every key the policy
// loader accepts.

#include "core/policy/load.hpp"
#include "core/render/roff.hpp"
#include "core/util/embedded.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trail;

namespace {

render::ManPage page()
{
  render::ManPage p;
  p.name = "demo.toml";
  p.section = 5;
  p.summary = "a demo-file";
  p.source = "git-trail 9.9";
  p.manual = "git-trail manual";
  return p;
}

} // namespace

TEST_CASE("roff_escape: backslashes, minus signs, and a leading dot or quote on any line")
{
  CHECK(render::roff_escape("a-b \\n") == "a\\-b \\en");
  CHECK(render::roff_escape(".TH x\n'quote\nok.") == "\\&.TH x\n\\&'quote\nok.");
}

TEST_CASE("markdown_to_roff: title, sections, paragraphs, lists, code, tables, inline markup")
{
  const std::string markdown = "# Demo: `demo.toml`\n"
                               "\n"
                               "Intro with `a-key`, **bold** and *emphasis*,\n"
                               "see [Errors](#errors) and [plans.md](plans.md).\n"
                               "\n"
                               "- [Top](#top)\n"
                               "- [`[project]`](#project)\n"
                               "\n"
                               "## `[project]`\n"
                               "\n"
                               "| key | type | default | meaning |\n"
                               "|---|---|---|---|\n"
                               "| `name` | string | `\"\"` | the product \\| its name |\n"
                               "| `class` | `\"A\"` |  | a class |\n"
                               "\n"
                               "```toml\n"
                               "[project]\n"
                               ".name = 'x\\y'\n"
                               "```\n"
                               "\n"
                               "### Sub\n"
                               "1. first item\n"
                               "   continued\n"
                               "2. second\n"
                               "- a bullet\n"
                               ".dot at a line start\n"
                               "*not closed and a * star\n";
  const std::string expected = ".\\\" Written by `git trail man` from git-trail's docs/.\n"
                               ".TH DEMO.TOML 5 \"\" \"git\\-trail 9.9\" \"git\\-trail manual\"\n"
                               ".nh\n"
                               ".ad l\n"
                               ".SH NAME\n"
                               "demo.toml \\- a demo\\-file\n"
                               ".PP\n"
                               "Intro with \\fBa\\-key\\fR, \\fBbold\\fR and \\fIemphasis\\fR, see "
                               "Errors and plans.md.\n"
                               ".SH \\fB[project]\\fR\n"
                               ".TP\n"
                               "\\fBname\\fR\n"
                               "type: string\n"
                               ".br\n"
                               "default: \\fB\"\"\\fR\n"
                               ".br\n"
                               "the product | its name\n"
                               ".TP\n"
                               "\\fBclass\\fR\n"
                               "type: \\fB\"A\"\\fR\n"
                               ".br\n"
                               "a class\n"
                               ".PP\n"
                               ".RS 4\n"
                               ".nf\n"
                               "[project]\n"
                               "\\&.name = 'x\\ey'\n"
                               ".fi\n"
                               ".RE\n"
                               ".SS Sub\n"
                               ".IP 1. 4\n"
                               "first item continued\n"
                               ".IP 2. 4\n"
                               "second\n"
                               ".IP \\(bu 4\n"
                               "a bullet .dot at a line start *not closed and a * star\n";
  CHECK(render::markdown_to_roff(markdown, page()) == expected);
}

TEST_CASE("trail.toml(5) documents every key the policy loader accepts")
{
  const auto markdown = util::embedded_file("docs/configuration.md");
  REQUIRE(markdown);
  const std::string roff = render::markdown_to_roff(*markdown, page());
  // The tags of the page's table rows: the line after each ".TP", such as "\fBname\fR" or
  // "\fBtypes\fR, \fBseverities\fR" (a row documenting two keys).
  std::vector<std::string> tags;
  for (size_t at = roff.find(".TP\n"); at != std::string::npos; at = roff.find(".TP\n", at + 1)) {
    const size_t start = at + 4;
    tags.push_back(roff.substr(start, roff.find('\n', start) - start));
  }
  REQUIRE(tags.size() > 100);
  size_t checked = 0;
  for (const auto& table : policy::policy_keys()) {
    for (const auto key : table.keys) {
      const std::string bold = "\\fB" + render::roff_escape(key) + "\\fR";
      bool documented = false;
      for (const auto& tag : tags) {
        documented = documented || tag.find(bold) != std::string::npos;
      }
      INFO("table [" << std::string(table.table) << "] key " << std::string(key));
      CHECK(documented);
      ++checked;
    }
  }
  CHECK(checked > 80);
}
