#include "core/render/audit_report.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

namespace trail::render {

namespace {

using nlohmann::ordered_json;

std::string short12(const std::string& id)
{
  return id.substr(0, 12);
}

std::string clauses_text(const audit::Line& line)
{
  return util::join(line.clauses, ", ");
}

std::string classes_text(const audit::Line& line)
{
  return line.classes.empty() ? std::string("no class") : util::join(line.classes, ", ");
}

std::string tool_text(const audit::Tool& t)
{
  std::string text = t.name;
  if (!t.version.empty()) {
    text += " " + t.version;
  }
  if (!t.digest.empty()) {
    text += " " + t.digest;
  }
  if (!t.source.empty()) {
    text += " (" + t.source + ")";
  }
  return text;
}

std::string totals_text(const audit::Totals& t)
{
  return std::to_string(t.evidence) + " evidence, " + std::to_string(t.partial) + " partial, " +
         std::to_string(t.gap) + " gap, " + std::to_string(t.not_applicable) + " not applicable";
}

std::string finding_mark(const audit::Finding& f)
{
  if (f.satisfied) {
    return "ok";
  }
  return f.claim_only ? "claimed" : "missing";
}

// The heading lines every format starts with, as (label, value).
std::vector<std::pair<std::string, std::string>> identity(const audit::Report& r)
{
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Document", r.document_id},
      {"Product", r.identity.product},
      {"Revision",
       r.rev + " (commit " + short12(r.revision.commit) + ", tree " + short12(r.revision.tree) +
           ", " + r.revision.date + ")"},
      {"Safety class", r.safety_class + " (" + r.class_source + ")"},
      {"Policy", r.identity.policy_source + " sha256:" + short12(r.identity.policy_digest)},
      {"Checklist", r.checklist_source + " sha256:" + short12(r.checklist_digest)},
      {"Release",
       r.release_tag.empty() ? std::string("none at or before this revision") : r.release_tag},
      {"Results",
       r.results.empty() ? std::string("none given (--results FILE)")
                         : util::join(r.results, "; ")},
      {"Tool", "git-trail " + r.identity.tool_version},
  };
  return rows;
}

} // namespace

std::string audit_text(const audit::Report& r)
{
  std::string out = "IEC 62304 audit: " + r.identity.product + " at " + r.rev + ", class " +
                    r.safety_class + "\n";
  for (const auto& [label, value] : identity(r)) {
    out += label + ": " + value + "\n";
  }
  for (const auto& area : r.areas) {
    out += "\n" + area.name + "\n";
    for (const auto& line : area.lines) {
      out += "  " + std::to_string(line.number) + ". [" +
             std::string(audit::verdict_name(line.verdict)) + "] " + line.activity + " (" +
             clauses_text(line) + ")\n";
      if (line.verdict == audit::Verdict::not_applicable) {
        out += "      class " + r.safety_class + ": Table A.1 applies it to " + classes_text(line) +
               "\n";
        continue;
      }
      for (const auto& f : line.findings) {
        out += "      " + finding_mark(f) + " " + f.query + ": " + f.summary + "\n";
        for (const auto& p : f.pointers) {
          out += "          " + p.kind + ": " + p.text + "\n";
        }
      }
    }
  }
  out += "\nTools\n";
  for (const auto& t : r.tools) {
    out += "  " + tool_text(t) + "\n";
  }
  out += "\nTotals: " + totals_text(r.totals) + "\n";
  out += r.has_gap() ? "Verdict: gaps remain (exit 1)\n" : "Verdict: no applicable line is a gap\n";
  return out;
}

