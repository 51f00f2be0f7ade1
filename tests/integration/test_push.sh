#!/usr/bin/env bash
# History enforcement through real pushes: a working clone with pre-push, a local bare remote
# with the pre-receive hook, several refs at once, new branches, tags, deletions, force
# pushes, and --no-verify stopped by the server.
# verifies: GT-6
# verifies: GT-7
source "$(dirname "$0")/lib.sh"

policy_lines=(
  '[kinds.requirement]' "pattern = 'SRS-\\d+'"
  '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }'
  'Reviewed-by = { role = "approval" }'
  '[[rules]]' 'id = "dosing-needs-link"' 'when = { paths = ["src/dosing/**"] }'
  'require = { any_relation = ["implements"], approval = true }'
  '[[rules]]' 'id = "no-wip-on-main"' 'when = { branches = ["main"] }' 'forbid = { wip = true }'
  '[tags]' "release_pattern = '^v\\d+\\.\\d+\\.\\d+$'" 'annotated = true'
)

# A bare server with the pre-receive hook and a clone with the client hooks, sharing a first
# commit that holds the policy. Leaves the shell in the clone.
setup_pair() {
  git init -q --bare server.git
  (cd server.git && git trail hooks install >/dev/null)
  git init -q work
  cd work
  git trail hooks install >/dev/null
  write trail.toml "${policy_lines[@]}"
  git add trail.toml
  git commit -q -m "Adopt the policy"
  git remote add origin ../server.git
  git push -q origin main 2>/dev/null
}

good_commit() { # path subject
  write "$1" "$RANDOM"
  git add "$1"
  git commit -q -m "$2"$'\n\nImplements: SRS-1\nReviewed-by: Bo Reviewer <bo@example.com>'
}
bad_commit() { # path subject
  write "$1" "$RANDOM"
  git add "$1"
  git commit -q --no-verify -m "$2"
}
short() { git rev-parse --short=12 "$1"; }

begin "the server installs pre-receive by default"
git init -q --bare server.git && cd server.git
run git trail hooks install
expect_eq "install" "hooks folder: $CASE_DIR/server.git/hooks
pre-receive: installed" "$OUT"

begin "good commits on several refs are accepted"
setup_pair
good_commit src/dosing/a.c "Add dosing a"
git switch -q -c feature
good_commit src/dosing/b.c "Add dosing b"
run git push origin main feature
expect_rc 0
expect_eq "server has both" "$(git rev-parse main feature)" "$(git -C ../server.git rev-parse main feature)"

