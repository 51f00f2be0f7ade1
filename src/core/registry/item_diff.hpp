#pragma once

#include "core/registry/registry.hpp"

#include <string>
#include <vector>

namespace trail::registry {

// One field in which two definitions of an item differ.
struct FieldChange
{
  std::string field;  // its key in a registry file: "status", "class", "links", "version", ...
  std::string before; // the value as text, "" when none; lists joined with ", ", links as
  std::string after;  // "type=target"
};

// Returns every field in which AFTER differs from BEFORE, in the order of the keys of a registry
// entry: id, kind, title, status, class, description, links (type and target, in the order
// written), severity, evaluation, then each field of the SOUP record (manufacturer, version,
// release_date, license, purl, cpe, requirements, needs, anomaly_list, anomaly_review, support,
// end_of_support, verification, paths, authors, not_soup). Where the item and its links are written
// is not part of the definition and is not compared; the kind is compared by name (kind_spec,
// resolved in one policy or another, follows it). Empty when they are the same.
std::vector<FieldChange> diff_items(const Item& before, const Item& after);

} // namespace trail::registry
