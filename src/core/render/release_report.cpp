#include "core/render/release_report.hpp"

#include "core/soup/vulnerabilities.hpp"
#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>

namespace trail::render {

namespace {

using nlohmann::ordered_json;
using release::k_unknown;

std::string dump(const ordered_json& j, int indent)
{
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A Markdown table cell; an empty one says the value is not known.
std::string cell(std::string_view s)
{
  std::string out = util::markdown_cell(s, "<br>");
  return out.empty() ? std::string(k_unknown) : out;
}

std::string links_text(const release::Change& change)
{
  std::vector<std::string> parts;
  for (const auto& link : change.links) {
    parts.push_back(link.relation + " " + link.id);
  }
  return parts.empty() ? "(none)" : util::join(parts, ", ");
}

void problems_table(std::string& out,
                    const std::vector<release::ProblemReport>& problems,
                    bool with_evaluation)
{
  out +=
      with_evaluation
          ? "| ID | Title | Status | Severity | Class | Evaluation |\n|---|---|---|---|---|---|\n"
          : "| ID | Title | Status | Severity | Class | Fixed by |\n|---|---|---|---|---|---|\n";
  for (const auto& p : problems) {
    std::vector<std::string> fixes;
    for (const auto& c : p.fixed_by) {
      fixes.push_back(util::short_id(c));
    }
    out += "| " + cell(p.id) + " | " + cell(p.title) + " | " + cell(p.status) + " | " +
           cell(p.severity) + " | " + cell(p.safety_class) + " | " +
           (with_evaluation ? cell(p.evaluation) : cell(util::join(fixes, ", "))) + " |\n";
  }
}

} // namespace

std::string manifest_markdown(const release::Manifest& m)
{
  std::string out;
  out += "# Release manifest: " + m.product + " " + m.version + "\n\n";
  out += "| | |\n|---|---|\n";
  out += "| Product | " + cell(m.product) + " |\n";
  out += "| Version | " + cell(m.version) + " |\n";
  out += "| Safety class | " + cell(m.safety_class) + " |\n";
  out += "| Commit | `" + m.commit + "` |\n";
  out += "| Tree | `" + m.tree + "` |\n";
  out += "| Date | " + m.date + " |\n";
  out += "| Previous release | " +
         (m.previous_commit
              ? cell(m.previous_tag.value_or(k_unknown)) + " (`" + *m.previous_commit + "`)"
              : std::string("none (first release)")) +
         " |\n";
  out += "| Made by | git-trail " + m.tool_version + " |\n";
  out += "| Policy | " + cell(m.policy_source) + " (SHA-256 `" + m.policy_digest + "`) |\n\n";

  out += "## Configuration items\n\n";
  if (m.items.empty()) {
    out += "No configuration items are declared ([[configuration_items]] in trail.toml).\n\n";
  } else {
    out += "| Item | Class | Paths | Files | SHA-256 |\n|---|---|---|---|---|\n";
    for (const auto& item : m.items) {
      out += "| " + cell(item.name) + " | " + cell(item.safety_class) + " | " +
             cell(util::join(item.paths, ", ")) + " | " + std::to_string(item.files.size()) +
             " | `" + item.digest + "` |\n";
    }
    out += "\n";
    for (const auto& item : m.items) {
      out += "### " + item.name + "\n\n| Path | Object | SHA-256 |\n|---|---|---|\n";
      for (const auto& f : item.files) {
        out += "| " + cell(f.path) + " | `" + f.object + "` | " +
               (f.sha256.empty() ? "(submodule)" : "`" + f.sha256 + "`") + " |\n";
      }
      out += "\n";
    }
  }

  out += "## SOUP\n\n";
  if (m.soup.empty()) {
    out += "No SOUP items: no soup records in the registry and no submodules.\n\n";
  } else {
    out += "| ID | Title | Manufacturer | Version | License | Class | Anomaly list | Reviewed | "
           "Support | End of "
           "support | Missing |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& s : m.soup) {
      const auto& r = s.record;
      out += "| " + cell(s.id) + " | " + cell(s.title) + " | " + cell(r.manufacturer) + " | " +
             cell(r.version) + " | " + cell(r.license) + " | " + cell(s.safety_class) + " | " +
             cell(r.anomaly_list) + " | " + cell(r.anomaly_review) + " | " + cell(r.support) +
             " | " + cell(r.end_of_support) + " | " +
             (s.missing.empty() ? std::string("-") : cell(util::join(s.missing, ", "))) + " |\n";
    }
    out += "\n";
    for (const auto& s : m.soup) {
      if (s.source != "registry") {
        continue;
      }
      out += "### " + s.id + ": " + (s.title.empty() ? std::string(k_unknown) : s.title) + "\n\n";
      out += "- Requirements: " + cell(s.record.requirements) + "\n";
      out += "- Needs (hardware, software): " + cell(s.record.needs) + "\n";
      out += "- Verification: " + cell(s.record.verification) + "\n";
      out += "- Package URL: " + cell(s.record.purl) + "\n";
      if (!s.digest.empty()) {
        out += "- Files: " + std::to_string(s.files.size()) + ", SHA-256 `" + s.digest + "`\n";
      }
      out += "\n";
    }
  }

