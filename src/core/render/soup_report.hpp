#pragma once

// What SOUP discovery found (`git trail soup --discovered`), for a terminal and as JSON.

#include "core/release/soup_diff.hpp"
#include "core/soup/discover.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace trail::render {

// One line per component: ecosystem, name, version, where (file:line), purl, digest; then the
// problems. COMMIT names the revision in the heading.
std::string discovery_text(const soup::Discovery& found, const std::string& commit);

// {"commit", "components": [{ecosystem, name, version, purl, url, path, digest, file, line,
// development, mutable_pin, depends_on}], "problems": [...]}.
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
