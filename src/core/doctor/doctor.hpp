#pragma once

#include "core/git/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::doctor {

// How one finding stands.
enum class Status
{
  ok,      // as it should be
  warning, // works, but not as a team would want (a shallow clone, an outdated shim)
  problem, // git-trail will not check what it should (a missing hook, an unloadable policy)
};

// One thing `git trail doctor` looked at.
struct Finding
{
  std::string check; // "binary", "repository", "hooks-folder", "commit-msg", "policy", ...
  Status status = Status::ok;
  std::string detail; // what was found
  std::string fix;    // what to do about it; empty when nothing
};

struct Diagnosis
{
  std::string repository; // the git directory (bare) or the working tree
  bool bare = false;
  std::vector<Finding> findings;

  size_t count(Status status) const;
};

// What the doctor is told about the run rather than finds itself.
struct Inputs
{
  std::string binary;                       // this git-trail (util::self_executable)
  std::optional<std::string> policy_option; // --policy FILE
};

// Looks at REPO as its hooks, CI and server would meet it: this git-trail, the repository
// (bare, shallow), the hooks folder and each hook git-trail should have there (installed, run
// by git, and which git-trail it will run), the policy that applies and whether it loads, and
// the registry at HEAD. Never throws for what it finds: a policy that does not load is a
// finding.
Diagnosis diagnose(const git::Repository& repo, const Inputs& inputs);

} // namespace trail::doctor
