#include "core/render/trace_report.hpp"

#include "core/render/print_page.hpp"
#include "core/util/digest.hpp"
#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace trail::render {

namespace {

// Returns the short ids of ENTRY's commits with RELATION ("" when there is none).
std::string commits_with(const trace::TraceEntry& entry, const std::string& relation)
{
  std::vector<std::string> ids;
  for (const auto& c : entry.commits) {
    if (c.relation == relation) {
      ids.push_back(util::short_id(c.commit) + (c.suspect ? " (suspect)" : ""));
    }
  }
  return util::join(ids, ", ");
}

// Returns the files that link to ENTRY with RELATION, as path:line.
std::string files_with(const trace::TraceEntry& entry, const std::string& relation)
{
  std::vector<std::string> places;
  for (const auto& f : entry.files) {
    if (f.relation == relation) {
      places.push_back(f.path + ":" + std::to_string(f.line));
    }
  }
  return util::join(places, ", ");
}

// Joins the non-empty pieces with ", ".
std::string either(const std::string& a, const std::string& b)
{
  return a.empty() ? b : b.empty() ? a : a + ", " + b;
}

// Returns "3 tests: 2 passed, 1 failed" for ENTRY's attached test outcomes ("" when none).
std::string tests_summary(const trace::TraceEntry& entry)
{
  if (entry.tests.empty()) {
    return {};
  }
  std::vector<std::string> parts;
  for (const char* outcome : {"passed", "failed", "skipped"}) {
    const auto n = std::count_if(entry.tests.begin(), entry.tests.end(), [&](const auto& t) {
      return t.outcome == outcome;
    });
    if (n > 0) {
      parts.push_back(std::to_string(n) + " " + outcome);
    }
  }
  return std::to_string(entry.tests.size()) + (entry.tests.size() == 1 ? " test: " : " tests: ") +
         util::join(parts, ", ");
}

// Returns "relation: ids" for each relation ENTRY's commits carry, in first-seen order, but
// "verifies": a trailer that says so is a claim, shown apart (claims_of).
std::vector<std::string> relations_of(const trace::TraceEntry& entry)
{
  std::vector<std::string> relations;
  for (const auto& c : entry.commits) {
    if (c.relation != "verifies" &&
        std::find(relations.begin(), relations.end(), c.relation) == relations.end()) {
      relations.push_back(c.relation);
    }
  }
  std::vector<std::string> out;
  for (const auto& relation : relations) {
    out.push_back(relation + ": " + commits_with(entry, relation));
  }
  return out;
}

// Returns the short ids of the commits whose `Verifies:` trailer claims ENTRY is verified.
std::string claims_of(const trace::TraceEntry& entry)
{
  return commits_with(entry, "verifies");
}

// Returns the test files that link to ENTRY as verifying it, as path:line.
std::string test_links_of(const trace::TraceEntry& entry)
{
  return files_with(entry, "verifies");
}

// Returns the test evidence cell of ENTRY: the outcomes attached from the results, "none" when
// results were given but no test verifies it, "not given" without results.
std::string evidence_cell(const trace::TraceReport& report, const trace::TraceEntry& entry)
{
  if (!report.evidence_given()) {
    return "not given";
  }
  return entry.tests.empty() ? std::string("none") : tests_summary(entry);
}

// Returns the line that says where the test evidence comes from, or that none was given.
std::string evidence_line(const trace::TraceReport& report)
{
  if (!report.evidence_given()) {
    return "Test evidence: none given (--results): a Verifies: trailer is a claim and a test file "
           "link is a link, not evidence";
  }
  return "Test evidence: test outcomes from " +
         util::sanitize_utf8(util::join(report.results, ", "));
}

std::string field(const std::optional<registry::Item>& item, std::string registry::Item::*member)
{
  return item ? util::sanitize_utf8((*item).*member) : std::string();
}

std::string header(const trace::TraceReport& report)
{
  std::string text = "Traceability at " + util::short_id(report.revision) +
                     " (policy: " + report.policy_source + "), " +
                     std::to_string(report.commits_scanned) + " commits scanned";
  if (!report.baseline.empty()) {
    text += " (" + std::to_string(report.baseline_commits) + " from baseline " +
            util::short_id(report.baseline) + ": read for links, not judged)";
  }
  return text;
}

// Returns the line that says the report is incomplete, or "" when it is complete.
std::string incomplete_line(const trace::TraceReport& report)
{
  const std::string why = report.incomplete();
  return why.empty() ? std::string() : "INCOMPLETE: " + why;
}

std::string gap_lines(const trace::TraceReport& report, const std::string& bullet)
{
  std::string text;
  for (const auto& entry : report.entries) {
    for (const auto& gap : entry.gaps) {
      text += bullet + entry.id + ": " + gap;
      if (gap == "not defined" && !entry.commits.empty()) {
        text += " (linked by " + util::short_id(entry.commits.front().commit) + ")";
      }
      text += "\n";
    }
  }
  for (const auto& commit : report.unlinked) {
    text += bullet + util::short_id(commit.commit) +
            " links to nothing: " + util::sanitize_utf8(commit.subject) + "\n";
  }
  if (const auto incomplete = incomplete_line(report); !incomplete.empty()) {
    text += bullet + incomplete + "\n";
  }
  return text;
}

std::string md_cell(const std::string& text)
{
  return util::markdown_cell(text, " ");
}

std::string csv_cell(const std::string& text)
{
  const std::string clean = util::sanitize_utf8(text);
  if (clean.find_first_of(",\"\n\r") == std::string::npos) {
    return clean;
  }
  std::string out = "\"";
  for (const char c : clean) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

} // namespace

std::string trace_text(const trace::TraceReport& report)
{
  // What could not be read comes first, then where the evidence comes from.
  std::string text = header(report) + "\n";
  if (const auto incomplete = incomplete_line(report); !incomplete.empty()) {
    text += incomplete + "\n";
  }
  text += evidence_line(report) + "\n";
  std::string kind = "\x01";
  for (const auto& entry : report.entries) {
    if (entry.kind != kind) {
      kind = entry.kind;
      text += "\n" + (kind.empty() ? std::string("(no kind)") : kind) + "\n";
    }
    text += "  " + entry.id;
    if (entry.item) {
      text += "  [" + entry.item->status +
              (entry.item->safety_class.empty() ? "" : ", class " + entry.item->safety_class) +
              "] " + util::sanitize_utf8(entry.item->title);
    } else if (entry.external) {
      text += "  (external)";
    }
    text += "\n";
    for (const auto& line : relations_of(entry)) {
      text += "      " + line + "\n";
    }
    if (const auto claims = claims_of(entry); !claims.empty()) {
      text += "      verification claimed (trailer): " + claims + "\n";
    }
    for (const auto& file : entry.files) {
      const std::string place =
          file.path + ":" + std::to_string(file.line) + (file.suspect ? " (suspect)" : "");
      text += "      " +
              (file.relation == "verifies" ? "test linked (file): " + place
                                           : file.relation + " in " + place) +
              "\n";
    }
    for (const auto& test : entry.tests) {
      text += "      test evidence: " + test.outcome + "  " + util::sanitize_utf8(test.name) +
              " (" + util::sanitize_utf8(test.source) + ")\n";
    }
    if (!entry.linked_from.empty()) {
      text += "      linked from: " + util::join(entry.linked_from, ", ") + "\n";
    }
    if (!entry.gaps.empty()) {
      text += "      gaps: " + util::join(entry.gaps, ", ") + "\n";
    }
  }
  const std::string gaps = gap_lines(report, "  ");
  text +=
      "\n" + std::to_string(report.gap_count()) + " gaps" + (gaps.empty() ? "\n" : ":\n" + gaps);
  return text;
}

std::string trace_markdown(const trace::TraceReport& report)
{
  std::string md = "# " + header(report) + "\n\n";
  if (const auto incomplete = incomplete_line(report); !incomplete.empty()) {
    md += "**" + md_cell(incomplete) + "**\n\n";
  }
  md += md_cell(evidence_line(report)) + "\n\n";
  md += "| ID | Kind | Status | Class | Title | Implemented by | Verification claimed (trailer) "
        "| Test linked (file) | Test evidence | Other links | Gaps |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& entry : report.entries) {
    std::vector<std::string> other;
    for (const auto& line : relations_of(entry)) {
      if (!line.starts_with("implements:")) {
        other.push_back(line);
      }
    }
    // An ID with an address is a link ([kinds.NAME] url; the address holds no '|' or ')').
    const std::string id =
        entry.url.empty() ? md_cell(entry.id) : "[" + md_cell(entry.id) + "](" + entry.url + ")";
    md += "| " + id + " | " + md_cell(entry.kind) + " | " +
          md_cell(field(entry.item, &registry::Item::status)) + " | " +
          md_cell(field(entry.item, &registry::Item::safety_class)) + " | " +
          md_cell(field(entry.item, &registry::Item::title)) + " | " +
          md_cell(either(commits_with(entry, "implements"), files_with(entry, "implements"))) +
          " | " + md_cell(claims_of(entry)) + " | " + md_cell(test_links_of(entry)) + " | " +
          md_cell(evidence_cell(report, entry)) + " | " + md_cell(util::join(other, "; ")) + " | " +
          md_cell(util::join(entry.gaps, ", ")) + " |\n";
  }
  const std::string gaps = gap_lines(report, "- ");
  md += "\n## Gaps (" + std::to_string(report.gap_count()) + ")\n\n" +
        (gaps.empty() ? "None.\n" : gaps);
  return md;
}

