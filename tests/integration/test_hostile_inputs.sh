#!/usr/bin/env bash
# Inputs crafted to break the readers (docs/fuzzing.md): a JUnit report nested 100,000 deep, and
# release tags whose manifest nests 200,000 deep or has fields of the wrong type. Each gets a
# clear error (exit 2) or a [manifest] problem (exit 1), never a crash or an internal error.
# verifies: GT-29
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

# Replaces the manifest of tag v1.0.0 with the JSON in file $1, digest recomputed, and points
# the tag at the new tag object.
retag_with_manifest() {
  local json=$1 digest
  digest=$(sha256sum "$json" | cut -d' ' -f1)
  {
    git cat-file tag v1.0.0 | sed '/^-----BEGIN GIT-TRAIL MANIFEST-----$/,$d'
    echo '-----BEGIN GIT-TRAIL MANIFEST-----'
    cat "$json"
    echo '-----END GIT-TRAIL MANIFEST-----'
    echo
    echo "Manifest-SHA256: $digest"
  } >../crafted
  git update-ref refs/tags/v1.0.0 "$(git mktag <../crafted)"
}

begin "trace with a JUnit report nested 100,000 deep: an error with file:line:col, not a stack overflow"
git init -q repo && cd repo
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'"
git add -A && git commit -q --no-verify -m "Start"
python3 -c 'import sys; sys.stdout.write("<testsuite>" * 100000 + "</testsuite>" * 100000 + "\n")' >../deep.xml
run git trail trace --results ../deep.xml
expect_rc 2
expect_eq "deep report" "git-trail: error: ../deep.xml:1:2818: error: not a JUnit report: <testsuite> elements nest more than 256 deep" "$ERR"

begin "a manifest nested 200,000 deep is a manifest problem, not a stack overflow"
release_repo
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml --manifest-output ../manifest.json
expect_rc 0
expect_eq "released" "tag" "$(git cat-file -t v1.0.0)"
python3 -c 'import sys; sys.stdout.write("{\"manifest\": \"git-trail/release-manifest/1\", \"revision\": " + "[" * 200000 + "]" * 200000 + "}\n")' >../deep.json
retag_with_manifest ../deep.json
run git trail verify v1.0.0
expect_rc 1
expect_eq "deep manifest" "  [manifest] the manifest in the tag is malformed: arrays and objects nest more than 64 deep (line 1, column 121 of the manifest)" \
  "$(printf '%s\n' "$OUT" | grep '^  \[')"

begin "a manifest field of the wrong type is a manifest problem, not an internal error"
release_repo
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml --manifest-output ../manifest.json
expect_rc 0
expect_eq "released" "tag" "$(git cat-file -t v1.0.0)"
sed 's/"commit": "[0-9a-f]*"/"commit": 7/' ../manifest.json >../typed.json
retag_with_manifest ../typed.json
run git trail verify v1.0.0
expect_rc 1
expect_eq "wrong type" "  [manifest] the manifest in the tag is malformed: revision.commit is not a string" \
  "$(printf '%s\n' "$OUT" | grep '^  \[')"

begin "configuration items keyed by a field the tree's items lack are compared whole, not read out of bounds"
release_repo
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml --manifest-output ../manifest.json
expect_rc 0
expect_eq "released" "tag" "$(git cat-file -t v1.0.0)"
python3 - <<'PY'
import json
m = json.load(open("../manifest.json"))
compact = lambda v: json.dumps(v, separators=(",", ":"), ensure_ascii=False)
fresh = compact(m["configuration_items"])
for item in m["configuration_items"]:
    item["path"] = "x"
open("../keyed.json", "w").write(json.dumps(m, indent=2) + "\n")
open("../expected", "w").write("  [manifest] manifest.configuration_items: the manifest says %s, the tree gives %s"
                               % (compact(m["configuration_items"]), fresh))
PY
retag_with_manifest ../keyed.json
run git trail verify v1.0.0
expect_rc 1
expect_eq "keyed by path" "$(cat ../expected)" "$(printf '%s\n' "$OUT" | grep '^  \[')"

begin "release --manifest-output: no manifest file for a release whose tag could not be made"
release_repo
passing_results ../results.xml
git config user.signingkey 0000000000000000 # no such key: git tag -s fails
run git trail release v1.0.0 --sign --results ../results.xml --manifest-output ../manifest.json
expect_rc 2
expect_eq "no tag" "" "$(git tag -l v1.0.0)"
[ ! -e ../manifest.json ] || fail "a manifest was written for a release that has no tag"
run git trail release v1.0.0 --results ../results.xml --manifest-output ../missing/manifest.json
expect_rc 2
expect_eq "checked before tagging" "git-trail: error: cannot write ../missing/manifest.json: No such file or directory" "$ERR"
expect_eq "still no tag" "" "$(git tag -l v1.0.0)"
run git trail release v1.0.0 --results ../results.xml --manifest-output ../manifest.json
expect_rc 0
expect_eq "written after the tag" "$(git trail manifest v1.0.0 --results ../results.xml)" "$(cat ../manifest.json)"

