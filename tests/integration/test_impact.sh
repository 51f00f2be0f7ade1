#!/usr/bin/env bash
# `git trail impact A..B` (IEC 62304 7.4.1): for each file the range changes, the requirements
# and risk controls it touches, their tests with the latest bound results, and the changes that
# state no safety rationale; a shallow clone that lacks history is incomplete (exit 4).
# verifies: GT-25
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

# The class C product of release_fixture.sh, with tests that may link risk controls, a risk
# control implemented in src/dosing/rate.c and released as v1.0.0; then a change of rate.c
# that states no safety rationale, and one that adds release notes and changes the limit's
# test and states its safety impact.
impact_repo() {
  release_repo
  write trail.toml "$(cat trail.toml)" '[[registry.file_links]]' 'files = ["tests/**"]' \
    "pattern = '(verifies):\\s*(RC-\\d+)'"
  write src/dosing/rate.c 'int rate = 10;'
  write tests/rate_test.c '// verifies: RC-1'
  commit_all $'Add the rate alarm\n\nImplements: RC-1\nSafety-Impact: high\nSafety-Rationale: the alarm is the risk control'
  git tag -a v1.0.0 -m "Release v1.0.0"
  write src/dosing/rate.c 'int rate = 5;'
  commit_all $'Alarm earlier\n\nFixes: PR-1'
  write NOTES 'Release notes for 1.1'
  write tests/limit_test.c '// verifies: SRS-1' '// and the limit at 0'
  commit_all $'Add release notes, test the limit at 0\n\nSafety-Impact: none'
}

# Short ids and trees the expected outputs name.
ids() {
  start=$(git rev-parse --short=12 HEAD~3)
  rate=$(git rev-parse --short=12 HEAD~2)
  earlier=$(git rev-parse --short=12 HEAD~1)
  readme=$(git rev-parse --short=12 HEAD)
  v1_tree=$(git rev-parse 'v1.0.0^{tree}')
  head_tree=$(git rev-parse 'HEAD^{tree}')
}

# Writes a JUnit report $1 with the test of file $2 ($3: passed or failed) and, when $4 is
# given, the test of file $4 passing, bound to tree $5.
report() {
  local failure=''
  [ "$3" = failed ] && failure='<failure message="late"/>'
  write "$1" '<testsuites><testsuite name="unit">' \
    "<properties><property name=\"git-trail.tree\" value=\"$5\"/></properties>" \
    "<testcase classname=\"t\" name=\"first\" file=\"$2\">$failure</testcase>" \
    ${4:+"<testcase classname=\"t\" name=\"second\" file=\"$4\"/>"} \
    '</testsuite></testsuites>'
}

begin "a changed file that implements a risk control names it, its test and the unstated change"
impact_repo
ids
run git trail impact v1.0.0..HEAD
expect_rc 0
expect_eq "impact" "Change impact of v1.0.0..HEAD: 2 commit(s), 3 file(s) changed
From: v1.0.0 (commit $(git rev-parse --short=12 v1.0.0^{commit}), tree ${v1_tree:0:12})
To: HEAD (commit $readme, tree ${head_tree:0:12})

Files changed
  NOTES ($readme)
    touches no requirement or risk control
  src/dosing/rate.c ($earlier)
    RC-1: implemented by $rate \"Add the rate alarm\"
  tests/limit_test.c ($readme)
    SRS-1: implemented by $start \"Start the pump\"
    SRS-1: linked in the file, line 1 (verifies)

Requirements and risk controls touched
  SRS-1 (requirement): Dose limit
    files: tests/limit_test.c
    test tests/limit_test.c:1 (file link): no results given
  RC-1 (risk-control): Alarm within 1 s
    files: src/dosing/rate.c
    test tests/rate_test.c:1 (file link): no results given

Test results
  none given (--results FILE): the tests' outcomes are not known

Changes that state no safety rationale (no Safety-Impact or Safety-Rationale)
  $earlier Alarm earlier" "$OUT"
expect_eq "stderr" "" "$ERR"

begin "with results: the latest outcome of each test, and whether each report is bound to B's tree"
impact_repo
ids
report ../old.xml tests/rate_test.c failed "" "$v1_tree"
report ../new.xml tests/rate_test.c passed tests/limit_test.c "$head_tree"
run git trail impact v1.0.0..HEAD --results ../old.xml --results ../new.xml
expect_rc 0
expect_eq "impact" "Change impact of v1.0.0..HEAD: 2 commit(s), 3 file(s) changed
From: v1.0.0 (commit $(git rev-parse --short=12 v1.0.0^{commit}), tree ${v1_tree:0:12})
To: HEAD (commit $readme, tree ${head_tree:0:12})

