// The audit's HTML (audit_html): a document that prints with its identification on every
// page, escapes what the repository wrote, keeps values on one line and fetches nothing; on a
// report built in memory.

#include "core/audit/audit.hpp"
#include "core/render/audit_html.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace trail;

namespace {

const std::string k_commit = "3f2a9c81d7e4b6a05c19f0e8d2b7a4c6e1f3d5b7";
const std::string k_policy_digest =
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const std::string k_checklist_digest =
    "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
const std::string k_results_digest =
    "sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";

// Two areas, four lines (one of each verdict), a tool; hostile text where the repository
// writes it (product, item titles in summaries, paths, the revision as given).
audit::Report sample()
{
  audit::Report r;
  r.identity.product = "Pump <b>\"X\"</b> & </style>";
  r.identity.safety_class = "B";
  r.identity.tool_version = "0.13.0";
  r.identity.policy_source = "trail.toml";
  r.identity.policy_digest = k_policy_digest;
  r.revision = {k_commit, "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "2026-01-01T12:00:00Z"};
  r.rev = "v1.2.0";
  r.safety_class = "B";
  r.class_source = "trail.toml";
  r.checklist_source = "<built-in checklist>";
  r.checklist_digest = k_checklist_digest;
  r.release_tag = "v1.2.0";
  r.results = {"results/unit.xml " + k_results_digest};
  r.document_id = "AUDIT-3f2a9c81d7e4-2c26b46b68ff";

  audit::Line plan;
  plan.number = 1;
  plan.area = "Software Development Planning";
  plan.activity = "Software development plan";
  plan.clauses = {"5.1.1"};
  plan.classes = {"A", "B", "C"};
  plan.verdict = audit::Verdict::evidence;
  plan.where = {"checklist.toml", 12, 1};
  plan.findings.push_back(
      {"plan",
       true,
       false,
       "PLAN-DEV is approved",
       {{"file", "docs/plans/development.md:1"}, {"item", "PLAN-DEV"}, {"commit", k_commit}}});
  audit::Line update;
  update.number = 2;
  update.area = plan.area;
  update.activity = "Keep software development plan updated";
  update.clauses = {"5.1.2"};
  update.classes = {"A", "B", "C"};
  update.verdict = audit::Verdict::partial;
  update.findings.push_back(
      {"verified", false, true, "SRS-12 \"<img src=x onerror=alert(1)>\" only claimed", {}});
  update.findings.push_back({"tested",
                             true,
                             false,
                             "tests passed",
                             {{"report", "results/unit.xml " + k_results_digest},
                              {"command", "git trail trace v1.2.0 --results results/unit.xml"}}});
  audit::Line segregation;
  segregation.number = 3;
  segregation.area = "Software Architectural Design & <Risk>";
  segregation.activity = "Identify segregation necessary for risk control";
  segregation.clauses = {"5.3.5"};
  segregation.classes = {"C"};
  segregation.verdict = audit::Verdict::not_applicable;
  audit::Line verify;
  verify.number = 4;
  verify.area = segregation.area;
  verify.activity = "Verify software architecture";
  verify.clauses = {"5.3.6"};
  verify.classes = {"B", "C"};
  verify.verdict = audit::Verdict::gap;
  verify.findings.push_back({"document",
                             false,
                             false,
                             "no architecture document: add one as a plan item",
                             {{"setting", "trail.toml:7"}}});
  r.areas.push_back({plan.area, {plan, update}});
  r.areas.push_back({segregation.area, {segregation, verify}});
  r.tools.push_back({"git-trail", "0.13.0", k_results_digest, "this executable"});
  r.tools.push_back({"gcc", "", "", "trail.toml:41"});
  r.totals = {1, 1, 1, 1};
  return r;
}

size_t count(const std::string& text, const std::string& what)
{
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

} // namespace

TEST_CASE("audit_html: every printed page carries the document id, product, revision and page")
{
  const std::string page = render::audit_html(sample());
  // The margin boxes, the product's hostile bytes written as CSS escapes.
  CHECK(page.find("@page { size: A4 landscape; margin: 15mm 12mm 13mm 12mm;\n"
                  "  @top-left { content: \"AUDIT-3f2a9c81d7e4-2c26b46b68ff\"; ") !=
        std::string::npos);
  CHECK(page.find("  @top-center { content: \"Pump \\3c b\\3e \\22 X\\22 \\3c \\2f b\\3e  \\26  "
                  "\\3c \\2f style\\3e \"; ") != std::string::npos);
  CHECK(page.find("  @top-right { content: \"Revision 3f2a9c81d7e4 (v1.2.0)\"; ") !=
        std::string::npos);
  CHECK(page.find("  @bottom-left { content: \"IEC 62304 checklist audit, class B, "
                  "2026-01-01T12:00:00Z\"; ") != std::string::npos);
  CHECK(page.find("  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); ") !=
        std::string::npos);
  // One style element: no text closed it early.
  CHECK(count(page, "</style>") == 1);
  CHECK(count(page, "<style>") == 1);

  // A line break, a backslash or a brace cannot end the string or the rule either.
  auto odd = sample();
  odd.identity.product = "A\nB\\\"}{;";
  CHECK(render::audit_html(odd).find(
            "@top-center { content: \"A\\a B\\5c \\22 \\7d \\7b \\3b \"; ") != std::string::npos);
}

TEST_CASE("audit_html: text from the repository is escaped")
{
  const std::string page = render::audit_html(sample());
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("<b>") == std::string::npos);
  CHECK(page.find("<span class=\"nw\">SRS-12</span> &quot;&lt;img src=x <span "
                  "class=\"nw\">onerror=alert(1)&gt;&quot;</span> only claimed") !=
        std::string::npos);
  CHECK(page.find("<h1>IEC 62304 checklist audit: Pump &lt;b&gt;&quot;X&quot;&lt;/b&gt; &amp; "
                  "&lt;/style&gt;</h1>") != std::string::npos);
  CHECK(page.find("<h2>Software Architectural Design &amp; &lt;Risk&gt;</h2>") !=
        std::string::npos);
  CHECK(page.find("<span class=\"nw\">&lt;built-in</span> checklist&gt; &middot; ") !=
        std::string::npos);
}

TEST_CASE("audit_html: the summary, every area and line, the verdicts in words, the tools")
{
  const std::string page = render::audit_html(sample());
  // In this order: summary, the two areas, tools, notes.
  const auto summary = page.find("<h2>Summary</h2>");
  const auto planning = page.find("<h2>Software Development Planning</h2>");
  const auto design = page.find("<h2>Software Architectural Design &amp; &lt;Risk&gt;</h2>");
  const auto tools = page.find("<h2>Tools and environment</h2>");
  const auto notes = page.find("<h2>Notes: digests in full</h2>");
  REQUIRE(summary != std::string::npos);
  CHECK(summary < planning);
  CHECK(planning < design);
  CHECK(design < tools);
  CHECK(tools < notes);
  CHECK(count(page, "<table class=\"area\">") == 2);
  CHECK(count(page, "<thead><tr><th>No.</th><th>Activity</th>") == 2);

  CHECK(page.find("<tr><th scope=\"row\">Document</th><td><span "
                  "class=\"nw\">AUDIT-3f2a9c81d7e4-2c26b46b68ff</span></td></tr>") !=
        std::string::npos);
  CHECK(page.find("<tr><th scope=\"row\">Revision</th><td><span class=\"nw\">" + k_commit +
                  "</span> (<span class=\"nw\">v1.2.0</span>)</td></tr>") != std::string::npos);
  CHECK(page.find("<tr><th scope=\"row\">Date (the commit&apos;s)</th><td><span "
                  "class=\"nw\">2026-01-01T12:00:00Z</span></td></tr>") != std::string::npos);
  CHECK(page.find("<tr><th scope=\"row\">Software safety class</th><td>B (from <span "
                  "class=\"nw\">trail.toml</span>)</td></tr>") != std::string::npos);
  CHECK(page.find("<tr><th scope=\"row\">Totals</th><td>4 lines: 1 evidence, 1 partial, 1 gap, "
                  "1 not applicable</td></tr>") != std::string::npos);
  CHECK(page.find("<tr><th scope=\"row\">Result</th><td><strong>1 applicable line is a "
                  "GAP</strong></td></tr>") != std::string::npos);

  for (const char* activity : {"Software development plan",
                               "Keep software development plan updated",
                               "Identify segregation necessary for risk control",
                               "Verify software architecture"}) {
    CAPTURE(activity);
    CHECK(page.find(std::string("</td><td>") + activity) != std::string::npos);
  }
  for (int n = 1; n <= 4; ++n) {
    CHECK(page.find("<tr><td class=\"num\">" + std::to_string(n) + "</td>") != std::string::npos);
  }
  CHECK(page.find("<td class=\"verdict v-evidence\">Evidence</td>") != std::string::npos);
  CHECK(page.find("<td class=\"verdict v-partial\">PARTIAL</td>") != std::string::npos);
  CHECK(page.find("<td class=\"verdict v-gap\">GAP</td>") != std::string::npos);
  CHECK(page.find("<td class=\"verdict v-na\">Not applicable</td><td><span class=\"none\">Not "
                  "required for class B by Table A.1.</span></td>") != std::string::npos);
  CHECK(page.find("<span class=\"status missing\">claim only, not evidence</span>") !=
        std::string::npos);
  CHECK(page.find("<tr><td>gcc</td><td><span class=\"none\">not "
                  "stated</span></td><td><span class=\"none\">not known</span></td><td><span "
                  "class=\"nw\">trail.toml:41</span></td></tr>") != std::string::npos);
}

TEST_CASE("audit_html: pointers are written whole, values on one line, paths break at slashes")
{
  const std::string page = render::audit_html(sample());
  CHECK(page.find("<li><span class=\"kind\">file</span> <span "
                  "class=\"nw\">docs/<wbr>plans/<wbr>development.md:1</span></li>") !=
        std::string::npos);
  CHECK(page.find("<li><span class=\"kind\">item</span> <span class=\"nw\">PLAN-DEV</span></li>") !=
        std::string::npos);
  CHECK(page.find("<li><span class=\"kind\">commit</span> <span class=\"nw\">" + k_commit +
                  "</span></li>") != std::string::npos);
  CHECK(page.find("<li><span class=\"kind\">command</span> git trail trace <span "
                  "class=\"nw\">v1.2.0</span> <span class=\"nw\">--results</span> <span "
                  "class=\"nw\">results/<wbr>unit.xml</span></li>") != std::string::npos);
  CHECK(page.find("<li><span class=\"kind\">setting</span> <span "
                  "class=\"nw\">trail.toml:7</span></li>") != std::string::npos);
  CHECK(page.find("<div class=\"where\"><span class=\"nw\">checklist.toml:12</span></div>") !=
        std::string::npos);
  CHECK(page.find("<td><span class=\"nw\">5.3.6</span></td><td>B, C</td><td class=\"verdict "
                  "v-gap\">GAP</td>") != std::string::npos);
}

TEST_CASE("audit_html: digests are shortened visibly and written in full once in the notes")
{
  const std::string page = render::audit_html(sample());
  // The checklist's bare digest gets its algorithm; the results file and the tool share note 3.
  CHECK(page.find("<span class=\"nw digest\" title=\"sha256:" + k_checklist_digest +
                  "\">sha256:2c26b46b68ff&hellip;<sup class=\"note\">[1]</sup></span>") !=
        std::string::npos);
  CHECK(page.find("title=\"" + k_policy_digest +
                  "\">sha256:9f86d081884c&hellip;<sup class=\"note\">[2]</sup></span>") !=
        std::string::npos);
  CHECK(count(page, "sha256:fcde2b2edba5&hellip;<sup class=\"note\">[3]</sup>") == 3);
  CHECK(page.find("<tr><td class=\"num\">[3]</td><td><span class=\"nw digest\">" +
                  k_results_digest + "</span></td></tr>") != std::string::npos);
  CHECK(count(page, "<td class=\"num\">[") == 3);
}

TEST_CASE("audit_html: nothing is fetched, nothing runs, and the output depends only on the report")
{
  const auto report = sample();
  const std::string page = render::audit_html(report);
  for (const char* fetch : {"http:",
                            "https:",
                            "//",
                            "url(",
                            "@import",
                            "<script",
                            "<link",
                            "<img",
                            "<iframe",
                            "<object"}) {
    CAPTURE(fetch);
    CHECK(page.find(fetch) == std::string::npos);
  }
  CHECK(
      page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
  CHECK(page.ends_with("</body>\n</html>\n"));
  // No clock: the same report gives the same bytes, and the only date is the commit's.
  CHECK(render::audit_html(report) == page);
  auto later = report;
  later.revision.date = "2027-02-03T04:05:06Z";
  const std::string other = render::audit_html(later);
  CHECK(other.find("2026-01-01T12:00:00Z") == std::string::npos);
  CHECK(count(other, "2027-02-03T04:05:06Z") == 3);
}
