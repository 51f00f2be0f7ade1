#include "core/hooks/push.hpp"

#include "core/approvals/index.hpp"
#include "core/release/verify.hpp"
#include "core/rules/tags.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace trail::hooks {

namespace {

constexpr std::string_view k_heads = "refs/heads/";
constexpr std::string_view k_tags = "refs/tags/";

std::vector<std::string_view> fields(std::string_view line)
{
  std::vector<std::string_view> out;
  for (const auto piece : util::split(util::trim(line), ' ')) {
    if (!piece.empty()) {
      out.push_back(piece);
    }
  }
  return out;
}

bool is_hex_id(std::string_view id)
{
  return (id.size() == 40 || id.size() == 64) && std::all_of(id.begin(), id.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c));
         });
}

std::vector<std::vector<std::string_view>>
read_lines(std::string_view input, size_t count, std::string_view hook, std::string_view shape)
{
  std::vector<std::vector<std::string_view>> lines;
  for (const auto line : util::split_lines(input)) {
    if (util::trim(line).empty()) {
      continue;
    }
    auto parts = fields(line);
    if (parts.size() != count) {
      throw UsageError(std::string(hook) + ": cannot read the line '" + std::string(line) +
                       "' from git; expected " + std::string(shape));
    }
    lines.push_back(std::move(parts));
  }
  return lines;
}

void merge_into(history::CheckReport& total, history::CheckReport&& part)
{
  total.checked += part.checked;
  total.failing_commits += part.failing_commits;
  total.violations += part.violations;
  total.merges_skipped += part.merges_skipped;
  std::move(part.failures.begin(), part.failures.end(), std::back_inserter(total.failures));
  std::move(part.waived.begin(), part.waived.end(), std::back_inserter(total.waived));
  std::move(part.shallow_boundary.begin(),
            part.shallow_boundary.end(),
            std::back_inserter(total.shallow_boundary));
  std::move(part.paths_unknown.begin(),
            part.paths_unknown.end(),
            std::back_inserter(total.paths_unknown));
  std::move(part.unjudged.begin(), part.unjudged.end(), std::back_inserter(total.unjudged));
  if (total.baseline_missing.empty()) {
    total.baseline_missing = std::move(part.baseline_missing);
  }
}

// Returns the walk that yields the commits UPDATE brings and SIDE does not have yet.
git::WalkSpec
new_commits(const git::Repository& repo, const RefUpdate& update, const PushSide& side)
{
  git::WalkSpec spec;
  spec.revisions = {update.new_id};
  spec.head_when_empty = false;
  if (side.server) {
    spec.hide_globs = {"refs/*"}; // before pre-receive returns, refs still hold their old values
    return spec;
  }
  if (!side.remote.empty()) {
    spec.hide_globs = {"refs/remotes/" + side.remote + "/*"};
  }
  if (!is_zero_id(update.old_id) && repo.has_object(update.old_id)) {
    spec.hide = {update.old_id};
  }
  return spec;
}

std::optional<std::string> branch_of(const std::string& ref)
{
  if (ref.starts_with(k_heads)) {
    return ref.substr(k_heads.size());
  }
  return std::nullopt;
}

void check_tag_update(const git::Repository& repo,
                      const policy::Policy& policy,
                      const workspace::MessageSettings& settings,
                      const RefUpdate& update,
                      PushReport& report)
{
  rules::TagUpdate tag;
  tag.name = update.ref.substr(k_tags.size());
  tag.created = is_zero_id(update.old_id);
  tag.deleted = is_zero_id(update.new_id);
  if (!tag.deleted) {
    const auto info = repo.tag_object(update.new_id);
    tag.annotated = info.annotated;
    tag.is_signed = info.is_signed;
  }
  for (auto& d : rules::check_tag(policy, tag)) {
    report.tags.push_back(std::move(d));
  }
  // [tags] manifest: a new release tag must carry a manifest that verifies against its tree,
  // checked on the objects being pushed (in a pre-receive quarantine they have no ref yet).
  const bool release = policy.tags.release_pattern && policy::is_release_tag(policy, tag.name);
  if (policy.tags.manifest && release && tag.created && !tag.deleted) {
    release::VerifyOptions options;
    options.tag = tag.name;
    options.require_signature = policy.tags.signed_;
    const auto verified =
        release::verify_tag(repo, settings, repo.tag_object(update.new_id, tag.name), options);
    if (verified.passed() && !verified.complete()) {
      report.notes.push_back("release tag " + tag.name + ": verification evidence: not compared (" +
                             std::to_string(verified.evidence_claimed) +
                             " report(s) claimed; a push carries no reports: a claim is not "
                             "evidence, compare it with git trail verify " +
                             tag.name + " --results FILE...)");
    }
    for (const auto& problem : verified.problems) {
      report.tags.push_back(
          {std::string(policy::k_rule_tag),
           {},
           "release tag " + tag.name + ": " + problem.message,
           "make release tags with `git trail release`; check one with `git trail verify " +
               tag.name + "`",
           0});
    }
  }
}

