#!/usr/bin/env bash
# The item registry: linked IDs must be defined in the registry as the commit holds it, and in
# a state the relation allows; malformed registry files are reported exactly.
# verifies: GT-16
source "$(dirname "$0")/lib.sh"

registry_repo() {
  new_repo repo
  write trail.toml \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'states = ["draft", "approved", "retired"]' \
    'link_states = { implements = ["approved"] }' \
    '[kinds.problem-report]' "pattern = 'PR-\\d+'" 'states = ["open", "closed"]' 'link_states = { fixes = ["open"] }' \
    '[kinds.bug]' "pattern = '#(\\d+)'" 'external = true' \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    'Fixes = { relation = "fixes", kinds = ["problem-report", "bug"] }' \
    '[registry]' 'files = ["docs/req/*.toml", "docs/problems/*.toml"]'
  write docs/req/alarms.toml \
    '[[items]]' 'id = "SRS-1"' 'title = "Occlusion alarm within 30 s"' 'status = "approved"' 'class = "C"' \
    '' '[[items]]' 'id = "SRS-2"' 'title = "Old alarm tone"' 'status = "retired"'
  write docs/problems/open.toml '[[items]]' 'id = "PR-1"' 'title = "Alarm late"' 'status = "closed"'
  git add -A
  git commit -q -m "Add the registry"
}

begin "a link to a defined, approved requirement is accepted"
registry_repo
write src/a.c 1 && git add src/a.c
run git commit -m $'Add alarm\n\nImplements: SRS-1\nFixes: #42'
expect_rc 0
expect_eq "committed" "Add alarm|Implements: SRS-1|Fixes: #42" "$(git log -1 --format=%B | sed '/^$/d' | paste -sd'|')"

begin "unknown IDs and items in the wrong state are refused, each with its line"
registry_repo
write src/a.c 1 && git add src/a.c
run git commit -m $'Add alarm\n\nImplements: SRS-9, SRS-2\nFixes: PR-1'
expect_rc 1
expect_eq "diagnostics" "git-trail: commit rejected: 3 problems with the message (policy: trail.toml)
  known-id: SRS-9 (Implements) is not defined in the registry (line 3)
      define SRS-9 in one of docs/req/*.toml, docs/problems/*.toml, or fix the ID
  item-state: SRS-2 is retired; a commit that implements it needs it to be approved (line 3)
      link an item in one of those states, or change SRS-2's status first
  item-state: PR-1 is closed; a commit that fixes it needs it to be open (line 4)
      link an item in one of those states, or change PR-1's status first
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG" "$ERR"

begin "an item defined in the same commit counts (the staged registry)"
registry_repo
write docs/req/new.toml '[[items]]' 'id = "SRS-3"' 'title = "New"' 'status = "approved"'
write src/b.c 1
git add -A
run git commit -m $'Add SRS-3 and implement it\n\nImplements: SRS-3'
expect_rc 0
expect_eq "committed" "Add SRS-3 and implement it|Implements: SRS-3" "$(git log -1 --format=%B | sed '/^$/d' | paste -sd'|')"

begin "a malformed registry file refuses the commit with file, line and column"
registry_repo
write docs/req/bad.toml '[[items]]' 'id = "SRS-4"' 'status = "aproved"' 'links = { derives-from = ["SYS-1"] }' \
  '[[items]]' 'id = "SRS-1"' 'status = "draft"'
write src/b.c 1
git add -A
run git commit -m $'Add\n\nImplements: SRS-1'
expect_rc 1
expect_eq "diagnostics" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  registry: the registry cannot be read at this commit:
docs/req/bad.toml:3:10: error: invalid status for a requirement 'aproved' in items[0].status; did you mean 'approved'?
    3 | status = \"aproved\"
      |          ^
docs/req/bad.toml:4:27: error: SRS-4 links (derives-from) to SYS-1, which is not defined
    4 | links = { derives-from = [\"SYS-1\"] }
      |                           ^
docs/req/bad.toml:5:1: error: duplicate item ID 'SRS-1'; it is first defined at docs/req/alarms.toml:1
    5 | [[items]]
      | ^
      fix the registry files in this commit
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG" "$ERR"

begin "check reads the registry of each commit, not of HEAD"
registry_repo
write src/a.c 1 && git add src/a.c
git commit -q -m $'Implement SRS-1\n\nImplements: SRS-1'
write docs/req/alarms.toml '[[items]]' 'id = "SRS-1"' 'title = "Occlusion alarm"' 'status = "retired"'
git add -A && git commit -q --no-verify -m "Retire SRS-1"
write src/b.c 1 && git add src/b.c
git commit -q --no-verify -m $'Touch alarm\n\nImplements: SRS-1'
run git trail check
expect_rc 1
expect_eq "only the commit after the retirement" "$(git rev-parse --short=12 HEAD) Touch alarm
  item-state: SRS-1 is retired; a commit that implements it needs it to be approved (line 3)
      link an item in one of those states, or change SRS-1's status first
git-trail: 4 commits checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"

begin "before the first registry file exists, links are not checked against a registry"
new_repo repo
git trail init >/dev/null
write a.txt 1
git add -A
run git commit -m $'Add a\n\nImplements: SRS-12'
expect_rc 0
expect_eq "committed" "Add a|Implements: SRS-12" "$(git log -1 --format=%B | sed '/^$/d' | paste -sd'|')"
write docs/requirements/r.toml '[[items]]' 'id = "SRS-1"' 'title = "First"' 'status = "approved"'
write b.txt 1
git add -A
run git commit -m $'Add b\n\nImplements: SRS-12'
expect_rc 1
expect_eq "now it is" "  known-id: SRS-12 (Implements) is not defined in the registry (line 3)" "$(sed -n 2p <<<"$ERR")"

done_testing
