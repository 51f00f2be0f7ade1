#pragma once

#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"

#include <string>
#include <vector>

namespace trail::registry {

// A link written in a file: `// verifies: SRS-12` in a test links the test to the item.
struct FileLink
{
  std::string path;
  size_t line = 0;
  std::string relation;
  std::string id;
};

// Returns every glob of POLICY's [[registry.file_links]], to read the files they cover.
std::vector<std::string> file_link_globs(const policy::Policy& policy);

// Scans FILES with POLICY's [[registry.file_links]] rules, every match of every line, in file
// and line order. A relation captured from the text counts only when it is a known relation
// (compared without case).
std::vector<FileLink> scan_file_links(const policy::Policy& policy,
                                      const std::vector<SourceFile>& files);

} // namespace trail::registry
