// git-trail: the thin command-line front end. It parses arguments, calls the core, prints.

#include "cli/command.hpp"
#include "core/policy/load.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace trail::cli {

const std::vector<Command>& commands()
{
  static const std::vector<Command> table = {
      {"init",
       "Write a starter trail.toml and commit template; optionally install the hooks",
       &setup_init},
      {"hooks", "Install, remove or inspect git-trail's git hooks", &setup_hooks},
      {"hook", "Run a git hook (called by the installed shims)", &setup_hook},
      {"doctor",
       "What is installed here, which policy applies, whether the hooks will run, what to fix",
       &setup_doctor},
      {"check",
       "Check every commit of a range against the policy (for CI): text, JSON, JUnit",
       &setup_check},
      {"trailers",
       "Print the trailers and links of commits or a message, as JSON lines",
       &setup_trailers},
      {"trace",
       "The traceability matrix and its gaps: text, Markdown, CSV, JSON, HTML",
       &setup_trace},
      {"show",
       "One item's record: definition and its history, linking commits, files, tests, gaps",
       &setup_show},
      {"manifest",
       "The release manifest of a revision: JSON, Markdown or CycloneDX 1.6",
       &setup_manifest},
      {"soup",
       "The SOUP of a revision: every component in the tree, pinned to its record, and its "
       "problems",
       &setup_soup},
      {"bind-results",
       "Record in JUnit reports the tree they tested, as evidence for a release",
       &setup_bind_results},
      {"release",
       "Gate, then tag a release whose message carries the manifest and its digest",
       &setup_release},
      {"verify",
       "Check a release tag: signature, manifest digest, and the tree against the manifest",
       &setup_verify},
      {"changelog",
       "The changelog for regulators between two revisions: Markdown, HTML, JSON",
       &setup_changelog},
      {"class",
       "Every class decision at a revision and its rationale (system, configuration items, items)",
       &setup_class},
      {"impact",
       "Change impact of A..B: requirements and risk controls touched, their tests and results",
       &setup_impact},
      {"audit",
       "The IEC 62304 checklist for the project's class: evidence or a gap per activity",
       &setup_audit},
      {"plans",
       "Each plan at a revision: its item, document, sections, approval and last change",
       &setup_plans},
      {"problems",
       "Problem report trends from the registry's history, and incomplete problem records",
       &setup_problems},
      {"approve",
       "Sign an approval record for a commit or range, in a role of [roles]",
       &setup_approve},
      {"approvals",
       "List signed approval records, or what a commit or range still awaits",
       &setup_approvals},
      {"version", "Print the version of git-trail and its libraries", &setup_version},
      {"completion", "Print the shell completion script (bash)", &setup_completion},
      {"man", "Write the manual pages (roff) into a folder", &setup_man, true},
  };
  return table;
}

void out(std::string_view text)
{
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void err(std::string_view text)
{
  std::fwrite(text.data(), 1, text.size(), stderr);
}

int report_error(const Error& error)
{
  std::fflush(stdout);
  if (dynamic_cast<const policy::PolicyError*>(&error)) {
    err(std::string(error.what()) + "\n"); // already "file:line:col: error: ..."
  } else {
    err(std::string("git-trail: error: ") + error.what() + "\n");
  }
  return error.exit_code();
}

namespace {

// Returns " did you mean 'X'?" for the candidate closest to WORD, or "" when none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates)
{
  const std::vector<std::string_view> views(candidates.begin(), candidates.end());
  const auto best = util::closest_match(word, views);
  return best.empty() ? std::string() : "; did you mean '" + std::string(best) + "'?";
}

// Returns the option of APP or of the commands it falls through to that is named NAME.
const CLI::Option* find_option(const CLI::App* app, const std::string& name)
{
  for (; app != nullptr; app = app->get_parent()) {
    if (const auto* option = app->get_option_no_throw(name)) {
      return option;
    }
  }
  return nullptr;
}

// Returns the names of every option APP and its parents understand ("--format", "-o").
std::vector<std::string> option_names(const CLI::App* app)
{
  std::vector<std::string> names;
  for (; app != nullptr; app = app->get_parent()) {
    for (const auto* option : app->get_options()) {
      for (const auto& name : option->get_lnames()) {
        names.push_back("--" + name);
      }
      for (const auto& name : option->get_snames()) {
        names.push_back("-" + name);
      }
    }
  }
  return names;
}

// After a failed parse: names the first unknown command or option in ARGV, with the closest
// known one, or returns "" when every word is known (CLI11's own message then applies).
std::string diagnose_unknown(CLI::App& app, int argc, char** argv)
{
  CLI::App* current = &app;
  std::string path;
  bool value_next = false;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") {
      break;
    }
    if (value_next) {
      value_next = false;
      continue;
    }
    if (word.size() > 1 && word[0] == '-') {
      std::string name = word.substr(0, word.find('='));
      if (!name.starts_with("--") && name.size() > 2) {
        name = name.substr(0, 2); // -oFILE
      }
      const auto* option = find_option(current, name);
      if (option == nullptr) {
        return "unknown option '" + name + "'" +
               (path.empty() ? std::string() : " of '" + path + "'") +
               did_you_mean(name, option_names(current));
      }
      value_next = name == word && option->get_items_expected_max() > 0;
      continue;
    }
    const auto subcommands = current->get_subcommands([](CLI::App*) { return true; });
    if (subcommands.empty()) {
      continue; // an argument of the command
    }
    const auto found = std::find_if(subcommands.begin(),
                                    subcommands.end(),
                                    [&](const CLI::App* sub) { return sub->get_name() == word; });
    if (found == subcommands.end()) {
      std::vector<std::string> names;
      for (const auto* sub : subcommands) {
        names.push_back(sub->get_name());
      }
      return "unknown command '" + (path.empty() ? word : path + " " + word) + "'" +
             did_you_mean(word, names);
    }
    current = *found;
    path += (path.empty() ? "" : " ") + word;
  }
  return {};
}