begin "pre-push rejects bad commits on several refs at once, each commit once, in ref order"
setup_pair
bad_commit src/dosing/a.c "Tune dosing"
shared=$(git rev-parse HEAD)
git switch -q -c feature
bad_commit docs/x.md "WIP notes"
bad_commit src/dosing/b.c "More dosing"
run git push origin main feature
expect_rc 1
expect_eq "diagnostics" "git-trail: push to origin rejected by the policy (trail.toml)
$(short "$shared") Tune dosing
  dosing-needs-link: changes to src/dosing/a.c (src/dosing/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message
  dosing-needs-link: changes to src/dosing/a.c (src/dosing/**) need an approval by someone other than the author (Ada Author <ada@example.com>)
      add 'Reviewed-by: <name> <email>' to the trailers at the end of the message naming the reviewer
$(short feature) More dosing
  dosing-needs-link: changes to src/dosing/b.c (src/dosing/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message
  dosing-needs-link: changes to src/dosing/b.c (src/dosing/**) need an approval by someone other than the author (Ada Author <ada@example.com>)
      add 'Reviewed-by: <name> <email>' to the trailers at the end of the message naming the reviewer
git-trail: 3 commits checked (policy: trail.toml): 4 violations in 2 commits
git-trail: nothing was pushed. Reword the commits (git rebase -i) and push again.
error: failed to push some refs to '../server.git'" "$ERR"
expect_eq "server unchanged" "$(git rev-parse origin/main)" "$(git -C ../server.git rev-parse main)"

begin "--no-verify skips pre-push, and the server refuses the push"
setup_pair
bad_commit src/dosing/a.c "Tune dosing"
base=$(short origin/main)
run git push --no-verify origin main
expect_rc 1
expect_eq "server diagnostics" "remote: git-trail: push rejected by the policy (main:trail.toml at $base, before the push)        
remote: $(short HEAD) Tune dosing        
remote:   dosing-needs-link: changes to src/dosing/a.c (src/dosing/**) need a link: implements        
remote:       add 'Implements: <requirement ID>' to the trailers at the end of the message        
remote:   dosing-needs-link: changes to src/dosing/a.c (src/dosing/**) need an approval by someone other than the author (Ada Author <ada@example.com>)        
remote:       add 'Reviewed-by: <name> <email>' to the trailers at the end of the message naming the reviewer        
remote: git-trail: 1 commit checked (policy: main:trail.toml at $base, before the push): 2 violations in 1 commit        
remote: git-trail: the server refused the whole push. Reword the commits (git rebase -i) and push again.        
To ../server.git
 ! [remote rejected] main -> main (pre-receive hook declined)
error: failed to push some refs to '../server.git'" "$ERR"

begin "an approval by the author is no approval"
setup_pair
write src/dosing/a.c 1 && git add src/dosing/a.c
git commit -q --no-verify -m $'Tune dosing\n\nImplements: SRS-1\nReviewed-by: Ada Author <ada@example.com>'
run git push --no-verify origin main
expect_rc 1
expect_eq "the one problem" "remote:   dosing-needs-link: changes to src/dosing/a.c (src/dosing/**) need an approval by someone other than the author (Ada Author <ada@example.com>)        " \
  "$(grep 'need an' <<<"$ERR")"

begin "a new branch: only the commits the server lacks are checked"
setup_pair
bad_commit docs/old.md "WIP old notes"
git push -q --no-verify origin main 2>/dev/null && fail "WIP on main must be refused"
git reset -q --hard origin/main
git switch -q -c topic
bad_commit docs/wip.md "WIP notes"
good_commit src/dosing/a.c "Add dosing a"
run git push origin topic
expect_rc 0
expect_eq "WIP is fine off main" "$(git rev-parse topic)" "$(git -C ../server.git rev-parse topic)"

begin "deleting a branch and force-pushing a rewrite"
setup_pair
git switch -q -c topic
good_commit src/dosing/a.c "Add dosing a"
git push -q origin topic 2>/dev/null
run git push origin --delete topic
expect_rc 0
expect_eq "deleted on the server" "" "$(git -C ../server.git for-each-ref refs/heads/topic)"
git switch -q main
good_commit src/dosing/b.c "Add dosing b"
git push -q origin main 2>/dev/null
git reset -q --hard HEAD~1
bad_commit src/dosing/c.c "Rewrite dosing"
run git push --force origin main
expect_rc 1
git reset -q --hard HEAD~1
good_commit src/dosing/c.c "Rewrite dosing"
run git push --force origin main
expect_rc 0
expect_eq "rewritten on the server" "$(git rev-parse main)" "$(git -C ../server.git rev-parse main)"

begin "release tags must be annotated and never move"
setup_pair
git tag v1.0.0
run git push origin v1.0.0
expect_rc 1
expect_eq "lightweight" "  tag: release tag v1.0.0 is not annotated
      create it with 'git tag -a v1.0.0' (git trail release does)" "$(grep -A1 '^  tag:' <<<"$ERR")"
git tag -d -q v1.0.0 2>/dev/null || git tag -d v1.0.0 >/dev/null
git tag -a -m "Release 1.0.0" v1.0.0
run git push origin v1.0.0
expect_rc 0
expect_eq "annotated tag on the server" "$(git rev-parse v1.0.0)" "$(git -C ../server.git rev-parse v1.0.0)"
good_commit src/dosing/a.c "Add dosing a"
git push -q origin main 2>/dev/null
git tag -f -a -m "Moved" v1.0.0 >/dev/null
run git push --no-verify --force origin v1.0.0
expect_rc 1
expect_eq "moved" "remote:   tag: release tag v1.0.0 already exists and would be moved; release tags never move        " \
  "$(grep 'tag: release' <<<"$ERR")"
git tag other-tag
run git push origin other-tag
expect_rc 0
expect_eq "other tag on the server" "$(git rev-parse other-tag)" "$(git -C ../server.git rev-parse other-tag)"

begin "[tags] manifest: a release tag must carry a manifest that verifies, on both sides"
policy_lines+=('manifest = true') # the last table is [tags]
setup_pair
write ../results.xml '<testsuite name="unit"></testsuite>'
git trail bind-results ../results.xml 2>/dev/null
git trail release v1.0.0 --results ../results.xml >/dev/null
run git push origin v1.0.0
expect_rc 0
expect_eq "on the server" "$(git rev-parse v1.0.0)" "$(git -C ../server.git rev-parse v1.0.0)"
git tag -a -m "Release 1.0.1" v1.0.1
run git push origin v1.0.1
expect_rc 1
expect_eq "pre-push" "  tag: release tag v1.0.1: the message of tag 'v1.0.1' holds no git-trail manifest
      make release tags with \`git trail release\`; check one with \`git trail verify v1.0.1\`" \
  "$(grep -A1 '^  tag:' <<<"$ERR")"
run git push --no-verify origin v1.0.1
expect_rc 1
expect_eq "pre-receive" "remote:   tag: release tag v1.0.1: the message of tag 'v1.0.1' holds no git-trail manifest        " \
  "$(grep 'tag: release' <<<"$ERR")"
# A copy of v1.0.0's tag with its manifest edited: the digest no longer matches.
git cat-file tag v1.0.0 | sed -e 's/^tag v1.0.0$/tag v1.0.2/' -e 's/"version": "v1.0.0"/"version": "v1.0.2"/' |
  git mktag >../forged
git update-ref refs/tags/v1.0.2 "$(cat ../forged)"
run git push --no-verify origin v1.0.2
expect_rc 1
expect_eq "forged" "1" "$(grep -c 'remote:   tag: release tag v1.0.2: the manifest in the tag was edited' <<<"$ERR")"
expect_eq "not on the server" "" "$(git -C ../server.git tag --list 'v1.0.[12]')"

done_testing
