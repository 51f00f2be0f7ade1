#pragma once

#include "core/policy/policy.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trail::registry {

// A typed link from one item to another ("derives-from", "risk-controls", ...).
struct ItemLink
{
  std::string type;
  std::string target;
  policy::Location where;
};

// One item defined in the repository's registry files.
struct Item
{
  std::string id;
  std::string kind;
  std::string title;
  std::string status;       // one of the kind's states
  std::string safety_class; // "A", "B", "C" or empty
  std::string description;
  std::vector<ItemLink> links;
  policy::Location where; // the [[items]] entry
};

// A registry file as read from a revision: path and bytes.
struct SourceFile
{
  std::string path;
  std::string content;
};

// Every item of a revision, by ID.
struct Registry
{
  std::vector<Item> items;
  std::unordered_map<std::string, size_t> index;

  // Returns the item with ID, or null.
  const Item* find(std::string_view id) const;
};

// Parses and validates FILES against POLICY: unknown keys, IDs that match no kind, states the
// kind does not allow, duplicate IDs, links to items that are not defined (unless the target's
// kind is external). Throws policy::PolicyError listing every problem with file, line, column.
Registry load_registry(const policy::Policy& policy, const std::vector<SourceFile>& files);

// Returns the kind whose pattern matches ID as a whole, or null.
const policy::Kind* kind_of_id(const policy::Policy& policy, std::string_view id);

} // namespace trail::registry
