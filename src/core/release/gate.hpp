#pragma once

#include "core/approvals/index.hpp"
#include "core/git/repository.hpp"
#include "core/history/check.hpp"
#include "core/policy/policy.hpp"
#include "core/release/manifest.hpp"
#include "core/workspace/workspace.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace trail::release {

// One check of the gate: its id and the clauses of IEC 62304 it enforces. A check applies to
// a class when Table A.1 (standard::iec62304(), changed by [standard]) applies one of its
// clauses to that class; a check with no clause enforces the project's own policy and always
// applies.
struct GateCheck
{
  std::string_view id;                   // "verification.risk-control"
  std::vector<std::string_view> clauses; // "7.3.1"
  std::string_view what;                 // what it checks, for docs and tests
  // Who asks for it when that is not IEC 62304 (no clause): printed in place of the clauses.
  std::string_view authority = {};
};

// Every check of the gate, in the order they run.
const std::vector<GateCheck>& gate_checks();

// Returns the check ID; throws Error (internal) when there is none.
const GateCheck& gate_check(std::string_view id);

// One reason a release is refused.
struct GateFailure
{
  std::string check;   // "tag", "clean", "branch", "history", "verification", "anomalies", "soup"
  std::string message; // what is wrong
  std::string hint;    // what to do
  std::string id;      // the check's id (gate_checks())
  std::vector<std::string> clauses; // the clauses it enforces; empty: the project's policy
  std::string authority = {};       // GateCheck::authority (no clause, not the policy's own)
};

// Something the gate accepted but an auditor must see: a failing test explained by an open,
// evaluated problem report, a skipped test, an item declared out of this release.
struct GateNote
{
  std::string kind; // "known anomaly", "skipped", "not in this release"
  std::string message;
};

// Everything that stands between HEAD and a release, found at once.
struct GateReport
{
  std::string safety_class; // the class the gate applied ("C" when the policy declares none)
  bool class_declared = true;
  size_t commits_checked = 0;
  std::vector<GateFailure> failures;
  std::vector<GateNote> notes;
  // The release's signed approvals that counted (ReleaseApprovals::counted), for the tag.
  std::vector<std::string> approvals;

  bool passed() const
  {
    return failures.empty();
  }
};

// The signed approvals of release VERSION among the records of INDEX whose manifest has SHA-256
// DIGEST (hex), under POLICY's [release] approvals (docs/approvals.md, "Approving a release").
struct ReleaseApprovals
{
  // Per role, what is missing or rejected ("the manifest of v1.0.0 (sha256 ...) needs 1
  // signed approval by QA, have 0"), with the hint of each; empty when all is there.
  std::vector<std::string> missing;
  std::vector<std::string> hints;
  // Each record of this very manifest: "ID approved as QA, signed by NAME <EMAIL>: valid".
  std::vector<std::string> records;
  // The records that count, as the tag names them: "FULL-ID approved as QA by NAME <EMAIL>".
  std::vector<std::string> counted;
};
ReleaseApprovals release_approvals(const approvals::Index& index,
                                   const policy::Policy& policy,
                                   const std::string& version,
                                   const std::string& digest);

// Checks that MANIFEST (built from HEAD with the results given) may be released as VERSION:
// the tag name is a release name and free; the working tree is clean; HEAD is on an allowed
// branch; every commit since the previous release passes the policy; and, by the clauses Table
// A.1 applies to the class: every requirement and risk control in this release has a passing
// test in results bound to the released tree (a `Verifies:` trailer is a claim, never
// evidence), every failing test names an open, evaluated problem report, every residual
// anomaly has an evaluation, no draft requirement ships, every SOUP record is complete and
// every problem report resolved since the previous release has a passing test or a
// `verification` record that names it (9.7).
GateReport release_gate(const git::Repository& repo,
                        const policy::Policy& policy,
                        const workspace::MessageSettings& settings,
                        const Manifest& manifest,
                        const std::string& version);

} // namespace trail::release
