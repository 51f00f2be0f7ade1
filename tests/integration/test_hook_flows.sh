#!/usr/bin/env bash
# Hooks judge a commit the way history will (issue 9, case 5), driven by git's own flows with
# the hooks installed: merges follow [history] merges, fixup!/squash!/amend! commits are judged
# where they land, a revert inherits the links of the commit it reverts, and a trailer left in
# the body is named. Each verdict of the commit-msg hook is compared with `git trail check`'s.
# verifies: GT-8
source "$(dirname "$0")/lib.sh"

# Writes trail.toml: links under src/**, [history] merges = MERGES, and (unless NO_GUARD is
# set) the default policy's rule keeping fixup!, squash! and WIP commits off protected branches.
policy() {
  write trail.toml \
    '[kinds.requirement]' \
    "pattern = 'SRS-\\d+'" \
    '' \
    '[trailers]' \
    'Implements = { relation = "implements", kinds = ["requirement"] }' \
    'Reviewed-by = { role = "approval" }' \
    '' \
    '[history]' \
    "merges = \"${1:-first-parent}\"" \
    '' \
    '[[rules]]' \
    'id = "src-needs-link"' \
    'when = { paths = ["src/**"] }' \
    'require = { any_relation = ["implements"] }'
  if [ -z "${NO_GUARD:-}" ]; then
    printf '%s\n' '' '[[rules]]' 'id = "no-autosquash-on-protected"' \
      'when = { branches = ["main", "master", "release/*"] }' 'forbid = { wip = true, autosquash = true }' >>trail.toml
  fi
}

# A repository with the policy (MERGES) and one commit on main.
policy_repo() {
  new_repo repo
  policy "${1:-}"
  git add trail.toml
  git commit -q -m "Add policy"
}

# What the commit-msg hook printed, without the lines that say how to reopen the kept message
# (their wording belongs to another part of issue 9).
verdict() {
  printf '%s\n' "$ERR" | sed '/^git-trail: your message is kept in/,$d'
}

commits() { git rev-list --count HEAD; }
short() { git rev-parse --short=12 "$1"; }

# The lines of a server's rejection that name the commits and their violations.
server_violations() {
  printf '%s\n' "$ERR" | sed -n 's/^remote: \(.*[^ ]\) *$/\1/p' | sed -n '/^[0-9a-f]\{12\} /,/^      /p'
}

# A feature branch with a linked change under src/, and main moved on since: merging it creates
# a merge commit whose paths against the first parent include src/a.c and whose own message
# links to nothing.
merge_repo() {
  policy_repo "$1"
  git checkout -q -b feature
  write src/a.c "int a;"
  git add src/a.c
  git commit -q -m $'Add a\n\nImplements: SRS-1'
  git checkout -q main
  write README.md "Pump"
  git add README.md
  git commit -q -m "Add README"
}

for merges in skip no-paths; do
  begin "merge --no-ff with merges = \"$merges\" is accepted by the hook, as by check"
  merge_repo "$merges"
  run git merge --no-ff --no-edit feature
  expect_rc 0
  expect_eq "hook" "" "$(verdict)"
  expect_eq "commits" 4 "$(commits)"
  run git trail check
  expect_rc 0
  case $merges in
  skip) expected='git-trail: 3 commits checked (policy: trail.toml): no violations, 1 merge not checked ([history] merges = "skip")' ;;
  no-paths) expected="git-trail: 4 commits checked (policy: trail.toml): no violations" ;;
  esac
  expect_eq "check" "$expected" "$OUT"
done

begin "merge --no-ff with merges = \"first-parent\" is refused by the hook, as by check"
merge_repo first-parent
run git merge --no-ff --no-edit feature
expect_rc 1
expect_eq "hook" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message" "$(verdict)"
git merge --abort
git merge -q --no-ff --no-edit --no-verify feature
run git trail check
expect_rc 1
expect_eq "check" "$(short HEAD) Merge branch 'feature'
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message
git-trail: 4 commits checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"

begin "amending a merge with merges = \"skip\" is accepted: it is still a merge"
merge_repo skip
git merge -q --no-ff --no-edit feature
run git commit --amend -m "Merge feature into main"
expect_rc 0
expect_eq "hook" "" "$(verdict)"
expect_eq "subject" "Merge feature into main" "$(git log -1 --format=%s)"

