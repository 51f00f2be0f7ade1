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
  const auto& entries = index->entries();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].path.empty() || entries[i].stage > 3 ||
        (i > 0 &&
         (entries[i - 1].path > entries[i].path ||
          (entries[i - 1].path == entries[i].path && entries[i - 1].stage >= entries[i].stage)))) {
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
