// `git trail audit [REV]`: the IEC 62304 checklist for the project's class, each line with the
// evidence found in the repository or the gap (docs/audit.md).

#include "cli/command.hpp"
#include "core/audit/audit.hpp"
#include "core/audit/checklist.hpp"
#include "core/render/audit_html.hpp"
#include "core/render/audit_report.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"

#include <memory>

namespace trail::cli {

namespace {

struct AuditCommandOptions
{
  std::string rev = "HEAD";
  std::string safety_class;
  std::string format = "text";
  std::string output;
  std::vector<std::string> results;
  std::string checklist;
  bool print_checklist = false;
};

int run_audit(const AuditCommandOptions& options, workspace::Context& context)
{
  if (options.print_checklist) {
    out(audit::builtin_checklist_text());
    return k_exit_clean;
  }
  audit::AuditOptions audit_options;
  audit_options.rev = options.rev;
  audit_options.safety_class = options.safety_class;
  audit_options.results = options.results;
  if (!options.checklist.empty()) {
    audit_options.checklist_path = options.checklist;
    audit_options.checklist_text = util::read_file(options.checklist);
  }
  if (!options.output.empty()) {
    util::check_writable(options.output);
  }
  const auto& repo = context.repo();
  const auto policy = context.policy_at(repo.resolve_commit(options.rev));
  const auto report =
      audit::run_audit(repo, policy, workspace::read_message_settings(repo), audit_options);
  const std::string text = options.format == "json"   ? render::audit_json(report)
                           : options.format == "md"   ? render::audit_markdown(report)
                           : options.format == "html" ? render::audit_html(report)
                                                      : render::audit_text(report);
  if (options.output.empty()) {
    out(text);
  } else {
    util::write_file_atomic(options.output, text);
    err("git-trail: wrote " + options.output + "\n");
  }
  return report.has_gap() ? k_exit_violations : k_exit_clean;
}

} // namespace

Handler setup_audit(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<AuditCommandOptions>();
  sub.footer(
      "Walks the IEC 62304 checklist (every activity of the seed checklist, grouped by its 14\n"
      "process areas) for the software's safety class: each line maps to clauses, applies to a\n"
      "class by Table A.1 (with [standard]), and its evidence queries run against REV: the\n"
      "policy, the registry, one trace with the results given, the class decisions, one check\n"
      "of history, the release tags. Verdicts: evidence, partial, gap, not applicable. What\n"
      "cannot be judged is a gap (fail closed); a Verifies: trailer is a claim, never evidence.\n"
      "The mapping is data: --print-checklist prints the built-in one; tailor a copy and name it\n"
      "with [audit] checklist = \"PATH\" in trail.toml (read at REV) or --checklist FILE.\n"
      "Exit codes: 0 no applicable line is a gap, 1 gaps, 2 usage, policy or checklist error.");
  sub.add_option("rev", options->rev, "The revision to audit")->default_str("HEAD");
  sub.add_option("--class",
                 options->safety_class,
                 "The safety class to audit for (default: [project] safety_class, else C)")
      ->check(CLI::IsMember({"A", "B", "C"}));
  sub.add_option("--format", options->format, "text, md (Markdown), json or html")
      ->check(CLI::IsMember({"text", "md", "json", "html"}))
      ->default_str("text");
  sub.add_option("--output,-o",
                 options->output,
                 "Write to FILE (whole or not at all) instead of standard output")
      ->type_name("FILE");
  sub.add_option("--results",
                 options->results,
                 "A JUnit XML report of the tests run on REV's tree (repeatable; bind it with "
                 "git trail bind-results)")
      ->type_name("FILE");
  sub.add_option("--checklist",
                 options->checklist,
                 "Read the checklist mapping from FILE instead of [audit] checklist or the "
                 "built-in one")
      ->type_name("FILE");
  sub.add_flag("--print-checklist",
               options->print_checklist,
               "Print the built-in checklist mapping (templates/audit.toml) and exit");
  return [options](workspace::Context& context) {
    return run_audit(*options, context);
  };
}

} // namespace trail::cli
