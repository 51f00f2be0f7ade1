#include "core/render/impact_report.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace trail::render {

namespace {

using nlohmann::ordered_json;

std::string role_name(policy::KindRole role)
{
  return std::string(policy::k_kind_roles[static_cast<size_t>(role)]);
}

// "v1.1.0" or "(start of history)"; the range as the user reads it.
std::string range_name(const impact::Impact& impact)
{
  return impact.from.commit.empty() ? impact.to.name : impact.from.name + ".." + impact.to.name;
}

// A test's latest outcome, in words.
std::string outcome_text(const impact::Impact& impact, const impact::Test& t)
{
  if (!impact.results_given) {
    return "no results given";
  }
  if (t.outcome.empty()) {
    return "not run in the reports given";
  }
  return t.outcome + " in " + t.report +
         (t.bound ? " (bound to the tree of " + impact.to.name + ")"
                  : " (NOT bound to the tree of " + impact.to.name + ")");
}

std::string report_text(const impact::Impact& impact, const change::Evidence& e)
{
  const std::string counts = std::to_string(e.tests) + " test(s): " + std::to_string(e.passed) +
                             " passed, " + std::to_string(e.failed) + " failed, " +
                             std::to_string(e.skipped) + " skipped";
  if (e.bound) {
    return e.file + ": bound to the tree of " + impact.to.name + " (" + counts + ")";
  }
  return e.file + ": NOT bound to the tree of " + impact.to.name + ": produced for tree " + e.tree +
         ", not " + impact.to.tree + " (" + counts + ")";
}

// Why the analysis is incomplete, or "".
std::string incomplete_text(const impact::Impact& impact)
{
  std::string out;
  if (!impact.shallow_boundary.empty()) {
    std::vector<std::string> ids;
    for (const auto& id : impact.shallow_boundary) {
      ids.push_back(util::short_id(id));
    }
    out += "Incomplete: a shallow clone; history stops at " + util::join(ids, ", ") +
           ", so older commits that implement an item were not seen. Fetch the whole history "
           "(git fetch --unshallow).\n";
  }
  std::vector<std::string> unknown;
  for (const auto& id : impact.paths_unknown) {
    if (std::find(impact.shallow_boundary.begin(), impact.shallow_boundary.end(), id) ==
        impact.shallow_boundary.end()) {
      unknown.push_back(util::short_id(id));
    }
  }
  if (!unknown.empty()) {
    out += "Incomplete: the files changed by " + util::join(unknown, ", ") +
           " could not be read (a parent is missing).\n";
  }
  return out;
}

std::string endpoint_line(const impact::Endpoint& e)
{
  if (e.commit.empty()) {
    return e.name;
  }
  return e.name + " (commit " + util::short_id(e.commit) + ", tree " + util::short_id(e.tree) + ")";
}

std::string md(const std::string& s)
{
  return util::markdown_cell(s, "<br>");
}

} // namespace

std::string impact_text(const impact::Impact& impact)
{
  std::string out = "Change impact of " + range_name(impact) + ": " +
                    std::to_string(impact.commits) + " commit(s), " +
                    std::to_string(impact.files.size()) + " file(s) changed\n";
  out += "From: " + endpoint_line(impact.from) + "\nTo: " + endpoint_line(impact.to) + "\n";
  out += incomplete_text(impact);

  out += "\nFiles changed\n";
  if (impact.files.empty()) {
    out += "  none\n";
  }
  for (const auto& f : impact.files) {
    std::vector<std::string> by;
    for (const auto& id : f.changed_by) {
      by.push_back(util::short_id(id));
    }
    out += "  " + f.path + " (" + util::join(by, ", ") + ")\n";
    if (f.items.empty()) {
      out += "    touches no requirement or risk control\n";
    }
    for (const auto& item : f.items) {
      for (const auto& via : item.via) {
        out += "    " + item.id + ": " + impact::describe(via) + "\n";
      }
    }
  }

  out += "\nRequirements and risk controls touched\n";
  if (impact.items.empty()) {
    out += "  none\n";
  }
  for (const auto& item : impact.items) {
    out += "  " + item.id + " (" + item.kind + ")" + (item.title.empty() ? "" : ": " + item.title) +
           (item.defined ? "" : " (not defined at " + impact.to.name + ")") + "\n";
    out += "    files: " + util::join(item.files, ", ") + "\n";
    if (item.tests.empty()) {
      out += "    no test links to it\n";
    }
    for (const auto& t : item.tests) {
      out += "    test " + t.name + " (" + t.how + "): " + outcome_text(impact, t) + "\n";
    }
  }

  out += "\nTest results\n";
  if (impact.reports.empty()) {
    out += "  none given (--results FILE): the tests' outcomes are not known\n";
  }
  for (const auto& e : impact.reports) {
    out += "  " + report_text(impact, e) + "\n";
  }

  out += "\nChanges that state no safety rationale (no Safety-Impact or Safety-Rationale)\n";
  if (impact.unstated.empty()) {
    out += "  none\n";
  }
  for (const auto& u : impact.unstated) {
    out += "  " + util::short_id(u.commit) + " " + u.subject + "\n";
  }
  return out;
}

