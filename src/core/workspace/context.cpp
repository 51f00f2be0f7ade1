#include "core/workspace/context.hpp"

#include "core/policy/load.hpp"

#include <utility>

namespace trail::workspace {

RegistryCache::RegistryCache(const git::Repository& repo, const policy::Policy& policy)
    : m_repo(repo), m_policy(policy)
{
}

RegistryRead RegistryCache::at(const std::string& rev, RegistryCache* peer)
{
  const std::string key = registry_key(m_repo, m_policy, rev);
  if (key != m_key && peer != nullptr && peer->m_key == key) {
    std::swap(m_key, peer->m_key);
    std::swap(m_registry, peer->m_registry);
    std::swap(m_problem, peer->m_problem);
  }
  if (key != m_key) {
    m_key = key;
    m_problem.clear();
    m_registry.reset();
    try {
      m_registry = registry_at(m_repo, m_policy, rev);
    } catch (const policy::PolicyError& error) {
      m_problem = error.what();
    }
  }
  return {m_registry ? &*m_registry : nullptr, m_problem};
}

Context::Context(std::optional<std::string> policy_option)
    : m_policy_option(std::move(policy_option))
{
}

const git::Repository& Context::repo()
{
  if (!m_repo) {
    m_repo.emplace(git::Repository::open_from_environment());
  }
  return *m_repo;
}

const MessageSettings& Context::settings()
{
  if (!m_settings) {
    m_settings = read_message_settings(repo());
  }
  return *m_settings;
}

const policy::Policy& Context::policy()
{
  if (!m_policy) {
    m_policy.emplace(load_policy(repo(), m_policy_option));
  }
  return *m_policy;
}

policy::Policy Context::policy_at(const std::string& rev)
{
  return load_policy_at(repo(), rev, m_policy_option);
}

bool Context::policy_pinned() const
{
  return m_policy_option.has_value() || policy_pinned_by_environment();
}

RegistryRead Context::registry_at(const std::string& rev)
{
  if (!m_registries) {
    m_registries.emplace(repo(), policy());
  }
  return m_registries->at(rev);
}

RegistryRead Context::staged_registry()
{
  if (!m_staged_read) {
    const auto& repository = repo();
    const auto& loaded = policy();
    m_staged_read = true;
    try {
      m_staged = workspace::staged_registry(repository, loaded);
    } catch (const policy::PolicyError& error) {
      m_staged_problem = error.what();
    }
  }
  return {m_staged ? &*m_staged : nullptr, m_staged_problem};
}

} // namespace trail::workspace
