// Each registry item's kind is resolved once, when the registry loads (Item::kind_spec).

#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"

#include <doctest/doctest.h>

#include <utility>

using namespace trail;

namespace {

const char* const k_policy = R"([kinds.requirement]
pattern = 'SRS-\d+'
[kinds.safety-requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
)";

const char* const k_items = R"([[items]]
id = "SRS-1"
[[items]]
id = "SRS-2"
kind = "safety-requirement"
[[items]]
id = "PR-3"
)";

} // namespace

TEST_CASE("registry kinds: each item points at its kind in the policy it was loaded with")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto registry = registry::load_registry(policy, {{"docs/r.toml", k_items}});
  REQUIRE(registry.items.size() == 3);
  // By pattern: the first kind that matches; by `kind = "..."`: the kind named.
  CHECK(registry.find("SRS-1")->kind_spec == &policy.kinds[0]);
  CHECK(registry.find("SRS-2")->kind_spec == &policy.kinds[1]);
  CHECK(registry.find("PR-3")->kind_spec == &policy.kinds[2]);
  for (const auto& item : registry.items) {
    CAPTURE(item.id);
    REQUIRE(item.kind_spec != nullptr);
    CHECK(item.kind_spec->name == item.kind);
  }
}

TEST_CASE("registry kinds: moving the policy keeps the kinds its items point at")
{
  auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto registry = registry::load_registry(policy, {{"docs/r.toml", k_items}});
  const policy::Kind* const first = &policy.kinds[0];
  const policy::Policy moved = std::move(policy);
  CHECK(&moved.kinds[0] == first);
  CHECK(registry.find("SRS-1")->kind_spec == &moved.kinds[0]);
  CHECK(registry.find("SRS-1")->kind_spec->name == "requirement");
}
