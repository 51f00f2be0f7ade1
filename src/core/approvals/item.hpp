#pragma once

// Approvals of registry items (docs/approvals.md): what a record binds of an item, and whether
// a record still speaks for the item as it is defined now.

#include "core/approvals/index.hpp"
#include "core/registry/registry.hpp"

#include <functional>
#include <string>
#include <vector>

namespace trail::approvals {

// "sha256:" and the SHA-256 of ITEM's definition: every field of its registry entry, as
// registry::diff_items lists them, except its status. The status is left out so that an
// approval can be given to a draft and still hold when the item's status becomes approved; any
// other change (title, description, class, links, a SOUP field...) gives another digest.
std::string item_digest(const registry::Item& item);

// One record of an item and whether it speaks for the item's definition now.
struct ItemApproval
{
  const Entry* entry = nullptr;
  bool current = false; // the record's digest is the definition's now
  // For a superseded record: the fields changed since the definition it approved, when the
  // registry at the record's revision can be read ("" entries are not listed).
  std::vector<std::string> changed;
};

// The standing of item ITEM (as defined at REVISION): its records, oldest first.
struct ItemStanding
{
  std::string revision;
  const registry::Item* item = nullptr;
  std::string digest;
  std::vector<ItemApproval> records;
  // What its kind's approvals still ask of the definition now (history::item_awaiting), one
  // line per role; empty when the kind asks nothing or all is there. Filled by the caller.
  std::vector<std::string> awaiting;
  // Returns true when a valid record approves the definition as it is now and nothing is
  // AWAITING.
  bool approved_now() const;
};

// The standing of ITEM as the registry at REVISION defines it, from the records of INDEX;
// DEFINED_AT returns the item as the registry at a record's revision defined it (null when that
// cannot be read), to name the fields changed since a superseded record.
ItemStanding
item_standing(const Index& index,
              const registry::Item& item,
              const std::string& revision,
              const std::function<const registry::Item*(const std::string& revision)>& defined_at);

} // namespace trail::approvals
