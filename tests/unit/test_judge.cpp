// verifies: GT-8
// rules::judge_commit: the one judgement of a commit that the commit-msg hook, the push hooks and
// `check` share: registries read only when needed, one that cannot be read reported as the
// commit's first problem with the other rules still run, skipped merges left out.

#include "core/links/links.hpp"
#include "core/message/trailers.hpp"
#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"
#include "core/rules/judge.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trail;

namespace {

policy::Policy registry_policy(const std::string& extra = "")
{
  return policy::parse_policy(
      "[kinds.requirement]\npattern = 'SRS-\\d+'\n"
      "[trailers]\n"
      "Implements = { relation = \"implements\", kinds = [\"requirement\"] }\n"
      "[message]\nsubject_max_length = 10\n"
      "[registry]\nfiles = [\"docs/req/*.toml\"]\n" +
          extra,
      "trail.toml");
}

rules::CommitFacts facts_for(const policy::Policy& policy, const std::string& message)
{
  rules::CommitFacts facts;
  facts.id = "0123456789abcdef0123456789abcdef01234567";
  facts.message = message;
  facts.trailers = message::parse_trailers(message);
  facts.links = links::extract_links(policy, facts.trailers);
  return facts;
}

registry::Registry registry_with(const policy::Policy& policy, const std::string& id)
{
  return registry::load_registry(
      policy,
      {{"docs/req/a.toml",
        "[[items]]\nid = \"" + id + "\"\ntitle = \"T\"\nstatus = \"approved\"\n"}});
}

std::vector<std::string> rule_ids(const std::vector<rules::Diagnostic>& diagnostics)
{
  std::vector<std::string> ids;
  for (const auto& d : diagnostics) {
    ids.push_back(d.rule);
  }
  return ids;
}

} // namespace

TEST_CASE("judge_commit: a commit that links to nothing reads no registry")
{
  const auto policy = registry_policy();
  auto facts = facts_for(policy, "Short");
  int reads = 0;
  rules::RegistrySource source;
  source.commit = [&]() {
    ++reads;
    return rules::RegistryRead{};
  };
  CHECK(rules::judge_commit(policy, facts, source).empty());
  CHECK(reads == 0);
}

TEST_CASE("judge_commit: links are checked against the commit's registry, then its parent's")
{
  const auto policy = registry_policy();
  const auto own = registry_with(policy, "SRS-1");
  const auto parent = registry_with(policy, "SRS-2");
  rules::RegistrySource source;
  source.commit = [&]() {
    return rules::RegistryRead{&own, {}};
  };
  int parent_reads = 0;
  source.parent = [&]() {
    ++parent_reads;
    return rules::RegistryRead{&parent, {}};
  };
  auto facts = facts_for(policy, "Short\n\nImplements: SRS-1, SRS-2, SRS-3");
  const auto diagnostics = rules::judge_commit(policy, facts, source);
  CHECK(parent_reads == 1);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].rule == "known-id");
  CHECK(diagnostics[0].message.find("SRS-3") != std::string::npos);
}

TEST_CASE("judge_commit: an unreadable registry is the first problem; the other rules still run")
{
  const auto policy = registry_policy();
  rules::RegistrySource source;
  source.commit = []() {
    return rules::RegistryRead{nullptr, "docs/req/a.toml:1:1: error: duplicate item ID 'SRS-1'"};
  };
  int parent_reads = 0;
  source.parent = [&]() {
    ++parent_reads;
    return rules::RegistryRead{};
  };
  auto facts = facts_for(policy, "A subject far too long\n\nImplements: SRS-1");
  const auto diagnostics = rules::judge_commit(policy, facts, source);
  CHECK(rule_ids(diagnostics) == std::vector<std::string>{"registry", "subject-length"});
  CHECK(diagnostics[0].commit == facts.id);
  CHECK(diagnostics[0].message == "the registry cannot be read at this commit:\n"
                                  "docs/req/a.toml:1:1: error: duplicate item ID 'SRS-1'");
  CHECK(diagnostics[0].hint == "fix the registry files in this commit");
  CHECK(parent_reads == 0);
}

TEST_CASE("judge_commit: a parent registry that cannot be read is left out, never a pass")
{
  const auto policy = registry_policy();
  const auto own = registry_with(policy, "SRS-1");
  rules::RegistrySource source;
  source.commit = [&]() {
    return rules::RegistryRead{&own, {}};
  };
  source.parent = []() {
    return rules::RegistryRead{nullptr, "docs/req/a.toml:1:1: error: broken"};
  };
  auto facts = facts_for(policy, "Short\n\nImplements: SRS-1");
  CHECK(rules::judge_commit(policy, facts, source).empty());
  auto removed = facts_for(policy, "Short\n\nImplements: SRS-2");
  CHECK(rule_ids(rules::judge_commit(policy, removed, source)) ==
        std::vector<std::string>{"known-id"});
}

TEST_CASE("judge_commit: a merge that [history] merges = \"skip\" leaves out has no problems")
{
  const auto policy = registry_policy("[history]\nmerges = \"skip\"\n");
  CHECK(rules::merge_skipped(policy, true));
  CHECK_FALSE(rules::merge_skipped(policy, false));
  CHECK_FALSE(rules::merge_skipped(registry_policy(), true));
  rules::RegistrySource source;
  source.commit = []() {
    return rules::RegistryRead{nullptr, "broken"};
  };
  auto facts = facts_for(policy, "A subject far too long\n\nImplements: SRS-1");
  facts.merge = true;
  CHECK(rules::judge_commit(policy, facts, source).empty());
  facts.merge = false;
  CHECK(rule_ids(rules::judge_commit(policy, facts, source)) ==
        std::vector<std::string>{"registry", "subject-length"});
}
