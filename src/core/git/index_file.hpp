#pragma once

// git-trail's own reader of git's index file (private to the git layer; no libgit2 inside, so
// it can be fuzzed on bytes).
//
// The commit-msg hook asks which paths the commit being made changes: the index against
// HEAD's tree. libgit2 1.5.1 reads the whole index into its own structures for that (it
// hashes the whole file with SHA-1, validates every path, builds a map of every entry) and
// then compares every file of HEAD's tree; in a repository of 5,000 files that is most of
// the hook's time. git reads the index as it is and uses its cache-tree extension (TREE):
// for each directory whose tree id the index still knows, the directory is unchanged if
// HEAD has the same tree there. This reader gives the entries and that cache tree, and
// nothing else; anything it does not understand makes it decline (nullopt), and the caller
// then asks libgit2, which reports a damaged index properly.

#include "core/util/file.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::git {

using RawOid = std::array<unsigned char, 20>;

// One entry, decoded (IndexFile::entry).
struct IndexEntry
{
  std::string_view path; // into the IndexFile's mapped file (versions 2, 3) or its
                         // decompressed paths (version 4)
  RawOid oid{};
  uint32_t mode = 0;
  unsigned stage = 0;
};

// One directory of the cache tree. ENTRY_COUNT is -1 when the directory changed since the
// tree id was computed (git invalidates it on every change below it); OID is then unset.
struct CacheTreeNode
{
  std::string_view name; // one path component; empty for the root
  int entry_count = -1;
  RawOid oid{};
  std::vector<size_t> children; // indexes into IndexFile::cache_tree(), sorted by name
};

class IndexFile
{
public:
  // Parses BYTES, the whole content of an index file. Returns nullopt when the file is not
  // one this reader fully understands: a version other than 2, 3 or 4, extended entry flags
  // (intent-to-add, skip-worktree: sparse checkouts), a split index (`link`), sparse
  // directory entries (`sdir`), any other extension git requires readers to understand (its
  // signature starts with a lower-case letter), or any size or offset that does not add up.
  // The trailing checksum is not verified, as git itself does not on a normal read.
  static std::optional<IndexFile> parse(util::MappedFile bytes);
  static std::optional<IndexFile> parse(std::string bytes)
  {
    return parse(util::MappedFile::of(std::move(bytes)));
  }

  // The entries in index order (by path, then stage): how many, the Ith decoded, and its
  // path and stage alone. Each entry is kept as three offsets into the file (12 bytes), so a
  // 100,000-file index costs 1.2 MB besides its mapping, not 4.8 MB of decoded entries.
  size_t size() const
  {
    return m_slots.size();
  }
  IndexEntry entry(size_t i) const;
  std::string_view path(size_t i) const
  {
    const Slot& slot = m_slots[i];
    return (m_version == 4 ? std::string_view(*m_paths) : m_bytes.view())
        .substr(slot.path_pos, slot.path_length);
  }
  unsigned stage(size_t i) const;
  // The cache tree, root first (empty when the index has no TREE extension).
  const std::vector<CacheTreeNode>& cache_tree() const
  {
    return m_cache;
  }
  // Returns the child of NODE named NAME, or nullptr.
  const CacheTreeNode* cache_child(const CacheTreeNode& node, std::string_view name) const;

  IndexFile(IndexFile&&) noexcept = default;
  IndexFile& operator=(IndexFile&&) noexcept = default;
  IndexFile(const IndexFile&) = delete;
  IndexFile& operator=(const IndexFile&) = delete;
  ~IndexFile() = default;

private:
  IndexFile() = default;
  // Held by pointer, so that the views into them survive a move of the IndexFile.
  util::MappedFile m_bytes = util::MappedFile::of({});
  std::unique_ptr<std::string> m_paths; // version 4: every path, decompressed
  struct Slot
  {
    uint32_t pos;      // the entry in the file
    uint32_t path_pos; // its path in the file, or in m_paths (version 4)
    uint32_t path_length;
  };
  uint32_t m_version = 0;
  std::vector<Slot> m_slots;
  std::vector<CacheTreeNode> m_cache;
};

} // namespace trail::git
