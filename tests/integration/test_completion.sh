#!/usr/bin/env bash
# The bash completion (docs/cli.md, "Shell completion"): `git trail completion bash` writes a
# script from the command-line definitions; driven here as bash-completion drives it (COMP_WORDS,
# COMP_CWORD, the function `complete` registered) for `git-trail ...`, and as git's completion
# does for `git trail ...` (it calls _git_trail).
source "$(dirname "$0")/lib.sh"

# Prints what bash completes for the words given, the last being the one under the cursor; a
# fresh bash that loads only the script.
complete_words() {
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    if [ "$1" = git ]; then _git_trail; else
      f=$(complete -p git-trail | sed -E "s/.* -F ([^ ]+) .*/\1/"); "$f"; fi
    printf "%s\n" "${COMPREPLY[@]}" | sort | paste -sd" "' sh "$script" "$@"
}

# A repository with a commit on main, a tag v1.0.0 and a branch topic checked out, and the
# script written beside it ($script); leaves the shell in it.
completion_repo() {
  git init -q repo && cd repo
  git commit -q --allow-empty -m "First"
  git tag v1.0.0
  git switch -q -c topic
  script=$PWD/../git-trail.bash
}

begin "git-trail: commands, subcommands, options and the choices of an option"
completion_repo
run git trail completion bash
expect_rc 0
printf '%s\n' "$OUT" >"$script"
expect_eq "commands" "changelog check class completion" "$(complete_words git-trail c)"
expect_eq "the build step (man) is not offered" "manifest" "$(complete_words git-trail man)"
expect_eq "subcommands" "install status uninstall" "$(complete_words git-trail hooks '')"
expect_eq "options" "--all --allow-incomplete" "$(complete_words git-trail check --al)"
expect_eq "choices" "json junit text" "$(complete_words git-trail check --format '')"
expect_eq "global options" "--policy" "$(complete_words git-trail --pol)"

begin "revisions where a revision is expected, files where a file is"
completion_repo
git trail completion bash >"$script"
expect_eq "a revision" "HEAD main topic v1.0.0" "$(complete_words git-trail check '')"
expect_eq "a range's second end" "v1.0.0..topic" "$(complete_words git-trail changelog v1.0.0..to)"
expect_eq "a tag" "v1.0.0" "$(complete_words git-trail verify v)"
expect_eq "soup: its subcommand and revisions" "diff" "$(complete_words git-trail soup d)"
write results.xml '<testsuite/>'
expect_eq "a file option" "results.xml" "$(complete_words git-trail trace --results res)"

begin "git trail ...: the same, as git's completion calls it"
completion_repo
git trail completion bash >"$script"
expect_eq "commands" "changelog check class completion" "$(complete_words git trail c)"
expect_eq "choices" "json junit text" "$(complete_words git trail check --format '')"
expect_eq "after git's own options" "install status uninstall" "$(complete_words git -C . trail hooks '')"

begin "git trail ...: through git's own completion (__git_main), when git's completion is installed"
git_completion=/usr/share/bash-completion/completions/git
if [ ! -f "$git_completion" ]; then
  skip "git's bash completion ($git_completion) is not installed"
else
  completion_repo
  git trail completion bash >"$script"
  through_git() {
    bash --norc --noprofile -c '
      source "$1"; source "$2"; shift 2
      COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
      __git_wrap__git_main
      printf "%s\n" "${COMPREPLY[@]}" | sed "s/ *$//" | sort | paste -sd" "' sh "$git_completion" "$script" "$@"
  }
  expect_eq "commands" "changelog check" "$(through_git git trail ch)"
  expect_eq "choices" "json junit text" "$(through_git git trail check --format '')"
  expect_eq "a tag" "v1.0.0" "$(through_git git trail verify v)"
fi