begin "git commit --fixup on a feature branch is accepted, and by check on that branch"
policy_repo
git checkout -q -b feature
write src/a.c "int a;"
git add src/a.c
git commit -q -m $'Add a\n\nImplements: SRS-1'
write src/a.c "int a = 1;"
git add src/a.c
run git commit --fixup HEAD
expect_rc 0
expect_eq "hook" "" "$(verdict)"
expect_eq "subject" "fixup! Add a" "$(git log -1 --format=%s)"
run git trail check main..feature
expect_rc 0
expect_eq "check" "git-trail: 2 commits checked (policy: trail.toml): no violations" "$OUT"
# Landed on main unsquashed, history refuses it for what it is.
run git trail check --branch main main..feature
expect_rc 1
expect_eq "check on main" "$(short feature) fixup! Add a
  no-autosquash-on-protected: fixup!/squash!/amend! commit on branch main (line 1)
      squash it first: git rebase -i --autosquash
git-trail: 2 commits checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"

begin "a fixup of a commit whose subject is near the limit is held to that subject, not to its own"
policy_repo
git checkout -q -b feature
subject="Limit the infusion rate to the maximum the prescription allows today" # 68 characters
write src/a.c "int a;"
git add src/a.c
git commit -q -m "$subject"$'\n\nImplements: SRS-1'
write src/a.c "int a = 1;"
git add src/a.c
run git commit --fixup HEAD
expect_rc 0
expect_eq "hook" "" "$(verdict)"
expect_eq "subject" "fixup! $subject" "$(git log -1 --format=%s)"

begin "the push hooks judge a fixup where it lands: refused on main, accepted on a feature branch"
git init -q --bare server.git
(cd server.git && git trail hooks install >/dev/null)
policy_repo
git remote add origin ../server.git
git push -q origin main 2>/dev/null
git checkout -q -b feature
write src/a.c "int a;"
git add src/a.c
git commit -q -m $'Add a\n\nImplements: SRS-1'
write src/a.c "int a = 1;"
git add src/a.c
git commit -q --fixup HEAD
run git push -q --no-verify origin feature:main
expect_rc 1
expect_eq "server, to main" "$(short feature) fixup! Add a
  no-autosquash-on-protected: fixup!/squash!/amend! commit on branch main (line 1)
      squash it first: git rebase -i --autosquash" "$(server_violations)"
run git push -q origin feature
expect_rc 0
expect_eq "pre-push silent, the server names its policy" "remote: git-trail: accepted: 2 new commits and 1 ref checked against main:trail.toml at $(short origin/main), HEAD" \
  "$(sed -e 's/ *$//' <<<"$ERR")"

begin "git commit --fixup on main is refused as a fixup, not for its links"
policy_repo
write src/a.c "int a;"
git add src/a.c
git commit -q -m $'Add a\n\nImplements: SRS-1'
write src/a.c "int a = 1;"
git add src/a.c
run git commit --fixup HEAD
expect_rc 1
expect_eq "hook" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  no-autosquash-on-protected: fixup!/squash!/amend! commit on branch main (line 1)
      squash it first: git rebase -i --autosquash" "$(verdict)"
expect_eq "commits" 2 "$(commits)"

begin "without a rule keeping fixups off protected branches, a fixup needs its links, and the hint says why"
NO_GUARD=1 policy_repo
git checkout -q -b feature
write src/a.c "int a;"
git add src/a.c
git commit -q -m $'Add a\n\nImplements: SRS-1'
write src/a.c "int a = 1;"
git add src/a.c
run git commit --fixup HEAD
expect_rc 1
expect_eq "hook" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message; this is a fixup! commit, judged like any other because no rule without a path scope forbids autosquash commits: squash it into its target first (git rebase -i --autosquash)" "$(verdict)"

begin "on a detached HEAD a fixup's landing is unknown: it needs its links, and the hint says why"
policy_repo
write src/a.c "int a;"
git add src/a.c
git commit -q -m $'Add a\n\nImplements: SRS-1'
git checkout -q --detach
write src/a.c "int a = 1;"
git add src/a.c
run git commit --fixup HEAD
expect_rc 1
expect_eq "hook" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message; this is a fixup! commit, judged like any other because its branch is not known: squash it into its target first (git rebase -i --autosquash)" "$(verdict)"

