#!/usr/bin/env bash
# `git trail check` for CI: text, JSON and JUnit output, exit codes, baseline, waivers, merges,
# shallow clones, empty repositories.
# verifies: GT-9
source "$(dirname "$0")/lib.sh"

tick=0
commit_file() { # path message [--no-verify implied]
  tick=$((tick + 1))
  write "$1" "$tick"
  git add "$1"
  GIT_COMMITTER_DATE="2026-01-01T12:00:$(printf %02d $tick)Z" GIT_AUTHOR_DATE="2026-01-01T12:00:$(printf %02d $tick)Z" \
    git commit -q --no-verify -m "$2"
}

# A repository with a policy and a mix of good and bad commits.
history_repo() {
  git init -q repo && cd repo
  write trail.toml \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    '[[rules]]' 'id = "dosing-needs-link"' 'when = { paths = ["src/dosing/**"] }' \
    'require = { any_relation = ["implements"] }' "${extra_policy[@]}"
  git add trail.toml
  commit_file README.md "Start"
  commit_file src/dosing/a.c "Add dosing & <rates>"
  commit_file src/dosing/b.c $'Add dosing b\n\nImplements: SRS-2'
  commit_file docs/notes.md "Add notes"
}
extra_policy=()

begin "text output groups problems by commit; exit 1"
history_repo
run git trail check
expect_rc 1
expect_eq "text" "$(git rev-parse --short=12 HEAD~2) Add dosing & <rates>
  dosing-needs-link: changes to src/dosing/a.c (src/dosing/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message
git-trail: 4 commits checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"

begin "a clean range exits 0"
history_repo
run git trail check HEAD~1..HEAD
expect_rc 0
expect_eq "text" "git-trail: 1 commit checked (policy: trail.toml): no violations" "$OUT"
run git trail check HEAD~1..HEAD --format json
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

begin "JSON output"
history_repo
run git trail check --format json
expect_rc 1
expect_eq "json" "{
  \"policy\": \"trail.toml\",
  \"commits\": [
    {
      \"commit\": \"$(git rev-parse HEAD~2)\",
      \"subject\": \"Add dosing & <rates>\",
      \"violations\": [
        {
          \"rule\": \"dosing-needs-link\",
          \"message\": \"changes to src/dosing/a.c (src/dosing/**) need a link: implements\",
          \"hint\": \"add 'Implements: <requirement ID>' to the trailers at the end of the message\"
        }
      ]
    }
  ],
  \"waived\": [],
  \"unjudged\": [],
  \"commits_checked\": 4,
  \"merges_skipped\": 0,
  \"verdict\": \"failed\",
  \"clean\": false,
  \"complete\": true,
  \"incomplete_accepted\": false,
  \"shallow_boundary\": [],
  \"paths_unknown\": [],
  \"baseline_missing\": null
}" "$OUT"

begin "JUnit XML output"
history_repo
run git trail check --format junit
expect_rc 1
expect_eq "junit" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<testsuites name=\"git-trail check\" tests=\"2\" failures=\"1\" errors=\"0\">
  <testsuite name=\"git-trail check (trail.toml)\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\">
    <testcase classname=\"commits\" name=\"$(git rev-parse --short=12 HEAD~2) Add dosing &amp; &lt;rates&gt;\">
      <failure type=\"dosing-needs-link\" message=\"changes to src/dosing/a.c (src/dosing/**) need a link: implements\">dosing-needs-link: changes to src/dosing/a.c (src/dosing/**) need a link: implements
add &apos;Implements: &lt;requirement ID&gt;&apos; to the trailers at the end of the message</failure>
    </testcase>
    <testcase classname=\"commits\" name=\"3 other commits without violations\"/>
  </testsuite>
</testsuites>" "$OUT"
if command -v xmllint >/dev/null; then
  xmllint --noout - <<<"$OUT" || fail "JUnit output is not well-formed XML"
fi

begin "a waiver exempts a named commit from a named rule and is listed"
history_repo
bad=$(git rev-parse HEAD~2)
printf '%s\n' '[[waivers]]' "commit = \"${bad:0:10}\"" 'rule = "dosing-needs-link"' \
  'reason = "prototype code, removed in PR-12"' 'approved_by = "Quinn QA <qa@example.com>"' >>trail.toml
