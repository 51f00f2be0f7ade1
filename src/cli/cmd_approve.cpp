// `git trail approve TARGET --role ROLE` and `git trail approvals [TARGET]`: signed approval
// records (docs/approvals.md).

#include "cli/command.hpp"
#include "core/approvals/approve.hpp"
#include "core/approvals/index.hpp"
#include "core/approvals/item.hpp"
#include "core/history/check.hpp"
#include "core/release/manifest.hpp"
#include "core/release/manifest_json.hpp"
#include "core/render/approvals_report.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>

namespace trail::cli {

namespace {

std::string dump(const nlohmann::ordered_json& json)
{
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// The registry item TARGET names at revision AT (a full id), or null when TARGET names none
// there (it is then a revision or a range). A name that is both is refused.
const registry::Item*
item_named(workspace::Context& context, const std::string& target, const std::string& at)
{
  if (target.find("..") != std::string::npos || target.starts_with("^")) {
    return nullptr;
  }
  const auto read = context.registry_at(at);
  const registry::Item* item = read.registry ? read.registry->find(target) : nullptr;
  if (item == nullptr) {
    return nullptr;
  }
  bool revision = true;
  try {
    context.repo().resolve_commit(target);
  } catch (const UsageError&) {
    revision = false;
  }
  if (revision) {
    throw UsageError("'" + target +
                     "' names both a registry item and a revision; name the revision by its "
                     "commit id to approve the commit");
  }
  return item;
}

struct ApproveOptions
{
  approvals::ApproveRequest request;
  std::string at = "HEAD";
  std::string format = "text";
  bool release = false;             // TARGET is a release version
  std::vector<std::string> results; // --results, for a release
};

int run_approve(const ApproveOptions& options, workspace::Context& context)
{
  auto request = options.request;
  const auto& repo = context.repo();
  request.revision = repo.resolve_commit(options.at);
  if (options.release) {
    // The manifest `git trail release VERSION --results ...` would tag at the revision, built
    // under the policy committed there, as release builds it.
    const auto manifest = release::build_manifest(
        repo,
        context.policy_at(request.revision),
        workspace::read_message_settings(repo),
        release::release_manifest_options(request.revision, request.target, options.results));
    request.release = request.target;
    request.manifest_digest = util::sha256_hex(release::manifest_text(manifest));
  } else if (!options.results.empty()) {
    throw UsageError("--results is for a release: pass --release to approve release " +
                     request.target);
  } else {
    request.item = item_named(context, request.target, request.revision);
  }
  const auto approved = approvals::approve(repo, context.policy(), request);
  if (options.format == "json") {
    out(dump(render::approved_json(approved)));
  } else {
    err(render::approved_text(approved));
  }
  return k_exit_clean;
}

struct ApprovalsOptions
{
  std::string target;
  std::string at = "HEAD";
  std::string format = "text";
  std::string branch;
};

int run_approvals(const ApprovalsOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto& policy = context.policy();
  const auto index = approvals::Index::load(repo, policy);
  if (options.target.empty()) {
    out(options.format == "json" ? dump(render::approvals_json(index.entries()))
                                 : render::approvals_text(index.entries()));
    return k_exit_clean;
  }
  const std::string at = repo.resolve_commit(options.at);
  if (const registry::Item* item = item_named(context, options.target, at)) {
    const auto standing = history::item_standing_at(repo, policy, index, *item, at);
    out(options.format == "json" ? dump(render::item_standing_json(standing))
                                 : render::item_standing_text(standing));
    return standing.approved_now() ? k_exit_clean : k_exit_violations;
  }
  std::optional<std::string> branch;
  if (!options.branch.empty()) {
    branch = options.branch;
  }
  const auto standing = history::approval_standing(repo,
                                                   policy,
                                                   context.settings(),
                                                   index,
                                                   approvals::target_commits(repo, options.target),
                                                   branch);
  out(options.format == "json" ? dump(render::standing_json(standing))
                               : render::standing_text(standing));
  const bool awaiting = std::any_of(
      standing.begin(), standing.end(), [](const auto& s) { return !s.awaiting.empty(); });
  return awaiting ? k_exit_violations : k_exit_clean;
}

} // namespace

Handler setup_approve(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<ApproveOptions>();
  sub.footer(
      "Writes a signed approval record: a commit of its own, outside history, that names ROLE,\n"
      "the meaning, and the exact commits approved (or, for a registry item, the digest of its\n"
      "definition at --at REV, status aside; with --release, the SHA-256 of the manifest\n"
      "`git trail release TARGET --results ...` would tag at --at REV), signed with your git\n"
      "signing key "
      "(gpg.format ssh and user.signingkey; `git commit-tree -S` signs it). The record is kept\n"
      "under refs/trail/approvals/ID and never changed; share it with\n"
      "`git push origin 'refs/trail/approvals/*'`. It is written only when it will count: your\n"
      "key must be listed for ROLE in the [roles] in force for what you approve (trail.toml\n"
      "committed before the approved commit, or at --at REV for an item or a release), and the\n"
      "signature must verify. A commit that changes [roles] needs the approval of each role it\n"
      "changes, by a member as the roles stood before it (rule roles-change).\n"
      "An author's approval of their own commit is recorded but does not count toward\n"
      "require.approvals. Exit 0 when written, 2 when not (nothing is left behind).\n"
      "docs/approvals.md explains the model and its limits.");
  sub.add_option(
         "target",
         options->request.target,
         "The commit (a revision), the range A..B, the registry item ID, or with --release the "
         "version to approve")
      ->required();
  sub.add_option("--role", options->request.role, "The role you sign in ([roles] of trail.toml)")
      ->required()
      ->type_name("ROLE");
  sub.add_option("--meaning", options->request.meaning, "approved, reviewed or rejected")
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(approvals::k_meanings),
                                                     std::end(approvals::k_meanings))))
      ->default_str("approved");
  sub.add_option("-m,--message", options->request.text, "Your words, kept in the record")
      ->type_name("TEXT");
  sub.add_flag("--release",
               options->release,
               "TARGET is a release version: approve the manifest `git trail release TARGET` "
               "would tag at --at");
  sub.add_option("--at",
                 options->at,
                 "For an item: the revision whose definition you approve; for a release: the "
                 "commit to be released")
      ->default_str("HEAD")
      ->type_name("REV");
  sub.add_option("--results",
                 options->results,
                 "With --release: the JUnit reports `release` will be given (the manifest "
                 "records them, so they are part of what you approve)")
      ->type_name("FILE");
  sub.add_option("--format", options->format, "text (on standard error), or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  return [options](workspace::Context& context) {
    return run_approve(*options, context);
  };
}

