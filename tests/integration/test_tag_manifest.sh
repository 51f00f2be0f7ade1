#!/usr/bin/env bash
# One tag, one manifest: `git trail manifest TAG` prints the manifest the release tag carries,
# byte for byte (JSON) or rendered from it (Markdown, CycloneDX), whatever results are given;
# when the tag no longer matches its tree, or the results given are not the ones it recorded,
# it says what differs and exits 1; --recompute builds a new manifest from the tree.
# verifies: GT-20
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

# A release v1.0.0 made with passing results; its manifest is kept in ../stored.json.
released() {
  release_repo
  passing_results ../results.xml
  git trail release v1.0.0 --results ../results.xml --manifest-output ../stored.json >/dev/null 2>&1 ||
    fail "the release was refused"
}

begin "manifest TAG without --results is the tag's own manifest, byte for byte"
released
run git trail manifest v1.0.0
expect_rc 0
expect_eq "stdout" "$(cat ../stored.json)" "$OUT"
expect_eq "stderr" "git-trail: note: the verification section is the tag's record of 1 report(s); pass them with --results to compare them" "$ERR"
expect_eq "requirements as recorded" '    "requirements": [' "$(grep '"requirements": \[' <<<"$OUT")"
# With the same results given, the same bytes and no note.
run git trail manifest v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "with results" "$(cat ../stored.json)" "$OUT"
expect_eq "no note" "" "$ERR"

begin "manifest TAG --format cyclonedx and md: rendered from the tag's manifest, with or without --results"
released
git trail manifest v1.0.0 --format cyclonedx >../tag.cdx 2>/dev/null
git trail manifest v1.0.0 --format cyclonedx --results ../results.xml >../tag-results.cdx
cmp ../tag.cdx ../tag-results.cdx || fail "the CycloneDX document of the tag depends on --results"
# The same document a fresh build with the release's own inputs gives.
git trail manifest HEAD --recompute --version v1.0.0 --results ../results.xml --format cyclonedx >../fresh.cdx
cmp ../tag.cdx ../fresh.cdx || fail "the tag's CycloneDX document is not the release's"
git trail manifest v1.0.0 --format md >../tag.md 2>/dev/null
git trail manifest HEAD --version v1.0.0 --results ../results.xml --format md >../fresh.md
cmp ../tag.md ../fresh.md || fail "the tag's Markdown manifest is not the release's"
expect_eq "evidence in the Markdown" "| SRS-1 | approved | C | 1 | 0 | 0 | - |" "$(grep "^| SRS-1 " ../tag.md || true)"

begin "manifest TAG with other results: exit 1, naming what differs"
released
write ../other.xml '<testsuites><testsuite name="unit">' \
  "<properties><property name=\"git-trail.tree\" value=\"$(git rev-parse 'HEAD^{tree}')\"/></properties>" \
  '<testcase classname="limit" name="dose limit" file="tests/limit_test.c"><failure message="10 &gt; 5"/></testcase>' \
  '</testsuite></testsuites>'
run git trail manifest v1.0.0 --results ../other.xml
expect_rc 1
expect_eq "stdout" "" "$OUT"
expect_eq "stderr" "git-trail: error: tag v1.0.0 carries a manifest that cannot be reproduced from its tree and the results given:
  manifest: manifest.verification.reports[../results.xml] is in the manifest but not computed from the tree
  manifest: manifest.verification.reports[../other.xml] is computed from the tree but not in the manifest
  manifest: manifest.verification.requirements[SRS-1].passed: the manifest says 1, the tree gives 0
  manifest: manifest.verification.requirements[SRS-1].failed: the manifest says 0, the tree gives 1
  manifest: manifest.verification.requirements[SRS-1].gaps: the manifest says [], the tree gives [\"failing verification\"]
  manifest: manifest.verification.requirements[RC-1].passed: the manifest says 1, the tree gives 0
  (\`git trail verify v1.0.0\` checks it; --recompute builds a manifest from the tree instead)" "$ERR"

begin "manifest TAG refuses --version and --previous that contradict the tag's record"
released
run git trail manifest v1.0.0 --version v9.9.9
expect_rc 2
expect_eq "version" "git-trail: error: --version v9.9.9 is not the version the tag records (v1.0.0): \`manifest v1.0.0\` prints the manifest the tag carries; pass --recompute to build another one from its tree" "$ERR"
run git trail manifest v1.0.0 --previous HEAD
expect_rc 2
expect_eq "previous" "git-trail: error: --previous HEAD is not the previous release the tag records (none): \`manifest v1.0.0\` prints the manifest the tag carries; pass --recompute to build another one from its tree" "$ERR"
run git trail manifest v1.0.0 --previous none --version v1.0.0
expect_rc 0
expect_eq "agreeing inputs" "$(cat ../stored.json)" "$OUT"

begin "manifest TAG for a tag whose manifest no longer matches its tree: exit 1"
released
write src/dosing/limit.c 'int limit = 50;'
commit_all 'Raise the limit'
# The tag's message copied onto a tag of the new commit: the manifest describes another commit.
git cat-file tag v1.0.0 | sed '1,/^$/d' >../message
git tag -a -F ../message v1.0.1 HEAD
run git trail manifest v1.0.1
expect_rc 1
expect_eq "stdout" "" "$OUT"
expect_eq "first lines" "git-trail: error: tag v1.0.1 carries a manifest that cannot be reproduced from its tree:
  moved: tag 'v1.0.1' points at $(git rev-parse HEAD), but its manifest describes $(git rev-parse HEAD~1): the tag was moved or its message copied" \
  "$(printf '%s\n' "$ERR" | head -2)"
expect_eq "the file that differs" "  file: modified: src/dosing/limit.c (manifest.configuration_items[dosing].files): the manifest says sha256 $(git show HEAD~1:src/dosing/limit.c | sha256sum | cut -d' ' -f1), the tree has $(sha256sum src/dosing/limit.c | cut -d' ' -f1)" \
  "$(printf '%s\n' "$ERR" | grep '^  file: ')"
# --recompute describes the tree as it is.
run git trail manifest v1.0.1 --recompute
expect_rc 0
expect_eq "recomputed commit" "    \"commit\": \"$(git rev-parse HEAD)\"," "$(printf '%s\n' "$OUT" | grep -m1 '"commit"')"

begin "manifest TAG --recompute without --results: a new manifest from the tree, verification unknown"
released
run git trail manifest v1.0.0 --recompute
expect_rc 0
expect_eq "requirements" '    "requirements": "unknown"' "$(grep '"requirements": "unknown"' <<<"$OUT")"
expect_eq "no note" "" "$ERR"

begin "a lightweight release tag carries no manifest: the manifest is built from its tree"
release_repo
git tag v1.0.0
run git trail manifest v1.0.0
expect_rc 0
expect_eq "version" '    "version": "v1.0.0",' "$(printf '%s\n' "$OUT" | grep -m1 '"version"')"
expect_eq "requirements" '    "requirements": "unknown"' "$(grep '"requirements": "unknown"' <<<"$OUT")"

finish
