// `git trail completion bash`: the bash completion script, written from the command-line
// definitions (the same commands, options and choices --help shows). The build writes it and
// the install puts it where bash-completion loads it for `git-trail` and, through git's own
// completion, for `git trail` (docs/cli.md, "Shell completion").

#include "cli/command.hpp"
#include "core/git/repository.hpp"
#include "core/util/strings.hpp"
#include "core/workspace/workspace.hpp"

#include <map>
#include <memory>

namespace trail::cli {
namespace {

// What a value completes to: "@file", "@dir", "@ref" (branches, tags, HEAD), or the choices.
std::string value_kind(const std::string& type_name)
{
  if (type_name == "FILE") {
    return "@file";
  }
  if (type_name == "DIR") {
    return "@dir";
  }
  if (type_name == "TAG" || type_name == "REV") {
    return "@ref";
  }
  // CLI11 writes the choices of an IsMember check as "TEXT:{a,b,c}".
  const auto open = type_name.find('{');
  const auto close = type_name.rfind('}');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    std::string choices = type_name.substr(open + 1, close - open - 1);
    for (auto& c : choices) {
      if (c == ',') {
        c = ' ';
      }
    }
    return choices;
  }
  return {};
}

// What a positional argument completes to, by its name.
std::string positional_kind(const std::string& name)
{
  if (name == "rev" || name == "revisions" || name == "range" || name == "tag") {
    return "@ref";
  }
  if (name == "file" || name == "files") {
    return "@file";
  }
  if (name == "id") {
    return "@item"; // the IDs of the registry at HEAD (`git trail completion --items`)
  }
  return {};
}

// A bash single-quoted word.
std::string quoted(const std::string& s)
{
  std::string out = "'";
  for (const char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

struct Tables
{
  // Keyed by the command path ("." for git-trail itself, "check", "soup diff").
  std::map<std::string, std::string> subcommands; // path -> names
  std::map<std::string, std::string> options;     // path -> option names
  std::map<std::string, std::string> values;      // "path option" -> kind
  std::map<std::string, std::string> positionals; // path -> kind
};

void collect(CLI::App* app, const std::string& path, Tables& t)
{
  std::string options;
  for (const auto* option : app->get_options()) {
    if (option->get_group().empty()) {
      continue;
    }
    if (option->get_positional()) {
      if (const auto kind = positional_kind(option->get_name()); !kind.empty()) {
        t.positionals[path] = kind;
      }
      continue;
    }
    std::vector<std::string> names;
    for (const auto& s : option->get_snames()) {
      names.push_back("-" + s);
    }
    for (const auto& l : option->get_lnames()) {
      names.push_back("--" + l);
    }
    for (const auto& name : names) {
      options += (options.empty() ? "" : " ") + name;
      if (option->get_items_expected_max() > 0) {
        if (const auto kind = value_kind(option->get_type_name()); !kind.empty()) {
          t.values[path + " " + name] = kind;
        }
      }
    }
  }
  t.options[path] = options;
  std::string subs;
  for (auto* sub : app->get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_group().empty()) {
      continue;
    }
    subs += (subs.empty() ? "" : " ") + sub->get_name();
    collect(sub, path == "." ? sub->get_name() : path + " " + sub->get_name(), t);
  }
  if (!subs.empty()) {
    t.subcommands[path] = subs;
  }
}

std::string table(const char* name, const std::map<std::string, std::string>& entries)
{
  std::string out = "declare -gA " + std::string(name) + "=(\n";
  for (const auto& [key, value] : entries) {
    out += "  [" + quoted(key) + "]=" + quoted(value) + "\n";
  }
  return out + ")\n";
}

std::string bash_script(CLI::App* root)
{
  Tables t;
  collect(root, ".", t); // "." for git-trail itself: bash has no empty array subscript
  std::string out =
      "# bash completion for git-trail, written by `git trail completion bash` from its\n"
      "# command-line definitions (git-trail " TRAIL_VERSION ").\n"
      "# Completes `git-trail ...` and, through git's completion, `git trail ...`.\n";
  out += table("_git_trail_subcommands", t.subcommands);
  out += table("_git_trail_options", t.options);
  out += table("_git_trail_values", t.values);
  out += table("_git_trail_positionals", t.positionals);
  out += R"SH(
# Completes the words after the command name, the first of which is COMP_WORDS[$1].
_git_trail_complete_from() {
  local first=$1 cur=${COMP_WORDS[COMP_CWORD]} prev="" path=. word i
  ((COMP_CWORD > first)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  for ((i = first; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ " ${_git_trail_subcommands[$path]-} " == *" $word "* ]]; then
      [[ $path == . ]] && path=$word || path="$path $word"
    fi
  done
  local kind="" subs=""
  if [[ $prev == -* && -n ${_git_trail_values["$path $prev"]+set} ]]; then
    kind=${_git_trail_values["$path $prev"]}
  elif [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "${_git_trail_options[$path]-}" -- "$cur")
    return 0
  else
    kind=${_git_trail_positionals[$path]-}
    subs=${_git_trail_subcommands[$path]-}
    if [[ -n $subs && $kind != @ref ]]; then
      mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
      return 0
    fi
  fi
  case $kind in
  @file) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
  @dir) mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
  @item) mapfile -t COMPREPLY < <(compgen -W "$(git trail completion --items 2>/dev/null)" -- "$cur") ;;
  @ref)
    local refs
    refs=$(git for-each-ref --format='%(refname:short)' refs/heads refs/tags refs/remotes 2>/dev/null)
    # A range A..B completes its B after the dots.
    local before=""
    [[ $cur == *..* ]] && before=${cur%..*}..
    [[ -n $before ]] && subs=""
    mapfile -t COMPREPLY < <(compgen -P "$before" -W "$subs HEAD $refs" -- "${cur#"$before"}")
    ;;
  "") COMPREPLY=() ;;
  *) mapfile -t COMPREPLY < <(compgen -W "$kind" -- "$cur") ;;
  esac
  return 0
}

