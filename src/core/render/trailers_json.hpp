#pragma once

#include "core/links/links.hpp"
#include "core/message/trailers.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::render {

// Formats one line of `git trail trailers` output (the JSON contract in docs/cli.md):
// {"commit": ..., "trailers": [{"key", "value"}], "links": [{"relation", "kind", "id"}]}.
// COMMIT is omitted for --message-file; LINKS is omitted when no policy is loaded.
std::string trailers_json_line(const std::optional<std::string>& commit,
                               const std::vector<message::Trailer>& trailers,
                               const links::Extraction* links);

} // namespace trail::render
