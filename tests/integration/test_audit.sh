#!/usr/bin/env bash
# `git trail audit [REV]`: the IEC 62304 checklist for the project's class (docs/audit.md).
# A class C product audited before and after adding bound results and an evaluation (golden
# file tests/integration/golden/audit_before.txt; UPDATE_GOLDEN=1 rewrites it after a
# deliberate change; review the diff), a class A run, tailored mappings and their errors at
# file:line:col, exit codes 0/1/2, and a shallow clone whose history line is a gap.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

golden_dir="$TRAIL_SOURCE_DIR/tests/integration/golden"
version=$(git trail --version | cut -d' ' -f2)

# The output with the tool's version and its executable's digest masked.
masked() {
  printf '%s\n' "$OUT" | sed -e "s/git-trail $version sha256:[0-9a-f]*/git-trail @VERSION@ sha256:@DIGEST@/" \
    -e "s/git-trail $version/git-trail @VERSION@/"
}

# Compares the masked standard output with golden file $1.
expect_golden() {
  local name=$1 actual
  actual=$(masked)
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    printf '%s\n' "$actual" >"$golden_dir/$name"
    echo "  updated $name"
    return
  fi
  expect_eq "$name" "$(cat "$golden_dir/$name")" "$actual"
}

# The class C product of release_fixture.sh, with problem report PR-1 open and not evaluated.
audit_repo() {
  release_repo
  sed -i '/^evaluation = /d' docs/items.toml
  commit_all $'Report the late alarm\n\nSafety-Impact: low\nSafety-Rationale: within budget'
}

# A mapping of one line per query given as $2.. (TOML inline tables), written to $1.
mapping() {
  local file=$1 n=0
  shift
  : >"$file"
  for q in "$@"; do
    n=$((n + 1))
    printf '[[lines]]\narea = "Area"\nactivity = "Line %s"\nclauses = ["8.1.1"]\nevidence = [%s]\n' \
      "$n" "$q" >>"$file"
  done
}

begin "a class C product: every line of the checklist, its verdict, findings and pointers"
audit_repo
run git trail audit
expect_rc 1
expect_golden audit_before.txt
expect_eq "stderr" "" "$ERR"
before=$OUT

begin "bound results and an evaluation turn their lines from gap to evidence"
audit_repo
sed -i 's/^severity = "minor"$/severity = "minor"\nevaluation = "200 ms late, within the 1 s budget of RC-1"/' docs/items.toml
commit_all $'Evaluate the late alarm\n\nSafety-Impact: none\nSafety-Rationale: an evaluation only'
passing_results ../results.xml
run git trail audit --results ../results.xml
expect_rc 1
changed=$(diff <(printf '%s\n' "$before" | grep -E '^  [0-9]+\. \[') <(printf '%s\n' "$OUT" | grep -E '^  [0-9]+\. \[') | grep '^>' || true)
expect_eq "lines that changed" "$(cat <<'TXT'
>   11. [evidence] Control configuration items before verification (5.1.11)
>   34. [evidence] Perform software unit verification (5.5.5)
>   36. [evidence] Verify software integration (5.6.2)
>   40. [evidence] Conduct regression testing (5.6.6)
>   41. [evidence] Document integration test results (5.6.7)
>   43. [evidence] Define and execute tests for each software requirement (5.7.1)
>   45. [evidence] Retest after changes (5.7.3)
>   46. [evidence] Evaluate software system testing (5.7.4)
>   47. [evidence] Record system test results (5.7.5)
>   48. [evidence] Confirm software verification is complete (5.8.1)
>   49. [evidence] Document known residual anomalies (5.8.2)
>   50. [evidence] Evaluate residual anomalies (5.8.3)
>   53. [evidence] Ensure all tasks and activities are complete (5.8.6)
>   59. [evidence] Evaluate problem report impacts on safety (6.2.1.3)
>   72. [evidence] Verify risk control measures (7.3.1)
>   75. [partial] Assess impact on existing risk control measures (7.4.2)
>   81. [evidence] Verify changes (8.2.3)
>   85. [evidence] Investigate problems (9.2)
TXT
)" "$changed"
expect_eq "totals" "Totals: 45 evidence, 5 partial, 41 gap, 0 not applicable" "$(printf '%s\n' "$OUT" | grep '^Totals:')"
sha=$(sha256sum ../results.xml | cut -d' ' -f1)
expect_eq "the results line" "Results: ../results.xml sha256:$sha" "$(printf '%s\n' "$OUT" | grep '^Results:')"
expect_eq "verification" "  48. [evidence] Confirm software verification is complete (5.8.1)
      ok verified: every one of 1 requirement item(s) has a passing test in results bound to tree $(git rev-parse --short=12 'HEAD^{tree}')
          item: SRS-1 passed limit::dose limit
          report: ../results.xml sha256:$sha
          command: git trail trace HEAD --results FILE
      ok verified: every one of 1 risk-control item(s) has a passing test in results bound to tree $(git rev-parse --short=12 'HEAD^{tree}')
          item: RC-1 passed alarm::RC-1 alarm within 1 s
          report: ../results.xml sha256:$sha
          command: git trail trace HEAD --results FILE" "$(printf '%s\n' "$OUT" | sed -n '/^  48\. /,/^  49\. /p' | sed '$d')"

