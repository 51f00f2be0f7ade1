#include "core/problems/trends.hpp"

#include "core/util/error.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"
#include "core/workspace/workspace.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace trail::problems {

namespace {

constexpr const char* k_none = "(none)";

// The problem reports of a registry, by ID.
using Reports = std::unordered_map<std::string, registry::Item>;

Reports reports_of(const std::optional<registry::Registry>& registry)
{
  Reports out;
  if (registry) {
    for (const auto& item : registry->items) {
      if (registry::has_role(item, policy::KindRole::problem_report)) {
        out.emplace(item.id, item);
      }
    }
  }
  return out;
}

bool closed(const registry::Item& item)
{
  return item.kind_spec && item.kind_spec->is_closed(item.status);
}

std::vector<std::string> linked_items(const registry::Item& item)
{
  std::vector<std::string> items;
  for (const auto& link : item.links) {
    if (std::find(items.begin(), items.end(), link.target) == items.end()) {
      items.push_back(link.target);
    }
  }
  std::sort(items.begin(), items.end(), util::natural_less);
  return items;
}

// Keeps LIFE's description from its latest definition.
void describe(ReportLife& life, const registry::Item& item)
{
  life.title = item.title;
  life.severity = item.severity;
  life.type = item.problem.type;
  life.items = linked_items(item);
}

// Orders keys naturally, with "(none)" last.
bool key_less(const std::string& a, const std::string& b)
{
  if ((a == k_none) != (b == k_none)) {
    return b == k_none;
  }
  return util::natural_less(a, b);
}

} // namespace

std::string Trends::incomplete() const
{
  if (!shallow_boundary.empty()) {
    return "a shallow clone: the history before " + util::short_id(shallow_boundary) +
           " is missing, so problem reports opened or closed before it are not counted";
  }
  if (!unreadable.empty()) {
    std::vector<std::string> ids;
    for (const auto& id : unreadable) {
      ids.push_back(util::short_id(id));
    }
    return "the registry could not be read at " + util::join(ids, ", ") +
           ", so what those commits changed is not counted";
  }
  return {};
}

Trends problem_trends(const git::Repository& repo,
                      const policy::Policy& policy,
                      const std::string& rev,
                      const std::optional<std::string>& since)
{
  Trends out;
  out.revision = repo.resolve_commit(rev);
  if (since) {
    out.since = *since;
    out.since_commit = repo.resolve_commit(*since);
    if (!repo.is_ancestor(out.since_commit, out.revision)) {
      throw UsageError("--since " + *since + " is not in the history of " + rev +
                       ": the trend would count from the root");
    }
  }
  // The first-parent chain from REV back to SINCE (or the root), newest first.
  std::vector<git::CommitInfo> chain;
  std::string base; // the commit whose registry is the start of the range ("" : none)
  for (std::string id = out.revision;;) {
    if (id == out.since_commit) {
      base = id;
      break;
    }
    chain.push_back(repo.commit(id));
    const auto& parents = chain.back().parents;
    if (parents.empty()) {
      break;
    }
    if (!repo.has_object(parents.front())) {
      out.shallow_boundary = chain.back().id;
      break;
    }
    if (!out.since_commit.empty() && repo.is_ancestor(parents.front(), out.since_commit) &&
        parents.front() != out.since_commit) {
      base = parents.front(); // SINCE is on a side branch: start where the chain leaves it
      break;
    }
    id = parents.front();
  }
  std::reverse(chain.begin(), chain.end());
  out.commits = chain.size();

  std::map<std::string, ReportLife, bool (*)(std::string_view, std::string_view)> lives(
      util::natural_less);
  Reports previous;
  std::string previous_key;
  std::unordered_map<std::string, bool> last_open; // by ID: open in its last definition
  if (!base.empty()) {
    previous = reports_of(workspace::registry_at(repo, policy, base));
    previous_key = workspace::registry_key(repo, policy, base);
    for (const auto& [id, item] : previous) {
      ReportLife& life = lives[id];
      life.id = id;
      life.before_range = true;
      life.open_at_start = !closed(item);
      last_open[id] = life.open_at_start;
      life.status = item.status;
      describe(life, item);
    }
  }
  for (size_t i = 0; i < chain.size(); ++i) {
    const auto& commit = chain[i];
    const std::string key = workspace::registry_key(repo, policy, commit.id);
    const bool first = i == 0 && base.empty();
    if (!first && key == previous_key) {
      continue;
    }
    previous_key = key;
    Reports now;
    if (commit.id == out.revision) {
      now = reports_of(workspace::registry_at(repo, policy, commit.id)); // throws: must read
    } else {
      try {
        now = reports_of(workspace::registry_at(repo, policy, commit.id));
      } catch (const Error&) {
        out.unreadable.push_back(commit.id);
        continue;
      }
    }
    ++out.registry_changes;
    const std::string date = util::iso_date(commit.committer_time, 0);
    const auto event =
        [&](ReportLife& life, const char* what, const std::string& status, bool open) {
          life.events.push_back({what, commit.id, commit.committer_time, date, status, open});
        };
    for (const auto& [id, item] : now) {
      ReportLife& life = lives[id];
      life.id = id;
      const bool is_closed = closed(item);
      const bool seen = !life.events.empty() || life.before_range;
      if (!seen) {
        event(life, "opened", item.status, true);
        life.opened = date;
        if (is_closed) {
          event(life, "closed", item.status, false);
          life.closed = date;
        }
      } else {
        const auto old = previous.find(id);
        const bool present = old != previous.end();
        // Its last known state: the previous commit's, or the one it had when removed.
        const bool was_closed = present ? closed(old->second) : !last_open[id];
        if (!present) {
          event(life, "restored", item.status, !was_closed);
        }
        if (is_closed && !was_closed) {
          event(life, "closed", item.status, false);
          life.closed = date;
        } else if (!is_closed && was_closed) {
          event(life, "reopened", item.status, true);
          ++life.reopened;
          life.closed.clear();
        }
      }
      last_open[id] = !is_closed;
      life.status = item.status;
      describe(life, item);
    }
    for (const auto& [id, item] : previous) {
      if (now.count(id) == 0) {
        event(lives[id], "removed", "", false);
      }
    }
    previous = std::move(now);
  }
  for (auto& [id, life] : lives) {
    const auto at = previous.find(id);
    life.defined = at != previous.end();
    if (!life.defined) {
      life.status.clear();
      life.open = false;
    } else {
      life.open = !closed(at->second);
    }
    out.reports.push_back(std::move(life));
  }
  return out;
}