std::string trace_csv(const trace::TraceReport& report)
{
  // An incomplete report says so before anything else, and on every row.
  const std::string incomplete = incomplete_line(report);
  std::string csv =
      incomplete.empty() ? std::string() : "# " + util::sanitize_utf8(incomplete) + "\r\n";
  // Each row says what its link is: a claim (a trailer), a link (a test file) or test evidence
  // (an outcome from the results given), and whether any evidence was given at all.
  csv += "id,kind,defined,status,class,title,relation,basis,commit,file,gaps,evidence_given,"
         "complete\r\n";
  const std::string complete = std::string(report.evidence_given() ? ",yes" : ",no") +
                               (incomplete.empty() ? ",yes\r\n" : ",no\r\n");
  for (const auto& entry : report.entries) {
    const std::string head = csv_cell(entry.id) + "," + csv_cell(entry.kind) + "," +
                             (entry.defined ? "yes" : "no") + "," +
                             csv_cell(field(entry.item, &registry::Item::status)) + "," +
                             csv_cell(field(entry.item, &registry::Item::safety_class)) + "," +
                             csv_cell(field(entry.item, &registry::Item::title)) + ",";
    const std::string gaps = csv_cell(util::join(entry.gaps, "; "));
    if (entry.commits.empty() && entry.files.empty() && entry.tests.empty()) {
      csv += head + ",,,," + gaps + complete;
    }
    for (const auto& c : entry.commits) {
      csv += head + csv_cell(c.relation) + ",claim (trailer)," + c.commit + ",," + gaps + complete;
    }
    for (const auto& f : entry.files) {
      csv += head + csv_cell(f.relation) + ",link (file),," +
             csv_cell(f.path + ":" + std::to_string(f.line)) + "," + gaps + complete;
    }
    for (const auto& t : entry.tests) {
      csv += head + csv_cell("test " + t.outcome) + ",test evidence,," + csv_cell(t.name) + "," +
             gaps + complete;
    }
  }
  return csv;
}

