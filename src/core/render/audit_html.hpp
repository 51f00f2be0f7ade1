#pragma once

#include "core/audit/audit.hpp"

#include <string>

namespace trail::render {

// Formats REPORT as one self-contained HTML5 document (styles inline, no scripts, nothing
// fetched) meant to be printed and filed (docs/audit.md, "Printing"): every printed page
// carries the document identifier, the product, the revision and "Page N of M"; the date is
// the audited commit's, never the clock's; a summary table first, then one table per process
// area, then the tools. Identifiers, dates, digests, commit ids and clause numbers never wrap;
// digests are shortened visibly and written in full in the notes at the end. Every text taken
// from the report is escaped.
std::string audit_html(const audit::Report& report);

} // namespace trail::render
