#pragma once

// The SOUP of two revisions compared (`git trail soup diff A..B`; docs/soup.md): each
// component added, removed, upgraded, downgraded or re-pinned, with the SOUP record that
// covers it at each end.

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"
#include "core/soup/diff.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::release {

// What a SOUP record said at one end, for a component that changed.
struct RecordAt
{
  std::string id;
  std::string title;
  std::string version;
  std::string anomaly_review; // YYYY-MM-DD, or empty: never reviewed
  std::string support;        // maintained, not-maintained, abandoned, or empty: unknown
  std::string end_of_support;
  std::string not_soup; // the reason, when the record says it is not SOUP
};

struct SoupDiffEntry
{
  soup::ComponentChange change;
  std::optional<RecordAt> record_before; // the record covering it at A, if any
  std::optional<RecordAt> record_after;  // at B
};

// One end of the comparison.
struct SoupEnd
{
  std::string rev;    // as given
  std::string commit; // resolved; empty: the start of history (no component)
  const policy::Policy* policy = nullptr;
  const std::optional<registry::Registry>* registry = nullptr;
};

struct SoupDiff
{
  std::string from, to;               // commits
  std::vector<SoupDiffEntry> entries; // soup::diff_components order
  // What discovery could not read at either end ("A: FILE:LINE: what"): the comparison may be
  // incomplete.
  std::vector<std::string> problems;
};

// Compares the SOUP discovered at FROM and TO (each under its own policy and registry).
SoupDiff soup_diff(const git::Repository& repo, const SoupEnd& from, const SoupEnd& to);

} // namespace trail::release
