// The changelog's renderings (changelog_report): the JSON every template sees, templates given
// by the user, the built-in Markdown's escaping, malformed templates; on changelogs built in
// memory.

#include "core/changelog/changelog.hpp"
#include "core/render/changelog_report.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace trail;

namespace {

changelog::CommitRef commit(const std::string& id, const std::string& subject)
{
  changelog::CommitRef c;
  c.commit = id;
  c.subject = subject;
  c.author = "Ada Author";
  c.date = "2026-01-01T12:00:00Z";
  return c;
}

// A changelog from v1.0.0 to v1.1.0 with one requirement implemented and one unlinked commit.
changelog::Changelog sample()
{
  changelog::Changelog c;
  c.product = "Pump";
  c.safety_class = "B";
  c.tool_version = "0.1.0";
  c.policy_source = "trail.toml";
  c.policy_digest = "d1";
  c.from = {"v1.0.0", "aaaaaaaaaaaa1111111111111111111111111111", "2026-01-01T00:00:00Z"};
  c.to = {"v1.1.0", "bbbbbbbbbbbb2222222222222222222222222222", "2026-02-01T00:00:00Z"};
  c.commits_in_range = 2;
  changelog::Group requirement;
  requirement.id = "SRS-1";
  requirement.kind = "requirement";
  requirement.title = "Alarm | fast";
  requirement.status = "approved";
  requirement.relation = "implements";
  requirement.defined = true;
  requirement.definition = "changed";
  requirement.commits.push_back(commit("cccccccccccc3333333333333333333333333333", "Add alarm"));
  c.requirements.push_back(requirement);
  c.unlinked.push_back(commit("dddddddddddd4444444444444444444444444444", "Tidy"));
  c.commits = {requirement.commits[0], c.unlinked[0]};
  return c;
}

std::string render_sample(const std::string& template_text, const std::string& format = "md")
{
  return render::changelog_render(sample(), format, template_text, "my.mustache");
}

std::string template_error(const std::string& template_text)
{
  try {
    (void)render_sample(template_text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("changelog_to_json: identification, endpoints, counts and groups")
{
  const auto json = render::changelog_to_json(sample());
  CHECK(json["product"] == "Pump");
  CHECK(json["safety_class"] == "B");
  CHECK(json["complete"] == true);
  CHECK(json["from"]["name"] == "v1.0.0");
  CHECK(json["from"]["short"] == "aaaaaaaaaaaa");
  CHECK(json["to"]["commit"] == "bbbbbbbbbbbb2222222222222222222222222222");
  CHECK(json["tool"]["version"] == "0.1.0");
  CHECK(json["policy"]["source"] == "trail.toml");
  CHECK(json["policy"]["sha256"] == "d1");
  CHECK(json["counts"]["commits_in_range"] == 2);
  CHECK(json["counts"]["unlinked"] == 1);
  REQUIRE(json["requirements"].size() == 1);
  CHECK(json["requirements"][0]["id"] == "SRS-1");
  CHECK(json["requirements"][0]["definition"] == "changed");
  CHECK(json["requirements"][0]["commits"][0]["short"] == "cccccccccccc");
  CHECK(json["requirements"][0]["commits"][0]["subject"] == "Add alarm");
  CHECK(json["unlinked"][0]["subject"] == "Tidy");
}

TEST_CASE("changelog_json is the same document as text")
{
  CHECK(render::changelog_json(sample()) == render::changelog_to_json(sample()).dump(2) + "\n");
}

TEST_CASE("a template given by the user sees every field")
{
  CHECK(render_sample("{{product}} {{from.name}}..{{to.name}}: "
                      "{{#requirements}}{{id}} {{relation}} by {{#commits}}{{short}}{{/commits}}; "
                      "{{/requirements}}unlinked {{counts.unlinked}}") ==
        "Pump v1.0.0..v1.1.0: SRS-1 implements by cccccccccccc; unlinked 1");
}

TEST_CASE("md escapes table cells for triple tags; html relies on mustache's escaping")
{
  CHECK(render_sample("{{#requirements}}{{{title}}}{{/requirements}}") == "Alarm \\| fast");
  auto c = sample();
  c.requirements[0].title = "a < b";
  CHECK(render::changelog_render(
            c, "html", std::string("{{#requirements}}{{title}}{{/requirements}}"), "t.mustache") ==
        "a &lt; b");
}

TEST_CASE("a malformed template is a usage error with file:line:column")
{
  CHECK(template_error("{{product}}\n\n{{#requirements}}") ==
        "my.mustache:3:1: error: invalid template: Unclosed section \"requirements\"");
}