begin "a Verifies: trailer is a claim, not evidence"
audit_repo
write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "SRS-2"' 'title = "Bolus"' 'status = "approved"'
commit_all $'Verify the bolus\n\nVerifies: SRS-2'
passing_results ../results.xml
mapping ../claims.toml '{ query = "verified", role = "requirement" }'
run git trail audit --checklist ../claims.toml --results ../results.xml
expect_rc 1
expect_eq "claim" "  1. [gap] Line 1 (8.1.1)
      claimed verified: of 2 requirement item(s): SRS-2: claimed, not evidenced (Verifies: trailer only): add tests that name them (file links) and pass" \
  "$(printf '%s\n' "$OUT" | sed -n '/^  1\. /,/^          /p' | sed '$d')"

begin "class A: the lines Table A.1 applies only to classes B and C are not applicable"
audit_repo
run git trail audit --class A
expect_rc 1
expect_eq "class line" "Safety class: A (--class)" "$(printf '%s\n' "$OUT" | grep '^Safety class:')"
expect_eq "not applicable" "$(cat <<'TXT'
  4. [not applicable] Plan software development standards, methods, and tools (5.1.4)
      class A: Table A.1 applies it to C
  5. [not applicable] Plan software integration and integration testing (5.1.5)
      class A: Table A.1 applies it to B, C
  10. [not applicable] Control supporting items (5.1.10)
      class A: Table A.1 applies it to B, C
  11. [not applicable] Control configuration items before verification (5.1.11)
      class A: Table A.1 applies it to B, C
  12. [not applicable] Identify and avoid common software defects (5.1.12)
      class A: Table A.1 applies it to B, C
  13. [not applicable] Evaluate software tools and environment (5.1.4)
      class A: Table A.1 applies it to C
  16. [not applicable] Include risk control measures in requirements (5.2.3)
      class A: Table A.1 applies it to B, C
  20. [not applicable] Transform requirements into architecture (5.3.1)
      class A: Table A.1 applies it to B, C
  21. [not applicable] Design architecture for interfaces of software items (5.3.2)
      class A: Table A.1 applies it to B, C
  22. [not applicable] Specify SOUP functional/performance requirements (5.3.3)
      class A: Table A.1 applies it to B, C
  23. [not applicable] Specify required system hardware/software for SOUP (5.3.4)
      class A: Table A.1 applies it to B, C
  24. [not applicable] Identify segregation necessary for risk control (5.3.5)
      class A: Table A.1 applies it to C
  25. [not applicable] Verify software architecture (5.3.6)
      class A: Table A.1 applies it to B, C
  26. [not applicable] Subdivide software into software units (5.4.1)
      class A: Table A.1 applies it to B, C
  27. [not applicable] Develop detailed design for each unit (5.4.2)
      class A: Table A.1 applies it to C
  28. [not applicable] Develop interface design (5.4.3)
      class A: Table A.1 applies it to C
  29. [not applicable] Verify detailed design (5.4.4)
      class A: Table A.1 applies it to C
  31. [not applicable] Establish software unit verification process (5.5.2)
      class A: Table A.1 applies it to B, C
  32. [not applicable] Define acceptance criteria for software units (5.5.3)
      class A: Table A.1 applies it to B, C
  33. [not applicable] Define additional acceptance criteria (5.5.4)
      class A: Table A.1 applies it to C
  34. [not applicable] Perform software unit verification (5.5.5)
      class A: Table A.1 applies it to B, C
  35. [not applicable] Integrate software units (5.6.1)
      class A: Table A.1 applies it to B, C
  36. [not applicable] Verify software integration (5.6.2)
      class A: Table A.1 applies it to B, C
  37. [not applicable] Develop software integration tests (5.6.3)
      class A: Table A.1 applies it to B, C
  38. [not applicable] Define integration test content (5.6.4)
      class A: Table A.1 applies it to B, C
  39. [not applicable] Evaluate integration test procedures (5.6.5)
      class A: Table A.1 applies it to B, C
  40. [not applicable] Conduct regression testing (5.6.6)
      class A: Table A.1 applies it to B, C
  41. [not applicable] Document integration test results (5.6.7)
      class A: Table A.1 applies it to B, C
  42. [not applicable] Use software problem resolution process (5.6.8)
      class A: Table A.1 applies it to B, C
  66. [not applicable] Identify software items that could contribute to hazardous situations (7.1.1)
      class A: Table A.1 applies it to B, C
  67. [not applicable] Identify potential causes (7.1.2)
      class A: Table A.1 applies it to B, C
  68. [not applicable] Evaluate published SOUP anomaly lists (7.1.3)
      class A: Table A.1 applies it to B, C
  69. [not applicable] Document potential causes (7.1.4)
      class A: Table A.1 applies it to B, C
  70. [not applicable] Define software risk control measures (7.2.1)
      class A: Table A.1 applies it to B, C
  71. [not applicable] Implement risk control measures in software (7.2.2)
      class A: Table A.1 applies it to B, C
  72. [not applicable] Verify risk control measures (7.3.1)
      class A: Table A.1 applies it to B, C
  73. [not applicable] Document traceability (7.3.3)
      class A: Table A.1 applies it to B, C
  75. [not applicable] Assess impact on existing risk control measures (7.4.2)
      class A: Table A.1 applies it to B, C
  76. [not applicable] Perform additional risk management activities as needed (7.4.3)
      class A: Table A.1 applies it to B, C
