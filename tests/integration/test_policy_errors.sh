#!/usr/bin/env bash
# A malformed trail.toml is reported with file, line and column, the line and a caret; the
# commit is refused and its message kept.
# verifies: GT-15
source "$(dirname "$0")/lib.sh"

begin "a malformed trail.toml refuses the commit with every error, exactly"
new_repo repo
write trail.toml \
  '[kinds.requirement]' \
  "pattern = 'SRS-(\\d+'" \
  '' \
  '[trailers]' \
  'Implements = { relaton = "implements", kinds = ["requirement"] }' \
  'Fixes = { relation = "repairs" }' \
  '' \
  '[message]' \
  'subject_max_length = "72"'
write a.txt a
git add a.txt trail.toml
run git commit -m "Add a"
expect_rc 1
expect_eq "diagnostics" "trail.toml:2:11: error: invalid regular expression in kinds.requirement.pattern: missing ): SRS-(\\d+
    2 | pattern = 'SRS-(\\d+'
      |           ^
trail.toml:5:16: error: unknown key 'relaton' in trailers.Implements; did you mean 'relation'?
    5 | Implements = { relaton = \"implements\", kinds = [\"requirement\"] }
      |                ^
trail.toml:5:48: error: trailers.Implements.kinds applies only to link trailers
    5 | Implements = { relaton = \"implements\", kinds = [\"requirement\"] }
      |                                                ^
trail.toml:6:22: error: unknown relation 'repairs' in trailers.Fixes; expected one of implements, fixes, verifies, refs, authorized-by, mitigates
    6 | Fixes = { relation = \"repairs\" }
      |                      ^
trail.toml:9:22: error: wrong type for message.subject_max_length: expected an integer, found a string
    9 | subject_max_length = \"72\"
      |                      ^
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG" "$ERR"
expect_eq "kept message" "Add a" "$(cat .git/COMMIT_EDITMSG)"
[ "$(git rev-list --all --count)" = 0 ] || fail "a commit was made"

begin "every command reports the same error and exits 2"
git init -q repo && cd repo
write trail.toml '[message]' 'subject_max_lenght = 50'
run git trail trailers
expect_rc 2
expect_eq "error" "trail.toml:2:1: error: unknown key 'subject_max_lenght' in message; did you mean 'subject_max_length'?
    2 | subject_max_lenght = 50
      | ^" "$ERR"

begin "a rule that needs a relation no trailer carries is a policy error, not a rule no commit can meet"
git init -q repo && cd repo
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
  '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
  '[[rules]]' 'id = "risk"' 'require = { any_relation = ["implements", "mitigates"], all_relations = ["verifies"] }'
run git trail check
expect_rc 2
expect_eq "both relations named, where they are" "trail.toml:7:43: error: rules[0].require.any_relation: no trailer carries the relation 'mitigates', so no commit can meet this rule; add a link trailer with relation = \"mitigates\" under [trailers], or remove it here
    7 | require = { any_relation = [\"implements\", \"mitigates\"], all_relations = [\"verifies\"] }
      |                                           ^
trail.toml:7:74: error: rules[0].require.all_relations: no trailer carries the relation 'verifies', so no commit can meet this rule; add a link trailer with relation = \"verifies\" under [trailers], or remove it here
    7 | require = { any_relation = [\"implements\", \"mitigates\"], all_relations = [\"verifies\"] }
      |                                                                          ^" "$ERR"

begin "a kind's url must be an http(s) address with {id}: never javascript:, never without the ID"
git init -q repo && cd repo
write trail.toml '[kinds.bug]' "pattern = 'BUG-\\d+'" 'url = "javascript:alert(1)//{id}"' \
  '[kinds.req]' "pattern = 'SRS-\\d+'" 'url = "https://example.org/items"'
run git trail check
expect_rc 2
expect_eq "both, where they are" "trail.toml:3:7: error: invalid kinds.bug.url 'javascript:alert(1)//{id}': an http:// or https:// address with {id} where the ID goes, and no spaces, quotes, <, >, |, ( or )
    3 | url = \"javascript:alert(1)//{id}\"
      |       ^
trail.toml:6:7: error: invalid kinds.req.url 'https://example.org/items': an http:// or https:// address with {id} where the ID goes, and no spaces, quotes, <, >, |, ( or )
    6 | url = \"https://example.org/items\"
      |       ^" "$ERR"

begin "a TOML syntax error in a --policy file"
git init -q repo && cd repo
write policy.toml '[kinds.requirement' "pattern = 'SRS-\\d+'"
run git trail --policy policy.toml trailers
expect_rc 2
expect_eq "first line" "policy.toml:1:19: error:" "$(head -n 1 <<<"$ERR" | cut -d' ' -f1-2)"
expect_eq "shows the line" "    1 | [kinds.requirement" "$(sed -n 2p <<<"$ERR")"

done_testing
