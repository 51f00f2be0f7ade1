#include "core/release/soup_diff.hpp"

#include "core/soup/discover.hpp"
#include "core/soup/pinning.hpp"

#include <tuple>

namespace trail::release {
namespace {

// One end: what discovery found there, each component with the record that covers it.
struct Side
{
  std::vector<soup::Component> components;
  std::vector<std::string> records; // records[i] covers components[i]; empty: none
};

Side side_of(const git::Repository& repo, const SoupEnd& end, std::vector<std::string>& problems)
{
  if (end.commit.empty()) {
    return {}; // the start of history: nothing was there
  }
  const auto found = soup::discover(repo, end.commit, end.policy->soup);
  for (const auto& p : found.problems) {
    problems.push_back(end.rev + ": " + p);
  }
  const auto& registry = *end.registry;
  const auto pinning =
      soup::pin_at(repo,
                   end.commit,
                   found,
                   registry ? soup::records_of(*registry) : std::vector<soup::Record>{});
  Side side;
  for (const auto& pinned : pinning.components) {
    side.components.push_back(pinned.component);
    side.records.push_back(pinned.record);
  }
  return side;
}

// What the record covering C (a component of SIDE) said at that end.
std::optional<RecordAt> record_of(const Side& side,
                                  const std::optional<registry::Registry>& registry,
                                  const soup::Component& c)
{
  for (size_t i = 0; i < side.components.size(); ++i) {
    const auto& own = side.components[i];
    if (std::tie(own.ecosystem, own.name, own.where.file, own.version) !=
        std::tie(c.ecosystem, c.name, c.where.file, c.version)) {
      continue;
    }
    const registry::Item* item = registry ? registry->find(side.records[i]) : nullptr;
    if (item == nullptr) {
      return std::nullopt;
    }
    const auto& r = item->soup;
    return RecordAt{item->id,
                    item->title,
                    r.version,
                    r.anomaly_review,
                    r.support,
                    r.end_of_support,
                    r.not_soup};
  }
  return std::nullopt;
}

} // namespace

SoupDiff soup_diff(const git::Repository& repo, const SoupEnd& from, const SoupEnd& to)
{
  SoupDiff out;
  out.from = from.commit;
  out.to = to.commit;
  // Discovery once per end; pinning tells which record covers each component.
  const Side a = side_of(repo, from, out.problems);
  const Side b = side_of(repo, to, out.problems);
  for (auto& change : soup::diff_components(a.components, b.components)) {
    SoupDiffEntry entry;
    if (change.before) {
      entry.record_before = record_of(a, *from.registry, *change.before);
    }
    if (change.after) {
      entry.record_after = record_of(b, *to.registry, *change.after);
    }
    entry.change = std::move(change);
    out.entries.push_back(std::move(entry));
  }
  return out;
}

} // namespace trail::release
