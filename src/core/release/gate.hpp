#pragma once

#include "core/git/repository.hpp"
#include "core/history/check.hpp"
#include "core/policy/policy.hpp"
#include "core/release/manifest.hpp"
#include "core/workspace/workspace.hpp"

#include <string>
#include <vector>

namespace trail::release {

// One reason a release is refused.
struct GateFailure
{
  std::string check;   // "tag", "clean", "branch", "history", "verification", "anomalies", "soup"
  std::string message; // what is wrong
  std::string hint;    // what to do
};

// Everything that stands between HEAD and a release, found at once.
struct GateReport
{
  std::string safety_class; // the class the gate applied ("C" when the policy declares none)
  bool class_declared = true;
  size_t commits_checked = 0;
  std::vector<GateFailure> failures;

  bool passed() const
  {
    return failures.empty();
  }
};

// Checks that MANIFEST (built from HEAD with the results given) may be released as VERSION:
// the tag name is a release name and free; the working tree is clean; HEAD is on an allowed
// branch; every commit since the previous release passes the policy; and, by safety class,
// every requirement has passing verification in results bound to the released tree, every
// residual anomaly has an evaluation and every SOUP record is complete.
GateReport release_gate(const git::Repository& repo,
                        const policy::Policy& policy,
                        const workspace::MessageSettings& settings,
                        const Manifest& manifest,
                        const std::string& version);

} // namespace trail::release
