#!/usr/bin/env bash
# Issue 9, "ancestry, not clocks" and "no small lies": suspect links and files judged by the
# commit graph when commits share one committer second (or the clocks lie); the previous
# release by ancestry; `trace` honouring [project] baseline; INCOMPLETE in the header of every
# trace format; `verify` telling "cannot check" from a bad signature; every usage error exits 2;
# unknown commands and options get "did you mean".
# verifies: GT-12
# verifies: GT-30
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

short() { git rev-parse --short=12 "$1"; }

# Commits everything with message $1 at the fixed second of lib.sh, or at $2 when given.
commit_at() {
  local when=${2:-2026-01-01T12:00:00Z}
  git add -A
  GIT_AUTHOR_DATE="$when" GIT_COMMITTER_DATE="$when" git commit -q --no-verify -m "$1"
}

# Merges branch $1 into the current branch with a merge commit at the fixed second.
merge_at() {
  GIT_AUTHOR_DATE="${2:-2026-01-01T12:00:00Z}" GIT_COMMITTER_DATE="${2:-2026-01-01T12:00:00Z}" \
    git merge -q --no-ff --no-verify -m "Merge $1" "$1"
}

# A repository whose registry defines SRS-1 (title $1), and one commit implementing it.
suspect_repo() {
  git init -q repo && cd repo
  write trail.toml \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'require_links = ["implements", "verifies"]' \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    'Verifies = { relation = "verifies", kinds = ["requirement"] }' \
    '[registry]' 'files = ["docs/req.toml"]' \
    '[[registry.file_links]]' 'files = ["tests/**"]' "pattern = 'verifies:\\s*(SRS-\\d+)'" 'relation = "verifies"'
  write docs/req.toml '[[items]]' 'id = "SRS-1"' 'title = "Alarm within 30 s"' 'status = "approved"'
  commit_at "Add the registry"
  write src/alarm.c 1
  commit_at $'Implement the alarm\n\nImplements: SRS-1'
}

# Changes SRS-1's definition and commits that at $1 (default: the fixed second).
change_definition() {
  write docs/req.toml '[[items]]' 'id = "SRS-1"' 'title = "Alarm within 20 s"' 'status = "approved"'
  commit_at "Tighten the alarm to 20 s" "${1:-}"
}

# Prints SRS-1's linking commits (suspect or not), then its gaps, each sorted: commits of one
# second are listed in no fixed order.
srs1() {
  run git trail trace --format json
  jq -r '.items[] | select(.id == "SRS-1") |
    ([.commits[] | "\(.relation) \(.commit[0:12])\(if .suspect then " (suspect)" else "" end)"] | sort | .[]),
    (.gaps | sort | .[])' <<<"$OUT"
}

for clock in "one second" "a clock one second behind"; do
  begin "suspect links by ancestry ($clock): a verification made on top of the definition change is not suspect"
  suspect_repo
  implement=$(git rev-parse HEAD)
  change_definition
  change=$(git rev-parse HEAD)
  git checkout -q -b test-it
  write tests/alarm.c 'int main() { return 0; }'
  # The test is committed on top of the change; with a clock behind, its date is earlier.
  if [ "$clock" = "one second" ]; then when=""; else when="2026-01-01T11:59:59Z"; fi
  commit_at $'Test the 20 s alarm\n\nVerifies: SRS-1' "$when"
  verify=$(git rev-parse HEAD)
  git checkout -q main
  write README 1
  commit_at "Tidy"
  merge_at test-it
  expect_eq "SRS-1" "implements $(short "$implement") (suspect)
verifies $(short "$verify")
suspect: implements by $(short "$implement"), made without the definition change in $(short "$change")" "$(srs1)"

  begin "suspect links by ancestry ($clock): a definition change merged from another branch makes the verification suspect"
  suspect_repo
  implement=$(git rev-parse HEAD)
  git checkout -q -b spec
  # The definition changes on a branch; with a clock behind, before the test by the clock.
  if [ "$clock" = "one second" ]; then when=""; else when="2026-01-01T11:59:59Z"; fi
  change_definition "$when"
  change=$(git rev-parse HEAD)
  git checkout -q main
  write tests/alarm.c 'int main() { return 0; }'
  commit_at $'Test the 30 s alarm\n\nVerifies: SRS-1'
  verify=$(git rev-parse HEAD)
  merge_at spec
  expect_eq "SRS-1" "implements $(short "$implement") (suspect)
