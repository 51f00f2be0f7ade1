// The changelog's renderings (changelog_report): the JSON every template sees, templates given
// by the user, the built-in Markdown's escaping, malformed templates; on changelogs built in
// memory.

#include "core/changelog/changelog.hpp"
#include "core/render/changelog_report.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace trail;

namespace {

changelog::SharedCommit commit(const std::string& id, const std::string& subject)
{
  return std::make_shared<const changelog::CommitRef>(
      id, subject, "Ada Author", "2026-01-01T12:00:00Z", "", "");
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

// SAMPLE with an entry in every other list too, and text that JSON, HTML and Markdown escape
// (quotes, control characters, UTF-8 and bytes that are not UTF-8).
changelog::Changelog full()
{
  auto c = sample();
  c.product = "Pump \"A\" <b> & \x01\t caf\xc3\xa9 \xe9";
  changelog::Group request;
  request.id = "CR-1";
  request.kind = "change-request";
  request.url = "https://example.com/CR-1";
  request.changes = {"title: a -> b"};
  request.touched = {"src/a.c: implemented by cccccccccccc \"Add alarm\""};
  request.commits = c.requirements[0].commits;
  c.change_requests = {request};
  c.risk_controls = {request};
  c.problems_related = {request};
  c.other_links = {request};
  changelog::ProblemFixed problem;
  problem.id = "PR-1";
  problem.safety_impacts = {"low", "high"};
  problem.commits = c.unlinked;
  c.problems = {problem};
  changelog::SoupChange soup;
  soup.id = "SOUP-1";
  soup.change = "changed";
  soup.fields = {"license", "purl"};
  c.soup = {soup};
  c.soup_declared = c.unlinked;
  release::SoupDiffEntry component;
  component.change.kind = soup::ComponentChange::Kind::upgraded;
  component.change.before = soup::Component{};
  component.change.before->name = "fmt";
  component.change.before->version = "10.1.1";
  component.change.after = component.change.before;
  component.change.after->version = "10.2.1";
  c.soup_components = {component};
  c.soup_component_problems = {"v1.0.0: conanfile.txt:3: unreadable"};
  release::ProblemReport residual;
  residual.id = "PR-2";
  c.residual = {residual};
  c.waivers = {{*c.unlinked[0], "needs-link", "tidy only", "Quinn"}};
  c.reverted = {{*c.unlinked[0], *c.requirements[0].commits[0]}};
  c.shallow_boundary = {"eeeeeeeeeeee5555555555555555555555555555"};
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

TEST_CASE("the JSON is streamed byte for byte as nlohmann writes the same document")
{
  const auto c = full();
  const auto json = render::changelog_to_json(c);
  CHECK(render::changelog_json(c) ==
        json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  CHECK(json["soup_components"][0]["description"] != "");
  CHECK(json["problems_fixed"][0]["safety_impact"] == "low, high");
  CHECK(json["complete"] == false);
  // The document id: the digest of the compact JSON without the id, streamed into SHA-256.
  auto without = json;
  without.erase("document_id");
  const std::string digest =
      util::sha256_hex(without.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  CHECK(json["document_id"] == "CHANGELOG-bbbbbbbbbbbb-" + digest.substr(0, 12));
  CHECK(render::changelog_document_id(c) == json["document_id"]);
  CHECK(json.back() == json["document_id"]); // the last field
}

TEST_CASE("templates see the document id and the page style as they are")
{
  const auto id = render::changelog_document_id(sample());
  CHECK(render_sample("{{document_id}}") == id);
  CHECK(render_sample("{{#page_style}}x{{/page_style}}") == "x");
  CHECK(render::changelog_render(sample(), "html", std::string("{{{page_style}}}"), "t")
            .find("@page") != std::string::npos);
}

TEST_CASE("Markdown squeezes runs of blank lines to one; HTML keeps them")
{
  const std::string text = "a\n\n\n\nb\n{{#nothing}}\nx\n{{/nothing}}\n\nc\n\n\n";
  CHECK(render_sample(text) == "a\n\nb\n\nc\n\n");
  CHECK(render_sample(text, "html") == "a\n\n\n\nb\n\n\nc\n\n\n");
}

TEST_CASE("the built-in templates parse, and render the full model")
{
  for (const std::string format : {"md", "html"}) {
    const auto text = render::changelog_render(full(), format, std::nullopt, "");
    CHECK(text.find("CR-1") != std::string::npos);
    CHECK(text.find("needs-link") != std::string::npos);
  }
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
  CHECK(template_error("{{#requirements}}\n{{#commits}}\n{{/requirements}}") ==
        "my.mustache:3:1: error: invalid template: Section \"commits\" (opened at 2:1) closed as "
        "\"requirements\"");
}