# `git-trail ...`
_git_trail_direct() {
  _git_trail_complete_from 1
}

# `git trail ...`: git's completion calls _git_trail (loading this file as git-trail's).
_git_trail() {
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} == trail ]] && break
  done
  _git_trail_complete_from $((i + 1))
}

complete -o bashdefault -o default -F _git_trail_direct git-trail
)SH";
  return out;
}

// The zsh script: the same tables, read by _git-trail, which zsh's compinit loads for
// `git-trail` (#compdef) and zsh's git completion calls for `git trail`.
std::string zsh_script(CLI::App* root)
{
  Tables t;
  collect(root, ".", t);
  std::string out =
      "#compdef git-trail\n"
      "# zsh completion for git-trail, written by `git trail completion zsh` from its\n"
      "# command-line definitions (git-trail " TRAIL_VERSION ").\n"
      "# Completes `git-trail ...` and, through zsh's git completion, `git trail ...`.\n";
  const auto table = [](const char* name, const std::map<std::string, std::string>& entries) {
    std::string text = "typeset -gA " + std::string(name) + "\n" + name + "=(\n";
    for (const auto& [key, value] : entries) {
      text += "  " + quoted(key) + " " + quoted(value) + "\n";
    }
    return text + ")\n";
  };
  out += table("_git_trail_subcommands", t.subcommands);
  out += table("_git_trail_options", t.options);
  out += table("_git_trail_values", t.values);
  out += table("_git_trail_positionals", t.positionals);
  out += R"ZSH(
# words[1] is the command (git-trail, or trail under git's completion); the rest follow.
_git-trail() {
  local path_=. word i kind= subs= cur=$PREFIX prev=
  (( CURRENT > 2 )) && prev=${words[CURRENT-1]}
  for (( i = 2; i < CURRENT; i++ )); do
    word=${words[i]}
    if [[ " ${_git_trail_subcommands[$path_]-} " == *" $word "* ]]; then
      if [[ $path_ == . ]]; then path_=$word; else path_="$path_ $word"; fi
    fi
  done
  if [[ $prev == -* && -n ${_git_trail_values[$path_ $prev]-} ]]; then
    kind=${_git_trail_values[$path_ $prev]}
  elif [[ $cur == -* ]]; then
    compadd -- ${=_git_trail_options[$path_]-}
    return
  else
    kind=${_git_trail_positionals[$path_]-}
    subs=${_git_trail_subcommands[$path_]-}
    if [[ -n $subs && $kind != @ref ]]; then
      compadd -- ${=subs}
      return
    fi
  fi
  case $kind in
  @file) _files ;;
  @dir) _files -/ ;;
  @ref)
    local -a refs
    refs=(HEAD ${(f)"$(git for-each-ref --format='%(refname:short)' refs/heads refs/tags refs/remotes 2>/dev/null)"})
    # A range A..B completes its B after the dots.
    if compset -P '*..'; then
      compadd -- $refs
    else
      compadd -- ${=subs} $refs
    fi
    ;;
  @item) compadd -- ${(f)"$(git trail completion --items 2>/dev/null)"} ;;
  '') return 1 ;;
  *) compadd -- ${=kind} ;;
  esac
}

