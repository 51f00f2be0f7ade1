#pragma once

// `git trail problems` as text, Markdown or JSON (docs/problems.md).

#include "core/problems/trends.hpp"

#include <string>
#include <vector>

namespace trail::problems {

// What `git trail problems` shows: the trend table grouped BY, the recurring items and the
// problem reports whose record misses fields.
struct ProblemsReport
{
  Trends trends;
  By by = By::severity;
  std::vector<Row> rows;           // aggregate(trends, by)
  std::vector<Recurring> repeated; // recurring(trends)
  std::vector<std::string> fields; // the record fields asked for
  std::vector<RecordGap> gaps;     // record_gaps(...) at the revision
};

// Formats REPORT for a terminal.
std::string report_text(const ProblemsReport& report);

// Formats REPORT as Markdown, with the same sections as report_text.
std::string report_markdown(const ProblemsReport& report);

// Formats REPORT as JSON ("problems": "git-trail/problems/1"; docs/problems.md lists the
// fields).
std::string report_json(const ProblemsReport& report);

} // namespace trail::problems
