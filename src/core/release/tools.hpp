#pragma once

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"

#include <string>
#include <vector>

namespace trail::release {

// A tool of the build environment as a record names it (IEC 62304 5.1.4, 8.1.1): what
// [[release.tools]] declares, with its digest filled in.
struct ToolRecord
{
  std::string name;
  std::string version; // empty: not declared
  // SHA-256 as 64 lowercase hex digits: the declared `digest` without its "sha256:" prefix, or
  // computed from the blob of `path` at the revision; empty: none declared.
  std::string sha256;
  // Where sha256 comes from: "declared", "path" (the blob at the revision), or "" (none).
  std::string digest_source;
  std::string path;    // a file in the repository; empty: none
  std::string command; // recorded, never run; empty: none
  std::string purpose; // empty: none
};

// Returns the tools POLICY declares ([[release.tools]], in file order) at commit REV of REPO,
// with their digests filled: the declared one, or the SHA-256 of the `path` blob at REV.
// Throws UsageError (exit 2) naming the tool's place in trail.toml when its path is not a file
// at REV, or when a declared digest differs from the one of its path.
std::vector<ToolRecord>
declared_tools(const policy::Policy& policy, const git::Repository& repo, const std::string& rev);

// Returns git-trail itself as a tool: its version and the SHA-256 of the running executable
// (sha256 empty and digest_source "" when the executable cannot be read). Not written into
// manifests (it would change every manifest's bytes with each build); the audit lists it.
ToolRecord git_trail_tool();

} // namespace trail::release
