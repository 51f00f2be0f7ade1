#pragma once

#include "core/config/location.hpp"
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
  config::Location where;
};

// What IEC 62304 (5.3.3, 5.3.4, 7.1.2, 8.1.2) and the FDA's SBOM guidance ask of a SOUP item;
// kept on items whose kind has the role `soup`. An empty field is unknown.
struct SoupRecord
{
  std::string manufacturer; // may be a community
  std::string version;      // the unique designator
  std::string release_date; // YYYY-MM-DD
  std::string license;      // an SPDX expression
  std::string purl;         // package URL
  std::string cpe;
  std::string requirements;         // functional and performance requirements it must meet (B, C)
  std::string needs;                // hardware and software it needs (B, C)
  std::string anomaly_list;         // where the supplier publishes known anomalies (B, C)
  std::string anomaly_review;       // YYYY-MM-DD of the last review of that list (B, C)
  std::string support;              // maintained, not-maintained, abandoned
  std::string end_of_support;       // YYYY-MM-DD
  std::string verification;         // why it is fit for use
  std::vector<std::string> paths;   // where it lives in the tree (vendored code), as globs
  std::vector<std::string> authors; // who wrote it, when known (CycloneDX authors)
  // Why what the record covers is not SOUP (a test-only or build-only dependency); empty: it
  // is SOUP. Discovered components it covers are then not asked to be SOUP records.
  std::string not_soup;
  // The commit id, tag or digest the record covers (a submodule's commit): held against the
  // pin where the version alone cannot tell (docs/soup.md, "Records and pins").
  std::string revision;
};

// One key of a SOUP record: a text field or a list. Every list of the SOUP keys (the
// registry's keys, item diffs, the manifest) follows this one, in this order.
struct SoupField
{
  std::string_view key;
  std::string SoupRecord::*text = nullptr;              // or
  std::vector<std::string> SoupRecord::*list = nullptr; //
  bool manifest = false; // written as a text field of the manifest's SOUP items
};

inline constexpr SoupField k_soup_fields[] = {
    {"manufacturer", &SoupRecord::manufacturer, nullptr, true},
    {"version", &SoupRecord::version, nullptr, true},
    {"release_date", &SoupRecord::release_date, nullptr, true},
    {"license", &SoupRecord::license, nullptr, true},
    {"purl", &SoupRecord::purl, nullptr, true},
    {"cpe", &SoupRecord::cpe, nullptr, true},
    {"requirements", &SoupRecord::requirements, nullptr, true},
    {"needs", &SoupRecord::needs, nullptr, true},
    {"anomaly_list", &SoupRecord::anomaly_list, nullptr, true},
    {"anomaly_review", &SoupRecord::anomaly_review, nullptr, true},
    {"support", &SoupRecord::support, nullptr, true},
    {"end_of_support", &SoupRecord::end_of_support, nullptr, true},
    {"verification", &SoupRecord::verification, nullptr, true},
    {"paths", nullptr, &SoupRecord::paths, false},
    {"authors", nullptr, &SoupRecord::authors, false},
    {"not_soup", &SoupRecord::not_soup, nullptr, false},
    {"revision", &SoupRecord::revision, nullptr, false},
};

// What IEC 62304 clause 9 asks a problem report to record (docs/problems.md); kept on items
// whose kind has the role problem-report. Criticality is the item's `severity`. An empty field
// is not recorded.
struct ProblemRecord
{
  std::string type;                  // "defect", "feedback", ... (the kind's `types`, if listed)
  std::string scope;                 // what it affects
  std::vector<std::string> informed; // who was told (9.3)
  std::string verification;          // how the fix was verified: a test or a record (9.7)
};

// One item defined in the repository's registry files.
struct Item
{
  std::string id;
  std::string kind; // the name of its kind, for output
  // Its kind, resolved once when the registry was loaded (by `kind = "..."`, else by the first
  // kind whose pattern matches the ID); never null in a Registry that load_registry returned.
  // It points into the kinds of the Policy given to load_registry, so that Policy must outlive
  // the item and every copy of it. Moving the Policy keeps its kinds where they are; a copy of
  // the Policy has kinds of its own, which this does not point to.
  const policy::Kind* kind_spec = nullptr;
  std::string title;
  std::string status;       // one of the kind's states
  std::string safety_class; // "A", "B", "C" or empty
  // Why a class below the system's is right (IEC 62304 4.3), and what segregates the item
  // from the items of the system's class (5.3.5, software items of a class C system);
  // classes/ applies a lower class only with them.
  std::string class_rationale;
  std::string segregation;
  std::string description;
  std::vector<ItemLink> links;
  std::string severity;   // problem reports: how bad (free text or the project's scale)
  std::string evaluation; // problem reports: why an open one adds no unacceptable risk (5.8.3)
  SoupRecord soup;        // kinds with the role soup
  // Kinds with the role plan: which plan it is (one of policy::k_plan_types) and the path of
  // its document in the repository; both required. DOCUMENT_WHERE is where the path is written.
  std::string plan;
  std::string document;
  config::Location document_where;
  ProblemRecord problem;  // kinds with the role problem-report
  config::Location where; // the [[items]] entry
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
// kind is external). Throws config::ConfigError listing every problem with file, line, column.
// Each item's kind_spec points into POLICY, which must outlive the registry.
Registry load_registry(const policy::Policy& policy, const std::vector<SourceFile>& files);

// Returns true when ITEM's kind (resolved when the registry loaded) has ROLE.
inline bool has_role(const Item& item, policy::KindRole role)
{
  return item.kind_spec && item.kind_spec->role == role;
}

// Returns the kind whose pattern matches ID as a whole, or null. For an ID that is not a
// registry item (a trailer value, a branch name, a link target); an item has its kind_spec.
const policy::Kind* kind_of_id(const policy::Policy& policy, std::string_view id);

} // namespace trail::registry
