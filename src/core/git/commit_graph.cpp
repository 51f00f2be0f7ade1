#include "core/git/commit_graph.hpp"

#include "core/git/objects.hpp"
#include "core/util/digest.hpp"
#include "core/util/strings.hpp"

#include <cstring>
#include <string_view>

namespace trail::git {
namespace {

constexpr size_t k_hash = 20; // SHA-1: libgit2 1.5 reads no other repositories
constexpr size_t k_data_row = k_hash + 16;
constexpr uint32_t k_no_parent = 0x70000000;
constexpr uint32_t k_more_parents = 0x80000000;
// A chain longer than this is not one git writes (it merges layers long before).
constexpr size_t k_max_layers = 512;
// The largest graph file read: 36 bytes per commit of a history far beyond the largest known.
constexpr size_t k_max_graph_bytes = size_t{4} << 30;

uint32_t be32(const unsigned char* p)
{
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

uint64_t be64(const unsigned char* p)
{
  return (uint64_t{be32(p)} << 32) | be32(p + 4);
}

constexpr uint32_t chunk_id(const char (&name)[5])
{
  return (uint32_t(uint8_t(name[0])) << 24) | (uint32_t(uint8_t(name[1])) << 16) |
         (uint32_t(uint8_t(name[2])) << 8) | uint32_t(uint8_t(name[3]));
}

} // namespace

bool CommitGraph::add_layer(util::MappedFile file, size_t expected_bases)
{
  const auto bytes = file.view();
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  constexpr size_t header = 8;
  if (size < header + 12 + k_hash || be32(p) != chunk_id("CGPH") || p[4] != 1 || p[5] != 1 ||
      p[7] != expected_bases) {
    return false;
  }
  const size_t chunks = p[6];
  const size_t end = size - k_hash; // the checksum follows the last chunk
  if (header + (chunks + 1) * 12 > end) {
    return false;
  }
  // Where each chunk git-trail reads lies ({0, 0}: absent); the others (generation data,
  // Bloom filters) are not needed here.
  struct Chunk
  {
    size_t offset = 0;
    size_t size = 0;
  };
  Chunk oidf;
  Chunk oidl;
  Chunk cdat;
  Chunk edge;
  Chunk base;
  for (size_t i = 0; i < chunks; ++i) {
    const unsigned char* entry = p + header + i * 12;
    const uint64_t offset = be64(entry + 4);
    const uint64_t next = be64(entry + 16);
    if (offset < header + (chunks + 1) * 12 || next < offset || next > end) {
      return false;
    }
    Chunk* chunk = nullptr;
    switch (be32(entry)) {
    case chunk_id("OIDF"):
      chunk = &oidf;
      break;
    case chunk_id("OIDL"):
      chunk = &oidl;
      break;
    case chunk_id("CDAT"):
      chunk = &cdat;
      break;
    case chunk_id("EDGE"):
      chunk = &edge;
      break;
    case chunk_id("BASE"):
      chunk = &base;
      break;
    default:
      break;
    }
    if (chunk != nullptr) {
      *chunk = {static_cast<size_t>(offset), static_cast<size_t>(next - offset)};
    }
  }
  if (oidf.offset == 0 || oidl.offset == 0 || cdat.offset == 0 || oidf.size != 256 * 4) {
    return false;
  }
  Layer layer;
  layer.fanout = p + oidf.offset;
  const uint32_t count = be32(layer.fanout + 255 * 4);
  for (size_t i = 1; i < 256; ++i) {
    if (be32(layer.fanout + i * 4) < be32(layer.fanout + (i - 1) * 4)) {
      return false;
    }
  }
  if (oidl.size != size_t{count} * k_hash || cdat.size != size_t{count} * k_data_row ||
      edge.size % 4 != 0 || base.size != expected_bases * k_hash) {
    return false;
  }
  // A layer's BASE chunk names the layers below it, in the chain's order.
  for (size_t i = 0; i < expected_bases; ++i) {
    const auto* below = m_layers[i].file->view().data() + m_layers[i].file->view().size() - k_hash;
    if (std::memcmp(p + base.offset + i * k_hash, below, k_hash) != 0) {
      return false;
    }
  }
  layer.ids = p + oidl.offset;
  layer.data = p + cdat.offset;
  layer.edges = edge.size > 0 ? p + edge.offset : nullptr;
  layer.edge_count = static_cast<uint32_t>(edge.size / 4);
  layer.count = count;
  layer.base = m_total;
  layer.file = std::make_shared<util::MappedFile>(std::move(file));
  m_layers.push_back(std::move(layer));
  m_total += count;
  return true;
}

std::optional<CommitGraph> CommitGraph::of_file(util::MappedFile file)
{
  CommitGraph graph;
  if (!graph.add_layer(std::move(file), 0)) {
    return std::nullopt;
  }
  return graph;
}

std::optional<CommitGraph> CommitGraph::open(const std::string& objects_dir)
{
  const std::string info = objects_dir + "/info/";
  if (auto file = util::MappedFile::open_if_exists(info + "commit-graph", k_max_graph_bytes)) {
    return of_file(std::move(*file));
  }
  const auto chain = util::read_file_if_exists(info + "commit-graphs/commit-graph-chain");
  if (!chain) {
    return std::nullopt;
  }
  CommitGraph graph;
  for (const auto line : util::split_lines(*chain)) {
    if (line.empty()) {
      continue;
    }
    const auto hash = oid_from_hex(line);
    if (!hash || graph.m_layers.size() >= k_max_layers) {
      return std::nullopt;
    }
    auto file = util::MappedFile::open_if_exists(
        info + "commit-graphs/graph-" + std::string(line) + ".graph", k_max_graph_bytes);
    // A layer is named by its checksum, the file's last bytes.
    if (!file ||
        !file->view().ends_with(
            std::string_view(reinterpret_cast<const char*>(hash->id), k_hash)) ||
        !graph.add_layer(std::move(*file), graph.m_layers.size())) {
      return std::nullopt;
    }
  }
  if (graph.m_layers.empty()) {
    return std::nullopt;
  }
  return graph;
}

std::optional<uint64_t> CommitGraph::position_of(const git_oid& oid) const
{
  for (const auto& layer : m_layers) {
    const unsigned first = oid.id[0];
    uint32_t lo = first == 0 ? 0 : be32(layer.fanout + (first - 1) * 4);
    uint32_t hi = be32(layer.fanout + first * 4);
    if (hi > layer.count || lo > hi) {
      continue;
    }
    while (lo < hi) {
      const uint32_t mid = lo + (hi - lo) / 2;
      const int order = std::memcmp(layer.ids + size_t{mid} * k_hash, oid.id, k_hash);
      if (order == 0) {
        return layer.base + mid;
      }
      if (order < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
  }
  return std::nullopt;
}

const CommitGraph::Layer* CommitGraph::layer_of(uint64_t position) const
{
  for (const auto& layer : m_layers) {
    if (position >= layer.base && position < layer.base + layer.count) {
      return &layer;
    }
  }
  return nullptr;
}

const git_oid* CommitGraph::id_at(uint64_t position) const
{
  const Layer* layer = layer_of(position);
  return layer == nullptr
             ? nullptr
             : reinterpret_cast<const git_oid*>(layer->ids + (position - layer->base) * k_hash);
}

std::optional<CommitGraph::Commit> CommitGraph::lookup(const git_oid& oid) const
{
  const auto position = position_of(oid);
  if (!position) {
    return std::nullopt;
  }
  const Layer* layer = layer_of(*position);
  if (layer == nullptr) {
    return std::nullopt;
  }
  const unsigned char* row = layer->data + (*position - layer->base) * k_data_row;
  Commit out;
  out.time = static_cast<int64_t>((uint64_t{be32(row + k_hash + 8) & 0x3} << 32) |
                                  be32(row + k_hash + 12));
  // A parent must come from this layer or one below it.
  const uint64_t limit = layer->base + layer->count;
  auto add = [&](uint32_t parent) {
    const git_oid* id = parent < limit ? id_at(parent) : nullptr;
    if (id) {
      out.parents.push_back(*id);
    }
    return id != nullptr;
  };
  const uint32_t first = be32(row + k_hash);
  const uint32_t second = be32(row + k_hash + 4);
  if (first == k_no_parent) {
    return second == k_no_parent ? std::optional<Commit>(out) : std::nullopt;
  }
  if (!add(first)) {
    return std::nullopt;
  }
  if (second == k_no_parent) {
    return out;
  }
  if ((second & k_more_parents) == 0) {
    return add(second) ? std::optional<Commit>(out) : std::nullopt;
  }
  // An octopus merge: its other parents are in the layer's EDGE list, the last one marked.
  for (uint32_t at = second & ~k_more_parents;; ++at) {
    if (layer->edges == nullptr || at >= layer->edge_count) {
      return std::nullopt;
    }
    const uint32_t value = be32(layer->edges + size_t{at} * 4);
    if (!add(value & ~k_more_parents)) {
      return std::nullopt;
    }
    if ((value & k_more_parents) != 0) {
      return out;
    }
  }
}

void CommitGraph::check_in_background() const
{
  if (m_check) {
    return;
  }
  m_check = std::make_unique<Check>();
  std::vector<std::shared_ptr<util::MappedFile>> files;
  for (const auto& layer : m_layers) {
    files.push_back(layer.file);
  }
  Check* check = m_check.get();
  check->thread = std::jthread([check, files = std::move(files)](std::stop_token stop) {
    try {
      for (const auto& file : files) {
        const auto bytes = file->view();
        const auto sum = util::sha1_of(bytes.substr(0, bytes.size() - k_hash), stop);
        if (!sum || std::memcmp(sum->data(), bytes.data() + bytes.size() - k_hash, k_hash) != 0) {
          return;
        }
      }
      check->intact = true;
    } catch (const std::exception&) {
      // Not checked is not intact.
    }
  });
}

bool CommitGraph::intact() const
{
  check_in_background();
  if (m_check->thread.joinable()) {
    m_check->thread.join();
  }
  return m_check->intact;
}

} // namespace trail::git
