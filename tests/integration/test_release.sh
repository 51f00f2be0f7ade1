#!/usr/bin/env bash
# `git trail manifest`, `release` and `verify`: the gate refuses with every failure at once,
# a release tags HEAD with the manifest in the tag, verify passes and then fails after each
# kind of tampering, a signed release passes `git verify-tag`, an existing tag is never moved,
# the manifest is byte-identical across runs, and the CycloneDX SBOM validates against the
# official 1.6 schema.
# verifies: GT-17
# verifies: GT-18
# verifies: GT-19
# verifies: GT-20
# verifies: GT-21
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

begin "manifest: byte-identical across runs, in every format; written whole with --output"
release_repo
passing_results ../results.xml
git trail manifest --version v1.0.0 --results ../results.xml >../one.json
git trail manifest --version v1.0.0 --results ../results.xml >../two.json
cmp ../one.json ../two.json || fail "the manifest differs between two runs"
git trail manifest --format md >../one.md
git trail manifest --format md >../two.md
cmp ../one.md ../two.md || fail "the Markdown manifest differs between two runs"
git trail manifest --format cyclonedx --version v1.0.0 >../one.cdx
git trail manifest --format cyclonedx --version v1.0.0 >../two.cdx
cmp ../one.cdx ../two.cdx || fail "the CycloneDX document differs between two runs"
run git trail manifest --version v1.0.0 --results ../results.xml --output ../out.json
expect_rc 0
cmp ../one.json ../out.json || fail "--output wrote something else than standard output"
# The configuration item's digest is what sha256sum gives over its files.
expect_eq "item digest" "$(sha256sum src/dosing/limit.c | sha256sum | cut -d' ' -f1)" \
  "$(sed -n '/"configuration_items"/,/"files"/p' ../one.json | sed -n 's/.*"sha256": "\(.*\)".*/\1/p')"

begin "manifest: the exact record of a small release"
release_repo
passing_results ../results.xml
run git trail manifest --version v1.0.0 --results ../results.xml
expect_rc 0
c1=$(git rev-parse HEAD)
tree=$(git rev-parse 'HEAD^{tree}')
blob() { git rev-parse "HEAD:$1"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
expect_eq "manifest" "$(cat <<EOF
{
  "manifest": "git-trail/release-manifest/1",
  "product": {
    "name": "Infusion pump",
    "version": "v1.0.0",
    "safety_class": "C"
  },
  "revision": {
    "commit": "$c1",
    "tree": "$tree",
    "date": "2026-01-01T14:00:00+01:00"
  },
  "tool": {
    "name": "git-trail",
    "version": "$(git trail --version | cut -d' ' -f2)"
  },
  "policy": {
    "source": "trail.toml",
    "sha256": "$(sha trail.toml)"
  },
  "previous_release": null,
  "configuration_items": [
    {
      "name": "dosing",
      "class": "C",
      "paths": [
        "src/dosing/**"
      ],
      "sha256": "$(sha256sum src/dosing/limit.c | sha256sum | cut -d' ' -f1)",
      "files": [
        {
          "path": "src/dosing/limit.c",
          "mode": "100644",
          "object": "$(blob src/dosing/limit.c)",
          "sha256": "$(sha src/dosing/limit.c)"
        }
      ]
    }
  ],
  "soup": [
    {
      "id": "SOUP-1",
      "source": "registry",
      "title": "zlib",
      "class": "C",
      "status": "unknown",
      "manufacturer": "Jean-loup Gailly and Mark Adler",
      "version": "1.2.13",
      "release_date": "unknown",
      "license": "Zlib",
      "purl": "pkg:generic/zlib@1.2.13",
      "cpe": "unknown",
      "requirements": "inflate and deflate streams",
      "needs": "a C99 compiler",
      "anomaly_list": "https://github.com/madler/zlib/issues",
      "anomaly_review": "2026-01-01",
      "support": "maintained",
      "end_of_support": "2030-12-31",
      "verification": "unknown",
      "paths": [
        "vendor/zlib/**"
      ],
      "files": [
        {
          "path": "vendor/zlib/zlib.c",
          "mode": "100644",
          "object": "$(blob vendor/zlib/zlib.c)",
          "sha256": "$(sha vendor/zlib/zlib.c)"
        }
      ],
      "sha256": "$(sha256sum vendor/zlib/zlib.c | sha256sum | cut -d' ' -f1)",
      "missing": [],
      "components": [
        {
          "ecosystem": "vendored",
          "name": "zlib",
          "version": "",
          "purl": "pkg:generic/zlib",
          "url": "",
          "path": "vendor/zlib",
          "digest": "sha256:$(sha256sum vendor/zlib/zlib.c | sha256sum | cut -d' ' -f1)",
          "file": "vendor/zlib/",
          "line": 0,
          "development": false,
          "mutable": false
        }
      ]
    }
  ],
  "changes": [
    {
      "commit": "$c1",
      "subject": "Start the pump",
      "author": "Ada Author",
      "date": "2026-01-01T14:00:00+01:00",
      "links": [
        {
          "relation": "implements",
          "kind": "requirement",
          "id": "SRS-1"
        },
        {
          "relation": "authorized-by",
          "kind": "change-request",
          "id": "CR-1"
        }
      ]
    }
  ],
  "problems_resolved": [],
  "residual_anomalies": [
    {
      "id": "PR-1",
      "title": "Alarm late",
      "status": "open",
      "severity": "minor",
      "class": "C",
      "evaluation": "200 ms late, within the 1 s budget of RC-1",
      "fixed_by": []
    }
  ],
  "verification": {
    "reports": [
      {
        "file": "../results.xml",
        "sha256": "$(sha ../results.xml)",
        "tree": "$tree",
        "bound_to_release": true,
        "tests": 2,
        "passed": 2,
        "failed": 0,
        "skipped": 0
      }
    ],
    "requirements": [
      {
        "id": "SRS-1",
        "title": "Dose limit",
        "status": "approved",
        "class": "C",
        "role": "requirement",
        "in_release": true,
        "passed": 1,
        "failed": 0,
        "skipped": 0,
        "gaps": []
      },
      {
        "id": "RC-1",
        "title": "Alarm within 1 s",
        "status": "unknown",
        "class": "C",
        "role": "risk-control",
        "in_release": true,
        "passed": 1,
        "failed": 0,
        "skipped": 0,
        "gaps": []
      }
    ]
  },
  "build": {
    "procedure": "cmake -B build && cmake --build build",
    "environment": [
      "Debian 12",
      "GCC 12.2"
    ]
  }
}
EOF
)" "$OUT"