  out += "## Changes since the previous release\n\n";
  if (m.changes.empty()) {
    out += "None.\n\n";
  } else {
    out += "| Commit | Subject | Author | Date | Links |\n|---|---|---|---|---|\n";
    for (const auto& c : m.changes) {
      out += "| `" + util::short_id(c.commit) + "` | " + cell(c.subject) + " | " + cell(c.author) +
             " | " + c.date + " | " + cell(links_text(c)) + " |\n";
    }
    out += "\n";
  }
  out += "## Problem reports resolved\n\n";
  if (m.resolved.empty()) {
    out += "None.\n\n";
  } else {
    problems_table(out, m.resolved, false);
    out += "\n";
  }
  out += "## Residual anomalies\n\n";
  if (m.residual.empty()) {
    out += "None: no problem report is open at this revision.\n\n";
  } else {
    problems_table(out, m.residual, true);
    out += "\n";
  }

  out += "## Verification\n\n";
  if (m.evidence.empty()) {
    out += "No results were given: verification is " + std::string(k_unknown) + ".\n\n";
  } else {
    out += "| Report | SHA-256 | Produced for tree | Tests | Passed | Failed | Skipped "
           "|\n|---|---|---|---|---|---|---|\n";
    for (const auto& e : m.evidence) {
      out += "| " + cell(e.file) + " | `" + e.sha256 + "` | " +
             (e.bound ? "this release" : cell(e.tree)) + " | " + std::to_string(e.tests) + " | " +
             std::to_string(e.passed) + " | " + std::to_string(e.failed) + " | " +
             std::to_string(e.skipped) + " |\n";
    }
    out += "\n| Requirement | Status | Class | Tests passed | Tests failed | Tests skipped | Gaps "
           "|\n|---|---|---|---|---|---|---|\n";
    for (const auto& r : m.requirements) {
      out += "| " + cell(r.id) + " | " + cell(r.status) +
             (r.in_release ? "" : " (not in this release)") + " | " + cell(r.safety_class) + " | " +
             std::to_string(r.passed) + " | " + std::to_string(r.failed) + " | " +
             std::to_string(r.skipped) + " | " +
             (r.gaps.empty() ? std::string("-") : cell(util::join(r.gaps, "; "))) + " |\n";
    }
    out += "\n";
  }
  out += "## Build\n\n";
  out += "- Procedure: " + cell(m.build) + "\n";
  out += "- Environment: " +
         (m.environment.empty() ? std::string(k_unknown) : cell(util::join(m.environment, "; "))) +
         "\n";
  if (!m.tools.empty()) {
    const auto or_dash = [](const std::string& v) {
      return v.empty() ? std::string("-") : cell(v);
    };
    out += "\n| Tool | Version | SHA-256 | Digest of | Path or command | Purpose |\n"
           "|---|---|---|---|---|---|\n";
    for (const auto& t : m.tools) {
      out += "| " + cell(t.name) + " | " + cell(t.version.empty() ? k_unknown : t.version) + " | " +
             cell(t.sha256.empty() ? k_unknown : t.sha256) + " | " + or_dash(t.digest_source) +
             " | " + (t.path.empty() ? or_dash(t.command) : cell(t.path)) + " | " +
             or_dash(t.purpose) + " |\n";
    }
  }
  return out;
}

namespace {

std::string component_line(const soup::Component& c)
{
  return c.ecosystem + " " + c.name + " " + (c.version.empty() ? "(no version)" : c.version) +
         (c.mutable_pin ? " (can move)" : "") + " (" + soup::where_text(c.where) + ")";
}

void problem_lines(const soup::PinProblem& p, const std::string& indent, std::string& out)
{
  out += indent + "problem: " + p.message + "\n";
  out += indent + "    fix: " + p.fix + "\n";
}

} // namespace

std::string soup_text(const std::vector<release::SoupItem>& soup,
                      const std::string& commit,
                      const soup::Pinning* pinning)
{
  std::string out =
      "SOUP at " + util::short_id(commit) + ": " + std::to_string(soup.size()) + " item(s)\n";
  size_t incomplete = 0;
  size_t problems = 0;
  size_t unevaluated = 0;
  for (const auto& s : soup) {
    const auto& r = s.record;
    const auto value = [](const std::string& v) {
      return v.empty() ? std::string(k_unknown) : v;
    };
    out += "  " + s.id + (s.title.empty() || s.title == s.id ? "" : "  " + s.title) + "\n";
    if (s.source == "registry" && !r.not_soup.empty()) {
      out += "      not SOUP: " + r.not_soup + "\n";
    } else if (s.source == "registry") {
      out += "      version " + value(r.version) + ", " + value(r.manufacturer) + ", license " +
             value(r.license) + ", class " + s.safety_class + "\n";
      out += "      anomaly list " + value(r.anomaly_list) + " (reviewed " +
             value(r.anomaly_review) + "), support " + value(r.support) + " until " +
             value(r.end_of_support) + "\n";
    } else if (s.source == "submodule") {
      out += "      submodule at commit " + r.version + (s.url.empty() ? "" : " from " + s.url) +
             (s.described_by.empty() ? "" : ", described by " + s.described_by) + "\n";
    }
    if (s.source != "submodule") {
      // (A submodule item is its own component: the line above says it.)
      for (const auto& c : s.components) {
        out += "      " + std::string(s.source == "registry" ? "covers " : "") + component_line(c) +
               "\n";
      }
    }
    if (s.source == "registry") {
      // The submodules it describes (their items hold their components).
      for (const auto& other : soup) {
        if (other.source == "submodule" && other.described_by == s.id) {
          for (const auto& c : other.components) {
            out += "      covers " + component_line(c) + "\n";
          }
        }
      }
    }
    if (!s.missing.empty()) {
      ++incomplete;
      out += "      missing: " + util::join(s.missing, ", ") + "\n";
    }
    // Known vulnerabilities of its version, with their evaluation (docs/soup.md).
    for (const auto& v : s.vulnerabilities) {
      const auto gap = soup::missing_evaluation(v);
      unevaluated += gap.empty() ? 0 : 1;
      std::string evaluation = v.state;
      if (!v.justification.empty()) {
        evaluation += " (" + v.justification + ")";
      }
      out += "      vulnerability " + v.id + (v.severity.empty() ? "" : " [" + v.severity + "]") +
             ": " + (gap.empty() ? evaluation : gap) +
             (v.fixed.empty() ? "" : ", fixed in " + util::join(v.fixed, ", ")) + " (" +
             v.where.file + ":" + std::to_string(v.where.line) + ")\n";
    }
    for (const auto& p : s.pin_problems) {
      if (p.rule == "undeclared" && s.source == "submodule") {
        continue; // said by `missing`, in a submodule's words
      }
      ++problems;
      problem_lines(p, "      ", out);
    }
  }
  if (pinning) {
    for (const auto& line : pinning->unmatched) {
      out += "note: " + line + "\n";
    }
    for (const auto& line : pinning->discovery_problems) {
      out += "could not read: " + line + "\n";
    }
  }
  if (incomplete == 0 && problems == 0 && unevaluated == 0) {
    out += "every SOUP record is complete\n";
  } else {
    std::vector<std::string> parts;
    if (incomplete > 0) {
      parts.push_back(std::to_string(incomplete) + " incomplete");
    }
    if (problems > 0) {
      parts.push_back(std::to_string(problems) + " pin problem(s)");
    }
    if (unevaluated > 0) {
      parts.push_back(std::to_string(unevaluated) + " vulnerabilit" +
                      (unevaluated == 1 ? "y" : "ies") + " without evaluation");
    }
    out += util::join(parts, ", ") + "\n";
  }
  return out;
}

std::string soup_review_text(const std::vector<soup::PinProblem>& problems,
                             const std::vector<std::string>& unread,
                             const std::string& commit)
{
  std::string out = "SOUP to review at " + util::short_id(commit) + ": " +
                    (problems.empty() ? std::string("nothing") : std::to_string(problems.size())) +
                    "\n";
  for (const auto& p : problems) {
    problem_lines(p, "  ", out);
  }
  for (const auto& line : unread) {
    out += "could not read: " + line + "\n";
  }
  return out;
}

namespace {

std::string cited(const release::GateFailure& f)
{
  if (f.clauses.empty()) {
    return f.authority.empty() ? std::string() : " (" + f.authority + ")";
  }
  return " (IEC 62304 " + util::join(f.clauses, ", ") + ")";
}

} // namespace

std::string gate_text(const release::GateReport& gate, const std::string& version)
{
  std::string out;
  if (!gate.class_declared) {
    out += "note: [project] safety_class is not declared; the release gate applies class C\n";
  }
  if (gate.passed()) {
    out += "release gate for " + version + ": passed (class " + gate.safety_class + ", " +
           std::to_string(gate.commits_checked) + " commit(s) checked)\n";
  } else {
    out += "release " + version + " refused: " + std::to_string(gate.failures.size()) +
           " problem(s)\n";
    for (const auto& f : gate.failures) {
      // The clauses close the first line: a message may go on with a list.
      const size_t end = f.message.find('\n');
      std::string first = f.message.substr(0, end);
      const bool colon = first.ends_with(':');
      if (colon) {
        first.pop_back();
      }
      out += "  [" + f.check + "] " + first + cited(f) + (colon ? ":" : "") +
             (end == std::string::npos ? "" : f.message.substr(end)) + "\n";
      if (!f.hint.empty()) {
        out += "      hint: " + f.hint + "\n";
      }
    }
  }
  for (const auto& n : gate.notes) {
    out += "  " + n.kind + ": " + n.message + "\n";
  }
  return out;
}

std::string gate_json(const release::GateReport& gate, const std::string& version)
{
  ordered_json out;
  out["version"] = version;
  out["passed"] = gate.passed();
  out["safety_class"] = gate.safety_class;
  out["class_declared"] = gate.class_declared;
  out["commits_checked"] = gate.commits_checked;
  ordered_json failures = ordered_json::array();
  for (const auto& f : gate.failures) {
    failures.push_back({{"check", f.check},
                        {"id", f.id},
                        {"clauses", f.clauses},
                        {"message", f.message},
                        {"hint", f.hint}});
    if (!f.authority.empty()) {
      failures.back()["authority"] = f.authority;
    }
  }
  out["failures"] = std::move(failures);
  ordered_json notes = ordered_json::array();
  for (const auto& n : gate.notes) {
    notes.push_back({{"kind", n.kind}, {"message", n.message}});
  }
  out["notes"] = std::move(notes);
  return dump(out, -1) + "\n";
}

namespace {

// Returns "N: a, b, c" with at most ten names, then "and N more".
std::string counted(const std::vector<std::string>& names)
{
  constexpr size_t k_shown = 10;
  std::vector<std::string> shown(
      names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), k_shown)));
  if (names.size() > k_shown) {
    shown.push_back("and " + std::to_string(names.size() - k_shown) + " more");
  }
  return std::to_string(names.size()) + (names.empty() ? "" : ": " + util::join(shown, ", "));
}

