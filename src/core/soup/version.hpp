#pragma once

// Ordering versions as the ecosystems write them (private to soup/ and its callers).

#include <optional>
#include <string_view>

namespace trail::soup {

// Compares two version strings: negative when A is older, 0 when they name the same version,
// positive when A is newer; nullopt when they cannot be ordered (commit ids, or forms that share
// no numeric structure). A leading "v" is ignored; runs of digits compare as numbers, other runs
// as text; a pre-release suffix ("-rc1", "a1", ".dev0") comes before the release it precedes
// ("1.0.0-rc1" < "1.0.0"); "+build" metadata is ignored.
std::optional<int> compare_versions(std::string_view a, std::string_view b);

} // namespace trail::soup
