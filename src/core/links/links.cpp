#include "core/links/links.hpp"

#include "core/util/strings.hpp"

#include <re2/re2.h>

namespace trail::links {

namespace {

// Returns the ID that TOKEN denotes under KIND, or "" when it is not such an ID.
std::string match_id(const policy::Kind& kind, std::string_view token)
{
  const re2::RE2& regex = *kind.pattern.regex;
  if (regex.NumberOfCapturingGroups() >= 1) {
    std::string capture;
    if (re2::RE2::FullMatch(token, regex, &capture)) {
      return capture;
    }
    return {};
  }
  return re2::RE2::FullMatch(token, regex) ? std::string(token) : std::string();
}

std::vector<const policy::Kind*> kinds_for(const policy::Policy& policy,
                                           const policy::TrailerSpec& spec)
{
  std::vector<const policy::Kind*> kinds;
  if (spec.kinds.empty()) {
    for (const auto& kind : policy.kinds) {
      kinds.push_back(&kind);
    }
    return kinds;
  }
  for (const auto& name : spec.kinds) {
    if (const auto* kind = policy.find_kind(name)) {
      kinds.push_back(kind);
    }
  }
  return kinds;
}

void read_token(std::string_view token,
                const message::Trailer& trailer,
                const policy::TrailerSpec& spec,
                const std::vector<const policy::Kind*>& kinds,
                Extraction& out)
{
  for (const auto* kind : kinds) {
    std::string id = match_id(*kind, token);
    if (!id.empty()) {
      out.links.push_back({spec.relation, kind->name, std::move(id), trailer.key, trailer.line});
      return;
    }
  }
  BadId bad{trailer.key, std::string(token), {}, trailer.line};
  for (const auto* kind : kinds) {
    bad.kinds.push_back(kind->name);
  }
  out.bad_ids.push_back(std::move(bad));
}

} // namespace

Extraction extract_links(const policy::Policy& policy,
                         const std::vector<message::Trailer>& trailers)
{
  Extraction out;
  for (const auto& trailer : trailers) {
    const auto* spec = policy.find_trailer(trailer.key);
    if (!spec || spec->role != policy::TrailerRole::link) {
      continue;
    }
    const auto kinds = kinds_for(policy, *spec);
    for (const auto piece : util::split(trailer.value, ',')) {
      const auto token = util::trim(piece);
      if (!token.empty()) {
        read_token(token, trailer, *spec, kinds, out);
      }
    }
  }
  return out;
}

} // namespace trail::links
