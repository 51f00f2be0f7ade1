#include "core/hooks/prepare.hpp"

#include "core/registry/registry.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

namespace trail::hooks {

namespace {

std::string trailer_key_for(const policy::Policy& policy, const policy::Kind& kind)
{
  if (!policy.prepare.trailer.empty()) {
    return policy.prepare.trailer;
  }
  for (const auto& spec : policy.trailers) {
    if (spec.role != policy::TrailerRole::link) {
      continue;
    }
    for (const auto& name : spec.kinds) {
      if (name == kind.name) {
        return spec.key;
      }
    }
  }
  return {};
}

bool is_comment(std::string_view line, char comment_char)
{
  return !line.empty() && line.front() == comment_char;
}

} // namespace

std::optional<std::string> branch_link_trailer(const policy::Policy& policy,
                                               const std::string& branch)
{
  const auto& prepare = policy.prepare;
  if (!prepare.link_from_branch || !prepare.branch_pattern) {
    return std::nullopt;
  }
  std::string id;
  if (!re2::RE2::PartialMatch(branch, *prepare.branch_pattern->regex, &id) || id.empty()) {
    return std::nullopt;
  }
  const auto* kind = registry::kind_of_id(policy, id);
  if (!kind) {
    return std::nullopt;
  }
  const std::string key = trailer_key_for(policy, *kind);
  if (key.empty()) {
    return std::nullopt;
  }
  return key + ": " + id;
}

std::string add_trailer(const std::string& message,
                        const std::string& trailer,
                        const message::TrailerOptions& options)
{
  // Split the file into the message proper and git's trailing block of comment lines.
  const auto lines = util::split_lines(message);
  size_t body_end = lines.size();
  while (body_end > 0 && (is_comment(lines[body_end - 1], options.comment_char) ||
                          util::trim(lines[body_end - 1]).empty())) {
    --body_end;
  }
  std::string body;
  for (size_t i = 0; i < body_end; ++i) {
    body.append(lines[i]).push_back('\n');
  }
  for (const auto& existing : message::parse_trailers(body, options)) {
    if (util::iequals(existing.key + ": " + existing.value, trailer)) {
      return message;
    }
  }
  std::string out;
  if (body.empty()) {
    out = "\n\n" + trailer + "\n";
  } else if (!message::parse_trailers(body, options).empty()) {
    out = body + trailer + "\n";
  } else {
    out = body + "\n" + trailer + "\n";
  }
  std::string rest;
  for (size_t i = body_end; i < lines.size(); ++i) {
    rest.append(lines[i]).push_back('\n');
  }
  if (!rest.empty() && rest.front() != '\n') {
    out += "\n";
  }
  return out + rest;
}

} // namespace trail::hooks
