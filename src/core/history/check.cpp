#include "core/history/check.hpp"

#include "core/approvals/item.hpp"
#include "core/history/revert.hpp"
#include "core/links/links.hpp"
#include "core/message/cleanup.hpp"
#include "core/message/trailers.hpp"
#include "core/policy/load.hpp"
#include "core/policy/vocabulary.hpp"
#include "core/registry/item_diff.hpp"
#include "core/rules/judge.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"
#include "core/workspace/context.hpp"

#include <algorithm>
#include <functional>
#include <map>

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

rules::SignedApproval signed_approval(const approvals::Entry& entry)
{
  rules::SignedApproval approval;
  approval.record = entry.id;
  approval.role = entry.record.role;
  approval.meaning = entry.record.meaning;
  approval.valid = entry.verdict.status == approvals::Verdict::Status::valid;
  approval.status = std::string(approvals::status_name(entry.verdict.status));
  approval.signer_name = entry.verdict.signer_name;
  approval.signer_email = entry.verdict.signer_email;
  return approval;
}

bool needs_approvals(const policy::Policy& policy)
{
  return needs_item_approvals(policy) ||
         std::any_of(policy.rules.begin(), policy.rules.end(), [](const auto& rule) {
           return !rule.require.approvals.empty();
         });
}

std::vector<std::string> item_awaiting(const approvals::ItemStanding& standing)
{
  std::vector<std::string> out;
  const policy::Kind* kind = standing.item->kind_spec;
  if (kind == nullptr) {
    return out;
  }
  std::vector<rules::SignedApproval> current;
  for (const auto& record : standing.records) {
    if (record.current) {
      current.push_back(signed_approval(*record.entry));
    }
  }
  for (const auto& [role, wanted] : kind->approvals) {
    const auto count = rules::count_role(current, role, "");
    if (!count.rejecters.empty()) {
      out.push_back("rejected in role " + role + " by " + util::join(count.rejecters, ", "));
    }
    if (auto shortfall = count.shortfall(role, wanted); !shortfall.empty()) {
      out.push_back("needs" + shortfall.substr(4));
    }
  }
  return out;
}

approvals::ItemStanding item_standing_at(const git::Repository& repo,
                                         const policy::Policy& policy,
                                         const approvals::Index& index,
                                         const registry::Item& item,
                                         const std::string& at)
{
  // Each superseded record's item as its revision defined it, read once per revision.
  std::map<std::string, std::optional<registry::Registry>> registries;
  auto standing = approvals::item_standing(index, item, at, [&](const std::string& revision) {
    auto [it, added] = registries.try_emplace(revision);
    if (added && repo.has_object(revision)) {
      try {
        it->second = workspace::registry_at(repo, policy, revision);
      } catch (const Error&) {
        // a registry that no longer loads: the changed fields are not named
      }
    }
    return it->second ? it->second->find(item.id) : nullptr;
  });
  standing.awaiting = item_awaiting(standing);
  return standing;
}

bool needs_item_approvals(const policy::Policy& policy)
{
  return !policy.registry.files.empty() &&
         std::any_of(policy.kinds.begin(), policy.kinds.end(), [](const auto& kind) {
           return !kind.approvals.empty();
         });
}