// Returns the command ARGV names: its first word that is neither an option nor the value of a
// global option (-C DIR, --policy FILE), or "" when there is none.
std::string_view named_command(int argc, char** argv)
{
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--") {
      return {};
    }
    if (word == "-C" || word == "--policy") {
      ++i;
    } else if (!word.starts_with('-')) {
      return word;
    }
  }
  return {};
}

// Parses ARGV and runs the command it names. Each command's options are declared only when
// FULL is set or ARGV names that command: declaring all of them (some 300 options, each a few
// allocations) took a fifth of the start-up of a hook. `man` and `completion` describe every
// command, so they always get the full definitions.
int run(int argc, char** argv, bool full)
{
  const std::string_view named = named_command(argc, argv);
  full = full || named == "man" || named == "completion";
  GlobalOptions global;
  global.argv0 = argc > 0 ? argv[0] : "git-trail";
  CLI::App app{"git-trail: IEC 62304 configuration management and traceability from git history.\n"
               "Exit codes: 0 clean, 1 policy violations, 2 usage or configuration error, 3 "
               "internal error or\n"
               "corrupt repository (run git fsck).",
               "git-trail"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("git-trail ") + TRAIL_VERSION);
  app.add_option("-C", global.directory, "Run as if git-trail was started in DIR")
      ->type_name("DIR");
  app.add_option("--policy", global.policy, "Read the policy from FILE instead of trail.toml")
      ->type_name("FILE");
  app.fallthrough();
  std::vector<std::pair<CLI::App*, Handler>> handlers;
  for (const auto& command : commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    if (command.hidden) {
      sub->group("");
    }
    handlers.emplace_back(sub,
                          full || named == command.name ? command.setup(*sub, global) : Handler());
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      if (const std::string unknown = diagnose_unknown(app, argc, argv); !unknown.empty()) {
        err("git-trail: error: " + unknown + "\n");
        return k_exit_usage;
      }
    }
    const int code = app.exit(e);
    return code == 0 ? k_exit_clean : k_exit_usage;
  }
  if (!global.directory.empty()) {
    std::error_code ec;
    std::filesystem::current_path(global.directory, ec);
    if (ec) {
      throw UsageError("cannot change to " + global.directory + ": " + ec.message());
    }
  }
  // The one Context of this run: every command that needs the repository, the policy or
  // git's settings takes them from here, opened once.
  workspace::Context context(global.policy);
  for (auto& [sub, handler] : handlers) {
    if (sub->parsed()) {
      // A command parsed without its definitions (CLI11 read ARGV otherwise than
      // named_command): parse again with every command defined.
      return handler ? handler(context) : run(argc, argv, true);
    }
  }
  return k_exit_usage;
}

int real_main(int argc, char** argv)
{
  return run(argc, argv, false);
}

} // namespace
} // namespace trail::cli

namespace {

// Returns CODE, or exit 2 when standard output could not be written in full (a full disk, a
// closed pipe): output that was lost must not look like success.
int checked_exit(int code)
{
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    const int error = errno;
    std::fprintf(stderr,
                 "git-trail: error: cannot write standard output: %s\n",
                 std::strerror(error != 0 ? error : EIO));
    return code == trail::k_exit_clean ? trail::k_exit_usage : code;
  }
  return code;
}

} // namespace

int main(int argc, char** argv)
{
  try {
    return checked_exit(trail::cli::real_main(argc, argv));
  } catch (const trail::Error& e) {
    return checked_exit(trail::cli::report_error(e));
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "git-trail: internal error: %s\n", e.what());
    return trail::k_exit_internal;
  }
}
