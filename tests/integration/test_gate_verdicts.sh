#!/usr/bin/env bash
# The release gate checks what IEC 62304 5.8 and 7.3 ask, by the classes Table A.1 gives each
# clause (templates/iec62304.toml): every requirement and risk control in the release verified
# by a passing test in results bound to the tree (a `Verifies:` trailer is a claim, not
# evidence), every failing test explained by an open, evaluated problem report, skipped tests
# and requirements declared out of the release listed, draft requirements refused. Class C and
# class A projects made with real commits through the hooks, results bound with bind-results.
# verifies: GT-19
# verifies: GT-22
source "$(dirname "$0")/lib.sh"

# Makes ./product (class $1) with hooks installed: SRS-1 implemented, RC-1 (a risk control),
# and a test file that verifies what its remaining arguments name. Leaves the shell in it.
product() {
  local class=$1
  shift
  new_repo product
  write trail.toml \
    '[project]' 'name = "Pump"' "safety_class = \"$class\"" \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
    'states = ["draft", "approved", "deferred", "retired"]' \
    'require_links = ["implements", "verifies"]' \
    '[kinds.problem-report]' "pattern = 'PR-\\d+'" 'states = ["open", "resolved", "closed"]' \
    '[kinds.risk-control]' "pattern = 'RC-\\d+'" \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement", "risk-control"] }' \
    'Verifies = { relation = "verifies", kinds = ["requirement", "risk-control"] }' \
    'Refs = { relation = "refs" }' \
    '[registry]' 'files = ["docs/*.toml"]' \
    '[[registry.file_links]]' 'files = ["tests/**"]' "pattern = '(verifies|refs):\\s*((?:SRS|RC|PR)-\\d+)'"
  write docs/items.toml \
    '[[items]]' 'id = "SRS-1"' 'title = "Dose limit"' 'status = "approved"' \
    '[[items]]' 'id = "RC-1"' 'title = "Alarm within 1 s"'
  write src/limit.c 'int limit = 5;'
  local lines=()
  for id in "$@"; do
    lines+=("// verifies: $id")
  done
  write tests/limit_test.c "${lines[@]}"
  git add -A
  git commit -q -m $'Limit the dose\n\nImplements: SRS-1\nImplements: RC-1'
}

# Writes the JUnit report ../results.xml with the <testcase> lines given, bound to HEAD's tree.
results() {
  write ../results.xml '<testsuites><testsuite name="unit">' "$@" '</testsuite></testsuites>'
  git trail bind-results ../results.xml 2>/dev/null
}

# The last lines of a real release: the tag it made and the manifest's digest.
created() {
  local digest
  digest=$(git cat-file tag v1.0.0 | sed -n 's/^Manifest-SHA256: //p')
  printf '%s\n' "created annotated tag v1.0.0 ($(git rev-parse --short=12 v1.0.0)) at $(git rev-parse --short=12 HEAD)" \
    "manifest sha256 $digest" "publish it with: git push origin v1.0.0"
}

limit_passes='<testcase classname="limit" name="dose limit" file="tests/limit_test.c"/>'

begin "class C: a risk control with no passing test refuses the release (7.3.1)"
product C SRS-1
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [verification] RC-1 (Alarm within 1 s): no passing test in the results (IEC 62304 7.3.1)
      hint: add a test that verifies it (a file link or the ID in the test's name), run it on this tree and pass its results" "$OUT"
[ -z "$(git tag)" ] || fail "a refused release must make no tag"
# With a test of RC-1 too, it passes.
write tests/limit_test.c '// verifies: SRS-1' '// verifies: RC-1'
git commit -q -am $'Test the alarm\n\nVerifies: RC-1'
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "released" "release gate for v1.0.0: passed (class C, 2 commit(s) checked)
$(created)" "$OUT"

begin "class C: a failing test that names no item refuses the release (5.8.2); skipped tests are listed"
product C SRS-1 RC-1
write tests/boot_test.c '// boots the pump'
git add -A
git commit -q -m $'Add a boot test\n\nRefs: SRS-1'
results "$limit_passes" \
  '<testcase classname="boot" name="smoke" file="tests/boot_test.c"><failure message="timeout"/></testcase>' \
  '<testcase classname="boot" name="power" file="tests/boot_test.c"><error message="no board"/></testcase>' \
  '<testcase classname="boot" name="slow" file="tests/boot_test.c"><skipped message="nightly only"/></testcase>'
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 2 problem(s)
  [anomalies] test 'boot::smoke' (../results.xml) failed (\"timeout\") and names no open problem report: a residual anomaly that is not listed (IEC 62304 5.8.2)
      hint: fix it, or record it as a problem report with an evaluation and name its ID in the test's name or in a link in the test's file
  [anomalies] test 'boot::power' (../results.xml) errored (\"no board\") and names no open problem report: a residual anomaly that is not listed (IEC 62304 5.8.2)
      hint: fix it, or record it as a problem report with an evaluation and name its ID in the test's name or in a link in the test's file
  skipped: test 'boot::slow' (../results.xml): nightly only" "$OUT"

begin "class C: a failing test that names an open, evaluated problem report is accepted and listed"
product C SRS-1 RC-1
write docs/items.toml "$(cat docs/items.toml)" \
  '[[items]]' 'id = "PR-1"' 'title = "Boot slow on cold start"' 'status = "open"'
write tests/boot_test.c '// refs: PR-1'
git add -A
git commit -q -m $'Record PR-1 and its test\n\nRefs: PR-1'
results "$limit_passes" \
  '<testcase classname="boot" name="smoke" file="tests/boot_test.c"><failure message="timeout"/></testcase>'
# Not evaluated yet: refused (5.8.3), once for the test and once for the report.
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "unevaluated" "release v1.0.0 refused: 2 problem(s)
  [anomalies] test 'boot::smoke' (../results.xml) failed (\"timeout\"): PR-1 is open but has no evaluation (IEC 62304 5.8.3)
      hint: add evaluation = \"why it adds no unacceptable risk\" to PR-1's registry entry, or fix the failure
  [anomalies] PR-1 (Boot slow on cold start) is open (open) and has no evaluation (IEC 62304 5.8.3)
      hint: add evaluation = \"why it adds no unacceptable risk\" to its registry entry, or resolve it" "$OUT"
write docs/items.toml "$(cat docs/items.toml)" 'evaluation = "cold start only; the pump is started warm"'
git commit -q -am $'Evaluate PR-1\n\nRefs: PR-1'
results "$limit_passes" \
  '<testcase classname="boot" name="smoke" file="tests/boot_test.c"><failure message="timeout"/></testcase>'
run git trail release v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "accepted" "release gate for v1.0.0: passed (class C, 3 commit(s) checked)
  known anomaly: test 'boot::smoke' (../results.xml) failed (\"timeout\"): PR-1 (Boot slow on cold start), evaluated: cold start only; the pump is started warm
$(created)" "$OUT"

begin "class A: a requirement with no passing test refuses the release (5.7, 5.8.1); a risk control needs none (7.3)"
product A SRS-1
write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "SRS-2"' 'title = "Bolus"' 'status = "approved"'
write src/bolus.c 'int bolus;'
git add -A
git commit -q -m $'Add the bolus\n\nImplements: SRS-2'
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [verification] SRS-2 (Bolus): no passing test in the results (IEC 62304 5.7, 5.8.1)
      hint: add a test that verifies it (a file link or the ID in the test's name), run it on this tree and pass its results" "$OUT"
run git trail release v1.0.0
expect_rc 1
expect_eq "no results" "release v1.0.0 refused: 1 problem(s)
  [verification] no verification results given; a class A release needs a passing test of every requirement in it (IEC 62304 5.8.1)
      hint: run the tests, bind their JUnit XML to this tree (git trail bind-results FILE) and pass it with --results FILE" "$OUT"

begin "a Verifies: trailer without a test is a claim, not evidence: refused"
product C SRS-1 RC-1
write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "SRS-2"' 'title = "Bolus"' 'status = "approved"'
write src/bolus.c 'int bolus;'
git add -A
git commit -q -m $'Add the bolus, checked by hand\n\nImplements: SRS-2\nVerifies: SRS-2'
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [verification] SRS-2 (Bolus): no passing test in the results; the 'Verifies:' trailer of commit $(git rev-parse --short=12 HEAD) is a claim, not evidence (IEC 62304 5.7, 5.8.1)
      hint: add a test that verifies it (a file link or the ID in the test's name), run it on this tree and pass its results" "$OUT"

begin "a deferred requirement is not in this release: accepted, and listed in the gate and the manifest"
product C SRS-1 RC-1
write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "SRS-3"' 'title = "Remote bolus"' 'status = "deferred"'
git commit -q -am $'Plan the remote bolus for later\n\nRefs: SRS-3'
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "released" "release gate for v1.0.0: passed (class C, 2 commit(s) checked)
  not in this release: SRS-3 (Remote bolus), status deferred
$(created)" "$OUT"
run git trail manifest v1.0.0 --results ../results.xml --format md
expect_rc 0
expect_eq "manifest" "| SRS-3 | deferred (not in this release) | C | 0 | 0 | 0 | not implemented; not verified |" \
  "$(grep '^| SRS-3' <<<"$OUT")"

begin "a draft requirement not declared out of the release refuses it, naming the way to declare it"
product C SRS-1 RC-1
write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "SRS-3"' 'title = "Remote bolus"' 'status = "draft"'
git commit -q -am $'Draft the remote bolus\n\nRefs: SRS-3'
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [requirements] SRS-3 (Remote bolus) is draft: it is in this release, but its definition is not settled (planned activities are not complete) (IEC 62304 5.8.6)
      hint: approve it, or declare it out of this release with one of its kind's deferred_states (status = \"deferred\")" "$OUT"

begin "[standard] changes the classes of a clause: 7.3.1 for class A too"
product A SRS-1
write trail.toml "$(cat trail.toml)" '[standard]' '"7.3" = ["A", "B", "C"]'
git commit -q -am $'Verify risk controls at class A\n\nRefs: RC-1'
results "$limit_passes"
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [verification] RC-1 (Alarm within 1 s): no passing test in the results (IEC 62304 7.3.1)
      hint: add a test that verifies it (a file link or the ID in the test's name), run it on this tree and pass its results" "$OUT"
write trail.toml "$(cat trail.toml)" '"5.9" = ["A"]'
run git trail check HEAD
expect_rc 2
expect_eq "unknown clause" "trail.toml:24:1: error: unknown clause '5.9' in standard: IEC 62304's Table A.1 (templates/iec62304.toml) has no such clause
   24 | \"5.9\" = [\"A\"]
      | ^" "$ERR"

done_testing
