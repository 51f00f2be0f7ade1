// `git trail plans [REV]`: each plan at a revision, as evidence or a gap.

#include "cli/command.hpp"
#include "core/plans/plans.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>

namespace trail::cli {

namespace {

struct PlansCommandOptions
{
  std::string rev = "HEAD";
  std::string format = "text";
  std::string output;
};

int run_plans(const PlansCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const std::string commit = repo.resolve_commit(options.rev);
  const auto policy = context.policy_at(commit);
  const auto registry = workspace::registry_at(repo, policy, commit);
  const auto report =
      plans::plans_report(repo, policy, registry.value_or(registry::Registry{}), options.rev);
  const std::string text =
      options.format == "json" ? plans::report_json(report) : plans::report_text(report);
  const size_t gaps = report.gaps();
  if (options.output.empty()) {
    out(text);
  } else {
    util::write_file_atomic(options.output, text);
    err("git-trail: wrote " + options.output + " (" + std::to_string(report.plans.size()) +
        " plan(s), " + std::to_string(gaps) + " with gaps)\n");
  }
  return gaps == 0 ? k_exit_clean : k_exit_violations;
}

} // namespace

Handler setup_plans(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<PlansCommandOptions>();
  sub.footer(
      "Lists each plan at REV under the policy REV was made with: every type [plans.TYPE] asks\n"
      "for and every type a registry item of a kind with role = \"plan\" names (development,\n"
      "maintenance, configuration-management, risk-management, verification, documentation,\n"
      "problem-resolution). For each: its item and state, its document at REV, the Markdown\n"
      "headings that hold the sections [plans.TYPE] sections asks for (case-insensitive,\n"
      "numbering like \"1.2\" ignored), the last commit that changed the document, and whether\n"
      "it changed since the previous release tag. A plan with no item, not in one of its kind's\n"
      "approved_states, whose document is missing or lacks a section is a gap.\n"
      "Exit 0 when no plan is a gap, 1 when one is, 2 on errors (docs/plans.md).");
  sub.add_option("rev", options->rev, "The revision whose plans to list")->default_str("HEAD");
  sub.add_option("--format", options->format, "text, or json (docs/plans.md)")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  sub.add_option("--output,-o",
                 options->output,
                 "Write to FILE (whole or not at all) instead of standard output")
      ->type_name("FILE");
  return [options](workspace::Context& context) {
    return run_plans(*options, context);
  };
}

} // namespace trail::cli