namespace {

std::string html(std::string_view text)
{
  return util::escape_markup(text);
}

constexpr std::string_view k_style = R"(
body { font: 10pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
h1 { font-size: 15pt; margin: 0 0 .2em; }
p.meta { color: #555; margin: 0 0 1.5em; }
p.incomplete { background: #fde8e8; color: #8a1111; padding: .4em .6em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #eee; }
td.id { font-weight: 600; white-space: nowrap; }
code { font: 9pt ui-monospace, monospace; }
tr.gap td.gaps { background: #fde8e8; color: #8a1111; font-weight: 600; }
tr.ok td.gaps { color: #1b6e20; }
ul.gaps li { margin: .2em 0; }
.nw { white-space: nowrap; }
h2 { font-size: 12pt; margin: 1.2em 0 .3em; break-after: avoid; page-break-after: avoid; }
thead { display: table-header-group; }
@media print {
  body { margin: 0; font-size: 8pt; }
  code { font-size: 7.5pt; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  section.kind { break-before: page; page-break-before: always; }
  section.kind:first-of-type { break-before: auto; page-break-before: auto; }
  th { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
)";

// IDS (commit ids, files, "relation: id" entries) as code, each word kept whole on its line: a
// line breaks between words, never inside a commit id or a path.
std::string code_list(const std::string& ids)
{
  if (ids.empty()) {
    return {};
  }
  std::string out = "<code>";
  bool first = true;
  for (const auto word : util::split(ids, ' ')) {
    if (word.empty()) {
      continue;
    }
    out += (first ? "" : " ") + std::string("<span class=\"nw\">") + html(word) + "</span>";
    first = false;
  }
  return out + "</code>";
}

// The document's identifier: the revision and a digest of the matrix's content (its JSON), so
// two printouts of the same matrix carry the same identifier and any difference changes it.
std::string document_id(const trace::TraceReport& report)
{
  return "TRACE-" + util::short_id(report.revision) + "-" +
         util::sha256_hex(trace_json(report)).substr(0, 12);
}

} // namespace

std::string trace_html(const trace::TraceReport& report)
{
  const std::string id = document_id(report);
  const std::string product = report.identity.product;
  const std::string revision = "Revision " + util::short_id(report.revision);
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      html("Traceability matrix: " + product + ", " + revision + ", " + id) + "</title>\n<style>" +
      std::string(k_style) +
      page_rule({id, product, revision, "Traceability matrix, " + report.revision_date}) +
      "</style>\n</head>\n<body>\n";
  page += "<h1>Traceability matrix: " + html(product) + "</h1>\n<p class=\"meta\">Revision <code>" +
          html(report.revision) + "</code> of <span class=\"nw\">" + html(report.revision_date) +
          "</span> &middot; document <span class=\"nw\">" + html(id) + "</span> &middot; policy " +
          html(report.policy_source) + " &middot; " + std::to_string(report.commits_scanned) +
          " commits scanned &middot; " + std::to_string(report.gap_count()) + " gaps" +
          (report.baseline.empty()
               ? std::string()
               : " &middot; " + std::to_string(report.baseline_commits) +
                     " commits from baseline <code>" + html(util::short_id(report.baseline)) +
                     "</code> read for links, not judged") +
          "</p>\n";
  if (const auto incomplete = incomplete_line(report); !incomplete.empty()) {
    page += "<p class=\"incomplete\"><strong>" + html(incomplete) + "</strong></p>\n";
  }
  page += "<p class=\"meta\">" + html(evidence_line(report)) + "</p>\n";
  // One section per kind (entries come sorted by kind): printed, each starts on a new page,
  // its heading kept with its table and the table's header repeated on every page.
  for (size_t begin = 0; begin < report.entries.size();) {
    const std::string& kind = report.entries[begin].kind;
    size_t end = begin;
    size_t gaps = 0;
    while (end < report.entries.size() && report.entries[end].kind == kind) {
      gaps += report.entries[end].gaps.empty() ? 0 : 1;
      ++end;
    }
    page += "<section class=\"kind\">\n<h2>" + html(kind.empty() ? "(no kind)" : kind) + " (" +
            std::to_string(end - begin) + (end - begin == 1 ? " item, " : " items, ") +
            std::to_string(gaps) + " with gaps)</h2>\n";
    page += "<table>\n<thead><tr><th>ID</th><th>Kind</th><th>Status</th><th>Class</th>"
            "<th>Title</th><th>Implemented by</th><th>Verification claimed (trailer)</th><th>Test "
            "linked (file)</th><th>Test evidence</th><th>Other links</th><th>Gaps</th></tr>"
            "</thead>\n<tbody>\n";
    for (size_t i = begin; i < end; ++i) {
      const auto& entry = report.entries[i];
      std::vector<std::string> other;
      for (const auto& line : relations_of(entry)) {
        if (!line.starts_with("implements:")) {
          other.push_back(line);
        }
      }
      page +=
          std::string("<tr class=\"") + (entry.gaps.empty() ? "ok" : "gap") +
          "\"><td class=\"id\">" +
          (entry.url.empty() ? html(entry.id)
                             : "<a href=\"" + html(entry.url) + "\">" + html(entry.id) + "</a>") +
          "</td><td>" + html(entry.kind) + "</td><td>" +
          html(field(entry.item, &registry::Item::status)) + "</td><td>" +
          html(field(entry.item, &registry::Item::safety_class)) + "</td><td>" +
          html(field(entry.item, &registry::Item::title)) + "</td><td>" +
          code_list(either(commits_with(entry, "implements"), files_with(entry, "implements"))) +
          "</td><td>" + code_list(claims_of(entry)) + "</td><td>" +
          code_list(test_links_of(entry)) + "</td><td>" + html(evidence_cell(report, entry)) +
          "</td><td>" + html(util::join(other, "; ")) + "</td><td class=\"gaps\">" +
          (entry.gaps.empty() ? std::string("none") : html(util::join(entry.gaps, "; "))) +
          "</td></tr>\n";
    }
    page += "</tbody>\n</table>\n</section>\n";
    begin = end;
  }
  page += "<h2>Gaps</h2>\n";
  const std::string gaps = gap_lines(report, "");
  if (gaps.empty()) {
    page += "<p>None.</p>\n";
  } else {
    page += "<ul class=\"gaps\">\n";
    for (const auto line : util::split_lines(gaps)) {
      page += "<li>" + html(line) + "</li>\n";
    }
    page += "</ul>\n";
  }
  return page + "</body>\n</html>\n";
}

std::string trace_json(const trace::TraceReport& report)
{
  nlohmann::ordered_json doc;
  doc["revision"] = report.revision;
  doc["policy"] = report.policy_source;
  doc["commits_scanned"] = report.commits_scanned;
  doc["complete"] = report.shallow_boundary.empty();
  if (!report.shallow_boundary.empty()) {
    doc["incomplete"] = report.incomplete();
    doc["shallow_boundary"] = report.shallow_boundary;
  }
  if (!report.baseline.empty()) {
    doc["baseline"] = report.baseline;
    doc["baseline_commits"] = report.baseline_commits;
  }
  // Test evidence is told apart from claims: "evidence_given" says whether any results were
  // given; each item's "claims" are trailers, its "evidence" test outcomes.
  doc["evidence_given"] = report.evidence_given();
  doc["results"] = report.results;
  auto& items = doc["items"] = nlohmann::ordered_json::array();
  for (const auto& entry : report.entries) {
    nlohmann::ordered_json item = {
        {"id", util::sanitize_utf8(entry.id)}, {"kind", entry.kind}, {"defined", entry.defined}};
    if (!entry.url.empty()) {
      item["url"] = entry.url;
    }
    if (entry.item) {
      item["title"] = util::sanitize_utf8(entry.item->title);
      item["status"] = entry.item->status;
      item["class"] = entry.item->safety_class;
      item["file"] = entry.item->where.file;
      auto& links = item["links"] = nlohmann::ordered_json::array();
      for (const auto& link : entry.item->links) {
        links.push_back({{"type", link.type}, {"target", link.target}});
      }
    }
    auto& commits = item["commits"] = nlohmann::ordered_json::array();
    for (const auto& c : entry.commits) {
      nlohmann::ordered_json link = {{"commit", c.commit}, {"relation", c.relation}};
      if (c.suspect) {
        link["suspect"] = true;
      }
      commits.push_back(std::move(link));
    }
    if (!entry.changed_in.empty()) {
      item["changed_in"] = entry.changed_in;
    }
    auto& files = item["files"] = nlohmann::ordered_json::array();
    for (const auto& f : entry.files) {
      nlohmann::ordered_json place = {
          {"path", util::sanitize_utf8(f.path)}, {"line", f.line}, {"relation", f.relation}};
      if (f.suspect) {
        place["suspect"] = true;
      }
      files.push_back(std::move(place));
    }
    auto& claims = item["claims"] = nlohmann::ordered_json::array();
    for (const auto* c : trace::verification_claims(entry)) {
      nlohmann::ordered_json claim = {
          {"commit", c->commit}, {"relation", c->relation}, {"source", "trailer"}};
      if (c->suspect) {
        claim["suspect"] = true;
      }
      claims.push_back(std::move(claim));
    }
    auto& evidence = item["evidence"] = nlohmann::ordered_json::array();
    for (const auto& t : entry.tests) {
      evidence.push_back({{"test", util::sanitize_utf8(t.name)},
                          {"outcome", t.outcome},
                          {"matched_by", t.how},
                          {"report", util::sanitize_utf8(t.source)}});
    }
    item["gaps"] = entry.gaps;
    items.push_back(std::move(item));
  }
  auto& unlinked = doc["unlinked_commits"] = nlohmann::ordered_json::array();
  for (const auto& c : report.unlinked) {
    unlinked.push_back({{"commit", c.commit}, {"subject", util::sanitize_utf8(c.subject)}});
  }
  return doc.dump(2) + "\n";
}

} // namespace trail::render
