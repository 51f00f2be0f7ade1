#!/usr/bin/env bash
# git-trail under the pre-commit framework (docs/hooks.md, "Other hook managers"): pre-commit
# runs the hooks of the repository's own .pre-commit-hooks.yaml, taken from a local clone by
# `repo:` and `rev:` (offline: language: system installs nothing), through real commits and
# pushes (git shows pre-commit's report of a pre-push hook on its stdout, of a commit-msg hook
# on its stderr); pre-push judges the ref pre-commit names in its PRE_COMMIT_* variables, and refuses
# when they are incomplete or git-trail is not on PATH. Skipped (exit 77) without pre-commit.
# verifies: GT-3
# verifies: GT-6
if ! command -v pre-commit >/dev/null; then
  echo "SKIP: pre-commit is not installed (apt-get install pre-commit; scripts/install-deps does)"
  exit 77
fi
source "$(dirname "$0")/lib.sh"
: "${TRAIL_SOURCE_DIR:?TRAIL_SOURCE_DIR must name the source tree (for .pre-commit-hooks.yaml)}"

# pre-commit keeps its clones of hook repositories here, inside the test's folder.
export PRE_COMMIT_HOME="$TEST_ROOT/pre-commit-home"
# PATH without the folder lib.sh put git-trail in (git, pre-commit and the shell tools stay).
path_without_trail=${PATH#"$bin_dir:"}
[ -z "$(env PATH="$path_without_trail" sh -c 'command -v git-trail' || true)" ] ||
  fail "cannot build a PATH without git-trail"

# A throwaway repository standing for git-trail's: our .pre-commit-hooks.yaml, tagged v1.0.0
# (a tag with a dot, which pre-commit takes for an immutable release).
hooks_repo="$TEST_ROOT/git-trail.git"
git init -q "$TEST_ROOT/git-trail-src"
cp "$TRAIL_SOURCE_DIR/.pre-commit-hooks.yaml" "$TEST_ROOT/git-trail-src/"
git -C "$TEST_ROOT/git-trail-src" add .pre-commit-hooks.yaml
git -C "$TEST_ROOT/git-trail-src" commit -q -m "Hooks for pre-commit"
git -C "$TEST_ROOT/git-trail-src" tag v1.0.0
git clone -q --bare "$TEST_ROOT/git-trail-src" "$hooks_repo"

# pre-commit's status line for hook NAME: the name, dots, the status: 79 columns in all.
status_line() {
  local name=$1 status=$2
  printf '%s%s%s' "$name" "$(printf '%*s' $((79 - ${#name} - ${#status})) '' | tr ' ' .)" "$status"
}
# What pre-commit prints for hook ID (named NAME) that failed with exit code CODE and OUTPUT.
failed() { # id name code output
  printf '%s\n- hook id: %s\n- exit code: %s\n\n%s' "$(status_line "$2" Failed)" "$1" "$3" "$4"
}

# A working repository whose policy wants an Implements link for src/dosing/**, with pre-commit
# running git-trail's two hooks from the hooks repository, and a bare remote "origin" that has
# nothing yet. Leaves the shell in the working repository.
setup() {
  git init -q --bare remote.git
  git init -q work && cd work
  git remote add origin ../remote.git
  write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    '[[rules]]' 'id = "dosing-needs-link"' 'when = { paths = ["src/dosing/**"] }' \
    'require = { any_relation = ["implements"] }'
  write .pre-commit-config.yaml 'repos:' "  - repo: file://$hooks_repo" '    rev: v1.0.0' \
    '    hooks:' '      - id: git-trail-commit-msg' '      - id: git-trail-pre-push'
  run pre-commit install --hook-type commit-msg --hook-type pre-push
  expect_rc 0
  expect_eq "pre-commit install" "pre-commit installed at .git/hooks/commit-msg
pre-commit installed at .git/hooks/pre-push" "$OUT"
  pre-commit install-hooks >/dev/null # clones the hooks repository once, quietly later
  git add trail.toml .pre-commit-config.yaml
  git commit -q -m "Adopt the policy" 2>/dev/null # through the commit-msg hook
}
bad_commit() { # path subject: committed past the hooks
  write "$1" "$RANDOM"
  git add "$1"
  git commit -q --no-verify -m "$2"
}
short() { git rev-parse --short=12 "$1"; }

commit_msg_passed=$(status_line "git-trail commit-msg" Passed)
pre_push_passed=$(status_line "git-trail pre-push" Passed)
link_problem="  dosing-needs-link: changes to src/dosing/a.c (src/dosing/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message"

# What pre-commit shows when git-trail's pre-push hook refuses a push of N commits whose one
# violation is commit BAD ("Tune dosing" without its link).
push_refused() { # bad n
  failed git-trail-pre-push "git-trail pre-push" 1 \
    "git-trail: push to origin rejected by the policy (trail.toml)
$1 Tune dosing
$link_problem
git-trail: $2 commits checked (policy: trail.toml): 1 violation in 1 commit
git-trail: nothing was pushed. Reword the commits (git rebase -i) and push again."
}

begin "commit-msg from the repository's .pre-commit-hooks.yaml: a commit refused, then accepted"
setup
expect_eq "the first commit went through pre-commit's hook" "Adopt the policy" "$(git log -1 --format=%s)"
write src/dosing/a.c 1
git add src/dosing/a.c
run git commit -m "Tune dosing"
expect_rc 1
expect_eq "git-trail's refusal as pre-commit shows it" "$(failed git-trail-commit-msg "git-trail commit-msg" 1 \
  "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
$link_problem
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG")" "$ERR"
expect_eq "nothing committed" "Adopt the policy" "$(git log -1 --format=%s)"
run git commit -q -m $'Tune dosing\n\nImplements: SRS-1'
expect_rc 0
expect_eq "accepted" "$commit_msg_passed" "$ERR"
expect_eq "committed" "Tune dosing" "$(git log -1 --format=%s)"

begin "pre-push: a first push of a whole history (pre-commit names no range) is judged in full"
setup
bad_commit src/dosing/a.c "Tune dosing"
bad=$(short HEAD)
git commit -q --no-verify --allow-empty -m "Later"
run git push -q origin main
expect_rc 1
expect_eq "refused" "$(push_refused "$bad" 3)" "$OUT"
expect_eq "git's error" "error: failed to push some refs to '../remote.git'" "$ERR"
expect_eq "nothing pushed" "" "$(git -C ../remote.git for-each-ref)"

begin "pre-push: a bad commit in the pushed range is refused, a clean push passes"
setup
run git push -q origin main
expect_rc 0
expect_eq "the first push passes" "$pre_push_passed" "$OUT"
pushed=$(git rev-parse HEAD)
git commit -q --no-verify --allow-empty -m "Notes"
bad_commit src/dosing/a.c "Tune dosing"
bad=$(short HEAD)
git commit -q --no-verify --allow-empty -m "More notes"
run git push -q origin main
expect_rc 1
expect_eq "refused" "$(push_refused "$bad" 3)" "$OUT"
expect_eq "git's error" "error: failed to push some refs to '../remote.git'" "$ERR"
expect_eq "nothing pushed" "$pushed" "$(git -C ../remote.git rev-parse main)"
git reset -q --hard "$pushed"
write src/dosing/a.c 2
git add src/dosing/a.c
git commit -q --no-verify -m $'Tune dosing\n\nImplements: SRS-1'
run git push -q origin main
expect_rc 0
expect_eq "a clean push passes" "$pre_push_passed" "$OUT"
expect_eq "pushed" "$(git rev-parse HEAD)" "$(git -C ../remote.git rev-parse main)"

begin "pre-push: a new branch is judged from where it leaves the remote; a deletion runs no hook"
setup
git push -q origin main >/dev/null 2>&1
bad_commit src/dosing/old.c "Old dosing" # on main, not pushed: not part of topic
git switch -q -c topic origin/main
git commit -q --no-verify --allow-empty -m "Topic notes"
bad_commit src/dosing/a.c "Tune dosing"
bad=$(short HEAD)
run git push -q origin topic
expect_rc 1
expect_eq "refused: only topic's two new commits were judged" "$(push_refused "$bad" 2)" "$OUT"
expect_eq "git's error" "error: failed to push some refs to '../remote.git'" "$ERR"
git reset -q --hard HEAD~1
run git push -q origin topic
expect_rc 0
expect_eq "the clean branch passes" "$pre_push_passed" "$OUT"
run git push -q origin --delete topic
expect_rc 0
expect_eq "pre-commit runs no hook for a deletion" "" "$OUT$ERR"
expect_eq "deleted" "" "$(git -C ../remote.git for-each-ref refs/heads/topic)"

begin "fail closed: git-trail not on PATH refuses the commit and the push"
setup
git push -q origin main >/dev/null 2>&1
write a.txt a
git add a.txt
run env PATH="$path_without_trail" git commit -q -m "Add a"
expect_rc 1
expect_eq "commit refused" "$(failed git-trail-commit-msg "git-trail commit-msg" 1 'Executable `git-trail` not found')" "$ERR"
expect_eq "nothing committed" "Adopt the policy" "$(git log -1 --format=%s)"
git commit -q --no-verify -m "Add a"
run env PATH="$path_without_trail" git push -q origin main
expect_rc 1
expect_eq "push refused" "$(failed git-trail-pre-push "git-trail pre-push" 1 'Executable `git-trail` not found')" "$OUT"
expect_eq "git's error" "error: failed to push some refs to '../remote.git'" "$ERR"
expect_eq "nothing pushed" "$(git rev-parse HEAD~1)" "$(git -C ../remote.git rev-parse main)"

begin "fail closed: pre-commit's push stage without the push's variables is refused"
setup
bad_commit src/dosing/a.c "Tune dosing"
refused="git-trail: error: pre-push under pre-commit: PRE_COMMIT_REMOTE_NAME, PRE_COMMIT_REMOTE_URL, PRE_COMMIT_REMOTE_BRANCH, PRE_COMMIT_LOCAL_BRANCH are not set and git's input is empty: git-trail cannot tell what is pushed and refuses the push (pre-commit sets these for each push it runs its hooks for)"
# Run by hand, pre-commit sets PRE_COMMIT=1 (and FROM/TO with --from-ref/--to-ref), no remote.
run pre-commit run --hook-stage push
expect_rc 1
expect_eq "pre-commit run by hand" "$(failed git-trail-pre-push "git-trail pre-push" 2 "$refused")" "$OUT"
run pre-commit run --hook-stage push --from-ref HEAD~1 --to-ref HEAD
expect_rc 1
expect_eq "a range without the remote" "$(failed git-trail-pre-push "git-trail pre-push" 2 "$refused")" "$OUT"
# Partial variables, as a broken or future pre-commit might pass them.
head=$(git rev-parse HEAD)
run env PRE_COMMIT=1 PRE_COMMIT_REMOTE_NAME=origin PRE_COMMIT_REMOTE_URL=../remote.git \
  PRE_COMMIT_REMOTE_BRANCH=refs/heads/main PRE_COMMIT_LOCAL_BRANCH=refs/heads/main \
  PRE_COMMIT_TO_REF="$head" git trail hook pre-push </dev/null
expect_rc 2
expect_eq "FROM without TO" "git-trail: error: pre-push under pre-commit: PRE_COMMIT_FROM_REF is not set and git's input is empty: git-trail cannot tell what is pushed and refuses the push (pre-commit sets these for each push it runs its hooks for)" "$ERR"
missing=0123456789abcdef0123456789abcdef01234567
run env PRE_COMMIT=1 PRE_COMMIT_REMOTE_NAME=origin PRE_COMMIT_REMOTE_URL=../remote.git \
  PRE_COMMIT_REMOTE_BRANCH=refs/heads/main PRE_COMMIT_LOCAL_BRANCH=refs/heads/main \
  PRE_COMMIT_FROM_REF="$missing" PRE_COMMIT_TO_REF="$head" git trail hook pre-push </dev/null
expect_rc 2
expect_eq "a commit this repository lacks" "git-trail: error: pre-push under pre-commit: PRE_COMMIT_FROM_REF '$missing' names no object in this repository; git-trail refuses the push" "$ERR"
run env PRE_COMMIT=1 PRE_COMMIT_REMOTE_NAME=origin PRE_COMMIT_REMOTE_URL=../remote.git \
  PRE_COMMIT_REMOTE_BRANCH=refs/heads/main PRE_COMMIT_LOCAL_BRANCH=refs/heads/gone \
  git trail hook pre-push </dev/null
expect_rc 2
expect_eq "a local ref that does not exist" "git-trail: error: pre-push under pre-commit: PRE_COMMIT_LOCAL_BRANCH 'refs/heads/gone' names no commit in this repository; git-trail refuses the push" "$ERR"
# The complete set judges the range as git's own line would.
run env PRE_COMMIT=1 PRE_COMMIT_REMOTE_NAME=origin PRE_COMMIT_REMOTE_URL=../remote.git \
  PRE_COMMIT_REMOTE_BRANCH=refs/heads/main PRE_COMMIT_LOCAL_BRANCH=refs/heads/main \
  PRE_COMMIT_FROM_REF="$(git rev-parse HEAD~1)" PRE_COMMIT_TO_REF="$head" git trail hook pre-push </dev/null
expect_rc 1
expect_eq "judged" "git-trail: push to origin rejected by the policy (trail.toml)
$(short HEAD) Tune dosing
$link_problem
git-trail: 1 commit checked (policy: trail.toml): 1 violation in 1 commit
git-trail: nothing was pushed. Reword the commits (git rebase -i) and push again." "$ERR"
run git trail hook pre-push </dev/null
expect_rc 2
expect_eq "outside pre-commit the remote is still required" "git-trail: error: pre-push: no remote named; git passes it: git trail hook pre-push REMOTE [URL] < git's ref lines" "$ERR"

done_testing