begin "manifest: missing data is said, not invented (default policy, no registry)"
tick=0
git init -q bare-bones && cd bare-bones
write a.txt 1
commit_all "First"
run git trail manifest --format md
expect_rc 0
expect_eq "markdown" "# Release manifest: unknown unknown

| | |
|---|---|
| Product | unknown |
| Version | unknown |
| Safety class | unknown |
| Commit | \`$(git rev-parse HEAD)\` |
| Tree | \`$(git rev-parse 'HEAD^{tree}')\` |
| Date | 2026-01-01T14:00:00+01:00 |
| Previous release | none (first release) |
| Made by | git-trail $(git trail --version | cut -d' ' -f2) |
| Policy | <default policy> (SHA-256 \`$(sha256sum "$TRAIL_SOURCE_DIR/templates/trail.toml" | cut -d' ' -f1)\`) |

## Configuration items

No configuration items are declared ([[configuration_items]] in trail.toml).

## SOUP

No SOUP items: no soup records in the registry and no submodules.

## Changes since the previous release

| Commit | Subject | Author | Date | Links |
|---|---|---|---|---|
| \`$(git rev-parse --short=12 HEAD)\` | First | Ada Author | 2026-01-01T14:00:00+01:00 | (none) |

## Problem reports resolved

None.

## Residual anomalies

None: no problem report is open at this revision.

## Verification

No results were given: verification is unknown.

## Build

- Procedure: unknown
- Environment: unknown" "$OUT"

begin "release: refused with every gate failure listed at once, and nothing written"
release_repo
# An open problem report without evaluation, an incomplete SOUP record, a submodule with no
# record, a commit that breaks a rule, a failing test, results for another tree, a dirty tree,
# a wrong branch and a taken tag name.
write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "PR-2"' 'title = "Display flickers"' 'status = "open"' \
  '[[items]]' 'id = "SOUP-2"' 'title = "FreeRTOS"' 'version = "10.5"'
commit_all $'Record PR-2 and FreeRTOS\n\nRefs: CR-1'
git update-index --add --cacheinfo "160000,$(git rev-parse HEAD),vendor/mbedtls"
mkdir vendor/mbedtls # as a clone leaves a submodule that is not checked out
commit_index "Add mbedtls"
write src/dosing/limit.c 'int limit = 6;'
git add src/dosing/limit.c
commit_index "Tweak the limit"
git tag -a v1.0.0 -m "someone else's tag" HEAD~2
git switch -q -c feature
write results.xml '<testsuite name="u"><properties><property name="git-trail.tree" value="0000000000000000000000000000000000000000"/></properties>' \
  '<testcase classname="limit" name="dose limit" file="tests/limit_test.c"><failure message="6 &gt; 5"/></testcase></testsuite>'
tag_before=$(git rev-parse v1.0.0)
run git trail release v1.0.0 --results results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 14 problem(s)
  [tag] tag 'v1.0.0' already exists (at $(git rev-parse --short=12 HEAD~2)) (IEC 62304 5.8.4)
      hint: git-trail never moves a tag: choose another version
  [clean] the working tree has 1 uncommitted change(s); a release must be built from what is committed (IEC 62304 8.1.3):
    untracked: results.xml
      hint: commit or stash them (git stash -u), then release again
  [branch] HEAD is on 'feature'; releases are made from main
      hint: merge into a release branch and release from there, or change [release] branches
  [history] commit $(git rev-parse --short=12 HEAD) \"Tweak the limit\": dosing-needs-link: changes to src/dosing/limit.c (src/dosing/**) need a link: implements or fixes (IEC 62304 8.2)
      hint: add 'Implements: <requirement or risk-control ID>' or 'Fixes: <problem-report ID>' to the trailers at the end of the message
  [verification] results.xml was produced for tree 0000000000000000000000000000000000000000, not for the released tree $(git rev-parse 'HEAD^{tree}') (IEC 62304 5.8.1)
      hint: run the tests on this commit and record the tree in the report: <property name=\"git-trail.tree\" value=\"$(git rev-parse 'HEAD^{tree}')\"/> (or git-trail.commit)
  [verification] SRS-1 (Dose limit): no passing test in the results (1 failing) (IEC 62304 5.7, 5.8.1)
      hint: add a test that verifies it (a file link or the ID in the test's name), run it on this tree and pass its results
  [verification] RC-1 (Alarm within 1 s): no passing test in the results (IEC 62304 7.3.1)
      hint: add a test that verifies it (a file link or the ID in the test's name), run it on this tree and pass its results
  [anomalies] test 'limit::dose limit' (results.xml) failed (\"6 > 5\") and names no open problem report: a residual anomaly that is not listed (IEC 62304 5.8.2)
      hint: fix it, or record it as a problem report with an evaluation and name its ID in the test's name or in a link in the test's file
  [anomalies] PR-2 (Display flickers) is open (open) and has no evaluation (IEC 62304 5.8.3)
      hint: add evaluation = \"why it adds no unacceptable risk\" to its registry entry, or resolve it
  [soup] SOUP-2 (FreeRTOS) lacks manufacturer (class C) (IEC 62304 8.1.2)
      hint: complete its registry entry
  [soup] SOUP-2 (FreeRTOS) lacks requirements (class C) (IEC 62304 5.3.3)
      hint: complete its registry entry
  [soup] SOUP-2 (FreeRTOS) lacks needs (class C) (IEC 62304 5.3.4)
      hint: complete its registry entry
  [soup] SOUP-2 (FreeRTOS) lacks anomaly_list, anomaly_review (class C) (IEC 62304 7.1.3)
      hint: complete its registry entry
  [soup] submodule vendor/mbedtls has no SOUP record (IEC 62304 8.1.2)
      hint: add a soup item to the registry with paths = [\"vendor/mbedtls\"]" "$OUT"
expect_eq "tag not moved" "$tag_before" "$(git rev-parse v1.0.0)"
expect_eq "tags" "v1.0.0" "$(git tag)"
run git trail soup
expect_rc 1
expect_eq "soup" "SOUP at $(git rev-parse --short=12 HEAD): 3 item(s)
  SOUP-1  zlib
      version 1.2.13, Jean-loup Gailly and Mark Adler, license Zlib, class C
      anomaly list https://github.com/madler/zlib/issues (reviewed 2026-01-01), support maintained until 2030-12-31
      covers vendored zlib (no version) (vendor/zlib/)
  SOUP-2  FreeRTOS
      version 10.5, unknown, license unknown, class C
      anomaly list unknown (reviewed unknown), support unknown until unknown
      missing: manufacturer, requirements, needs, anomaly_list, anomaly_review
  submodule:vendor/mbedtls  vendor/mbedtls
      submodule at commit $(git rev-parse HEAD~2)
      missing: a SOUP record in the registry (a soup item whose paths cover vendor/mbedtls)
2 incomplete" "$OUT"

begin "release: refused without results for class C; JSON lists the failures"
release_repo
run git trail release v1.0.0 --format json
expect_rc 1
expect_eq "json" '{"version":"v1.0.0","passed":false,"safety_class":"C","class_declared":true,"commits_checked":1,"failures":[{"check":"verification","id":"verification.results","clauses":["5.8.1"],"message":"no verification results given; a class C release needs a passing test of every requirement and risk control in it","hint":"run the tests, bind their JUnit XML to this tree (git trail bind-results FILE) and pass it with --results FILE"}],"notes":[]}' "$OUT"
run git trail release 1.0 --results /nonexistent.xml
expect_rc 2
expect_eq "missing results" "git-trail: error: cannot read /nonexistent.xml: No such file or directory" "$ERR"

begin "release: a requirement that no commit implements is refused, even with a passing test"
release_repo
write docs/items.toml "$(cat docs/items.toml)" '[[items]]' 'id = "SRS-2"' 'title = "Bolus"' 'status = "approved"'
write tests/bolus_test.c '// verifies: SRS-2'
commit_all $'Specify and test the bolus\n\nVerifies: SRS-2'
write ../results.xml '<testsuites><testsuite name="unit">' \
  "<properties><property name=\"git-trail.tree\" value=\"$(git rev-parse 'HEAD^{tree}')\"/></properties>" \
  '<testcase classname="limit" name="dose limit" file="tests/limit_test.c"/>' \
  '<testcase classname="bolus" name="bolus" file="tests/bolus_test.c"/>' \
  '<testcase classname="alarm" name="RC-1 alarm within 1 s"/>' '</testsuite></testsuites>'
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [implementation] SRS-2 (Bolus): no commit implements it (its kind requires an 'implements' link)
      hint: implement it in a commit with 'Implements: SRS-2', or declare it out of this release with one of its kind's deferred_states" "$OUT"

begin "bind-results: a report that names no tree is refused until it is bound to HEAD's"
release_repo
write ../results.xml '<?xml version="1.0" encoding="UTF-8"?>' '<testsuites>' '  <testsuite name="unit">' \
  '    <testcase classname="limit" name="dose limit" file="tests/limit_test.c" />' \
  '    <testcase classname="alarm" name="RC-1 alarm within 1 s" />' '  </testsuite>' '</testsuites>'
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "unbound" "  [verification] ../results.xml was produced for tree unknown, not for the released tree $(git rev-parse 'HEAD^{tree}') (IEC 62304 5.8.1)" \
  "$(printf '%s\n' "$OUT" | sed -n 2p)"
run git trail bind-results ../results.xml
expect_rc 0
expect_eq "message" "git-trail: ../results.xml bound to tree $(git rev-parse 'HEAD^{tree}') (HEAD)" "$ERR"
expect_eq "bound report" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<testsuites>
  <properties>
    <property name=\"git-trail.tree\" value=\"$(git rev-parse 'HEAD^{tree}')\" />
  </properties>
  <testsuite name=\"unit\">
    <testcase classname=\"limit\" name=\"dose limit\" file=\"tests/limit_test.c\" />
    <testcase classname=\"alarm\" name=\"RC-1 alarm within 1 s\" />
  </testsuite>
</testsuites>" "$(cat ../results.xml)"
git trail bind-results ../results.xml 2>/dev/null # binding again replaces, never duplicates
expect_eq "one property" "1" "$(grep -c 'git-trail.tree' ../results.xml)"
write ../other.xml '<report/>'
cp ../results.xml ../before.xml
run git trail bind-results ../results.xml ../other.xml --rev HEAD
expect_rc 2
cmp ../results.xml ../before.xml || fail "a report was rewritten although another one was refused"
run git trail release v1.0.0 --results ../results.xml --format json
expect_rc 0
expect_eq "json" "{\"version\":\"v1.0.0\",\"tag\":\"$(git rev-parse v1.0.0)\",\"commit\":\"$(git rev-parse HEAD)\",\"manifest_sha256\":\"$(git cat-file tag v1.0.0 | tail -1 | cut -d' ' -f2)\",\"signed\":false}" "$OUT"

begin "release: --dry-run shows the tag message and writes nothing"
release_repo
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml --dry-run
expect_rc 0
expect_eq "first lines" "release gate for v1.0.0: passed (class C, 1 commit(s) checked)
dry run: would create annotated tag v1.0.0 at $(git rev-parse HEAD) with this message:

Release v1.0.0 of Infusion pump

Commit:   $(git rev-parse HEAD)
Tree:     $(git rev-parse 'HEAD^{tree}')
Previous: none (first release)
Class:    C
Contents: 1 configuration item(s), 1 SOUP item(s)
Changes:  1 commit(s), 0 problem report(s) resolved, 1 residual anomaly(ies)" "$(printf '%s\n' "$OUT" | head -11)"
expect_eq "no tag" "" "$(git tag)"

begin "release then verify; each kind of tampering is reported"
release_repo
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml --manifest-output ../manifest.json
expect_rc 0
digest=$(sha256sum ../manifest.json | cut -d' ' -f1)
expect_eq "release output" "release gate for v1.0.0: passed (class C, 1 commit(s) checked)
created annotated tag v1.0.0 ($(git rev-parse --short=12 v1.0.0)) at $(git rev-parse --short=12 HEAD)
manifest sha256 $digest
publish it with: git push origin v1.0.0" "$OUT"
# Anyone with the tag recovers the manifest byte for byte.
git cat-file tag v1.0.0 | sed -n '/^-----BEGIN GIT-TRAIL MANIFEST-----$/,/^-----END GIT-TRAIL MANIFEST-----$/p' |
  sed '1d;$d' >../recovered.json
cmp ../manifest.json ../recovered.json || fail "the manifest in the tag differs from the one written"
expect_eq "digest trailer" "Manifest-SHA256: $digest" "$(git cat-file tag v1.0.0 | tail -1)"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "verify" "tag v1.0.0 -> $(git rev-parse HEAD)
manifest sha256 $digest (matches the tag)
signature: none
verification evidence: compared with the reports given (1 report(s) claimed)
verified: the tag, its manifest and 2 file(s) agree" "$OUT"
good_tag=$(git rev-parse v1.0.0)

# 1. The manifest in the tag edited (the tag object rewritten).
git cat-file tag v1.0.0 | sed 's/"version": "1.2.13"/"version": "1.2.14"/' | git mktag >../edited
git update-ref refs/tags/v1.0.0 "$(cat ../edited)"
run git trail verify v1.0.0
expect_rc 1
expect_eq "edited manifest" "  [digest] the manifest in the tag was edited: its SHA-256 is $(git cat-file tag v1.0.0 |
  sed -n '/^-----BEGIN GIT-TRAIL MANIFEST-----$/,/^-----END GIT-TRAIL MANIFEST-----$/p' | sed '1d;$d' | sha256sum |
  cut -d' ' -f1) but the tag says $digest
  [manifest] manifest.soup[SOUP-1].version: the manifest says \"1.2.14\", the tree gives \"1.2.13\"" \
  "$(printf '%s\n' "$OUT" | grep '^  \[')"

# 2. Edited with the digest recomputed: the tree still disagrees.
git cat-file tag "$good_tag" | sed 's/"severity": "minor"/"severity": "none"/' >../forged
forged_digest=$(sed -n '/^-----BEGIN GIT-TRAIL MANIFEST-----$/,/^-----END GIT-TRAIL MANIFEST-----$/p' ../forged | sed '1d;$d' |
  sha256sum | cut -d' ' -f1)
sed -i "s/^Manifest-SHA256: .*/Manifest-SHA256: $forged_digest/" ../forged
git update-ref refs/tags/v1.0.0 "$(git mktag <../forged)"
run git trail verify v1.0.0
expect_rc 1
expect_eq "forged manifest" "  [manifest] manifest.residual_anomalies[PR-1].severity: the manifest says \"none\", the tree gives \"minor\"" \
  "$(printf '%s\n' "$OUT" | grep '^  \[')"

# 3. The tag moved to a commit with a modified file.
git update-ref refs/tags/v1.0.0 "$good_tag"
write src/dosing/limit.c 'int limit = 50;'
commit_all $'Raise the limit\n\nImplements: SRS-1'
git cat-file tag "$good_tag" | sed "s/^object .*/object $(git rev-parse HEAD)/" | git mktag >../moved
git update-ref refs/tags/v1.0.0 "$(cat ../moved)"
run git trail verify v1.0.0
expect_rc 1
expect_eq "moved tag" "  [moved] tag 'v1.0.0' points at $(git rev-parse HEAD), but its manifest describes $(git rev-parse HEAD~1): the tag was moved or its message copied
  [file] modified: src/dosing/limit.c (manifest.configuration_items[dosing].files): the manifest says sha256 $(git show HEAD~1:src/dosing/limit.c | sha256sum | cut -d' ' -f1), the tree has $(sha256sum src/dosing/limit.c | cut -d' ' -f1)
  [manifest] manifest.changes[$(git rev-parse HEAD)] is computed from the tree but not in the manifest" \
  "$(printf '%s\n' "$OUT" | grep '^  \[')"

# 4. A lightweight tag, and a tag that holds no manifest.
git update-ref refs/tags/v1.0.0 "$good_tag"
git tag v1.0.1 HEAD
run git trail verify v1.0.1
expect_rc 1
expect_eq "lightweight" "  [tag] 'v1.0.1' is a lightweight tag: it carries no manifest; a release tag made by git trail release is annotated" \
  "$(printf '%s\n' "$OUT" | grep '^  \[')"
git tag -a v1.0.2 -m "hand-made" HEAD
run git trail verify v1.0.2
expect_rc 1
expect_eq "no manifest" "  [tag] the message of tag 'v1.0.2' holds no git-trail manifest" "$(printf '%s\n' "$OUT" | grep '^  \[')"
run git trail verify v9
expect_rc 2
expect_eq "unknown tag" "git-trail: error: no tag named 'v9' (git tag --list shows the tags)" "$ERR"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "verified" "tag v1.0.0 -> $(git rev-parse 'v1.0.0^{commit}')
manifest sha256 $(git cat-file tag v1.0.0 | grep '^Manifest-SHA256: ' | cut -d' ' -f2) (matches the tag)
signature: none
verification evidence: compared with the reports given (1 report(s) claimed)
verified: the tag, its manifest and 2 file(s) agree" "$OUT"

begin "verify --dir: a delivered copy is checked file by file against the manifest"
release_repo
passing_results ../results.xml
git trail release v1.0.0 --results ../results.xml >/dev/null
mkdir ../delivered
git archive v1.0.0 | tar -x -C ../delivered
run git trail verify v1.0.0 --dir ../delivered --results ../results.xml
expect_rc 0
expect_eq "verified" "verified: the tag, its manifest and 2 file(s) agree; 2 file(s) of the delivered copy match" \
  "$(printf '%s\n' "$OUT" | tail -1)"
echo "int limit = 500;" >../delivered/src/dosing/limit.c
rm ../delivered/vendor/zlib/zlib.c
echo "int backdoor;" >../delivered/src/dosing/extra.c
run git trail verify v1.0.0 --dir ../delivered --results ../results.xml
expect_rc 1
expect_eq "problems" "  [delivered] modified in ../delivered: src/dosing/limit.c (17 bytes, larger than the 15 the release holds)
  [delivered] missing from ../delivered: vendor/zlib/zlib.c
  [delivered] not in the manifest, in ../delivered: src/dosing/extra.c" "$(printf '%s\n' "$OUT" | grep '^  \[')"
run git trail verify v1.0.0 --dir ../nowhere
expect_rc 2
expect_eq "no folder" "git-trail: error: --dir ../nowhere: not a folder" "$ERR"

begin "a signed release: git verify-tag accepts it, verify checks it, a forged copy fails"
release_repo
passing_results ../results.xml
ssh-keygen -q -t ed25519 -N '' -C release@example.com -f ../key
git config gpg.format ssh
git config user.signingkey "$PWD/../key.pub"
echo "ada@example.com $(cat ../key.pub)" >../allowed
git config gpg.ssh.allowedSignersFile "$PWD/../allowed"
run git trail release v1.0.0 --results ../results.xml --sign
expect_rc 0
expect_eq "signed" "created signed annotated tag v1.0.0 ($(git rev-parse --short=12 v1.0.0)) at $(git rev-parse --short=12 HEAD)" \
  "$(printf '%s\n' "$OUT" | sed -n 2p)"
git verify-tag v1.0.0 2>/dev/null || fail "git verify-tag rejects the signed release tag"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "signature line" "signature: good" "$(printf '%s\n' "$OUT" | sed -n 3p)"
git cat-file tag v1.0.0 | sed 's/^Release v1.0.0 of Infusion pump$/Release v1.0.0 of Infusion pumps/' | git mktag >../forged
git update-ref refs/tags/v1.0.0 "$(cat ../forged)"
run git trail verify v1.0.0
expect_rc 1
expect_eq "bad signature" "signature: BAD" "$(printf '%s\n' "$OUT" | sed -n 3p)"
expect_eq "problem" "  [signature] the signature of tag 'v1.0.0' does not verify" \
  "$(printf '%s\n' "$OUT" | grep '^  \[' | cut -d: -f1)"

begin "release: a second release names the first; signing without a key fails cleanly"
release_repo
passing_results ../results.xml
git trail release v1.0.0 --results ../results.xml >/dev/null
write src/dosing/limit.c 'int limit = 4;'
# Resolved, with how its fix was verified (the gate's problems.verification, IEC 62304 9.7).
write docs/items.toml "$(sed 's/status = "open"/status = "resolved"\nverification = "alarm timed on the bench, record QA-3"/' docs/items.toml)"
commit_all $'Alarm on time\n\nFixes: PR-1\nSafety-Impact: low'
passing_results ../results2.xml
run git trail manifest --version v1.1.0 --results ../results2.xml
expect_rc 0
expect_eq "previous" "$(printf '  "previous_release": {\n    "tag": "v1.0.0",\n    "commit": "%s"\n  },' "$(git rev-parse HEAD~1)")" \
  "$(printf '%s\n' "$OUT" | sed -n '/"previous_release"/,/},/p')"
expect_eq "resolved" "PR-1 resolved $(git rev-parse HEAD)" \
  "$(printf '%s\n' "$OUT" | tr -d '\n ' | sed 's/.*"problems_resolved":\[{"id":"\([^"]*\)".*"status":"\([^"]*\)".*"fixed_by":\["\([0-9a-f]*\)"\].*/\1 \2 \3/')"
git config gpg.format ssh
git config user.signingkey /nonexistent/key.pub
run git trail release v1.1.0 --results ../results2.xml --sign
expect_rc 2
case "$ERR" in
  "git-trail: error: cannot create signed tag 'v1.1.0': git tag -s wrote no signature; the unsigned tag was removed: error: Couldn't load public key /nonexistent/key.pub"*) ;;
  *) fail "unexpected error: $ERR" ;;
esac
expect_eq "no tag after a failed signature" "v1.0.0" "$(git tag)"

begin "[release] sign: releases are signed without --sign, and verify wants a signature"
release_repo
write trail.toml "$(cat trail.toml)" 'sign = true' # the last table is [release]
commit_all $'Sign releases\n\nRefs: SRS-1'
passing_results ../results.xml
git config gpg.format ssh
git config user.signingkey /nonexistent/key.pub
run git trail release v1.0.0 --results ../results.xml
expect_rc 2
expect_eq "tried to sign" "git-trail: error: cannot create signed tag 'v1.0.0'" "$(cut -d: -f1-3 <<<"$ERR")"
run git trail release v1.0.0 --results ../results.xml --no-sign
expect_rc 0
expect_eq "tag made, unsigned" "tag 0" "$(git cat-file -t v1.0.0) $(git cat-file tag v1.0.0 | grep -c 'BEGIN SSH SIGNATURE' || true)"
run git trail verify v1.0.0
expect_rc 1
expect_eq "unsigned" "  [signature] tag 'v1.0.0' is not signed, and the policy requires signed release tags" \
  "$(printf '%s\n' "$OUT" | grep '^  \[')"

begin "two releases: each names its previous one, and the first still verifies"
release_repo
passing_results ../results.xml
git trail release v1.0.0 --results ../results.xml >/dev/null
write src/dosing/limit.c 'int limit = 4;'
commit_all $'Lower the limit\n\nImplements: SRS-1'
passing_results ../results2.xml
git trail release v1.1.0 --results ../results2.xml >/dev/null
prev() { git trail manifest "$1" | sed -n '/"product"/,/"version"/p;/"previous_release": null/p;/"previous_release": {/,/}/p' | tr -d ' \n'; }
expect_eq "v1.0.0" '"product":{"name":"Infusionpump","version":"v1.0.0","previous_release":null,' "$(prev v1.0.0)"
expect_eq "v1.1.0" "\"product\":{\"name\":\"Infusionpump\",\"version\":\"v1.1.0\",\"previous_release\":{\"tag\":\"v1.0.0\",\"commit\":\"$(git rev-parse v1.0.0^{commit})\"}," "$(prev v1.1.0)"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "verified" "tag v1.0.0 -> $(git rev-parse 'v1.0.0^{commit}')
manifest sha256 $(git cat-file tag v1.0.0 | grep '^Manifest-SHA256: ' | cut -d' ' -f2) (matches the tag)
signature: none
verification evidence: compared with the reports given (1 report(s) claimed)
verified: the tag, its manifest and 2 file(s) agree" "$OUT"
run git trail manifest HEAD~1
expect_rc 0
expect_eq "any revision, not only tags" '"product":{"name":"Infusionpump","version":"unknown",' \
  "$(printf '%s\n' "$OUT" | sed -n '/"product"/,/"version"/p' | tr -d ' \n')"
run git trail show SRS-1
expect_eq "show: every release that shipped the item's commits" "releases (2):
  v1.0.0: $(git rev-parse --short=12 HEAD~1)
  v1.1.0: $(git rev-parse --short=12 HEAD), $(git rev-parse --short=12 HEAD~1)" "$(printf '%s\n' "$OUT" | sed -n '/^releases/,/^gaps/p' | grep -v '^gaps')"
run git trail verify v1.1.0 --format json --allow-incomplete
expect_rc 0
expect_eq "verify json" "{\"tag\":\"v1.1.0\",\"tag_object\":\"$(git rev-parse v1.1.0)\",\"target\":\"$(git rev-parse HEAD)\",\"manifest_commit\":\"$(git rev-parse HEAD)\",\"declared_sha256\":\"$(git cat-file tag v1.1.0 | tail -1 | cut -d' ' -f2)\",\"actual_sha256\":\"$(git cat-file tag v1.1.0 | tail -1 | cut -d' ' -f2)\",\"signed\":false,\"signature_ok\":false,\"files_checked\":2,\"delivered_checked\":0,\"evidence_claimed\":1,\"evidence_compared\":false,\"incomplete_accepted\":true,\"verdict\":\"verified\",\"verified\":true,\"problems\":[],\"notes\":[]}" "$OUT"

begin "a shallow clone: the manifest and the changelog say history stops, the release is refused"
release_repo
write src/dosing/limit.c 'int limit = 4;'
commit_all $'Lower the limit\n\nImplements: SRS-1'
write src/dosing/limit.c 'int limit = 3;'
commit_all $'Lower it again\n\nImplements: SRS-1'
cd ..
git clone -q --depth 2 "file://$PWD/product" shallow
cd shallow
boundary=$(git rev-parse HEAD~1)
run git trail manifest
expect_rc 0
expect_eq "manifest" "  \"changes_incomplete\": {
    \"reason\": \"shallow clone: history stops at these commits\",
    \"boundary\": [
      \"$boundary\"
    ]
  }," "$(printf '%s\n' "$OUT" | sed -n '/"changes_incomplete"/,/^  },/p')"
run git trail changelog HEAD
expect_rc 0
expect_eq "changelog" "**Incomplete: this is a shallow clone, and history stops at \`$boundary\` . Fetch the whole history (\`git fetch --unshallow\`) for a complete changelog.**" \
  "$(printf '%s\n' "$OUT" | sed -n 3p)"
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
# The vendored zlib came with the first commit, beyond the boundary: when its pin last changed
# cannot be told, so neither can whether its anomaly review is older.
expect_eq "gate" "release v1.0.0 refused: 2 problem(s)
  [history] history is incomplete (a shallow clone), so it was not all checked (IEC 62304 8.2)
      hint: fetch the whole history (git fetch --unshallow) and release again
  [soup] vendor/zlib/: cannot tell whether SOUP-1's anomaly_review 2026-01-01 (docs/items.toml:18) is older than the last change to zlib's pin: the history is shallow: it stops at commit $(git rev-parse --short=12 "$boundary") before the pin changed (git fetch --unshallow) (IEC 62304 7.1.3)
      hint: fetch the whole history (git fetch --unshallow) and run it again" "$OUT"

begin "CycloneDX: validates against the official 1.6 schema (and an invalid one does not)"
tools=${TRAIL_NPM_TOOLS:-}
if [ -z "$tools" ] || [ ! -d "$tools/node_modules/@cyclonedx/cyclonedx-library" ]; then
  skip "@cyclonedx/cyclonedx-library not installed (scripts/test installs it into build/npm-tools)"
else
  release_repo
  git update-index --add --cacheinfo "160000,$(git rev-parse HEAD),vendor/mbedtls"
  write .gitmodules '[submodule "mbedtls"]' '	path = vendor/mbedtls' '	url = https://github.com/Mbed-TLS/mbedtls'
  git add .gitmodules
  commit_index "Add mbedtls"
  git trail manifest --format cyclonedx --version v1.0.0 >../bom.json
  run env NODE_PATH="$tools/node_modules" node "$TRAIL_SOURCE_DIR/tests/integration/validate_cyclonedx.js" ../bom.json
  expect_rc 0
  expect_eq "validator" "valid" "$OUT"
  sed 's/"type": "library"/"type": "librarian"/' ../bom.json >../bad.json
  run env NODE_PATH="$tools/node_modules" node "$TRAIL_SOURCE_DIR/tests/integration/validate_cyclonedx.js" ../bad.json
  expect_rc 1
fi

done_testing
