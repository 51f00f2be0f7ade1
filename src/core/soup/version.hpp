#pragma once

// Ordering versions as the ecosystems write them (soup/: vulnerability ranges, soup diff).

#include <optional>
#include <string_view>

namespace trail::soup {

// Orders two versions: < 0, 0 or > 0, always. Dotted numbers compare numerically ("1.10" >
// "1.9", "1.2" == "1.2.0"); a leading "v" is ignored, and so is build metadata ("+..."); a
// pre-release ("-rc1", "rc1", "a1", "b2", ".dev0", "~beta") sorts before its release, any other
// suffix ("1.1.1w", ".post1") after it; suffixes compare by runs of letters and digits. For
// versions that may not be orderable at all, use compare_versions.
int version_order(std::string_view a, std::string_view b);

// Compares two versions as version_order does, but says when they cannot be ordered: nullopt
// for commit ids (hex with a letter, 7 to 64 digits) and for anything that does not start with
// a number (branch names); -1, 0 or 1 otherwise. Equal strings (but for a leading "v") are 0.
std::optional<int> compare_versions(std::string_view a, std::string_view b);

} // namespace trail::soup