begin "git trail show: the item IDs of the registry at HEAD (completion --items)"
completion_repo
git trail completion bash >"$script"
mkdir -p docs/requirements docs/problems
write trail.toml '[kinds.requirement]
pattern = '"'"'SRS-\d+'"'"'
[kinds.problem-report]
pattern = '"'"'PR-\d+'"'"'
[registry]
files = ["docs/requirements/*.toml", "docs/problems/*.toml"]'
write docs/requirements/srs.toml '[[items]]
id = "SRS-12"
title = "Rate"
[[items]]
id = "SRS-13"
title = "Alarm"'
write docs/problems/pr.toml '[[items]]
id = "PR-7"
title = "Drift"'
git add -A && git commit -q -m "Registry"
run git trail completion --items
expect_rc 0
# In the order of the registry's files (by path), then of their entries.
expect_eq "items" "PR-7
SRS-12
SRS-13" "$OUT"
expect_eq "show" "SRS-12 SRS-13" "$(complete_words git-trail show SRS)"
expect_eq "show, through git" "PR-7 SRS-12 SRS-13" "$(complete_words git trail show '')"
# An item defined only in the working tree is not offered: the registry is HEAD's.
write docs/problems/pr.toml '[[items]]
id = "PR-8"
title = "New"'
expect_eq "HEAD's registry" "PR-7" "$(complete_words git-trail show PR)"

# Prints what the zsh script completes for the words given (words[1] the command, the last the
# word under the cursor), in a zsh that loads only the script, with zsh's completion builtins
# stood in for: compadd keeps the words that start with the current prefix, _files says it was
# asked, compset -P '*..' moves a range's first end out of the prefix as zsh does.
zsh_complete_words() {
  zsh -f -c '
    script=$1; shift
    typeset -ga got
    compadd() { local i=${@[(i)--]} w; for w in ${@[i+1,-1]}; do [[ $w == ${PREFIX}* ]] && got+=("$IPREFIX$w"); done; return 0; }
    _files() { got+=("<files${1:+ $1}>"); }
    compset() { [[ $1 == -P && $PREFIX == *..* ]] || return 1; IPREFIX=${PREFIX%..*}..; PREFIX=${PREFIX##*..}; }
    compdef() { registered="$*"; }
    source "$script"
    [[ $registered == "_git-trail git-trail" ]] || { print -r "not registered: $registered"; exit 1; }
    words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}; IPREFIX=
    _git-trail
    print -r -- ${(j: :)${(o)got}}' zsh "$zsh_script" "$@"
}

begin "zsh: the same completions from the same definitions"
if ! command -v zsh >/dev/null; then
  skip "zsh is not installed (scripts/install-deps installs it)"
else
  completion_repo
  zsh_script=$PWD/../_git-trail
  run git trail completion zsh
  expect_rc 0
  printf '%s\n' "$OUT" >"$zsh_script"
  expect_eq "first line (compinit reads it)" "#compdef git-trail" "$(head -1 "$zsh_script")"
  zsh -n "$zsh_script" || fail "zsh -n: the script does not parse"
  expect_eq "commands" "changelog check class completion" "$(zsh_complete_words git-trail c)"
  expect_eq "subcommands" "install status uninstall" "$(zsh_complete_words git-trail hooks '')"
  expect_eq "options" "--all --allow-incomplete" "$(zsh_complete_words git-trail check --al)"
  expect_eq "choices" "json junit text" "$(zsh_complete_words git-trail check --format '')"
  expect_eq "a revision" "HEAD main topic v1.0.0" "$(zsh_complete_words git-trail check '')"
  expect_eq "a range's second end" "v1.0.0..topic" "$(zsh_complete_words git-trail changelog v1.0.0..to)"
  expect_eq "a file option" "<files>" "$(zsh_complete_words git-trail trace --results '')"
  expect_eq "a folder option" "<files -/>" "$(zsh_complete_words git-trail verify --dir '')"
  # Under zsh's git completion words[1] is "trail".
  expect_eq "git trail" "json junit text" "$(zsh_complete_words trail check --format '')"
  mkdir -p docs/requirements
  write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" '[registry]' 'files = ["docs/requirements/*.toml"]'
  write docs/requirements/srs.toml '[[items]]' 'id = "SRS-1"' 'title = "One"' '[[items]]' 'id = "SRS-2"' 'title = "Two"'
  git add -A && git commit -q -m "Registry"
  expect_eq "item IDs after show" "SRS-1 SRS-2" "$(zsh_complete_words git-trail show S)"
fi

begin "an unknown shell is a usage error; --items goes alone"
run git trail completion fish
expect_rc 2
run git trail completion
expect_rc 2
expect_eq "no shell" "git-trail: error: name a shell (bash or zsh), or give --items" "$ERR"
run git trail completion bash --items
expect_rc 2
expect_eq "both" "git-trail: error: give a shell or --items, not both" "$ERR"

done_testing
