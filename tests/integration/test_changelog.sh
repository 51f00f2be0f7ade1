#!/usr/bin/env bash
# `git trail changelog A..B`: the changelog for regulators, compared with golden files in
# tests/integration/golden/ for Markdown, HTML and JSON (UPDATE_GOLDEN=1 rewrites them after a
# deliberate change; review the diff). Reverts cancel what they revert, cherry-picks appear
# once, SOUP added, upgraded and removed between the ends, residual anomalies at B, commits
# with no link, and user templates with their errors located by line and column.
# verifies: GT-23
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

golden_dir="$TRAIL_SOURCE_DIR/tests/integration/golden"
version=$(git trail --version | cut -d' ' -f2)

# Compares standard output with golden file $1 (the tool's version written as @VERSION@).
expect_golden() {
  local name=$1 actual
  actual=$(printf '%s\n' "$OUT" | sed "s/git-trail $version/git-trail @VERSION@/g; s/\"version\": \"$version\"/\"version\": \"@VERSION@\"/")
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    printf '%s\n' "$actual" >"$golden_dir/$name"
    echo "  updated $name"
    return
  fi
  expect_eq "$name" "$(cat "$golden_dir/$name")" "$actual"
}

# Runs git with the next fixed date (for cherry-pick, revert and merge).
dated() {
  tick=$((tick + 1))
  GIT_AUTHOR_DATE="$((1767268800 + tick * 3600)) +0100" GIT_COMMITTER_DATE="$((1767268800 + tick * 3600)) +0100" \
    "$@"
}

# The product from release_fixture.sh, released as v1.0.0, then a second cycle of work.
changelog_repo() {
  release_repo
  git tag -a v1.0.0 -m "Release v1.0.0"
  # A change request implemented in two commits, one of them verified.
  write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "CR-2"' 'title = "Bolus dosing"' \
    '[[items]]' 'id = "SRS-2"' 'title = "Bolus within 5 % of the prescribed dose"' 'status = "approved"' 'class = "C"'
  commit_all $'Define bolus dosing\n\nChange-Request: CR-2'
  write src/dosing/bolus.c 'int bolus;'
  commit_all $'Add bolus dosing\n\nImplements: SRS-2\nChange-Request: CR-2\nSafety-Impact: high\nSafety-Rationale: new dosing path, covered by RC-1'
  write tests/bolus_test.c '// verifies: SRS-2'
  commit_all $'Test bolus dosing\n\nVerifies: SRS-2\nChange-Request: CR-2'
  # A fix of the open problem report, and its status in the registry.
  write src/dosing/alarm.c 'int alarm_ms = 100;'
  write docs/items.toml "$(sed 's/status = "open"/status = "resolved"/' docs/items.toml)"
  commit_all $'Raise the alarm on time\n\nFixes: PR-1\nSafety-Impact: low\nSafety-Rationale: the alarm only gets earlier'
  # The risk control's definition changes; zlib is upgraded; a new SOUP item and a submodule.
  write docs/items.toml "$(sed -e 's/title = "Alarm within 1 s"/title = "Alarm within 500 ms"/' \
    -e 's/version = "1.2.13"/version = "1.3.1"/' -e 's/zlib@1.2.13/zlib@1.3.1/' docs/items.toml)" \
    '[[items]]' 'id = "SOUP-2"' 'title = "FreeRTOS"' 'manufacturer = "Amazon"' 'version = "10.5.1"' \
    '[[items]]' 'id = "PR-2"' 'title = "Display flickers at low battery"' 'status = "open"' 'severity = "cosmetic"' \
    'evaluation = "No effect on dosing; tracked for v1.2"'
  write vendor/zlib/zlib.c '/* zlib 1.3.1 */'
  commit_all $'Upgrade zlib, adopt FreeRTOS, tighten RC-1\n\nSOUP-Change: zlib 1.2.13 -> 1.3.1\nSOUP-Change: FreeRTOS (new) 10.5.1\nImplements: RC-1'
  # A change and its revert, both in the range: neither is listed.
  write src/dosing/limit.c 'int limit = 7;'
  commit_all $'Allow a higher limit\n\nImplements: SRS-1'
  dated git revert --no-edit HEAD >/dev/null
  # Work on a side branch, cherry-picked to main with -x, then merged: the change appears once.
  git switch -q -c topic
  write src/ui/screen.c 'int brightness;'
  commit_all $'Dim the screen\n\nRefs: CR-2'
  git switch -q main
  dated git cherry-pick -x topic >/dev/null
  dated git merge -q --no-ff -m "Merge branch 'topic'" topic
  # A commit that links to nothing.
  write README 'Infusion pump, version 1.1'
  commit_all "Update the README for <v1.1> & later | notes"
  git tag -a v1.1.0 -m "Release v1.1.0"
}

