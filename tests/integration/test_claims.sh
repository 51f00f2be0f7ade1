#!/usr/bin/env bash
# Claims apart from evidence (issue 12): a `Verifies:` trailer is a claim, a test file link is a
# link, a test outcome from a results report is the evidence, and every output says which;
# `show` lists every release that shipped an item; `verify --dir` says what it covered and what
# it did not.
# verifies: GT-13
# verifies: GT-14
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

short() { git rev-parse --short=12 "$1"; }

# SRS-1 is implemented and claimed verified by a trailer, with no test; SRS-2 is implemented and
# verified by a test file that a report names.
claims_repo() {
  tick=0
  git init -q repo && cd repo
  write trail.toml \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'states = ["approved"]' 'require_links = ["implements", "verifies"]' \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    'Verifies = { relation = "verifies", kinds = ["requirement"] }' \
    '[registry]' 'files = ["docs/req.toml"]' \
    '[[registry.file_links]]' 'files = ["tests/**"]' "pattern = 'verifies:\\s*(SRS-\\d+)'" 'relation = "verifies"'
  write docs/req.toml '[[items]]' 'id = "SRS-1"' 'title = "Alarm"' 'status = "approved"' \
    '[[items]]' 'id = "SRS-2"' 'title = "Log"' 'status = "approved"'
  write src/a.c 1
  commit_all $'Implement the alarm and the log\n\nImplements: SRS-1, SRS-2'
  write NOTES 1
  commit_all $'Say the alarm was checked\n\nVerifies: SRS-1'
  write tests/log_test.c '// verifies: SRS-2'
  commit_all $'Test the log\n\nImplements: SRS-2'
}

# A report with one passing test of the log, bound to the tree of HEAD, at $1.
log_results() {
  write "$1" '<testsuites><testsuite name="unit">' \
    "<properties><property name=\"git-trail.tree\" value=\"$(git rev-parse 'HEAD^{tree}')\"/></properties>" \
    '<testcase classname="log" name="entries are written" file="tests/log_test.c"/>' \
    '</testsuite></testsuites>'
}

begin "a Verifies: trailer without a test is a claim: labelled so, and with results a gap"
claims_repo
run git trail trace
expect_rc 0
expect_eq "text without results" "Traceability at $(short HEAD) (policy: trail.toml), 3 commits scanned
Test evidence: none given (--results): a Verifies: trailer is a claim and a test file link is a link, not evidence

requirement
  SRS-1  [approved] Alarm
      implements: $(short HEAD~2)
      verification claimed (trailer): $(short HEAD~1)
  SRS-2  [approved] Log
      implements: $(short HEAD), $(short HEAD~2)
      test linked (file): tests/log_test.c:1

0 gaps" "$OUT"
log_results ../results.xml
run git trail trace --results ../results.xml
expect_rc 0
expect_eq "text with results" "Traceability at $(short HEAD) (policy: trail.toml), 3 commits scanned
Test evidence: test outcomes from ../results.xml

requirement
  SRS-1  [approved] Alarm
      implements: $(short HEAD~2)
      verification claimed (trailer): $(short HEAD~1)
      gaps: verification claimed by $(short HEAD~1), no test evidence
  SRS-2  [approved] Log
      implements: $(short HEAD), $(short HEAD~2)
      test linked (file): tests/log_test.c:1
      test evidence: passed  log::entries are written (../results.xml)

1 gaps:
  SRS-1: verification claimed by $(short HEAD~1), no test evidence" "$OUT"
run git trail trace --results ../results.xml --fail-on-gaps
expect_rc 1
run git trail trace --results ../results.xml --format json
expect_eq "json: evidence given" '"evidence_given":true,"results":["../results.xml"]' \
  "$(jq -c '{evidence_given, results}' <<<"$OUT" | sed 's/^{//;s/}$//')"
expect_eq "json: SRS-1 claims, no evidence" "{\"claims\":[{\"commit\":\"$(git rev-parse HEAD~1)\",\"relation\":\"verifies\",\"source\":\"trailer\"}],\"evidence\":[],\"gaps\":[\"verification claimed by $(short HEAD~1), no test evidence\"]}" \
  "$(jq -c '.items[] | select(.id == "SRS-1") | {claims, evidence, gaps}' <<<"$OUT")"
