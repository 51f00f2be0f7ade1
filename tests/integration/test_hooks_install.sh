#!/usr/bin/env bash
# `git trail hooks install | uninstall | status` and `git trail init`: shims written where git
# runs hooks, core.hooksPath respected, a foreign hook never overwritten, chaining, idempotence.
# verifies: GT-1
# verifies: GT-2
source "$(dirname "$0")/lib.sh"
binary=$(readlink -f "$GIT_TRAIL") # what the shims record

begin "install, status, idempotent reinstall, uninstall"
git init -q repo && cd repo
hooks=$(git rev-parse --absolute-git-dir)/hooks
run git trail hooks install
expect_rc 0
expect_eq "install" "hooks folder: $hooks
commit-msg: installed
prepare-commit-msg: installed
pre-push: installed" "$OUT"
[ -x "$hooks/commit-msg" ] || fail "commit-msg shim is not executable"
grep -q "hook commit-msg" "$hooks/commit-msg" || fail "shim does not call git-trail"
run git trail hooks status
expect_eq "status" "hooks folder: $hooks
commit-msg: installed (records $binary)
prepare-commit-msg: installed (records $binary)
pre-push: installed (records $binary)" "$OUT"
before=$(cat "$hooks/commit-msg")
run git trail hooks install
expect_eq "second install" "hooks folder: $hooks
commit-msg: already installed
prepare-commit-msg: already installed
pre-push: already installed" "$OUT"
expect_eq "shim unchanged" "$before" "$(cat "$hooks/commit-msg")"
run git trail hooks uninstall
expect_eq "uninstall" "hooks folder: $hooks
commit-msg: removed
prepare-commit-msg: removed
pre-push: removed" "$OUT"
[ ! -e "$hooks/commit-msg" ] || fail "commit-msg still there"
run git trail hooks status
expect_eq "status after uninstall" "hooks folder: $hooks
commit-msg: not installed
prepare-commit-msg: not installed
pre-push: not installed" "$OUT"

begin "a foreign hook is never overwritten: refused, then chained"
git init -q repo && cd repo
hooks=$(git rev-parse --absolute-git-dir)/hooks
printf '#!/bin/sh\necho "team hook ran" >&2\ngrep -q "^Team: yes" "$1" || { echo "team hook: need Team: yes" >&2; exit 1; }\n' >"$hooks/commit-msg"
chmod +x "$hooks/commit-msg"
foreign=$(cat "$hooks/commit-msg")
run git trail hooks install
expect_rc 2
expect_eq "refusal" "git-trail: error: commit-msg: $hooks/commit-msg is a hook git-trail did not write; rerun with --chain to keep it (renamed commit-msg.chained, run before git-trail), or move it away yourself" "$ERR"
expect_eq "foreign hook untouched" "$foreign" "$(cat "$hooks/commit-msg")"
[ ! -e "$hooks/prepare-commit-msg" ] || fail "a refused install must change nothing"
run git trail hooks install --chain
expect_rc 0
expect_eq "chained install" "hooks folder: $hooks
commit-msg: installed; the existing hook was kept as commit-msg.chained and runs first under its own name
prepare-commit-msg: installed
pre-push: installed" "$OUT"
run git trail hooks status
expect_eq "status" "hooks folder: $hooks
commit-msg: installed (records $binary); runs commit-msg.chained first
prepare-commit-msg: installed (records $binary)
pre-push: installed (records $binary)" "$OUT"
write f.txt x
git add f.txt
run git commit -m "Add f"
expect_rc 1
expect_eq "chained hook ran first and its refusal stands" "team hook ran
team hook: need Team: yes" "$ERR"
run git commit -m $'Add f\n\nTeam: yes'
expect_rc 0
expect_eq "chained hook output" "team hook ran" "$ERR"
run git trail hooks uninstall
expect_eq "uninstall restores" "hooks folder: $hooks
commit-msg: removed; the chained hook is back in place
prepare-commit-msg: removed
pre-push: removed" "$OUT"
expect_eq "foreign hook restored" "$foreign" "$(cat "$hooks/commit-msg")"

begin "a user hook that mentions the shim's marker is neither replaced nor removed"
git init -q repo && cd repo
hooks=$(git rev-parse --absolute-git-dir)/hooks
printf '#!/bin/sh\n# Team pre-push. Unlike a # git-trail shim: commit-msg (written by git-trail), it is ours.\nexit 0\n' >"$hooks/pre-push"
chmod +x "$hooks/pre-push"
mine=$(cat "$hooks/pre-push")
run git trail hooks uninstall
expect_rc 0
expect_eq "uninstall leaves it" "hooks folder: $hooks
commit-msg: not installed
prepare-commit-msg: not installed
pre-push: left alone (not written by git-trail)" "$OUT"
expect_eq "still there" "$mine" "$(cat "$hooks/pre-push")"
run git trail hooks install
expect_rc 2
expect_eq "install refuses to replace it" "git-trail: error: pre-push: $hooks/pre-push is a hook git-trail did not write; rerun with --chain to keep it (renamed pre-push.chained, run before git-trail), or move it away yourself" "$ERR"
expect_eq "untouched" "$mine" "$(cat "$hooks/pre-push")"
# A shim of another hook's name copied here is not this hook's shim either.
git trail hooks install --chain >/dev/null
cp "$hooks/commit-msg" "$hooks/post-commit"
run git trail hooks uninstall
expect_eq "uninstall" "hooks folder: $hooks
commit-msg: removed
prepare-commit-msg: removed
pre-push: removed; the chained hook is back in place" "$OUT"
expect_eq "the user's hook is back" "$mine" "$(cat "$hooks/pre-push")"
[ -e "$hooks/post-commit" ] || fail "uninstall removed a hook it does not manage"

begin "core.hooksPath is respected, relative to the working tree"
git init -q repo && cd repo
git config core.hooksPath .githooks
mkdir -p sub && cd sub
run git trail hooks install
expect_rc 0
expect_eq "install" "hooks folder: $CASE_DIR/repo/.githooks (core.hooksPath)
commit-msg: installed (portable)
prepare-commit-msg: installed (portable)
pre-push: installed (portable)" "$OUT"
cd ..
[ ! -e .git/hooks/commit-msg ] || fail "installed into .git/hooks despite core.hooksPath"
write trail.toml '[message]' 'subject_max_length = 10'
git add trail.toml
run git commit -m "A subject that is too long"
expect_rc 1
expect_eq "hook ran from core.hooksPath" "  subject-length: the subject line is 26 characters long; the limit is 10 (line 1)" "$(sed -n 2p <<<"$ERR")"

begin "git trail init writes the starter policy and commit template, never overwriting"
git init -q repo && cd repo
run git trail init --hooks
expect_rc 0
expect_eq "init" "trail.toml: written
.gitmessage: written
commit.template: set to .gitmessage (read from the top of the working tree)
commit-msg: installed
prepare-commit-msg: installed
pre-push: installed" "$OUT"
expect_eq "starter is the embedded default" "$(cat "$TRAIL_SOURCE_DIR/templates/trail.toml")" "$(cat trail.toml)"
echo "# mine" >>trail.toml
run git trail init
expect_eq "second init" "trail.toml: already exists, left as it is
.gitmessage: already exists, left as it is
commit.template: already set, left as it is
Next: review trail.toml, then run 'git trail hooks install'." "$OUT"
expect_eq "policy kept" "# mine" "$(tail -n 1 trail.toml)"

begin "not a repository"
run git trail hooks status
expect_rc 2
expect_eq "error" "git-trail: error: not a git repository (or any parent up to /): the current directory" "$ERR"

done_testing