std::optional<By> by_named(std::string_view name)
{
  for (const By by : {By::severity, By::type, By::item, By::month}) {
    if (by_name(by) == name) {
      return by;
    }
  }
  return std::nullopt;
}

std::string_view by_name(By by)
{
  switch (by) {
  case By::severity:
    return "severity";
  case By::type:
    return "type";
  case By::item:
    return "item";
  case By::month:
    return "month";
  }
  return "severity";
}

namespace {

std::vector<Row> aggregate_by_month(const Trends& trends)
{
  std::map<std::string, Row> rows; // YYYY-MM sorts by time
  for (const auto& life : trends.reports) {
    for (const auto& e : life.events) {
      Row& row = rows[e.date.substr(0, 7)];
      row.opened += e.what == "opened";
      row.closed += e.what == "closed";
      row.reopened += e.what == "reopened";
    }
  }
  if (rows.empty()) {
    return {};
  }
  // Every month between the first and the last.
  const std::string first = rows.begin()->first;
  const std::string last = rows.rbegin()->first;
  int year = std::stoi(first.substr(0, 4));
  int month = std::stoi(first.substr(5, 2));
  std::vector<Row> out;
  for (;;) {
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02d", year, month);
    Row row = rows[key];
    row.key = key;
    // Open at the end of the month: as the last event up to then left it.
    for (const auto& life : trends.reports) {
      bool open = life.open_at_start;
      for (const auto& e : life.events) {
        if (e.date.substr(0, 7) > key) {
          break;
        }
        open = e.open;
      }
      row.open += open;
    }
    out.push_back(row);
    if (key == last) {
      break;
    }
    if (++month > 12) {
      month = 1;
      ++year;
    }
  }
  return out;
}

} // namespace

std::vector<Row> aggregate(const Trends& trends, By by)
{
  if (by == By::month) {
    return aggregate_by_month(trends);
  }
  std::map<std::string, Row, bool (*)(const std::string&, const std::string&)> rows(key_less);
  for (const auto& life : trends.reports) {
    std::vector<std::string> keys;
    if (by == By::item) {
      keys = life.items;
    } else {
      keys.push_back(by == By::severity ? life.severity : life.type);
    }
    if (keys.empty() || (keys.size() == 1 && keys.front().empty())) {
      keys = {k_none};
    }
    for (const auto& key : keys) {
      Row& row = rows[key];
      row.key = key;
      for (const auto& e : life.events) {
        row.opened += e.what == "opened";
        row.closed += e.what == "closed";
        row.reopened += e.what == "reopened";
      }
      row.open += life.open;
    }
  }
  std::vector<Row> out;
  for (auto& [key, row] : rows) {
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<Recurring> recurring(const Trends& trends)
{
  std::map<std::string, std::vector<std::string>, bool (*)(std::string_view, std::string_view)>
      by_item(util::natural_less);
  for (const auto& life : trends.reports) {
    for (const auto& item : life.items) {
      by_item[item].push_back(life.id);
    }
  }
  std::vector<Recurring> out;
  for (auto& [item, reports] : by_item) {
    if (reports.size() >= 2) {
      out.push_back({item, std::move(reports)});
    }
  }
  return out;
}

const std::vector<std::string>& record_fields()
{
  static const std::vector<std::string> fields = {
      "type", "scope", "severity", "informed", "verification"};
  return fields;
}

std::vector<RecordGap> record_gaps(const policy::Policy& /*policy*/,
                                   const registry::Registry& registry,
                                   const std::vector<std::string>& fields)
{
  for (const auto& field : fields) {
    if (std::find(record_fields().begin(), record_fields().end(), field) == record_fields().end()) {
      throw UsageError("unknown problem-report field '" + field + "'; the fields are " +
                       util::join(record_fields(), ", "));
    }
  }
  const auto asked = [&](const std::string& field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
  };
  std::vector<const registry::Item*> items;
  for (const auto& item : registry.items) {
    if (registry::has_role(item, policy::KindRole::problem_report)) {
      items.push_back(&item);
    }
  }
  std::sort(items.begin(), items.end(), [](const auto* a, const auto* b) {
    return util::natural_less(a->id, b->id);
  });
  std::vector<RecordGap> out;
  for (const auto* item : items) {
    RecordGap gap{item->id, item->title, item->status, {}, item->where};
    const std::pair<std::string, bool> empty[] = {
        {"type", item->problem.type.empty()},
        {"scope", item->problem.scope.empty()},
        {"severity", item->severity.empty()},
        {"informed", item->problem.informed.empty()},
        {"verification", closed(*item) && item->problem.verification.empty()},
    };
    for (const auto& [field, missing] : empty) {
      if (missing && asked(field)) {
        gap.missing.push_back(field);
      }
    }
    if (!gap.missing.empty()) {
      out.push_back(std::move(gap));
    }
  }
  return out;
}

} // namespace trail::problems