namespace {

std::vector<rules::SignedApproval> signed_approvals(const approvals::Index& index,
                                                    const std::string& commit)
{
  std::vector<rules::SignedApproval> out;
  for (const auto* entry : index.for_commit(commit)) {
    out.push_back(signed_approval(*entry));
  }
  return out;
}

// What the kinds with `approvals` ask of the items COMMIT makes approved or changes while they
// are approved (rule item-approval), with FACTS the commit's facts. The registries come from
// SOURCES; a commit whose registry files are those of its first parent changes no item. A
// registry that cannot be read here is reported (rule registry) unless DIAGNOSTICS already has
// it: no item of it can be judged.
std::vector<rules::Diagnostic>
item_approval_diagnostics(const git::Repository& repo,
                          const policy::Policy& policy,
                          const approvals::Index& index,
                          const rules::CommitFacts& facts,
                          const git::CommitInfo& commit,
                          const rules::RegistrySource& sources,
                          const std::vector<rules::Diagnostic>& so_far)
{
  std::vector<rules::Diagnostic> out;
  const bool parent_here = !commit.parents.empty() && repo.has_object(commit.parents.front());
  if (parent_here && workspace::registry_key(repo, policy, commit.id) ==
                         workspace::registry_key(repo, policy, commit.parents.front())) {
    return out;
  }
  const rules::RegistryRead read = sources.commit();
  if (!read.problem.empty()) {
    if (std::none_of(so_far.begin(), so_far.end(), [](const auto& d) {
          return d.rule == policy::k_rule_registry;
        })) {
      out.push_back({std::string(policy::k_rule_registry),
                     commit.id,
                     "the registry cannot be read at this commit, so the approvals of its items "
                     "cannot be judged:\n" +
                         read.problem,
                     "fix the registry files in this commit",
                     0});
    }
    return out;
  }
  if (read.registry == nullptr) {
    return out;
  }
  const registry::Registry* before = parent_here ? sources.parent().registry : nullptr;
  for (const auto& item : read.registry->items) {
    const policy::Kind* kind = item.kind_spec;
    if (kind == nullptr || kind->approvals.empty() || !kind->is_approved(item.status)) {
      continue;
    }
    rules::ItemApprovalFacts facts_of_item;
    facts_of_item.kind = kind;
    facts_of_item.id = item.id;
    facts_of_item.status = item.status;
    const registry::Item* earlier = before ? before->find(item.id) : nullptr;
    facts_of_item.entered = earlier == nullptr || !kind->is_approved(earlier->status);
    if (!facts_of_item.entered) {
      for (const auto& field : registry::diff_items(*earlier, item)) {
        if (field.field != "status") {
          facts_of_item.changed.push_back(field.field);
        }
      }
      if (facts_of_item.changed.empty()) {
        continue;
      }
    }
    const std::string digest = approvals::item_digest(item);
    for (const auto* entry : index.for_item(item.id)) {
      if (entry->record.content == digest) {
        facts_of_item.approvals.push_back(signed_approval(*entry));
      } else if (std::any_of(kind->approvals.begin(), kind->approvals.end(), [&](const auto& a) {
                   return a.first == entry->record.role;
                 })) {
        ++facts_of_item.superseded;
      }
    }
    for (auto& d : rules::item_approval_problems(facts, facts_of_item)) {
      out.push_back(std::move(d));
    }
  }
  return out;
}

// What COMMIT changes in the [roles] of the committed trail.toml (rule roles-change), the
// policies read through the index INDEX_OF_REPO gives; nullopt when it changes nothing there or its
// first parent has no roles to own the change (the first roles are set up by whoever writes them).
// A merge changes a role only where it differs from every parent. A commit whose first parent is
// not here (a shallow boundary) and that holds roles cannot be told apart: RolesChange::unknown.
std::optional<rules::RolesChange>
roles_change_at(const git::Repository& repo,
                const std::function<const approvals::Index&()>& index_of_repo,
                const git::CommitInfo& commit)
{
  if (commit.parents.empty()) {
    return std::nullopt;
  }
  const auto changed = repo.top_entry_changed(commit, "trail.toml");
  if (changed && !*changed) {
    return std::nullopt;
  }
  // Only a commit that changes trail.toml (or whose parent is missing) reads the records.
  const approvals::Index& index = index_of_repo();
  const bool held = !repo.tree_id_at(commit.id, "trail.toml").empty();
  const std::string& first = commit.parents.front();
  rules::RolesChange change;
  change.before = first;
  if (!changed) { // the first parent is not here
    if (!held) {
      return std::nullopt;
    }
    try {
      const auto* after = index.committed_policy(commit.id);
      if (after == nullptr || after->roles.empty()) {
        return std::nullopt;
      }
    } catch (const Error&) {
      // a policy that does not load may hold roles
    }
    change.unknown =
        "its parent " + util::short_id(first) + " is not in this repository (a shallow clone?)";
    return change;
  }
  // The roles in force before the commit: its parent's; where the parent's trail.toml does not
  // load (that commit asked every role, as unreadable), the last first-parent ancestor's that
  // does. Records of the commit are still judged by its parent's, which cannot check them: such
  // a repair that also changes the roles is approved by a waiver (docs/approvals.md).
  const policy::Policy* before = nullptr;
  for (std::string at = first;;) {
    try {
      before = index.committed_policy(at);
      change.before = at;
      break;
    } catch (const Error& error) {
      const auto parents = repo.commit(at).parents;
      if (parents.empty()) {
        return std::nullopt; // no earlier roles at all
      }
      if (!repo.has_object(parents.front())) {
        const std::string what = error.what();
        change.unknown = "the policy committed at its parent " + util::short_id(first) +
                         " does not load (" + what.substr(0, what.find('\n')) +
                         "), nor any before it in this repository (a shallow clone?)";
        return change;
      }
      at = parents.front();
    }
  }
  if (before == nullptr || before->roles.empty()) {
    return std::nullopt;
  }
  for (const auto& role : before->roles) {
    change.owners.push_back(role.name);
  }
  const policy::Policy* after = nullptr;
  try {
    after = held ? index.committed_policy(commit.id) : nullptr;
  } catch (const Error& error) {
    const std::string what = error.what();
    change.unreadable = what.substr(0, what.find('\n'));
    return change;
  }
  static const policy::Policy none;
  const policy::Policy& now = after ? *after : none;
  auto diff = policy::diff_roles(*before, now);
  // A merge: what it takes from another parent is that parent's change, judged there.
  for (size_t i = 1; i < commit.parents.size() && !diff.empty(); ++i) {
    const policy::Policy* other = nullptr;
    try {
      if (repo.has_object(commit.parents[i])) {
        other = index.committed_policy(commit.parents[i]);
      }
    } catch (const Error&) {
      continue; // a parent whose policy does not load accounts for nothing
    }
    auto from_other = [&](const std::string& role) {
      return other != nullptr && policy::same_members(other->find_role(role), now.find_role(role));
    };
    for (auto* list : {&diff.changed, &diff.removed, &diff.added}) {
      list->erase(std::remove_if(list->begin(), list->end(), from_other), list->end());
    }
  }
  if (diff.empty()) {
    return std::nullopt;
  }
  change.changed = std::move(diff.changed);
  change.removed = std::move(diff.removed);
  change.added = std::move(diff.added);
  return change;
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
  // Signed approval records, read once for the whole range (when a rule asks for them, or a
  // commit changes [roles]) and each verified when first asked for.
  std::optional<approvals::Index> approval_index;
  auto index = [&]() -> const approvals::Index& {
    if (!approval_index) {
      approval_index =
          approvals::Index::load(repo, policy, options.extra_records, options.approvals_and_policy);
    }
    return *approval_index;
  };
  if (needs_approvals(policy)) {
    index();
  }
  // A pinned policy's roles judge every record: the committed [roles] then decide nothing.
  const bool roles_guarded = !policy.pinned;
  const bool item_approvals = registries && needs_item_approvals(policy);
  // The registries of the commit being judged (CURRENT) and of its first parent.
  const git::CommitInfo* current = nullptr;
  rules::RegistrySource sources;
  if (registries) {
    sources.commit = [&]() {
      return registries->at(current->id, &*parents);
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
    // A commit whose parent is not here (beyond a shallow boundary) may make every approved
    // item approved: what the kinds would ask of them is unjudged, like path-scoped rules.
    const bool parent_missing = !commit.parents.empty() && !repo.has_object(commit.parents.front());
    if (item_approvals) {
      auto items = item_approval_diagnostics(
          repo, policy, *approval_index, facts, commit, sources, diagnostics);
      std::move(items.begin(), items.end(), std::back_inserter(diagnostics));
    }
    bool roles_unknown = false;
    if (roles_guarded) {
      if (auto change = roles_change_at(repo, index, commit)) {
        if (!facts.approvals) {
          facts.approvals = signed_approvals(index(), commit.id);
        }
        roles_unknown = parent_missing && !change->unknown.empty();
        auto problems = rules::roles_change_problems(facts, *change);
        std::move(problems.begin(), problems.end(), std::back_inserter(diagnostics));
      }
    }
    apply_waivers(policy, diagnostics, report);
    if (facts.paths_unknown || (item_approvals && parent_missing) || roles_unknown) {
      if (facts.paths_unknown) {
        report.paths_unknown.push_back(commit.id);
      }
      // What a path-scoped rule says of a commit whose paths are unknown is only what it would
      // say if the commit touched its paths: not a violation, not clean, but unjudged.
      const auto uncertain =
          std::stable_partition(diagnostics.begin(), diagnostics.end(), [&](const auto& d) {
            return !(facts.paths_unknown && path_scoped(policy, d.rule)) &&
                   !(parent_missing && (d.rule == policy::k_rule_item_approval ||
                                        d.rule == policy::k_rule_roles_change));
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
    if (!policy.pinned) {
      if (auto change = roles_change_at(
              repo, [&]() -> const approvals::Index& { return index; }, standing.commit)) {
        for (auto& d : rules::roles_change_problems(facts, *change)) {
          standing.awaiting.push_back(std::move(d));
        }
      }
    }
    out.push_back(std::move(standing));
  }
  return out;
}

} // namespace trail::history
