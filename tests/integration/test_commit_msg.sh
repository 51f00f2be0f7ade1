#!/usr/bin/env bash
# The commit-msg and prepare-commit-msg hooks, driven by real `git commit` with the shims
# installed: accepted and rejected commits with their exact diagnostics, the message kept,
# and every way of committing the issue lists.
# verifies: GT-4
# verifies: GT-5
source "$(dirname "$0")/lib.sh"

policy() {
  write trail.toml \
    '[project]' \
    'name = "Pump"' \
    'safety_class = "C"' \
    '' \
    '[kinds.requirement]' \
    "pattern = 'SRS-\\d+'" \
    '[kinds.problem-report]' \
    "pattern = 'PR-\\d+'" \
    '' \
    '[trailers]' \
    'Implements = { relation = "implements", kinds = ["requirement"] }' \
    'Fixes = { relation = "fixes", kinds = ["problem-report"] }' \
    'Safety-Impact = { values = ["none", "low", "high"] }' \
    'Reviewed-by = { role = "approval" }' \
    'Signed-off-by = { role = "signoff" }' \
    '' \
    '[message]' \
    'subject_max_length = 50' \
    '' \
    '[prepare]' \
    'link_from_branch = true' \
    "branch_pattern = '^feature/(SRS-\\d+)'" \
    '' \
    '[[rules]]' \
    'id = "dosing-needs-link"' \
    'when = { paths = ["src/dosing/**"] }' \
    'require = { any_relation = ["implements", "fixes"], trailers = ["Reviewed-by", "Safety-Impact"] }' \
    '' \
    '[[rules]]' \
    'id = "no-fixup-on-main"' \
    'when = { branches = ["main"] }' \
    'forbid = { wip = true, autosquash = true }'
}

# A repository with the policy above and one accepted commit.
policy_repo() {
  new_repo repo
  policy
  write README.md "Pump controller"
  git add trail.toml README.md
  git commit -q -m "Add policy and README"
}

commits() { git rev-list --count HEAD; }

begin "the first commit of an empty repository, default policy"
new_repo repo
write README.md hello
git add README.md
run git commit -m "Add README"
expect_rc 0
expect_eq "commits" 1 "$(commits)"

