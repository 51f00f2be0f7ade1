// `git trail hooks install | uninstall | status`.

#include "cli/command.hpp"
#include "core/hooks/install.hpp"
#include "core/util/error.hpp"
#include "core/util/process.hpp"
#include "core/workspace/workspace.hpp"

#include <memory>

namespace trail::cli {

namespace {

struct HooksOptions
{
  std::vector<std::string> names;
  bool chain = false;
  bool portable = false;
};

std::vector<std::string> chosen(const HooksOptions& options, const git::Repository& repo)
{
  if (!options.names.empty()) {
    return options.names;
  }
  return repo.is_bare() ? hooks::k_server_hooks : hooks::k_client_hooks;
}

std::string state_text(const hooks::HookStatus& status, const std::string& binary)
{
  std::string text;
  switch (status.state) {
  case hooks::HookState::absent:
    text = "not installed";
    break;
  case hooks::HookState::current:
    text = status.portable ? "installed (portable)" : "installed (records " + binary + ")";
    break;
  case hooks::HookState::outdated:
    text = "installed by another git-trail build (run git trail hooks install to update)";
    break;
  case hooks::HookState::foreign:
    text = "another hook is there (git trail hooks install --chain keeps it and adds git-trail)";
    break;
  }
  if (status.chained) {
    text += "; runs " + status.name + std::string(hooks::k_chained_suffix) + " first";
  }
  return text;
}

std::string where(const git::Repository& repo)
{
  const bool configured = repo.config_string("core.hooksPath").has_value();
  return "hooks folder: " + workspace::hooks_dir(repo) + (configured ? " (core.hooksPath)" : "") +
         "\n";
}

// In a bare repository whose HEAD names a branch that does not exist (git 2.39's `git init
// --bare` points HEAD at master; the team pushes main), the server has no committed policy to
// enforce: says so on standard error, with the ways to fix it.
void warn_unborn_head(const git::Repository& repo)
{
  if (!repo.is_bare() || repo.config_string("trail.policyRef")) {
    return;
  }
  const auto head = repo.head();
  if (!head.branch || head.commit) {
    return;
  }
  err("git-trail: warning: HEAD names refs/heads/" + *head.branch +
      ", a branch that does not exist here.\n"
      "  New branches and tags are checked against the trail.toml on HEAD's branch, so the server "
      "refuses them.\n"
      "  Fix it with one of:\n"
      "    git symbolic-ref HEAD refs/heads/main       (point HEAD at the branch your team "
      "pushes)\n"
      "    GIT_TRAIL_POLICY=/path/to/trail.toml        (pin a file, in the environment git runs "
      "hooks with)\n"
      "    git config trail.policyRef refs/heads/main  (a ref whose trail.toml the server uses)\n");
}

void print_lines(const std::vector<std::string>& lines)
{
  for (const auto& line : lines) {
    out(line + "\n");
  }
}

} // namespace

Handler setup_hooks(CLI::App& sub, const GlobalOptions& global)
{
  sub.require_subcommand(1);
  auto options = std::make_shared<HooksOptions>();
  const std::string names_help = "Hooks to act on (default: commit-msg prepare-commit-msg "
                                 "pre-push; pre-receive in a bare repository)";
  auto* install = sub.add_subcommand(
      "install", "Install the hook shims; refuses to replace another hook unless --chain");
  install->add_option("hooks", options->names, names_help)
      ->check(CLI::IsMember(hooks::k_all_hooks));
  install->add_flag(
      "--chain",
      options->chain,
      "Keep an existing hook as NAME.chained and run it before git-trail, under its own name");
  install->add_flag("--portable",
                    options->portable,
                    "Record no path to git-trail: the shims run $GIT_TRAIL or git-trail on PATH "
                    "(the default when the hooks folder is inside the working tree)");
  auto* uninstall = sub.add_subcommand("uninstall", "Remove the shims; put chained hooks back");
  uninstall->add_option("hooks", options->names, names_help)
      ->check(CLI::IsMember(hooks::k_all_hooks));
  auto* status = sub.add_subcommand(
      "status", "Show which hooks are installed, portable or recording this binary's path");
  status->add_option("hooks", options->names, names_help)->check(CLI::IsMember(hooks::k_all_hooks));
  return [install, uninstall, options, &global](workspace::Context& context) {
    const auto& repo = context.repo();
    const std::string dir = workspace::hooks_dir(repo);
    const std::string binary = util::self_executable(global.argv0);
    out(where(repo));
    if (install->parsed()) {
      // A hooks folder inside the working tree is committed with the project and used on other
      // machines: its shims must not record this machine's path.
      const bool portable =
          options->portable || (!repo.is_bare() && hooks::inside_working_tree(dir, repo.workdir()));
      print_lines(
          hooks::install_hooks(dir, chosen(*options, repo), {binary, options->chain, portable}));
      // A project whose policy names roles uses signed approvals: each remote fetches them, so
      // check and pre-push see the records others wrote (docs/approvals.md). A policy that does
      // not load is reported by the first hook that reads it, not here.
      bool roles = false;
      try {
        roles = !repo.is_bare() && !context.policy().roles.empty();
      } catch (const Error&) {
        roles = false;
      }
      if (roles) {
        print_lines(hooks::add_records_fetch(repo));
      }
      warn_unborn_head(repo);
    } else if (uninstall->parsed()) {
      print_lines(hooks::uninstall_hooks(dir, chosen(*options, repo)));
      if (options->names.empty()) {
        print_lines(hooks::remove_records_fetch(repo));
      }
    } else {
      for (const auto& hook : hooks::hook_status(dir, chosen(*options, repo), binary)) {
        out(hook.name + ": " + state_text(hook, binary) + "\n");
      }
      warn_unborn_head(repo);
    }
    return static_cast<int>(k_exit_clean);
  };
}

} // namespace trail::cli
