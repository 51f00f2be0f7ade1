// libFuzzer target: git::IndexFile::parse, git-trail's own reader of git's index (what the
// commit-msg hook reads at every commit). Contract: any bytes give nullopt (declined: libgit2
// then reads the file) or entries in git's order with non-empty paths, and a cache tree whose
// every child is found by name; never a read outside the input (ASan).
#include "core/git/index_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto index =
      trail::git::IndexFile::parse(std::string(reinterpret_cast<const char*>(data), size));
  if (!index) {
    return 0;
  }
  for (size_t i = 0; i < index->size(); ++i) {
    const auto entry = index->entry(i);
    if (entry.path.empty() || entry.path != index->path(i) || entry.stage != index->stage(i) ||
        entry.stage > 3 ||
        (i > 0 && (index->path(i - 1) > entry.path ||
                   (index->path(i - 1) == entry.path && index->stage(i - 1) >= entry.stage)))) {
      std::abort();
    }
  }
  for (const auto& node : index->cache_tree()) {
    for (const size_t child : node.children) {
      const auto& named = index->cache_tree().at(child);
      if (index->cache_child(node, named.name) != &named) {
        std::abort();
      }
    }
  }
  return 0;
}
