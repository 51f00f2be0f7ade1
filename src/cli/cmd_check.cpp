// `git trail check [RANGE...]`: the hooks' rules over any range of history, for CI.

#include "cli/command.hpp"
#include "core/history/check.hpp"
#include "core/render/check_report.hpp"
#include "core/util/error.hpp"
#include "core/util/progress.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>

namespace trail::cli {

namespace {

struct CheckCommandOptions
{
  std::vector<std::string> revisions;
  bool all = false;
  std::string format = "text";
  std::string branch;
  bool no_baseline = false;
  bool allow_incomplete = false;
};

std::string render(const history::CheckReport& report, const std::string& format)
{
  if (format == "json") {
    return render::check_json(report);
  }
  if (format == "junit") {
    return render::check_junit(report);
  }
  return render::check_text(report);
}

int run_check(const CheckCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto& policy = context.policy();
  const auto& settings = context.settings();
  history::validate_waivers(repo, policy);
  history::CheckOptions check;
  check.allow_incomplete = options.allow_incomplete;
  check.walk.revisions = options.revisions;
  if (options.all) {
    check.walk.revisions.push_back("--all");
  }
  check.use_baseline = !options.no_baseline;
  if (!options.branch.empty()) {
    check.branch = options.branch;
  } else if (const auto head = repo.head(); head.branch && !head.detached) {
    check.branch = head.branch;
  }
  if (!repo.head().commit && options.revisions.empty() && !options.all) {
    err("git-trail: nothing to check: the current branch has no commits yet\n");
    return k_exit_clean;
  }
  // Text and JSON are written as violations are found, so memory stays flat on long
  // histories; JUnit needs the totals first and is written at the end.
  bool first = true;
  if (options.format == "json") {
    out(render::check_json_begin(policy.source));
    check.on_failure = [&](history::CommitResult&& result) {
      out(render::check_json_commit(result, first));
      first = false;
    };
  } else if (options.format == "text") {
    check.on_failure = [&](history::CommitResult&& result) {
      out(render::check_text_commit(result));
    };
  }
  util::Progress progress("checking history");
  if (progress.enabled()) {
    progress.set_total(history::count_commits(repo, policy, check));
  }
  check.on_progress = [&](size_t count) {
    progress.update(count);
  };
  const auto report = history::check_history(repo, policy, settings, check);
  if (options.format == "json") {
    out(render::check_json_end(report, !first));
  } else if (options.format == "text") {
    out(render::check_text_end(report));
  } else {
    out(render(report, options.format));
  }
  return report.exit_code();
}

} // namespace

Handler setup_check(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<CheckCommandOptions>();
  sub.footer(
      "Checks each commit of the range with the same rules as the hooks. Commits reachable from\n"
      "[project] baseline are not checked; [[waivers]] exempt named commits and are listed.\n"
      "Exit codes: 0 passed, 1 violations, 2 usage or policy error, 4 incomplete: part of the "
      "range\n"
      "could not be judged (a shallow boundary, a commit whose changed paths are unknown, a "
      "baseline\n"
      "absent from the clone); the output says what to fetch. --allow-incomplete accepts that.");
  sub.add_option("revisions",
                 options->revisions,
                 "Revisions and ranges as git log takes them (A..B, A...B, ^X); default HEAD");
  sub.add_flag("--all", options->all, "Check the history of every ref");
  sub.add_option(
         "--format",
         options->format,
         "text: grouped by commit; json: one document (docs/cli.md); junit: JUnit XML for CI")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->default_str("text");
  sub.add_option("--branch",
                 options->branch,
                 "The branch name rules scoped by when.branches see (default: the current branch; "
                 "CI with a detached HEAD should pass it)");
  sub.add_flag(
      "--no-baseline", options->no_baseline, "Check commits reachable from [project] baseline too");
  sub.add_flag(
      "--allow-incomplete",
      options->allow_incomplete,
      "Exit 0 when nothing that could be judged is wrong, although part of the range could not be "
      "judged (a shallow clone); the output still lists what was not judged");
  return [options](workspace::Context& context) {
    return run_check(*options, context);
  };
}

} // namespace trail::cli
