#include "core/policy/policy.hpp"

#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>

namespace trail::policy {

const TrailerSpec* Policy::find_trailer(std::string_view key) const
{
  for (const auto& spec : trailers) {
    if (util::iequals(spec.key, key)) {
      return &spec;
    }
  }
  return nullptr;
}

const Kind* Policy::find_kind(std::string_view name) const
{
  for (const auto& kind : kinds) {
    if (kind.name == name) {
      return &kind;
    }
  }
  return nullptr;
}

std::vector<const Kind*> Policy::kinds_with(KindRole role) const
{
  std::vector<const Kind*> out;
  for (const auto& kind : kinds) {
    if (kind.role == role) {
      out.push_back(&kind);
    }
  }
  return out;
}

bool Kind::is_closed(std::string_view status) const
{
  for (const auto& state : closed_states) {
    if (state == status) {
      return true;
    }
  }
  return false;
}

bool Kind::is_draft(std::string_view status) const
{
  return std::find(draft_states.begin(), draft_states.end(), status) != draft_states.end();
}

bool Kind::is_deferred(std::string_view status) const
{
  return std::find(deferred_states.begin(), deferred_states.end(), status) != deferred_states.end();
}

const re2::RE2& release_tag_regex(const Policy& policy)
{
  // The policy's patterns are compiled when it is loaded; only the default is compiled here.
  if (policy.release.tag_pattern) {
    return *policy.release.tag_pattern->regex;
  }
  if (policy.tags.release_pattern) {
    return *policy.tags.release_pattern->regex;
  }
  static const re2::RE2 default_pattern(R"(^v?\d+(\.\d+)+([-+.][0-9A-Za-z.+-]*)?$)");
  return default_pattern;
}

bool is_release_tag(const Policy& policy, std::string_view name)
{
  return re2::RE2::PartialMatch(name, release_tag_regex(policy));
}

} // namespace trail::policy