run git trail check
expect_rc 0
expect_eq "text" "waived: ${bad:0:12} dosing-needs-link: prototype code, removed in PR-12 (approved by Quinn QA <qa@example.com>)
git-trail: 4 commits checked (policy: trail.toml): no violations, 1 waived" "$OUT"

begin "commits reachable from the baseline are not checked"
history_repo
git tag v0.9.0 HEAD~1
sed -i '1i [project]\nbaseline = "v0.9.0"' trail.toml
run git trail check
expect_rc 0
expect_eq "text" "git-trail: 1 commit checked (policy: trail.toml): no violations" "$OUT"
run git trail check --no-baseline
expect_rc 1
sed -i 's/baseline = "v0.9.0"/baseline = "v9"/' trail.toml
run git trail check
expect_rc 4
expect_eq "a baseline that names nothing" "git-trail: INCOMPLETE: [project] baseline 'v9' names no commit in this clone, so the history it exempts cannot be told apart; nothing was checked.
  fetch it (git fetch origin tag v9, or the branch it names), fix [project] baseline, or pass --no-baseline
git-trail: 0 commits checked (policy: trail.toml): no violations; INCOMPLETE: not passed" "$OUT"

begin "merges: checked by their own message, paths against the first parent; or skipped"
history_repo
git switch -q -c side HEAD~1
commit_file src/dosing/c.c $'Add dosing c\n\nImplements: SRS-3'
git switch -q main
GIT_COMMITTER_DATE="2026-01-01T12:01:00Z" git merge -q --no-ff --no-verify -m "Merge side" side
run git trail check HEAD^1..HEAD
expect_rc 1
expect_eq "merge checked" "$(git rev-parse --short=12 HEAD) Merge side
  dosing-needs-link: changes to src/dosing/c.c (src/dosing/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message
git-trail: 2 commits checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"
printf '%s\n' '[history]' 'merges = "skip"' >>trail.toml
run git trail check HEAD^1..HEAD
expect_rc 0
expect_eq "merge skipped" "git-trail: 1 commit checked (policy: trail.toml): no violations, 1 merge not checked ([history] merges = \"skip\")" "$OUT"

begin "a shallow clone: the walk stops at the boundary, says so and exits 4"
history_repo
cd ..
git clone -q --depth 2 "file://$CASE_DIR/repo" shallow
cd shallow
run git trail check
expect_rc 4
boundary=$(git rev-parse --short=12 HEAD~1)
expect_eq "text" "git-trail: INCOMPLETE: this is a shallow clone and history was cut after 1 commit ($boundary): older commits of the range were not checked.
  fetch the missing history and run again: git fetch --deepen=<N> (or --unshallow, or --shallow-exclude=<the range's base branch>); in CI check out with full history (GitHub Actions: fetch-depth: 0; GitLab CI: GIT_DEPTH: 0); see docs/ci.md
git-trail: 2 commits checked (policy: trail.toml): no violations; INCOMPLETE: not passed" "$OUT"
run git trail check --format json
expect_eq "json complete" '  "complete": false,' "$(grep '"complete"' <<<"$OUT")"
run git trail trailers --format text
expect_rc 0
expect_eq "trailers warning" "git-trail: warning: this is a shallow clone; history was cut after 1 commit(s) whose parents are missing (git fetch --unshallow fetches the rest)" "$ERR"

begin "an empty repository and an unborn branch"
git init -q repo && cd repo
run git trail check
expect_rc 0
expect_eq "message" "git-trail: nothing to check: the current branch has no commits yet" "$ERR"

begin "ref-scoped rules use --branch, or the current branch"
extra_policy=('[[rules]]' 'id = "no-wip-on-release"' 'when = { branches = ["release/*"] }' 'forbid = { wip = true }')
history_repo
commit_file docs/x.md "WIP: later"
run git trail check HEAD~1..HEAD
expect_rc 0
expect_eq "clean off release branches" "git-trail: 1 commit checked (policy: trail.toml): no violations" "$OUT"
run git trail check --branch release/1.0 HEAD~1..HEAD
expect_rc 1
expect_eq "rule" "  no-wip-on-release: work-in-progress commit on branch release/1.0 (line 1)" "$(sed -n 2p <<<"$OUT")"

done_testing
