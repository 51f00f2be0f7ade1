#pragma once

#include "core/change/changes.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::change {

// A problem report (an item of a kind with the problem-report role) at a revision.
struct ProblemReport
{
  std::string id;
  std::string url; // the kind's address for the item ([kinds.NAME] url), set by reports; or ""
  std::string title;
  std::string status; // or "not defined" when only linked
  std::string severity;
  std::string safety_class;          // the item's, else the project's, else "unknown"
  std::string evaluation;            // empty when none
  std::vector<std::string> fixed_by; // commits of the range linking it with `fixes`
  std::string verification;          // its `verification` record (9.7); empty when none
  // Passing tests of the results given that name it (an ID in the test's name, or a file link
  // in the test's file), "classname::name"; filled by the manifest when results are given.
  std::vector<std::string> verified_by;
};

// Problem-report IDs, in natural order, with the commits of a range that fix them.
using Fixes =
    std::map<std::string, std::vector<std::string>, bool (*)(std::string_view, std::string_view)>;

// Returns the problem reports CHANGES fix (a `fixes` link to a kind with the problem-report
// role), each with its commits in the order of CHANGES.
Fixes fixes_in(const policy::Policy& policy, const std::vector<Change>& changes);

// Adds to FIXED the problem reports CHANGE fixes.
void add_fixes(const policy::Policy& policy, const Change& change, Fixes& fixed);
// The same for the commit COMMIT with LINKS.
void add_fixes(const policy::Policy& policy,
               const std::string& commit,
               const std::vector<links::Link>& links,
               Fixes& fixed);

// The problem reports of a range, classified.
struct Problems
{
  // Closed at the end and open at the start (or not defined there), or fixed in the range; then
  // those fixed in the range but defined nowhere at the end ("not defined"). Natural ID order.
  std::vector<ProblemReport> resolved;
  // Open at the end (not in one of its kind's closed states): the residual anomalies, with the
  // commits that fix them already. Natural ID order.
  std::vector<ProblemReport> residual;
};

// Classifies the problem reports between two revisions: BEFORE is the registry at the start
// of the range (none for a first release), AFTER the registry at its end, FIXED what the
// range's commits fix.
Problems classify_problems(const policy::Policy& policy,
                           const std::optional<registry::Registry>& before,
                           const std::optional<registry::Registry>& after,
                           const Fixes& fixed);

} // namespace trail::change
