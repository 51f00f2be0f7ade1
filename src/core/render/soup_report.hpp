#pragma once

// What SOUP discovery found (`git trail soup --discovered`), for a terminal and as JSON.

#include "core/release/soup_diff.hpp"
#include "core/soup/discover.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace trail::render {

// One component change on one line, as `soup diff` and the changelog write it:
// "upgraded: fmt (cmake) 10.1.1 -> 10.2.1 at CMakeLists.txt:12".
std::string soup_change_line(const soup::ComponentChange& change);

// What else a re-pin changed: "content OLD -> NEW", "source OLD -> NEW" (empty otherwise).
std::vector<std::string> soup_change_details(const soup::ComponentChange& change);

// The record covering a component at one end: "SOUP-3 (fmt), version 10.2.1, anomaly review
// 2026-01-10, support maintained until 2027-12-31", "... not SOUP: REASON", or "no record".
std::string soup_record_text(const std::optional<release::RecordAt>& record);

// One line per component: ecosystem, name, version, where (file:line), purl, digest; then the
// problems. COMMIT names the revision in the heading.
std::string discovery_text(const soup::Discovery& found, const std::string& commit);

// {"commit", "components": [{ecosystem, name, version, purl, url, path, digest, file, line,
// development, mutable, depends_on}], "problems": [...]}.
nlohmann::ordered_json discovery_json(const soup::Discovery& found, const std::string& commit);

// `git trail soup diff A..B`: one block per component that changed (what, where, the versions
// or digests at both ends, the covering record at both ends), then the problems. FROM and TO
// name the ends as the user gave them.
std::string
soup_diff_text(const release::SoupDiff& diff, const std::string& from, const std::string& to);

// {"from": {rev, commit}, "to": {...}, "changes": [{change, ecosystem, name, before, after,
// record_before, record_after}], "problems": [...]}.
nlohmann::ordered_json
soup_diff_json(const release::SoupDiff& diff, const std::string& from, const std::string& to);

} // namespace trail::render
