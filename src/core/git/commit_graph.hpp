#pragma once

// git's commit-graph file (private to the git layer): each commit's committer date and parents
// without inflating the commit, as git reads them. libgit2 1.5 cannot use the files git 2.36
// and later write (it rejects their generation-data chunks and then reads every commit), so
// git-trail reads them itself, for the commits a walk only passes through: the hidden side of
// a range (history.cpp).
//
// The file's format is git's Documentation/gitformat-commit-graph: a header, a table of chunks,
// the ids in order (OIDF fan-out, OIDL), 36 bytes of data per commit (CDAT: tree, two parent
// positions, generation and date) and the extra parents of octopus merges (EDGE). A split
// graph is a chain of such files (objects/info/commit-graphs/commit-graph-chain), the base
// first; positions count across the layers.
//
// Each file ends with the SHA-1 of its bytes. git does not check it when it reads the graph
// (only `git commit-graph verify` does); git-trail checks it, on another thread while the walk
// starts, before it trusts the graph for commits it does not read itself (intact()).

#include "core/util/file.hpp"

#include <git2/oid.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace trail::git {

class CommitGraph
{
public:
  // Opens the graph under OBJECTS_DIR (objects/info/commit-graph, else the split chain); nullopt
  // when there is none or it is not one git-trail can read in full: a bad signature, version or
  // hash, a chunk outside the file, a missing required chunk, sizes that do not agree. A graph
  // that is read is still checked position by position (lookup).
  static std::optional<CommitGraph> open(const std::string& objects_dir);
  // Reads the bytes of one graph file (tests); nullopt as open.
  static std::optional<CommitGraph> of_file(util::MappedFile file);

  struct Commit
  {
    int64_t time = 0;             // committer date, seconds since the epoch
    std::vector<git_oid> parents; // in order
  };
  // The date and parents of OID; nullopt when the graph does not list it (a commit made after
  // the graph was written) or its entry points outside the graph (read the commit instead).
  std::optional<Commit> lookup(const git_oid& oid) const;

  // Starts checking every file of the graph against the SHA-1 that ends it, on another thread
  // (nothing when already started); intact() takes the answer.
  void check_in_background() const;
  // Whether every file of the graph matches its checksum; waits for the check (starting it
  // when check_in_background() did not). A file that does not is damaged: an entry may
  // still point at valid positions and name the wrong commits.
  bool intact() const;

  // How many commits the graph lists.
  uint64_t size() const
  {
    return m_total;
  }

private:
  struct Layer
  {
    std::shared_ptr<util::MappedFile> file;
    uint64_t base = 0;  // commits in the layers before this one
    uint32_t count = 0; // commits in this layer
    const unsigned char* fanout = nullptr;
    const unsigned char* ids = nullptr;
    const unsigned char* data = nullptr;
    const unsigned char* edges = nullptr;
    uint32_t edge_count = 0;
  };
  // Adds the graph file FILE as the next layer; false when it cannot be read.
  bool add_layer(util::MappedFile file, size_t expected_bases);
  std::optional<uint64_t> position_of(const git_oid& oid) const;
  // The layer that holds POSITION, or null.
  const Layer* layer_of(uint64_t position) const;
  const git_oid* id_at(uint64_t position) const;

  struct Check
  {
    bool intact = false; // written by the thread, read after it is joined
    std::jthread thread; // stopped and joined first when destroyed
  };

  std::vector<Layer> m_layers;
  uint64_t m_total = 0;
  mutable std::unique_ptr<Check> m_check; // null until a check starts
};

} // namespace trail::git
