#!/usr/bin/env bash
# `git trail trace` and `git trail show`: the matrix from the registry at a revision and the
# links of history, every gap kind, the same answers at an older revision, and a repository
# that links to an external tracker with no registry at all.
# verifies: GT-11
# verifies: GT-12
source "$(dirname "$0")/lib.sh"

tick=0
commit_all() {
  tick=$((tick + 1))
  git add -A
  GIT_AUTHOR_DATE="2026-02-0${tick}T10:00:00Z" GIT_COMMITTER_DATE="2026-02-0${tick}T10:00:00Z" \
    git commit -q --no-verify -m "$1"
}

trace_repo() {
  tick=0
  git init -q repo && cd repo
  write trail.toml \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'states = ["draft", "approved"]' 'require_links = ["implements", "verifies"]' \
    '[kinds.bug]' "pattern = '#(\\d+)'" 'external = true' \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    'Verifies = { relation = "verifies", kinds = ["requirement"] }' \
    'Fixes = { relation = "fixes", kinds = ["bug"] }' \
    '[registry]' 'files = ["docs/req/*.toml"]'
  write docs/req/r.toml '[[items]]' 'id = "SRS-1"' 'title = "Alarm, within 30 s"' 'status = "approved"' 'class = "C"' \
    '' '[[items]]' 'id = "SRS-2"' 'title = "Log"' 'status = "draft"' 'links = { refines = ["SRS-1"] }' \
    '' '[[items]]' 'id = "SRS-10"' 'title = "Tone"' 'status = "approved"'
  commit_all "Add the registry"
  write src/a.c 1; commit_all $'Implement the alarm\n\nImplements: SRS-1'
  write tests/a.c 1; commit_all $'Test the alarm\n\nVerifies: SRS-1'
  write src/b.c 1; commit_all $'Log things\n\nImplements: SRS-2, SRS-9\nFixes: #77'
  write README 1; commit_all "Tidy"
}

begin "JSON: every item defined or referenced, with its commits and gaps"
trace_repo
c() { git rev-parse "HEAD~$1"; }
run git trail trace --format json
expect_rc 0
expect_eq "json" "{
  \"revision\": \"$(git rev-parse HEAD)\",
  \"policy\": \"trail.toml\",
  \"commits_scanned\": 5,
  \"complete\": true,
  \"evidence_given\": false,
  \"results\": [],
  \"items\": [
    {
      \"id\": \"SRS-1\",
      \"kind\": \"requirement\",
      \"defined\": true,
      \"title\": \"Alarm, within 30 s\",
      \"status\": \"approved\",
      \"class\": \"C\",
      \"file\": \"docs/req/r.toml\",
      \"links\": [],
      \"commits\": [
        {
          \"commit\": \"$(c 2)\",
          \"relation\": \"verifies\"
        },
        {
          \"commit\": \"$(c 3)\",
          \"relation\": \"implements\"
        }
      ],
      \"files\": [],
      \"claims\": [
        {
          \"commit\": \"$(c 2)\",
          \"relation\": \"verifies\",
          \"source\": \"trailer\"
        }
      ],
      \"evidence\": [],
      \"gaps\": []
    },
    {
      \"id\": \"SRS-2\",
      \"kind\": \"requirement\",
      \"defined\": true,
      \"title\": \"Log\",
      \"status\": \"draft\",
      \"class\": \"\",
      \"file\": \"docs/req/r.toml\",
      \"links\": [
        {
          \"type\": \"refines\",
          \"target\": \"SRS-1\"
        }
      ],
      \"commits\": [
        {
          \"commit\": \"$(c 1)\",
          \"relation\": \"implements\"
        }
      ],
      \"files\": [],
      \"claims\": [],
      \"evidence\": [],
      \"gaps\": [
        \"not verified\"
      ]
    },
    {
      \"id\": \"SRS-9\",
      \"kind\": \"requirement\",
      \"defined\": false,
      \"commits\": [
        {
          \"commit\": \"$(c 1)\",
          \"relation\": \"implements\"
        }
      ],
      \"files\": [],
      \"claims\": [],
      \"evidence\": [],
      \"gaps\": [
        \"not defined\"
      ]
    },
    {
      \"id\": \"SRS-10\",
      \"kind\": \"requirement\",
      \"defined\": true,
      \"title\": \"Tone\",
      \"status\": \"approved\",
      \"class\": \"\",
      \"file\": \"docs/req/r.toml\",
      \"links\": [],
      \"commits\": [],
      \"files\": [],
      \"claims\": [],
      \"evidence\": [],
      \"gaps\": [
        \"not implemented\",
        \"not verified\"
      ]
    },
    {
      \"id\": \"77\",
      \"kind\": \"bug\",
      \"defined\": false,
      \"commits\": [
        {
          \"commit\": \"$(c 1)\",
          \"relation\": \"fixes\"
        }
      ],
      \"files\": [],
      \"claims\": [],
      \"evidence\": [],
      \"gaps\": []
    }
  ],
  \"unlinked_commits\": [
    {
      \"commit\": \"$(c 0)\",
      \"subject\": \"Tidy\"
    },
    {
      \"commit\": \"$(c 4)\",
      \"subject\": \"Add the registry\"
    }
  ]
}" "$OUT"

