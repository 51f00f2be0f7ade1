#pragma once

#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"
#include "core/rules/rules.hpp"

#include <functional>
#include <string>
#include <vector>

namespace trail::rules {

// A registry as read for a judgement: the registry (null when the policy names no registry
// files or none of them exists there yet), or the problem that keeps it from being read.
struct RegistryRead
{
  const registry::Registry* registry = nullptr;
  // Every problem of a malformed registry file, file:line:col each; empty when it was read.
  std::string problem;
};

// Where the registries of a commit come from. Each is asked for only when the judgement
// needs it: only a commit that links to something, under a policy that names registry files,
// reads its registry, and its parent's only when its own was read.
struct RegistrySource
{
  // The registry the commit holds (the index for a commit being made).
  std::function<RegistryRead()> commit;
  // The registry of its first parent, where an item the commit removes is still defined;
  // empty when the commit has none. A parent's registry that cannot be read is left out: an
  // item it defines is then not found, which can only add violations.
  std::function<RegistryRead()> parent;
};

// Returns true when a commit is a merge that [history] merges = "skip" leaves unchecked.
bool merge_skipped(const policy::Policy& policy, bool merge);

// Judges one commit: every problem POLICY finds with FACTS, with FACTS.registry and
// FACTS.parent_registry read from REGISTRIES when needed. A registry the commit holds that
// cannot be read is the first problem of the commit (rule `registry`, with every file:line:col),
// never an error that stops the judgement and never a pass: the other rules still run, and a
// history check lets a [[waivers]] entry accept it like any violation. A merge that
// merge_skipped() leaves out has no problems. The commit-msg hook, the push hooks and `check`
// all judge commits here, so they cannot disagree.
std::vector<Diagnostic>
judge_commit(const policy::Policy& policy, CommitFacts& facts, const RegistrySource& registries);

} // namespace trail::rules
