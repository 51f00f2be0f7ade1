#pragma once

// Vendored directories (private to soup/): third-party code copied into the tree.

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/soup/parsers.hpp"

#include <string>
#include <vector>

namespace trail::soup {

// Finds the vendored components among ENTRIES (every blob and gitlink of a tree, in path
// order): each directory matching one of SETTINGS.vendored that holds a LICENSE or COPYING
// file or a known version header is one component (ecosystem "vendored"), with its version
// from the header when one says it, the digest of its files' listing as "sha256:HEX", and
// `where` the licence file or header. A matching directory nothing identifies is one too, by
// its folder ("DIR/" as `where`, no version), when it holds a file outside every identified
// one. Appends them to OUT and returns their directories.
std::vector<std::string> find_vendored(const git::Repository& repo,
                                       const std::vector<git::TreeEntry>& entries,
                                       const policy::Soup& settings,
                                       std::vector<Component>& out,
                                       Problems& problems);

} // namespace trail::soup
