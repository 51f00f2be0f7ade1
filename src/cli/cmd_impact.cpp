// `git trail impact A..B`: what the changes of a range touch (IEC 62304 7.4.1).

#include "cli/command.hpp"
#include "core/impact/impact.hpp"
#include "core/render/impact_report.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"

#include <memory>

namespace trail::cli {

namespace {

struct ImpactCommandOptions
{
  std::string range;
  std::vector<std::string> results;
  std::string format = "text";
  std::string output;
  bool allow_incomplete = false;
};

int run_impact(const ImpactCommandOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto [from, to] = impact::split_range(options.range);
  const auto policy = context.policy_at(repo.resolve_commit(to));
  impact::ImpactOptions impact_options;
  impact_options.from = from;
  impact_options.to = to;
  impact_options.results = options.results;
  const auto impact =
      impact::analyse(repo, policy, workspace::read_message_settings(repo), impact_options);
  const std::string text = options.format == "json" ? render::impact_json(impact)
                           : options.format == "md" ? render::impact_markdown(impact)
                                                    : render::impact_text(impact);
  if (options.output.empty()) {
    out(text);
  } else {
    util::write_file_atomic(options.output, text);
    err("git-trail: wrote " + options.output + "\n");
  }
  if (!impact.complete()) {
    if (options.allow_incomplete) {
      return k_exit_clean;
    }
    err("git-trail: the change impact is incomplete (history is missing); fetch it, or pass "
        "--allow-incomplete to accept that\n");
    return k_exit_incomplete;
  }
  return k_exit_clean;
}

} // namespace

Handler setup_impact(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<ImpactCommandOptions>();
  sub.footer(
      "IEC 62304 7.4.1: for each file changed in A..B, the requirements and risk controls it\n"
      "touches (a commit anywhere in B's history that implements the item changed the file, or\n"
      "the file links to the item at B), their tests (files that link them with 'verifies', tests\n"
      "whose names carry the ID) with the latest outcome in the reports given and whether each\n"
      "report is bound to B's tree, and the changes that state no safety rationale (neither\n"
      "Safety-Impact nor Safety-Rationale). The policy is trail.toml at B unless --policy is "
      "given.\n"
      "Exit codes: 0 done, 2 usage or policy error, 4 incomplete (a shallow clone lacks history)\n"
      "unless --allow-incomplete.");
  sub.add_option(
         "range", options->range, "A..B (B alone: from the start of history); B defaults to HEAD")
      ->required();
  sub.add_option("--results",
                 options->results,
                 "A JUnit XML report whose outcomes to show (repeatable; the last report given "
                 "that runs a test gives its latest outcome)")
      ->type_name("FILE");
  sub.add_option("--format", options->format, "text, md (Markdown) or json")
      ->check(CLI::IsMember({"text", "md", "json"}))
      ->default_str("text");
  sub.add_option("--output,-o",
                 options->output,
                 "Write to FILE (whole or not at all) instead of standard output")
      ->type_name("FILE");
  sub.add_flag("--allow-incomplete",
               options->allow_incomplete,
               "Exit 0 although history is missing (a shallow clone); the output still says so");
  return [options](workspace::Context& context) {
    return run_impact(*options, context);
  };
}

} // namespace trail::cli
