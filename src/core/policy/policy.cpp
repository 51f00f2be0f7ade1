#include "core/policy/policy.hpp"

#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <tuple>

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

std::string Kind::item_url(std::string_view id) const
{
  if (url.empty()) {
    return {};
  }
  // The ID as one path segment or query value: unreserved characters as they are, every other
  // byte percent-encoded (an ID never ends a URL's path early or starts a query).
  std::string encoded;
  constexpr char k_hex[] = "0123456789ABCDEF";
  for (const char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      encoded += ch;
    } else {
      encoded += '%';
      encoded += k_hex[c >> 4];
      encoded += k_hex[c & 15];
    }
  }
  std::string out;
  std::string_view rest = url;
  for (size_t at = rest.find("{id}"); at != std::string_view::npos; at = rest.find("{id}")) {
    out += rest.substr(0, at);
    out += encoded;
    rest.remove_prefix(at + 4);
  }
  return out + std::string(rest);
}

std::string Policy::item_url(std::string_view kind, std::string_view id) const
{
  const Kind* k = find_kind(kind);
  return k != nullptr ? k->item_url(id) : std::string();
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

const Role* Policy::find_role(std::string_view name) const
{
  for (const auto& role : roles) {
    if (role.name == name) {
      return &role;
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

bool Kind::is_approved(std::string_view status) const
{
  return std::find(approved_states.begin(), approved_states.end(), status) != approved_states.end();
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

namespace {

// A member as same_members compares it.
std::tuple<std::string, std::string, std::string, std::string, std::string>
member_key(const RoleMember& member)
{
  return {member.name, member.email, member.key, member.openpgp, member.openpgp_key};
}

} // namespace

bool same_members(const Role* a, const Role* b)
{
  auto members = [](const Role* role) {
    std::vector<decltype(member_key(RoleMember{}))> out;
    if (role != nullptr) {
      for (const auto& member : role->members) {
        out.push_back(member_key(member));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  return members(a) == members(b);
}

RolesDiff diff_roles(const Policy& before, const Policy& after)
{
  RolesDiff diff;
  for (const auto& role : before.roles) {
    const Role* now = after.find_role(role.name);
    if (now == nullptr) {
      diff.removed.push_back(role.name);
    } else if (!same_members(&role, now)) {
      diff.changed.push_back(role.name);
    }
  }
  for (const auto& role : after.roles) {
    if (before.find_role(role.name) == nullptr) {
      diff.added.push_back(role.name);
    }
  }
  return diff;
}

} // namespace trail::policy
