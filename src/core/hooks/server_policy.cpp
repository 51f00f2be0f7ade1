#include "core/hooks/server_policy.hpp"

#include "core/history/check.hpp"
#include "core/policy/load.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <map>

namespace trail::hooks {

namespace {

constexpr std::string_view k_heads = "refs/heads/";

std::string short_ref(const std::string& ref)
{
  for (const std::string_view prefix :
       {std::string_view("refs/heads/"), std::string_view("refs/tags/")}) {
    if (ref.starts_with(prefix)) {
      return ref.substr(prefix.size());
    }
  }
  return ref;
}

// A commit whose trail.toml may be the policy, and how to name it to the pusher.
using Candidate = PolicyCommit;

// A policy read from a commit: absent, loaded, or broken (ERROR holds file:line:col).
struct Loaded
{
  std::optional<std::string> text; // trail.toml's bytes; nullopt when the commit has none
  std::shared_ptr<const policy::Policy> policy;
  std::string error;
};

// Loads trail.toml at COMMIT, named by git's own object syntax (<id>:trail.toml) so that the
// file:line:col of a problem can be opened with `git show`; waivers must name known commits.
// Each (commit, name) is loaded once per push, so that updates under one policy share it.
Loaded load_at(const git::Repository& repo, const std::string& commit, const std::string& name)
{
  Loaded loaded;
  loaded.text = repo.read_file_at(commit, "trail.toml");
  if (!loaded.text) {
    return loaded;
  }
  try {
    auto policy = policy::parse_policy(*loaded.text, util::short_id(commit) + ":trail.toml");
    history::validate_waivers(repo, policy);
    policy.source = name;
    loaded.policy = std::make_shared<const policy::Policy>(std::move(policy));
  } catch (const policy::PolicyError& error) {
    loaded.error = error.what();
  }
  return loaded;
}

// The policies read during one push, each (commit, name) once, so that updates checked against
// the same policy share it (and each commit is checked once).
class Loads
{
public:
  explicit Loads(const git::Repository& repo) : m_repo(repo) {}

