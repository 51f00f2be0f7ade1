#pragma once

// What SOUP discovery found (`git trail soup --discovered`), for a terminal and as JSON.

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

} // namespace trail::render
