#!/usr/bin/env bash
# Problem resolution evidence (IEC 62304 clause 9): the problem-report keys (type, scope,
# informed, verification) validated at file:line:col; `git trail problems` reading trends from
# the registry's history (9.6) made by real commits through the hooks on fixed dates; a shallow
# clone refused as incomplete; the release gate's problems.verification check (9.7).
source "$(dirname "$0")/lib.sh"

# Commits everything on DATE ($1, ISO 8601) with the message $2, through the hooks.
commit_on() {
  git add -A
  GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q -m "$2"
}

policy() {
  write trail.toml \
    '[project]' 'name = "Pump"' 'safety_class = "C"' \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'states = ["draft", "approved", "retired"]' \
    '[kinds.problem-report]' "pattern = 'PR-\\d+'" 'states = ["open", "investigating", "closed"]' \
    'types = ["defect", "feedback", "security"]' \
    '[trailers]' 'Fixes = { relation = "fixes", kinds = ["problem-report"] }' \
    'Refs = { relation = "refs" }' \
    '[registry]' 'files = ["docs/*.toml"]'
}

requirements=('[[items]]' 'id = "SRS-1"' 'title = "Dose limit"' 'status = "approved"'
  '[[items]]' 'id = "SRS-2"' 'title = "Alarm"' 'status = "approved"')
# PR-1 as $1 (its status) and the extra lines given.
pr1() {
  local status=$1
  shift
  printf '%s\n' '[[items]]' 'id = "PR-1"' 'title = "Dose shown late"' "status = \"$status\"" \
    'severity = "major"' 'type = "defect"' 'scope = "dose display"' 'informed = ["clinical lead"]' \
    'links = { affects = ["SRS-1"] }' "$@"
}
pr2() {
  printf '%s\n' '[[items]]' 'id = "PR-2"' 'title = "Limit rounding"' "status = \"$1\"" \
    'severity = "minor"' 'links = { affects = ["SRS-1"] }'
}
pr3() {
  printf '%s\n' '[[items]]' 'id = "PR-3"' 'title = "Alarm too quiet"' 'status = "open"' \
    'severity = "major"' 'type = "feedback"' 'scope = "alarm"' 'informed = ["support"]' \
    'links = { affects = ["SRS-2"] }'
}

# ./product: PR-1 and PR-2 opened in January, PR-1 closed in February, reopened in March with
# PR-3 opened and PR-2 closed; v1.0 tagged in February.
history_repo() {
  new_repo product
  policy
  write docs/items.toml "${requirements[@]}" "$(pr1 open)"
  commit_on 2026-01-05T10:00:00Z $'Record PR-1\n\nRefs: PR-1'
  write docs/items.toml "${requirements[@]}" "$(pr1 open)" "$(pr2 open)"
  commit_on 2026-01-20T10:00:00Z $'Record PR-2\n\nRefs: PR-2'
  write docs/items.toml "${requirements[@]}" "$(pr1 closed 'verification = "test dose_display"')" "$(pr2 open)"
  write src/display.c 'int shown = 1;'
  commit_on 2026-02-10T10:00:00Z $'Show the dose at once\n\nFixes: PR-1'
  git tag v1.0
  write README 'Pump'
  commit_on 2026-02-20T10:00:00Z $'Add a readme\n\nRefs: SRS-1'
  write docs/items.toml "${requirements[@]}" "$(pr1 open 'verification = "test dose_display"')" "$(pr2 open)" "$(pr3)"
  commit_on 2026-03-03T10:00:00Z $'Reopen PR-1, record PR-3\n\nRefs: PR-1\nRefs: PR-3'
  write docs/items.toml "${requirements[@]}" "$(pr1 open 'verification = "test dose_display"')" "$(pr2 closed)" "$(pr3)"
  commit_on 2026-03-15T10:00:00Z $'Round the limit\n\nFixes: PR-2'
}

