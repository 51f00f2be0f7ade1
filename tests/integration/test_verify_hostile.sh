#!/usr/bin/env bash
# verify trusts nothing in a manifest (issue 10): file names that are not UTF-8 round-trip
# exactly; --dir keeps every path inside DIR, never follows a link, never blocks on a FIFO and
# never reads more than the release holds; a verification section is a claim, not evidence,
# until compared; the manifest is validated whole (types, required fields, no duplicate keys).
# verifies: GT-21
# verifies: GT-29
source "$(dirname "$0")/lib.sh"

# A repository with one configuration item (src/**), release tags checked on push, and the
# release v1.0.0 of it; leaves the shell in it. Extra files come from the caller before.
small_release() {
  git init -q rel && cd rel
  write trail.toml '[project]' 'name = "p"' 'safety_class = "A"' \
    '[[configuration_items]]' 'name = "core"' 'paths = ["src/**"]' 'class = "A"' \
    '[tags]' "release_pattern = '^v\\d+\\.\\d+\\.\\d+$'" 'manifest = true' \
    '[release]' 'results_required_for = []' # no tests here: this suite is about verify
  write src/main.c 'int main(){}'
  "$@"
  git add -A && git commit -q --no-verify -m "Initial commit"
  git trail release v1.0.0 --no-sign >/dev/null
}

# Makes tag $1 at v1.0.0's commit whose manifest is v1.0.0's edited by the python statement $2
# (on the parsed manifest m, or setting text to the manifest's new text), with the digest
# recomputed: what anyone who can push a tag can do.
retag() {
  git cat-file tag v1.0.0 | sed '1,/^$/d' >../msg.txt
  python3 - "$2" <<'PY'
import sys, json, hashlib, re
s = open('../msg.txt').read()
B, E = '-----BEGIN GIT-TRAIL MANIFEST-----\n', '-----END GIT-TRAIL MANIFEST-----'
b = s.index(B) + len(B); e = s.index(E); m = json.loads(s[b:e]); text = None
exec(sys.argv[1])
t = json.dumps(m, indent=2) + '\n' if text is None else text
s = s[:b] + t + s[e:]
s = re.sub(r'Manifest-SHA256: \w+', 'Manifest-SHA256: ' + hashlib.sha256(t.encode()).hexdigest(), s)
open('../msg.txt', 'w').write(s)
PY
  git tag -a --cleanup=verbatim -F ../msg.txt "$1" 'v1.0.0^{commit}'
}