begin "output that cannot be written is an error (exit 2), never a silent success"
git init -q repo && cd repo
write a.txt a && git add a.txt && git commit -q --no-verify -m "Start"
run bash -c 'git trail manifest >/dev/full'
expect_rc 2
expect_eq "stdout to a full device" "git-trail: error: cannot write standard output: No space left on device" "$ERR"
run bash -c 'git trail check --format junit >/dev/full'
expect_rc 2
expect_eq "junit to a full device" "git-trail: error: cannot write standard output: No space left on device" "$ERR"
run git trail manifest -o /dev/full
expect_rc 2
expect_eq "-o a full device" "git-trail: error: cannot write /dev/full: No space left on device" "$ERR"
mkdir out
run git trail manifest -o out
expect_rc 2
expect_eq "-o a folder" "git-trail: error: cannot write out: Is a directory" "$ERR"
run git trail manifest -o /nonexistent/x.json
expect_rc 2
expect_eq "-o into a missing folder" "git-trail: error: cannot write /nonexistent/x.json: No such file or directory" "$ERR"
expect_eq "nothing left behind" "a.txt
out" "$(ls)"

begin "a policy that never ends or is too large is refused, not read until memory runs out"
git init -q repo && cd repo
write a.txt a && git add a.txt && git commit -q --no-verify -m "Start"
run timeout 20 git trail --policy /dev/zero check
expect_rc 2
expect_eq "/dev/zero as the policy" "git-trail: error: cannot read /dev/zero: larger than 64 MiB, the most git-trail reads from such a file" "$ERR"
head -c 70000000 /dev/zero | tr '\0' '#' >../huge.toml
run git trail --policy ../huge.toml check
expect_rc 2
expect_eq "a 70 MB policy file" "git-trail: error: cannot read ../huge.toml: larger than 64 MiB, the most git-trail reads from such a file" "$ERR"
rm ../huge.toml
mkfifo ../policy.fifo
printf '[message]\nrequire_signoff = true\n' >../policy.fifo &
run git trail --policy ../policy.fifo check --format json
expect_rc 1
expect_eq "a pipe is read like a file" "../policy.fifo: signoff" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["policy"] + ": " + " ".join(v["rule"] for c in d["commits"] for v in c["violations"]))')"

begin "killed while writing -o: neither the file nor a temporary one is left behind"
git init -q repo && cd repo
write a.txt a && git add a.txt && git commit -q --no-verify -m "Start"
# A file size limit of 0 kills git-trail with SIGXFSZ in the middle of writing the manifest,
# as kill -9 would: the half-written content must not be visible under any name.
run bash -c 'ulimit -f 0; exec git trail manifest -o manifest.json'
expect_rc 153
expect_eq "only the repository's own file" "a.txt" "$(ls -A | grep -v '^.git$')"
write manifest.json old
run bash -c 'ulimit -f 0; exec git trail manifest -o manifest.json'
expect_rc 153
expect_eq "the old file is untouched" "old" "$(cat manifest.json)"
expect_eq "and nothing else appeared" "a.txt
manifest.json" "$(ls -A | grep -v '^.git$')"

begin "patterns that can match the empty string: trace ends (a kind's pattern in test names, a file-link rule)"
git init -q repo && cd repo
write trail.toml '[kinds.requirement]' "pattern = '(SRS-\\d+)?'" '[[registry.file_links]]' \
  'files = ["tests/**"]' "pattern = '(SRS-\\d+)?'" 'relation = "verifies"'
write tests/alarm_test.c '// SRS-1 then SRS-2' '' 'SRS-3'
git add -A && git commit -q --no-verify -m "Start"
write ../results.xml '<testsuite name="s" tests="1"><testcase classname="c" name="SRS-1 works"/></testsuite>'
# Before the fix both loops found the same empty match forever; timeout turns a hang into 124.
run timeout 60 git trail trace --results ../results.xml --format json
expect_rc 0
expect_eq "links found" "SRS-1 file:tests/alarm_test.c:1 test:c::SRS-1 works
SRS-2 file:tests/alarm_test.c:1
SRS-3 file:tests/alarm_test.c:3" "$(printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for e in d["items"]:
    parts = [e["id"]] + ["file:%s:%d" % (f["path"], f["line"]) for f in e.get("files", [])]
    parts += ["test:" + t["test"] for t in e.get("evidence", [])]
    print(" ".join(parts))')"

done_testing
