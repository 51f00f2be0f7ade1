#!/usr/bin/env bash
# One judgement of a commit, whoever asks: a registry that cannot be read is a `registry`
# violation of the commit, the same in the commit-msg hook (real git commit), the pre-push hook
# (real git push to a local bare remote) and `git trail check`; only a [[waivers]] entry
# accepts it, and the other rules are still reported with it.
# verifies: GT-8
source "$(dirname "$0")/lib.sh"

policy_lines=(
  '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'states = ["draft", "approved"]'
  '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }'
  '[message]' 'subject_max_length = 30'
  '[registry]' 'files = ["docs/req/*.toml"]'
)

# A clone with the client hooks and a bare remote, sharing a first commit with the policy and
# a registry that loads. Leaves the shell in the clone.
setup_pair() {
  git init -q --bare server.git
  git init -q work
  cd work
  git trail hooks install >/dev/null
  write trail.toml "${policy_lines[@]}"
  write docs/req/a.toml '[[items]]' 'id = "SRS-1"' 'title = "Alarm"' 'status = "approved"'
  git add -A
  git commit -q -m "Adopt the policy"
  git remote add origin ../server.git
  git push -q origin main 2>/dev/null
}

# Stages a registry file that does not load (SRS-1 defined twice).
break_registry() {
  write docs/req/b.toml '[[items]]' 'id = "SRS-1"' 'title = "Again"' 'status = "approved"'
  git add docs/req/b.toml
}

broken_text='docs/req/b.toml:1:1: error: duplicate item ID '"'"'SRS-1'"'"'; it is first defined at docs/req/a.toml:1
    1 | [[items]]
      | ^'

short() { git rev-parse --short=12 "$1"; }

begin "commit-msg: a registry that cannot be read is a violation, reported with the others"
setup_pair
break_registry
run git commit -m $'Implement the occlusion alarm now\n\nImplements: SRS-1'
expect_rc 1
expect_eq "diagnostics" "git-trail: commit rejected: 2 problems with the message (policy: trail.toml)
  registry: the registry cannot be read at this commit:
$broken_text
      fix the registry files in this commit
  subject-length: the subject line is 33 characters long; the limit is 30 (line 1)
      shorten the first line to 30 characters and put details in the body
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG" "$ERR"
expect_eq "nothing committed" "Adopt the policy" "$(git log -1 --format=%s)"

begin "commit-msg: a commit that repairs HEAD's unreadable registry is accepted"
setup_pair
break_registry
git commit -q --no-verify -m "Break the registry"
git rm -q docs/req/b.toml
run git commit -m $'Repair the registry\n\nImplements: SRS-1'
expect_rc 0
expect_eq "committed" "Repair the registry" "$(git log -1 --format=%s)"
expect_eq "silent" "" "$ERR"

begin "pre-push: the same violation refuses the push; nothing is pushed"
setup_pair
break_registry
git commit -q --no-verify -m $'Implement alarm\n\nImplements: SRS-1'
run git push origin main
expect_rc 1
expect_eq "diagnostics" "git-trail: push to origin rejected by the policy (trail.toml)
$(short HEAD) Implement alarm
  registry: the registry cannot be read at this commit:
$broken_text
      fix the registry files in this commit
git-trail: 1 commit checked (policy: trail.toml): 1 violation in 1 commit
git-trail: nothing was pushed. Reword the commits (git rebase -i) and push again.
error: failed to push some refs to '../server.git'" "$ERR"
expect_eq "remote unchanged" "$(git rev-parse HEAD~1)" "$(git -C ../server.git rev-parse main)"

begin "check: the same violation, exit 1; a waiver naming the commit accepts it"
setup_pair
break_registry
git commit -q --no-verify -m $'Implement alarm\n\nImplements: SRS-1'
bad=$(git rev-parse HEAD)
run git trail check
expect_rc 1
expect_eq "report" "$(short HEAD) Implement alarm
  registry: the registry cannot be read at this commit:
$broken_text
      fix the registry files in this commit
git-trail: 2 commits checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"
write waived.toml "${policy_lines[@]}" '[[waivers]]' "commit = \"$bad\"" 'rule = "registry"' \
  'reason = "registry repaired in the next release"' 'approved_by = "Quinn QA <qa@example.com>"'
run git trail --policy waived.toml check
expect_rc 0
expect_eq "waived" "waived: $(short HEAD) registry: registry repaired in the next release (approved by Quinn QA <qa@example.com>)
git-trail: 2 commits checked (policy: waived.toml): no violations, 1 waived" "$OUT"

done_testing