std::string audit_markdown(const audit::Report& r)
{
  const auto cell = [](std::string_view s) {
    return util::markdown_cell(s, "<br>");
  };
  std::string out = "# IEC 62304 audit: " + cell(r.identity.product) + " at " + cell(r.rev) +
                    ", class " + r.safety_class + "\n\n";
  out += "| | |\n|---|---|\n";
  for (const auto& [label, value] : identity(r)) {
    out += "| " + label + " | " + cell(value) + " |\n";
  }
  for (const auto& area : r.areas) {
    out += "\n## " + cell(area.name) + "\n\n";
    out += "| # | Activity | Clauses | Verdict | Findings |\n|---|---|---|---|---|\n";
    for (const auto& line : area.lines) {
      std::string findings;
      if (line.verdict == audit::Verdict::not_applicable) {
        findings = "class " + r.safety_class + ": Table A.1 applies it to " + classes_text(line);
      }
      for (const auto& f : line.findings) {
        if (!findings.empty()) {
          findings += "\n";
        }
        findings += "**" + finding_mark(f) + "** " + f.query + ": " + f.summary;
        for (const auto& p : f.pointers) {
          findings += "\n- " + p.kind + ": `" + p.text + "`";
        }
      }
      out += "| " + std::to_string(line.number) + " | " + cell(line.activity) + " | " +
             clauses_text(line) + " | " + std::string(audit::verdict_name(line.verdict)) + " | " +
             cell(findings) + " |\n";
    }
  }
  out += "\n## Tools\n\n";
  for (const auto& t : r.tools) {
    out += "- " + cell(tool_text(t)) + "\n";
  }
  out += "\n## Totals\n\n" + totals_text(r.totals) + "\n";
  return out;
}

std::string audit_json(const audit::Report& r)
{
  ordered_json j;
  j["document_id"] = r.document_id;
  j["product"] = r.identity.product;
  j["rev"] = r.rev;
  j["commit"] = r.revision.commit;
  j["tree"] = r.revision.tree;
  j["date"] = r.revision.date;
  j["safety_class"] = r.safety_class;
  j["class_source"] = r.class_source;
  j["policy"] = {{"source", r.identity.policy_source}, {"sha256", r.identity.policy_digest}};
  j["checklist"] = {{"source", r.checklist_source}, {"sha256", r.checklist_digest}};
  j["tool_version"] = r.identity.tool_version;
  j["release_tag"] = r.release_tag.empty() ? ordered_json(nullptr) : ordered_json(r.release_tag);
  j["results"] = r.results;
  j["areas"] = ordered_json::array();
  for (const auto& area : r.areas) {
    ordered_json a;
    a["name"] = area.name;
    a["lines"] = ordered_json::array();
    for (const auto& line : area.lines) {
      ordered_json l;
      l["number"] = line.number;
      l["activity"] = line.activity;
      l["clauses"] = line.clauses;
      l["classes"] = line.classes;
      l["verdict"] = audit::verdict_name(line.verdict);
      l["findings"] = ordered_json::array();
      for (const auto& f : line.findings) {
        ordered_json fj;
        fj["query"] = f.query;
        fj["satisfied"] = f.satisfied;
        fj["claim_only"] = f.claim_only;
        fj["summary"] = f.summary;
        fj["pointers"] = ordered_json::array();
        for (const auto& p : f.pointers) {
          fj["pointers"].push_back({{"kind", p.kind}, {"text", p.text}});
        }
        l["findings"].push_back(std::move(fj));
      }
      l["mapping"] = line.where.file + ":" + std::to_string(line.where.line);
      a["lines"].push_back(std::move(l));
    }
    j["areas"].push_back(std::move(a));
  }
  j["tools"] = ordered_json::array();
  for (const auto& t : r.tools) {
    j["tools"].push_back(
        {{"name", t.name}, {"version", t.version}, {"digest", t.digest}, {"source", t.source}});
  }
  j["totals"] = {{"evidence", r.totals.evidence},
                 {"partial", r.totals.partial},
                 {"gap", r.totals.gap},
                 {"not_applicable", r.totals.not_applicable}};
  return j.dump(2) + "\n";
}

} // namespace trail::render