begin "rebase -i squash leaves the trailer in the body: check and the hook name the line"
policy_repo
git checkout -q -b feature
write src/a.c "int a;"
git add src/a.c
git commit -q -m $'Add a\n\nImplements: SRS-1'
write src/a.c "int a = 1;"
git add src/a.c
git commit -q --no-verify -m "Initialise a" # to be squashed into "Add a"
GIT_SEQUENCE_EDITOR="sed -i -e '2s/^pick/squash/'" git rebase -q -i main >/dev/null
expect_eq "squashed message" "Add a

Implements: SRS-1

Initialise a" "$(git log -1 --format=%B)"
run git trail check main..feature
expect_rc 1
expect_eq "check" "$(short HEAD) Add a
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message; line 3 'Implements: SRS-1' is not read as a trailer: it is outside the trailer block, move it into the last paragraph
git-trail: 1 commit checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"
run git commit --amend --no-edit
expect_rc 1
expect_eq "hook" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message; line 3 'Implements: SRS-1' is not read as a trailer: it is outside the trailer block, move it into the last paragraph" "$(verdict)"

# A repository whose main has a linked change to src/a.c and an unlinked one to src/b.c
# (made with --no-verify, as the pre-fix history of a real project would hold).
revert_repo() {
  policy_repo
  write src/a.c "int a;"
  git add src/a.c
  git commit -q -m $'Add a\n\nImplements: SRS-1'
  write src/b.c "int b;"
  git add src/b.c
  git commit -q --no-verify -m "Add b"
}

begin "a revert of a linked commit is accepted by the hook and by check: it inherits the links"
revert_repo
git revert --no-commit HEAD~1 >/dev/null
run git commit --no-edit
expect_rc 0
expect_eq "hook" "" "$(verdict)"
expect_eq "message" "Revert \"Add a\"

This reverts commit $(git rev-parse HEAD~2)." "$(git log -1 --format=%B)"
run git trail check HEAD~1..HEAD
expect_rc 0
expect_eq "check" "git-trail: 1 commit checked (policy: trail.toml): no violations" "$OUT"
# git revert itself skips the commit-msg hook; check judges what it made the same way.
git revert --no-edit HEAD >/dev/null
run git trail check HEAD~1..HEAD --format json
expect_rc 0
expect_eq "json" '{
  "policy": "trail.toml",
  "commits": [],
  "waived": [],
  "unjudged": [],
  "commits_checked": 1,
  "merges_skipped": 0,
  "verdict": "passed",
  "clean": true,
  "complete": true,
  "incomplete_accepted": false,
  "shallow_boundary": [],
  "paths_unknown": [],
  "baseline_missing": null
}' "$OUT"

begin "a revert of an unlinked commit is still refused, and the hint says why"
revert_repo
reverted=$(short HEAD)
git revert --no-commit HEAD >/dev/null
run git commit --no-edit
expect_rc 1
expect_eq "hook" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  src-needs-link: changes to src/b.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message; this reverts $reverted, which has no links either" "$(verdict)"
git commit -q --no-verify --no-edit
run git trail check HEAD~1..HEAD
expect_rc 1
expect_eq "check" "$(short HEAD) Revert \"Add b\"
  src-needs-link: changes to src/b.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message; this reverts $reverted, which has no links either
git-trail: 1 commit checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"

begin "a revert that also changes another path inherits nothing"
revert_repo
git revert --no-commit HEAD~1 >/dev/null
write src/c.c "int c;"
git add src/c.c
run git commit --no-edit
expect_rc 1
expect_eq "hook" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message; this reverts $(short HEAD~1) but also changes src/c.c, which that commit does not: no links are inherited" "$(verdict)"

begin "a revert of a commit that is not in the repository inherits nothing"
revert_repo
write src/a.c "int a = 2;"
git add src/a.c
run git commit -m $'Revert "Add a"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.'
expect_rc 1
expect_eq "hook" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message; this reverts 0123456789abcdef0123456789abcdef01234567, which is not in this repository: fetch it to inherit its links" "$(verdict)"

done_testing
