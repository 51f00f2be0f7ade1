#pragma once

#include "core/history/check.hpp"

#include <string>

namespace trail::render {

// Formats REPORT for a terminal: problems grouped by commit (short id, subject), each with
// rule, message and the trailer that would fix it; waivers used; what could not be read; and
// a summary line.
std::string check_text(const history::CheckReport& report);

// Formats REPORT as one JSON document (the stable format documented in docs/cli.md).
std::string check_json(const history::CheckReport& report);

// Formats REPORT as JUnit XML: one test case per commit with violations, a failure per
// violation, and one passing case for the rest, so any CI system can show the result.
std::string check_junit(const history::CheckReport& report);

} // namespace trail::render
