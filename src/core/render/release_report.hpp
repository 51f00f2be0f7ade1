#pragma once

#include "core/release/gate.hpp"
#include "core/release/manifest.hpp"
#include "core/release/verify.hpp"
// manifest_cyclonedx, the CycloneDX rendering of a manifest, is declared there.
#include "core/render/cyclonedx.hpp"

#include <string>

namespace trail::render {

// Formats MANIFEST as a Markdown document for people: identification, configuration items,
// SOUP, changes, problem reports, residual anomalies, verification and build.
std::string manifest_markdown(const release::Manifest& manifest);

// Formats the SOUP of COMMIT for a terminal: one block per item with the components it covers
// (a record's) or is (a component no record covers), what it lacks and each pin problem with
// its fix; then PINNING's information (records that cover nothing discovered) and what
// discovery could not read, when PINNING is given.
std::string soup_text(const std::vector<release::SoupItem>& soup,
                      const std::string& commit,
                      const soup::Pinning* pinning = nullptr);

// Formats what needs a review (`git trail soup --stale`, soup::needs_review) for a terminal.
std::string soup_review_text(const std::vector<soup::PinProblem>& problems,
                             const std::vector<std::string>& unread,
                             const std::string& commit);

// Formats the gate's outcome for a terminal: every failure with its hint.
std::string gate_text(const release::GateReport& gate, const std::string& version);
// Formats the gate's outcome as JSON: {"version", "passed", "class", "failures": [...]}.
std::string gate_json(const release::GateReport& gate, const std::string& version);

// Formats a verify report for a terminal.
std::string verify_text(const release::VerifyReport& report);
// Formats a verify report as JSON.
std::string verify_json(const release::VerifyReport& report);

} // namespace trail::render
