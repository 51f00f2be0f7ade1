#pragma once

#include "core/history/check.hpp"

#include <string>

namespace trail::render {

// Streaming pieces of the formats below, for a history too long to keep: BEGIN, then one
// COMMIT per commit with violations, then END with the finished report.
std::string check_text_commit(const history::CommitResult& result);
std::string check_text_end(const history::CheckReport& report);
std::string check_json_begin(const std::string& policy_source);
std::string check_json_commit(const history::CommitResult& result, bool first);
std::string check_json_end(const history::CheckReport& report, bool any_commit);

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
