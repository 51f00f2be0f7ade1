#pragma once

// Problem resolution evidence (IEC 62304 clause 9): the life of each problem report read from
// the registry's history, its trends (9.6) and the completeness of its record (9.1, 9.3, 9.7).
// Distinct from change/problems.hpp, which classifies the problem reports of one release range.

#include "core/config/location.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::problems {

// What a problem report went through in one commit of the registry's history.
struct Event
{
  // "opened", "closed", "reopened", "removed" (no longer defined) or "restored" (defined again
  // after it was removed, in the state it had)
  std::string what;
  std::string commit;
  int64_t time = 0;   // the commit's committer time
  std::string date;   // YYYY-MM-DD (UTC)
  std::string status; // the status it had after the commit ("" when removed)
  bool open = false;  // it was open after the commit
};

// One problem report's life in the range read.
struct ReportLife
{
  std::string id;
  std::string title;    // at its last definition
  std::string status;   // at REV; "" when it is not defined there
  std::string severity; // at its last definition ("" when not recorded)
  std::string type;     // at its last definition
  // The items it links (any link type), at its last definition, in natural order.
  std::vector<std::string> items;
  bool before_range = false;  // defined at the start of the range (--since): opened before it
  bool open_at_start = false; // before_range, and open then
  bool defined = true;        // defined at REV
  bool open = false;          // defined at REV and not in one of its kind's closed states
  std::string opened;         // YYYY-MM-DD it first appeared in the range; "" when before it
  std::string closed;         // YYYY-MM-DD it last entered a closed state; "" when open
  size_t reopened = 0;        // how often it left a closed state
  std::vector<Event> events;  // oldest first
};

// The problem reports of a registry's history between two revisions.
struct Trends
{
  std::string revision;        // full id of REV
  std::string since;           // the revision given as --since ("" for the root)
  std::string since_commit;    // its full id ("" for the root)
  size_t commits = 0;          // first-parent commits read
  size_t registry_changes = 0; // of those, the commits that changed the registry files
  // A shallow clone: the first-parent history stops at this commit, whose parent is missing.
  std::string shallow_boundary;
  // Commits whose registry could not be read (invalid under the policy): their changes were
  // not seen, so the trend is incomplete.
  std::vector<std::string> unreadable;
  std::vector<ReportLife> reports; // natural ID order

  // Returns why the trend is incomplete, or "" when the whole range was read.
  std::string incomplete() const;
  bool complete() const
  {
    return incomplete().empty();
  }
};

// Reads the life of every problem report (an item of a kind with the problem-report role)
// from the registry's history: the first-parent commits from SINCE (exclusive; none: the root)
// to REV, oldest first, each compared with its first parent. A report is "opened" by the commit
// that first defines it, "closed" by one that moves it into one of its kind's closed states
// (a report defined closed is opened and closed at once), "reopened" by one that moves it out.
// Dates are the committers' (UTC). Throws UsageError when REV or SINCE names no commit or SINCE
// is not an ancestor of REV, and
// PolicyError when the registry at REV cannot be read.
Trends problem_trends(const git::Repository& repo,
                      const policy::Policy& policy,
                      const std::string& rev,
                      const std::optional<std::string>& since);

// How the trend is grouped.
enum class By
{
  severity,
  type,
  item,
  month,
};

// Returns the By named NAME ("severity", "type", "item", "month"), or nothing.
std::optional<By> by_named(std::string_view name);
// Returns the name of BY.
std::string_view by_name(By by);

// One row of the trend table.
struct Row
{
  std::string key;     // the severity, type, item or month (YYYY-MM); "(none)" when not recorded
  size_t opened = 0;   // reports opened in the range
  size_t closed = 0;   // times one entered a closed state
  size_t reopened = 0; // times one left a closed state
  // By month: reports open at the end of the month; otherwise: reports open at REV.
  size_t open = 0;
};

// Groups TRENDS by BY. By severity, type or item, a report counts under its last definition's
// value (under each item it links; "(none)" when it has none), rows in natural order with
// "(none)" last. By month, events count in the month they happened, and every month from the
// first event's to the last's has a row.
std::vector<Row> aggregate(const Trends& trends, By by);

// An item with two or more problem reports: a recurring problem (9.6).
struct Recurring
{
  std::string item;
  std::vector<std::string> reports; // natural order
};

// Returns the items that two or more of the reports of TRENDS link, in natural order.
std::vector<Recurring> recurring(const Trends& trends);

// The fields of a problem report's record that clause 9 asks for, in the order they are
// reported: type, scope, severity (the criticality), informed, verification.
const std::vector<std::string>& record_fields();

// A problem report whose record misses fields.
struct RecordGap
{
  std::string id;
  std::string title;
  std::string status;
  std::vector<std::string> missing; // in the order of record_fields()
  config::Location where;           // its [[items]] entry
};

// Returns the problem reports of REGISTRY (natural ID order) that miss one of FIELDS (names
// from record_fields()). `verification` is asked only of a closed report (an open one is not
// fixed yet). Throws UsageError for a field that is not one of record_fields().
std::vector<RecordGap> record_gaps(const policy::Policy& policy,
                                   const registry::Registry& registry,
                                   const std::vector<std::string>& fields);

} // namespace trail::problems