verifies $(short "$verify") (suspect)
suspect: implements by $(short "$implement"), made without the definition change in $(short "$change")
suspect: verifies by $(short "$verify"), made without the definition change in $(short "$change")" "$(srs1)"
  run git trail trace --format json
  expect_eq "changed_in names the change, not the merge" "      \"changed_in\": \"$change\"," "$(grep changed_in <<<"$OUT")"
done

begin "display: commits of one second are listed newest first by the graph (a child before its parent)"
suspect_repo
implement=$(git rev-parse HEAD)
git checkout -q -b spec
change_definition
git checkout -q main
write tests/alarm.c 'int main() { return 0; }'
commit_at $'Test the alarm\n\nVerifies: SRS-1'
verify=$(git rev-parse HEAD)
merge_at spec
run git trail trace
expect_eq "SRS-1 lines" "      implements: $(short "$implement") (suspect)
      verification claimed (trailer): $(short "$verify") (suspect)" "$(sed -n '/^  SRS-1 /,/gaps/p' <<<"$OUT" | grep -e 'verification claimed' -e 'implements:')"
run git trail trace --format json
expect_eq "commits" "$verify
$implement" "$(jq -r '.items[] | select(.id == "SRS-1") | .commits[].commit' <<<"$OUT")"

begin "suspect files by ancestry: a test file rewritten beside the definition change and merged is suspect"
suspect_repo
implement=$(git rev-parse HEAD)
write tests/alarm.c '// verifies: SRS-1' 'int main() { return 30; }'
commit_at "Test file"
git checkout -q -b test-update
write tests/alarm.c '// verifies: SRS-1' 'int main() { return 31; }'
commit_at "Update the test for something else"
git checkout -q main
change_definition
change=$(git rev-parse HEAD)
merge_at test-update
run git trail trace --format json
expect_eq "file" '      "files": [
        {
          "path": "tests/alarm.c",
          "line": 1,
          "relation": "verifies",
          "suspect": true
        }
      ],' "$(sed -n '/"files": \[/,/^      \],/p' <<<"$OUT")"
expect_eq "gaps" "suspect: implements by $(short "$implement"), made without the definition change in $(short "$change")
suspect: verifies in tests/alarm.c, unchanged since the definition changed in $(short "$change")" \
  "$(jq -r '.items[] | select(.id == "SRS-1") | .gaps | sort | .[]' <<<"$OUT")"
# Rewritten on top of the change (same second): no longer suspect.
write tests/alarm.c '// verifies: SRS-1' 'int main() { return 20; }'
commit_at "Test the 20 s alarm"
run git trail trace --format json
expect_eq "fresh" "suspect: implements by $(short "$implement"), made without the definition change in $(short "$change")" \
  "$(jq -r '.items[] | select(.id == "SRS-1") | .gaps[]' <<<"$OUT")"

# The suspect-file check finds the commits that wrote each linked file's version in one pass
# over history (issue 16); suspect_oracle.py builds random histories (branches, merges taking
# either side or writing their own version, files changed back, shared and nested files) and
# answers from git's plumbing alone, commit by commit. Seeds 4 and 10 catch a merge counted
# as writing the version it took from its other parent.
for seed in 4 10 11 12; do
  begin "suspect files over a random history (seed $seed): the same answer as git's own plumbing"
  mkdir repo && cd repo
  expected=$(python3 "$here/suspect_oracle.py" "$seed" 60)
  [ "$(wc -l <<<"$expected")" -eq 6 ] || fail "the oracle answered for $(wc -l <<<"$expected") files, not 6"
  run git trail trace --format json
  expect_rc 0
  expect_eq "suspect files" "$expected" "$(jq -r '.items[] | select(.changed_in != null) | .id as $id |
    .files[] | "\($id) \(.path) \(if .suspect then "suspect" else "fresh" end)"' <<<"$OUT" | sort)"
done