  const Loaded& at(const std::string& commit, const std::string& name)
  {
    auto key = std::make_pair(commit, name);
    auto it = m_loaded.find(key);
    if (it == m_loaded.end()) {
      it = m_loaded.emplace(std::move(key), load_at(m_repo, commit, name)).first;
    }
    return it->second;
  }

private:
  const git::Repository& m_repo;
  std::map<std::pair<std::string, std::string>, Loaded> m_loaded;
};

// The policy the push brings on UPDATE's ref (one name, so each pushed tip is read once).
const Loaded& pushed_policy(Loads& loads, const RefUpdate& update)
{
  return loads.at(update.new_id,
                  short_ref(update.ref) + ":trail.toml at " + util::short_id(update.new_id) +
                      ", pushed");
}

} // namespace

// What the server does when it cannot tell which policy applies.
std::string pin_advice()
{
  return "  pin the policy on the server, then push again:\n"
         "    git symbolic-ref HEAD refs/heads/main       HEAD names the branch that holds "
         "trail.toml\n"
         "    git config trail.policyRef refs/heads/main  new refs use that branch's trail.toml\n"
         "    GIT_TRAIL_POLICY=/etc/git-trail/trail.toml  one file, in the environment git runs "
         "hooks with\n";
}

std::optional<PolicyCommit> default_policy_commit(const git::Repository& repo,
                                                  std::string& why_none)
{
  if (auto ref = repo.config_string("trail.policyRef"); ref && !ref->empty()) {
    try {
      const std::string id = repo.resolve_commit(*ref);
      return Candidate{
          id, short_ref(*ref) + ":trail.toml at " + util::short_id(id) + ", trail.policyRef"};
    } catch (const UsageError&) {
      why_none = "trail.policyRef names '" + *ref + "', which is no commit on this server";
      return std::nullopt;
    }
  }
  const auto head = repo.head();
  if (!head.commit) {
    why_none = "HEAD names " +
               (head.branch ? "refs/heads/" + *head.branch : std::string("nothing")) +
               ", which does not exist on this server";
    return std::nullopt;
  }
  return Candidate{*head.commit,
                   (head.branch ? *head.branch : std::string("HEAD")) + ":trail.toml at " +
                       util::short_id(*head.commit) + ", HEAD"};
}

namespace {

// The policy for one update, or a refusal.
struct Choice
{
  std::shared_ptr<const policy::Policy> policy;
  std::string note;
  std::string refusal;
};

// Returns the pushed tip's policy as a repair of BROKEN (a committed policy that does not load).
Choice repair(Loads& loads, const RefUpdate& update, const Candidate& base, const Loaded& broken)
{
  Choice choice;
  const std::string problem =
      "git-trail: the policy committed at " + base.name + " does not load:\n" + broken.error + "\n";
  if (is_zero_id(update.new_id)) {
    choice.refusal = problem + "  push a commit that repairs trail.toml first\n";
    return choice;
  }
  const auto& pushed = pushed_policy(loads, update);
  if (pushed.policy) {
    choice.policy = pushed.policy;
    choice.note = problem + "git-trail: this push repairs it: " + update.ref +
                  " is checked against the pushed policy (" + pushed.policy->source + ")\n";
  } else {
    choice.refusal =
        problem + (pushed.text ? "and the pushed one does not load either:\n" + pushed.error + "\n"
                               : "and this push brings no trail.toml to repair it\n");
  }
  return choice;
}

Choice
choose(const git::Repository& repo, Loads& loads, const RefUpdate& update, bool repository_empty)
{
  std::vector<Candidate> candidates;
  if (!is_zero_id(update.old_id) && update.ref.starts_with(k_heads) &&
      repo.has_object(update.old_id)) {
    candidates.push_back({update.old_id,
                          short_ref(update.ref) + ":trail.toml at " +
                              util::short_id(update.old_id) + ", before the push"});
  }
  std::string why_none;
  if (auto fallback = default_policy_commit(repo, why_none)) {
    candidates.push_back(*fallback);
  }
  for (const auto& candidate : candidates) {
    const auto& loaded = loads.at(candidate.commit, candidate.name);
    if (loaded.policy) {
      return {loaded.policy, {}, {}};
    }
    if (loaded.text) {
      return repair(loads, update, candidate, loaded);
    }
  }
  Choice choice;
  if (repository_empty && !is_zero_id(update.new_id)) {
    const auto& pushed = pushed_policy(loads, update);
    if (pushed.policy) {
      choice.policy = pushed.policy;
      choice.note =
          "git-trail: this push creates the first policy of an empty repository: " + update.ref +
          " is checked against it (" + pushed.policy->source + ")\n";
      return choice;
    }
    if (pushed.text) {
      choice.refusal = "git-trail: the first policy pushed to this repository does not load:\n" +
                       pushed.error + "\n";
      return choice;
    }
  }
  std::string own = !update.ref.starts_with(k_heads) ? update.ref + " is not a branch"
                    : is_zero_id(update.old_id)      ? update.ref + " is new"
                                                : update.ref + " has no trail.toml before the push";
  std::string fallback = !why_none.empty() ? why_none : "there is no " + candidates.back().name;
  choice.refusal = "git-trail: refusing " + update.ref +
                   ": the server cannot tell which policy to enforce: " + own + ", and " +
                   fallback + ".\n" + pin_advice();
  return choice;
}

// Refuses a pushed trail.toml or registry that does not load (so that no push can lock the
// server), unless it is the same as before.
std::string check_pushed_files(const git::Repository& repo,
                               Loads& loads,
                               const RefUpdate& update,
                               const policy::Policy& enforced)
{
  if (is_zero_id(update.new_id) || repo.tag_object(update.new_id).target.empty()) {
    return {};
  }
  const bool had_old = !is_zero_id(update.old_id) && repo.has_object(update.old_id) &&
                       !repo.tag_object(update.old_id).target.empty();
  const auto& pushed = pushed_policy(loads, update);
  const auto before = had_old ? repo.read_file_at(update.old_id, "trail.toml") : std::nullopt;
  if (pushed.text && !pushed.policy && pushed.text != before) {
    return "git-trail: refusing " + update.ref + ": the pushed trail.toml does not load:\n" +
           pushed.error +
           "\n  fix it and push again (a broken policy would stop every later push)\n";
  }
  const policy::Policy& registry_policy = pushed.policy ? *pushed.policy : enforced;
  if (registry_policy.registry.files.empty()) {
    return {};
  }
  if (had_old && workspace::registry_key(repo, registry_policy, update.old_id) ==
                     workspace::registry_key(repo, registry_policy, update.new_id)) {
    return {};
  }
  try {
    (void)workspace::registry_at(repo, registry_policy, update.new_id);
  } catch (const policy::PolicyError& error) {
    return "git-trail: refusing " + update.ref + ": the pushed registry does not load:\n" +
           error.what() + "\n  fix it and push again\n";
  }
  return {};
}

} // namespace

int ServerReport::exit_code() const
{
  int code = refusals.empty() ? k_exit_clean : k_exit_violations;
  for (const auto& group : groups) {
    const int group_code = group.report.exit_code();
    if (group_code == k_exit_violations || (group_code != k_exit_clean && code == k_exit_clean)) {
      code = group_code;
    }
  }
  return code;
}

ServerReport check_server_push(const git::Repository& repo,
                               const workspace::MessageSettings& settings,
                               const std::vector<RefUpdate>& updates,
                               const std::optional<policy::Policy>& pinned,
                               bool allow_incomplete)
{
  ServerReport result;
  Loads loads(repo);
  const bool repository_empty = !pinned && !repo.has_refs();
  std::shared_ptr<const policy::Policy> pinned_policy;
  if (pinned) {
    pinned_policy = std::make_shared<const policy::Policy>(*pinned);
  }
  // Updates that share a policy (and its note) are checked together, each commit once.
  std::map<std::pair<const policy::Policy*, std::string>, size_t> group_of;
  for (const auto& update : updates) {
    Choice choice = pinned_policy ? Choice{pinned_policy, {}, {}}
                                  : choose(repo, loads, update, repository_empty);
    if (!choice.policy) {
      result.refusals.push_back(choice.refusal);
      continue;
    }
    if (auto problem = check_pushed_files(repo, loads, update, *choice.policy); !problem.empty()) {
      result.refusals.push_back(problem);
      continue;
    }
    const auto key = std::make_pair(choice.policy.get(), choice.note);
    auto [it, inserted] = group_of.emplace(key, result.groups.size());
    if (inserted) {
      result.groups.push_back({choice.policy, choice.note, {}, {}});
    }
    result.groups[it->second].updates.push_back(update);
  }
  PushSide side;
  side.server = true;
  side.allow_incomplete = allow_incomplete;
  side.pushed_records = created_records(updates);
  for (auto& group : result.groups) {
    group.report = check_push(repo, *group.policy, settings, group.updates, side);
  }
  return result;
}

} // namespace trail::hooks
