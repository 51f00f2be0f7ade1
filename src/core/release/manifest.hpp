#pragma once

#include "core/change/evidence.hpp"
#include "core/change/identity.hpp"
#include "core/change/problems.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"
#include "core/release/tools.hpp"
#include "core/soup/component.hpp"
#include "core/soup/pinning.hpp"
#include "core/workspace/workspace.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::release {

// Written wherever the manifest has no data: never invented, always said.
inline constexpr const char* k_unknown = change::k_unknown;

// One file of a configuration item at the released revision.
struct ManifestFile
{
  std::string path;
  std::string mode;   // "100644", "100755", "120000" or "160000"
  std::string object; // git object id (blob, or the commit of a submodule)
  std::string sha256; // of the content; empty for a submodule
};

// A file of a configuration item that another, of a stricter class, holds too: the stricter
// class applies to it (classes/classes.hpp).
struct StricterFile
{
  std::string path;
  std::string safety_class;       // the strictest class of the other items that hold it
  std::vector<std::string> items; // those items, in policy order
};

// A configuration item: a named group of paths, identified by its files' ids and a digest.
struct ConfigurationItem
{
  std::string name;
  // The class that applies (classes::decide): its own, unless it is below the system's class
  // without class_rationale (and, class C system, segregation); then the system's.
  std::string safety_class;   // or k_unknown
  std::string declared_class; // its own class when another applies; else empty
  std::string class_rationale;
  std::string segregation;
  std::vector<StricterFile> stricter_files; // path order
  std::vector<std::string> paths;           // the globs that define it
  std::vector<ManifestFile> files;
  // SHA-256 of the `sha256sum`-style listing ("<sha256>  <path>\n", files in path order), so
  // `sha256sum` over an unpacked tree reproduces it.
  std::string digest;
};

// A SOUP item: a registry record (kind with role soup) or a git submodule.
struct SoupItem
{
  std::string id;     // registry ID, or "submodule:<path>"
  std::string source; // "registry" or "submodule"
  std::string title;
  std::string safety_class; // the item's class, else the project's, else k_unknown
  std::string status;
  registry::SoupRecord record;
  std::vector<ManifestFile> files;  // vendored files (registry paths) or the gitlink
  std::string digest;               // as for configuration items; empty without files
  std::string url;                  // submodules: from .gitmodules
  std::string described_by;         // submodules: the registry SOUP item whose paths cover it
  std::vector<std::string> missing; // fields IEC 62304 asks for at this class that are empty
  // What discovery found in the tree that this item is (issue 14, docs/soup.md): for a
  // record, the components it covers; for a component no record covers, that component.
  std::vector<soup::Component> components;
  // Known vulnerabilities of its version, from the committed VEX or OSV files.
  std::vector<soup::Vulnerability> vulnerabilities;
  // What pinning found wrong between its components and the records (soup/pinning.hpp):
  // undeclared, version mismatch, mutable pin, stale review, end of support passed.
  std::vector<soup::PinProblem> pin_problems;
};

// A commit since the previous release.
struct Change
{
  std::string commit;
  std::string subject;
  std::string author;
  std::string date; // author date, ISO 8601
  struct LinkRef
  {
    std::string relation;
    std::string kind;
    std::string id;
  };
  std::vector<LinkRef> links;
  std::string safety_impact; // the Safety-Impact trailer, if any
};

// A problem report at the released revision (change/problems.hpp).
using ProblemReport = change::ProblemReport;

// One results report given as verification evidence (change/evidence.hpp).
using Evidence = change::Evidence;

// A requirement's or a risk control's verification at release.
struct RequirementStatus
{
  std::string id;
  std::string title;
  std::string status;
  std::string safety_class;
  std::string role = "requirement"; // the kind's role: "requirement" or "risk-control"
  // False when its status is one of its kind's deferred_states: declared "not in this release".
  bool in_release = true;
  bool draft = false; // its status is one of its kind's draft_states
  size_t passed = 0, failed = 0, skipped = 0;
  // Commits whose trailers say they verify it (`Verifies:`): claims, never evidence.
  std::vector<std::string> claims;
  std::vector<std::string> gaps; // from the trace: "not verified", "failing verification", ...
};

// A test of the results given that did not pass: the gate explains each failure by an open,
// evaluated problem report or refuses the release, and lists the skipped ones.
struct UnpassedTest
{
  std::string name;    // classname::name
  std::string source;  // the report
  std::string outcome; // "failed", "errored" or "skipped"
  std::string message;
  // The defined items it names: an ID in its name, or a file link (any relation) in its file.
  std::vector<std::string> names;
};

