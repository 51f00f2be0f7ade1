#include "core/soup/diff.hpp"

#include "core/soup/version.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace trail::soup {
namespace {

using Key = std::tuple<std::string, std::string, std::string>; // ecosystem, name, file

Key key_of(const Component& c)
{
  return {c.ecosystem, c.name, c.where.file};
}

ComponentChange compare(const Component& a, const Component& b)
{
  ComponentChange change;
  change.before = a;
  change.after = b;
  if (const auto order = compare_versions(a.version, b.version); order && *order == 0) {
    change.kind = ComponentChange::Kind::repinned;
  } else if (order) {
    change.kind = *order < 0 ? ComponentChange::Kind::upgraded : ComponentChange::Kind::downgraded;
  } else {
    change.kind = ComponentChange::Kind::changed;
  }
  return change;
}

// The same component at both ends: only its place in the file may have moved.
bool same(const Component& a, const Component& b)
{
  return a.version == b.version && a.digest == b.digest && a.url == b.url && a.purl == b.purl &&
         a.path == b.path;
}

} // namespace

const char* kind_name(ComponentChange::Kind kind)
{
  switch (kind) {
  case ComponentChange::Kind::added:
    return "added";
  case ComponentChange::Kind::removed:
    return "removed";
  case ComponentChange::Kind::upgraded:
    return "upgraded";
  case ComponentChange::Kind::downgraded:
    return "downgraded";
  case ComponentChange::Kind::changed:
    return "changed";
  case ComponentChange::Kind::repinned:
    return "re-pinned";
  }
  return "changed";
}

std::vector<ComponentChange> diff_components(const std::vector<Component>& before,
                                             const std::vector<Component>& after)
{
  std::map<Key, std::pair<std::vector<const Component*>, std::vector<const Component*>>> groups;
  for (const auto& c : before) {
    groups[key_of(c)].first.push_back(&c);
  }
  for (const auto& c : after) {
    groups[key_of(c)].second.push_back(&c);
  }
  std::vector<ComponentChange> out;
  for (auto& [key, sides] : groups) {
    auto& a = sides.first; // (not a structured binding: clang 14 cannot capture one)
    auto& b = sides.second;
    // Pair what did not change at all first, then equal versions, then in order.
    const auto pair_off = [&](auto&& match) {
      for (auto i = a.begin(); i != a.end();) {
        const auto j =
            std::find_if(b.begin(), b.end(), [&](const Component* c) { return match(**i, *c); });
        if (j == b.end()) {
          ++i;
          continue;
        }
        if (!same(**i, **j)) {
          out.push_back(compare(**i, **j));
        }
        b.erase(j);
        i = a.erase(i);
      }
    };
    pair_off([](const Component& x, const Component& y) { return same(x, y); });
    pair_off([](const Component& x, const Component& y) { return x.version == y.version; });
    pair_off([](const Component&, const Component&) { return true; });
    for (const Component* c : a) {
      out.push_back({ComponentChange::Kind::removed, *c, std::nullopt});
    }
    for (const Component* c : b) {
      out.push_back({ComponentChange::Kind::added, std::nullopt, *c});
    }
  }
  return out;
}

} // namespace trail::soup
