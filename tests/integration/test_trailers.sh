#!/usr/bin/env bash
# `git trail trailers`: the same trailers as `git log --format=%(trailers:only,unfold)` on a
# repository of awkward messages, the JSON contract, --message-file, and clear errors for the
# repositories libgit2 1.5 cannot read.
# verifies: GT-10
source "$(dirname "$0")/lib.sh"

# Commits MESSAGE verbatim (no cleanup), one second after the previous commit.
tick=0
commit_verbatim() {
  tick=$((tick + 1))
  GIT_COMMITTER_DATE="2026-01-01T12:00:$(printf %02d $tick)Z" \
    git commit -q --allow-empty --no-verify --cleanup=verbatim -m "$1"
}

begin "every commit's trailers agree with git log, in git log order"
git init -q repo && cd repo
commit_verbatim $'Plain subject only'
commit_verbatim $'Subject\n\nSigned-off-by: A <a@example.com>'
commit_verbatim $'Subject\n\nBody text.\n\nFixes: PR-1\nImplements: SRS-1, SRS-2\n'
commit_verbatim $'Subject\n\nKey-With-Space : value  \nAcked-by:\nReviewed-by: R <r@x>'
commit_verbatim $'Subject\n\nFolded: first\n  second line\n\tthird\nOther: x'
commit_verbatim $'Subject\r\n\r\nCRLF-Key: crlf value\r\n'
commit_verbatim $'Subject\n\nNot a trailer line\nSigned-off-by: A <a@example.com>\nmore prose here'
commit_verbatim $'Subject\n\nprose one\nprose two\nprose three\nTested-by: T <t@x>'
commit_verbatim $'Subject\n\n---\nAfter-Divider: yes'
commit_verbatim $'Subject\n\nBody\n\nFixes: PR-2\n# a comment line\nRefs: SRS-3'
commit_verbatim $'Subject\n\nBody\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\nprose'
commit_verbatim $'Only: a title paragraph'
commit_verbatim $'Subject\n\nÜbersetzt-von: Jürgen <j@example.com>'
commit_verbatim $'Subject\n\nhttp://example.com: not a key\nBad Key: value'
git switch -q -c side HEAD~3
commit_verbatim $'Side work\n\nImplements: SRS-9'
git switch -q main
tick=$((tick + 1))
GIT_COMMITTER_DATE="2026-01-01T12:00:$(printf %02d $tick)Z" git merge -q --no-ff --no-verify -m $'Merge side\n\nRefs: SRS-9' side
run git trail trailers --format text
expect_rc 0
expect_eq "trailers of every commit" "$(git log --format='%H%n%(trailers:only,unfold)')" "$OUT"
run git trail trailers --format text --all HEAD~5..HEAD
expect_eq "a range" "$(git log --format='%H%n%(trailers:only,unfold)' --all HEAD~5..HEAD)" "$OUT"

begin "trailer.<name>.key and trailer.separators are honoured as git honours them"
git init -q repo && cd repo
git config trailer.ack.key "Acked-by"
git config trailer.separators ":="
commit_verbatim $'Subject\n\nprose line one\nAcked-by: A <a@x>\nprose line two\nprose three'
commit_verbatim $'Subject\n\nprose line one\nack: A <a@x>\nprose line two\nprose three'
commit_verbatim $'Subject\n\nReviewed-by = R <r@x>\nFixes: PR-1'
run git trail trailers --format text
expect_rc 0
expect_eq "trailers" "$(git log --format='%H%n%(trailers:only,unfold)')" "$OUT"

begin "the JSON contract: commit, trailers, links"
git init -q repo && cd repo
commit_verbatim $'Change dosing\n\nImplements: SRS-1, SRS-2\nFixes: PR-7\nReviewed-by: R <r@x>'
id=$(git rev-parse HEAD)
run git trail trailers
expect_rc 0
expect_eq "json line" "{\"commit\":\"$id\",\"trailers\":[{\"key\":\"Implements\",\"value\":\"SRS-1, SRS-2\"},{\"key\":\"Fixes\",\"value\":\"PR-7\"},{\"key\":\"Reviewed-by\",\"value\":\"R <r@x>\"}],\"links\":[{\"relation\":\"implements\",\"kind\":\"requirement\",\"id\":\"SRS-1\"},{\"relation\":\"implements\",\"kind\":\"requirement\",\"id\":\"SRS-2\"},{\"relation\":\"fixes\",\"kind\":\"problem-report\",\"id\":\"PR-7\"}]}" "$OUT"

begin "capture groups and external kinds: Closes-Bug: #1234567"
git init -q repo && cd repo
write trail.toml '[kinds.bug]' "pattern = '#?(\\d+)'" 'external = true' '[trailers]' \
  'Closes-Bug = { relation = "fixes", kinds = ["bug"] }'
commit_verbatim $'Fix crash\n\nCloses-Bug: #1234567'
run git trail trailers
expect_eq "links" "{\"commit\":\"$(git rev-parse HEAD)\",\"trailers\":[{\"key\":\"Closes-Bug\",\"value\":\"#1234567\"}],\"links\":[{\"relation\":\"fixes\",\"kind\":\"bug\",\"id\":\"1234567\"}]}" "$OUT"

begin "--message-file, from a file and from standard input, inside and outside a repository"
printf 'Subject\n\nFixes: PR-1\nSigned-off-by: A <a@x>\n' >msg
run git trail trailers --message-file msg
expect_rc 0
expect_eq "outside a repository" '{"trailers":[{"key":"Fixes","value":"PR-1"},{"key":"Signed-off-by","value":"A <a@x>"}],"links":[{"relation":"fixes","kind":"problem-report","id":"PR-1"}]}' "$OUT"
run git trail trailers --message-file - <msg
expect_eq "standard input" '{"trailers":[{"key":"Fixes","value":"PR-1"},{"key":"Signed-off-by","value":"A <a@x>"}],"links":[{"relation":"fixes","kind":"problem-report","id":"PR-1"}]}' "$OUT"
printf 'Subject\n\nNote: caf\xe9 au lait\n' >latin1
run git trail trailers --no-links --message-file latin1
expect_eq "invalid UTF-8 becomes U+FFFD" $'{"trailers":[{"key":"Note","value":"caf\xef\xbf\xbd au lait"}]}' "$OUT"

begin "an empty repository has no commits to show"
git init -q repo && cd repo
run git trail trailers
expect_rc 0
expect_eq "output" "" "$OUT"

begin "a SHA-256 repository gets a clear error"
git init -q --object-format=sha256 repo && cd repo
run git trail trailers
expect_rc 2
expect_eq "error" "git-trail: error: this is a SHA-256 repository (extensions.objectFormat); git-trail uses libgit2 1.5, which reads SHA-1 repositories only" "$ERR"

begin "an unknown revision is a usage error"
git init -q repo && cd repo
commit_verbatim "One"
run git trail trailers no-such-branch
expect_rc 2
expect_eq "error" "git-trail: error: unknown revision 'no-such-branch'" "$ERR"

done_testing
