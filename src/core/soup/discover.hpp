#pragma once

// SOUP discovery (docs/soup.md): every third-party component a tree declares, pins or holds,
// read from the tree of a revision through the git layer, without building, executing or
// fetching anything.

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/soup/component.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::soup {

// What discovery found at one revision.
struct Discovery
{
  // Every component, ordered by (where.file, where.line, name).
  std::vector<Component> components;
  // What could not be read: "FILE:LINE: what" for a manifest that is not what its name says
  // (malformed JSON, an unterminated block). Discovery goes on past them; callers fail closed
  // when this is not empty (the list may be incomplete).
  std::vector<std::string> problems;
};

// Returns the components of the tree of COMMIT: submodules, the manifest and lock files of
// the known formats anywhere in the tree, and the vendored directories SETTINGS names, except
// under SETTINGS.ignore.
Discovery
discover(const git::Repository& repo, const std::string& commit, const policy::Soup& settings);

// One [submodule "name"] section of .gitmodules.
struct Submodule
{
  std::string name;
  std::string path;
  std::string url;
  int line = 0; // of the section header
};

// Reads .gitmodules (git's config syntax: sections, `key = value`, comments): path and url
// per submodule.
std::vector<Submodule> parse_gitmodules(std::string_view text);

// Returns the components the manifest file PATH with CONTENT declares, read by the reader of
// its format (none for a file no reader knows); what cannot be read is left out. For
// re-reading one file at older revisions (pinning's history of a pin).
// COMPANION is the content of the file companion_of(PATH) names, when there is one.
std::vector<Component> read_manifest(const std::string& path,
                                     const std::string& content,
                                     const std::optional<std::string>& companion = std::nullopt);

// The file read together with the manifest PATH, from the same folder (vcpkg.json:
// vcpkg-configuration.json; west.yml: west-resolved.yml), or empty when PATH is read alone.
std::string companion_of(std::string_view path);

} // namespace trail::soup
