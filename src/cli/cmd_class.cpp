// `git trail class [REV]`: every class decision at a revision and its rationale.

#include "cli/command.hpp"
#include "core/classes/report.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>

namespace trail::cli {

namespace {

struct ClassCommandOptions
{
  std::string rev = "HEAD";
  std::string format = "text";
  std::string output;
};

int run_class(const ClassCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const std::string commit = repo.resolve_commit(options.rev);
  const auto policy = context.policy_at(commit);
  const auto registry = workspace::registry_at(repo, policy, commit);
  const auto report = classes::class_report(repo, policy, registry, commit);
  const std::string text =
      options.format == "json" ? classes::report_json(report) : classes::report_text(report);
  const size_t unjustified = report.unjustified();
  if (options.output.empty()) {
    out(text);
  } else {
    util::write_file_atomic(options.output, text);
    err("git-trail: wrote " + options.output + " (" +
        std::to_string(report.configuration_items.size() + report.items.size()) +
        " class decision(s), " + std::to_string(unjustified) + " not justified)\n");
  }
  return unjustified == 0 ? k_exit_clean : k_exit_violations;
}

} // namespace

Handler setup_class(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<ClassCommandOptions>();
  sub.footer(
      "Lists every class decision at REV under the policy REV was made with: the system's class\n"
      "([project] safety_class; undeclared, class C applies), each configuration item's class\n"
      "with its class_rationale, segregation and the files it shares with other configuration\n"
      "items (the stricter class applies to them), and each registry item that states a class.\n"
      "A class below the system's needs class_rationale (IEC 62304 4.3) and, for a configuration\n"
      "item or SOUP record of a class C system, segregation (5.3.5); without them the system's\n"
      "class applies. Exit 0 when every decision is justified, 1 when one is not, 2 on errors.");
  sub.add_option("rev", options->rev, "The revision whose class decisions to list")
      ->default_str("HEAD");
  sub.add_option("--format", options->format, "text, or json (docs/cli.md)")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  sub.add_option("--output,-o",
                 options->output,
                 "Write to FILE (whole or not at all) instead of standard output")
      ->type_name("FILE");
  return [options](workspace::Context& context) {
    return run_class(*options, context);
  };
}

} // namespace trail::cli
