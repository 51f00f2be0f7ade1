// git's index file, read as it is (index_file.hpp): the entries and the cache tree.
// The format: gitformat-index(5).

#include "core/git/index_file.hpp"

#include <algorithm>
#include <cstring>

namespace trail::git {

namespace {

constexpr size_t header_size = 12;
constexpr size_t checksum_size = 20;
// ctime, mtime (8 bytes each), dev, ino, mode, uid, gid, size (4 each), the id, the flags.
constexpr size_t entry_fixed_size = 62;
constexpr size_t mode_offset = 24;
constexpr size_t oid_offset = 40;
constexpr size_t flags_offset = 60;
constexpr uint16_t flag_extended = 0x4000;
constexpr unsigned stage_shift = 12;
// Deeper than any path git accepts (its limit is 4,096 bytes of path); a cache tree nested
// deeper is damaged, and the limit keeps a damaged one from exhausting the stack.
constexpr size_t max_cache_tree_depth = 4096;

uint32_t be32(const char* p)
{
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

uint16_t be16(const char* p)
{
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>((u[0] << 8) | u[1]);
}

RawOid oid_at(const char* p)
{
  RawOid oid;
  std::memcpy(oid.data(), p, oid.size());
  return oid;
}

// A regular file, a symbolic link or a submodule: what a version 2-4 index holds without a
// sparse checkout.
bool entry_mode(uint32_t mode)
{
  return mode == 0100644 || mode == 0100755 || mode == 0120000 || mode == 0160000;
}

// git's offset encoding of version 4's "bytes to remove from the previous path" (varint.c):
// each continuation adds one before shifting, so every value has one encoding.
std::optional<size_t> read_varint(std::string_view bytes, size_t& pos)
{
  if (pos >= bytes.size()) {
    return std::nullopt;
  }
  auto c = static_cast<unsigned char>(bytes[pos++]);
  uint64_t value = c & 127U;
  while ((c & 128U) != 0) {
    if (pos >= bytes.size() || value >= (uint64_t{1} << 48)) {
      return std::nullopt;
    }
    c = static_cast<unsigned char>(bytes[pos++]);
    value = ((value + 1) << 7) | (c & 127U);
  }
  return static_cast<size_t>(value);
}

// Reads a decimal number of the TREE extension (entry_count may be -1) ending at STOP.
std::optional<long> read_decimal(std::string_view data, size_t& pos, char stop)
{
  bool negative = false;
  if (pos < data.size() && data[pos] == '-') {
    negative = true;
    ++pos;
  }
  long value = 0;
  size_t digits = 0;
  while (pos < data.size() && data[pos] >= '0' && data[pos] <= '9') {
    if (++digits > 9) {
      return std::nullopt;
    }
    value = value * 10 + (data[pos++] - '0');
  }
  if (digits == 0 || pos >= data.size() || data[pos] != stop) {
    return std::nullopt;
  }
  ++pos;
  return negative ? -value : value;
}

class CacheTreeReader
{
public:
  CacheTreeReader(std::string_view data, std::vector<CacheTreeNode>& nodes)
      : m_data(data), m_nodes(nodes)
  {
  }

  // Reads the node at the current position and its subtrees; returns false on damage.
  bool read(size_t depth)
  {
    if (depth > max_cache_tree_depth) {
      return false;
    }
    const size_t name_end = m_data.find('\0', m_pos);
    if (name_end == std::string_view::npos) {
      return false;
    }
    CacheTreeNode node;
    node.name = m_data.substr(m_pos, name_end - m_pos);
    m_pos = name_end + 1;
    // The root is unnamed; every other node is one path component.
    if ((depth == 0) != node.name.empty() || node.name.find('/') != std::string_view::npos) {
      return false;
    }
    const auto entries = read_decimal(m_data, m_pos, ' ');
    const auto subtrees = read_decimal(m_data, m_pos, '\n');
    if (!entries || !subtrees || *entries < -1 || *subtrees < 0) {
      return false;
    }
    node.entry_count = static_cast<int>(*entries);
    if (node.entry_count >= 0) {
      if (m_data.size() - m_pos < node.oid.size()) {
        return false;
      }
      node.oid = oid_at(m_data.data() + m_pos);
      m_pos += node.oid.size();
    }
    const size_t index = m_nodes.size();
    m_nodes.push_back(std::move(node));
    std::vector<size_t> children;
    for (long i = 0; i < *subtrees; ++i) {
      children.push_back(m_nodes.size());
      if (!read(depth + 1)) {
        return false;
      }
    }
    std::sort(children.begin(), children.end(), [&](size_t a, size_t b) {
      return m_nodes[a].name < m_nodes[b].name;
    });
    const auto same_name = [&](size_t a, size_t b) {
      return m_nodes[a].name == m_nodes[b].name;
    };
    if (std::adjacent_find(children.begin(), children.end(), same_name) != children.end()) {
      return false; // two subtrees of one name: not a tree git wrote
    }
    m_nodes[index].children = std::move(children);
    return true;
  }

  bool at_end() const
  {
    return m_pos == m_data.size();
  }

private:
  std::string_view m_data;
  size_t m_pos = 0;
  std::vector<CacheTreeNode>& m_nodes;
};

} // namespace

std::optional<IndexFile> IndexFile::parse(util::MappedFile content)
{
  IndexFile index;
  index.m_bytes = std::move(content);
  index.m_paths = std::make_unique<std::string>();
  const std::string_view bytes = index.m_bytes.view();
  // Offsets are 32-bit: a larger index is left to libgit2.
  if (bytes.size() < header_size + checksum_size || bytes.size() > UINT32_MAX ||
      bytes.substr(0, 4) != "DIRC") {
    return std::nullopt;
  }
  const uint32_t version = be32(bytes.data() + 4);
  const uint32_t count = be32(bytes.data() + 8);
  if (version < 2 || version > 4) {
    return std::nullopt;
  }
  index.m_version = version;
  const size_t end = bytes.size() - checksum_size;
  // Every entry takes at least entry_fixed_size + 1 bytes: refuse a count the file cannot
  // hold before reserving room for it.
  if (count > (end - header_size) / (entry_fixed_size + 1)) {
    return std::nullopt;
  }
  index.m_slots.reserve(count);
  std::string previous; // version 4: the path of the entry before
  size_t pos = header_size;
  for (uint32_t i = 0; i < count; ++i) {
    if (end - pos < entry_fixed_size) {
      return std::nullopt;
    }
    const char* entry = bytes.data() + pos;
    const uint16_t flags = be16(entry + flags_offset);
    if ((flags & flag_extended) != 0 || !entry_mode(be32(entry + mode_offset))) {
      return std::nullopt;
    }
    Slot slot{static_cast<uint32_t>(pos), 0, 0};
    size_t name_pos = pos + entry_fixed_size;
    std::string_view path;
    if (version == 4) {
      const auto strip = read_varint(bytes.substr(0, end), name_pos);
      const size_t name_end = bytes.find('\0', name_pos);
      if (!strip || *strip > previous.size() || name_end == std::string_view::npos ||
          name_end >= end) {
        return std::nullopt;
      }
      previous.resize(previous.size() - *strip);
      previous.append(bytes.substr(name_pos, name_end - name_pos));
      if (index.m_paths->size() + previous.size() > UINT32_MAX) {
        return std::nullopt;
      }
      slot.path_pos = static_cast<uint32_t>(index.m_paths->size());
      index.m_paths->append(previous);
      path = previous;
      pos = name_end + 1;
    } else {
      const size_t name_end = bytes.find('\0', name_pos);
      if (name_end == std::string_view::npos || name_end >= end) {
        return std::nullopt;
      }
      path = bytes.substr(name_pos, name_end - name_pos);
      slot.path_pos = static_cast<uint32_t>(name_pos);
      // The entry is padded with one to eight NULs to a multiple of eight bytes.
      const size_t size = (entry_fixed_size + path.size() + 8) & ~size_t{7};
      if (size > end - pos) {
        return std::nullopt;
      }
      pos += size;
    }
    slot.path_length = static_cast<uint32_t>(path.size());
    index.m_slots.push_back(slot);
    // Entries must be in git's order (by path, then stage), with a path; a comparison that
    // relies on the order must not run on an index that breaks it.
    if (path.empty() ||
        (i > 0 && (index.path(i - 1) > index.path(i) ||
                   (index.path(i - 1) == index.path(i) && index.stage(i - 1) >= index.stage(i))))) {
      return std::nullopt;
    }
  }
  while (pos < end) {
    if (end - pos < 8) {
      return std::nullopt;
    }
    const std::string_view signature = bytes.substr(pos, 4);
    const uint32_t size = be32(bytes.data() + pos + 4);
    pos += 8;
    if (size > end - pos) {
      return std::nullopt;
    }
    const std::string_view data = bytes.substr(pos, size);
    pos += size;
    if (signature == "TREE") {
      if (!index.m_cache.empty()) {
        return std::nullopt;
      }
      CacheTreeReader reader(data, index.m_cache);
      if (!data.empty() && (!reader.read(0) || !reader.at_end())) {
        return std::nullopt;
      }
    } else if (signature[0] < 'A' || signature[0] > 'Z') {
      // git's rule: an extension whose signature starts with anything but an upper-case
      // letter changes what the entries mean (split index, sparse directories).
      return std::nullopt;
    }
  }
  return index;
}

IndexEntry IndexFile::entry(size_t i) const
{
  const char* fixed = m_bytes.view().data() + m_slots[i].pos;
  IndexEntry e;
  e.path = path(i);
  e.oid = oid_at(fixed + oid_offset);
  e.mode = be32(fixed + mode_offset);
  e.stage = (be16(fixed + flags_offset) >> stage_shift) & 3U;
  return e;
}

unsigned IndexFile::stage(size_t i) const
{
  return (be16(m_bytes.view().data() + m_slots[i].pos + flags_offset) >> stage_shift) & 3U;
}

const CacheTreeNode* IndexFile::cache_child(const CacheTreeNode& node, std::string_view name) const
{
  const auto it = std::lower_bound(
      node.children.begin(), node.children.end(), name, [&](size_t child, std::string_view n) {
        return m_cache[child].name < n;
      });
  if (it == node.children.end() || m_cache[*it].name != name) {
    return nullptr;
  }
  return &m_cache[*it];
}

} // namespace trail::git