std::string impact_markdown(const impact::Impact& impact)
{
  std::string out = "# Change impact: " + md(range_name(impact)) + "\n\n";
  out += "| | |\n|---|---|\n";
  out += "| From | " + md(endpoint_line(impact.from)) + " |\n";
  out += "| To | " + md(endpoint_line(impact.to)) + " |\n";
  out += "| Commits | " + std::to_string(impact.commits) + " |\n";
  out += "| Files changed | " + std::to_string(impact.files.size()) + " |\n\n";
  if (const auto incomplete = incomplete_text(impact); !incomplete.empty()) {
    out += "**" + incomplete.substr(0, incomplete.size() - 1) + "**\n\n";
  }

  out += "## Files changed\n\n";
  if (impact.files.empty()) {
    out += "No file changed.\n\n";
  } else {
    out += "| File | Changed by | Touches |\n|---|---|---|\n";
    for (const auto& f : impact.files) {
      std::vector<std::string> by;
      for (const auto& id : f.changed_by) {
        by.push_back("`" + util::short_id(id) + "`");
      }
      std::vector<std::string> touches;
      for (const auto& item : f.items) {
        for (const auto& via : item.via) {
          touches.push_back(item.id + ": " + impact::describe(via));
        }
      }
      out += "| " + md(f.path) + " | " + util::join(by, ", ") + " | " +
             (touches.empty() ? std::string("nothing traced") : md(util::join(touches, "\n"))) +
             " |\n";
    }
    out += "\n";
  }

  out += "## Requirements and risk controls touched\n\n";
  if (impact.items.empty()) {
    out += "No requirement or risk control is touched.\n\n";
  } else {
    out += "| ID | Kind | Title | Files | Tests and latest results |\n|---|---|---|---|---|\n";
    for (const auto& item : impact.items) {
      std::vector<std::string> tests;
      for (const auto& t : item.tests) {
        tests.push_back(t.name + " (" + t.how + "): " + outcome_text(impact, t));
      }
      out += "| " + md(item.id) + " | " + md(item.kind) + " | " +
             (item.defined ? md(item.title) : "not defined at " + md(impact.to.name)) + " | " +
             md(util::join(item.files, "\n")) + " | " +
             (tests.empty() ? std::string("no test links to it") : md(util::join(tests, "\n"))) +
             " |\n";
    }
    out += "\n";
  }

  out += "## Test results\n\n";
  if (impact.reports.empty()) {
    out += "None given (`--results FILE`): the tests' outcomes are not known.\n\n";
  } else {
    for (const auto& e : impact.reports) {
      out += "- " + md(report_text(impact, e)) + "\n";
    }
    out += "\n";
  }

  out += "## Changes that state no safety rationale\n\n";
  if (impact.unstated.empty()) {
    out += "Every change states a Safety-Impact or a Safety-Rationale.\n";
  } else {
    for (const auto& u : impact.unstated) {
      out += "- `" + util::short_id(u.commit) + "` " + md(u.subject) + "\n";
    }
  }
  return out;
}

std::string impact_json(const impact::Impact& impact)
{
  ordered_json j;
  j["impact"] = "git-trail/impact/1";
  const auto endpoint = [](const impact::Endpoint& e) {
    ordered_json n;
    n["name"] = e.name;
    n["commit"] = e.commit.empty() ? ordered_json() : ordered_json(e.commit);
    n["tree"] = e.tree.empty() ? ordered_json() : ordered_json(e.tree);
    return n;
  };
  j["from"] = endpoint(impact.from);
  j["to"] = endpoint(impact.to);
  j["complete"] = impact.complete();
  j["shallow_boundary"] = impact.shallow_boundary;
  j["paths_unknown"] = impact.paths_unknown;
  j["commits"] = impact.commits;
  auto files = ordered_json::array();
  for (const auto& f : impact.files) {
    ordered_json n;
    n["path"] = f.path;
    n["changed_by"] = f.changed_by;
    auto items = ordered_json::array();
    for (const auto& item : f.items) {
      ordered_json i;
      i["id"] = item.id;
      auto via = ordered_json::array();
      for (const auto& t : item.via) {
        ordered_json v;
        if (!t.definition.empty()) {
          v["definition"] = t.definition;
        } else if (!t.commit.empty()) {
          v["implemented_by"] = t.commit;
          v["subject"] = t.subject;
        } else {
          v["file_link"] = {{"line", t.line}, {"relation", t.relation}};
        }
        via.push_back(std::move(v));
      }
      i["via"] = std::move(via);
      items.push_back(std::move(i));
    }
    n["items"] = std::move(items);
    files.push_back(std::move(n));
  }
  j["files"] = std::move(files);
  auto items = ordered_json::array();
  for (const auto& item : impact.items) {
    ordered_json n;
    n["id"] = item.id;
    n["kind"] = item.kind;
    n["role"] = role_name(item.role);
    n["title"] = item.title;
    n["defined"] = item.defined;
    n["files"] = item.files;
    auto tests = ordered_json::array();
    for (const auto& t : item.tests) {
      ordered_json x;
      x["name"] = t.name;
      x["how"] = t.how;
      x["outcome"] = t.outcome.empty() ? ordered_json() : ordered_json(t.outcome);
      x["report"] = t.report.empty() ? ordered_json() : ordered_json(t.report);
      x["bound"] = t.bound;
      tests.push_back(std::move(x));
    }
    n["tests"] = std::move(tests);
    n["reverified"] = item.reverified();
    items.push_back(std::move(n));
  }
  j["items"] = std::move(items);
  if (impact.results_given) {
    auto reports = ordered_json::array();
    for (const auto& e : impact.reports) {
      reports.push_back({{"file", e.file},
                         {"sha256", e.sha256},
                         {"tree", e.tree},
                         {"bound", e.bound},
                         {"tests", e.tests},
                         {"passed", e.passed},
                         {"failed", e.failed},
                         {"skipped", e.skipped}});
    }
    j["results"] = std::move(reports);
  } else {
    j["results"] = nullptr;
  }
  auto unstated = ordered_json::array();
  for (const auto& u : impact.unstated) {
    unstated.push_back({{"commit", u.commit}, {"subject", u.subject}});
  }
  j["unstated_safety_rationale"] = std::move(unstated);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace trail::render
