#include "core/render/audit_html.hpp"

#include "core/render/print_page.hpp"
#include "core/util/strings.hpp"

#include <cstdio>
#include <map>
#include <string_view>
#include <vector>

namespace trail::render {

namespace {

std::string html(std::string_view text)
{
  return util::escape_markup(text);
}

bool is_hex(std::string_view text)
{
  return !text.empty() && text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

// A digest: "sha256:<hex>" (any algorithm name) or bare hex, 64 digits or more. Commit ids
// (40 digits) fit on a line and are written whole.
bool is_digest(std::string_view token)
{
  if (const auto colon = token.find(':');
      colon != std::string_view::npos && colon <= 8 && token.substr(0, 3) == "sha") {
    token.remove_prefix(colon + 1);
  }
  return token.size() >= 64 && is_hex(token);
}

// The notes at the end of the document: the full values of the digests shortened in the
// tables, numbered in order of first use, each value once.
class Notes
{
public:
  // Returns the shortened value, its note marker and the full value as its title.
  std::string shortened(std::string_view value)
  {
    const std::string full(value);
    auto [it, added] = numbers_.try_emplace(full, values_.size() + 1);
    if (added) {
      values_.push_back(full);
    }
    const auto colon = full.find(':');
    const size_t keep = (colon == std::string::npos ? 0 : colon + 1) + 12;
    const std::string n = std::to_string(it->second);
    return "<span class=\"nw digest\" title=\"" + html(full) + "\">" + html(full.substr(0, keep)) +
           "&hellip;<sup class=\"note\">[" + n + "]</sup></span>";
  }

  const std::vector<std::string>& values() const
  {
    return values_;
  }

private:
  std::map<std::string, size_t> numbers_;
  std::vector<std::string> values_;
};

// Whether TOKEN is a value that must stay on one line (an ID, a date, a clause, a path:line,
// a commit id): anything with a digit or one of "-:/._#" in it. Plain words wrap only between
// words anyway; overlong tokens (more than 64 characters, none of the above in practice) are
// left breakable so that hostile text cannot push the table off the page.
bool is_value(std::string_view token)
{
  return token.size() <= 64 && token.find_first_of("0123456789-:/._#") != std::string_view::npos;
}

// Writes one value that must not wrap: a digest shortened with its note, a path breakable
// only after its slashes, anything else whole.
std::string value_html(std::string_view token, Notes& notes)
{
  if (is_digest(token)) {
    return notes.shortened(token);
  }
  if (!is_value(token)) {
    return html(token);
  }
  std::string out = "<span class=\"nw\">";
  const bool path = token.find('/') != std::string_view::npos && token.find("://") == token.npos;
  for (size_t start = 0; start < token.size();) {
    const auto slash = path ? token.find('/', start) : std::string_view::npos;
    const auto end = slash == std::string_view::npos ? token.size() : slash + 1;
    out += html(token.substr(start, end - start));
    if (slash != std::string_view::npos && end < token.size()) {
      out += "<wbr>";
    }
    start = end;
  }
  return out + "</span>";
}

// Writes TEXT (a sentence, a command, a pointer) with every value in it kept on one line.
std::string words_html(std::string_view text, Notes& notes)
{
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find_first_of(" \t\n", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (end > start) {
      out += value_html(text.substr(start, end - start), notes);
    }
    if (end < text.size()) {
      out += ' ';
    }
    start = end + 1;
  }
  return out;
}

std::string none(std::string_view text)
{
  return "<span class=\"none\">" + html(text) + "</span>";
}

std::string verdict_cell(audit::Verdict verdict)
{
  switch (verdict) {
  case audit::Verdict::evidence:
    return "<td class=\"verdict v-evidence\">Evidence</td>";
  case audit::Verdict::partial:
    return "<td class=\"verdict v-partial\">PARTIAL</td>";
  case audit::Verdict::gap:
    return "<td class=\"verdict v-gap\">GAP</td>";
  case audit::Verdict::not_applicable:
    return "<td class=\"verdict v-na\">Not applicable</td>";
  }
  return "<td class=\"verdict v-gap\">GAP</td>";
}

std::string list_html(const std::vector<std::string>& values, Notes& notes)
{
  std::vector<std::string> parts;
  for (const auto& v : values) {
    parts.push_back(value_html(v, notes));
  }
  return util::join(parts, ", ");
}

std::string finding_html(const audit::Finding& finding, Notes& notes)
{
  const char* status = finding.satisfied    ? "found"
                       : finding.claim_only ? "claim only, not evidence"
                                            : "missing";
  std::string out = "<div class=\"finding\"><span class=\"query\">" + html(finding.query) +
                    "</span> <span class=\"status " +
                    (finding.satisfied ? std::string("found") : std::string("missing")) + "\">" +
                    status + "</span>";
  if (!finding.summary.empty()) {
    out += ": " + words_html(finding.summary, notes);
  }
  if (!finding.pointers.empty()) {
    out += "<ul class=\"pointers\">";
    for (const auto& p : finding.pointers) {
      out += "<li><span class=\"kind\">" + html(p.kind) + "</span> " + words_html(p.text, notes) +
             "</li>";
    }
    out += "</ul>";
  }
  return out + "</div>";
}

std::string line_html(const audit::Report& report, const audit::Line& line, Notes& notes)
{
  std::string evidence;
  if (line.verdict == audit::Verdict::not_applicable && line.findings.empty()) {
    evidence = none("Not required for class " + report.safety_class + " by Table A.1.");
  }
  for (const auto& finding : line.findings) {
    evidence += finding_html(finding, notes);
  }
  if (evidence.empty()) {
    evidence = none("No evidence query: nothing was looked for.");
  }
  std::string where;
  if (!line.where.file.empty()) {
    where =
        "<div class=\"where\">" +
        value_html(line.where.file + (line.where.line > 0 ? ":" + std::to_string(line.where.line)
                                                          : std::string()),
                   notes) +
        "</div>";
  }
  return "<tr><td class=\"num\">" + std::to_string(line.number) + "</td><td>" +
         words_html(line.activity, notes) + where + "</td><td>" +
         (line.clauses.empty() ? none("none") : list_html(line.clauses, notes)) + "</td><td>" +
         (line.classes.empty() ? none("none") : list_html(line.classes, notes)) + "</td>" +
         verdict_cell(line.verdict) + "<td>" + evidence + "</td></tr>\n";
}

std::string totals_text(const audit::Totals& t)
{
  const size_t all = t.evidence + t.partial + t.gap + t.not_applicable;
  return std::to_string(all) + " lines: " + std::to_string(t.evidence) + " evidence, " +
         std::to_string(t.partial) + " partial, " + std::to_string(t.gap) + " gap" +
         (t.gap == 1 ? "" : "s") + ", " + std::to_string(t.not_applicable) + " not applicable";
}

std::string row(std::string_view heading, const std::string& value)
{
  return "<tr><th scope=\"row\">" + html(heading) + "</th><td>" + value + "</td></tr>\n";
}

// "<source> · sha256:<digest>" with the digest shortened; "not known" when there is none.
std::string with_digest(const std::string& source, const std::string& digest, Notes& notes)
{
  if (digest.empty()) {
    return words_html(source, notes) + " &middot; digest " + none("not known");
  }
  const std::string value = digest.find(':') == std::string::npos ? "sha256:" + digest : digest;
  return words_html(source, notes) + " &middot; " + value_html(value, notes);
}

constexpr std::string_view k_style = R"(
body { font: 9pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000; margin: 0; }
@media screen { body { max-width: 60em; margin: 2em auto; padding: 0 1em; } }
h1 { font-size: 15pt; margin: 0 0 .2em; }
h2 { font-size: 11.5pt; margin: 1.1em 0 .3em; break-after: avoid; page-break-after: avoid; }
p { margin: .3em 0; }
p.meta { margin: 0 0 .8em; }
table { border-collapse: collapse; width: 100%; margin: 0 0 .4em; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: .75pt solid #666; padding: 2pt 4pt; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
th { background: #e6e6e6; font-weight: bold; print-color-adjust: exact;
  -webkit-print-color-adjust: exact; }
table.summary th { width: 18%; }
table.area { table-layout: fixed; }
table.area col.num { width: 4%; } table.area col.act { width: 21%; }
table.area col.cl { width: 8%; } table.area col.cls { width: 6%; }
table.area col.v { width: 9%; } table.area col.ev { width: 52%; }
td.num { text-align: right; }
.nw { white-space: nowrap; }
.digest { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
sup.note { font-size: 6.5pt; vertical-align: super; line-height: 0; }
.none { font-style: italic; color: #444; }
.where { font-size: 7pt; color: #444; margin-top: 1pt; }
td.verdict { font-weight: bold; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
td.v-evidence { background: #e3f2e1; }
td.v-partial { background: #fff2cc; font-style: italic; border: 1.5pt dashed #000; }
td.v-gap { background: #f9d6d5; border: 2pt solid #000; }
td.v-na { font-weight: normal; font-style: italic; color: #444; }
.finding { margin: 0 0 2pt; }
.query { font-weight: bold; }
.status.missing { font-weight: bold; text-decoration: underline; }
ul.pointers { margin: 1pt 0 0; padding-left: 1.2em; }
ul.pointers li { margin: 0; }
.kind { font-style: italic; }
table.notes td { border: none; padding: 0 4pt 0 0; }
table.notes td.num { width: 3em; }
dl.legend { margin: .3em 0; } dl.legend dt { font-weight: bold; float: left; width: 9em; }
dl.legend dd { margin: 0 0 0 9em; }
)";

} // namespace

std::string audit_html(const audit::Report& report)
{
  Notes notes;
  const auto& id = report.identity;
  const auto& rev = report.revision;
  const std::string short_commit = util::short_id(rev.commit);
  const std::string revision_label =
      "Revision " + short_commit +
      (report.rev.empty() || report.rev == short_commit ? std::string() : " (" + report.rev + ")");

  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<title>" +
          html("IEC 62304 checklist audit: " + id.product + ", " + revision_label + ", " +
               report.document_id) +
          "</title>\n<style>" + std::string(k_style);
  page += page_rule({report.document_id,
                     id.product,
                     revision_label,
                     "IEC 62304 checklist audit, class " + report.safety_class + ", " + rev.date});
  page += "</style>\n</head>\n<body>\n";

  page += "<h1>IEC 62304 checklist audit: " + html(id.product) + "</h1>\n";
  page += "<p class=\"meta\">Software safety class " + value_html(report.safety_class, notes) +
          " &middot; " + words_html(revision_label, notes) + " of " + value_html(rev.date, notes) +
          " &middot; document " + value_html(report.document_id, notes) + "</p>\n";

  // The summary.
  page += "<h2>Summary</h2>\n<table class=\"summary\">\n<tbody>\n";
  page += row("Document", value_html(report.document_id, notes));
  page += row("Product", html(id.product));
  page +=
      row("Revision",
          value_html(rev.commit, notes) +
              (report.rev.empty() ? std::string() : " (" + words_html(report.rev, notes) + ")"));
  page += row("Tree", value_html(rev.tree, notes));
  page += row("Date (the commit's)", value_html(rev.date, notes));
  page += row("Release tag",
              report.release_tag.empty() ? none("none at or before this revision")
                                         : value_html(report.release_tag, notes));
  page += row("Software safety class",
              value_html(report.safety_class, notes) + " (from " +
                  words_html(report.class_source, notes) + ")");
  page += row("Checklist", with_digest(report.checklist_source, report.checklist_digest, notes));
  page += row("Policy", with_digest(id.policy_source, id.policy_digest, notes));
  std::string results;
  for (const auto& r : report.results) {
    results += (results.empty() ? "" : "<br>") + words_html(r, notes);
  }
  page += row("Results files", results.empty() ? none("none given") : results);
  page += row("Produced by", "git-trail " + value_html(id.tool_version, notes));
  page += row("Totals", html(totals_text(report.totals)));
  page += row("Result",
              report.has_gap() ? "<strong>" + std::to_string(report.totals.gap) +
                                     (report.totals.gap == 1 ? " applicable line is a GAP"
                                                             : " applicable lines are GAPS") +
                                     "</strong>"
                               : std::string("No applicable line is a gap"));
  page += "</tbody>\n</table>\n";
  page += "<dl class=\"legend\">\n"
          "<dt>Evidence</dt><dd>every evidence query of the line found what it asks for.</dd>\n"
          "<dt>PARTIAL</dt><dd>some of its queries did, not all.</dd>\n"
          "<dt>GAP</dt><dd>none did, or one could not be judged.</dd>\n"
          "<dt>Not applicable</dt><dd>Table A.1 requires none of its clauses for class " +
          html(report.safety_class) + ".</dd>\n</dl>\n";

  // One table per process area.
  for (const auto& area : report.areas) {
    page += "<h2>" + html(area.name) + "</h2>\n";
    page += "<table class=\"area\">\n<colgroup><col class=\"num\"><col class=\"act\"><col "
            "class=\"cl\"><col class=\"cls\"><col class=\"v\"><col class=\"ev\"></colgroup>\n"
            "<thead><tr><th>No.</th><th>Activity</th><th>Clauses</th><th>Classes</th>"
            "<th>Verdict</th><th>Evidence</th></tr></thead>\n<tbody>\n";
    for (const auto& line : area.lines) {
      page += line_html(report, line, notes);
    }
    if (area.lines.empty()) {
      page += "<tr><td colspan=\"6\">" + none("No line in this area.") + "</td></tr>\n";
    }
    page += "</tbody>\n</table>\n";
  }

  // The tools.
  page += "<h2>Tools and environment</h2>\n";
  if (report.tools.empty()) {
    page += "<p>" + none("No tool is declared.") + "</p>\n";
  } else {
    page += "<table class=\"tools\">\n<thead><tr><th>Tool</th><th>Version</th><th>Digest</th>"
            "<th>Declared in</th></tr></thead>\n<tbody>\n";
    for (const auto& tool : report.tools) {
      page += "<tr><td>" + words_html(tool.name, notes) + "</td><td>" +
              (tool.version.empty() ? none("not stated") : value_html(tool.version, notes)) +
              "</td><td>" +
              (tool.digest.empty() ? none("not known") : value_html(tool.digest, notes)) +
              "</td><td>" + words_html(tool.source, notes) + "</td></tr>\n";
    }
    page += "</tbody>\n</table>\n";
  }

  // The digests in full.
  if (!notes.values().empty()) {
    page += "<h2>Notes: digests in full</h2>\n<table class=\"notes\">\n<tbody>\n";
    for (size_t i = 0; i < notes.values().size(); ++i) {
      page += "<tr><td class=\"num\">[" + std::to_string(i + 1) +
              "]</td><td><span class=\"nw digest\">" + html(notes.values()[i]) +
              "</span></td></tr>\n";
    }
    page += "</tbody>\n</table>\n";
  }
  return page + "</body>\n</html>\n";
}

} // namespace trail::render
