// `git trail changelog A..B`: what changed between two revisions, for regulators.

#include "cli/command.hpp"
#include "core/changelog/changelog.hpp"
#include "core/git/repository.hpp"
#include "core/render/changelog_report.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/progress.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>
#include <optional>
#include <string_view>

namespace trail::cli {

namespace {

struct ChangelogCommandOptions
{
  std::string range;
  std::string format = "md";
  std::string template_file;
  std::string output;
};

int run_changelog(const ChangelogCommandOptions& options, workspace::Context& context)
{
  const auto [from, to] = changelog::split_range(options.range);
  // The changelog of a whole history holds its model of all of it; libgit2's pack mappings
  // would grow with it. A range keeps them whole: in git.git, v2.50.0..v2.51.0 (758 commits)
  // took 289 ms and 46 MB bounded, 209 ms and 70 MB not (small pack windows mapped and
  // unmapped again).
  if (from.empty()) {
    git::bound_library_memory();
  }
  const auto& repo = context.repo();
  // Parse the template first: a broken template must not cost a walk of history.
  const bool json = options.format == "json" && options.template_file.empty();
  const std::string format = options.format == "json" ? "md" : options.format;
  std::optional<render::Template> tmpl;
  if (!json) {
    std::optional<std::string> template_text;
    if (!options.template_file.empty()) {
      template_text = util::read_file(options.template_file);
    }
    tmpl = render::changelog_template(format, template_text, options.template_file);
  }
  const std::string to_commit = repo.resolve_commit(to);
  const auto policy = context.policy_at(to_commit);
  changelog::ChangelogOptions changelog_options;
  changelog_options.from = from;
  // The SOUP at A is discovered under A's own [soup] settings, as `git trail soup diff` does.
  std::optional<policy::Policy> from_policy;
  if (!from.empty()) {
    from_policy = context.policy_at(repo.resolve_commit(from));
    changelog_options.from_policy = &*from_policy;
  }
  changelog_options.to = to;
  util::Progress progress("reading history");
  changelog_options.on_progress = [&](size_t count) {
    progress.update(count);
  };
  auto log = changelog::build_changelog(
      repo, policy, workspace::read_message_settings(repo), changelog_options);
  // Written as it is rendered: the text is never held whole.
  const auto write = [&](const render::Write& sink) {
    if (json) {
      render::write_changelog_json(log, sink);
    } else {
      render::write_changelog(log, format, *tmpl, sink);
    }
  };
  if (options.output.empty()) {
    write([](std::string_view text) { out(text); });
  } else {
    util::AtomicFile file(options.output);
    write([&](std::string_view text) { file.write(text); });
    file.commit();
    err("git-trail: wrote " + options.output + " (" + std::to_string(log.commits.size()) +
        " changes)\n");
  }
  return k_exit_clean;
}

} // namespace

Handler setup_changelog(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<ChangelogCommandOptions>();
  sub.footer(
      "For regulators: identification (product, revisions, dates, tool, policy digest); changes "
      "grouped\n"
      "by change request and by requirement (and requirements redefined, with the fields);\n"
      "problem reports fixed (Fixes only; other links as related) with class, safety impact and\n"
      "rationale; risk controls touched (linked, redefined, or in a file changed: see `git trail\n"
      "impact`); SOUP records added, removed and upgraded, and the components found in the trees\n"
      "(as `git trail soup diff A..B` shows them); residual anomalies at B; commits that link to\n"
      "nothing; each change's signed approval records (evidence, verified against the [roles]\n"
      "committed before the change they approve) apart from its approval trailers (claims); "
      "waivers\n"
      "naming commits of the range. A revert\n"
      "cancels the change it reverts when "
      "both are in the range; a "
      "cherry-pick\n"
      "of a commit already listed appears once. The policy is trail.toml at B unless --policy is\n"
      "given. Templates are mustache; copy templates/changelog.md.mustache or .html.mustache and "
      "pass\n"
      "it with --template (the fields are those of --format json, see docs/changelog.md).");
  sub.add_option(
         "range", options->range, "A..B (B alone: from the start of history); B defaults to HEAD")
      ->required();
  sub.add_option("--format",
                 options->format,
                 "md (Markdown), html (one self-contained printable page) or json")
      ->check(CLI::IsMember({"md", "html", "json"}))
      ->default_str("md");
  sub.add_option(
         "--template",
         options->template_file,
         "Render through this mustache template instead of the built-in one (sections nested at "
         "most 64 deep, at most 256 KiB)")
      ->type_name("FILE");
  sub.add_option("--output,-o",
                 options->output,
                 "Write to FILE (whole or not at all) instead of standard output")
      ->type_name("FILE");
  return [options](workspace::Context& context) {
    return run_changelog(*options, context);
  };
}

} // namespace trail::cli