problems() { printf '%s\n' "$OUT" | grep '^  \[' || true; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

begin "a file name that is not UTF-8 round-trips exactly: the release verifies"
two_latin1_names() { printf 'x\n' >$'src/caf\xe9.c'; printf 'y\n' >$'src/caf\xe8.c'; }
small_release two_latin1_names
run git trail verify v1.0.0
expect_rc 0
expect_eq "verified" "signature: none
verification evidence: none claimed
verified: the tag, its manifest and 3 file(s) agree" "$(printf '%s\n' "$OUT" | sed 1,2d)"
expect_eq "exact names in the manifest" '"path": "caf\ufffd.c", "path_hex": "7372632f636166e82e63",
"path": "caf\ufffd.c", "path_hex": "7372632f636166e92e63",' \
  "$(git trail manifest v1.0.0 | python3 -c '
import json, sys
for f in json.load(sys.stdin)["configuration_items"][0]["files"]:
    if "path_hex" in f: print(json.dumps({"path": f["path"][4:], "path_hex": f["path_hex"]})[1:-1] + ",")')"
# Both names are listed and both are checked: a delivered copy with one changed names that one.
mkdir ../d && git archive v1.0.0 | tar -x -C ../d
run git trail verify v1.0.0 --dir ../d
expect_rc 0
expect_eq "delivered" "verified: the tag, its manifest and 3 file(s) agree; 3 file(s) of the delivered copy match" \
  "$(printf '%s\n' "$OUT" | tail -1)"
printf 'z\n' >$'../d/src/caf\xe8.c'
run git trail verify v1.0.0 --dir ../d
expect_rc 1
expect_eq "the one changed" "  [delivered] modified in ../d: src/caf"$'\xef\xbf\xbd'".c (bytes 7372632f636166e82e63) (sha256 $(printf 'z\n' | sha256sum | cut -d' ' -f1), the manifest says $(printf 'y\n' | sha256sum | cut -d' ' -f1))" "$(problems)"
# The server accepts the tag.
git init -q --bare ../server.git
(cd ../server.git && git trail hooks install >/dev/null 2>&1)
git remote add origin ../server.git
git push -q --no-verify origin main 2>/dev/null
run git push --no-verify origin v1.0.0
expect_rc 0
expect_eq "pushed" "$(git rev-parse v1.0.0)" "$(git -C ../server.git rev-parse v1.0.0)"

begin "verify --dir: an unlisted file is named readably, whatever its bytes, and links are not followed to find it"
small_release true
mkdir ../d && git archive v1.0.0 | tar -x -C ../d
printf 'x\n' >$'../d/src/caf\xe9.c'
mkdir ../elsewhere && echo x >../elsewhere/hidden.c && ln -s "$PWD/../elsewhere" ../d/src/sub
run git trail verify v1.0.0 --dir ../d --format json
expect_rc 1
expect_eq "unlisted" '["not in the manifest, in ../d: src/caf\ufffd.c", "not in the manifest, in ../d: src/sub"]' \
  "$(python3 -c 'import json, sys; print(json.dumps([p["message"] for p in json.load(sys.stdin)["problems"]]))' <<<"$OUT")"

begin "a manifest path that is not UTF-8 must be exact: a forged path_hex is malformed"
two_latin1_names() { printf 'x\n' >$'src/caf\xe9.c'; }
small_release two_latin1_names
retag v1.0.1 'm["configuration_items"][0]["files"][0]["path_hex"] = "7372632f636166c3a92e63"'
run git trail verify v1.0.1
expect_rc 1
expect_eq "forged hex" "  [manifest] the manifest in the tag is malformed: configuration_items[0].files[0].path_hex is not the hex of a name that is not UTF-8 and reads as path" "$(problems)"

begin "verify refuses manifest paths outside the release, with or without --dir"
small_release true
mkdir ../d && git archive v1.0.0 | tar -x -C ../d
echo secret >../outside.c
retag v1.0.1 'm["configuration_items"][0]["files"][0]["path"] = "../outside.c"'
retag v1.0.2 'm["configuration_items"][0]["files"][0]["path"] = "/etc/hostname"'
retag v1.0.3 'm["configuration_items"][0]["files"][0]["path"] = "src//main.c"'
for args in "v1.0.1" "v1.0.1 --dir ../d"; do
  run git trail verify $args
  expect_rc 1
  expect_eq "dot-dot ($args)" '  [manifest] the manifest in the tag is malformed: configuration_items[0].files[0].path "../outside.c" is not a path inside the release: a ".." component' "$(problems)"
done
run git trail verify v1.0.2 --dir ../d
expect_rc 1
expect_eq "absolute" '  [manifest] the manifest in the tag is malformed: configuration_items[0].files[0].path "/etc/hostname" is not a path inside the release: absolute' "$(problems)"
run git trail verify v1.0.3
expect_rc 1
expect_eq "empty component" '  [manifest] the manifest in the tag is malformed: configuration_items[0].files[0].path "src//main.c" is not a path inside the release: an empty component' "$(problems)"

begin "the server refuses a release tag whose manifest names a path outside the release or a key twice"
small_release true
git init -q --bare ../server.git
(cd ../server.git && git trail hooks install >/dev/null 2>&1)
git remote add origin ../server.git
git push -q --no-verify origin main 2>/dev/null
retag v1.0.1 'm["configuration_items"][0]["files"][0]["path"] = "../../etc/passwd"'
retag v1.0.2 'text = json.dumps(m, indent=2).replace("\"tree\":", "\"tree\": \"x\",\n    \"tree\":", 1) + "\n"'
run git push --no-verify origin v1.0.1
expect_rc 1
expect_eq "path outside" "remote:   tag: release tag v1.0.1: the manifest in the tag is malformed: configuration_items[0].files[0].path \"../../etc/passwd\" is not a path inside the release: a \"..\" component" \
  "$(grep 'tag: release' <<<"$ERR" | sed 's/ *$//')"
run git push --no-verify origin v1.0.2
expect_rc 1
expect_eq "duplicate key" "remote:   tag: release tag v1.0.2: the manifest in the tag is malformed: duplicate key \"tree\" in revision" \
  "$(grep 'tag: release' <<<"$ERR" | sed 's/ *$//')"
expect_eq "not on the server" "" "$(git -C ../server.git tag --list)"

begin "verify --dir never follows a symbolic link out of DIR"
small_release true
mkdir ../d && git archive v1.0.0 | tar -x -C ../d
cp ../d/src/main.c ../copy.c
ln -sf "$PWD/../copy.c" ../d/src/main.c
run git trail verify v1.0.0 --dir ../d
expect_rc 1
expect_eq "file link" "  [delivered] not a regular file in ../d: src/main.c (a symbolic link, not followed)" "$(problems)"
rm ../d/src/main.c && cp ../copy.c ../d/src/main.c
mv ../d/src ../elsewhere && ln -s "$PWD/../elsewhere" ../d/src
run git trail verify v1.0.0 --dir ../d
expect_rc 1
expect_eq "folder link" "  [delivered] not a regular file in ../d: src/main.c (src is a symbolic link, not followed)
  [delivered] not in the manifest, in ../d: src" "$(problems)"

begin "verify --dir: a symbolic link of the release is compared as a link, never followed"
with_link() { mkdir -p src && ln -s /etc/passwd src/link; }
small_release with_link
mkdir ../d && git archive v1.0.0 | tar -x -C ../d
run git trail verify v1.0.0 --dir ../d
expect_rc 0
expect_eq "link verifies" "verified: the tag, its manifest and 2 file(s) agree; 2 file(s) of the delivered copy match" \
  "$(printf '%s\n' "$OUT" | tail -1)"
ln -sfn /dev/zero ../d/src/link
run timeout 20 git trail verify v1.0.0 --dir ../d
expect_rc 1
expect_eq "retargeted link" "  [delivered] modified in ../d: src/link (a symbolic link to /dev/zero, sha256 $(printf /dev/zero | sha256sum | cut -d' ' -f1), the manifest says $(printf /etc/passwd | sha256sum | cut -d' ' -f1))" "$(problems)"
rm ../d/src/link && cp /etc/passwd ../d/src/link
run git trail verify v1.0.0 --dir ../d
expect_rc 1
expect_eq "file for a link" "  [delivered] modified in ../d: src/link (a regular file, the release has a symbolic link)" "$(problems)"

begin "verify --dir: a FIFO, a link to /dev/zero and an oversized file are never read whole"
small_release true
mkdir ../d && git archive v1.0.0 | tar -x -C ../d
rm ../d/src/main.c && mkfifo ../d/src/main.c
run timeout 20 git trail verify v1.0.0 --dir ../d
expect_rc 1
expect_eq "FIFO" "  [delivered] not a regular file in ../d: src/main.c (a FIFO)" "$(problems)"
rm ../d/src/main.c && ln -s /dev/zero ../d/src/main.c
run timeout 20 git trail verify v1.0.0 --dir ../d
expect_rc 1
expect_eq "/dev/zero" "  [delivered] not a regular file in ../d: src/main.c (a symbolic link, not followed)" "$(problems)"
rm ../d/src/main.c && head -c 1000000 /dev/zero >../d/src/main.c
run git trail verify v1.0.0 --dir ../d
expect_rc 1
expect_eq "oversized" "  [delivered] modified in ../d: src/main.c (1000000 bytes, larger than the 13 the release holds)" "$(problems)"

begin "a verification section is a claim: without --results the verdict is incomplete (exit 4)"
small_release true
retag v1.0.7 'm["verification"]["reports"] = [{"file": "r.xml", "sha256": "f" * 64, "tree": m["revision"]["tree"], "bound_to_release": True, "tests": 500, "passed": 500, "failed": 0, "skipped": 0}]'
run git trail verify v1.0.7
expect_rc 4
expect_eq "incomplete" "signature: none
verification evidence: not compared (1 report(s) claimed; pass --results FILE... to compare)
INCOMPLETE: the tag, its manifest and 1 file(s) agree, but the verification evidence claimed was not compared: a claim is not evidence (--results compares it; --allow-incomplete accepts it)" \
  "$(printf '%s\n' "$OUT" | sed 1,2d)"
run git trail verify v1.0.7 --allow-incomplete
expect_rc 0
expect_eq "accepted" "verification evidence: not compared (1 report(s) claimed; pass --results FILE... to compare)
verified: the tag, its manifest and 1 file(s) agree; the verification evidence claimed was not compared (accepted with --allow-incomplete)" \
  "$(printf '%s\n' "$OUT" | sed 1,3d)"
run git trail verify v1.0.7 --format json
expect_rc 4
expect_eq "json" '{"evidence_claimed":1,"evidence_compared":false,"incomplete_accepted":false,"verdict":"incomplete","verified":false}' \
  "$(printf '%s\n' "$OUT" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(json.dumps({k: d[k] for k in ["evidence_claimed", "evidence_compared", "incomplete_accepted", "verdict", "verified"]}, separators=(",", ":")))')"
# Compared with a report, the forged claim fails.
write ../r.xml '<testsuite name="u"><testcase name="t"/></testsuite>'
run git trail verify v1.0.7 --results ../r.xml
expect_rc 1
expect_eq "compared" "verification evidence: compared with the reports given (1 report(s) claimed)" \
  "$(printf '%s\n' "$OUT" | sed -n 4p)"
# The server accepts the tag (it has no reports to compare) and says the same.
git init -q --bare ../server.git
(cd ../server.git && git trail hooks install >/dev/null 2>&1)
git remote add origin ../server.git
git push -q --no-verify origin main 2>/dev/null
run git push --no-verify origin v1.0.7
expect_rc 0
expect_eq "pre-receive caveat" "remote: git-trail: release tag v1.0.7: verification evidence: not compared (1 report(s) claimed; a push carries no reports: a claim is not evidence, compare it with git trail verify v1.0.7 --results FILE...)" \
  "$(grep '^remote: git-trail: release tag' <<<"$ERR" | sed 's/ *$//')"

begin "the manifest is validated whole: duplicate keys and missing fields are refused"
small_release true
retag v1.0.1 'text = json.dumps(m, indent=2).replace("\"name\": \"p\",", "\"name\": \"p\",\n    \"name\": \"q\",", 1) + "\n"'
retag v1.0.2 'text = json.dumps(m, indent=2).replace("\"mode\": \"100644\",", "\"mode\": \"100644\",\n \"mode\": \"100755\",", 1) + "\n"'
retag v1.0.3 'text = json.dumps(m, indent=2).replace("\"build\":", "\"soup\": [],\n  \"build\":", 1) + "\n"'
retag v1.0.4 'del m["changes"]'
run git trail verify v1.0.1
expect_rc 1
expect_eq "duplicate in an object" '  [manifest] the manifest in the tag is malformed: duplicate key "name" in product' "$(problems)"
run git trail verify v1.0.2
expect_rc 1
expect_eq "duplicate in an array element" '  [manifest] the manifest in the tag is malformed: duplicate key "mode" in configuration_items[0].files[0]' "$(problems)"
run git trail verify v1.0.3
expect_rc 1
expect_eq "duplicate at the top" '  [manifest] the manifest in the tag is malformed: duplicate key "soup" in the top-level object' "$(problems)"
run git trail verify v1.0.4
expect_rc 1
expect_eq "missing field" '  [manifest] the manifest in the tag is malformed: the field "changes" is missing' "$(problems)"

done_testing
