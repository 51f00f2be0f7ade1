#!/usr/bin/env bash
# Fail closed (issue 9): the server always knows, and says, which policy it enforces; no push
# can lock it; CI never passes a range it could not judge (shallow clones, a missing baseline);
# waivers must name real commits.
# verifies: GT-7
# verifies: GT-27
source "$(dirname "$0")/lib.sh"

policy_lines=(
  '[kinds.requirement]' "pattern = 'SRS-\\d+'"
  '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }'
  '[[rules]]' 'id = "src-needs-link"' 'when = { paths = ["src/**"] }'
  'require = { any_relation = ["implements"] }'
  '[tags]' "release_pattern = '^v\\d+\\.\\d+\\.\\d+$'" 'annotated = true' 'manifest = true'
)

good_commit() { # path subject
  write "$1" "$RANDOM"
  git add "$1"
  git commit -q --no-verify -m "$2"$'\n\nImplements: SRS-1'
}
bad_commit() { # path subject
  write "$1" "$RANDOM"
  git add "$1"
  git commit -q --no-verify -m "$2"
}
short() { git rev-parse --short=12 "$1"; }
# git pads each remote line to clear the progress display; tests compare without it.
remote_lines() { sed -e 's/ *$//' <<<"$ERR"; }

# A bare server as `git init --bare` makes it with git's own default (HEAD -> master), the
# pre-receive hook installed, and a working clone whose main holds the policy. The clone's
# own hooks are not installed: these cases are about what the server does alone.
setup_master_server() {
  git -c init.defaultBranch=master init -q --bare server.git
  (cd server.git && git trail hooks install >/dev/null 2>&1)
  git init -q work
  cd work
  write trail.toml "${policy_lines[@]}"
  git add trail.toml
  git commit -q -m "Adopt the policy"
  git remote add origin ../server.git
}

