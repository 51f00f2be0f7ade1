// `git trail hook NAME ...`: what the installed shims call.

#include "cli/command.hpp"
#include "core/history/check.hpp"
#include "core/hooks/commit_msg.hpp"
#include "core/hooks/prepare.hpp"
#include "core/hooks/push.hpp"
#include "core/hooks/server_policy.hpp"
#include "core/render/check_report.hpp"
#include "core/render/diagnostics.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/workspace/workspace.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace trail::cli {

namespace {

struct CommitMsgOptions
{
  std::string file;
  bool amend = false;
  bool verbose = false;
};

std::string plural(size_t n, const std::string& word)
{
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void tell_where_message_is(const CommitMsgOptions& options, bool amend)
{
  // git runs the hook from the top of the working tree and names the message file from there
  // (.git/COMMIT_EDITMSG; an absolute path in a linked worktree), but `git commit -F` reads it
  // from the folder the user runs it in, which git tells hooks in GIT_PREFIX ("" at the top,
  // "sub/" in a subdirectory). Keep git's path only when the user is at the top; otherwise
  // (a subdirectory, or not run by git) name the file by its absolute path.
  std::string file = options.file;
  const char* prefix = std::getenv("GIT_PREFIX");
  if (!prefix || *prefix != '\0') {
    std::error_code ec;
    file = std::filesystem::absolute(options.file, ec).lexically_normal().string();
  }
  if (file.find_first_not_of(
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./+=:@") !=
      std::string::npos) {
    std::string quoted = "'";
    for (const char c : file) {
      quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    file = quoted + "'";
  }
  err("git-trail: your message is kept in " + file + "; edit it and commit again with:\n" +
      "  git commit " + (amend ? "--amend " : "") + "-e -F " + file + "\n");
}

int run_commit_msg(const CommitMsgOptions& options, workspace::Context& context)
{
  auto invocation = hooks::parent_commit_options();
  invocation.amend = invocation.amend || options.amend;
  invocation.verbose = invocation.verbose || options.verbose;
  try {
    const auto diagnostics = hooks::judge_commit_msg(context, options.file, invocation);
    if (diagnostics.empty()) {
      return k_exit_clean;
    }
    err("git-trail: commit rejected: " + plural(diagnostics.size(), "problem") +
        " with the message (policy: " + context.policy().source + ")\n" +
        render::diagnostics_text(diagnostics));
    tell_where_message_is(options, invocation.amend);
    return k_exit_violations;
  } catch (const Error& e) {
    const int code = report_error(e);
    tell_where_message_is(options, invocation.amend);
    return code;
  }
}

struct PrepareOptions
{
  std::string file;
  std::string source;
  std::string commit;
};

int run_prepare_commit_msg(const PrepareOptions& options, workspace::Context& context)
{
  // Only a message the user is about to write gets a pre-filled link; -m/-F, merges, squashes
  // and reused messages are left as they are.
  if (!options.source.empty() && options.source != "template") {
    return k_exit_clean;
  }
  const auto& repo = context.repo();
  const auto& policy = context.policy();
  const auto head = repo.head();
  if (!head.branch) {
    return k_exit_clean;
  }
  const auto trailer = hooks::branch_link_trailer(policy, *head.branch);
  if (!trailer) {
    return k_exit_clean;
  }
  const auto& settings = context.settings();
  const std::string message = util::read_file(options.file);
  const std::string updated = hooks::add_trailer(message, *trailer, settings.trailers);
  if (updated != message) {
    util::write_file_atomic(options.file, updated);
  }
  return k_exit_clean;
}

struct PushOptions
{
  std::string remote;
  std::string url;
};

// Prints the outcome of checking some updates of a push against one policy; returns true when
// they may go ahead.
bool print_push_report(const hooks::PushReport& report, const std::string& what)
{
  for (const auto& note : report.notes) {
    err("git-trail: " + note + "\n");
  }
  if (report.passed()) {
    if (!report.commits.complete()) {
      err(render::check_text(
          report.commits)); // accepted with trail.allowIncomplete: say what was not judged
    }
    return true;
  }
  err("git-trail: " + what +
      (report.clean() ? " cannot be judged in full" : " rejected by the policy") + " (" +
      report.commits.policy_source + ")\n");
  err(render::check_text(report.commits));
  for (const auto& d : report.tags) {
    err("  tag: " + d.message + "\n      " + d.hint + "\n");
  }
  for (const auto& d : report.records) {
    err("  approval record: " + d.message + "\n      " + d.hint + "\n");
  }
  return false;
}

// What to do about a push that cannot be judged in full (a shallow clone, say).
constexpr std::string_view k_incomplete_advice =
    "git-trail: to push anyway, accept what cannot be judged once: git -c "
    "trail.allowIncomplete=true push\n";

// What the pre-commit framework tells the hooks of its push stage, in place of git's input.
hooks::PreCommitEnv pre_commit_env()
{
  hooks::PreCommitEnv env;
  env.running = std::getenv("PRE_COMMIT") != nullptr;
  env.from_ref = util::environment("PRE_COMMIT_FROM_REF");
  env.to_ref = util::environment("PRE_COMMIT_TO_REF");
  env.remote_name = util::environment("PRE_COMMIT_REMOTE_NAME");
  env.remote_url = util::environment("PRE_COMMIT_REMOTE_URL");
  env.remote_branch = util::environment("PRE_COMMIT_REMOTE_BRANCH");
  env.local_branch = util::environment("PRE_COMMIT_LOCAL_BRANCH");
  return env;
}

int run_pre_push(const PushOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto& policy = context.policy();
  history::validate_waivers(repo, policy);
  const auto push =
      hooks::read_pre_push(repo, policy, util::read_stdin(), options.remote, pre_commit_env());
  hooks::PushSide side;
  side.remote = push.remote;
  side.allow_incomplete = workspace::config_bool(repo, "trail.allowIncomplete");
  const auto report = hooks::check_push(repo, policy, context.settings(), push.updates, side);
  if (print_push_report(report, "push to " + push.remote)) {
    return k_exit_clean;
  }
  err(report.clean()
          ? std::string(k_incomplete_advice)
          : "git-trail: nothing was pushed. Reword the commits (git rebase -i) and push again.\n");
  return report.exit_code();
}

int run_pre_receive(workspace::Context& context)
{
  // Pushed objects are still in git's quarantine: the Context opens the repository from the
  // environment, as git would, so it sees them.
  const auto& repo = context.repo();
  // A policy pinned by --policy or $GIT_TRAIL_POLICY applies to every ref; otherwise each ref
  // is checked against the policy committed on it (or on the default branch) before the push.
  std::optional<policy::Policy> pinned;
  if (context.policy_pinned()) {
    pinned = context.policy();
  }
  const auto updates = hooks::parse_pre_receive(util::read_stdin());
  const auto result =
      hooks::check_server_push(repo,
                               context.settings(),
                               updates,
                               pinned,
                               workspace::config_bool(repo, "trail.allowIncomplete"));
  for (const auto& refusal : result.refusals) {
    err(refusal);
  }
  for (const auto& group : result.groups) {
    err(group.note);
    if (print_push_report(group.report, "push") && group.report.commits.complete()) {
      err("git-trail: accepted: " + std::to_string(group.report.commits.checked) + " new commit" +
          (group.report.commits.checked == 1 ? "" : "s") + " and " +
          std::to_string(group.updates.size()) + " ref" + (group.updates.size() == 1 ? "" : "s") +
          " checked against " + group.policy->source + "\n");
    }
  }
  const int code = result.exit_code();
  const bool violations = std::any_of(result.groups.begin(),
                                      result.groups.end(),
                                      [](const auto& group) { return !group.report.clean(); });
  if (code != k_exit_clean && !violations && !result.refusals.empty()) {
    err("git-trail: the server refused the whole push.\n");
  } else if (code == k_exit_violations) {
    err("git-trail: the server refused the whole push. Reword the commits (git rebase -i) and push "
        "again.\n");
  } else if (code != k_exit_clean) {
    err("git-trail: the server refused the whole push: part of it cannot be judged.\n");
  }
  return code;
}

} // namespace

Handler setup_hook(CLI::App& sub, const GlobalOptions& /*global*/)
{
  sub.require_subcommand(1);
  auto commit_msg = std::make_shared<CommitMsgOptions>();
  auto* cm = sub.add_subcommand("commit-msg",
                                "Check the message of the commit being made against the policy");
  cm->add_option("file", commit_msg->file, "The message file git passes (.git/COMMIT_EDITMSG)")
      ->required();
  cm->add_flag(
      "--amend",
      commit_msg->amend,
      "Compare the index with HEAD's parent, as git commit --amend does (detected on Linux)");
  cm->add_flag("--verbose",
               commit_msg->verbose,
               "Cut the message at the scissors line, as git commit -v does (detected on Linux)");
  auto prepare = std::make_shared<PrepareOptions>();
  auto* pc =
      sub.add_subcommand("prepare-commit-msg", "Pre-fill a link trailer from the branch name");
  pc->add_option("file", prepare->file, "The message file git passes")->required();
  pc->add_option("source",
                 prepare->source,
                 "What the message comes from (message, template, merge, squash, commit)");
  pc->add_option(
      "commit", prepare->commit, "The commit the message comes from, for source 'commit'");
  auto push = std::make_shared<PushOptions>();
  auto* pp = sub.add_subcommand(
      "pre-push",
      "Check every commit a push would add to the remote (reads git's stdin, or pre-commit's "
      "PRE_COMMIT_* variables)");
  pp->add_option("remote",
                 push->remote,
                 "The remote's name (or URL); under pre-commit, PRE_COMMIT_REMOTE_NAME");
  pp->add_option("url", push->url, "The remote's URL");
  auto* pr = sub.add_subcommand(
      "pre-receive", "Server side: check every new commit of a push (reads git's stdin)");
  return [&sub, cm, pc, pp, pr, commit_msg, prepare, push](workspace::Context& context) {
    if (cm->parsed()) {
      return run_commit_msg(*commit_msg, context);
    }
    if (pc->parsed()) {
      return run_prepare_commit_msg(*prepare, context);
    }
    if (pp->parsed()) {
      return run_pre_push(*push, context);
    }
    if (pr->parsed()) {
      return run_pre_receive(context);
    }
    (void)sub;
    return static_cast<int>(k_exit_usage);
  };
}

} // namespace trail::cli
