#include "core/change/changes.hpp"

#include "core/message/cleanup.hpp"
#include "core/message/trailers.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

#include <re2/re2.h>

namespace trail::change {

Change read_change(const policy::Policy& policy,
                   const workspace::MessageSettings& settings,
                   const git::CommitInfo& commit)
{
  static const re2::RE2 reverts_re(R"((?m)^This reverts commit ([0-9a-f]{7,64}))");
  static const re2::RE2 picked_re(R"((?m)^\(cherry picked from commit ([0-9a-f]{7,64})\))");
  Change c;
  c.commit = commit.id;
  c.subject = util::sanitize_utf8(message::subject_line(commit.message));
  c.author = util::sanitize_utf8(commit.author_name);
  c.date = util::iso8601(commit.author_time, commit.author_offset);
  c.author_email = commit.author_email;
  c.author_time = commit.author_time;
  c.merge = commit.parents.size() > 1;
  const auto trailers = message::parse_trailers(commit.message, settings.trailers);
  for (const auto& t : trailers) {
    if (util::iequals(t.key, policy::k_trailer_safety_impact)) {
      c.safety_impact = util::sanitize_utf8(t.value);
    } else if (util::iequals(t.key, policy::k_trailer_safety_rationale)) {
      c.safety_rationale = util::sanitize_utf8(t.value);
    } else if (util::iequals(t.key, policy::k_trailer_soup_change)) {
      c.soup_change = true;
    } else if (const auto* spec = policy.find_trailer(t.key);
               spec != nullptr && spec->role == policy::TrailerRole::approval && !t.value.empty()) {
      c.approval_claims.push_back(util::sanitize_utf8(t.key + ": " + t.value));
    }
  }
  c.links = links::extract_links(policy, trailers).links;
  // Most messages hold neither line: a substring search first spares the regex.
  if (commit.message.find("This reverts commit ") != std::string::npos) {
    re2::RE2::PartialMatch(commit.message, reverts_re, &c.reverts);
  }
  if (commit.message.find("(cherry picked from commit ") != std::string::npos) {
    re2::RE2::PartialMatch(commit.message, picked_re, &c.picked_from);
  }
  return c;
}

Changes read_changes(const git::Repository& repo,
                     const policy::Policy& policy,
                     const workspace::MessageSettings& settings,
                     const Range& range,
                     const std::function<void(size_t)>& on_progress)
{
  Changes out;
  git::WalkSpec spec;
  spec.revisions = {range.to};
  if (range.from) {
    spec.hide = {*range.from};
  }
  const auto walked = repo.walk(spec, [&](const git::CommitInfo& commit) {
    out.changes.push_back(read_change(policy, settings, commit));
    if (on_progress && out.changes.size() % 256 == 0) {
      on_progress(out.changes.size());
    }
    return true;
  });
  out.shallow_boundary = walked.shallow_boundary;
  return out;
}

} // namespace trail::change