begin "HEAD on an unborn master: a push to main is checked against main's own policy"
setup_master_server
git push -q origin main 2>/dev/null || fail "the first push (the policy) must be accepted"
base=$(short HEAD)
bad_commit src/pump.c "Tune the pump"
run git push --no-verify origin main
expect_rc 1
expect_eq "refused, policy named" "remote: git-trail: push rejected by the policy (main:trail.toml at $base, before the push)
remote: $(short HEAD) Tune the pump
remote:   src-needs-link: changes to src/pump.c (src/**) need a link: implements
remote:       add 'Implements: <requirement ID>' to the trailers at the end of the message
remote: git-trail: 1 commit checked (policy: main:trail.toml at $base, before the push): 1 violation in 1 commit
remote: git-trail: the server refused the whole push. Reword the commits (git rebase -i) and push again.
To ../server.git
 ! [remote rejected] main -> main (pre-receive hook declined)
error: failed to push some refs to '../server.git'" "$(remote_lines)"
git reset -q --hard HEAD~1
good_commit src/pump.c "Tune the pump"
run git push origin main
expect_rc 0
expect_eq "accepted, policy named" "remote: git-trail: accepted: 1 new commit and 1 ref checked against main:trail.toml at $base, before the push
To ../server.git
   $(git rev-parse --short HEAD~1)..$(git rev-parse --short HEAD)  main -> main" "$(remote_lines)"

begin "HEAD on an unborn master: a new branch and a release tag are refused with how to pin the policy"
setup_master_server
git push -q origin main 2>/dev/null
git switch -q -c feature
bad_commit src/pump.c "Tune the pump"
git tag -a -m "hand-made" v1.0.0
run git push --no-verify origin feature v1.0.0
expect_rc 1
expect_eq "refused" "remote: git-trail: refusing refs/heads/feature: the server cannot tell which policy to enforce: refs/heads/feature is new, and HEAD names refs/heads/master, which does not exist on this server.
remote:   pin the policy on the server, then push again:
remote:     git symbolic-ref HEAD refs/heads/main       HEAD names the branch that holds trail.toml
remote:     git config trail.policyRef refs/heads/main  new refs use that branch's trail.toml
remote:     GIT_TRAIL_POLICY=/etc/git-trail/trail.toml  one file, in the environment git runs hooks with
remote: git-trail: refusing refs/tags/v1.0.0: the server cannot tell which policy to enforce: refs/tags/v1.0.0 is not a branch, and HEAD names refs/heads/master, which does not exist on this server.
remote:   pin the policy on the server, then push again:
remote:     git symbolic-ref HEAD refs/heads/main       HEAD names the branch that holds trail.toml
remote:     git config trail.policyRef refs/heads/main  new refs use that branch's trail.toml
remote:     GIT_TRAIL_POLICY=/etc/git-trail/trail.toml  one file, in the environment git runs hooks with
remote: git-trail: the server refused the whole push.
To ../server.git
 ! [remote rejected] feature -> feature (pre-receive hook declined)
 ! [remote rejected] v1.0.0 -> v1.0.0 (pre-receive hook declined)
error: failed to push some refs to '../server.git'" "$(remote_lines)"
# Pinned with trail.policyRef, the same push is judged against main's policy.
git -C ../server.git config trail.policyRef refs/heads/main
main=$(git rev-parse --short=12 origin/main)
run git push --no-verify origin feature v1.0.0
expect_rc 1
expect_eq "judged" "remote: git-trail: push rejected by the policy (main:trail.toml at $main, trail.policyRef)
remote: $(short HEAD) Tune the pump
remote:   src-needs-link: changes to src/pump.c (src/**) need a link: implements
remote:       add 'Implements: <requirement ID>' to the trailers at the end of the message
remote: git-trail: 1 commit checked (policy: main:trail.toml at $main, trail.policyRef): 1 violation in 1 commit
remote:   tag: release tag v1.0.0: the message of tag 'v1.0.0' holds no git-trail manifest
remote:       make release tags with \`git trail release\`; check one with \`git trail verify v1.0.0\`" \
  "$(remote_lines | sed -n '1,7p')"
expect_eq "nothing landed" "" "$(git -C ../server.git for-each-ref --format='%(refname)' refs/heads/feature refs/tags)"

begin "an empty server: the first push may bring the first policy, and says so; without one it is refused"
git -c init.defaultBranch=master init -q --bare server.git
(cd server.git && git trail hooks install >/dev/null 2>&1)
git init -q bare-project && cd bare-project
good_commit src/pump.c "Start without a policy"
git remote add origin ../server.git
run git push origin main
expect_rc 1
expect_eq "no policy" "remote: git-trail: refusing refs/heads/main: the server cannot tell which policy to enforce: refs/heads/main is new, and HEAD names refs/heads/master, which does not exist on this server." \
  "$(remote_lines | head -1)"
cd .. && git init -q work && cd work
write trail.toml "${policy_lines[@]}"
git add trail.toml && git commit -q -m "Adopt the policy"
git remote add origin ../server.git
run git push origin main
expect_rc 0
expect_eq "first policy" "remote: git-trail: this push creates the first policy of an empty repository: refs/heads/main is checked against it (main:trail.toml at $(short HEAD), pushed)
remote: git-trail: accepted: 1 new commit and 1 ref checked against main:trail.toml at $(short HEAD), pushed" \
  "$(remote_lines | head -2)"

begin "a pushed trail.toml that does not load is refused with file:line:col, so it cannot lock the server"
git init -q --bare server.git
(cd server.git && git trail hooks install >/dev/null 2>&1)
git init -q work && cd work
write trail.toml "${policy_lines[@]}"
git add trail.toml && git commit -q -m "Adopt the policy"
git remote add origin ../server.git
git push -q origin main 2>/dev/null
printf '[project\n' >>trail.toml
git commit -q -am "Break the policy" --no-verify
run git push --no-verify origin main
expect_rc 1
line=$(grep -c '' trail.toml)
expect_eq "refused" "remote: git-trail: refusing refs/heads/main: the pushed trail.toml does not load:
remote: $(short HEAD):trail.toml:$line:9: error: invalid TOML in table header: expected ']', saw '\\n'" "$(remote_lines | head -2)"
expect_eq "server unchanged" "$(git rev-parse HEAD~1)" "$(git -C ../server.git rev-parse main)"

begin "a server whose committed policy is already broken accepts the push that repairs it"
git init -q --bare server.git
git init -q work && cd work
write trail.toml "${policy_lines[@]}"
printf '[project\n' >>trail.toml
git add trail.toml && git commit -q -m "A broken policy, pushed before the hook was installed"
git remote add origin ../server.git
git push -q origin main 2>/dev/null
(cd ../server.git && git trail hooks install >/dev/null 2>&1)
broken=$(short HEAD)
bad_commit src/pump.c "Unrelated change"
run git push --no-verify origin main
expect_rc 1
expect_eq "not repaired" "remote: git-trail: the policy committed at main:trail.toml at $broken, before the push does not load:
remote: $broken:trail.toml:$(grep -c '' trail.toml):9: error: invalid TOML in table header: expected ']', saw '\\n'" "$(remote_lines | head -2)"
git reset -q --hard HEAD~1
write trail.toml "${policy_lines[@]}"
git commit -q -am "Repair the policy" --no-verify
run git push --no-verify origin main
expect_rc 0
expect_eq "repaired" "remote: git-trail: the policy committed at main:trail.toml at $broken, before the push does not load:
remote: $broken:trail.toml:$(git show "$broken:trail.toml" | grep -c ''):9: error: invalid TOML in table header: expected ']', saw '\\n'
remote: git-trail: this push repairs it: refs/heads/main is checked against the pushed policy (main:trail.toml at $(short HEAD), pushed)" \
  "$(remote_lines | grep -v '^remote: *[0-9]* |\|^remote: *|' | head -3)"
expect_eq "landed" "$(git rev-parse HEAD)" "$(git -C ../server.git rev-parse main)"

begin "a pushed registry that does not load is refused with file:line:col"
policy_lines+=('[registry]' 'files = ["reqs/*.toml"]')
git init -q --bare server.git
(cd server.git && git trail hooks install >/dev/null 2>&1)
git init -q work && cd work
write trail.toml "${policy_lines[@]}"
write reqs/srs.toml '[[items]]' 'id = "SRS-1"' 'title = "Pump"'
git add . && git commit -q -m "Adopt the policy"
git remote add origin ../server.git
git push -q origin main 2>/dev/null || fail "a valid registry must be accepted"
write reqs/srs.toml '[[items]]' 'id = "SRS-1"' 'title = "Pump'
git commit -q -am "Break the registry" --no-verify
run git push --no-verify origin main
expect_rc 1
expect_eq "refused" "remote: git-trail: refusing refs/heads/main: the pushed registry does not load:" "$(remote_lines | head -1)"
expect_eq "located" "remote: reqs/srs.toml:3:14: error: invalid TOML: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited" "$(remote_lines | sed -n 2p)"

begin "a waiver naming a commit that does not exist is an error with file:line:col"
git init -q work && cd work
write trail.toml "${policy_lines[@]}" '[[waivers]]' 'commit = "0123456789abcdef"' 'rule = "src-needs-link"' \
  'reason = "emergency fix"' 'approved_by = "Q. A. Lead"'
git add trail.toml && git commit -q -m "Adopt the policy"
run git trail check
expect_rc 2
expect_eq "error" "trail.toml:16:10: error: the waiver for rule 'src-needs-link' names commit '0123456789abcdef', which is not one commit of this repository (unknown, rewritten, or a prefix of several)" \
  "$(head -1 <<<"$ERR")"

begin "waivers appear in JUnit as skipped cases with their reason, and in JSON"
git init -q work && cd work
write trail.toml "${policy_lines[@]}"
git add trail.toml && git commit -q -m "Adopt the policy"
bad_commit src/pump.c "Hotfix the pump"
waived=$(git rev-parse --short=10 HEAD)
write trail.toml "${policy_lines[@]}" '[[waivers]]' "commit = \"$waived\"" 'rule = "src-needs-link"' \
  'reason = "emergency fix, PR-7 follows"' 'approved_by = "Q. A. Lead"'
git commit -q -am "Waive the hotfix" --no-verify
run git trail check --format junit
expect_rc 0
expect_eq "junit" '<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="git-trail check" tests="2" failures="0" errors="0">
  <testsuite name="git-trail check (trail.toml)" tests="2" failures="0" errors="0" skipped="1">
    <testcase classname="waivers" name="'"$(short HEAD~1)"' src-needs-link">
      <skipped message="waived: emergency fix, PR-7 follows (approved by Q. A. Lead)"/>
    </testcase>
    <testcase classname="commits" name="3 other commits without violations"/>
  </testsuite>
</testsuites>' "$OUT"
run git trail check --format json
expect_eq "json waived" "src-needs-link emergency fix, PR-7 follows Q. A. Lead" \
  "$(python3 -c 'import json,sys; d=json.load(sys.stdin); w=d["waived"][0]; print(w["rule"], w["reason"], w["approved_by"])' <<<"$OUT")"

begin "the release gate refuses when [project] baseline names no commit here"
git init -q work && cd work
write trail.toml '[project]' 'baseline = "v9"'
git add trail.toml && git commit -q -m "Adopt the policy"
run git trail release v1.0.0
expect_rc 1
expect_eq "refused" "  [history] [project] baseline 'v9' names no commit here, so the history could not be checked (IEC 62304 8.2)
      hint: fetch it, or fix [project] baseline, and release again" "$(grep -A1 '^  \[history\]' <<<"$OUT$ERR")"
expect_eq "no tag" "" "$(git tag)"

done_testing
