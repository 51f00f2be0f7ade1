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
};

std::vector<std::string> chosen(const HooksOptions& options, const git::Repository& repo)
{
  if (!options.names.empty()) {
    return options.names;
  }
  return repo.is_bare() ? hooks::k_server_hooks : hooks::k_client_hooks;
}

std::string state_text(const hooks::HookStatus& status)
{
  std::string text;
  switch (status.state) {
  case hooks::HookState::absent:
    text = "not installed";
    break;
  case hooks::HookState::current:
    text = "installed";
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
  return "hooks folder: " + workspace::hooks_dir(repo) + (configured ? " (core.hooksPath)" : "") + "\n";
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
  const std::string names_help =
    "Hooks to act on (default: commit-msg prepare-commit-msg pre-push; pre-receive in a bare repository)";
  auto* install = sub.add_subcommand("install", "Install the hook shims; refuses to replace another hook unless --chain");
  install->add_option("hooks", options->names, names_help)->check(CLI::IsMember(hooks::k_all_hooks));
  install->add_flag("--chain", options->chain, "Keep an existing hook as NAME.chained and run it before git-trail");
  auto* uninstall = sub.add_subcommand("uninstall", "Remove the shims; put chained hooks back");
  uninstall->add_option("hooks", options->names, names_help)->check(CLI::IsMember(hooks::k_all_hooks));
  auto* status = sub.add_subcommand("status", "Show which hooks are installed");
  status->add_option("hooks", options->names, names_help)->check(CLI::IsMember(hooks::k_all_hooks));
  return [install, uninstall, options, &global]() {
    const auto repo = git::Repository::open_from_environment();
    const std::string dir = workspace::hooks_dir(repo);
    const std::string binary = util::self_executable(global.argv0);
    out(where(repo));
    if (install->parsed()) {
      print_lines(hooks::install_hooks(dir, chosen(*options, repo), {binary, options->chain}));
    } else if (uninstall->parsed()) {
      print_lines(hooks::uninstall_hooks(dir, chosen(*options, repo)));
    } else {
      for (const auto& hook : hooks::hook_status(dir, chosen(*options, repo), binary)) {
        out(hook.name + ": " + state_text(hook) + "\n");
      }
    }
    return static_cast<int>(k_exit_clean);
  };
}

} // namespace trail::cli