// An approval record the push brings (refs/trail/approvals/ID): created, never changed, and
// valid: named by its own id, a record git-trail wrote, signed by a member of its role, about
// commits the repository has. Returns what is wrong, or "".
std::string check_record_update(const git::Repository& repo,
                                const policy::Policy& policy,
                                const RefUpdate& update)
{
  if (is_zero_id(update.new_id)) {
    return "approval records are never deleted";
  }
  if (!is_zero_id(update.old_id)) {
    return "approval records are never rewritten (it points at " + update.old_id.substr(0, 12) +
           ")";
  }
  const std::string expected = std::string(approvals::k_ref_prefix) + update.new_id;
  if (update.ref != expected) {
    return "an approval record's reference is named by the record's id: " + expected;
  }
  // A record is stored when it is valid under the roles in force for what it approves, as every
  // reader judges it (approvals::Index): a late record of a member who has since left is kept.
  approvals::Entry entry;
  try {
    const auto index = approvals::Index::of(repo, policy, {update.new_id});
    entry = index.entries().front();
  } catch (const Error& error) {
    return "approval record " + update.new_id.substr(0, 12) + " cannot be read: " + error.what();
  }
  if (!entry.record.revision.empty() && !repo.has_object(entry.record.revision)) {
    return "approval record " + update.new_id.substr(0, 12) + " approves " +
           (entry.record.item.empty() ? "release " + entry.record.release
                                      : "item " + entry.record.item) +
           " at commit " + entry.record.revision + ", which the repository does not have";
  }
  for (const auto& target : entry.record.commits) {
    if (!repo.has_object(target)) {
      return "approval record " + update.new_id.substr(0, 12) + " approves commit " + target +
             ", which the repository does not have";
    }
  }
  if (entry.verdict.status != approvals::Verdict::Status::valid) {
    return "approval record " + update.new_id.substr(0, 12) +
           " is not valid: " + std::string(approvals::status_name(entry.verdict.status)) + ": " +
           entry.verdict.why;
  }
  return {};
}

constexpr std::string_view k_under_pre_commit = "pre-push under pre-commit: ";

// The ref update pre-commit's variables describe (see read_pre_push).
RefUpdate pre_commit_update(const git::Repository& repo,
                            const policy::Policy& policy,
                            const PreCommitEnv& env)
{
  std::vector<std::string> unset;
  const std::pair<const char*, const std::optional<std::string>*> always[] = {
      {"PRE_COMMIT_REMOTE_NAME", &env.remote_name},
      {"PRE_COMMIT_REMOTE_URL", &env.remote_url},
      {"PRE_COMMIT_REMOTE_BRANCH", &env.remote_branch},
      {"PRE_COMMIT_LOCAL_BRANCH", &env.local_branch}};
  for (const auto& [name, value] : always) {
    if (!*value) {
      unset.emplace_back(name);
    }
  }
  if (env.from_ref && !env.to_ref) {
    unset.emplace_back("PRE_COMMIT_TO_REF");
  }
  if (env.to_ref && !env.from_ref) {
    unset.emplace_back("PRE_COMMIT_FROM_REF");
  }
  if (!unset.empty()) {
    throw UsageError(std::string(k_under_pre_commit) + util::join(unset, ", ") +
                     (unset.size() == 1 ? " is" : " are") +
                     " not set and git's input is empty: git-trail cannot tell what is pushed "
                     "and refuses the push (pre-commit sets these for each push it runs its "
                     "hooks for)");
  }
  const std::string& ref = *env.remote_branch;
  if (ref.starts_with(k_tags) && policy.tags.release_pattern) {
    throw UsageError(std::string(k_under_pre_commit) + "pre-commit does not say whether " + ref +
                     " is new on " + *env.remote_name +
                     ", so the tag rules cannot be applied and git-trail refuses the push; push "
                     "the commits first and the tag after them (the server's pre-receive judges "
                     "it), or use git-trail's own pre-push hook (git trail hooks install "
                     "pre-push)");
  }
  if (!env.from_ref) {
    // pre-commit names no range when every commit up to a root is new to the remote: judge all
    // the local ref has that the remote lacks.
    try {
      return {ref, std::string(40, '0'), repo.resolve_commit(*env.local_branch)};
    } catch (const UsageError&) {
      throw UsageError(std::string(k_under_pre_commit) + "PRE_COMMIT_LOCAL_BRANCH '" +
                       *env.local_branch +
                       "' names no commit in this repository; git-trail refuses the push");
    }
  }
  const std::pair<const char*, const std::string*> range[] = {
      {"PRE_COMMIT_FROM_REF", &*env.from_ref}, {"PRE_COMMIT_TO_REF", &*env.to_ref}};
  for (const auto& [name, value] : range) {
    if (!is_hex_id(*value) || !repo.has_object(*value)) {
      throw UsageError(std::string(k_under_pre_commit) + name + " '" + *value +
                       "' names no object in this repository; git-trail refuses the push");
    }
  }
  return {ref, *env.from_ref, *env.to_ref};
}

} // namespace

