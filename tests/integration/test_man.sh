#!/usr/bin/env bash
# The manual pages (docs/cli.md, "Manual pages"): `git trail man` writes one page per command
# from the command-line definitions; every option `--help` shows is in its page; `git help
# trail`, `git trail --help` and `man git-trail-check` find them through MANPATH, as they do in
# share/man after an install.
source "$(dirname "$0")/lib.sh"

# The subcommands `git-trail [COMMAND...] --help` lists (the Subcommands section of CLI11's
# help). Not `git trail --help`: git hands that to `git help trail`, which opens the manual page.
subcommands() {
  git-trail "$@" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && /^  [a-z]/ { print $1 }'
}

# Every command path, one per line ("" for git-trail itself, "check", "soup diff", ...).
command_paths() {
  echo ""
  local c s
  for c in $(subcommands); do
    echo "$c"
    for s in $(subcommands "$c"); do
      echo "$c $s"
    done
  done
}

# A page as man renders it for a terminal of 200 columns, in ASCII, without overstriking.
rendered() {
  MANWIDTH=200 LC_ALL=C man -l "$1" 2>/dev/null | col -b
}

begin "git trail man writes one page per command and per subcommand"
run git trail man --output pages
expect_rc 0
paths=$(command_paths)
expected_pages=$(while IFS= read -r c; do echo "git-trail${c:+-${c// /-}}.1"; done <<<"$paths" | sort)
expect_eq "pages" "$expected_pages" "$(ls pages/man1 | sort)"
expect_eq "section 5" "trail.toml.5" "$(ls pages/man5)"
expect_eq "stderr" "git-trail: wrote $(wc -l <<<"$expected_pages") pages into pages/man1 and trail.toml.5 into pages/man5" "$ERR"
# One per command and subcommand: the hook and hooks subcommands, soup diff.
expect_eq "some pages" "git-trail-hook-commit-msg.1 git-trail-hooks-install.1 git-trail-soup-diff.1" \
  "$(grep -E 'hook-commit-msg|hooks-install|soup-diff' <<<"$expected_pages" | paste -sd' ')"
# The build step itself is not a command users are shown.
expect_eq "man is hidden" "" "$(grep -x man <<<"$paths" || true)"
# The same binary writes the same pages: no date, no path of the build.
git trail man --output again 2>/dev/null
expect_eq "reproducible" "" "$(diff -r pages again)"

begin "every option --help shows is in the command's page"
if ! command -v man >/dev/null || ! command -v col >/dev/null; then
  skip "man (man-db) or col (bsdextrautils) is not installed"
else
  git trail man --output pages 2>/dev/null
  checked=0
  while IFS= read -r c; do
    page=pages/man1/git-trail${c:+-${c// /-}}.1
    text=$(rendered "$page")
    # shellcheck disable=SC2086
    for option in $(git-trail $c --help | grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u); do
      grep -qE -- "(^|[^A-Za-z0-9-])$option([^A-Za-z0-9-]|\$)" <<<"$text" || fail "$page: option $option of 'git-trail $c --help' is not in the page"
      checked=$((checked + 1))
    done
  done <<<"$(command_paths)"
  [ "$checked" -gt 60 ] || fail "only $checked options were checked: the --help parsing is broken"
  # The page has what man readers look for first.
  text=$(rendered pages/man1/git-trail-check.1)
  expect_eq "check's page head" "GIT-TRAIL-CHECK(1)" "$(head -1 <<<"$text" | awk '{print $1}')"
  expect_eq "check's sections" "NAME SYNOPSIS DESCRIPTION ARGUMENTS OPTIONS GLOBAL OPTIONS EXIT STATUS SEE ALSO" \
    "$(grep -E '^[A-Z][A-Z ]+$' <<<"$text" | paste -sd' ')"
  expect_eq "check's see also" "git-trail(1), trail.toml(5)" "$(sed -n '/^SEE ALSO/{n;p;}' <<<"$text" | sed 's/^ *//')"
fi

begin "trail.toml(5) is docs/configuration.md: every section, no Markdown left"
if ! command -v man >/dev/null || ! command -v col >/dev/null; then
  skip "man (man-db) or col (bsdextrautils) is not installed"
else
  git trail man --output pages 2>/dev/null
  text=$(rendered pages/man5/trail.toml.5)
  expect_eq "head" "TRAIL.TOML(5)" "$(head -1 <<<"$text" | awk '{print $1}')"
  # Every heading of the Markdown (## and ###) is a heading of the page, in the same order.
  headings=$(sed -n 's/^###* //p' "$TRAIL_SOURCE_DIR/docs/configuration.md" | tr -d '`')
  expect_eq "headings" "NAME
$headings
SEE ALSO" "$(grep -E '^( {3})?[^[:space:]]' <<<"$text" | sed '1d;$d' | sed 's/^ *//')"
  # What only Markdown writes: fences, table rules, link targets, bold markers (globs keep
  # their "**").
  expect_eq "Markdown left" "" "$(grep -nE '```|\|---|\]\(|\*\*[a-z ]+\*\*' <<<"$text" || true)"
  # A key, its type and default, and an example, as man shows them.
  expect_eq "[project] safety_class" "safety_class
type: \"A\", \"B\" or \"C\"
default: not declared
the software system's IEC 62304 safety class" \
    "$(grep -A3 '^       safety_class$' <<<"$text" | sed 's/^[[:space:]]*//')"
fi

begin "git help trail and git trail --help open the page (MANPATH, as after an install)"
if ! command -v man >/dev/null; then
  skip "man (man-db) is not installed"
else
  git trail man --output man 2>/dev/null
  export MANPATH="$PWD/man"
  run env MANWIDTH=200 LC_ALL=C git help trail
  expect_rc 0
  expect_eq "git help trail" "git-trail - IEC 62304 configuration management and traceability from git history" \
    "$(col -b <<<"$OUT" | sed -n '/^NAME/{n;p;}' | sed 's/^ *//')"
  run env MANWIDTH=200 LC_ALL=C git trail --help
  expect_rc 0
  expect_eq "git trail --help" "git-trail - IEC 62304 configuration management and traceability from git history" \
    "$(col -b <<<"$OUT" | sed -n '/^NAME/{n;p;}' | sed 's/^ *//')"
  run env MANWIDTH=200 LC_ALL=C man git-trail-soup-diff
  expect_rc 0
  expect_eq "man git-trail-soup-diff" "git-trail-soup-diff - How the SOUP discovered in the tree changed, A..B" \
    "$(col -b <<<"$OUT" | sed -n '/^NAME/{n;p;}' | sed 's/^ *//')"
  run env MANWIDTH=200 LC_ALL=C man trail.toml
  expect_rc 0
  expect_eq "man trail.toml" "trail.toml - the git-trail policy: kinds, trailers, rules, configuration items, registry" \
    "$(col -b <<<"$OUT" | sed -n '/^NAME/{n;p;}' | sed 's/^ *//')"
  unset MANPATH
fi

begin "a folder that cannot be made is an error (exit 2), not a crash"
write blocker 'a file'
run git trail man --output blocker/pages
expect_rc 2

done_testing