begin "previous release by ancestry: a release the clock puts first but the graph puts below another is not the previous one"
suspect_repo
git tag v1.0.0
git checkout -q -b maint
write src/fix.c 1
commit_at $'A fix\n\nImplements: SRS-1' "2026-01-01T12:00:05Z"
fix=$(git rev-parse HEAD)
git tag v1.0.1
git checkout -q -b feature
write src/feature.c 1
commit_at "A feature on top of the fix" "2026-01-01T12:00:06Z"
git checkout -q main
merge_at maint "2026-01-01T12:00:01Z"
write src/more.c 1
commit_at "More" "2026-01-01T12:00:02Z"
git tag v1.1.0
merge_at feature "2026-01-01T12:00:07Z"
# By the clock v1.0.1 (12:00:05) is met first; by the graph v1.1.0 contains it.
run git trail manifest --format json
expect_rc 0
expect_eq "previous" "v1.1.0 $(git rev-parse v1.1.0)" "$(jq -r '.previous_release | "\(.tag) \(.commit)"' <<<"$OUT")"
# The fix shipped in v1.0.1 and in v1.1.0, which contains v1.0.1 though it is older by the
# clock; show lists every release that shipped a commit of the item or its definition (issue 12).
run git trail show SRS-1
expect_eq "every release" "releases (3):
  v1.0.0: $(short v1.0.0), $(short v1.0.0~1)
  v1.0.1: $(short "$fix"), $(short v1.0.0), $(short v1.0.0~1)
  v1.1.0: $(short "$fix"), $(short v1.0.0), $(short v1.0.0~1)" "$(sed -n '/^releases/,/^gaps/p' <<<"$OUT" | grep -v '^gaps')"

# A repository with old history that links to nothing (and to an ID never defined), a
# baseline tag on it, and new commits after.
baseline_repo() {
  git init -q repo && cd repo
  write src/old.c 1
  commit_at "Old work"
  write src/old.c 2
  commit_at $'Old fix\n\nImplements: SRS-99'
  git tag v0-baseline
  write trail.toml \
    '[project]' "baseline = \"$1\"" \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'require_links = ["implements"]' \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    '[registry]' 'files = ["docs/req.toml"]'
  write docs/req.toml '[[items]]' 'id = "SRS-1"' 'title = "Alarm"' 'status = "approved"'
  commit_at $'Adopt git-trail\n\nImplements: SRS-1'
  write src/new.c 1
  commit_at "New work without a link"
}

begin "trace honours [project] baseline: old history is read for links, not judged; --no-baseline judges it"
baseline_repo v0-baseline
run git trail trace
expect_rc 0
expect_eq "text" "Traceability at $(short HEAD) (policy: trail.toml), 4 commits scanned (2 from baseline $(short v0-baseline): read for links, not judged)
Test evidence: none given (--results): a Verifies: trailer is a claim and a test file link is a link, not evidence

requirement
  SRS-1  [approved] Alarm
      implements: $(short HEAD~1)
  SRS-99
      implements: $(short v0-baseline)

1 gaps:
  $(short HEAD) links to nothing: New work without a link" "$OUT"
run git trail trace --no-baseline
expect_eq "--no-baseline" "Traceability at $(short HEAD) (policy: trail.toml), 4 commits scanned
Test evidence: none given (--results): a Verifies: trailer is a claim and a test file link is a link, not evidence

requirement
  SRS-1  [approved] Alarm
      implements: $(short HEAD~1)
  SRS-99
      implements: $(short v0-baseline)
      gaps: not defined

3 gaps:
  SRS-99: not defined (linked by $(short v0-baseline))
  $(short HEAD) links to nothing: New work without a link
  $(short HEAD~3) links to nothing: Old work" "$OUT"
run git trail trace --format json
expect_eq "json" "$(git rev-parse v0-baseline) 2 1" "$(jq -r '"\(.baseline) \(.baseline_commits) \(.unlinked_commits | length)"' <<<"$OUT")"

begin "trace: a baseline that names no commit here is incomplete (exit 4) and says what to fetch"
baseline_repo v0-missing
run git trail trace
expect_rc 4
expect_eq "stderr" "git-trail: error: the baseline 'v0-missing' in trail.toml does not name a commit here: fetch it (git fetch origin v0-missing; in a shallow clone git fetch --unshallow), fix [project] baseline, or pass --no-baseline" "$ERR"
run git trail trace --no-baseline --format json
expect_rc 0
expect_eq "--no-baseline" "2" "$(jq -r '.unlinked_commits | length' <<<"$OUT")"

begin "trace in a shallow clone: INCOMPLETE heads every format (a CSV comment line and a column)"
baseline_repo ""
sed -i '/^\[project\]/d; /^baseline/d' trail.toml
commit_at $'Drop the baseline\n\nImplements: SRS-1'
write src/new.c 2
commit_at $'Finish the alarm\n\nImplements: SRS-1'
cd ..
git clone -q --depth 2 "file://$PWD/repo" shallow
cd shallow
boundary=$(short HEAD~1)
why="INCOMPLETE: a shallow clone; commits before $boundary were not read (fetch them: git fetch --unshallow)"
run git trail trace
expect_rc 0
expect_eq "text head" "Traceability at $(short HEAD) (policy: trail.toml), 2 commits scanned
$why" "$(head -2 <<<"$OUT")"
expect_eq "text tail" "  $why" "$(tail -1 <<<"$OUT")"
run git trail trace --format md
expect_eq "md head" "# Traceability at $(short HEAD) (policy: trail.toml), 2 commits scanned

