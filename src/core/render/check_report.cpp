#include "core/render/check_report.hpp"

#include "core/render/diagnostics.hpp"
#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

namespace trail::render {

namespace {

std::string short_id(const std::string& id)
{
  return id.substr(0, 12);
}

std::string plural(size_t n, const std::string& word)
{
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string summary(const history::CheckReport& report)
{
  std::string text = "git-trail: " + plural(report.checked, "commit") + " checked (policy: " + report.policy_source + "): ";
  if (report.clean()) {
    text += "no violations";
  } else {
    text += plural(report.violation_count(), "violation") + " in " + plural(report.failing_commits, "commit");
  }
  if (!report.waived.empty()) {
    text += ", " + std::to_string(report.waived.size()) + " waived";
  }
  if (report.merges_skipped > 0) {
    text += ", " + plural(report.merges_skipped, "merge") + " not checked ([history] merges = \"skip\")";
  }
  return text + "\n";
}

std::string incomplete_text(const history::CheckReport& report)
{
  if (report.complete()) {
    return {};
  }
  std::string text = "git-trail: INCOMPLETE: this is a shallow clone and history was cut after " +
                     plural(report.shallow_boundary.size(), "commit") + " (" ;
  for (size_t i = 0; i < report.shallow_boundary.size(); ++i) {
    text += (i ? ", " : "") + short_id(report.shallow_boundary[i]);
  }
  text += "); older commits were not checked";
  if (!report.paths_unknown.empty()) {
    text += ", and path-scoped rules could not be applied to those commits";
  }
  return text + ". Fetch more history (git fetch --unshallow) for a complete result.\n";
}

nlohmann::ordered_json diagnostic_json(const rules::Diagnostic& d)
{
  nlohmann::ordered_json item = {{"rule", d.rule}, {"message", util::sanitize_utf8(d.message)}, {"hint", util::sanitize_utf8(d.hint)}};
  if (d.line > 0) {
    item["line"] = d.line;
  }
  return item;
}

} // namespace

std::string check_text_commit(const history::CommitResult& result)
{
  return short_id(result.id) + " " + util::sanitize_utf8(result.subject) + "\n" + diagnostics_text(result.diagnostics);
}

std::string check_text_end(const history::CheckReport& report)
{
  std::string text;
  for (const auto& use : report.waived) {
    text += "waived: " + short_id(use.diagnostic.commit) + " " + use.diagnostic.rule + ": " + use.waiver.reason +
            " (approved by " + use.waiver.approved_by + ")\n";
  }
  return text + incomplete_text(report) + summary(report);
}

std::string check_text(const history::CheckReport& report)
{
  std::string text;
  for (const auto& failure : report.failures) {
    text += check_text_commit(failure);
  }
  return text + check_text_end(report);
}

std::string check_json_begin(const std::string& policy_source)
{
  return "{\n  \"policy\": " + nlohmann::json(policy_source).dump() + ",\n  \"commits\": [";
}

std::string check_json_commit(const history::CommitResult& result, bool first)
{
  nlohmann::ordered_json item = {{"commit", result.id}, {"subject", util::sanitize_utf8(result.subject)}};
  auto& violations = item["violations"] = nlohmann::ordered_json::array();
  for (const auto& d : result.diagnostics) {
    violations.push_back(diagnostic_json(d));
  }
  // Indent the object to its place in the document: two levels.
  std::string text = first ? "\n    " : ",\n    ";
  for (const char c : item.dump(2)) {
    text += c;
    if (c == '\n') {
      text += "    ";
    }
  }
  return text;
}

std::string check_json_end(const history::CheckReport& report, bool any_commit)
{
  nlohmann::ordered_json rest;
  auto& waived = rest["waived"] = nlohmann::ordered_json::array();
  for (const auto& use : report.waived) {
    waived.push_back({{"commit", use.diagnostic.commit},
                      {"rule", use.diagnostic.rule},
                      {"message", util::sanitize_utf8(use.diagnostic.message)},
                      {"reason", use.waiver.reason},
                      {"approved_by", use.waiver.approved_by}});
  }
  rest["commits_checked"] = report.checked;
  rest["merges_skipped"] = report.merges_skipped;
  rest["clean"] = report.clean();
  rest["complete"] = report.complete();
  rest["shallow_boundary"] = report.shallow_boundary;
  rest["paths_unknown"] = report.paths_unknown;
  // The keys after "commits": the dumped object without its braces, joined on.
  std::string body = rest.dump(2);
  body = body.substr(1, body.size() - 2); // drop '{' and '}'
  return std::string(any_commit ? "\n  ]," : "],") + body + "}\n";
}

std::string check_json(const history::CheckReport& report)
{
  std::string text = check_json_begin(report.policy_source);
  bool first = true;
  for (const auto& failure : report.failures) {
    text += check_json_commit(failure, first);
    first = false;
  }
  return text + check_json_end(report, !first);
}

std::string check_junit(const history::CheckReport& report)
{
  const size_t cases = report.failing_commits + 1 + (report.complete() ? 0 : 1);
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"git-trail check\" tests=\"" + std::to_string(cases) + "\" failures=\"" +
         std::to_string(report.failing_commits) + "\">\n";
  xml += "  <testsuite name=\"git-trail check (" + util::escape_markup(report.policy_source) + ")\" tests=\"" +
         std::to_string(cases) + "\" failures=\"" + std::to_string(report.failing_commits) + "\" skipped=\"" +
         std::to_string(report.complete() ? 0 : 1) + "\">\n";
  for (const auto& failure : report.failures) {
    xml += "    <testcase classname=\"commits\" name=\"" + short_id(failure.id) + " " + util::escape_markup(failure.subject) + "\">\n";
    for (const auto& d : failure.diagnostics) {
      xml += "      <failure type=\"" + util::escape_markup(d.rule) + "\" message=\"" + util::escape_markup(d.message) + "\">" +
             util::escape_markup(d.rule + ": " + d.message + "\n" + d.hint) + "</failure>\n";
    }
    xml += "    </testcase>\n";
  }
  const size_t passing = report.checked - report.failing_commits;
  xml += "    <testcase classname=\"commits\" name=\"" + plural(passing, "other commit") + " without violations\">\n";
  if (!report.complete()) {
    xml += "      <system-out>" + util::escape_markup(incomplete_text(report)) + "</system-out>\n";
  }
  xml += "    </testcase>\n";
  if (!report.complete()) {
    xml += "    <testcase classname=\"history\" name=\"commits beyond the shallow boundary\">\n"
           "      <skipped message=\"history was cut at the shallow boundary\"/>\n    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

} // namespace trail::render
