#include "core/release/soup_diff.hpp"

#include "core/release/manifest.hpp"
#include "core/soup/discover.hpp"

#include <tuple>

namespace trail::release {
namespace {

bool same_component(const soup::Component& a, const soup::Component& b)
{
  return std::tie(a.ecosystem, a.name, a.where.file, a.version) ==
         std::tie(b.ecosystem, b.name, b.where.file, b.version);
}

// The registry record of SOUP whose covered components include C.
std::optional<RecordAt> record_of(const std::vector<SoupItem>& items, const soup::Component& c)
{
  for (const auto& item : items) {
    if (item.source != "registry") {
      continue;
    }
    for (const auto& covered : item.components) {
      if (same_component(covered, c)) {
        return RecordAt{item.id,
                        item.title,
                        item.record.version,
                        item.record.anomaly_review,
                        item.record.support,
                        item.record.end_of_support,
                        item.record.not_soup};
      }
    }
  }
  return std::nullopt;
}

} // namespace

SoupDiff soup_diff(const git::Repository& repo, const SoupEnd& from, const SoupEnd& to)
{
  SoupDiff out;
  out.from = from.commit;
  out.to = to.commit;
  const auto found_a = soup::discover(repo, from.commit, from.policy->soup);
  const auto found_b = soup::discover(repo, to.commit, to.policy->soup);
  for (const auto& p : found_a.problems) {
    out.problems.push_back(from.rev + ": " + p);
  }
  for (const auto& p : found_b.problems) {
    out.problems.push_back(to.rev + ": " + p);
  }
  // With files: components are pinned to their records only then.
  const auto items_a = soup_at(repo, *from.policy, *from.registry, from.commit, true);
  const auto items_b = soup_at(repo, *to.policy, *to.registry, to.commit, true);
  for (auto& change : soup::diff_components(found_a.components, found_b.components)) {
    SoupDiffEntry entry;
    if (change.before) {
      entry.record_before = record_of(items_a, *change.before);
    }
    if (change.after) {
      entry.record_after = record_of(items_b, *change.after);
    }
    entry.change = std::move(change);
    out.entries.push_back(std::move(entry));
  }
  return out;
}

} // namespace trail::release