begin "a message breaking several rules is rejected with every problem at once"
policy_repo
write src/dosing/pump.c "int rate;"
git add src/dosing/pump.c
message=$'Change the dosing rate computation for all pump models\n\nImplements: SRS12\nSafety-Impact: medium'
run git commit -m "$message"
expect_rc 1
expect_eq "diagnostics" "git-trail: commit rejected: 5 problems with the message (policy: trail.toml)
  subject-length: the subject line is 54 characters long; the limit is 50 (line 1)
      shorten the first line to 50 characters and put details in the body
  id-format: 'SRS12' in trailer Implements is not an ID of an allowed kind (line 3)
      write IDs that match requirement 'SRS-\\d+', separated by commas
  trailer-value: 'medium' is not an allowed value of Safety-Impact (line 4)
      write 'Safety-Impact: none' or 'Safety-Impact: low' or 'Safety-Impact: high'
  dosing-needs-link: changes to src/dosing/pump.c (src/dosing/**) need a link: implements or fixes
      add 'Implements: <requirement ID>' or 'Fixes: <problem-report ID>' to the trailers at the end of the message
  dosing-needs-link: changes to src/dosing/pump.c (src/dosing/**) need a Reviewed-by trailer
      add 'Reviewed-by: <name> <email>' to the trailers at the end of the message
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG" "$ERR"
expect_eq "kept message" "$message" "$(cat .git/COMMIT_EDITMSG)"
expect_eq "commits" 1 "$(commits)"

begin "the kept message, fixed, is accepted"
cd "$TEST_ROOT/a_message_breaking_several_rules_is_rejected_with_every_problem_at_once/repo"
printf '%s\n' "Change the dosing rate computation" "" "Implements: SRS-12" "Safety-Impact: low" \
  "Reviewed-by: Bo Reviewer <bo@example.com>" >.git/COMMIT_EDITMSG
run git commit -F .git/COMMIT_EDITMSG
expect_rc 0
expect_eq "commits" 2 "$(commits)"
expect_eq "trailers" "Implements: SRS-12
Safety-Impact: low
Reviewed-by: Bo Reviewer <bo@example.com>" "$(git log -1 --format='%(trailers:only,unfold)' | sed '/^$/d')"

begin "changes outside the scoped paths need no link"
policy_repo
write docs/notes.md "notes"
git add docs/notes.md
run git commit -m "Add notes"
expect_rc 0
expect_eq "committed" "Add notes" "$(git log -1 --format=%s)"

begin "a message written in the editor is cleaned as git stores it: comments, scissors with -v"
policy_repo
write src/dosing/pump.c "int rate;"
git add src/dosing/pump.c
# The editor writes a subject, a commented-out trailer, then the scissors line and trailers
# below it. Without -v git keeps what follows the scissors line (it is only a comment line);
# with -v (or commit.verbose) git cuts there. The hook must see what git stores.
cat >"$CASE_DIR/editor" <<'SH'
#!/bin/sh
printf '%s\n' "Tune dosing" "" "# Implements: SRS-1 is only a comment" \
  "# ------------------------ >8 ------------------------" "Fixes: PR-3" \
  "Safety-Impact: none" "Reviewed-by: Bo <bo@example.com>" >"$1"
SH
chmod +x "$CASE_DIR/editor"
GIT_EDITOR="$CASE_DIR/editor" run git commit -v
expect_rc 1
expect_eq "with -v: the trailers below the scissors are cut" \
  "  dosing-needs-link: changes to src/dosing/pump.c (src/dosing/**) need a link: implements or fixes" \
  "$(sed -n 2p <<<"$ERR")"
GIT_EDITOR="$CASE_DIR/editor" run git -c commit.verbose=true commit
expect_rc 1
GIT_EDITOR="$CASE_DIR/editor" run git commit
expect_rc 0
expect_eq "stored message" "Tune dosing

Fixes: PR-3
Safety-Impact: none
Reviewed-by: Bo <bo@example.com>" "$(git log -1 --format=%B)"

begin "with -m, git keeps lines starting with '#', and so does the hook"
new_repo repo
write trail.toml '[message]' 'subject_max_length = 10'
git add trail.toml
run git commit -m "#42 Fix the alarm"
expect_rc 1
expect_eq "the subject is the '#' line" "  subject-length: the subject line is 17 characters long; the limit is 10 (line 1)" "$(sed -n 2p <<<"$ERR")"
run git commit --cleanup=strip -m $'Fix alarm\n#42 is a comment here'
expect_rc 0
expect_eq "stored" "Fix alarm" "$(git log -1 --format=%B)"

begin "--amend is checked against the parent of the amended commit"
policy_repo
write src/dosing/pump.c "int rate;"
git add src/dosing/pump.c
git commit -q -m $'Tune dosing\n\nFixes: PR-3\nSafety-Impact: none\nReviewed-by: Bo <bo@example.com>'
run git commit --amend -m "Tune dosing, no trailers"
expect_rc 1
expect_eq "diagnostics" "git-trail: commit rejected: 3 problems with the message (policy: trail.toml)
  dosing-needs-link: changes to src/dosing/pump.c (src/dosing/**) need a link: implements or fixes
      add 'Implements: <requirement ID>' or 'Fixes: <problem-report ID>' to the trailers at the end of the message
  dosing-needs-link: changes to src/dosing/pump.c (src/dosing/**) need a Reviewed-by trailer
      add 'Reviewed-by: <name> <email>' to the trailers at the end of the message
  dosing-needs-link: changes to src/dosing/pump.c (src/dosing/**) need a Safety-Impact trailer
      add 'Safety-Impact: <none|low|high>' to the trailers at the end of the message
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit --amend -e -F .git/COMMIT_EDITMSG" "$ERR"
expect_eq "HEAD subject unchanged" "Tune dosing" "$(git log -1 --format=%s)"

begin "git commit -a sees the files it is about to stage"
policy_repo
write src/dosing/pump.c "int rate;"
git add src/dosing/pump.c
git commit -q --no-verify -m "Seed dosing code"
write src/dosing/pump.c "int rate = 2;"
run git commit -a -m "Tweak rate"
expect_rc 1
expect_eq "first diagnostic" "  dosing-needs-link: changes to src/dosing/pump.c (src/dosing/**) need a link: implements or fixes" \
  "$(sed -n 2p <<<"$ERR")"

begin "fixup! commits are refused on main and allowed on a feature branch"
policy_repo
write docs/a.md a
git add docs/a.md
git commit -q -m "Add a"
write docs/a.md b
git add docs/a.md
run git commit --fixup HEAD
expect_rc 1
expect_eq "diagnostics" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  no-fixup-on-main: fixup!/squash!/amend! commit on branch main (line 1)
      squash it first: git rebase -i --autosquash
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG" "$ERR"
git switch -q -c topic
run git commit --fixup HEAD
expect_rc 0
expect_eq "committed on topic" "fixup! $(git log -1 --format=%s HEAD~1)" "$(git log -1 --format=%s topic)"

begin "a detached HEAD: path rules apply, branch rules do not"
policy_repo
git switch -q --detach
write docs/a.md a
git add docs/a.md
run git commit -m "WIP: notes"
expect_rc 0
expect_eq "committed, HEAD still detached" "WIP: notes HEAD" "$(git log -1 --format=%s) $(git rev-parse --abbrev-ref HEAD)"
write src/dosing/pump.c "int rate;"
git add src/dosing/pump.c
run git commit -m "Tune dosing"
expect_rc 1

begin "a merge is checked by its own message and its paths against the first parent"
policy_repo
git switch -q -c feature
write src/dosing/pump.c "int rate;"
git add src/dosing/pump.c
git commit -q -m $'Tune dosing\n\nImplements: SRS-4\nSafety-Impact: none\nReviewed-by: Bo <bo@example.com>'
git switch -q main
run git merge --no-ff -m "Merge branch 'feature'" feature
expect_rc 1
expect_eq "rejection names the merge message file" \
  "git-trail: your message is kept in .git/MERGE_MSG; edit it and commit again with:" \
  "$(grep 'message is kept' <<<"$ERR")"
printf '%s\n' "Merge branch 'feature'" "" "Implements: SRS-4" "Safety-Impact: none" \
  "Reviewed-by: Bo <bo@example.com>" >"$CASE_DIR/merge-msg"
run git commit -F "$CASE_DIR/merge-msg"
expect_rc 0
expect_eq "merge parents" 2 "$(git log -1 --format=%p | wc -w)"

begin "a linked worktree uses the shared hooks and its own message file"
policy_repo
git worktree add -q -b topic ../wt
cd ../wt
write src/dosing/pump.c "int rate;"
git add src/dosing/pump.c
run git commit -m "Tune dosing"
expect_rc 1
expect_eq "message file" "git-trail: your message is kept in $(git rev-parse --absolute-git-dir)/COMMIT_EDITMSG; edit it and commit again with:" \
  "$(grep 'message is kept' <<<"$ERR")"
run git commit -m $'Tune dosing\n\nFixes: PR-9\nSafety-Impact: high\nReviewed-by: Bo <bo@example.com>'
expect_rc 0
expect_eq "committed" "Tune dosing|Fixes: PR-9|Safety-Impact: high|Reviewed-by: Bo <bo@example.com>" "$(git log -1 --format=%B | sed '/^$/d' | paste -sd'|')"

begin "prepare-commit-msg pre-fills the link named by the branch"
policy_repo
git switch -q -c feature/SRS-12-alarm
write src/alarm.c "int limit;"
git add src/alarm.c
cat >"$CASE_DIR/editor" <<'SH'
#!/bin/sh
sed -i '1s/^/Add alarm limits/' "$1"
SH
chmod +x "$CASE_DIR/editor"
GIT_EDITOR="$CASE_DIR/editor" run git commit
expect_rc 0
expect_eq "stored message" "Add alarm limits

Implements: SRS-12" "$(git log -1 --format=%B)"
# -m messages are left alone.
write src/alarm.c "int limit = 3;"
git add src/alarm.c
run git commit -m "Raise the limit"
expect_rc 0
expect_eq "-m message" "Raise the limit" "$(git log -1 --format=%B)"

done_testing
