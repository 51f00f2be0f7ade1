#include "core/history/check.hpp"

#include "core/history/revert.hpp"
#include "core/links/links.hpp"
#include "core/message/cleanup.hpp"
#include "core/message/trailers.hpp"
#include "core/policy/load.hpp"
#include "core/rules/judge.hpp"
#include "core/util/error.hpp"
#include "core/workspace/context.hpp"

#include <algorithm>

namespace trail::history {

namespace {

// Returns the waiver of POLICY that exempts COMMIT from RULE, or null.
const policy::Waiver*
find_waiver(const policy::Policy& policy, const std::string& commit, const std::string& rule)
{
  for (const auto& waiver : policy.waivers) {
    if (waiver.rule == rule && commit.starts_with(waiver.commit)) {
      return &waiver;
    }
  }
  return nullptr;
}

// Moves the diagnostics a waiver exempts from DIAGNOSTICS into REPORT.waived.
void apply_waivers(const policy::Policy& policy,
                   std::vector<rules::Diagnostic>& diagnostics,
                   CheckReport& report)
{
  auto waived = [&](const rules::Diagnostic& d) {
    const auto* waiver = find_waiver(policy, d.commit, d.rule);
    if (waiver) {
      report.waived.push_back({*waiver, d});
    }
    return waiver != nullptr;
  };
  diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(), waived),
                    diagnostics.end());
}

// Returns OPTIONS.walk with the history of [project] baseline hidden. A baseline that names no
// commit here (a shallow or partial clone that lacks it, or a typo) is recorded in REPORT: the
// range cannot be judged as configured.
git::WalkSpec with_baseline(const policy::Policy& policy,
                            const CheckOptions& options,
                            const git::Repository& repo,
                            CheckReport& report)
{
  git::WalkSpec spec = options.walk;
  const auto& baseline = policy.project.baseline;
  if (!options.use_baseline || baseline.empty()) {
    return spec;
  }
  try {
    spec.hide.push_back(repo.resolve_commit(baseline));
  } catch (const UsageError&) {
    report.baseline_missing = baseline;
  }
  return spec;
}

// Returns true when RULE_ID names a [[rules]] entry scoped by paths.
bool path_scoped(const policy::Policy& policy, const std::string& rule_id)
{
  return std::any_of(policy.rules.begin(), policy.rules.end(), [&](const auto& rule) {
    return rule.id == rule_id && !rule.when.paths.empty();
  });
}

} // namespace

void validate_waivers(const git::Repository& repo, const policy::Policy& policy)
{
  std::vector<policy::FileDiagnostic> problems;
  const bool shallow = repo.is_shallow();
  for (const auto& waiver : policy.waivers) {
    std::string why;
    try {
      const std::string id = repo.resolve_commit(waiver.commit);
      if (!id.starts_with(waiver.commit)) {
        why = "names '" + waiver.commit + "', which is a ref here, not the id of the waived commit";
      }
    } catch (const UsageError&) {
      if (!shallow) {
        why = "names commit '" + waiver.commit +
              "', which is not one commit of this repository (unknown, rewritten, or a prefix of "
              "several)";
      }
    }
    if (!why.empty()) {
      problems.push_back({waiver.commit_where,
                          "the waiver for rule '" + waiver.rule + "' " + why,
                          std::string(policy::line_at(policy.text, waiver.commit_where.line))});
    }
  }
  if (!problems.empty()) {
    throw policy::PolicyError(std::move(problems));
  }
}

std::vector<std::string> rule_path_globs(const policy::Policy& policy)
{
  std::vector<std::string> globs;
  for (const auto& rule : policy.rules) {
    for (const auto& glob : rule.when.paths) {
      if (std::find(globs.begin(), globs.end(), glob) == globs.end()) {
        globs.push_back(glob);
      }
    }
  }
  return globs;
}

bool needs_approvals(const policy::Policy& policy)
{
  return std::any_of(policy.rules.begin(), policy.rules.end(), [](const auto& rule) {
    return !rule.require.approvals.empty();
  });
}

namespace {

std::vector<rules::SignedApproval> signed_approvals(const approvals::Index& index,
                                                    const std::string& commit)
{
  std::vector<rules::SignedApproval> out;
  for (const auto* entry : index.for_commit(commit)) {
    rules::SignedApproval approval;
    approval.record = entry->id;
    approval.role = entry->record.role;
    approval.meaning = entry->record.meaning;
    approval.valid = entry->verdict.status == approvals::Verdict::Status::valid;
    approval.status = std::string(approvals::status_name(entry->verdict.status));
    approval.signer_name = entry->verdict.signer_name;
    approval.signer_email = entry->verdict.signer_email;
    out.push_back(std::move(approval));
  }
  return out;
}

} // namespace

bool needs_paths(const policy::Policy& policy)
{
  return !rule_path_globs(policy).empty();
}