# Loaded by compinit from fpath: complete now. Sourced by hand: register.
if [[ ${zsh_eval_context[-1]-} == loadautofunc ]]; then
  _git-trail "$@"
else
  compdef _git-trail git-trail
fi
)ZSH";
  return out;
}

} // namespace

Handler setup_completion(CLI::App& sub, const GlobalOptions& /*global*/)
{
  auto shell = std::make_shared<std::string>();
  auto items = std::make_shared<bool>(false);
  sub.footer("Prints the completion script of SHELL to standard output: commands, options, the\n"
             "choices of options such as --format, files and folders where a file or folder is\n"
             "expected, branches and tags where a revision is, item IDs after `show`. The package\n"
             "installs the bash script in share/bash-completion/completions/git-trail, where\n"
             "bash-completion loads it for `git-trail` and git's completion for `git trail`, and\n"
             "the zsh one in share/zsh/vendor-completions/_git-trail, where compinit finds it\n"
             "for both; by hand:\n"
             "  source <(git trail completion bash)      (bash)\n"
             "  source <(git trail completion zsh)       (zsh, after compinit)\n"
             "--items prints the item IDs of the registry at HEAD, one per line, for the\n"
             "script to offer after `git trail show`.");
  sub.add_option("shell", *shell, "The shell: bash or zsh")->check(CLI::IsMember({"bash", "zsh"}));
  sub.add_flag("--items", *items, "Print the IDs of the items defined in the registry at HEAD");
  CLI::App* self = &sub;
  return [shell, items, self](workspace::Context& context) {
    if (*items) {
      if (!shell->empty()) {
        throw UsageError("give a shell or --items, not both");
      }
      const auto& repo = context.repo();
      const std::string commit = repo.resolve_commit("HEAD");
      const auto registry = workspace::registry_at(repo, context.policy_at(commit), commit);
      std::string text;
      if (registry) {
        for (const auto& item : registry->items) {
          text += item.id + "\n";
        }
      }
      out(text);
      return static_cast<int>(k_exit_clean);
    }
    if (shell->empty()) {
      throw UsageError("name a shell (bash or zsh), or give --items");
    }
    if (*shell == "zsh") {
      out(zsh_script(self->get_parent()));
      return static_cast<int>(k_exit_clean);
    }
    out(bash_script(self->get_parent()));
    return static_cast<int>(k_exit_clean);
  };
}

} // namespace trail::cli