Handler setup_approvals(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<ApprovalsOptions>();
  sub.footer(
      "Without TARGET, lists every approval record under refs/trail/approvals/, oldest first,\n"
      "each with its verdict: valid (signed by a member of its role, the signature verifies),\n"
      "not in role, unknown key, bad signature, unsigned, malformed or cannot check. A record's\n"
      "signer is shown only when its signature verifies; otherwise the name git recorded is\n"
      "shown as a claim. With TARGET (a commit or a range A..B), lists each commit's records\n"
      "and what the policy's require.approvals still asks of it (\"awaiting\"). With a registry\n"
      "item ID, lists its records, each current (it approves the definition at --at REV) or\n"
      "superseded (the item changed since; the fields are named). Exit 0 when nothing is\n"
      "awaited (an item: a valid current approval exists), 1 otherwise, 2 on errors.");
  sub.add_option("target", options->target, "A commit, a range A..B, or a registry item ID");
  sub.add_option("--at", options->at, "For an item: the revision whose definition is current")
      ->type_name("REV")
      ->default_str("HEAD");
  sub.add_option("--branch",
                 options->branch,
                 "The branch rules scoped by branch see (default: none, as for a commit of no "
                 "branch)")
      ->type_name("NAME");
  sub.add_option("--format", options->format, "text, or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  return [options](workspace::Context& context) {
    return run_approvals(*options, context);
  };
}

} // namespace trail::cli
