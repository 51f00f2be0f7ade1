#pragma once

// The known vulnerabilities of each SOUP item of a revision (docs/soup.md, "Vulnerabilities:
// CycloneDX VEX and OSV"): attached to the items soup_at returns, listed where they still need
// an evaluation.

#include "core/release/manifest.hpp"
#include "core/soup/vulnerabilities.hpp"

#include <string>
#include <vector>

namespace trail::release {

// Sets the vulnerabilities of each item of ITEMS from INDEX: a registry record's at its record
// version (its purl), a submodule's at its pinned commit (the purl of its URL), and those of
// each discovered component the item covers at that component's version. Each id once per item.
void attach_vulnerabilities(const soup::VulnerabilityIndex& index, std::vector<SoupItem>& items);

// A vulnerability of a shipped SOUP version that has no valid evaluation.
struct UnevaluatedVulnerability
{
  std::string item;    // the SOUP item's id
  std::string title;   // its title
  std::string version; // the version in use (record version, or pinned commit)
  std::string safety_class;
  soup::Vulnerability vulnerability;
  std::string reason; // soup::missing_evaluation: "has no evaluation", "is in triage", ...
};

// Returns every vulnerability of ITEMS without a valid evaluation, in item order.
std::vector<UnevaluatedVulnerability>
unevaluated_vulnerabilities(const std::vector<SoupItem>& items);

// "ID (ITEM) VERSION: VULN REASON (FILE:LINE); fixed in X": one line of `soup --stale`.
std::string describe(const UnevaluatedVulnerability& u);

} // namespace trail::release
