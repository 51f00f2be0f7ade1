#include "core/history/check.hpp"

#include "core/history/revert.hpp"
#include "core/links/links.hpp"
#include "core/policy/load.hpp"
#include "core/message/cleanup.hpp"
#include "core/message/trailers.hpp"
#include "core/util/error.hpp"

#include <algorithm>

namespace trail::history {

namespace {

// Returns the waiver of POLICY that exempts COMMIT from RULE, or null.
const policy::Waiver* find_waiver(const policy::Policy& policy, const std::string& commit, const std::string& rule)
{
  for (const auto& waiver : policy.waivers) {
    if (waiver.rule == rule && commit.starts_with(waiver.commit)) {
      return &waiver;
    }
  }
  return nullptr;
}

// Moves the diagnostics a waiver exempts from DIAGNOSTICS into REPORT.waived.
void apply_waivers(const policy::Policy& policy, std::vector<rules::Diagnostic>& diagnostics, CheckReport& report)
{
  auto waived = [&](const rules::Diagnostic& d) {
    const auto* waiver = find_waiver(policy, d.commit, d.rule);
    if (waiver) {
      report.waived.push_back({*waiver, d});
    }
    return waiver != nullptr;
  };
  diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(), waived), diagnostics.end());
}

// The registry of each commit, read again only when a registry folder's tree changed.
class RegistryCache
{
public:
  RegistryCache(const git::Repository& repo, const policy::Policy& policy) : m_repo(repo), m_policy(policy) {}

  // Returns the registry of COMMIT (null when it cannot be read: PROBLEM says why).
  const registry::Registry* at(const std::string& commit, std::string& problem)
  {
    const std::string key = workspace::registry_key(m_repo, m_policy, commit);
    if (key != m_key) {
      m_key = key;
      m_problem.clear();
      m_registry.reset();
      try {
        m_registry = workspace::registry_at(m_repo, m_policy, commit);
      } catch (const policy::PolicyError& error) {
        m_problem = error.what();
      }
    }
    problem = m_problem;
    return m_registry ? &*m_registry : nullptr;
  }

private:
  const git::Repository& m_repo;
  const policy::Policy& m_policy;
  std::string m_key = "-";
  std::optional<registry::Registry> m_registry;
  std::string m_problem;
};

// Points FACTS at the registries of COMMIT and its parent; returns a diagnostic when the
// commit's registry cannot be read.
std::optional<rules::Diagnostic> attach_registries(const git::Repository& repo, const git::CommitInfo& commit,
                                                   RegistryCache& registries, RegistryCache& parents,
                                                   rules::CommitFacts& facts)
{
  std::string problem;
  facts.registry = registries.at(commit.id, problem);
  if (!problem.empty()) {
    return rules::Diagnostic{"registry", commit.id, "the registry cannot be read at this commit:\n" + problem,
                             "fix the registry files in this commit", 0};
  }
  if (!commit.parents.empty() && repo.has_object(commit.parents.front())) {
    std::string parent_problem;
    facts.parent_registry = parents.at(commit.parents.front(), parent_problem);
  }
  return std::nullopt;
}

git::WalkSpec with_baseline(const policy::Policy& policy, const CheckOptions& options, const git::Repository& repo)
{
  git::WalkSpec spec = options.walk;
  const auto& baseline = policy.project.baseline;
  if (!options.use_baseline || baseline.empty()) {
    return spec;
  }
  try {
    spec.hide.push_back(repo.resolve_commit(baseline));
  } catch (const UsageError&) {
    throw UsageError("the baseline '" + baseline + "' in " + policy.source +
                     " does not name a commit here (fetch it, or fix [project] baseline)");
  }
  return spec;
}

} // namespace

bool needs_paths(const policy::Policy& policy)
{
  return std::any_of(policy.rules.begin(), policy.rules.end(), [](const auto& rule) {
    return !rule.when.paths.empty();
  });
}

rules::CommitFacts commit_facts(const git::Repository& repo,
                                const policy::Policy& policy,
                                const message::TrailerOptions& trailer_options,
                                const git::CommitInfo& commit,
                                const std::optional<std::string>& branch,
                                bool need_paths)
{
  rules::CommitFacts facts;
  facts.id = commit.id;
  facts.message = commit.message;
  facts.trailers = message::parse_trailers(commit.message, trailer_options);
  facts.links = links::extract_links(policy, facts.trailers);
  facts.branch = branch;
  facts.author_name = commit.author_name;
  facts.author_email = commit.author_email;
  facts.merge = commit.parents.size() > 1;
  const bool merge_paths = !facts.merge || policy.history.merges == policy::MergePolicy::first_parent;
  bool paths_known = false;
  if (need_paths && merge_paths) {
    if (auto paths = repo.changed_paths(commit)) {
      facts.changed_paths = std::move(*paths);
      paths_known = true;
    }
  }
  inherit_revert_links(
      repo,
      policy,
      trailer_options,
      [&]() -> std::optional<std::vector<std::string>> {
        if (paths_known) {
          return facts.changed_paths;
        }
        return repo.changed_paths(commit);
      },
      facts);
  return facts;
}

CheckReport check_history(const git::Repository& repo,
                          const policy::Policy& policy,
                          const workspace::MessageSettings& settings,
                          const CheckOptions& options,
                          std::unordered_set<std::string>* already_checked)
{
  CheckReport report;
  report.policy_source = policy.source;
  const bool need_paths = needs_paths(policy);
  std::optional<RegistryCache> registries;
  std::optional<RegistryCache> parents;
  if (!policy.registry.files.empty()) {
    registries.emplace(repo, policy);
    parents.emplace(repo, policy);
  }
  const auto walk_report = repo.walk(with_baseline(policy, options, repo), [&](const git::CommitInfo& commit) {
    if (already_checked && !already_checked->insert(commit.id).second) {
      return true;
    }
    if (commit.parents.size() > 1 && policy.history.merges == policy::MergePolicy::skip) {
      ++report.merges_skipped;
      return true;
    }
    ++report.checked;
    if (options.on_progress && report.checked % 256 == 0) {
      options.on_progress(report.checked);
    }
    auto facts = commit_facts(repo, policy, settings.trailers, commit, options.branch, need_paths);
    std::optional<rules::Diagnostic> registry_problem;
    if (registries && !facts.links.links.empty()) {
      registry_problem = attach_registries(repo, commit, *registries, *parents, facts);
    }
    auto diagnostics = rules::evaluate(policy, facts);
    if (registry_problem) {
      diagnostics.insert(diagnostics.begin(), *registry_problem);
    }
    apply_waivers(policy, diagnostics, report);
    if (!diagnostics.empty()) {
      ++report.failing_commits;
      report.violations += diagnostics.size();
      CommitResult result{commit.id, std::string(message::subject_line(commit.message)), std::move(diagnostics)};
      if (options.on_failure) {
        options.on_failure(std::move(result));
      } else {
        report.failures.push_back(std::move(result));
      }
    }
    return true;
  });
  report.shallow_boundary = walk_report.shallow_boundary;
  if (need_paths) {
    // A boundary commit's parent is missing, so its changed paths could not be computed.
    report.paths_unknown = walk_report.shallow_boundary;
  }
  return report;
}

} // namespace trail::history
