#include "core/history/check.hpp"

#include "core/links/links.hpp"
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

size_t CheckReport::violation_count() const
{
  size_t count = 0;
  for (const auto& failure : failures) {
    count += failure.diagnostics.size();
  }
  return count;
}

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
  if (need_paths && merge_paths) {
    if (auto paths = repo.changed_paths(commit)) {
      facts.changed_paths = std::move(*paths);
    }
  }
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
  const auto walk_report = repo.walk(with_baseline(policy, options, repo), [&](const git::CommitInfo& commit) {
    if (already_checked && !already_checked->insert(commit.id).second) {
      return true;
    }
    if (commit.parents.size() > 1 && policy.history.merges == policy::MergePolicy::skip) {
      ++report.merges_skipped;
      return true;
    }
    ++report.checked;
    auto facts = commit_facts(repo, policy, settings.trailers, commit, options.branch, need_paths);
    auto diagnostics = rules::evaluate(policy, facts);
    apply_waivers(policy, diagnostics, report);
    if (!diagnostics.empty()) {
      report.failures.push_back({commit.id, std::string(message::subject_line(commit.message)), std::move(diagnostics)});
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
