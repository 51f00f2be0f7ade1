#pragma once

#include "core/changelog/changelog.hpp"
#include "core/render/mustache.hpp"
#include "core/render/view.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace trail::render {

// CHANGELOG as a view (view.hpp): the fields of --format json, which every template sees too
// (docs/changelog.md lists them), read from the model as they are asked for. Without the
// document id, which is computed from it.
Value changelog_view(const changelog::Changelog& changelog);

// Returns the changelog's document identifier, "CHANGELOG-<end commit>-<digest>": the first 12
// hex digits of the SHA-256 of the compact JSON without the identifier, streamed into the
// digest as it is written.
std::string changelog_document_id(const changelog::Changelog& changelog);

// Writes CHANGELOG to OUT as the --format json text, as it goes.
void write_changelog_json(const changelog::Changelog& changelog, const Write& out);
// The same text as a string.
std::string changelog_json(const changelog::Changelog& changelog);
// The same document as an nlohmann tree (tests).
nlohmann::ordered_json changelog_to_json(const changelog::Changelog& changelog);

// Parses the changelog's template: TEMPLATE_TEXT when given (read from TEMPLATE_NAME, for error
// messages), else the built-in templates/changelog.FORMAT.mustache. Throws UsageError with
// file:line:column for a malformed template, or one that nests sections too deep or is too
// large (template_limits.hpp).
Template changelog_template(const std::string& format,
                            const std::optional<std::string>& template_text,
                            const std::string& template_name);

// Writes CHANGELOG rendered through TEMPLATE to OUT, as it goes. FORMAT "md" makes text fields
// Markdown table cells, escapes nothing else and squeezes runs of blank lines to one; "html"
// HTML-escapes {{double}} tags.
void write_changelog(const changelog::Changelog& changelog,
                     const std::string& format,
                     const Template& tmpl,
                     const Write& out);

// Both at once, into a string (tests, the fuzz target).
std::string changelog_render(const changelog::Changelog& changelog,
                             const std::string& format,
                             const std::optional<std::string>& template_text,
                             const std::string& template_name);

} // namespace trail::render
