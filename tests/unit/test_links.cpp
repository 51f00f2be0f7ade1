#include "core/links/links.hpp"
#include "core/policy/load.hpp"

#include <doctest/doctest.h>

using namespace trail;

namespace {

const char* const k_policy = R"(
[kinds.requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
[kinds.bug]
pattern = '#(\d+)'
external = true
[kinds.blueprint]
pattern = 'blueprint\s+(\S+)'
external = true
[trailers]
Implements = { relation = "implements", kinds = ["requirement", "blueprint"] }
Refs = { relation = "refs" }
Closes-Bug = { relation = "fixes", kinds = ["bug"] }
Reviewed-by = { role = "approval" }
)";

std::vector<message::Trailer>
trailers(std::initializer_list<std::pair<const char*, const char*>> pairs)
{
  std::vector<message::Trailer> out;
  size_t line = 3;
  for (const auto& [key, value] : pairs) {
    out.push_back({key, value, line++});
  }
  return out;
}

} // namespace

TEST_CASE("links: several IDs in one value, keys matched case-insensitively")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto result =
      links::extract_links(policy, trailers({{"implements", "SRS-1, SRS-2,SRS-3"}}));
  REQUIRE(result.links.size() == 3);
  CHECK(result.links[0].relation == "implements");
  CHECK(result.links[0].kind == "requirement");
  CHECK(result.links[0].id == "SRS-1");
  CHECK(result.links[2].id == "SRS-3");
  CHECK(result.links[2].trailer == "implements");
  CHECK(result.bad_ids.empty());
}

TEST_CASE("links: a capture group yields the ID")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto result = links::extract_links(
      policy, trailers({{"Closes-Bug", "#1234567"}, {"Implements", "blueprint alarm-limits"}}));
  REQUIRE(result.links.size() == 2);
  CHECK(result.links[0].kind == "bug");
  CHECK(result.links[0].id == "1234567");
  CHECK(result.links[1].kind == "blueprint");
  CHECK(result.links[1].id == "alarm-limits");
}

TEST_CASE("links: a trailer without kinds accepts an ID of any kind")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto result = links::extract_links(policy, trailers({{"Refs", "PR-4, SRS-5"}}));
  REQUIRE(result.links.size() == 2);
  CHECK(result.links[0].kind == "problem-report");
  CHECK(result.links[1].kind == "requirement");
}

TEST_CASE("links: IDs must match whole; the rest is reported, not guessed")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto result =
      links::extract_links(policy, trailers({{"Implements", "SRS-1 and SRS-2, SRS-3"}}));
  REQUIRE(result.links.size() == 1);
  CHECK(result.links[0].id == "SRS-3");
  REQUIRE(result.bad_ids.size() == 1);
  CHECK(result.bad_ids[0].token == "SRS-1 and SRS-2");
  CHECK(result.bad_ids[0].kinds == std::vector<std::string>{"requirement", "blueprint"});
  CHECK(result.bad_ids[0].line == 3);
}

TEST_CASE("links: trailers that are not links, and unknown trailers, give nothing")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto result =
      links::extract_links(policy, trailers({{"Reviewed-by", "SRS-1"}, {"Unknown", "SRS-1"}}));
  CHECK(result.links.empty());
  CHECK(result.bad_ids.empty());
}
