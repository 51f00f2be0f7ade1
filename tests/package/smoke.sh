#!/usr/bin/env bash
# The smoke test of an installed git-trail (tests/package/test_package.sh runs it as root inside a
# clean Debian root after `apt-get install ./git-trail_*.deb`): the installed files are where
# Debian puts them, and init, a rejected and an accepted commit, check, release and verify work
# through git with the hooks that init installs. Exits non-zero at the first failure.
#
# smoke.sh installed VERSION   the package just installed: files, init, commits, check, release, verify
# smoke.sh upgraded VERSION    after an upgrade: the hooks installed before still run git-trail
# smoke.sh removed             after `apt-get remove`: the hooks refuse, they do not let commits by
set -euo pipefail

fail() {
  echo "smoke: FAIL: $*" >&2
  exit 1
}
expect_eq() {
  [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}

repo=/root/smoke/pump
export HOME=/root/smoke GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Dana Developer" GIT_AUTHOR_EMAIL="dana@example.com"
export GIT_COMMITTER_NAME="Dana Developer" GIT_COMMITTER_EMAIL="dana@example.com"

# Commits a change to src/ without a link (which must be refused, its message in $HOME/refused)
# and then with one.
commit_twice() {
  echo "int n$1(void) { return $1; }" >"src/n$1.c"
  git add src
  if git commit -q -m "Add n$1" 2>"$HOME/refused"; then
    fail "a commit to src/ without a link was accepted"
  fi
  git commit -q -m "Add n$1"$'\n\nImplements: SRS-1'
}

case $1 in
upgraded)
  expect_eq "version" "git-trail $2" "$(git trail --version)"
  cd "$repo"
  commit_twice 2
  grep -q "^git-trail: commit rejected: 1 problem with the message" "$HOME/refused" ||
    fail "after the upgrade the rejection does not say why: $(cat "$HOME/refused")"
  echo "smoke: after the upgrade to $2 the hooks installed by the old version still run git-trail"
  exit 0
  ;;
removed)
  cd "$repo"
  echo 'int late(void) { return 0; }' >src/late.c
  git add src
  if git commit -q -m "Add late" 2>"$HOME/refused"; then
    fail "with git-trail removed, the hooks let a commit through"
  fi
  expect_eq "refusal" "git-trail: the prepare-commit-msg hook cannot find git-trail (not at /usr/bin/git-trail, not on PATH);" \
    "$(head -1 "$HOME/refused")"
  echo "smoke: with git-trail removed the hooks refuse commits and say why"
  exit 0
  ;;
installed) ;;
*) fail "usage: smoke.sh installed|upgraded VERSION | smoke.sh removed" ;;
esac

expect_eq "git-trail on PATH" /usr/bin/git-trail "$(command -v git-trail)"
expect_eq "version" "git-trail $2" "$(git trail --version)"
for f in /usr/share/man/man1/git-trail.1.gz /usr/share/man/man1/git-trail-check.1.gz \
  /usr/share/man/man5/trail.toml.5.gz \
  /usr/share/bash-completion/completions/git-trail /usr/share/doc/git-trail/copyright \
  /usr/share/doc/git-trail/cli.md /usr/share/git-trail/hooks/pre-receive \
  /usr/share/git-trail/templates/trail.toml; do
  [ -f "$f" ] || fail "$f is not installed"
done
# The shipped hook shims record no binary: they run git-trail from PATH.
expect_eq "shipped shim" "recorded=''" "$(grep '^recorded=' /usr/share/git-trail/hooks/pre-receive)"
# The completion script defines its function when bash loads it.
expect_eq "completion" "complete -o bashdefault -o default -F _git_trail_direct git-trail" \
  "$(bash -c '. /usr/share/bash-completion/completions/git-trail && complete -p git-trail')"

rm -rf "$HOME"
mkdir -p "$HOME"
git init -q -b main "$repo"
cd "$repo"
git trail init --hooks >/dev/null
# The hooks init installed record the packaged binary, which an upgrade replaces in place.
expect_eq "installed shim" "recorded='/usr/bin/git-trail'" "$(grep '^recorded=' .git/hooks/commit-msg)"
cat >>trail.toml <<'TOML'

[[registry.file_links]]
files = ["tests/**"]
pattern = '(verifies):\s*(SRS-\d+)'

[[rules]]
id = "src-needs-link"
description = "Changes to src/ name a requirement"
when = { paths = ["src/**"] }
require = { any_relation = ["implements", "fixes"] }
TOML
mkdir -p docs/requirements src tests
printf '[[items]]\nid = "SRS-1"\ntitle = "The pump adds"\nstatus = "approved"\n' >docs/requirements/srs.toml
git add -A
git commit -q -m "Adopt git-trail"

commit_twice 1
grep -q "^git-trail: commit rejected: 1 problem with the message" "$HOME/refused" ||
  fail "the rejection does not say why: $(cat "$HOME/refused")"
echo '// verifies: SRS-1' >tests/n1_test.c
git add tests
git commit -q -m "Test add"
expect_eq "check" "git-trail: 3 commits checked (policy: trail.toml): no violations" "$(git trail check 2>&1)"

printf '<testsuites><testsuite name="unit"><testcase classname="n1" name="n1" file="tests/n1_test.c"/></testsuite></testsuites>\n' >"$HOME/results.xml"
git trail bind-results "$HOME/results.xml" 2>/dev/null
git trail release v1.0.0 --results "$HOME/results.xml" >"$HOME/release.out" 2>&1 ||
  fail "release: $(cat "$HOME/release.out")"
git trail verify v1.0.0 --results "$HOME/results.xml" >"$HOME/verify.out" 2>&1 ||
  fail "verify: $(cat "$HOME/verify.out")"
echo "smoke: git-trail $2 passed (init, rejected and accepted commit, check, release, verify)"