TXT
)" "$(printf '%s\n' "$OUT" | grep -A1 '\[not applicable\]' | grep -v '^--$')"
expect_eq "totals" "Totals: $(printf '%s\n' "$OUT" | grep -c '\[evidence\]') evidence, $(printf '%s\n' "$OUT" | grep -c '\[partial\]') partial, $(printf '%s\n' "$OUT" | grep -c '\[gap\]') gap, 39 not applicable" \
  "$(printf '%s\n' "$OUT" | grep '^Totals:')"

begin "a tailored mapping: exit 0 when no applicable line is a gap, 1 when one is"
audit_repo
mapping ../ok.toml '{ query = "build" }' '{ query = "configuration-items" }'
run git trail audit --checklist ../ok.toml
expect_rc 0
expect_eq "clean" "$(cat <<TXT
Area
  1. [evidence] Line 1 (8.1.1)
      ok build: [release] build: cmake -B build && cmake --build build
          setting: trail.toml:40 release.build
  2. [evidence] Line 2 (8.1.1)
      ok configuration-items: 1 configuration item(s) declared: dosing
          setting: trail.toml:30 dosing
          command: git trail manifest HEAD

Tools
  Debian 12 (trail.toml:41 release.environment)
  GCC 12.2 (trail.toml:41 release.environment)
  git-trail @VERSION@ sha256:@DIGEST@ (this executable)

Totals: 2 evidence, 0 partial, 0 gap, 0 not applicable
Verdict: no applicable line is a gap
TXT
)" "$(masked | sed -n '/^Area$/,$p')"
expect_eq "git-trail itself" "  git-trail $version sha256:$(sha256sum "$GIT_TRAIL" | cut -d' ' -f1) (this executable)" \
  "$(printf '%s\n' "$OUT" | grep '^  git-trail ')"
expect_eq "checklist line" "Checklist: ../ok.toml sha256:$(sha256sum ../ok.toml | cut -c1-12)" \
  "$(printf '%s\n' "$OUT" | grep '^Checklist:')"
mapping ../gap.toml '{ query = "build" }' '{ query = "release" }'
run git trail audit --checklist ../gap.toml
expect_rc 1
expect_eq "gap" "  2. [gap] Line 2 (8.1.1)
      missing release: no release tag at or before HEAD ($(git rev-parse --short=12 HEAD)): release with git trail release VERSION --results FILE" \
  "$(printf '%s\n' "$OUT" | sed -n '/^  2\. /,/^$/p' | sed '$d')"

begin "[audit] checklist in trail.toml is read at the revision"
audit_repo
mapping checklist.toml '{ query = "build" }'
printf '[audit]\nchecklist = "checklist.toml"\n' >>trail.toml
commit_all 'Tailor the checklist'
run git trail audit HEAD~1
expect_rc 1
expect_eq "before: the built-in one" "Checklist: <built-in checklist> sha256:$(sha256sum "$TRAIL_SOURCE_DIR/templates/audit.toml" | cut -c1-12)" \
  "$(printf '%s\n' "$OUT" | grep '^Checklist:')"
