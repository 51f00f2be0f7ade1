// libFuzzer target: a user's changelog template (`git trail changelog --template FILE`), the
// one place git-trail renders a mustache template a user supplies. The input is the template;
// it goes through render::changelog_render, which bounds it (template_limits.hpp: nesting and
// size) and renders it with render/mustache.hpp, with a fixed, realistic data model: a release's
// changelog with one entry in every list (a change request, a requirement, a problem report,
// a risk control, a SOUP upgrade, a residual anomaly, a revert, ...) and text with the
// characters Markdown and HTML escape. One entry per list: a template's own loops multiply
// (a list of N nested K deep renders N^K times), which is the template author's choice, not a
// defect of the reader. The first byte picks the format: even "md", odd "html".
// Contract: rendered text, or a UsageError (file:line:column); any other exception, a crash,
// a sanitizer report or a hang (a quadratic parse) is a finding.
#include "core/changelog/changelog.hpp"
#include "core/render/changelog_report.hpp"
#include "core/util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

using namespace trail;

changelog::CommitRef commit_ref(const std::string& id, const std::string& subject)
{
  return {id,
          subject,
          "Ada Author <ada@example.com>",
          "2026-01-01T13:00:00+01:00",
          "low",
          "lower is <safer> & \"better\" | or 'not'",
          {},
          {}};
}

changelog::SharedCommit shared(const std::string& id, const std::string& subject)
{
  return std::make_shared<const changelog::CommitRef>(commit_ref(id, subject));
}

changelog::Group group(const std::string& id, const std::string& kind, const std::string& relation)
{
  changelog::Group g;
  g.id = id;
  g.kind = kind;
  g.title = "Title of " + id + " with | pipe\nand a line";
  g.status = "approved";
  g.relation = relation;
  g.defined = true;
  g.definition = "changed";
  g.commits = {shared("1111111111111111111111111111111111111111", "Start the pump")};
  return g;
}

changelog::Changelog model()
{
  changelog::Changelog c;
  c.product = "Infusion <pump> & co";
  c.safety_class = "C";
  c.tool_version = "0.1.0";
  c.policy_source = "trail.toml";
  c.policy_digest = std::string(64, 'a');
  c.from = {"v1.0.0", "1111111111111111111111111111111111111111", "2026-01-01T13:00:00+01:00"};
  c.to = {"v1.1.0", "2222222222222222222222222222222222222222", "2026-01-02T13:00:00+01:00"};
  c.commits_in_range = 7;
  c.merges = 1;
  c.cherry_picks_folded = 1;
  c.change_requests = {group("CR-1", "change-request", "authorized-by")};
  c.requirements = {group("SRS-1", "requirement", "implements, verifies")};
  changelog::ProblemFixed problem;
  problem.id = "PR-1";
  problem.title = "Alarm late";
  problem.status = "resolved";
  problem.severity = "minor";
  problem.safety_class = "C";
  problem.safety_impacts = {"low"};
  problem.commits = {shared("3333333333333333333333333333333333333333", "Fix the alarm")};
  c.problems = {problem};
  c.risk_controls = {group("RC-1", "risk-control", "implements")};
  c.other_links = {group("#42", "bug", "refs")};
  changelog::SoupChange soup;
  soup.id = "SOUP-1";
  soup.title = "zlib";
  soup.change = "upgraded";
  soup.from_version = "1.2.13";
  soup.to_version = "1.3.1";
  soup.fields = {"version", "purl"};
  c.soup = {soup};
  c.soup_declared = {shared("4444444444444444444444444444444444444444", "Upgrade zlib")};
  release::ProblemReport residual;
  residual.id = "PR-2";
  residual.title = "Display flickers";
  residual.status = "open";
  residual.severity = "minor";
  residual.safety_class = "B";
  residual.evaluation = "no effect on dosing";
  c.residual = {residual};
  c.unlinked = {shared("5555555555555555555555555555555555555555", "Tidy")};
  c.reverted = {
      {commit_ref("6666666666666666666666666666666666666666", "Try a faster pump"),
       commit_ref("7777777777777777777777777777777777777777", "Revert \"Try a faster pump\"")}};
  c.commits = {shared("3333333333333333333333333333333333333333", "Fix the alarm")};
  c.shallow_boundary = {};
  return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  static const changelog::Changelog changelog = model();
  if (size == 0) {
    return 0;
  }
  const std::string format = (data[0] & 1) ? "html" : "md";
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    (void)render::changelog_render(changelog, format, text, "fuzz.mustache");
  } catch (const UsageError&) {
    // a clear error is the expected outcome for a malformed or too deep template
  }
  return 0;
}