// What the check of a delivered copy covered and what it did not, one line each.
std::string delivered_text(const release::DeliveredCoverage& c)
{
  std::string out = "delivered copy " + c.dir + ":\n";
  out += "  compared: " + std::to_string(c.files) + " file(s) of configuration items (" +
         counted(c.configuration_items) + ") and SOUP items (" + counted(c.soup) + ")\n";
  out += "  submodules: " + counted(c.submodules) + "\n";
  if (!c.unchecked_submodules.empty()) {
    out += "  not checked: submodule " + util::join(c.unchecked_submodules, "; submodule ") + "\n";
  }
  out += "  not covered: files in " + c.dir +
         " outside every configuration and SOUP item: " + counted(c.outside_items) + "\n";
  out += "  not covered: files of the release tree in no configuration or SOUP item: " +
         counted(c.tree_outside_items) + "\n";
  return out;
}

} // namespace

std::string verify_text(const release::VerifyReport& r)
{
  std::string out;
  out += "tag " + r.tag + " -> " + (r.target.empty() ? std::string("?") : r.target) + "\n";
  if (!r.declared_digest.empty()) {
    out += "manifest sha256 " + r.actual_digest +
           (r.actual_digest == r.declared_digest ? " (matches the tag)" : "") + "\n";
  }
  if (r.is_signed && !r.signature_ok && !r.signature_unchecked.empty()) {
    out += "cannot check signature: " + r.signature_unchecked + "\n";
  } else {
    out += std::string("signature: ") +
           (!r.is_signed     ? "none"
            : r.signature_ok ? "good"
                             : "BAD") +
           "\n";
  }
  for (const auto& approval : r.approvals) {
    out += "signed approval: " + approval + "\n";
  }
  if (r.approvals_required && r.approvals.empty()) {
    out += "signed approval: none here ([release] approvals asks for them; fetch "
           "refs/trail/approvals/*)\n";
  }
  for (const auto& named : r.tag_approvals) {
    out += "approval named by the tag: " + named + "\n";
  }
  for (const auto& note : r.notes) {
    out += "note: " + note + "\n";
  }
  // Claims and evidence are told apart: a report the manifest lists is evidence only once
  // compared with the report itself.
  const std::string claimed = std::to_string(r.evidence_claimed) + " report(s) claimed";
  out += "verification evidence: " +
         (r.evidence_compared ? "compared with the reports given (" + claimed + ")"
          : r.evidence_claimed == 0
              ? std::string("none claimed")
              : "not compared (" + claimed + "; pass --results FILE... to compare)") +
         "\n";
  if (r.delivered) {
    out += delivered_text(*r.delivered);
  }
  if (r.passed()) {
    // Only what was compared is said to agree; what was not is said next to it.
    const std::string agree = "the tag, its manifest and " + std::to_string(r.files_checked) +
                              " file(s) agree" +
                              (r.delivered ? "; " + std::to_string(r.delivered->files) +
                                                 " file(s) of the delivered copy " + "match"
                                           : std::string());
    std::vector<std::string> accepted;
    std::vector<std::string> open;
    if (!r.evidence_complete()) {
      if (r.incomplete_accepted) {
        accepted.push_back("the verification evidence claimed was not compared (accepted with "
                           "--allow-incomplete)");
      } else {
        open.push_back("the verification evidence claimed was not compared: a claim is not "
                       "evidence (--results compares it; --allow-incomplete accepts it)");
      }
    }
    if (!r.submodules_complete()) {
      const std::string what = std::to_string(r.delivered->unchecked_submodules.size()) +
                               " submodule(s) of the delivered copy not checked";
      if (r.submodules_accepted) {
        accepted.push_back(what + " (accepted with --allow-unchecked-submodules)");
      } else {
        open.push_back(what + " (--allow-unchecked-submodules accepts it)");
      }
    }
    const std::string accepted_text =
        accepted.empty() ? std::string() : "; " + util::join(accepted, "; ");
    if (open.empty()) {
      out += "verified: " + agree + accepted_text + "\n";
    } else {
      out += "INCOMPLETE: " + agree + ", but " + util::join(open, "; ") + accepted_text + "\n";
    }
    return out;
  }
  out += "NOT VERIFIED: " + std::to_string(r.problems.size()) + " problem(s)\n";
  for (const auto& p : r.problems) {
    out += "  [" + p.check + "] " + p.message + "\n";
  }
  return out;
}

