#pragma once

#include "core/trace/trace.hpp"

#include <string>

namespace trail::render {

// Formats REPORT for a terminal: items by kind with their links, then the gaps.
std::string trace_text(const trace::TraceReport& report);
// Formats REPORT as a Markdown document: the matrix as a table, then the gaps.
std::string trace_markdown(const trace::TraceReport& report);
// Formats REPORT as CSV (RFC 4180): one row per item and linking commit.
std::string trace_csv(const trace::TraceReport& report);
// Formats REPORT as one self-contained HTML page (styles inline, no scripts) that reads well
// in a browser and prints on A4 landscape.
std::string trace_html(const trace::TraceReport& report);
// Formats REPORT as JSON (the contract in docs/cli.md).
std::string trace_json(const trace::TraceReport& report);

} // namespace trail::render
