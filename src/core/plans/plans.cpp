#include "core/plans/plans.hpp"

#include "core/release/manifest.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace trail::plans {

namespace {

bool contains(const std::vector<std::string>& list, std::string_view value)
{
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The item that is the plan of TYPE: the first not in a closed state, else the last closed one.
const registry::Item* plan_item(const registry::Registry& registry, const std::string& type)
{
  const registry::Item* closed = nullptr;
  for (const auto& item : registry.items) {
    if (item.plan != type || !registry::has_role(item, policy::KindRole::plan)) {
      continue;
    }
    if (!item.kind_spec->is_closed(item.status)) {
      return &item;
    }
    closed = &item;
  }
  return closed;
}

// Fills each status's last_change: one walk of REV's history for every document found.
void find_last_changes(const git::Repository& repo,
                       const std::string& commit,
                       std::vector<PlanStatus>& statuses)
{
  std::map<std::string, std::vector<PlanStatus*>> pending;
  for (auto& status : statuses) {
    if (status.document_found) {
      pending[status.document].push_back(&status);
    }
  }
  if (pending.empty()) {
    return;
  }
  git::WalkSpec spec;
  spec.revisions = {commit};
  repo.walk(spec, [&](const git::CommitInfo& info) {
    const auto changed = repo.changed_paths(info);
    if (!changed) {
      return true; // a shallow boundary: what it changed is unknown
    }
    for (const auto& path : *changed) {
      const auto found = pending.find(path);
      if (found == pending.end()) {
        continue;
      }
      const Change change{info.id, util::iso_date(info.committer_time, info.committer_offset)};
      for (auto* status : found->second) {
        status->last_change = change;
      }
      pending.erase(found);
    }
    return !pending.empty();
  });
}

std::vector<PlanStatus>
statuses_at(const git::Repository& repo,
            const policy::Policy& policy,
            const registry::Registry& registry,
            const std::string& commit,
            const std::optional<std::pair<std::string, std::string>>& previous);

} // namespace

std::vector<std::string> PlanStatus::missing_sections() const
{
  std::vector<std::string> missing;
  for (const auto& section : sections) {
    if (!section.heading) {
      missing.push_back(section.name);
    }
  }
  return missing;
}

std::vector<std::string> PlanStatus::gaps() const
{
  std::vector<std::string> out;
  if (id.empty()) {
    out.push_back("no registry item has plan = \"" + type + "\"");
    return out;
  }
  if (!approved) {
    out.push_back(id + " is " + (status.empty() ? "in no state" : "'" + status + "'") +
                  ", not in an approved state");
  }
  if (!document_found) {
    out.push_back(document + " is not in the tree");
    return out;
  }
  for (const auto& name : missing_sections()) {
    out.push_back(document + " has no section \"" + name + "\"");
  }
  return out;
}

bool PlanStatus::complete() const
{
  return gaps().empty();
}

size_t PlansReport::gaps() const
{
  return static_cast<size_t>(
      std::count_if(plans.begin(), plans.end(), [](const PlanStatus& p) { return !p.complete(); }));
}

std::vector<PlanStatus> plan_statuses(const git::Repository& repo,
                                      const policy::Policy& policy,
                                      const registry::Registry& registry,
                                      const std::string& rev)
{
  const std::string commit = repo.resolve_commit(rev);
  return statuses_at(
      repo, policy, registry, commit, release::find_previous_release(repo, policy, commit, ""));
}

PlansReport plans_report(const git::Repository& repo,
                         const policy::Policy& policy,
                         const registry::Registry& registry,
                         const std::string& rev)
{
  PlansReport report;
  report.rev = rev;
  report.commit = repo.resolve_commit(rev);
  const auto previous = release::find_previous_release(repo, policy, report.commit, "");
  if (previous) {
    report.release_tag = previous->first;
    report.release_commit = previous->second;
  }
  report.plans = statuses_at(repo, policy, registry, report.commit, previous);
  return report;
}

namespace {

std::vector<PlanStatus>
statuses_at(const git::Repository& repo,
            const policy::Policy& policy,
            const registry::Registry& registry,
            const std::string& commit,
            const std::optional<std::pair<std::string, std::string>>& previous)
{
  std::set<std::string> types;
  for (const auto& plan : policy.plans) {
    types.insert(plan.type);
  }
  for (const auto& item : registry.items) {
    if (!item.plan.empty() && registry::has_role(item, policy::KindRole::plan)) {
      types.insert(item.plan);
    }
  }
  std::vector<PlanStatus> statuses;
  for (const auto type : policy::k_plan_types) {
    if (types.count(std::string(type)) == 0) {
      continue;
    }
    PlanStatus status;
    status.type = type;
    const auto asked =
        std::find_if(policy.plans.begin(),
                     policy.plans.end(),
                     [&](const policy::PlanRequirement& p) { return p.type == type; });
    if (asked != policy.plans.end()) {
      status.required = true;
      status.required_where = asked->where;
      for (const auto& name : asked->sections) {
        status.sections.push_back({name, std::nullopt});
      }
    }
    if (previous) {
      status.release_tag = previous->first;
      status.release_commit = previous->second;
    }
    if (const auto* item = plan_item(registry, status.type)) {
      status.id = item->id;
      status.title = item->title;
      status.status = item->status;
      status.item_where = item->where;
      status.document = item->document;
      status.approved = contains(item->kind_spec->approved_states, item->status);
      status.closed = item->kind_spec->is_closed(item->status);
      if (const auto text = repo.read_file_at(commit, item->document)) {
        status.document_found = true;
        status.headings = markdown_headings(*text);
        for (auto& section : status.sections) {
          const std::string key = section_key(section.name);
          const auto heading =
              std::find_if(status.headings.begin(), status.headings.end(), [&](const Heading& h) {
                return section_key(h.text) == key;
              });
          if (heading != status.headings.end()) {
            section.heading = *heading;
          }
        }
        if (previous) {
          status.changed_since_release =
              repo.read_file_at(previous->second, item->document) != text;
        }
      }
    }
    statuses.push_back(std::move(status));
  }
  find_last_changes(repo, commit, statuses);
  return statuses;
}

} // namespace

} // namespace trail::plans
