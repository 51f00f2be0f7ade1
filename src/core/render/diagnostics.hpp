#pragma once

#include "core/rules/rules.hpp"

#include <string>
#include <vector>

namespace trail::render {

// Formats DIAGNOSTICS for a terminal: one "rule: message" line each, then an indented hint.
std::string diagnostics_text(const std::vector<rules::Diagnostic>& diagnostics);

// Formats DIAGNOSTICS as a JSON array of {rule, commit, message, hint, line}.
std::string diagnostics_json(const std::vector<rules::Diagnostic>& diagnostics);

} // namespace trail::render