begin "text, Markdown and CSV"
trace_repo
s() { git rev-parse --short=12 "HEAD~$1"; }
run git trail trace
expect_eq "text" "Traceability at $(s 0) (policy: trail.toml), 5 commits scanned
Test evidence: none given (--results): a Verifies: trailer is a claim and a test file link is a link, not evidence

requirement
  SRS-1  [approved, class C] Alarm, within 30 s
      implements: $(s 3)
      verification claimed (trailer): $(s 2)
      linked from: SRS-2 (refines)
  SRS-2  [draft] Log
      implements: $(s 1)
      gaps: not verified
  SRS-9
      implements: $(s 1)
      gaps: not defined
  SRS-10  [approved] Tone
      gaps: not implemented, not verified

bug
  77  (external)
      fixes: $(s 1)

6 gaps:
  SRS-2: not verified
  SRS-9: not defined (linked by $(s 1))
  SRS-10: not implemented
  SRS-10: not verified
  $(s 0) links to nothing: Tidy
  $(s 4) links to nothing: Add the registry" "$OUT"
run git trail trace --format md
expect_eq "markdown row" "| SRS-1 | requirement | approved | C | Alarm, within 30 s | $(s 3) | $(s 2) |  | not given |  |  |" "$(sed -n 7p <<<"$OUT")"
run git trail trace --format csv -o matrix.csv
expect_eq "csv" "id,kind,defined,status,class,title,relation,basis,commit,file,gaps,evidence_given,complete
SRS-1,requirement,yes,approved,C,\"Alarm, within 30 s\",verifies,claim (trailer),$(git rev-parse HEAD~2),,,no,yes
SRS-1,requirement,yes,approved,C,\"Alarm, within 30 s\",implements,claim (trailer),$(git rev-parse HEAD~3),,,no,yes
SRS-2,requirement,yes,draft,,Log,implements,claim (trailer),$(git rev-parse HEAD~1),,not verified,no,yes
SRS-9,requirement,no,,,,implements,claim (trailer),$(git rev-parse HEAD~1),,not defined,no,yes
SRS-10,requirement,yes,approved,,Tone,,,,,not implemented; not verified,no,yes
77,bug,no,,,,fixes,claim (trailer),$(git rev-parse HEAD~1),,,no,yes" "$(tr -d '\r' <matrix.csv)"
run git trail trace --fail-on-gaps
expect_rc 1
run git trail trace --format html -o matrix.html
expect_rc 0
expect_eq "html first line" "<!DOCTYPE html>" "$(head -n 1 matrix.html)"
expect_eq "html last line" "</html>" "$(tail -n 1 matrix.html)"
expect_eq "html row" '<tr class="gap"><td class="id">SRS-10</td><td>requirement</td><td>approved</td><td></td><td>Tone</td><td></td><td></td><td></td><td>not given</td><td></td><td class="gaps">not implemented; not verified</td></tr>' \
  "$(grep '>SRS-10<' matrix.html)"
expect_eq "html escapes" "<li>$(s 0) links to nothing: Tidy</li>" "$(grep 'Tidy' matrix.html)"

begin "the same answers at an older revision"
trace_repo
run git trail trace --at HEAD~3 --format csv
expect_eq "csv at HEAD~3" "id,kind,defined,status,class,title,relation,basis,commit,file,gaps,evidence_given,complete
SRS-1,requirement,yes,approved,C,\"Alarm, within 30 s\",implements,claim (trailer),$(git rev-parse HEAD~3),,not verified,no,yes
SRS-2,requirement,yes,draft,,Log,,,,,not implemented; not verified,no,yes
SRS-10,requirement,yes,approved,,Tone,,,,,not implemented; not verified,no,yes" "$(tr -d '\r' <<<"$OUT")"

