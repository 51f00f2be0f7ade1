#pragma once

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"
#include "core/rules/judge.hpp"
#include "core/workspace/workspace.hpp"

#include <optional>
#include <string>

namespace trail::workspace {

// The registry at one revision as read for a judgement (rules::judge_commit): the registry,
// or why it cannot be read.
using RegistryRead = rules::RegistryRead;

// The registry at revisions of one repository under one policy. A revision's registry is read
// again only when the tree of a registry folder differs from the last revision asked about, so
// a walk of history reads it once per change. Holds references: REPO and POLICY must outlive it.
class RegistryCache
{
public:
  RegistryCache(const git::Repository& repo, const policy::Policy& policy);

  // Returns the registry at REV, or the problem that keeps it from being read. The pointer
  // stays valid until the next call. When PEER (another cache over the same repository and
  // policy) holds REV's registry, it is taken from PEER, which is given this one's in exchange
  // (so a walk whose parent cache read a commit's registry does not read it again); PEER's
  // pointers are then no longer valid.
  RegistryRead at(const std::string& rev, RegistryCache* peer = nullptr);

private:
  const git::Repository& m_repo;
  const policy::Policy& m_policy;
  std::string m_key = "-"; // registry_key of the revision last read; "-" before the first
  std::optional<registry::Registry> m_registry;
  std::string m_problem;
};

// What a command runs in, as ccache's Context: the repository, the policy and where it came
// from, git's message settings and the registry at a revision. The CLI makes one per run
// (after -C) and passes it down; each part is opened or read once, on first use, so a command
// that needs no repository (`version`, `trailers --message-file` outside one) never opens one,
// and errors surface where the command first asks, in the order it asks.
class Context
{
public:
  // POLICY_OPTION: --policy FILE, which overrides $GIT_TRAIL_POLICY and trail.toml.
  explicit Context(std::optional<std::string> policy_option);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  // Returns the repository, opened on first use as git itself would find it
  // (git::Repository::open_from_environment: GIT_DIR, GIT_WORK_TREE, and in a pre-receive hook
  // the quarantine that holds the pushed objects). Throws UsageError outside a repository;
  // a later call tries again.
  const git::Repository& repo();

  // Returns the git settings that change how a message is read (read once).
  const MessageSettings& settings();

  // Returns the policy of the working tree (load_policy: --policy, else $GIT_TRAIL_POLICY,
  // else trail.toml at the top of the working tree or, bare, in HEAD's tree, else the
  // default), loaded once; its `source` says where it came from. Throws PolicyError.
  const policy::Policy& policy();

  // Returns the policy REV was made under (load_policy_at), for commands that describe a
  // revision rather than the working tree. Not kept.
  policy::Policy policy_at(const std::string& rev);

  // Returns --policy FILE when it was given.
  const std::optional<std::string>& policy_option() const
  {
    return m_policy_option;
  }

  // Returns true when the policy is pinned by --policy or $GIT_TRAIL_POLICY rather than read
  // from the repository.
  bool policy_pinned() const;

  // Returns the registry committed at REV under policy(); the last one read is kept, and read
  // again only when a registry folder's tree differs.
  RegistryRead registry_at(const std::string& rev);

  // Returns the registry as staged in the index (what the commit being made will hold) under
  // policy(), or the problem that keeps it from being read; read once.
  RegistryRead staged_registry();

private:
  std::optional<std::string> m_policy_option;
  std::optional<git::Repository> m_repo;
  std::optional<MessageSettings> m_settings;
  std::optional<policy::Policy> m_policy;
  std::optional<RegistryCache> m_registries;
  bool m_staged_read = false;
  std::optional<registry::Registry> m_staged;
  std::string m_staged_problem;
};

} // namespace trail::workspace
