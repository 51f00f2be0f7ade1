// `git trail init`: a starter trail.toml, a commit template, and optionally the hooks.

#include "cli/command.hpp"
#include "core/hooks/install.hpp"
#include "core/policy/load.hpp"
#include "core/util/embedded.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/glob.hpp"
#include "core/util/process.hpp"
#include "core/workspace/workspace.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>

namespace trail::cli {

namespace fs = std::filesystem;

namespace {

struct InitOptions
{
  bool hooks = false;
  bool chain = false;
  bool plans = false;
};

// The starter plans, in the order of policy::k_plan_types, then their registry file.
constexpr const char* k_starter_plans[] = {"development.md",
                                           "maintenance.md",
                                           "configuration-management.md",
                                           "risk-management.md",
                                           "verification.md",
                                           "documentation.md",
                                           "problem-resolution.md",
                                           "plans.toml"};

// Writes the embedded TEMPLATE to PATH unless a file is already there; returns what it did.
std::string
write_starter(const fs::path& path, const std::string& shown, const std::string& template_name)
{
  if (fs::exists(path)) {
    return shown + ": already exists, left as it is";
  }
  const auto content = util::embedded_file(template_name);
  if (!content) {
    throw Error("the embedded " + template_name + " is missing from this build");
  }
  util::write_file_atomic(path, *content);
  return shown + ": written";
}

// Writes the starter plans under docs/plans/, then says what the policy in trail.toml still
// needs for them to count (a kind with role plan, docs/plans/*.toml among the registry files).
void write_plans(const fs::path& top)
{
  fs::create_directories(top / "docs" / "plans");
  for (const char* name : k_starter_plans) {
    const std::string shown = std::string("docs/plans/") + name;
    out(write_starter(top / shown, shown, std::string("templates/plans/") + name) + "\n");
  }
  const auto text = util::read_file_if_exists(top / "trail.toml");
  if (!text) {
    return;
  }
  try {
    const auto loaded = policy::parse_policy(*text, "trail.toml");
    if (loaded.kinds_with(policy::KindRole::plan).empty()) {
      out("note: trail.toml has no kind with role = \"plan\", so docs/plans/plans.toml will not "
          "load; add [kinds.plan] and the [plans.*] tables of the default policy "
          "(docs/plans.md)\n");
    }
    const bool read = std::any_of(
        loaded.registry.files.begin(), loaded.registry.files.end(), [](const std::string& glob) {
          return util::glob_match(glob, "docs/plans/plans.toml");
        });
    if (!read) {
      out("note: [registry] files in trail.toml does not include docs/plans/plans.toml; add "
          "\"docs/plans/*.toml\"\n");
    }
  } catch (const Error&) {
    out("note: trail.toml does not load; run 'git trail check' to see why\n");
  }
}

int run_init(const InitOptions& options, const GlobalOptions& global, workspace::Context& context)
{
  const auto& repo = context.repo();
  if (repo.is_bare()) {
    throw UsageError("git trail init needs a working tree; in a bare repository install the "
                     "server hook instead (see docs/hooks.md)");
  }
  const fs::path top = repo.workdir();
  // Check everything first: when the hooks cannot all be installed, nothing is written.
  const std::string binary = util::self_executable(global.argv0);
  const std::string hooks_dir = workspace::hooks_dir(repo);
  const hooks::InstallOptions install{
      binary, options.chain, hooks::inside_working_tree(hooks_dir, top)};
  if (options.hooks) {
    std::string problems;
    for (const auto& problem : hooks::install_problems(hooks_dir, hooks::k_client_hooks, install)) {
      problems += "\n" + problem;
    }
    if (!problems.empty()) {
      throw UsageError("git trail init --hooks wrote nothing: the hooks cannot all be installed" +
                       problems);
    }
  }
  out(write_starter(top / "trail.toml", "trail.toml", "templates/trail.toml") + "\n");
  out(write_starter(top / ".gitmessage", ".gitmessage", "templates/gitmessage") + "\n");
  if (options.plans) {
    write_plans(top);
  }
  if (!repo.config_string("commit.template")) {
    // Relative: git commit reads it from the top of the working tree it runs in, so it keeps
    // working when the repository moves, and each linked worktree uses its own checkout.
    repo.set_config("commit.template", ".gitmessage");
    out("commit.template: set to .gitmessage (read from the top of the working tree)\n");
  } else {
    out("commit.template: already set, left as it is\n");
  }
  if (!options.hooks) {
    out(options.plans ? "Next: review trail.toml and docs/plans/, then run 'git trail hooks "
                        "install'.\n"
                      : "Next: review trail.toml, then run 'git trail hooks install'.\n");
    return k_exit_clean;
  }
  for (const auto& line : hooks::install_hooks(hooks_dir, hooks::k_client_hooks, install)) {
    out(line + "\n");
  }
  return k_exit_clean;
}

} // namespace

Handler setup_init(CLI::App& sub, const GlobalOptions& global)
{
  auto options = std::make_shared<InitOptions>();
  sub.footer("Existing files are never overwritten. With --hooks, nothing is written when a hook "
             "cannot be installed. commit.template is set to .gitmessage, relative to the working "
             "tree.");
  sub.add_flag("--hooks",
               options->hooks,
               "Also install the commit-msg, prepare-commit-msg and pre-push hooks");
  sub.add_flag("--chain", options->chain, "With --hooks: keep existing hooks and run them first");
  sub.add_flag("--plans",
               options->plans,
               "Also write starter plans under docs/plans/ and their registry file "
               "docs/plans/plans.toml (docs/plans.md)");
  return [options, &global](workspace::Context& context) {
    return run_init(*options, global, context);
  };
}

} // namespace trail::cli
