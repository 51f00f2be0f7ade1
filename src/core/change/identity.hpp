#pragma once

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"

#include <string>

namespace trail::change {

// What every release record (manifest, changelog) says first: the product, its class, the tool
// that described it and the policy it was described under.
struct Identity
{
  std::string product;       // [project] name, or k_unknown
  std::string safety_class;  // [project] safety_class, or k_unknown
  std::string tool_version;  // git-trail's
  std::string policy_source; // trail.toml at the revision, a file, or the default
  std::string policy_digest; // SHA-256 of the policy's bytes
};

// Returns the identity of records made under POLICY by this git-trail.
Identity identify(const policy::Policy& policy);

// A revision as a record names it.
struct Revision
{
  std::string commit; // full id
  std::string tree;   // the commit's tree
  std::string date;   // committer date, ISO 8601
};

// Resolves REV to a commit and returns it with its tree and date.
Revision revision_at(const git::Repository& repo, const std::string& rev);

} // namespace trail::change
