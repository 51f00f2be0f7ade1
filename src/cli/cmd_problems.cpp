// `git trail problems [REV]`: problem report trends and record completeness (IEC 62304 9.6).

#include "cli/command.hpp"
#include "core/problems/report.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>

namespace trail::cli {

namespace {

struct ProblemsCommandOptions
{
  std::string rev = "HEAD";
  std::string since;
  std::string by = "month";
  std::string format = "text";
  std::string output;
  bool check = false;
  bool allow_incomplete = false;
};

int run_problems(const ProblemsCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const std::string commit = repo.resolve_commit(options.rev);
  const auto policy = context.policy_at(commit);
  problems::ProblemsReport report;
  report.trends = problems::problem_trends(
      repo,
      policy,
      commit,
      options.since.empty() ? std::nullopt : std::optional<std::string>(options.since));
  report.trends.revision = commit;
  report.by = problems::by_named(options.by).value_or(problems::By::month);
  report.rows = problems::aggregate(report.trends, report.by);
  report.repeated = problems::recurring(report.trends);
  report.fields = problems::record_fields();
  if (const auto registry = workspace::registry_at(repo, policy, commit)) {
    report.gaps = problems::record_gaps(policy, *registry, report.fields);
  }
  const std::string text = options.format == "json" ? problems::report_json(report)
                           : options.format == "md" ? problems::report_markdown(report)
                                                    : problems::report_text(report);
  if (options.output.empty()) {
    out(text);
  } else {
    util::write_file_atomic(options.output, text);
    err("git-trail: wrote " + options.output + "\n");
  }
  if (options.check && !report.gaps.empty()) {
    return k_exit_violations;
  }
  if (!report.trends.complete() && !options.allow_incomplete) {
    err("git-trail: the problem trend is incomplete (" + report.trends.incomplete() +
        "); fetch the whole history, or pass --allow-incomplete to accept that\n");
    return k_exit_incomplete;
  }
  return k_exit_clean;
}

} // namespace

Handler setup_problems(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<ProblemsCommandOptions>();
  sub.footer(
      "IEC 62304 9.6: the problem reports of the registry's history (first-parent commits from\n"
      "--since, else the root, to REV): when each was opened, closed and reopened, grouped by\n"
      "severity, type, linked item or month; the items with 2 or more problem reports\n"
      "(recurring problems); and the problem reports at REV whose record misses type, scope,\n"
      "severity, informed or (closed ones) verification. The policy is trail.toml at REV unless\n"
      "--policy is given. docs/problems.md explains every column.\n"
      "Exit codes: 0 done (incomplete records are reported, not judged, unless --check), 1 with\n"
      "--check when a record misses a field, 2 usage or policy error, 4 incomplete (a shallow\n"
      "clone lacks history, or the registry could not be read at some commit) unless\n"
      "--allow-incomplete.");
  sub.add_option("rev", options->rev, "The revision whose history to read (default HEAD)");
  sub.add_option("--since",
                 options->since,
                 "Start after this revision (a release tag): reports it already held count as "
                 "opened before the range")
      ->type_name("TAG");
  sub.add_option("--by", options->by, "Group by severity, type, item or month")
      ->check(CLI::IsMember({"severity", "type", "item", "month"}))
      ->default_str("month");
  sub.add_option("--format", options->format, "text, md (Markdown) or json")
      ->check(CLI::IsMember({"text", "md", "json"}))
      ->default_str("text");
  sub.add_option("--output,-o",
                 options->output,
                 "Write to FILE (whole or not at all) instead of standard output")
      ->type_name("FILE");
  sub.add_flag("--check",
               options->check,
               "Exit 1 when a problem report's record misses a field (type, scope, severity, "
               "informed, verification once closed)");
  sub.add_flag("--allow-incomplete",
               options->allow_incomplete,
               "Exit 0 although history is missing (a shallow clone); the output still says so");
  return [options](workspace::Context& context) {
    return run_problems(*options, context);
  };
}

} // namespace trail::cli