run git trail trace --format json
expect_eq "json without results: a claim, no evidence given, no gap" "false {\"claims\":[{\"commit\":\"$(git rev-parse HEAD~1)\",\"relation\":\"verifies\",\"source\":\"trailer\"}],\"evidence\":[],\"gaps\":[]}" \
  "$(jq -c '.evidence_given' <<<"$OUT") $(jq -c '.items[] | select(.id == "SRS-1") | {claims, evidence, gaps}' <<<"$OUT")"
run git trail trace --results ../results.xml --format md
expect_eq "markdown" "# Traceability at $(short HEAD) (policy: trail.toml), 3 commits scanned

Test evidence: test outcomes from ../results.xml

| ID | Kind | Status | Class | Title | Implemented by | Verification claimed (trailer) | Test linked (file) | Test evidence | Other links | Gaps |
|---|---|---|---|---|---|---|---|---|---|---|
| SRS-1 | requirement | approved |  | Alarm | $(short HEAD~2) | $(short HEAD~1) |  | none |  | verification claimed by $(short HEAD~1), no test evidence |
| SRS-2 | requirement | approved |  | Log | $(short HEAD), $(short HEAD~2) |  | tests/log_test.c:1 | 1 test: 1 passed |  |  |

## Gaps (1)

- SRS-1: verification claimed by $(short HEAD~1), no test evidence" "$OUT"
run git trail trace --format csv
expect_eq "csv without results" "id,kind,defined,status,class,title,relation,basis,commit,file,gaps,evidence_given,complete
SRS-1,requirement,yes,approved,,Alarm,verifies,claim (trailer),$(git rev-parse HEAD~1),,,no,yes
SRS-1,requirement,yes,approved,,Alarm,implements,claim (trailer),$(git rev-parse HEAD~2),,,no,yes
SRS-2,requirement,yes,approved,,Log,implements,claim (trailer),$(git rev-parse HEAD),,,no,yes
SRS-2,requirement,yes,approved,,Log,implements,claim (trailer),$(git rev-parse HEAD~2),,,no,yes
SRS-2,requirement,yes,approved,,Log,verifies,link (file),,tests/log_test.c:1,,no,yes" "$(tr -d '\r' <<<"$OUT")"
run git trail trace --results ../results.xml --format html -o ../matrix.html
expect_eq "html row" "<tr class=\"gap\"><td class=\"id\">SRS-1</td><td>requirement</td><td>approved</td><td></td><td>Alarm</td><td><code><span class=\"nw\">$(short HEAD~2)</span></code></td><td><code><span class=\"nw\">$(short HEAD~1)</span></code></td><td></td><td>none</td><td></td><td class=\"gaps\">verification claimed by $(short HEAD~1), no test evidence</td></tr>" \
  "$(grep '>SRS-1<' ../matrix.html)"
run git trail show SRS-1
expect_rc 0
expect_eq "show without results" "SRS-1 (requirement)
  title:    Alarm
  status:   approved
  defined:  docs/req.toml:1 at $(short HEAD)
definition history (1):
  $(short HEAD~2) 2026-01-01 created (Ada Author <ada@example.com>)
commits (2):
  $(short HEAD~1) 2026-01-01 verifies (claimed by trailer)  Say the alarm was checked (Ada Author <ada@example.com>)
  $(short HEAD~2) 2026-01-01 implements  Implement the alarm and the log (Ada Author <ada@example.com>)
test evidence: none given (--results FILE attaches test outcomes)" "$OUT"
run git trail show SRS-1 --results ../results.xml
expect_eq "show with results" "test evidence: none in ../results.xml
gaps: verification claimed by $(short HEAD~1), no test evidence" "$(tail -n 2 <<<"$OUT")"

