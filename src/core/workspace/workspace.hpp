#pragma once

#include "core/git/repository.hpp"
#include "core/message/cleanup.hpp"
#include "core/message/trailers.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/file_links.hpp"
#include "core/registry/registry.hpp"

#include <optional>
#include <string>

namespace trail::workspace {

// The git settings that change how a message is read (as git itself would read them).
struct MessageSettings
{
  message::TrailerOptions trailers; // trailer.separators, core.commentChar
  message::CleanupMode cleanup = message::CleanupMode::automatic; // commit.cleanup
};

// Returns a boolean setting the way git reads one (true/yes/on/a positive number); false when
// unset.
bool config_bool(const git::Repository& repo, const std::string& name);

// Returns the message settings from REPO's configuration.
MessageSettings read_message_settings(const git::Repository& repo);

// Returns true when $GIT_TRAIL_POLICY names a policy file (it then overrides trail.toml).
bool policy_pinned_by_environment();

// Loads the policy for REPO: EXPLICIT when given, else $GIT_TRAIL_POLICY, else trail.toml at
// the top of the working tree (in a bare repository: trail.toml in HEAD's tree), else the
// embedded default policy. Throws PolicyError for a malformed file.
policy::Policy load_policy(const git::Repository& repo,
                           const std::optional<std::string>& explicit_path);

// Loads the policy a revision was made under: EXPLICIT when given, else $GIT_TRAIL_POLICY,
// else trail.toml in REV's tree, else the embedded default (for manifests and verify, which
// describe a revision and must not depend on the working tree).
policy::Policy load_policy_at(const git::Repository& repo,
                              const std::string& rev,
                              const std::optional<std::string>& explicit_path);

// Returns the registry committed at REV, or nullopt when the policy names no registry files or
// none of them exists yet (a repository that has not started its registry).
// Throws PolicyError for a malformed registry file.
std::optional<registry::Registry>
registry_at(const git::Repository& repo, const policy::Policy& policy, const std::string& rev);

// Returns a key that is equal for two revisions exactly when their registry folders hold the
// same trees, so a caller can reuse a registry it already read.
std::string
registry_key(const git::Repository& repo, const policy::Policy& policy, const std::string& rev);

// Returns the registry as staged in the index (what the commit being made will hold).
std::optional<registry::Registry> staged_registry(const git::Repository& repo,
                                                  const policy::Policy& policy);

// Returns the links written in files at REV ([[registry.file_links]]).
std::vector<registry::FileLink>
file_links_at(const git::Repository& repo, const policy::Policy& policy, const std::string& rev);

// Returns PATH shortened to be relative to the working tree when it lies inside it.
std::string display_path(const git::Repository& repo, const std::string& path);

} // namespace trail::workspace

namespace trail::workspace {

// Returns the folder git runs hooks from: core.hooksPath (relative to the working tree top, or
// to the git directory when bare) or the common git directory's hooks/.
std::string hooks_dir(const git::Repository& repo);

} // namespace trail::workspace
