#pragma once

// The audit report (docs/audit.md): the seed's IEC 62304 checklist for the project's class,
// each line with the evidence found in the repository or the gap. This header is the model
// every renderer (text, Markdown, JSON, HTML) reads; the engine that fills it is audit.cpp.

#include "core/change/identity.hpp"
#include "core/config/location.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/workspace/workspace.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trail::audit {

// A line's verdict. `evidence`: every query of the line found what it asks for; `partial`:
// some did; `gap`: none did (or one could not judge: fail closed); `not_applicable`: Table A.1
// applies none of the line's clauses to the audited class.
enum class Verdict
{
  evidence,
  partial,
  gap,
  not_applicable,
};

// "evidence", "partial", "gap", "not applicable".
std::string_view verdict_name(Verdict verdict);

// Something an auditor can follow to the record itself.
struct Pointer
{
  // "file" (path[:line] at the audited revision), "item" (a registry item ID), "commit",
  // "tag", "report" (a results file with its SHA-256), "command" (a git-trail or git command
  // that reproduces the finding), "setting" (a trail.toml key, file:line).
  std::string kind;
  std::string text;
};

// What one evidence query of a line found.
struct Finding
{
  std::string query; // the query's name in the checklist mapping ("plan", "verified", ...)
  bool satisfied = false;
  // Whether what was found is evidence (a passing test bound to the tree, a document at the
  // revision, a record) or only a claim (a trailer someone typed): claims never satisfy a
  // query that asks for evidence.
  bool claim_only = false;
  std::string summary; // one sentence: what was found, or what is missing and how to add it
  std::vector<Pointer> pointers;
};

// One activity of the checklist.
struct Line
{
  size_t number = 0;                // 1-based, in the checklist's order
  std::string area;                 // its process area, as the seed words it
  std::string activity;             // as the seed words it
  std::vector<std::string> clauses; // IEC 62304 clauses it maps to
  std::vector<std::string> classes; // the classes Table A.1 (with [standard]) applies it to
  Verdict verdict = Verdict::gap;
  std::vector<Finding> findings; // one per query, in the mapping's order
  config::Location where;        // its entry in the checklist mapping
};

// A process area and its lines, in the checklist's order.
struct Area
{
  std::string name;
  std::vector<Line> lines;
};

// A tool or environment entry (5.1.4, 8.1.1 supporting items).
struct Tool
{
  std::string name;
  std::string version; // empty when the entry does not say
  std::string digest;  // "sha256:..." when known, else empty
  std::string source;  // where it was declared ("trail.toml:41", "this executable")
};

// Counts of applicable and not-applicable lines.
struct Totals
{
  size_t evidence = 0, partial = 0, gap = 0, not_applicable = 0;
};

// The whole audit of one revision.
struct Report
{
  change::Identity identity;    // product, class, tool version, policy source and digest
  change::Revision revision;    // the audited commit, its tree and date
  std::string rev;              // as given ("HEAD", "v1.0.0")
  std::string safety_class;     // the class audited: --class, else [project] safety_class, else C
  std::string class_source;     // "--class", "trail.toml", "default (the strictest)"
  std::string checklist_source; // "<built-in checklist>" or the mapping file
  std::string checklist_digest; // SHA-256 of the mapping's bytes
  std::string release_tag;      // the release tag at or before the revision, or empty
  std::vector<std::string> results; // results files given, "path sha256:..."
  std::vector<Area> areas;
  std::vector<Tool> tools;
  Totals totals;
  // A document identifier for printed copies: product, revision and checklist digest, e.g.
  // "AUDIT-<short commit>-<short checklist digest>".
  std::string document_id;

  // Exit status of `git trail audit`: 0 when no applicable line is a gap, else 1.
  bool has_gap() const
  {
    return totals.gap > 0;
  }
};

// Returns the verdict of an applicable line from its findings: all satisfied: evidence; some:
// partial; none (or no finding at all): gap.
Verdict line_verdict(const std::vector<Finding>& findings);

// What to audit (`git trail audit`).
struct AuditOptions
{
  std::string rev = "HEAD";
  std::string safety_class;         // --class; empty: [project] safety_class, else C
  std::vector<std::string> results; // JUnit reports given (--results)
  // The checklist mapping's text and where it came from; empty text: the policy's [audit]
  // checklist at REV, else the built-in one.
  std::string checklist_text;
  std::string checklist_path;
};

// Audits OPTIONS.rev under POLICY (the policy at that revision): gathers the facts once (the
// registry, one trace over the revision's history with the results given, the class report,
// one check of history, the release tags, the problem reports), then evaluates every line of
// the checklist. Throws config::ConfigError for a malformed checklist mapping.
Report run_audit(const git::Repository& repo,
                 const policy::Policy& policy,
                 const workspace::MessageSettings& settings,
                 const AuditOptions& options);

} // namespace trail::audit
