// git trail soup diff A..B: how the SOUP discovered in the tree changed (docs/soup.md).

#include "cli/command.hpp"
#include "core/impact/impact.hpp"
#include "core/release/soup_diff.hpp"
#include "core/render/soup_report.hpp"
#include "core/workspace/workspace.hpp"

#include <nlohmann/json.hpp>

#include <memory>

namespace trail::cli {
namespace {

struct SoupDiffOptions
{
  std::string range;
  std::string format = "text";
};

int run_soup_diff(const SoupDiffOptions& options, workspace::Context& context)
{
  const auto& repo = context.repo();
  const auto [from, to] = impact::split_range(options.range);
  if (from.empty()) {
    throw UsageError("soup diff needs two revisions, A..B (got '" + options.range + "')");
  }
  const std::string commit_a = repo.resolve_commit(from);
  const std::string commit_b = repo.resolve_commit(to);
  // Each end under its own policy and registry: what the team declared at that time.
  const auto policy_a = context.policy_at(commit_a);
  const auto policy_b = context.policy_at(commit_b);
  const auto registry_a = workspace::registry_at(repo, policy_a, commit_a);
  const auto registry_b = workspace::registry_at(repo, policy_b, commit_b);
  const auto diff = release::soup_diff(
      repo, {from, commit_a, &policy_a, &registry_a}, {to, commit_b, &policy_b, &registry_b});
  if (options.format == "json") {
    out(render::soup_diff_json(diff, from, to)
            .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
        "\n");
  } else {
    out(render::soup_diff_text(diff, from, to));
  }
  // A manifest that could not be read at either end: the comparison may miss changes.
  return diff.problems.empty() ? k_exit_clean : k_exit_incomplete;
}

} // namespace

Handler setup_soup_diff(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto options = std::make_shared<SoupDiffOptions>();
  sub.footer(
      "Compares the SOUP discovered in the trees of A and B (submodules, manifest and lock\n"
      "files, vendored directories; docs/soup.md): each component added, removed, upgraded,\n"
      "downgraded, changed (another version whose order cannot be told, such as a commit id) or\n"
      "re-pinned (the same version with other content or from another source), where it is\n"
      "declared, and the SOUP record that covers it at each end with its anomaly review and\n"
      "support status. Each end is read under its own trail.toml and registry. Exit 0, or 4 when\n"
      "a manifest could not be read at either end (the comparison may then be incomplete).");
  sub.add_option("range", options->range, "The two revisions, A..B")->required();
  sub.add_option("--format", options->format, "text, or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  return [options](workspace::Context& context) {
    return run_soup_diff(*options, context);
  };
}

} // namespace trail::cli