run git trail audit
expect_rc 0
expect_eq "after: the tailored one" "Checklist: checklist.toml sha256:$(sha256sum checklist.toml | cut -c1-12)" \
  "$(printf '%s\n' "$OUT" | grep '^Checklist:')"
printf '[audit]\nchecklist = "nowhere.toml"\n' >>trail.toml
sed -i '/^checklist = "checklist.toml"$/d; 0,/^\[audit\]$/{/^\[audit\]$/d}' trail.toml
commit_all 'Name a missing checklist'
run git trail audit
expect_rc 2
expect_eq "missing" "trail.toml:43:13: error: audit.checklist names 'nowhere.toml', which is not in the tree of $(git rev-parse --short=12 HEAD)
   43 | checklist = \"nowhere.toml\"
      |             ^" "$ERR"

begin "a tailored mapping with errors: each at file:line:col, exit 2"
audit_repo
write ../bad.toml '[[lines]]' 'area = "Area"' 'activity = "One"' 'clauses = ["5.1.1", "12.1"]' \
  'evidence = [{ query = "verfied", role = "requirement" }, { query = "links", role = "requirement" }]'
run git trail audit --checklist ../bad.toml
expect_rc 2
expect_eq "stdout" "" "$OUT"
expect_eq "errors" "../bad.toml:4:21: error: unknown clause '12.1' in lines[0].clauses: IEC 62304's Table A.1 (templates/iec62304.toml) has no such clause
    4 | clauses = [\"5.1.1\", \"12.1\"]
      |                     ^
../bad.toml:5:23: error: unknown query 'verfied' in lines[0].evidence[0].query; did you mean 'verified'?
    5 | evidence = [{ query = \"verfied\", role = \"requirement\" }, { query = \"links\", role = \"requirement\" }]
      |                       ^
../bad.toml:5:58: error: missing required key 'relation' in lines[0].evidence[1]
    5 | evidence = [{ query = \"verfied\", role = \"requirement\" }, { query = \"links\", role = \"requirement\" }]
      |                                                          ^" "$ERR"

begin "usage errors exit 2; html is written whole"
audit_repo
run git trail audit --class D
expect_rc 2
run git trail audit --format pdf
expect_rc 2
run git trail audit --format html -o ../audit.html
expect_rc 1
expect_eq "html written" "git-trail: wrote ../audit.html" "$ERR"
expect_eq "html doctype" "<!DOCTYPE html>" "$(head -n 1 ../audit.html)"
run git trail audit no-such-rev
expect_rc 2

begin "--print-checklist prints the built-in mapping; -o writes Markdown and JSON whole"
run git trail audit --print-checklist
expect_rc 0
expect_eq "checklist" "$(cat "$TRAIL_SOURCE_DIR/templates/audit.toml")" "$OUT"
audit_repo
run git trail audit --format json -o ../audit.json
expect_rc 1
expect_eq "stderr" "git-trail: wrote ../audit.json" "$ERR"
expect_eq "json" "91 91 14 git-trail" "$(python3 -c 'import json; j=json.load(open("../audit.json")); print(sum(len(a["lines"]) for a in j["areas"]), sum(j["totals"].values()), len(j["areas"]), j["tools"][-1]["name"])')"
run git trail audit --format md -o ../audit.md
expect_rc 1
expect_eq "md areas" "14" "$(grep -c '^## Software\|^## Problem\|^## Modification' ../audit.md)"

begin "a shallow clone: the history line is a gap"
audit_repo
write README 'more'
commit_all $'Say more\n\nSafety-Impact: none\nSafety-Rationale: text only'
cd ..
git clone -q --depth 1 "file://$PWD/product" shallow
cd shallow
mapping ../history.toml '{ query = "history" }'
run git trail audit --checklist ../history.toml
expect_rc 1
expect_eq "history" "  1. [gap] Line 1 (8.1.1)
      missing history: history is incomplete: a shallow clone: commits before $(git rev-parse --short=12 HEAD) were not read; fetch the whole history
          command: git trail check HEAD" "$(printf '%s\n' "$OUT" | sed -n '/^  1\. /,/^$/p' | sed '$d')"

begin "a policy that names no registry files: the audit runs (it crashed reading plans and problem reports)"
new_repo plain
write trail.toml '[project]' 'name = "Plain"' 'safety_class = "A"' \
  '[kinds.problem-report]' "pattern = 'PR-\\d+'" '[kinds.plan]' "pattern = 'PLAN-\\d+'"
git add -A && git commit -q -m "Adopt a policy"
run git trail audit
expect_rc 1
grep -qF "no problem report is recorded at" <<<"$OUT" || fail "the problem-report lines should be gaps: $OUT"

done_testing