begin "links written in test files verify items, read at the traced revision"
trace_repo
printf '%s\n' '[[registry.file_links]]' 'files = ["tests/**/*.c"]' "pattern = '(verifies|implements):\\s*(SRS-\\d+)'" >>trail.toml
write tests/unit/tone.c "// verifies: SRS-10" "int x; // implements: SRS-10, and verifies: SRS-2"
commit_all "Test the tone"
run git trail trace --format md
expect_eq "markdown" "# Traceability at $(git rev-parse --short=12 HEAD) (policy: trail.toml), 6 commits scanned

Test evidence: none given (--results): a Verifies: trailer is a claim and a test file link is a link, not evidence

| ID | Kind | Status | Class | Title | Implemented by | Verification claimed (trailer) | Test linked (file) | Test evidence | Other links | Gaps |
|---|---|---|---|---|---|---|---|---|---|---|
| SRS-1 | requirement | approved | C | Alarm, within 30 s | $(git rev-parse --short=12 HEAD~4) | $(git rev-parse --short=12 HEAD~3) |  | not given |  |  |
| SRS-2 | requirement | draft |  | Log | $(git rev-parse --short=12 HEAD~2) |  | tests/unit/tone.c:2 | not given |  |  |
| SRS-9 | requirement |  |  |  | $(git rev-parse --short=12 HEAD~2) |  |  | not given |  | not defined |
| SRS-10 | requirement | approved |  | Tone | tests/unit/tone.c:2 |  | tests/unit/tone.c:1 | not given |  |  |
| 77 | bug |  |  |  |  |  |  | not given | fixes: $(git rev-parse --short=12 HEAD~2) |  |

## Gaps (4)

- SRS-9: not defined (linked by $(git rev-parse --short=12 HEAD~2))
- $(git rev-parse --short=12 HEAD) links to nothing: Test the tone
- $(git rev-parse --short=12 HEAD~1) links to nothing: Tidy
- $(git rev-parse --short=12 HEAD~5) links to nothing: Add the registry" "$OUT"
run git trail trace --at HEAD~1 --format md
expect_eq "before the test file existed" "| SRS-10 | requirement | approved |  | Tone |  |  |  | not given |  | not implemented, not verified |" "$(grep '^| SRS-10' <<<"$OUT")"

begin "an item edited after the commit that implemented it makes that link suspect"
trace_repo
write docs/req/r.toml '[[items]]' 'id = "SRS-1"' 'title = "Alarm, within 20 s"' 'status = "approved"' 'class = "C"' \
  '' '[[items]]' 'id = "SRS-2"' 'title = "Log"' 'status = "draft"' 'links = { refines = ["SRS-1"] }' \
  '' '[[items]]' 'id = "SRS-10"' 'title = "Tone"' 'status = "approved"'
commit_all "Tighten the alarm to 20 s"
write tests/b.c 2; commit_all $'Test the 20 s alarm\n\nVerifies: SRS-1'
run git trail trace
expect_eq "SRS-1" "  SRS-1  [approved, class C] Alarm, within 20 s
      implements: $(git rev-parse --short=12 HEAD~5) (suspect)
      verification claimed (trailer): $(git rev-parse --short=12 HEAD), $(git rev-parse --short=12 HEAD~4) (suspect)
      linked from: SRS-2 (refines)
      gaps: suspect: verifies by $(git rev-parse --short=12 HEAD~4), made without the definition change in $(git rev-parse --short=12 HEAD~1), suspect: implements by $(git rev-parse --short=12 HEAD~5), made without the definition change in $(git rev-parse --short=12 HEAD~1)" \
  "$(sed -n '/^  SRS-1 /,/gaps/p' <<<"$OUT")"
run git trail trace --at HEAD~2 --format json
expect_eq "no suspects before the edit" "" "$(grep suspect <<<"$OUT")"
run git trail show SRS-1
expect_eq "definition history" "definition history (2):
  $(git rev-parse --short=12 HEAD~1) 2026-02-06 title changed (Ada Author <ada@example.com>)
  $(git rev-parse --short=12 HEAD~6) 2026-02-01 created (Ada Author <ada@example.com>)" \
  "$(sed -n '/^definition history/,/^commits/p' <<<"$OUT" | sed '$d')"