rules::CommitFacts commit_facts(const git::Repository& repo,
                                const policy::Policy& policy,
                                const message::TrailerOptions& trailer_options,
                                const git::CommitInfo& commit,
                                const std::optional<std::string>& branch,
                                const std::vector<std::string>& path_globs)
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
  const bool merge_paths =
      !facts.merge || policy.history.merges == policy::MergePolicy::first_parent;
  if (!path_globs.empty() && merge_paths) {
    // Only where a rule's glob can match: what the rules look at, in the same order.
    if (auto paths = repo.changed_paths(commit, path_globs)) {
      facts.changed_paths = std::move(*paths);
    } else {
      facts.paths_unknown = true;
    }
  }
  // A revert compares all it changes with what the reverted commits changed.
  inherit_revert_links(
      repo,
      policy,
      trailer_options,
      [&]() -> std::optional<std::vector<std::string>> { return repo.changed_paths(commit); },
      facts);
  return facts;
}

size_t count_commits(const git::Repository& repo,
                     const policy::Policy& policy,
                     const CheckOptions& options)
{
  CheckReport ignored;
  size_t count = 0;
  repo.walk(with_baseline(policy, options, repo, ignored), [&](const git::CommitInfo&) {
    ++count;
    return true;
  });
  return count;
}

CheckReport check_history(const git::Repository& repo,
                          const policy::Policy& policy,
                          const workspace::MessageSettings& settings,
                          const CheckOptions& options,
                          std::unordered_set<std::string>* already_checked)
{
  CheckReport report;
  report.policy_source = policy.source;
  report.incomplete_accepted = options.allow_incomplete;
  auto spec = with_baseline(policy, options, repo, report);
  if (!report.baseline_missing.empty() && !options.allow_incomplete) {
    return report; // nothing can be judged as configured: say so instead of judging too much
  }
  const auto path_globs = rule_path_globs(policy);
  std::optional<workspace::RegistryCache> registries;
  std::optional<workspace::RegistryCache> parents;
  if (!policy.registry.files.empty()) {
    registries.emplace(repo, policy);
    parents.emplace(repo, policy);
  }
  // Signed approval records, read and verified once for the whole range.
  std::optional<approvals::Index> approval_index;
  if (needs_approvals(policy)) {
    approval_index = approvals::Index::load(repo, policy, options.extra_records);
  }
  // The registries of the commit being judged (CURRENT) and of its first parent.
  const git::CommitInfo* current = nullptr;
  rules::RegistrySource sources;
  if (registries) {
    sources.commit = [&]() {
      return registries->at(current->id);
    };
    sources.parent = [&]() -> rules::RegistryRead {
      if (current->parents.empty() || !repo.has_object(current->parents.front())) {
        return {};
      }
      return parents->at(current->parents.front());
    };
  }
  const auto walk_report = repo.walk(spec, [&](const git::CommitInfo& commit) {
    if (already_checked && !already_checked->insert(commit.id).second) {
      return true;
    }
    if (rules::merge_skipped(policy, commit.parents.size() > 1)) {
      ++report.merges_skipped;
      return true;
    }
    ++report.checked;
    if (options.on_progress && report.checked % 256 == 0) {
      options.on_progress(report.checked);
    }
    auto facts = commit_facts(repo, policy, settings.trailers, commit, options.branch, path_globs);
    if (approval_index) {
      facts.approvals = signed_approvals(*approval_index, commit.id);
    }
    current = &commit;
    auto diagnostics = rules::judge_commit(policy, facts, sources);
    apply_waivers(policy, diagnostics, report);
    if (facts.paths_unknown) {
      report.paths_unknown.push_back(commit.id);
      // What a path-scoped rule says of a commit whose paths are unknown is only what it would
      // say if the commit touched its paths: not a violation, not clean, but unjudged.
      const auto uncertain =
          std::stable_partition(diagnostics.begin(), diagnostics.end(), [&](const auto& d) {
            return !path_scoped(policy, d.rule);
          });
      if (uncertain != diagnostics.end()) {
        report.unjudged.push_back(
            {commit.id,
             std::string(message::subject_line(commit.message)),
             {std::make_move_iterator(uncertain), std::make_move_iterator(diagnostics.end())}});
        diagnostics.erase(uncertain, diagnostics.end());
      }
    }
    if (!diagnostics.empty()) {
      ++report.failing_commits;
      report.violations += diagnostics.size();
      CommitResult result{
          commit.id, std::string(message::subject_line(commit.message)), std::move(diagnostics)};
      if (options.on_failure) {
        options.on_failure(std::move(result));
      } else {
        report.failures.push_back(std::move(result));
      }
    }
    return true;
  });
  report.shallow_boundary = walk_report.shallow_boundary;
  return report;
}

std::vector<ApprovalStanding> approval_standing(const git::Repository& repo,
                                                const policy::Policy& policy,
                                                const workspace::MessageSettings& settings,
                                                const approvals::Index& index,
                                                const std::vector<std::string>& commits,
                                                const std::optional<std::string>& branch)
{
  const auto path_globs = rule_path_globs(policy);
  std::vector<ApprovalStanding> out;
  for (const auto& id : commits) {
    ApprovalStanding standing;
    standing.commit = repo.commit(id);
    standing.records = index.for_commit(id);
    auto facts = commit_facts(repo, policy, settings.trailers, standing.commit, branch, path_globs);
    facts.approvals = signed_approvals(index, id);
    for (const auto& rule : policy.rules) {
      for (auto& d : rules::signed_approval_problems(rule, facts)) {
        standing.awaiting.push_back(std::move(d));
      }
    }
    out.push_back(std::move(standing));
  }
  return out;
}

} // namespace trail::history
