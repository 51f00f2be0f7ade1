#include "core/policy/load.hpp"
#include "core/rules/tags.hpp"

#include <doctest/doctest.h>

using namespace trail;

namespace {

std::vector<std::string> messages(const std::vector<rules::Diagnostic>& diagnostics)
{
  std::vector<std::string> out;
  for (const auto& d : diagnostics) {
    CHECK(d.rule == "tag");
    out.push_back(d.message);
  }
  return out;
}

rules::TagUpdate created(const std::string& name, bool annotated, bool is_signed)
{
  rules::TagUpdate update;
  update.name = name;
  update.created = true;
  update.annotated = annotated;
  update.is_signed = is_signed;
  return update;
}

} // namespace

TEST_CASE("tags: release tags must be annotated and signed when the policy says so")
{
  const auto policy = policy::parse_policy(
      "[tags]\nrelease_pattern = '^v\\d+\\.\\d+\\.\\d+$'\nannotated = true\nsigned = true\n",
      "trail.toml");
  CHECK(messages(rules::check_tag(policy, created("v1.2.0", true, true))).empty());
  CHECK(messages(rules::check_tag(policy, created("v1.2.0", false, false))) ==
        std::vector<std::string>{"release tag v1.2.0 is not annotated",
                                 "release tag v1.2.0 is not signed"});
  CHECK(messages(rules::check_tag(policy, created("nightly", false, false))).empty());
}

TEST_CASE("tags: release tags never move and are never deleted")
{
  const auto policy = policy::parse_policy("[tags]\nrelease_pattern = '^v'\n", "trail.toml");
  auto moved = created("v1", true, false);
  moved.created = false;
  CHECK(messages(rules::check_tag(policy, moved)) ==
        std::vector<std::string>{
            "release tag v1 already exists and would be moved; release tags never move"});
  rules::TagUpdate deleted;
  deleted.name = "v1";
  deleted.deleted = true;
  CHECK(
      messages(rules::check_tag(policy, deleted)) ==
      std::vector<std::string>{"release tag v1 would be deleted; release tags are kept for good"});
}

TEST_CASE("tags: only_release refuses other tags; no [tags] checks nothing")
{
  const auto strict =
      policy::parse_policy("[tags]\nrelease_pattern = '^v'\nonly_release = true\n", "trail.toml");
  CHECK(messages(rules::check_tag(strict, created("tmp", false, false))) ==
        std::vector<std::string>{"tag tmp does not match the release tag pattern '^v'"});
  const auto none = policy::parse_policy("", "trail.toml");
  CHECK(rules::check_tag(none, created("anything", false, false)).empty());
}