**$why**" "$(head -3 <<<"$OUT")"
run git trail trace --format html
expect_eq "html head" "<p class=\"incomplete\"><strong>$why</strong></p>" "$(grep -m1 'class="incomplete"' <<<"$OUT")"
expect_eq "html: before the table" "1" "$(grep -n -e 'class="incomplete"' -e '<table>' <<<"$OUT" | head -1 | grep -c incomplete)"
run git trail trace --format json
expect_eq "json" "false|${why#INCOMPLETE: }|$(git rev-parse HEAD~1)" \
  "$(jq -r '"\(.complete)|\(.incomplete)|\(.shallow_boundary | join(","))"' <<<"$OUT")"
run git trail trace --format csv
expect_eq "csv" "# $why
id,kind,defined,status,class,title,relation,basis,commit,file,gaps,evidence_given,complete
SRS-1,requirement,yes,approved,,Alarm,implements,claim (trailer),$(git rev-parse HEAD),,,no,no
SRS-1,requirement,yes,approved,,Alarm,implements,claim (trailer),$(git rev-parse HEAD~1),,,no,no" "$(tr -d '\r' <<<"$OUT")"
run git trail trace --fail-on-gaps
expect_rc 4
expect_eq "--fail-on-gaps without gaps" "git-trail: $why; exit 4 (--allow-incomplete accepts it)" "$ERR"
run git trail trace --fail-on-gaps --allow-incomplete
expect_rc 0
expect_eq "accepted: the whole report" "Traceability at $(short HEAD) (policy: trail.toml), 2 commits scanned
$why
Test evidence: none given (--results): a Verifies: trailer is a claim and a test file link is a link, not evidence

requirement
  SRS-1  [approved] Alarm
      implements: $(short HEAD), $boundary

0 gaps:
  $why" "$OUT"
expect_eq "accepted: nothing on stderr" "" "$ERR"
cd ../repo
run git trail trace --fail-on-gaps
expect_rc 1
run git trail trace --format csv
expect_eq "complete csv: no comment, a column" "id,kind,defined,status,class,title,relation,basis,commit,file,gaps,evidence_given,complete" \
  "$(head -1 <<<"$OUT" | tr -d '\r')"
expect_eq "complete csv rows" "yes" "$(sed -n 2p <<<"$OUT" | tr -d '\r' | awk -F, '{print $NF}')"

source "$here/release_fixture.sh"

begin "verify: an SSH-signed tag that cannot be checked here says so; BAD only for a bad signature"
release_repo
passing_results ../results.xml
ssh-keygen -q -t ed25519 -N '' -C release@example.com -f ../key
ssh-keygen -q -t ed25519 -N '' -C other@example.com -f ../other
git config gpg.format ssh
git config user.signingkey "$PWD/../key.pub"
run git trail release v1.0.0 --results ../results.xml --sign
expect_rc 0
expect_eq "signed tag" "tag 1" "$(git cat-file -t v1.0.0) $(git cat-file tag v1.0.0 | grep -c '^-----BEGIN SSH SIGNATURE-----$' || true)"
head="tag v1.0.0 -> $(git rev-parse HEAD)
manifest sha256 $(git cat-file tag v1.0.0 | grep '^Manifest-SHA256: ' | cut -d' ' -f2) (matches the tag)"
tail="verification evidence: compared with the reports given (1 report(s) claimed)
verified: the tag, its manifest and 2 file(s) agree"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "no allowed signers" "$head
cannot check signature: gpg.ssh.allowedSignersFile is not set or names no file (git config gpg.ssh.allowedSignersFile FILE)
$tail" "$OUT"
run git trail verify v1.0.0 --require-signature
expect_rc 1
expect_eq "required" "  [signature] cannot check the signature of tag 'v1.0.0': gpg.ssh.allowedSignersFile is not set or names no file (git config gpg.ssh.allowedSignersFile FILE), and a verified signature is required" \
  "$(grep '^  \[' <<<"$OUT")"
