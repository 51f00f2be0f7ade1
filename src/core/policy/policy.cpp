#include "core/policy/policy.hpp"

#include "core/util/strings.hpp"

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

} // namespace trail::policy