std::string verify_json(const release::VerifyReport& r)
{
  ordered_json out;
  out["tag"] = r.tag;
  out["tag_object"] = r.tag_object;
  out["target"] = r.target;
  out["manifest_commit"] = r.manifest_commit;
  out["declared_sha256"] = r.declared_digest;
  out["actual_sha256"] = r.actual_digest;
  out["signed"] = r.is_signed;
  out["signature_ok"] = r.signature_ok;
  if (!r.signature_unchecked.empty()) {
    out["signature_unchecked"] = r.signature_unchecked;
  }
  if (r.approvals_required || !r.approvals.empty()) {
    out["approvals"] = r.approvals;
  }
  if (!r.tag_approvals.empty()) {
    out["tag_approvals"] = r.tag_approvals;
  }
  out["files_checked"] = r.files_checked;
  out["delivered_checked"] = r.delivered_checked;
  out["evidence_claimed"] = r.evidence_claimed;
  out["evidence_compared"] = r.evidence_compared;
  out["incomplete_accepted"] = r.incomplete_accepted;
  if (r.delivered) {
    const auto& c = *r.delivered;
    out["delivered"] = {{"dir", c.dir},
                        {"files", c.files},
                        {"configuration_items", c.configuration_items},
                        {"soup", c.soup},
                        {"submodules", c.submodules},
                        {"unchecked_submodules", c.unchecked_submodules},
                        {"outside_items", c.outside_items},
                        {"tree_outside_items", c.tree_outside_items}};
    out["submodules_accepted"] = r.submodules_accepted;
  }
  out["verdict"] = r.verdict();
  out["verified"] = r.verdict() == "verified";
  ordered_json problems = ordered_json::array();
  for (const auto& p : r.problems) {
    problems.push_back({{"check", p.check}, {"message", p.message}});
  }
  out["problems"] = std::move(problems);
  out["notes"] = r.notes;
  return dump(out, -1) + "\n";
}

} // namespace trail::render