# ./product for the gate: class C, SRS-1 verified, PR-1 fixed and closed in this release.
gate_repo() {
  new_repo product
  write trail.toml \
    '[project]' 'name = "Pump"' 'safety_class = "C"' \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'states = ["draft", "approved"]' \
    '[kinds.problem-report]' "pattern = 'PR-\\d+'" 'states = ["open", "closed"]' \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    'Fixes = { relation = "fixes", kinds = ["problem-report"] }' \
    '[registry]' 'files = ["docs/*.toml"]' \
    '[[registry.file_links]]' 'files = ["tests/**"]' "pattern = '(verifies|refs):\\s*((?:SRS|PR)-\\d+)'"
  write docs/items.toml '[[items]]' 'id = "SRS-1"' 'title = "Dose limit"' 'status = "approved"' \
    '[[items]]' 'id = "PR-1"' 'title = "Limit off by one"' 'status = "open"'
  write src/limit.c 'int limit = 4;'
  write tests/limit_test.c '// verifies: SRS-1'
  git add -A
  git commit -q -m $'Limit the dose\n\nImplements: SRS-1'
  write docs/items.toml '[[items]]' 'id = "SRS-1"' 'title = "Dose limit"' 'status = "approved"' \
    '[[items]]' 'id = "PR-1"' 'title = "Limit off by one"' 'status = "closed"' "$@"
  write src/limit.c 'int limit = 5;'
  git add -A
  git commit -q -m $'Fix the limit\n\nFixes: PR-1'
}

results() {
  write ../results.xml '<testsuites><testsuite name="unit">' "$@" '</testsuite></testsuites>'
  git trail bind-results ../results.xml 2>/dev/null
}

limit_passes='<testcase classname="limit" name="dose limit" file="tests/limit_test.c"/>'

# The gate's verdict on ./product with the results given: exit code and the [problems] lines.
problems_verdict() {
  results "$@"
  run git trail release v1.0.0 --dry-run --results ../results.xml
  echo "$RC $(grep -c '\[problems\]' <<<"$OUT")"
}

begin "problems --by month: opened, closed, reopened and open at the end of each month"
history_repo
run git trail problems --by month
expect_rc 0
expect_eq "by month" "Problem reports at $(git rev-parse --short=12 HEAD), since the root: 6 commit(s) read, 5 changed the registry

By month  opened  closed  reopened  open
2026-01        2       0         0     2
2026-02        0       1         0     1
2026-03        1       1         1     2

Recurring problems (items with 2 or more problem reports):
  SRS-1: PR-1, PR-2

Incomplete problem-report records (type, scope, severity, informed, verification):
  PR-2 (Limit rounding), closed: type, scope, informed, verification" "$OUT"
# --check judges the records: PR-2's is incomplete.
run git trail problems --check
expect_rc 1

begin "problems --by severity and --by item, and --since a tag"
history_repo
run git trail problems --by severity
expect_rc 0
expect_eq "by severity" "By severity  opened  closed  reopened  open
major             2       1         1     2
minor             1       1         0     0" "$(sed -n 3,5p <<<"$OUT")"
run git trail problems --by item
expect_eq "by item" "By item  opened  closed  reopened  open
SRS-1         2       2         1     1
SRS-2         1       0         0     1" "$(sed -n 3,5p <<<"$OUT")"
# Since v1.0 (PR-1 closed, PR-2 open then): only what happened after it counts.
run git trail problems --since v1.0 --by month
expect_rc 0
expect_eq "since" "Problem reports at $(git rev-parse --short=12 HEAD), since v1.0: 3 commit(s) read, 2 changed the registry

By month  opened  closed  reopened  open
2026-03        1       1         1     2" "$(sed -n 1,5p <<<"$OUT")"
# A --since that is not in REV's history would count from the root: an error.
run git trail problems v1.0 --since HEAD
expect_rc 2
expect_eq "not an ancestor" "git-trail: error: --since HEAD is not in the history of $(git rev-parse v1.0): the trend would count from the root" "$ERR"

