// `git trail plans` as text and JSON (plans.hpp).

#include "core/plans/plans.hpp"
#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

namespace trail::plans {

namespace {

using nlohmann::ordered_json;

std::string at_text(const config::Location& where)
{
  return where.file.empty() ? std::string() : where.file + ":" + std::to_string(where.line);
}

ordered_json text_or_null(const std::string& s)
{
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

// "last changed: 1a2b3c4 2026-01-01, since v1.0" and the like.
std::string change_text(const PlanStatus& plan)
{
  std::string out = "  last changed: ";
  if (!plan.last_change) {
    return out + "unknown (the history that changed it is not in this clone)\n";
  }
  out += util::short_id(plan.last_change->commit) + " " + plan.last_change->date;
  if (plan.release_tag.empty()) {
    return out + " (no previous release)\n";
  }
  return out +
         (plan.changed_since_release ? ", changed since " + plan.release_tag
                                     : ", unchanged since " + plan.release_tag) +
         "\n";
}

std::string sections_text(const PlanStatus& plan)
{
  if (!plan.required) {
    return "  sections: none asked for ([plans." + plan.type + "] is not in the policy)\n";
  }
  if (plan.sections.empty()) {
    return "  sections: none asked for\n";
  }
  std::string out = "  sections:";
  for (size_t i = 0; i < plan.sections.size(); ++i) {
    const auto& section = plan.sections[i];
    out += (i == 0 ? " " : ", ") + util::sanitize_utf8(section.name) + " (" +
           (section.heading       ? "line " + std::to_string(section.heading->line)
            : plan.document_found ? std::string("missing")
                                  : std::string("unknown")) +
           ")";
  }
  return out + "\n";
}

std::string plan_text(const PlanStatus& plan)
{
  std::string out = plan.type + " plan: ";
  if (plan.id.empty()) {
    out += "no item";
  } else {
    out += plan.id;
    if (!plan.title.empty()) {
      out += " \"" + util::sanitize_utf8(plan.title) + "\"";
    }
    out += ", " + (plan.status.empty() ? std::string("no state") : plan.status) + " (" +
           at_text(plan.item_where) + ")";
  }
  out += plan.complete() ? ": evidence\n" : ": GAP\n";
  if (!plan.id.empty()) {
    out += "  document: " + util::sanitize_utf8(plan.document) +
           (plan.document_found ? "" : " (not found)") + "\n";
    if (plan.document_found) {
      out += change_text(plan);
    }
  }
  if (plan.required) {
    out += "  asked for by: [plans." + plan.type + "] (" + at_text(plan.required_where) + ")\n";
  }
  out += sections_text(plan);
  for (const auto& gap : plan.gaps()) {
    out += "  gap: " + util::sanitize_utf8(gap) + "\n";
  }
  return out;
}

ordered_json plan_json(const PlanStatus& plan)
{
  ordered_json out;
  out["type"] = plan.type;
  out["required"] = plan.required;
  out["required_at"] = text_or_null(at_text(plan.required_where));
  if (plan.id.empty()) {
    out["item"] = nullptr;
  } else {
    out["item"] = {{"id", plan.id},
                   {"title", text_or_null(plan.title)},
                   {"status", text_or_null(plan.status)},
                   {"defined_at", at_text(plan.item_where)}};
  }
  out["approved"] = plan.approved;
  out["closed"] = plan.closed;
  if (plan.id.empty()) {
    out["document"] = nullptr;
  } else {
    ordered_json document;
    document["path"] = plan.document;
    document["found"] = plan.document_found;
    if (plan.last_change) {
      document["last_change"] = {{"commit", plan.last_change->commit},
                                 {"date", plan.last_change->date}};
    } else {
      document["last_change"] = nullptr;
    }
    document["changed_since_release"] = plan.changed_since_release;
    out["document"] = document;
  }
  ordered_json headings = ordered_json::array();
  for (const auto& h : plan.headings) {
    headings.push_back({{"level", h.level}, {"text", h.text}, {"line", h.line}});
  }
  out["headings"] = headings;
  ordered_json sections = ordered_json::array();
  for (const auto& s : plan.sections) {
    sections.push_back(
        {{"name", s.name},
         {"found", s.heading.has_value()},
         {"line", s.heading ? ordered_json(s.heading->line) : ordered_json(nullptr)}});
  }
  out["sections"] = sections;
  out["missing_sections"] = plan.missing_sections();
  out["gaps"] = plan.gaps();
  out["complete"] = plan.complete();
  return out;
}

} // namespace

std::string report_text(const PlansReport& report)
{
  std::string out = "Plans at " + util::short_id(report.commit) + " (" + report.rev + ")";
  out += report.release_tag.empty() ? std::string("; no previous release\n")
                                    : "; previous release " + report.release_tag + " (" +
                                          util::short_id(report.release_commit) + ")\n";
  if (report.plans.empty()) {
    return out + "No plans: the policy has no [plans] and no registry item is a plan.\n";
  }
  for (const auto& plan : report.plans) {
    out += "\n" + plan_text(plan);
  }
  const size_t gaps = report.gaps();
  out += "\n" + std::to_string(report.plans.size()) +
         " plan(s): " + std::to_string(report.plans.size() - gaps) + " complete, " +
         std::to_string(gaps) + " with gaps\n";
  return out;
}

std::string report_json(const PlansReport& report)
{
  ordered_json out;
  out["commit"] = report.commit;
  out["rev"] = report.rev;
  if (report.release_tag.empty()) {
    out["previous_release"] = nullptr;
  } else {
    out["previous_release"] = {{"tag", report.release_tag}, {"commit", report.release_commit}};
  }
  ordered_json plans = ordered_json::array();
  for (const auto& plan : report.plans) {
    plans.push_back(plan_json(plan));
  }
  out["plans"] = plans;
  const size_t gaps = report.gaps();
  out["summary"] = {
      {"plans", report.plans.size()}, {"complete", report.plans.size() - gaps}, {"gaps", gaps}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace trail::plans