begin "a test file unchanged since the item's definition changed is suspect; updating it clears that"
trace_repo
printf '%s\n' '[[registry.file_links]]' 'files = ["tests/**/*.c"]' "pattern = 'verifies:\\s*(SRS-\\d+)'" 'relation = "verifies"' >>trail.toml
write tests/unit/tone.c "// verifies: SRS-10"
commit_all "Test the tone"
sed -i 's/title = "Tone"/title = "Tone at 440 Hz"/' docs/req/r.toml
commit_all "Fix the tone's pitch"
run git trail trace --format json
expect_eq "suspect file" '      "files": [
        {
          "path": "tests/unit/tone.c",
          "line": 1,
          "relation": "verifies",
          "suspect": true
        }
      ],' "$(sed -n '/"id": "SRS-10"/,/^    }/p' <<<"$OUT" | sed -n '/"files"/,/^      \],$/p')"
write tests/unit/tone.c "// verifies: SRS-10" "// checks 440 Hz"
commit_all "Test the new pitch"
run git trail trace
expect_eq "no longer suspect" "      test linked (file): tests/unit/tone.c:1" "$(grep 'tone.c' <<<"$OUT")"

begin "JUnit results attach to the tests that verify items: failing and skipped verification"
trace_repo
printf '%s\n' '[[registry.file_links]]' 'files = ["tests/**/*.c"]' "pattern = 'verifies:\\s*(SRS-\\d+)'" 'relation = "verifies"' >>trail.toml
write tests/unit/tone.c "// verifies: SRS-10"
commit_all "Test the tone"
cat >results.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="unit">
    <testcase classname="tests/unit/tone.c" name="tone plays"/>
    <testcase classname="alarm" name="SRS-1 fires within 30 s"><failure message="took 31 s"/></testcase>
    <testsuite name="nested">
      <testcase classname="log" name="SRS-2: entries are written"><skipped/></testcase>
    </testsuite>
  </testsuite>
</testsuites>
XML
run git trail trace --results results.xml --format json
expect_rc 0
expect_eq "SRS-1 tests" '      "evidence": [
        {
          "test": "alarm::SRS-1 fires within 30 s",
          "outcome": "failed",
          "matched_by": "name",
          "report": "results.xml"
        }
      ],
      "gaps": [
        "failing verification"
      ]' "$(sed -n '/"id": "SRS-1"/,/^    }/p' <<<"$OUT" | sed -n '/"evidence"/,/^      \]$/p' | sed -n '1,/^      \],$/p;/"gaps"/,/^      \]$/p')"
run git trail show SRS-10 --results results.xml
expect_eq "show" "SRS-10 (requirement)
  title:    Tone
  status:   approved
  defined:  docs/req/r.toml:13 at $(git rev-parse --short=12 HEAD)
definition history (1):
  $(git rev-parse --short=12 HEAD~5) 2026-02-01 created (Ada Author <ada@example.com>)
commits (0):
files (1):
  tests/unit/tone.c:1 verifies (test linked)
test evidence (1):
  passed  tests/unit/tone.c::tone plays (results.xml, matched by file tests/unit/tone.c)
gaps: not implemented" "$OUT"
run git trail show SRS-2 --results results.xml
expect_eq "skipped" "gaps: verification skipped" "$(tail -n 1 <<<"$OUT")"
printf '<testsuites>\n  <testsuite>\n</testsuites>\n' >bad.xml
run git trail trace --results bad.xml
expect_rc 2
expect_eq "bad xml" "git-trail: error: bad.xml:3:3: error: not well-formed XML: Start-end tags mismatch" "$ERR"

begin "show one item"
trace_repo
run git trail show SRS-1
expect_eq "show" "SRS-1 (requirement)
  title:    Alarm, within 30 s
  status:   approved
  class:    C
  defined:  docs/req/r.toml:1 at $(git rev-parse --short=12 HEAD)
  linked from: SRS-2 (refines)
definition history (1):
  $(git rev-parse --short=12 HEAD~4) 2026-02-01 created (Ada Author <ada@example.com>)
commits (2):
  $(git rev-parse --short=12 HEAD~2) 2026-02-03 verifies (claimed by trailer)  Test the alarm (Ada Author <ada@example.com>)
  $(git rev-parse --short=12 HEAD~3) 2026-02-02 implements  Implement the alarm (Ada Author <ada@example.com>)
