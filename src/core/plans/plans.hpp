#pragma once

#include "core/config/location.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::plans {

// One Markdown heading: ATX ("## Scope", levels 1 to 6) or setext (a line underlined with "="
// for level 1 or "-" for level 2).
struct Heading
{
  int level = 0;
  std::string text; // as written, without the #s and surrounding spaces
  int line = 0;     // 1-based line where the heading's text starts
};

// Returns the headings of the Markdown document TEXT in document order. Lines inside fenced
// code blocks (``` or ~~~, up to 3 spaces of indent, closed by a fence of the same character at
// least as long; an unclosed fence runs to the end) are not headings, nor are lines indented
// by 4 or more spaces. A setext underline counts after a paragraph line only (not after a blank
// line, a list item, a quote or a heading); the heading's text is that paragraph, joined with
// spaces, and its line is the paragraph's first.
std::vector<Heading> markdown_headings(std::string_view text);

// Returns TEXT as compared with a section name: without leading numbering ("1.", "1.2", "2)",
// "A.1"), lower case, runs of spaces made one. "2.1 Scope of the Plan" -> "scope of the plan".
std::string section_key(std::string_view text);

// One section the policy asks for, and the heading that has it.
struct Section
{
  std::string name;               // as written in [plans.TYPE] sections
  std::optional<Heading> heading; // the first heading that matches; none when missing
};

// The last commit that changed a plan's document (against its first parent), at or before
// the revision asked about.
struct Change
{
  std::string commit; // full hex id
  std::string date;   // the committer date, YYYY-MM-DD in the committer's time zone
};

// The state of the plan of one type at one revision.
struct PlanStatus
{
  std::string type; // one of policy::k_plan_types
  // What [plans.TYPE] asks for; false when only a registry item names this type.
  bool required = false;
  config::Location required_where; // where [plans.TYPE] is, when required

  // The registry item of this type: the one not in a closed state, else the last closed one.
  // Empty id when no item has this type.
  std::string id;
  std::string title;
  std::string status;
  config::Location item_where;
  std::string document; // the item's document path
  // The item's status is one of its kind's approved_states.
  bool approved = false;
  // Its status is one of its kind's closed states (a retired plan).
  bool closed = false;

  bool document_found = false;       // the document exists at the revision
  std::vector<Heading> headings;     // the document's headings, with lines
  std::vector<Section> sections;     // what the policy asks for, found or not
  std::optional<Change> last_change; // unknown in a shallow clone cut before it

  // The previous release (release::find_previous_release from the revision), if any.
  std::string release_tag;
  std::string release_commit;
  // The document at the revision differs from the document at the previous release (or did
  // not exist there). False when there is no previous release.
  bool changed_since_release = false;

  // Returns the names of the sections the document lacks (all of them when it is missing).
  std::vector<std::string> missing_sections() const;
  // Returns why this plan is a gap, one reason per entry: no item, not approved, document
  // missing, sections missing. Empty when it is evidence.
  std::vector<std::string> gaps() const;
  // Returns true when gaps() is empty.
  bool complete() const;
};

// Returns the status at commit REV of every plan type that POLICY's [plans] names or that an
// item of REGISTRY names, in the order of policy::k_plan_types. REGISTRY must be the registry
// at REV under POLICY (workspace::registry_at). Reads each document at REV, finds its last
// change by walking REV's history once for all documents, and compares each document with the
// previous release tag (policy::is_release_tag). Throws UsageError when REV is not a commit.
std::vector<PlanStatus> plan_statuses(const git::Repository& repo,
                                      const policy::Policy& policy,
                                      const registry::Registry& registry,
                                      const std::string& rev);

// The whole answer of `git trail plans`, as text or JSON.
struct PlansReport
{
  std::string commit; // full hex id of the revision
  std::string rev;    // as the user wrote it
  std::string release_tag;
  std::string release_commit;
  std::vector<PlanStatus> plans;

  // Returns how many plans are gaps.
  size_t gaps() const;
};

// Returns the report of `git trail plans` for REV: plan_statuses and the previous release.
PlansReport plans_report(const git::Repository& repo,
                         const policy::Policy& policy,
                         const registry::Registry& registry,
                         const std::string& rev);

// Renders REPORT for people: one block per plan, then a summary line.
std::string report_text(const PlansReport& report);
// Renders REPORT as JSON (docs/plans.md).
std::string report_json(const PlansReport& report);

} // namespace trail::plans
