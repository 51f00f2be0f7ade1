#pragma once

// What discovery finds in a tree: one third-party component, where it was declared and what
// pins it (docs/soup.md). Plain data: no libgit2, no policy.

#include "core/config/location.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace trail::soup {

// The ecosystems discovery reports (Component::ecosystem), in the order docs/soup.md lists them.
inline constexpr std::string_view k_ecosystems[] = {"submodule",
                                                    "cmake",
                                                    "vcpkg",
                                                    "conan",
                                                    "west",
                                                    "platformio",
                                                    "npm",
                                                    "cargo",
                                                    "go",
                                                    "pypi",
                                                    "vendored"};

// One component the tree declares, pins or holds.
struct Component
{
  // Where it was found: "submodule", "cmake", "vcpkg", "conan", "west", "platformio", "npm",
  // "cargo", "go", "pypi" or "vendored".
  std::string ecosystem;
  std::string name;    // as its ecosystem names it ("fmt", "@scope/pkg", "golang.org/x/net")
  std::string version; // the pinned version, tag or commit id; empty when the file pins none
  std::string purl;    // package URL (make_purl); empty when none can be formed
  std::string url;     // where it is fetched from (repository or download URL), when written
  // Where its content lives in the tree: the submodule's or the vendored directory's path;
  // empty for what is fetched at build time.
  std::string path;
  // What fixes its content, as the source gives it: "sha256:HEX" (a URL_HASH, a vendored
  // directory's listing digest), "sha512-BASE64" (npm integrity), "h1:..." (go.sum), the
  // gitlink's commit id for a submodule; empty when nothing does.
  std::string digest;
  config::Location where; // file and line of the declaration
  // The source marks it as needed only to develop or test (npm "dev", a poetry dev group).
  bool development = false;
  // True when the version is a branch or a range rather than one fixed version (a GIT_TAG
  // naming a branch, "^1.2" in a manifest without a lock): the pin can move.
  bool mutable_pin = false;
  // Names (as in `name`) of the components of the same source it depends on, when the
  // source says (lock files).
  std::vector<std::string> depends_on;
};

// True when TEXT is a whole commit id: 40 (SHA-1) or 64 (SHA-256) hex digits. A pin that is
// one cannot move.
bool is_commit_id(std::string_view text);

// Returns the package URL of a component (https://github.com/package-url/purl-spec): TYPE
// ("github", "generic", "npm", ...), NAMESPACE (may be empty), NAME and VERSION (may be empty),
// each percent-encoded as the spec asks.
std::string make_purl(std::string_view type,
                      std::string_view namespace_,
                      std::string_view name,
                      std::string_view version);

// The purl without its version, qualifiers and subpath ("pkg:npm/left-pad@1.3.0" ->
// "pkg:npm/left-pad"), lower-cased where the spec says the type and name are case-insensitive;
// to match a record's purl against a discovered one.
std::string purl_base(std::string_view purl);

} // namespace trail::soup

namespace trail::soup {

// Returns the purl of what a git URL names at VERSION: pkg:github/OWNER/REPO (also
// pkg:gitlab, pkg:bitbucket) for those hosts, else pkg:generic/NAME with the URL as
// `vcs_url` qualifier; empty for an empty URL.
std::string purl_of_url(std::string_view url, std::string_view version);

} // namespace trail::soup

namespace trail::soup {

// A known vulnerability (or anomaly) of a component, from a file the team commits: a
// CycloneDX VEX document or an OSV JSON export (docs/soup.md), with the team's evaluation.
struct Vulnerability
{
  std::string id;                   // "CVE-2024-1234", "GHSA-...", an OSV id
  std::vector<std::string> aliases; // other ids of the same vulnerability
  std::string summary;
  std::string severity;   // as the source rates it ("high", "7.5"); may be empty
  config::Location where; // the file (and line, when known) it was read from
  // The evaluation (CycloneDX VEX analysis): state is one of resolved,
  // resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected; empty when
  // nothing evaluates it. in_triage is not an evaluation.
  std::string state;
  std::string justification; // why not affected (VEX justification)
  std::vector<std::string> responses;
  std::string detail;
  // purls (with version) of the component versions it affects, as the source names them.
  std::vector<std::string> affects;
  // Versions that fix it, as the OSV ranges name them ("fixed" events); empty when unknown.
  std::vector<std::string> fixed;
};

} // namespace trail::soup