begin "problems --format json"
history_repo
run git trail problems --since v1.0 --by type --format json
expect_rc 0
c4=$(git rev-parse HEAD~1)
c5=$(git rev-parse HEAD)
expect_eq "json" "{
  \"problems\": \"git-trail/problems/1\",
  \"revision\": \"$c5\",
  \"since\": \"v1.0\",
  \"since_commit\": \"$(git rev-parse v1.0)\",
  \"commits\": 3,
  \"registry_changes\": 2,
  \"complete\": true,
  \"incomplete\": \"\",
  \"by\": \"type\",
  \"rows\": [
    {
      \"key\": \"defect\",
      \"opened\": 0,
      \"closed\": 0,
      \"reopened\": 1,
      \"open\": 1
    },
    {
      \"key\": \"feedback\",
      \"opened\": 1,
      \"closed\": 0,
      \"reopened\": 0,
      \"open\": 1
    },
    {
      \"key\": \"(none)\",
      \"opened\": 0,
      \"closed\": 1,
      \"reopened\": 0,
      \"open\": 0
    }
  ],
  \"recurring\": [
    {
      \"item\": \"SRS-1\",
      \"reports\": [
        \"PR-1\",
        \"PR-2\"
      ]
    }
  ],
  \"reports\": [
    {
      \"id\": \"PR-1\",
      \"title\": \"Dose shown late\",
      \"status\": \"open\",
      \"defined\": true,
      \"open\": true,
      \"severity\": \"major\",
      \"type\": \"defect\",
      \"items\": [
        \"SRS-1\"
      ],
      \"before_range\": true,
      \"opened\": \"\",
      \"closed\": \"\",
      \"reopened\": 1,
      \"events\": [
        {
          \"what\": \"reopened\",
          \"commit\": \"$c4\",
          \"date\": \"2026-03-03\",
          \"status\": \"open\"
        }
      ]
    },
    {
      \"id\": \"PR-2\",
      \"title\": \"Limit rounding\",
      \"status\": \"closed\",
      \"defined\": true,
      \"open\": false,
      \"severity\": \"minor\",
      \"type\": \"\",
      \"items\": [
        \"SRS-1\"
      ],
      \"before_range\": true,
      \"opened\": \"\",
      \"closed\": \"2026-03-15\",
      \"reopened\": 0,
      \"events\": [
        {
          \"what\": \"closed\",
          \"commit\": \"$c5\",
          \"date\": \"2026-03-15\",
          \"status\": \"closed\"
        }
      ]
    },
    {
      \"id\": \"PR-3\",
      \"title\": \"Alarm too quiet\",
      \"status\": \"open\",
      \"defined\": true,
      \"open\": true,
      \"severity\": \"major\",
      \"type\": \"feedback\",
      \"items\": [
        \"SRS-2\"
      ],
      \"before_range\": false,
      \"opened\": \"2026-03-03\",
      \"closed\": \"\",
      \"reopened\": 0,
      \"events\": [
        {
          \"what\": \"opened\",
          \"commit\": \"$c4\",
          \"date\": \"2026-03-03\",
          \"status\": \"open\"
        }
      ]
    }
  ],
  \"fields\": [
    \"type\",
    \"scope\",
    \"severity\",
    \"informed\",
    \"verification\"
  ],
  \"incomplete_records\": [
    {
      \"id\": \"PR-2\",
      \"title\": \"Limit rounding\",
      \"status\": \"closed\",
      \"missing\": [
        \"type\",
        \"scope\",
        \"informed\",
        \"verification\"
      ],
      \"file\": \"docs/items.toml\",
      \"line\": 19
    }
  ]
}" "$OUT"

begin "a shallow clone: the trend is incomplete, exit 4 unless --allow-incomplete"
history_repo
cd ..
git clone -q --depth 2 "file://$PWD/product" shallow
cd shallow
run git trail problems
expect_rc 4
expect_eq "stderr" "git-trail: the problem trend is incomplete (a shallow clone: the history before $(git rev-parse --short=12 HEAD~1) is missing, so problem reports opened or closed before it are not counted); fetch the whole history, or pass --allow-incomplete to accept that" "$ERR"
run git trail problems --allow-incomplete
expect_rc 0
expect_eq "says so" "Incomplete: a shallow clone: the history before $(git rev-parse --short=12 HEAD~1) is missing, so problem reports opened or closed before it are not counted" "$(sed -n 2p <<<"$OUT")"