std::vector<std::string> created_records(const std::vector<RefUpdate>& updates)
{
  std::vector<std::string> out;
  for (const auto& update : updates) {
    if (update.ref.starts_with(approvals::k_ref_prefix) && !is_zero_id(update.new_id) &&
        is_hex_id(update.new_id)) {
      out.push_back(update.new_id);
    }
  }
  return out;
}

bool is_zero_id(std::string_view id)
{
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return c == '0'; });
}

std::vector<RefUpdate> parse_pre_push(std::string_view input)
{
  std::vector<RefUpdate> updates;
  for (const auto& f :
       read_lines(input, 4, "pre-push", "'<local ref> <local id> <remote ref> <remote id>'")) {
    if (!is_hex_id(f[1]) || !is_hex_id(f[3])) {
      throw UsageError("pre-push: '" + std::string(f[1]) + "' or '" + std::string(f[3]) +
                       "' is not an object id");
    }
    updates.push_back({std::string(f[2]), std::string(f[3]), std::string(f[1])});
  }
  return updates;
}

PrePush read_pre_push(const git::Repository& repo,
                      const policy::Policy& policy,
                      std::string_view input,
                      const std::string& remote,
                      const PreCommitEnv& env)
{
  auto updates = parse_pre_push(input);
  if (!updates.empty() || !env.any()) {
    if (remote.empty()) {
      throw UsageError("pre-push: no remote named; git passes it: git trail hook pre-push REMOTE "
                       "[URL] < git's ref lines");
    }
    return {remote, std::move(updates)};
  }
  // pre-commit read git's lines: judge the ref its variables name, as git's line would be.
  auto update = pre_commit_update(repo, policy, env);
  if (!remote.empty() && remote != *env.remote_name) {
    throw UsageError(std::string(k_under_pre_commit) + "the remote named on the command line ('" +
                     remote + "') is not PRE_COMMIT_REMOTE_NAME ('" + *env.remote_name +
                     "'); git-trail refuses the push");
  }
  return {*env.remote_name, {std::move(update)}};
}

std::vector<RefUpdate> parse_pre_receive(std::string_view input)
{
  std::vector<RefUpdate> updates;
  for (const auto& f : read_lines(input, 3, "pre-receive", "'<old id> <new id> <ref>'")) {
    if (!is_hex_id(f[0]) || !is_hex_id(f[1])) {
      throw UsageError("pre-receive: '" + std::string(f[0]) + "' or '" + std::string(f[1]) +
                       "' is not an object id");
    }
    updates.push_back({std::string(f[2]), std::string(f[0]), std::string(f[1])});
  }
  return updates;
}

PushReport check_push(const git::Repository& repo,
                      const policy::Policy& policy,
                      const workspace::MessageSettings& settings,
                      const std::vector<RefUpdate>& updates,
                      const PushSide& side)
{
  PushReport report;
  report.commits.policy_source = policy.source;
  report.commits.incomplete_accepted = side.allow_incomplete;
  std::unordered_set<std::string> checked;
  // Records in this push count for the commits it brings (their references do not exist yet
  // on the receiving side).
  std::vector<std::string> records = side.pushed_records;
  for (const auto& update : updates) {
    if (update.ref.starts_with(approvals::k_ref_prefix)) {
      ++report.refs;
      if (auto problem = check_record_update(repo, policy, update); !problem.empty()) {
        report.records.push_back({"approval-records",
                                  update.new_id,
                                  update.ref + ": " + problem,
                                  "approval records are only added, with `git trail approve`",
                                  0});
      }
    }
  }
  for (const auto& id : created_records(updates)) {
    if (std::find(records.begin(), records.end(), id) == records.end()) {
      records.push_back(id);
    }
  }
  for (const auto& update : updates) {
    if (update.ref.starts_with(approvals::k_ref_prefix)) {
      continue; // a record is not history
    }
    ++report.refs;
    if (update.ref.starts_with(k_tags)) {
      check_tag_update(repo, policy, settings, update, report);
    }
    if (is_zero_id(update.new_id)) {
      continue; // a deletion brings no commits
    }
    if (repo.tag_object(update.new_id).target.empty()) {
      continue; // a tag of a tree or blob
    }
    history::CheckOptions options;
    options.walk = new_commits(repo, update, side);
    options.branch = branch_of(update.ref);
    options.allow_incomplete = side.allow_incomplete;
    options.extra_records = records;
    // The server's policy is the one before the push, so a push cannot bring the roles its
    // records count by. pre-push's is the working tree's, after the change: asking it too
    // would refuse the approvals of a member the push itself retires.
    options.approvals_and_policy = side.server;
    // New commits are those the other side lacks; the baseline still exempts old history.
    merge_into(report.commits, history::check_history(repo, policy, settings, options, &checked));
  }
  return report;
}

} // namespace trail::hooks