begin "the manifest's requirement section counts tests only: a claim alone is a gap"
claims_repo
log_results ../results.xml
run git trail manifest --results ../results.xml --format json
expect_rc 0
expect_eq "json" "{\"id\":\"SRS-1\",\"title\":\"Alarm\",\"status\":\"approved\",\"class\":\"unknown\",\"role\":\"requirement\",\"in_release\":true,\"passed\":0,\"failed\":0,\"skipped\":0,\"gaps\":[\"verification claimed by $(short HEAD~1), no test evidence\"]}
{\"id\":\"SRS-2\",\"title\":\"Log\",\"status\":\"approved\",\"class\":\"unknown\",\"role\":\"requirement\",\"in_release\":true,\"passed\":1,\"failed\":0,\"skipped\":0,\"gaps\":[]}" \
  "$(jq -c '.verification.requirements[]' <<<"$OUT")"
run git trail manifest --results ../results.xml --format md
expect_eq "markdown" "| Requirement | Status | Class | Tests passed | Tests failed | Tests skipped | Gaps |
|---|---|---|---|---|---|---|
| SRS-1 | approved | unknown | 0 | 0 | 0 | verification claimed by $(short HEAD~1), no test evidence |
| SRS-2 | approved | unknown | 1 | 0 | 0 | - |" "$(sed -n '/^| Requirement/,/^$/p' <<<"$OUT" | sed '/^$/d')"

begin "a test passing in a bound report is the evidence"
claims_repo
log_results ../results.xml
run git trail show SRS-2 --results ../results.xml
expect_rc 0
expect_eq "show" "files (1):
  tests/log_test.c:1 verifies (test linked)
test evidence (1):
  passed  log::entries are written (../results.xml, matched by file tests/log_test.c)" \
  "$(sed -n '/^files/,$p' <<<"$OUT")"
run git trail trace --results ../results.xml --format json
expect_eq "json evidence" '{"claims":[],"evidence":[{"test":"log::entries are written","outcome":"passed","matched_by":"file tests/log_test.c","report":"../results.xml"}],"gaps":[]}' \
  "$(jq -c '.items[] | select(.id == "SRS-2") | {claims, evidence, gaps}' <<<"$OUT")"

begin "show lists every release that shipped the item's commits and definition changes"
claims_repo
git tag -a v1.0.0 -m "Release 1.0.0"
write src/a.c 2
commit_all $'Speed up the alarm\n\nImplements: SRS-1'
git tag -a v1.1.0 -m "Release 1.1.0"
write src/a.c 3
commit_all $'Unreleased work\n\nImplements: SRS-1'
run git trail show SRS-1
expect_rc 0
expect_eq "releases" "releases (2):
  v1.0.0: $(short HEAD~3), $(short HEAD~4)
  v1.1.0: $(short HEAD~1), $(short HEAD~3), $(short HEAD~4)" \
  "$(sed -n '/^releases/,$p' <<<"$OUT" | grep -v '^test evidence\|^gaps')"

begin "show in a shallow clone: releases it cannot tell are said, exit 4"
claims_repo
git switch -q -c side
write src/side.c 1
commit_all $'Alarm on the side\n\nImplements: SRS-1'
git switch -q main
write src/main.c 1
commit_all "Main work"
git tag -a v1.0.0 -m "Release 1.0.0"
GIT_AUTHOR_DATE="2026-01-01T13:00:00Z" GIT_COMMITTER_DATE="2026-01-01T13:00:00Z" git merge -q --no-ff --no-verify -m "Merge side" side
side=$(git rev-parse side)
cd ..
git clone -q --depth 2 "file://$PWD/repo" shallow
cd shallow
git tag -a v1.1.0 -m "Release 1.1.0" HEAD 2>/dev/null || true
run git trail show SRS-1
expect_rc 4
expect_eq "releases" "releases (1):
  v1.1.0: $(short "$side")
releases not known (1): the history from these tags stops at the shallow boundary before the commits (git fetch --unshallow):
  v1.0.0: $(short "$side")" \
  "$(sed -n '/^releases/,/^INCOMPLETE/p' <<<"$OUT" | grep -v '^INCOMPLETE\|^gaps\|^test evidence')"
expect_eq "incomplete" "git-trail: INCOMPLETE: the record of SRS-1 may lack commits or releases; exit 4 (--allow-incomplete accepts it)" "$ERR"
run git trail show SRS-1 --allow-incomplete
expect_rc 0

# A class C product with a submodule recorded as SOUP, released with passing evidence.
submodule_release() {
  release_repo
  # The gitlink's commit is the record's revision: a version alone cannot be told without the
  # submodule's own repository (docs/soup.md, "Records and pins").
  local pinned
  pinned=$(git rev-parse HEAD)
  write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "SOUP-2"' 'title = "mbedtls"' "revision = \"$pinned\"" \
    'manufacturer = "Arm"' 'version = "3.6.0"' 'license = "Apache-2.0"' 'purl = "pkg:generic/mbedtls@3.6.0"' \
    'requirements = "TLS"' 'needs = "a C99 compiler"' 'anomaly_list = "https://github.com/Mbed-TLS/mbedtls/issues"' \
    'anomaly_review = 2026-01-01' 'support = "maintained"' 'end_of_support = "2030-12-31"' 'paths = ["vendor/mbedtls"]'
  git add -A
  git update-index --add --cacheinfo "160000,$pinned,vendor/mbedtls"
  mkdir vendor/mbedtls # as a clone leaves a submodule that is not checked out
  write .gitmodules '[submodule "mbedtls"]' '	path = vendor/mbedtls' '	url = https://github.com/Mbed-TLS/mbedtls'
  git add .gitmodules
  commit_index $'Add mbedtls\n\nRefs: CR-1'
  passing_results ../results.xml
  git trail release v1.0.0 --results ../results.xml >/dev/null
  mkdir ../delivered
  git archive v1.0.0 | tar -x -C ../delivered
}

begin "verify --dir: an empty submodule folder is not a match; what was covered is said"
submodule_release
run git trail verify v1.0.0 --dir ../delivered --results ../results.xml
expect_rc 4
expect_eq "text" "delivered copy ../delivered:
  compared: 2 file(s) of configuration items (1: dosing) and SOUP items (1: SOUP-1)
  submodules: 1: vendor/mbedtls
  not checked: submodule vendor/mbedtls (an empty folder: the submodule's content is not in ../delivered)
  not covered: files in ../delivered outside every configuration and SOUP item: 5: .gitmodules, README, docs/items.toml, tests/limit_test.c, trail.toml
  not covered: files of the release tree in no configuration or SOUP item: 5: .gitmodules, README, docs/items.toml, tests/limit_test.c, trail.toml
INCOMPLETE: the tag, its manifest and 4 file(s) agree; 2 file(s) of the delivered copy match, but 1 submodule(s) of the delivered copy not checked (--allow-unchecked-submodules accepts it)" \
  "$(sed -n '/^delivered copy/,$p' <<<"$OUT")"
run git trail verify v1.0.0 --dir ../delivered --results ../results.xml --allow-unchecked-submodules
expect_rc 0
expect_eq "accepted" "verified: the tag, its manifest and 4 file(s) agree; 2 file(s) of the delivered copy match; 1 submodule(s) of the delivered copy not checked (accepted with --allow-unchecked-submodules)" \
  "$(tail -n 1 <<<"$OUT")"
run git trail verify v1.0.0 --dir ../delivered --results ../results.xml --format json
expect_rc 4
expect_eq "json" '{"verdict":"incomplete","delivered":{"dir":"../delivered","files":2,"configuration_items":["dosing"],"soup":["SOUP-1"],"submodules":["vendor/mbedtls"],"unchecked_submodules":["vendor/mbedtls (an empty folder: the submodule'"'"'s content is not in ../delivered)"],"outside_items":[".gitmodules","README","docs/items.toml","tests/limit_test.c","trail.toml"],"tree_outside_items":[".gitmodules","README","docs/items.toml","tests/limit_test.c","trail.toml"]},"submodules_accepted":false}' \
  "$(jq -c '{verdict, delivered, submodules_accepted}' <<<"$OUT")"

begin "verify --dir: a file outside every item is named as not covered"
release_repo
passing_results ../results.xml
git trail release v1.0.0 --results ../results.xml >/dev/null
mkdir ../delivered
git archive v1.0.0 | tar -x -C ../delivered
echo "int backdoor;" >../delivered/tools.sh
run git trail verify v1.0.0 --dir ../delivered --results ../results.xml
expect_rc 0
expect_eq "text" "delivered copy ../delivered:
  compared: 2 file(s) of configuration items (1: dosing) and SOUP items (1: SOUP-1)
  submodules: 0
  not covered: files in ../delivered outside every configuration and SOUP item: 5: README, docs/items.toml, tests/limit_test.c, tools.sh, trail.toml
  not covered: files of the release tree in no configuration or SOUP item: 4: README, docs/items.toml, tests/limit_test.c, trail.toml
verified: the tag, its manifest and 2 file(s) agree; 2 file(s) of the delivered copy match" \
  "$(sed -n '/^delivered copy/,$p' <<<"$OUT")"

done_testing
