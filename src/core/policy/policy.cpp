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

} // namespace trail::policy