begin "problem-report keys are validated at file:line:col"
new_repo product
policy
write docs/items.toml "${requirements[@]}" \
  '[[items]]' 'id = "PR-1"' 'title = "Late"' 'status = "open"' 'type = "defekt"' 'informed = "support"' \
  '[[items]]' 'id = "SRS-3"' 'title = "Pause"' 'status = "approved"' 'scope = "pump"' 'verification = "test"'
git add -A
run git commit -q -m $'Record PR-1\n\nRefs: SRS-1'
expect_rc 1
expect_eq "errors" "docs/items.toml:13:8: error: unknown problem type 'defekt' in items[2].type; did you mean 'defect'?
docs/items.toml:14:12: error: wrong type for items[2].informed: expected an array of strings, found a string
docs/items.toml:19:9: error: items[3].scope is a problem-report field, but kind 'requirement' has role = \"requirement\"
docs/items.toml:20:16: error: items[3].verification is a SOUP or problem-report field, but kind 'requirement' has role = \"requirement\"" "$(grep 'docs/items.toml' <<<"$ERR")"
# A kind that is not a problem report may not list types.
write docs/items.toml "${requirements[@]}"
git add -A
git commit -q -m "Record the requirements"
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'types = ["defect"]'
run git trail check HEAD
expect_rc 2
expect_eq "types" "trail.toml:3:9: error: kinds.requirement.types applies to problem reports only; the kind needs role = \"problem-report\"" "$(grep 'trail.toml:' <<<"$ERR")"

begin "release: a resolved problem report with no verifying test or record is refused (9.7)"
gate_repo
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [problems] PR-1 (Limit off by one) is resolved (closed) in this release, but nothing shows its fix was verified: no passing test in the results given names it and it has no verification record (IEC 62304 9.7)
      hint: add a test that names PR-1 (in its name, or a file link in its file), run it on this tree and pass its results; or add verification = \"how the fix was verified\" to PR-1's registry entry" "$OUT"
[ -z "$(git tag)" ] || fail "a refused release must make no tag"
# A failing test that names it is no evidence either.
results "$limit_passes" '<testcase classname="limit" name="PR-1 off by one"><failure message="4"/></testcase>'
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "failing" "  [problems] PR-1 (Limit off by one) is resolved (closed) in this release, but nothing shows its fix was verified: no passing test in the results given names it and it has no verification record (IEC 62304 9.7)" "$(grep '\[problems\]' <<<"$OUT")"

begin "release: a passing test that names the problem report verifies its fix"
gate_repo
expect_eq "without it" "1 1" "$(problems_verdict "$limit_passes")"
results "$limit_passes" '<testcase classname="limit" name="PR-1 off by one"/>'
run git trail release v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "passed" "release gate for v1.0.0: passed (class C, 2 commit(s) checked)" "$(sed -n 1p <<<"$OUT")"

begin "release: a test whose file links the problem report verifies its fix"
gate_repo
expect_eq "without it" "1 1" "$(problems_verdict "$limit_passes")"
write tests/limit_test.c '// verifies: SRS-1' '// refs: PR-1'
git commit -q -am $'Test the fix\n\nImplements: SRS-1'
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "passed" "release gate for v1.0.0: passed (class C, 3 commit(s) checked)" "$(sed -n 1p <<<"$OUT")"

begin "release: a verification record on the problem report is accepted"
gate_repo 'verification = "reviewed: limit.c line 1, inspection record QA-17"'
expect_eq "the record" 'verification = "reviewed: limit.c line 1, inspection record QA-17"' "$(git show HEAD:docs/items.toml | grep verification)"
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "passed" "release gate for v1.0.0: passed (class C, 2 commit(s) checked)" "$(sed -n 1p <<<"$OUT")"

done_testing
