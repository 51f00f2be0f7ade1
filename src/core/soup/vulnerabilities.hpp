#pragma once

// Known vulnerabilities of SOUP from files the team commits (docs/soup.md, "Vulnerabilities:
// CycloneDX VEX and OSV"): CycloneDX VEX documents carry statements and their evaluations
// (analysis); OSV exports carry what is known about a package's versions and no evaluation,
// which a VEX statement with the same id (or an alias) gives. Read from the tree of a revision
// through the git layer; nothing is fetched.

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/soup/component.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace trail::soup {

// One OSV range (affected[].ranges[]): TYPE "SEMVER", "ECOSYSTEM" or "GIT", and its events in
// file order, each ("introduced" | "fixed" | "last_affected" | "limit", version).
struct OsvRange
{
  std::string type;
  std::vector<std::pair<std::string, std::string>> events;
};

// One package a statement names, and which of its versions it affects.
struct AffectedPackage
{
  std::string purl;      // purl_base of the package; empty when the source names none
  std::string ecosystem; // OSV: the package's ecosystem ("npm", "PyPI"); empty for VEX
  std::string name;      // OSV: the package's name; empty for VEX
  // Versions named one by one as affected (OSV versions[], VEX versions[].version with status
  // affected or unknown, the version of a VEX ref's purl).
  std::vector<std::string> versions;
  std::vector<std::string> unaffected; // VEX versions[] with status unaffected (exact or vers:)
  std::vector<OsvRange> ranges;        // OSV ranges
  std::vector<std::string> vers;       // VEX versions[].range ("vers:generic/>=1.0|<1.3.1")
  // VEX: the ref names the package with no version and no versions[]: every version.
  bool every_version = false;
};

// One statement of a file: a vulnerability with the packages it names.
struct VulnerabilityStatement
{
  Vulnerability vulnerability; // state, justification, responses and detail: VEX only
  std::vector<AffectedPackage> packages;
};

// What the committed files say, in file (path) order, then statement order.
struct VulnerabilityIndex
{
  std::vector<std::string> files;          // the files read
  std::vector<VulnerabilityStatement> vex; // from CycloneDX documents
  std::vector<VulnerabilityStatement> osv; // from OSV exports
};

// Reads every file of the tree of COMMIT that matches SETTINGS.vulnerabilities. Throws
// config::ConfigError (exit 2) naming FILE:LINE:COL for every file that is not valid JSON or
// not a CycloneDX document or OSV export of the expected shape, and for a glob that matches no
// file: the policy names them, so none is ever skipped. POLICY_TEXT (the policy's bytes,
// policy::Policy::text) shows the policy's line in the message of a glob that matches nothing.
VulnerabilityIndex load_vulnerabilities(const git::Repository& repo,
                                        const std::string& commit,
                                        const policy::Soup& settings,
                                        std::string_view policy_text = {});

// Reads one file (PATH is used for its messages and locations) into INDEX; throws
// config::ConfigError as load_vulnerabilities does.
void read_vulnerability_file(const std::string& path,
                             std::string_view text,
                             VulnerabilityIndex& index);

// A component version to look vulnerabilities up for.
struct VulnerabilityTarget
{
  std::string purl;      // with or without version
  std::string version;   // the version in use; empty: the purl's version
  std::string name;      // with ecosystem: matches OSV packages that name no purl
  std::string ecosystem; // a Component ecosystem ("npm", "cargo", "pypi", "go", ...)
};

// Returns the vulnerabilities that affect TARGET's version: every OSV entry whose package and
// versions or ranges include it, with the evaluation of the first VEX statement (file order)
// whose id or one of whose aliases is its id or one of its aliases and that names this
// version (or names no package); then every VEX statement that names this version and matches
// no OSV entry. Each at most once; `fixed` holds the versions OSV names as fixing it.
std::vector<Vulnerability> vulnerabilities_affecting(const VulnerabilityIndex& index,
                                                     const VulnerabilityTarget& target);

// Returns why V has no valid evaluation ("has no evaluation", "is in triage", "is
// not_affected without a justification or detail"); empty when it has one.
std::string missing_evaluation(const Vulnerability& v);

// True when VERSION is in the range VERS ("vers:TYPE/CONSTRAINTS", constraints separated by
// "|": "=V", "!=V", "<V", "<=V", ">V", ">=V", or "*"), as the vers specification reads it.
bool in_vers_range(std::string_view vers, std::string_view version);

} // namespace trail::soup
