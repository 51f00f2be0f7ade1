#pragma once

#include "core/changelog/changelog.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace trail::render {

// Returns CHANGELOG as JSON: the --format json output, and the data every template sees
// (docs/changelog.md lists the fields).
nlohmann::ordered_json changelog_to_json(const changelog::Changelog& changelog);

// Formats CHANGELOG as JSON text.
// Takes CHANGELOG by value: a caller that moves it in frees it before the text is written.
std::string changelog_json(changelog::Changelog changelog);

// Renders CHANGELOG through a mustache template: TEMPLATE_TEXT when given (read from
// TEMPLATE_NAME, for error messages), else the built-in templates/changelog.FORMAT.mustache.
// FORMAT "md" escapes table cells for Markdown and expects {{{triple}}} tags; "html" relies
// on mustache's own HTML escaping. Throws UsageError with file:line:column for a malformed
// template, or one that nests sections too deep or is too large (template_limits.hpp).
std::string changelog_render(changelog::Changelog changelog,
                             const std::string& format,
                             const std::optional<std::string>& template_text,
                             const std::string& template_name);

} // namespace trail::render
