#pragma once

// `git trail audit` as text, Markdown and JSON (docs/audit.md). The three carry the same
// content: identity, every line with its verdict, findings and pointers, the tools and totals.

#include "core/audit/audit.hpp"

#include <string>

namespace trail::render {

std::string audit_text(const audit::Report& report);
std::string audit_markdown(const audit::Report& report);
std::string audit_json(const audit::Report& report);

} // namespace trail::render