# A release cycle that exercises what an auditor reads closely: a risk control implemented in a
# file that changes (src/dosing/rate.c implements RC-1; no commit of the range names RC-1), a
# requirement reworded without a commit linking it, a fix that states no safety impact and whose
# reason is its change request's text, a `Refs:` link to a problem report, and a waived commit.
audit_repo() {
  release_repo
  sed -i '/^Fixes = /a Refs = { relation = "refs", kinds = ["problem-report"] }' trail.toml
  write src/dosing/rate.c 'int rate = 10;'
  write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "CR-2"' 'title = "Faster alarm"' \
    'description = "Field reports show the alarm late at high rates"'
  commit_all $'Add the rate alarm\n\nImplements: RC-1\nSafety-Impact: high\nSafety-Rationale: the alarm is the risk control'
  git tag -a v1.0.0 -m "Release v1.0.0"
  write src/dosing/rate.c 'int rate = 5;'
  write docs/items.toml "$(sed 's/status = "open"/status = "resolved"/' docs/items.toml)"
  commit_all $'Alarm earlier\n\nFixes: PR-1\nChange-Request: CR-2'
  write docs/items.toml "$(sed 's/title = "Dose limit"/title = "Maximum dose per hour"/' docs/items.toml)"
  commit_all $'Reword the dose limit\n\nChange-Request: CR-2\nSafety-Impact: none'
  write src/log.c 'int log_alarm;'
  commit_all $'Log the alarm timing\n\nRefs: PR-1\nSafety-Impact: none'
  write src/dosing/limit.c 'int limit = 5; /* per hour */'
  commit_all 'Comment the limit'
  write trail.toml "$(cat trail.toml)" '[[waivers]]' "commit = \"$(git rev-parse --short=12 HEAD)\"" \
    'rule = "dosing-needs-link"' 'reason = "a comment only; no behaviour changes"' 'approved_by = "Quinn QA"'
  commit_all $'Waive the comment of the limit\n\nChange-Request: CR-2\nSafety-Impact: none'
  git tag -a v1.1.0 -m "Release v1.1.0"
}

begin "Markdown: risk control touched through its file, reworded requirement, waiver, refs"
audit_repo
run git trail changelog v1.0.0..v1.1.0
expect_rc 0
expect_golden changelog_audit.md

begin "Markdown: the golden changelog of a release cycle"
changelog_repo
run git trail changelog v1.0.0..v1.1.0
expect_rc 0
expect_golden changelog.md

begin "HTML: one self-contained printable page"
changelog_repo
run git trail changelog v1.0.0..v1.1.0 --format html
expect_rc 0
expect_golden changelog.html
case "$OUT" in *"<script"* | *"<link"* | *"src="*) fail "the HTML page loads something from elsewhere" ;; esac

begin "JSON: the data every template sees"
changelog_repo
run git trail changelog v1.0.0..v1.1.0 --format json
expect_rc 0
expect_golden changelog.json

begin "identical runs give identical bytes; -o writes the file whole"
changelog_repo
git trail changelog v1.0.0..v1.1.0 >../one.md
run git trail changelog v1.0.0..v1.1.0 -o ../two.md
expect_rc 0
expect_eq "message" "git-trail: wrote ../two.md (7 changes)" "$ERR"
cmp ../one.md ../two.md || fail "-o wrote something else than standard output"

begin "a user template: copied from templates/, changed, and its errors located"
changelog_repo
write ../mine.mustache '{{product}}: {{from.name}} to {{to.name}}' '{{#problems_fixed}}' '* {{id}} ({{safety_impact}})' \
  '{{/problems_fixed}}'
run git trail changelog v1.0.0..v1.1.0 --template ../mine.mustache
expect_rc 0
expect_eq "user template" "Infusion pump: v1.0.0 to v1.1.0
* PR-1 (low)" "$OUT"
write ../broken.mustache 'Changelog' '' '{{#requirements}}' '* {{id}}'
run git trail changelog v1.0.0..v1.1.0 --template ../broken.mustache
expect_rc 2
expect_eq "unclosed section" "git-trail: error: ../broken.mustache:3:1: error: invalid template: Unclosed section \"requirements\"" "$ERR"
write ../broken2.mustache 'Changelog {{product' 'more'
run git trail changelog v1.0.0..v1.1.0 --template ../broken2.mustache
expect_rc 2
expect_eq "unclosed tag" "git-trail: error: ../broken2.mustache:1:11: error: invalid template: Unclosed tag" "$ERR"

begin "errors: a symmetric range, an unknown revision"
changelog_repo
run git trail changelog v1.0.0...v1.1.0
expect_rc 2
expect_eq "three dots" "git-trail: error: 'v1.0.0...v1.1.0': a changelog is between an older and a newer revision; use A..B, not A...B" "$ERR"
run git trail changelog v0.1..HEAD
expect_rc 2

done_testing