Files changed
  NOTES ($readme)
    touches no requirement or risk control
  src/dosing/rate.c ($earlier)
    RC-1: implemented by $rate \"Add the rate alarm\"
  tests/limit_test.c ($readme)
    SRS-1: implemented by $start \"Start the pump\"
    SRS-1: linked in the file, line 1 (verifies)

Requirements and risk controls touched
  SRS-1 (requirement): Dose limit
    files: tests/limit_test.c
    test tests/limit_test.c:1 (file link): passed in ../new.xml (bound to the tree of HEAD)
  RC-1 (risk-control): Alarm within 1 s
    files: src/dosing/rate.c
    test tests/rate_test.c:1 (file link): passed in ../new.xml (bound to the tree of HEAD)

Test results
  ../old.xml: NOT bound to the tree of HEAD: produced for tree $v1_tree, not $head_tree (1 test(s): 0 passed, 1 failed, 0 skipped)
  ../new.xml: bound to the tree of HEAD (2 test(s): 2 passed, 0 failed, 0 skipped)

Changes that state no safety rationale (no Safety-Impact or Safety-Rationale)
  $earlier Alarm earlier" "$OUT"
# The report given last is the latest: the old failure, of another tree, is what RC-1 shows.
run git trail impact v1.0.0..HEAD --results ../new.xml --results ../old.xml --format json
expect_rc 0
expect_eq "RC-1's test in JSON" '{
  "id": "RC-1",
  "kind": "risk-control",
  "role": "risk-control",
  "title": "Alarm within 1 s",
  "defined": true,
  "files": [
    "src/dosing/rate.c"
  ],
  "tests": [
    {
      "name": "tests/rate_test.c:1",
      "how": "file link",
      "outcome": "failed",
      "report": "../old.xml",
      "bound": false
    }
  ],
  "reverified": false
}' "$(printf '%s' "$OUT" | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["items"][1], indent=2))')"

begin "Markdown: the same sections as tables"
impact_repo
ids
run git trail impact v1.0.0..HEAD --format md -o ../impact.md
expect_rc 0
expect_eq "message" "git-trail: wrote ../impact.md" "$ERR"
expect_eq "markdown" "# Change impact: v1.0.0..HEAD

| | |
|---|---|
| From | v1.0.0 (commit $(git rev-parse --short=12 v1.0.0^{commit}), tree ${v1_tree:0:12}) |
| To | HEAD (commit $readme, tree ${head_tree:0:12}) |
| Commits | 2 |
| Files changed | 3 |

## Files changed

| File | Changed by | Touches |
|---|---|---|
| NOTES | \`$readme\` | nothing traced |
| src/dosing/rate.c | \`$earlier\` | RC-1: implemented by $rate \"Add the rate alarm\" |
| tests/limit_test.c | \`$readme\` | SRS-1: implemented by $start \"Start the pump\"<br>SRS-1: linked in the file, line 1 (verifies) |

## Requirements and risk controls touched

| ID | Kind | Title | Files | Tests and latest results |
|---|---|---|---|---|
| SRS-1 | requirement | Dose limit | tests/limit_test.c | tests/limit_test.c:1 (file link): no results given |
| RC-1 | risk-control | Alarm within 1 s | src/dosing/rate.c | tests/rate_test.c:1 (file link): no results given |

## Test results

None given (\`--results FILE\`): the tests' outcomes are not known.

## Changes that state no safety rationale

- \`$earlier\` Alarm earlier" "$(cat ../impact.md)"

begin "a shallow clone that lacks the implementing commits is incomplete (exit 4) unless accepted"
impact_repo
git clone -q --depth 2 "file://$PWD" ../shallow
cd ../shallow
run git trail impact HEAD~1..HEAD
expect_rc 4
expect_eq "stderr" "git-trail: the change impact is incomplete (history is missing); fetch it, or pass --allow-incomplete to accept that" "$ERR"
expect_eq "the warning" "Incomplete: a shallow clone; history stops at $(git rev-parse --short=12 HEAD~1), so older commits that implement an item were not seen. Fetch the whole history (git fetch --unshallow)." "$(printf '%s\n' "$OUT" | sed -n 4p)"
run git trail impact HEAD~1..HEAD --allow-incomplete
expect_rc 0
expect_eq "stderr" "" "$ERR"

begin "errors: a symmetric range, an unknown revision, an unreadable report"
impact_repo
run git trail impact v1.0.0...HEAD
expect_rc 2
expect_eq "three dots" "git-trail: error: 'v1.0.0...HEAD': change impact is between an older and a newer revision; use A..B, not A...B" "$ERR"
run git trail impact v0.9..HEAD
expect_rc 2
run git trail impact v1.0.0..HEAD --results ../missing.xml
expect_rc 2
expect_eq "no output" "" "$OUT"

done_testing
