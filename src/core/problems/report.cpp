#include "core/problems/report.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace trail::problems {

namespace {

using nlohmann::ordered_json;

constexpr const char* k_columns[] = {"opened", "closed", "reopened", "open"};

std::vector<size_t> counts(const Row& row)
{
  return {row.opened, row.closed, row.reopened, row.open};
}

std::string named(const std::string& id, const std::string& title)
{
  return id + (title.empty() || title == id ? "" : " (" + title + ")");
}

std::string headline(const ProblemsReport& report)
{
  const Trends& t = report.trends;
  return "Problem reports at " + util::short_id(t.revision) + ", since " +
         (t.since.empty() ? std::string("the root") : t.since) + ": " + std::to_string(t.commits) +
         " commit(s) read, " + std::to_string(t.registry_changes) + " changed the registry";
}

std::string gap_line(const RecordGap& gap)
{
  return named(gap.id, gap.title) + ", " + (gap.status.empty() ? "no status" : gap.status) + ": " +
         util::join(gap.missing, ", ");
}

std::string pad_left(const std::string& s, size_t width)
{
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string pad_right(const std::string& s, size_t width)
{
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

} // namespace

std::string report_text(const ProblemsReport& report)
{
  std::string out = headline(report) + "\n";
  if (const auto why = report.trends.incomplete(); !why.empty()) {
    out += "Incomplete: " + why + "\n";
  }
  out += "\n";
  if (report.rows.empty()) {
    out += "No problem report was opened, closed or reopened in this range.\n";
  } else {
    const std::string first = "By " + std::string(by_name(report.by));
    size_t width = first.size();
    for (const auto& row : report.rows) {
      width = std::max(width, row.key.size());
    }
    out += pad_right(first, width);
    for (const auto* column : k_columns) {
      out += "  " + std::string(column);
    }
    out += "\n";
    for (const auto& row : report.rows) {
      std::string line = pad_right(row.key, width);
      const auto values = counts(row);
      for (size_t i = 0; i < values.size(); ++i) {
        line += "  " + pad_left(std::to_string(values[i]), std::string_view(k_columns[i]).size());
      }
      out += line + "\n";
    }
  }
  out += "\n";
  if (report.repeated.empty()) {
    out += "Recurring problems: none (no item has 2 or more problem reports)\n";
  } else {
    out += "Recurring problems (items with 2 or more problem reports):\n";
    for (const auto& r : report.repeated) {
      out += "  " + r.item + ": " + util::join(r.reports, ", ") + "\n";
    }
  }
  out += "\n";
  const std::string fields = util::join(report.fields, ", ");
  if (report.gaps.empty()) {
    out += "Problem-report records: complete (" + fields + ")\n";
  } else {
    out += "Incomplete problem-report records (" + fields + "):\n";
    for (const auto& gap : report.gaps) {
      out += "  " + gap_line(gap) + "\n";
    }
  }
  return out;
}

std::string report_markdown(const ProblemsReport& report)
{
  const auto cell = [](const std::string& s) {
    return util::markdown_cell(s, " ");
  };
  std::string out = "# Problem report trends\n\n" + cell(headline(report)) + ".\n";
  if (const auto why = report.trends.incomplete(); !why.empty()) {
    out += "\n**Incomplete:** " + cell(why) + ".\n";
  }
  out += "\n## By " + std::string(by_name(report.by)) + "\n\n";
  if (report.rows.empty()) {
    out += "No problem report was opened, closed or reopened in this range.\n";
  } else {
    out += "| " + std::string(by_name(report.by)) + " | opened | closed | reopened | open |\n";
    out += "|---|---:|---:|---:|---:|\n";
    for (const auto& row : report.rows) {
      out += "| " + cell(row.key);
      for (const auto value : counts(row)) {
        out += " | " + std::to_string(value);
      }
      out += " |\n";
    }
  }
  out += "\n## Recurring problems\n\n";
  if (report.repeated.empty()) {
    out += "None: no item has 2 or more problem reports.\n";
  } else {
    for (const auto& r : report.repeated) {
      out += "- " + cell(r.item) + ": " + cell(util::join(r.reports, ", ")) + "\n";
    }
  }
  out +=
      "\n## Problem-report records\n\nFields asked for: " + cell(util::join(report.fields, ", ")) +
      ".\n\n";
  if (report.gaps.empty()) {
    out += "Every record is complete.\n";
  } else {
    for (const auto& gap : report.gaps) {
      out += "- " + cell(gap_line(gap)) + "\n";
    }
  }
  return out;
}

std::string report_json(const ProblemsReport& report)
{
  const Trends& t = report.trends;
  ordered_json j;
  j["problems"] = "git-trail/problems/1";
  j["revision"] = t.revision;
  j["since"] = t.since.empty() ? ordered_json(nullptr) : ordered_json(t.since);
  j["since_commit"] = t.since_commit.empty() ? ordered_json(nullptr) : ordered_json(t.since_commit);
  j["commits"] = t.commits;
  j["registry_changes"] = t.registry_changes;
  j["complete"] = t.complete();
  j["incomplete"] = t.incomplete();
  j["by"] = std::string(by_name(report.by));
  j["rows"] = ordered_json::array();
  for (const auto& row : report.rows) {
    j["rows"].push_back({{"key", row.key},
                         {"opened", row.opened},
                         {"closed", row.closed},
                         {"reopened", row.reopened},
                         {"open", row.open}});
  }
  j["recurring"] = ordered_json::array();
  for (const auto& r : report.repeated) {
    j["recurring"].push_back({{"item", r.item}, {"reports", r.reports}});
  }
  j["reports"] = ordered_json::array();
  for (const auto& life : t.reports) {
    ordered_json events = ordered_json::array();
    for (const auto& e : life.events) {
      events.push_back(
          {{"what", e.what}, {"commit", e.commit}, {"date", e.date}, {"status", e.status}});
    }
    j["reports"].push_back({{"id", life.id},
                            {"title", life.title},
                            {"status", life.status},
                            {"defined", life.defined},
                            {"open", life.open},
                            {"severity", life.severity},
                            {"type", life.type},
                            {"items", life.items},
                            {"before_range", life.before_range},
                            {"opened", life.opened},
                            {"closed", life.closed},
                            {"reopened", life.reopened},
                            {"events", events}});
  }
  j["fields"] = report.fields;
  j["incomplete_records"] = ordered_json::array();
  for (const auto& gap : report.gaps) {
    j["incomplete_records"].push_back({{"id", gap.id},
                                       {"title", gap.title},
                                       {"status", gap.status},
                                       {"missing", gap.missing},
                                       {"file", gap.where.file},
                                       {"line", gap.where.line}});
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace trail::problems
