// `git trail hook NAME ...`: what the installed shims call.

#include "cli/command.hpp"
#include "core/hooks/commit_msg.hpp"
#include "core/hooks/prepare.hpp"
#include "core/hooks/push.hpp"
#include "core/render/check_report.hpp"
#include "core/render/diagnostics.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>

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
  err("git-trail: your message is kept in " + options.file + "; edit it and commit again with:\n" +
      "  git commit " + (amend ? "--amend " : "") + "-e -F " + options.file + "\n");
}

int run_commit_msg(const CommitMsgOptions& options, const GlobalOptions& global)
{
  auto context = hooks::parent_commit_options();
  context.amend = context.amend || options.amend;
  const bool amend = context.amend;
  try {
    const auto repo = git::Repository::open_from_environment();
    context.verbose = context.verbose || options.verbose || workspace::config_bool(repo, "commit.verbose");
    const auto policy = workspace::load_policy(repo, global.policy);
    auto facts = hooks::commit_msg_facts(repo, policy, util::read_file(options.file), context);
    if (hooks::merge_skipped(policy, facts)) {
      return k_exit_clean; // [history] merges = "skip": history checks leave merges unchecked too
    }
    // Linked IDs must be defined in the registry as this commit will hold it (read only when
    // the message links to something).
    const auto registry = facts.links.links.empty() ? std::nullopt : workspace::staged_registry(repo, policy);
    std::optional<registry::Registry> parent_registry;
    if (registry && repo.head().commit) {
      parent_registry = workspace::registry_at(repo, policy, "HEAD");
    }
    facts.registry = registry ? &*registry : nullptr;
    facts.parent_registry = parent_registry ? &*parent_registry : nullptr;
    if (facts.message.empty()) {
      return k_exit_clean; // git refuses an empty message itself, with its own words
    }
    const auto diagnostics = rules::evaluate(policy, facts);
    if (diagnostics.empty()) {
      return k_exit_clean;
    }
    err("git-trail: commit rejected: " + plural(diagnostics.size(), "problem") + " with the message (policy: " +
        policy.source + ")\n" + render::diagnostics_text(diagnostics));
    tell_where_message_is(options, amend);
    return k_exit_violations;
  } catch (const Error& e) {
    const int code = report_error(e);
    tell_where_message_is(options, amend);
    return code;
  }
}

struct PrepareOptions
{
  std::string file;
  std::string source;
  std::string commit;
};

int run_prepare_commit_msg(const PrepareOptions& options, const GlobalOptions& global)
{
  // Only a message the user is about to write gets a pre-filled link; -m/-F, merges, squashes
  // and reused messages are left as they are.
  if (!options.source.empty() && options.source != "template") {
    return k_exit_clean;
  }
  const auto repo = git::Repository::open_from_environment();
  const auto policy = workspace::load_policy(repo, global.policy);
  const auto head = repo.head();
  if (!head.branch) {
    return k_exit_clean;
  }
  const auto trailer = hooks::branch_link_trailer(policy, *head.branch);
  if (!trailer) {
    return k_exit_clean;
  }
  const auto settings = workspace::read_message_settings(repo);
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

// Prints the outcome of a push check and returns the hook's exit code.
int report_push(const hooks::PushReport& report, const std::string& what, const std::string& advice)
{
  if (report.clean()) {
    if (!report.commits.complete()) {
      err(render::check_text(report.commits));
    }
    return k_exit_clean;
  }
  err("git-trail: " + what + " rejected by the policy (" + report.commits.policy_source + ")\n");
  err(render::check_text(report.commits));
  for (const auto& d : report.tags) {
    err("  tag: " + d.message + "\n      " + d.hint + "\n");
  }
  err(advice);
  return k_exit_violations;
}

int run_pre_push(const PushOptions& options, const GlobalOptions& global)
{
  const auto repo = git::Repository::open_from_environment();
  const auto policy = workspace::load_policy(repo, global.policy);
  const auto updates = hooks::parse_pre_push(util::read_stdin());
  hooks::PushSide side;
  side.remote = options.remote;
  const auto report = hooks::check_push(repo, policy, workspace::read_message_settings(repo), updates, side);
  return report_push(report, "push to " + options.remote,
                     "git-trail: nothing was pushed. Reword the commits (git rebase -i) and push again.\n");
}

int run_pre_receive(const GlobalOptions& global)
{
  // Pushed objects are still in git's quarantine: opening from the environment sees them.
  const auto repo = git::Repository::open_from_environment();
  const auto policy = workspace::load_policy(repo, global.policy);
  const auto updates = hooks::parse_pre_receive(util::read_stdin());
  hooks::PushSide side;
  side.server = true;
  const auto report = hooks::check_push(repo, policy, workspace::read_message_settings(repo), updates, side);
  return report_push(report, "push",
                     "git-trail: the server refused the whole push. Reword the commits (git rebase -i) and push "
                     "again.\n");
}

} // namespace

Handler setup_hook(CLI::App& sub, const GlobalOptions& global)
{
  sub.require_subcommand(1);
  auto commit_msg = std::make_shared<CommitMsgOptions>();
  auto* cm = sub.add_subcommand("commit-msg", "Check the message of the commit being made against the policy");
  cm->add_option("file", commit_msg->file, "The message file git passes (.git/COMMIT_EDITMSG)")->required();
  cm->add_flag("--amend", commit_msg->amend,
               "Compare the index with HEAD's parent, as git commit --amend does (detected on Linux)");
  cm->add_flag("--verbose", commit_msg->verbose,
               "Cut the message at the scissors line, as git commit -v does (detected on Linux)");
  auto prepare = std::make_shared<PrepareOptions>();
  auto* pc = sub.add_subcommand("prepare-commit-msg", "Pre-fill a link trailer from the branch name");
  pc->add_option("file", prepare->file, "The message file git passes")->required();
  pc->add_option("source", prepare->source, "What the message comes from (message, template, merge, squash, commit)");
  pc->add_option("commit", prepare->commit, "The commit the message comes from, for source 'commit'");
  auto push = std::make_shared<PushOptions>();
  auto* pp = sub.add_subcommand("pre-push", "Check every commit a push would add to the remote (reads git's stdin)");
  pp->add_option("remote", push->remote, "The remote's name (or URL)")->required();
  pp->add_option("url", push->url, "The remote's URL");
  auto* pr = sub.add_subcommand("pre-receive", "Server side: check every new commit of a push (reads git's stdin)");
  return [&sub, cm, pc, pp, pr, commit_msg, prepare, push, &global]() {
    if (cm->parsed()) {
      return run_commit_msg(*commit_msg, global);
    }
    if (pc->parsed()) {
      return run_prepare_commit_msg(*prepare, global);
    }
    if (pp->parsed()) {
      return run_pre_push(*push, global);
    }
    if (pr->parsed()) {
      return run_pre_receive(global);
    }
    (void)sub;
    return static_cast<int>(k_exit_usage);
  };
}

} // namespace trail::cli
