#include "core/rules/tags.hpp"

namespace trail::rules {

namespace {

Diagnostic tag_problem(const std::string& message, const std::string& hint)
{
  return {std::string(policy::k_rule_tag), "", message, hint, 0};
}

} // namespace

std::vector<Diagnostic> check_tag(const policy::Policy& policy, const TagUpdate& update)
{
  std::vector<Diagnostic> out;
  const auto& rules = policy.tags;
  // The tag rules are configured under [tags] and need its release_pattern (the loader says so).
  if (!rules.release_pattern) {
    return out;
  }
  const bool release = policy::is_release_tag(policy, update.name);
  if (!release) {
    if (rules.only_release && !update.deleted) {
      out.push_back(tag_problem("tag " + update.name + " does not match the release tag pattern '" +
                                    rules.release_pattern->source + "'",
                                "name release tags to match it, and keep other tags local"));
    }
    return out;
  }
  if (update.deleted) {
    out.push_back(tag_problem(
        "release tag " + update.name + " would be deleted; release tags are kept for good",
        "leave the tag in place; record a withdrawn release in the changelog instead"));
    return out;
  }
  if (!update.created) {
    out.push_back(tag_problem("release tag " + update.name +
                                  " already exists and would be moved; release tags never move",
                              "release a new version with a new tag"));
  }
  if (rules.annotated && !update.annotated) {
    out.push_back(
        tag_problem("release tag " + update.name + " is not annotated",
                    "create it with 'git tag -a " + update.name + "' (git trail release does)"));
  }
  if (rules.signed_ && !update.is_signed) {
    out.push_back(tag_problem("release tag " + update.name + " is not signed",
                              "create it with 'git tag -s " + update.name + "'"));
  }
  return out;
}

} // namespace trail::rules