// Everything a release is, as data: what `manifest` prints and `release` stores.
// Identity: product, safety_class, tool_version, policy_source, policy_digest; Revision: the
// released commit, its tree and committer date (change/identity.hpp).
struct Manifest : change::Identity, change::Revision
{
  std::string version;                     // the release name (tag) or k_unknown
  std::optional<std::string> previous_tag; // none for a first release
  std::optional<std::string> previous_commit;
  std::vector<ConfigurationItem> items;
  std::vector<SoupItem> soup;
  // What SOUP discovery could not read ("FILE:LINE: what"): the component list may be
  // incomplete (kept for the gate, not written).
  std::vector<std::string> soup_unread;
  std::vector<Change> changes; // git log order
  // A shallow clone: the changes stop at these commits, whose parents are missing.
  std::vector<std::string> shallow_boundary;
  std::vector<ProblemReport> resolved; // problem reports resolved since the previous release
  std::vector<ProblemReport> residual; // problem reports still open at the revision
  std::vector<Evidence> evidence;
  std::vector<RequirementStatus>
      requirements;                     // with results given: each requirement's verification
  bool verification_assessed = false;   // requirements was filled from results
  std::vector<UnpassedTest> unpassed;   // with results given (kept for the gate, not written)
  std::string build;                    // or k_unknown
  std::vector<std::string> environment; // empty: unknown
  std::vector<ToolRecord> tools;        // [[release.tools]]; written only when declared
};

// What to describe.
struct ManifestOptions
{
  std::string rev = "HEAD";
  std::string version;              // the release name; empty: k_unknown
  std::vector<std::string> results; // JUnit reports given as evidence
  // The previous release: found among release tags that are ancestors of REV unless given.
  std::optional<std::string> previous_tag;
  std::optional<std::string> previous_commit;
  bool find_previous = true; // false with no previous_*: treat as a first release
  std::string exclude_tag;   // never take this tag as the previous release
};

// Returns (tag, commit) of the newest release tag reachable from REV, other than EXCLUDE and
// other than tags on REV itself.
std::optional<std::pair<std::string, std::string>>
find_previous_release(const git::Repository& repo,
                      const policy::Policy& policy,
                      const std::string& rev,
                      const std::string& exclude);

// The options `git trail release VERSION` builds its manifest with, at COMMIT with the JUnit
// reports RESULTS: the manifest the release gate judges, the tag carries and an approval of the
// release binds (docs/approvals.md).
ManifestOptions release_manifest_options(const std::string& commit,
                                         const std::string& version,
                                         const std::vector<std::string>& results);

// Builds the manifest of OPTIONS.rev. Deterministic: the same revision, policy and inputs give
// the same manifest.
Manifest build_manifest(const git::Repository& repo,
                        const policy::Policy& policy,
                        const workspace::MessageSettings& settings,
                        const ManifestOptions& options);

// Returns the SOUP of COMMIT: the soup items of REGISTRY, then the submodules. WITH_FILES
// reads and digests the files of items that name paths and finds every gitlink in the tree;
// without, submodules are those .gitmodules declares (cheap: the tree is not read whole).
// With files, discovery runs and pinning (soup/pinning.hpp) fills each item's components and
// pin_problems: a record gets the components it covers, a submodule item its own gitlink's
// component (never also its record's), and each other component no record covers becomes an
// item of its own (source = its ecosystem, id "ECOSYSTEM:NAME"). Every discovered component
// appears in exactly one item. PINNING, when given, receives the whole pinning.
std::vector<SoupItem> soup_at(const git::Repository& repo,
                              const policy::Policy& policy,
                              const std::optional<registry::Registry>& registry,
                              const std::string& commit,
                              bool with_files,
                              soup::Pinning* pinning = nullptr);

// Returns, for each of COMMITS, the first release that contains it: the oldest release tag
// (by its commit's date) whose commit descends from it. Commits in no release are left out.
std::vector<std::pair<std::string, std::string>>
first_releases(const git::Repository& repo,
               const policy::Policy& policy,
               const std::vector<std::string>& commits);

// Every release that shipped some commits: each (commit, tag) where the release tag's commit
// descends from the commit (the commit itself included), and the pairs that cannot be told.
struct ReleasesOf
{
  std::vector<std::pair<std::string, std::string>> shipped; // (commit, tag), tags in version order
  // (commit, tag) whose answer is unknown: a shallow clone whose history from the tag stops
  // at the boundary before reaching the commit, or a tag whose commit is not here.
  std::vector<std::pair<std::string, std::string>> unknown;
};

// Returns every release tag that contains each of COMMITS (by ancestry, never by the clock).
// In a shallow clone, a "no" is given only when the tag's history was read whole; otherwise
// the pair is unknown, never silently left out.
ReleasesOf releases_containing(const git::Repository& repo,
                               const policy::Policy& policy,
                               const std::vector<std::string>& commits);

// Returns the fields of RECORD that IEC 62304 requires at SAFETY_CLASS and that are empty.
std::vector<std::string> missing_soup_fields(const SoupItem& item);

} // namespace trail::release
