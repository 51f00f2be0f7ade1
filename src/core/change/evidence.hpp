#pragma once

#include "core/git/repository.hpp"
#include "core/results/junit.hpp"

#include <cstddef>
#include <string>

namespace trail::change {

// One results report given as verification evidence for a release.
struct Evidence
{
  std::string file;   // as given
  std::string sha256; // of the file's bytes
  // The tree it says it was produced for (git-trail.tree, else the tree of git-trail.commit),
  // or "unknown".
  std::string tree;
  bool bound = false; // tree equals the released tree
  size_t tests = 0, passed = 0, failed = 0, skipped = 0;
};

// Reads the JUnit report at PATH, given as evidence for a release of TREE: the digest of its
// bytes (read once: the digest is of what was parsed), the tree it names, whether that is TREE,
// and its counts. Throws UsageError as results::read_junit does. When PARSED is given, it
// receives the report as parsed from those same bytes (for the trace: one read per file).
Evidence read_evidence(const git::Repository& repo,
                       const std::string& path,
                       const std::string& tree,
                       results::Report* parsed = nullptr);

} // namespace trail::change
