#include "core/render/check_report.hpp"

#include "core/render/diagnostics.hpp"
#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace trail::render {

namespace {

std::string plural(size_t n, const std::string& word)
{
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string summary(const history::CheckReport& report)
{
  std::string text = "git-trail: " + plural(report.checked, "commit") +
                     " checked (policy: " + report.policy_source + "): ";
  if (report.clean()) {
    text += "no violations";
  } else {
    text += plural(report.violation_count(), "violation") + " in " +
            plural(report.failing_commits, "commit");
  }
  if (!report.unjudged.empty()) {
    text += ", " + plural(report.unjudged.size(), "commit") + " not judged";
  }
  if (!report.waived.empty()) {
    text += ", " + std::to_string(report.waived.size()) + " waived";
  }
  if (report.merges_skipped > 0) {
    text += ", " + plural(report.merges_skipped, "merge") +
            " not checked ([history] merges = \"skip\")";
  }
  if (report.clean() && !report.complete()) {
    text += report.incomplete_accepted ? "; INCOMPLETE, accepted" : "; INCOMPLETE: not passed";
  }
  return text + "\n";
}

// What to fetch so that the range can be judged in full.
constexpr std::string_view k_fetch_advice =
    "fetch the missing history and run again: git fetch --deepen=<N> (or --unshallow, or "
    "--shallow-exclude=<the range's base branch>); in CI check out with full history "
    "(GitHub Actions: fetch-depth: 0; GitLab CI: GIT_DEPTH: 0); see docs/ci.md";

// Says what could not be judged and why, or nothing for a complete report.
std::string incomplete_text(const history::CheckReport& report)
{
  if (report.complete()) {
    return {};
  }
  std::string text;
  if (!report.baseline_missing.empty()) {
    text += "git-trail: INCOMPLETE: [project] baseline '" + report.baseline_missing +
            "' names no commit in this clone, so the history it exempts cannot be told apart";
    text += report.incomplete_accepted ? "; checked without it.\n" : "; nothing was checked.\n";
    text += "  fetch it (git fetch origin tag " + report.baseline_missing +
            ", or the branch it names), fix [project] baseline, or pass --no-baseline\n";
  }
  if (!report.shallow_boundary.empty()) {
    text += "git-trail: INCOMPLETE: this is a shallow clone and history was cut after " +
            plural(report.shallow_boundary.size(), "commit") + " (";
    for (size_t i = 0; i < report.shallow_boundary.size(); ++i) {
      text += (i ? ", " : "") + util::short_id(report.shallow_boundary[i]);
    }
    text += "): older commits of the range were not checked";
    if (!report.unjudged.empty()) {
      text += ", and " + plural(report.unjudged.size(), "commit") +
              " could not be judged by path-scoped rules (changed paths unknown)";
    }
    text += ".\n  " + std::string(k_fetch_advice) + "\n";
  }
  if (report.incomplete_accepted) {
    text += "git-trail: what could not be judged is accepted, not checked (--allow-incomplete, "
            "trail.allowIncomplete)\n";
  }
  return text;
}

std::string unjudged_text(const history::CheckReport& report)
{
  std::string text;
  for (const auto& result : report.unjudged) {
    text += util::short_id(result.id) + " " + util::sanitize_utf8(result.subject) +
            "\n  NOT JUDGED: its parent is beyond the shallow boundary, so its changed paths are "
            "unknown; "
            "if it touches these paths:\n" +
            diagnostics_text(result.diagnostics);
  }
  return text;
}

nlohmann::ordered_json diagnostic_json(const rules::Diagnostic& d)
{
  nlohmann::ordered_json item = {{"rule", d.rule},
                                 {"message", util::sanitize_utf8(d.message)},
                                 {"hint", util::sanitize_utf8(d.hint)}};
  if (d.line > 0) {
    item["line"] = d.line;
  }
  return item;
}

} // namespace

std::string check_text_commit(const history::CommitResult& result)
{
  return util::short_id(result.id) + " " + util::sanitize_utf8(result.subject) + "\n" +
         diagnostics_text(result.diagnostics);
}

std::string check_text_end(const history::CheckReport& report)
{
  std::string text = unjudged_text(report);
  for (const auto& use : report.waived) {
    text += "waived: " + util::short_id(use.diagnostic.commit) + " " + use.diagnostic.rule + ": " +
            use.waiver.reason + " (approved by " + use.waiver.approved_by + ")\n";
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
  nlohmann::ordered_json item = {{"commit", result.id},
                                 {"subject", util::sanitize_utf8(result.subject)}};
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
  auto& unjudged = rest["unjudged"] = nlohmann::ordered_json::array();
  for (const auto& result : report.unjudged) {
    nlohmann::ordered_json item = {{"commit", result.id},
                                   {"subject", util::sanitize_utf8(result.subject)}};
    auto& would = item["if_paths_match"] = nlohmann::ordered_json::array();
    for (const auto& d : result.diagnostics) {
      would.push_back(diagnostic_json(d));
    }
    unjudged.push_back(std::move(item));
  }
  rest["commits_checked"] = report.checked;
  rest["merges_skipped"] = report.merges_skipped;
  rest["verdict"] = !report.clean() ? "failed" : report.passed() ? "passed" : "incomplete";
  rest["clean"] = report.passed();
  rest["complete"] = report.complete();
  rest["incomplete_accepted"] = report.incomplete_accepted;
  rest["shallow_boundary"] = report.shallow_boundary;
  rest["paths_unknown"] = report.paths_unknown;
  if (report.baseline_missing.empty()) {
    rest["baseline_missing"] = nullptr;
  } else {
    rest["baseline_missing"] = report.baseline_missing;
  }
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
  // Waived violations are skipped cases with their reason; what could not be judged is an
  // error (a skip would read as harmless), or a skipped case when --allow-incomplete accepts it.
  const bool incomplete_errors = !report.complete() && !report.incomplete_accepted;
  const size_t incomplete_cases = report.unjudged.size() +
                                  (report.shallow_boundary.empty() ? 0 : 1) +
                                  (report.baseline_missing.empty() ? 0 : 1);
  const size_t errors = incomplete_errors ? incomplete_cases : 0;
  const size_t skipped = report.waived.size() + (incomplete_errors ? 0 : incomplete_cases);
  const size_t cases = report.failing_commits + 1 + incomplete_cases + report.waived.size();
  const std::string counts = "tests=\"" + std::to_string(cases) + "\" failures=\"" +
                             std::to_string(report.failing_commits) + "\" errors=\"" +
                             std::to_string(errors) + "\"";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites name=\"git-trail check\" " + counts + ">\n";
  xml += "  <testsuite name=\"git-trail check (" + util::escape_markup(report.policy_source) +
         ")\" " + counts + " skipped=\"" + std::to_string(skipped) + "\">\n";
  for (const auto& failure : report.failures) {
    xml += "    <testcase classname=\"commits\" name=\"" + util::short_id(failure.id) + " " +
           util::escape_markup(failure.subject) + "\">\n";
    for (const auto& d : failure.diagnostics) {
      xml += "      <failure type=\"" + util::escape_markup(d.rule) + "\" message=\"" +
             util::escape_markup(d.message) + "\">" +
             util::escape_markup(d.rule + ": " + d.message + "\n" + d.hint) + "</failure>\n";
    }
    xml += "    </testcase>\n";
  }
  // An incomplete case: an error, or skipped when accepted.
  const auto incomplete_case = [&](const std::string& classname,
                                   const std::string& name,
                                   const std::string& message,
                                   const std::string& body) {
    xml += "    <testcase classname=\"" + classname + "\" name=\"" + util::escape_markup(name) +
           "\">\n";
    if (incomplete_errors) {
      xml += "      <error type=\"incomplete\" message=\"" + util::escape_markup(message) + "\">" +
             util::escape_markup(body) + "</error>\n";
    } else {
      xml += "      <skipped message=\"" +
             util::escape_markup("accepted as incomplete: " + message) + "\"/>\n";
    }
    xml += "    </testcase>\n";
  };
  for (const auto& result : report.unjudged) {
    std::string body;
    for (const auto& d : result.diagnostics) {
      body += d.rule + ": " + d.message + "\n" + d.hint + "\n";
    }
    incomplete_case(
        "commits",
        util::short_id(result.id) + " " + result.subject,
        "not judged: the parent is beyond the shallow boundary, so the changed paths are unknown",
        body);
  }
  if (!report.shallow_boundary.empty()) {
    incomplete_case("history",
                    "commits beyond the shallow boundary",
                    "history was cut at the shallow boundary; older commits were not checked",
                    incomplete_text(report));
  }
  if (!report.baseline_missing.empty()) {
    incomplete_case("history",
                    "[project] baseline " + report.baseline_missing,
                    "the baseline names no commit in this clone",
                    incomplete_text(report));
  }
  for (const auto& use : report.waived) {
    xml += "    <testcase classname=\"waivers\" name=\"" + util::short_id(use.diagnostic.commit) +
           " " + util::escape_markup(use.diagnostic.rule) + "\">\n      <skipped message=\"" +
           util::escape_markup("waived: " + use.waiver.reason + " (approved by " +
                               use.waiver.approved_by + ")") +
           "\"/>\n    </testcase>\n";
  }
  // Commits that are only unjudged have their own case; those that also fail are counted once.
  const auto also_failing = [&](const history::CommitResult& unjudged) {
    return std::any_of(report.failures.begin(), report.failures.end(), [&](const auto& failure) {
      return failure.id == unjudged.id;
    });
  };
  const size_t unjudged_only = static_cast<size_t>(
      std::count_if(report.unjudged.begin(), report.unjudged.end(), [&](const auto& u) {
        return !also_failing(u);
      }));
  const size_t passing = report.checked - report.failing_commits - unjudged_only;
  xml += "    <testcase classname=\"commits\" name=\"" + plural(passing, "other commit") +
         " without violations\"/>\n";
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

} // namespace trail::render