test evidence: none given (--results FILE attaches test outcomes)" "$OUT"
run git trail show SRS-404
expect_rc 2
expect_eq "unknown" "git-trail: error: SRS-404 is neither defined in the registry at HEAD nor linked by any commit" "$ERR"

begin "an external tracker and no registry: Closes-Bug: #1234567, Partial-Bug, blueprints"
git init -q repo && cd repo
write trail.toml '[kinds.bug]' "pattern = '#?(\\d+)'" 'external = true' \
  '[kinds.blueprint]' "pattern = '(?:blueprint\\s+)?([a-z][a-z0-9-]+)'" 'external = true' \
  '[trailers]' 'Closes-Bug = { relation = "fixes", kinds = ["bug"] }' 'Partial-Bug = { relation = "refs", kinds = ["bug"] }' \
  'Implements = { relation = "implements", kinds = ["blueprint"] }'
write src/a.c 1; commit_all $'Fix the crash\n\nCloses-Bug: #1234567'
write src/b.c 1; commit_all $'Start the rework\n\nPartial-Bug: #1234567\nImplements: blueprint alarm-rework'
run git trail trace
expect_eq "text" "Traceability at $(git rev-parse --short=12 HEAD) (policy: trail.toml), 2 commits scanned
Test evidence: none given (--results): a Verifies: trailer is a claim and a test file link is a link, not evidence

bug
  1234567  (external)
      refs: $(git rev-parse --short=12 HEAD)
      fixes: $(git rev-parse --short=12 HEAD~1)

blueprint
  alarm-rework  (external)
      implements: $(git rev-parse --short=12 HEAD)

0 gaps" "$OUT"

begin "a kind's url makes its IDs links: trace Markdown, HTML and JSON, the changelog"
git init -q repo && cd repo
write trail.toml '[kinds.bug]' "pattern = '#?(\\d+)'" 'external = true' 'url = "https://bugs.launchpad.net/nova/+bug/{id}"' \
  '[kinds.blueprint]' "pattern = '(?:blueprint\\s+)?([a-z][a-z0-9-]+)'" 'external = true' \
  'url = "https://blueprints.example.org/show?name={id}&v=1"' \
  '[trailers]' 'Closes-Bug = { relation = "fixes", kinds = ["bug"] }' 'Implements = { relation = "implements", kinds = ["blueprint"] }'
write src/a.c 1; commit_all $'Fix the crash\n\nCloses-Bug: #1234567\nImplements: blueprint alarm-rework'
head=$(git rev-parse --short=12 HEAD)
run git trail trace --format md
expect_eq "md rows" "| [1234567](https://bugs.launchpad.net/nova/+bug/1234567) | bug |  |  |  |  |  |  | not given | fixes: $head |  |
| [alarm-rework](https://blueprints.example.org/show?name=alarm-rework&v=1) | blueprint |  |  |  | $head |  |  | not given |  |  |" \
  "$(grep -E '^\| \[' <<<"$OUT")"
run git trail trace --format html
# In HTML the address is escaped (&amp;) and the ID is the link's text.
expect_eq "html ids" '<td class="id"><a href="https://bugs.launchpad.net/nova/+bug/1234567">1234567</a></td>
<td class="id"><a href="https://blueprints.example.org/show?name=alarm-rework&amp;v=1">alarm-rework</a></td>' \
  "$(grep -oE '<td class="id">.*?</a></td>' <<<"$OUT" | sed -E 's#(</a></td>).*#\1#')"
run git trail trace --format json
expect_eq "json" '{"id":"1234567","url":"https://bugs.launchpad.net/nova/+bug/1234567"}
{"id":"alarm-rework","url":"https://blueprints.example.org/show?name=alarm-rework&v=1"}' \
  "$(jq -c '.items[] | {id, url}' <<<"$OUT")"
run git trail changelog HEAD --format md
expect_eq "changelog md" "### [1234567](https://bugs.launchpad.net/nova/+bug/1234567)" "$(grep '^### \[' <<<"$OUT")"
run git trail changelog HEAD --format html
expect_eq "changelog html" '<h3><a href="https://bugs.launchpad.net/nova/+bug/1234567">1234567</a></h3>' \
  "$(grep '<h3><a ' <<<"$OUT")"
# A kind without a url: its IDs stay plain text.
sed -i '/^url = "https:\/\/bugs/d' trail.toml
run git trail trace --format md
expect_eq "plain" "| 1234567 | bug |" "$(grep -oE '^\| 1234567 \| bug \|' <<<"$OUT")"

done_testing
