#pragma once

// How the SOUP of a tree changed between two revisions (`git trail soup diff A..B`, the
// changelog's SOUP section; docs/soup.md).

#include "core/soup/component.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::soup {

// One component that differs between two revisions.
struct ComponentChange
{
  enum class Kind
  {
    added,      // only at B
    removed,    // only at A
    upgraded,   // a newer version at B
    downgraded, // an older version at B
    changed,    // another version, whose order cannot be told (commit ids, branches)
    repinned,   // the same version with other content (digest) or from another source (url)
  };
  Kind kind = Kind::added;
  std::optional<Component> before; // at A (none when added)
  std::optional<Component> after;  // at B (none when removed)
};

// The name of KIND as the reports write it ("added", "re-pinned", ...).
const char* kind_name(ComponentChange::Kind kind);

// Returns the components that differ between BEFORE (at A) and AFTER (at B), ordered by
// ecosystem, name and the file that declares them. A component is the same one at both ends
// when ecosystem, name and declaring file agree (a package declared twice in one file, as npm
// does for nested installs, is paired by equal versions first, then in order).
std::vector<ComponentChange> diff_components(const std::vector<Component>& before,
                                             const std::vector<Component>& after);

} // namespace trail::soup
