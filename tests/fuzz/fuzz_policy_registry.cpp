// libFuzzer target: a policy and a registry loaded together the way `git trail check` loads
// them, then the rules run over commits that use them. The input is split at its first NUL byte
// (TOML text holds none): before it, trail.toml (policy::parse_policy); after it, one registry
// file (registry::load_registry under that policy). Then, as check does per commit, trailers
// are parsed from a few commit messages written with the policy's own trailer keys and the
// registry's own IDs, links extracted (links::extract_links) and every rule evaluated
// (rules::evaluate, rules::in_scope) with the registry attached; kind_of_id and find are called
// for every item. Contract: a diagnostic list, or a PolicyError / UsageError for a malformed
// file; any other exception, a crash or a sanitizer report is a finding.
#include "core/links/links.hpp"
#include "core/message/trailers.hpp"
#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"
#include "core/rules/rules.hpp"
#include "core/util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace trail;

// Runs the rules over a commit with MESSAGE changing PATHS on BRANCH.
void evaluate(const policy::Policy& policy,
              const registry::Registry* items,
              const std::string& message,
              const std::vector<std::string>& paths,
              const std::string& branch)
{
  rules::CommitFacts facts;
  facts.id = "0123456789abcdef0123456789abcdef01234567";
  facts.message = message;
  facts.trailers = message::parse_trailers(message);
  facts.links = links::extract_links(policy, facts.trailers);
  facts.changed_paths = paths;
  facts.branch = branch;
  facts.author_name = "Ada Author";
  facts.author_email = "ada@example.com";
  facts.registry = items;
  facts.parent_registry = items;
  for (const auto& rule : policy.rules) {
    (void)rules::in_scope(rule, facts);
  }
  (void)rules::squashed_later(policy, facts);
  for (const auto& diagnostic : rules::evaluate(policy, facts)) {
    (void)diagnostic;
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view policy_text = input.substr(0, nul);
  try {
    const policy::Policy policy = policy::parse_policy(policy_text, "trail.toml");
    std::optional<registry::Registry> loaded;
    if (nul != std::string_view::npos) {
      const std::vector<registry::SourceFile> files = {
          {"docs/items.toml", std::string(input.substr(nul + 1))}};
      loaded = registry::load_registry(policy, files);
      for (const auto& item : loaded->items) {
        (void)loaded->find(item.id);
        (void)registry::kind_of_id(policy, item.id);
      }
    }
    // Messages in the policy's own terms: every configured trailer key with an ID of the
    // registry (or of no item), plus an unconfigured key, a revert line and an autosquash.
    std::string first_id = "SRS-1";
    std::string last_id = "X-1";
    // (Bounded, so the messages stay small whatever the input: the harness must not be what
    // grows with the square of the input.)
    if (loaded && !loaded->items.empty()) {
      first_id = loaded->items.front().id.substr(0, 64);
      last_id = loaded->items.back().id.substr(0, 64);
    }
    std::string trailers;
    for (size_t i = 0; i < policy.trailers.size() && i < 64; ++i) {
      const auto& spec = policy.trailers[i];
      trailers += spec.key.substr(0, 64) + ": " + first_id + ", " + last_id + "\n";
      if (!spec.values.empty()) {
        trailers += spec.key.substr(0, 64) + ": " + spec.values.front().substr(0, 64) + "\n";
      }
    }
    const std::vector<std::string> paths = {"src/dosing/limit.c", "docs/items.toml", "README"};
    evaluate(policy,
             loaded ? &*loaded : nullptr,
             "Lower the dose limit\n\nBody text.\n\n" + trailers + "Refs: " + first_id + "\n",
             paths,
             "main");
    evaluate(policy,
             loaded ? &*loaded : nullptr,
             "fixup! Lower the dose limit\n\nThis reverts commit "
             "0123456789abcdef0123456789abcdef01234567.\n\n" +
                 trailers,
             {},
             "feature/x");
    evaluate(policy, loaded ? &*loaded : nullptr, "x", paths, "");
  } catch (const UsageError&) {
    // a clear error (PolicyError is one) is the expected outcome for most inputs
  }
  return 0;
}
