#pragma once

#include "core/util/error.hpp"
#include "core/workspace/context.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trail::cli {

// Options every command understands.
struct GlobalOptions
{
  std::optional<std::string> policy; // --policy FILE instead of trail.toml
  std::string directory;             // -C DIR: run as if started there
  std::string argv0;                 // how we were called, to find our own binary
};

// Runs a parsed command in CONTEXT and returns its exit code. main() makes the one Context of
// the run (after -C); the repository, policy and settings in it are opened on first use, so a
// command that needs no repository never opens one.
using Handler = std::function<int(workspace::Context& context)>;

// One subcommand: its name, its one-line summary, and how it declares its options.
struct Command
{
  const char* name;
  const char* summary;
  // Adds the command's options to SUB and returns the handler that runs it.
  Handler (*setup)(CLI::App& sub, const GlobalOptions& global);
  // Left out of --help (a build step, not a command users look for).
  bool hidden = false;
};

// Returns the table of subcommands, in the order `--help` lists them.
const std::vector<Command>& commands();

// Writes TEXT to standard output / standard error unchanged.
void out(std::string_view text);
void err(std::string_view text);
// Prints ERROR the one way every command does and returns its exit code.
int report_error(const Error& error);

Handler setup_init(CLI::App& sub, const GlobalOptions& global);
Handler setup_hooks(CLI::App& sub, const GlobalOptions& global);
Handler setup_hook(CLI::App& sub, const GlobalOptions& global);
Handler setup_check(CLI::App& sub, const GlobalOptions& global);
Handler setup_trace(CLI::App& sub, const GlobalOptions& global);
Handler setup_show(CLI::App& sub, const GlobalOptions& global);
Handler setup_trailers(CLI::App& sub, const GlobalOptions& global);
Handler setup_manifest(CLI::App& sub, const GlobalOptions& global);
Handler setup_soup(CLI::App& sub, const GlobalOptions& global);
// `soup diff A..B`, a subcommand of `soup` (cmd_soup_diff.cpp).
Handler setup_soup_diff(CLI::App& sub, const GlobalOptions& global);
Handler setup_bind_results(CLI::App& sub, const GlobalOptions& global);
Handler setup_release(CLI::App& sub, const GlobalOptions& global);
Handler setup_verify(CLI::App& sub, const GlobalOptions& global);
Handler setup_changelog(CLI::App& sub, const GlobalOptions& global);
Handler setup_class(CLI::App& sub, const GlobalOptions& global);
Handler setup_impact(CLI::App& sub, const GlobalOptions& global);
Handler setup_audit(CLI::App& sub, const GlobalOptions& global);
Handler setup_plans(CLI::App& sub, const GlobalOptions& global);
Handler setup_problems(CLI::App& sub, const GlobalOptions& global);
Handler setup_version(CLI::App& sub, const GlobalOptions& global);
// `approve TARGET --role ROLE` and `approvals [TARGET]` (cmd_approve.cpp).
Handler setup_approve(CLI::App& sub, const GlobalOptions& global);
Handler setup_approvals(CLI::App& sub, const GlobalOptions& global);
// `doctor`: what is installed, which policy applies, what to fix (cmd_doctor.cpp).
Handler setup_doctor(CLI::App& sub, const GlobalOptions& global);
// `completion bash`: the shell completion script, from these definitions (cmd_completion.cpp).
Handler setup_completion(CLI::App& sub, const GlobalOptions& global);
// `man --output DIR`: the manual pages, from these definitions (cmd_man.cpp; hidden from --help).
Handler setup_man(CLI::App& sub, const GlobalOptions& global);

} // namespace trail::cli