run git trail verify v1.0.0 --format json --results ../results.xml
expect_eq "json" "false false gpg.ssh.allowedSignersFile is not set or names no file (git config gpg.ssh.allowedSignersFile FILE) true" \
  "$(jq -r '"\(.signed | not) \(.signature_ok) \(.signature_unchecked) \(.verified)"' <<<"$OUT")"
echo "other@example.com $(cat ../other.pub)" >../allowed
git config gpg.ssh.allowedSignersFile "$PWD/../allowed"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "a key not in the allowed signers" "cannot check signature: the signing key is not in gpg.ssh.allowedSignersFile" \
  "$(sed -n 3p <<<"$OUT")"
echo "release@example.com $(cat ../key.pub)" >../allowed
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "good" "signature: good" "$(sed -n 3p <<<"$OUT")"
# One character of the signature changed, the message untouched: a really bad signature.
git cat-file tag v1.0.0 >../tag.txt
python3 - ../tag.txt <<'EOF'
import sys
path = sys.argv[1]
text = open(path).read()
begin = text.index("-----BEGIN SSH SIGNATURE-----\n") + len("-----BEGIN SSH SIGNATURE-----\n")
lines = text[begin:].split("\n")
line = lines[-4]
lines[-4] = line[:5] + ("A" if line[5] != "A" else "B") + line[6:]
open(path, "w").write(text[:begin] + "\n".join(lines))
EOF
git update-ref refs/tags/v1.0.0 "$(git mktag <../tag.txt)"
run git trail verify v1.0.0
expect_rc 1
expect_eq "tampered signature" "signature: BAD" "$(sed -n 3p <<<"$OUT")"
expect_eq "problem" "  [signature] the signature of tag 'v1.0.0' does not verify" \
  "$(grep '^  \[' <<<"$OUT" | cut -d: -f1)"
# Without the allowed signers git checks nothing, so nothing is known: not BAD, not good.
git config --unset gpg.ssh.allowedSignersFile
run git trail verify v1.0.0 --require-signature
expect_rc 1
expect_eq "tampered, cannot check" "cannot check signature: gpg.ssh.allowedSignersFile is not set or names no file (git config gpg.ssh.allowedSignersFile FILE)" \
  "$(sed -n 3p <<<"$OUT")"

begin "every usage error exits 2: a missing --policy FILE, --results FILE or message file keeps its path"
suspect_repo
write ../msg.txt "A subject"
for command in "check" "trace" "show SRS-1" "manifest" "soup" "changelog HEAD~1..HEAD" "trailers --message-file ../msg.txt"; do
  # shellcheck disable=SC2086 # the command's words
  run git trail --policy no-such.toml $command
  [ "$RC" -eq 2 ] || fail "--policy no-such.toml $command: exit $RC, stderr: $ERR"
  expect_eq "--policy no-such.toml $command" "git-trail: error: cannot read no-such.toml: No such file or directory" "$ERR"
done
run git trail trace --results no-such.xml
expect_rc 2
expect_eq "--results" "git-trail: error: cannot read no-such.xml: No such file or directory" "$ERR"
run git trail trailers --message-file no-such.txt
expect_rc 2
expect_eq "--message-file" "git-trail: error: cannot read no-such.txt: No such file or directory" "$ERR"
run git trail --policy docs check
expect_rc 2
expect_eq "a folder" "git-trail: error: cannot read docs: Is a directory" "$ERR"

begin "unknown commands and options: did you mean, exit 2"
suspect_repo
for args in "chek|unknown command 'chek'; did you mean 'check'?" \
  "check --formt json|unknown option '--formt' of 'check'; did you mean '--format'?" \
  "trace --format json --fail-on-gap|unknown option '--fail-on-gap' of 'trace'; did you mean '--fail-on-gaps'?" \
  "hooks instal|unknown command 'hooks instal'; did you mean 'install'?" \
  "--polcy x.toml check|unknown option '--polcy'; did you mean '--policy'?" \
  "frobnicate|unknown command 'frobnicate'" \
  "check --zzz|unknown option '--zzz' of 'check'"; do
  # shellcheck disable=SC2086 # the command's words
  run git trail ${args%%|*}
  [ "$RC" -eq 2 ] || fail "${args%%|*}: exit $RC, stderr: $ERR"
  expect_eq "${args%%|*}" "git-trail: error: ${args#*|}" "$ERR"
done
run git trail check --format=json --no-baseline
expect_rc 0
expect_eq "verdict" '  "verdict": "passed",' "$(grep '"verdict"' <<<"$OUT")"

done_testing
