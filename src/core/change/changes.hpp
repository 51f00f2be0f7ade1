#pragma once

#include "core/git/repository.hpp"
#include "core/links/links.hpp"
#include "core/policy/policy.hpp"
#include "core/workspace/workspace.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trail::change {

// Written wherever a record has no data: never invented, always said.
inline constexpr const char* k_unknown = "unknown";

// One commit of a range, as the release manifest, the changelog and the reports read it.
struct Change
{
  std::string commit;
  std::string subject; // the subject line, made valid UTF-8
  std::string author;  // the author's name, made valid UTF-8
  std::string date;    // author date, ISO 8601
  std::string author_email;
  int64_t author_time = 0;
  bool merge = false; // more than one parent
  std::vector<links::Link> links;
  std::string safety_impact;    // the safety-impact trailer (policy::k_trailer_safety_impact)
  std::string safety_rationale; // the safety-rationale trailer
  bool soup_change = false;     // carries a SOUP-change trailer
  std::string reverts;          // the commit it reverts ("This reverts commit X."), or ""
  std::string picked_from;      // "(cherry picked from commit X)", or ""
  // The approval trailers the author wrote ("Reviewed-by: Quinn QA <q@x>"): claims, not
  // evidence (docs/approvals.md); trailers whose key the policy gives role "approval".
  std::vector<std::string> approval_claims;
};

// A range of history: the commits of TO not reachable from FROM, in `git log` order.
struct Range
{
  std::string to;                  // a commit id
  std::optional<std::string> from; // a commit id; none: the whole history (a first release)
};

// The changes of a range.
struct Changes
{
  std::vector<Change> changes; // git log order (newest first)
  // A shallow clone: the range stops at these commits, whose parents are missing.
  std::vector<std::string> shallow_boundary;
};

// Reads one commit into a change record under POLICY's link trailers and SETTINGS' trailer
// separators.
Change read_change(const policy::Policy& policy,
                   const workspace::MessageSettings& settings,
                   const git::CommitInfo& commit);

// Walks RANGE and reads every commit of it. ON_PROGRESS, when set, is called every 256 commits
// with the number read so far.
Changes read_changes(const git::Repository& repo,
                     const policy::Policy& policy,
                     const workspace::MessageSettings& settings,
                     const Range& range,
                     const std::function<void(size_t)>& on_progress = {});

} // namespace trail::change
