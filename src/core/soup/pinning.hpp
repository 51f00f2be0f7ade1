#pragma once

// Pinning (docs/soup.md, "Records and pins"): which SOUP record of the registry covers each
// component discovery found, and what is wrong between the two: a component no record covers,
// a record whose version is not the pinned one, a pin that can move, an anomaly review older
// than the pin, an end of support passed at the revision's date. The rules (pin) work on plain
// data and the answers PinFacts gives; pin_at asks the repository for those answers.

#include "core/config/location.hpp"
#include "core/git/repository.hpp"
#include "core/registry/registry.hpp"
#include "core/soup/component.hpp"
#include "core/soup/discover.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trail::soup {

// A SOUP record of the registry, as pinning reads it.
struct Record
{
  std::string id;
  std::string title;
  registry::SoupRecord soup;
  config::Location where; // its [[items]] entry
};

// The SOUP records of REGISTRY (items whose kind has role soup), in registry order.
std::vector<Record> records_of(const registry::Registry& registry);

// The commit that made a component's pin what it is at the revision.
struct PinChange
{
  std::string commit; // full id; empty when it cannot be told
  std::string date;   // its committer date, YYYY-MM-DD (UTC)
  std::string why;    // when it cannot be told: why ("the history is shallow ...")
};

// What pinning asks the repository (pin_at answers from it; unit tests give their own).
struct PinFacts
{
  std::string revision_date; // the revision's committer date, YYYY-MM-DD (UTC)
  std::function<PinChange(const Component&)> pin_changed;
  // The tags at a submodule's commit in the submodule's own repository ($GIT_DIR/modules/NAME);
  // nullopt when that repository is not here.
  std::function<std::optional<std::vector<std::string>>(const Component&)> tags_at;
};

// One problem between a component and the records. RULE names the check:
//   "undeclared"      no record covers the component (IEC 62304 8.1.2)
//   "version"         the record's version is not the pinned one, or that cannot be told (8.1.2)
//   "mutable"         the pin is a branch or a range: the version in use is not fixed (8.1.2)
//   "stale-review"    the record's anomaly_review is older than the pin, or that cannot be
//                     told (7.1.3)
//   "end-of-support"  the record's end_of_support is before the revision's date (the FDA's
//                     expectation, no IEC 62304 clause)
struct PinProblem
{
  std::string rule;
  std::string component; // "ECOSYSTEM:NAME"
  std::string record;    // the record's id; empty for "undeclared"
  std::string message;   // starts with the component's or the record's file:line
  std::string fix;
};

// One discovered component and the record that covers it.
struct Pinned
{
  Component component;
  std::string record;   // the record's id; empty: none covers it
  std::string match;    // how: "paths", "purl" or "title"
  std::string not_soup; // the record's not_soup reason: the component is not SOUP
};

// Everything pinning found at one revision.
struct Pinning
{
  std::vector<Pinned> components; // every discovered component, in discovery order
  std::vector<PinProblem> problems;
  // Information, not problems: "FILE:LINE: RECORD ..." for a record whose paths or purl match
  // nothing discovered.
  std::vector<std::string> unmatched;
  // Discovery's own problems (a manifest it could not read): the list may be incomplete.
  std::vector<std::string> discovery_problems;
};

// "ECOSYSTEM:NAME", the key of a component in problems and manifests.
std::string component_key(const Component& component);

// "FILE:LINE" (or "FILE" when the line is unknown).
std::string where_text(const config::Location& where);

// Pins the components of DISCOVERY to RECORDS with FACTS (the rules above).
Pinning pin(const Discovery& discovery, const std::vector<Record>& records, const PinFacts& facts);

// The facts of COMMIT in REPO: its date, the history of each pin (first parents, re-reading
// the pin at each commit; a shallow boundary before the change gives "cannot tell"), and the
// tags of submodules' own repositories.
PinFacts facts_at(const git::Repository& repo, const std::string& commit);

// pin(DISCOVERY, RECORDS, facts_at(REPO, COMMIT)).
Pinning pin_at(const git::Repository& repo,
               const std::string& commit,
               const Discovery& discovery,
               const std::vector<Record>& records);

// What needs a review (`git trail soup --stale`): stale reviews, passed ends of support and
// version mismatches. Vulnerabilities without an evaluation are added here when they land.
std::vector<PinProblem> needs_review(const Pinning& pinning);

} // namespace trail::soup
