#!/usr/bin/env bash
# verifies: GT-37
# SOUP vulnerabilities from committed files (docs/soup.md, "Vulnerabilities: CycloneDX VEX and
# OSV"): an OSV export names two vulnerabilities of the zlib version a SOUP record ships, a VEX
# file evaluates one; the release gate refuses the other for class B, not for class A, and
# passes once the VEX evaluates it; `soup` shows them; a malformed VEX file is an error at its
# line (exit 2).
source "$(dirname "$0")/lib.sh"

tick=0
commit_all() {
  tick=$((tick + 1))
  git add -A
  GIT_AUTHOR_DATE="$((1767268800 + tick * 3600)) +0100" GIT_COMMITTER_DATE="$((1767268800 + tick * 3600)) +0100" \
    git commit -q --no-verify -m "$1"
}

# A class $1 product with a zlib 1.3.1 SOUP record, the OSV export and a VEX file that
# evaluates CVE-2023-45853 (by its alias); leaves the shell in ./product.
vex_repo() {
  tick=0
  git init -q product && cd product
  write trail.toml \
    '[project]' 'name = "Infusion pump"' "safety_class = \"$1\"" \
    '[kinds.soup]' "pattern = 'SOUP-\\d+'" \
    '[registry]' 'files = ["docs/*.toml"]' \
    '[soup]' 'vulnerabilities = ["security/osv/*.json", "security/*.vex.json"]'
  write docs/soup.toml \
    '[[items]]' 'id = "SOUP-1"' 'title = "zlib"' 'manufacturer = "Jean-loup Gailly and Mark Adler"' \
    'version = "1.3.1"' 'license = "Zlib"' 'purl = "pkg:github/madler/zlib@1.3.1"' \
    'requirements = "inflate and deflate streams"' 'needs = "a C99 compiler"' \
    'anomaly_list = "https://github.com/madler/zlib/issues"' 'anomaly_review = 2026-01-01'
  write security/osv/zlib.json '{"vulns": [' \
    '  {"id": "CVE-2023-45853", "aliases": ["GHSA-mq29-j5xf-cjwr"],' \
    '   "summary": "Integer overflow in zipOpenNewFileInZip4_6 (minizip)",' \
    '   "database_specific": {"severity": "CRITICAL"},' \
    '   "affected": [{"package": {"ecosystem": "GIT", "name": "zlib", "purl": "pkg:github/madler/zlib"},' \
    '                 "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"last_affected": "1.3.1"}]}]}]},' \
    '  {"id": "OSV-2026-17", "summary": "inflate reads past the window",' \
    '   "affected": [{"package": {"purl": "pkg:github/madler/zlib"},' \
    '                 "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.3.0"}, {"fixed": "1.3.2"}]}]}]},' \
    '  {"id": "OSV-2022-1", "summary": "fixed long ago",' \
    '   "affected": [{"package": {"purl": "pkg:github/madler/zlib"}, "versions": ["1.2.11", "1.2.12"]}]}' \
    ']}'
  write_vex
  write src/main.c 'int main(void) { return 0; }'
  commit_all "Start the pump"
}

# The team's VEX file; each argument is one more statement (a JSON object).
write_vex() {
  local extra=""
  for statement in "$@"; do
    extra+=$',\n    '"$statement"
  done
  write security/zlib.vex.json '{' \
    '  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,' \
    '  "components": [{"bom-ref": "zlib", "type": "library", "name": "zlib", "version": "1.3.1",' \
    '                  "purl": "pkg:github/madler/zlib@1.3.1"}],' \
    '  "vulnerabilities": [' \
    '    {"id": "GHSA-mq29-j5xf-cjwr", "analysis": {"state": "not_affected", "justification": "code_not_present",' \
    "      \"detail\": \"minizip (contrib/) is not built\"}, \"affects\": [{\"ref\": \"zlib\"}]}$extra" \
    '  ]' \
    '}'
}

# Passing results bound to HEAD's tree, in ../results.xml (outside the tree: a clean release).
results() {
  write ../results.xml '<testsuite name="unit">' \
    "<properties><property name=\"git-trail.tree\" value=\"$(git rev-parse 'HEAD^{tree}')\"/></properties>" \
    '<testcase classname="main" name="starts"/></testsuite>'
}

begin "soup: each SOUP item shows the vulnerabilities of its version with their evaluation"
vex_repo B
run git trail soup
expect_rc 1
expect_eq "soup" "SOUP at $(git rev-parse --short=12 HEAD): 1 item(s)
  SOUP-1  zlib
      version 1.3.1, Jean-loup Gailly and Mark Adler, license Zlib, class B
      anomaly list https://github.com/madler/zlib/issues (reviewed 2026-01-01), support unknown until unknown
      vulnerability CVE-2023-45853 [critical]: not_affected (code_not_present) (security/osv/zlib.json:2)
      vulnerability OSV-2026-17: has no evaluation, fixed in 1.3.2 (security/osv/zlib.json:7)
note: docs/soup.toml:1: SOUP-1 (purl = pkg:github/madler/zlib@1.3.1) covers nothing discovered
1 vulnerability without evaluation" "$OUT"
run git trail soup --format json
expect_rc 1
expect_eq "json" '[{"id":"CVE-2023-45853","aliases":["GHSA-mq29-j5xf-cjwr"],"summary":"Integer overflow in zipOpenNewFileInZip4_6 (minizip)","severity":"critical","file":"security/osv/zlib.json","line":2,"state":"not_affected","justification":"code_not_present","response":[],"detail":"minizip (contrib/) is not built","affects":["pkg:github/madler/zlib"],"fixed":[],"evaluated":true},{"id":"OSV-2026-17","aliases":[],"summary":"inflate reads past the window","severity":"","file":"security/osv/zlib.json","line":7,"state":"","justification":"","response":[],"detail":"","affects":["pkg:github/madler/zlib"],"fixed":["1.3.2"],"evaluated":false}]' \
  "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)[0]["vulnerabilities"], separators=(",", ":")))')"
# --stale lists what needs a review: the vulnerability nobody evaluated.
run git trail soup --stale
expect_rc 1
expect_eq "stale" "SOUP to review at $(git rev-parse --short=12 HEAD): 1
  problem: SOUP-1 (zlib) 1.3.1: OSV-2026-17 has no evaluation (security/osv/zlib.json:7); fixed in 1.3.2
      fix: evaluate it in a committed VEX file (its id or an alias, an analysis state, and for not_affected a justification or detail)" "$OUT"
# An older record version is affected by other entries: the version in use decides.
sed -i 's/version = "1.3.1"/version = "1.2.12"/' docs/soup.toml
commit_all "Pin zlib 1.2.12"
run git trail soup
expect_rc 1
expect_eq "soup at 1.2.12" "SOUP at $(git rev-parse --short=12 HEAD): 1 item(s)
  SOUP-1  zlib
      version 1.2.12, Jean-loup Gailly and Mark Adler, license Zlib, class B
      anomaly list https://github.com/madler/zlib/issues (reviewed 2026-01-01), support unknown until unknown
      vulnerability CVE-2023-45853 [critical]: has no evaluation (security/osv/zlib.json:2)
      vulnerability OSV-2022-1: has no evaluation (security/osv/zlib.json:10)
note: docs/soup.toml:1: SOUP-1 (purl = pkg:github/madler/zlib@1.3.1) covers nothing discovered
2 vulnerabilities without evaluation" "$OUT"

begin "release: class B refuses a vulnerability without evaluation, naming it"
vex_repo B
results
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [soup] SOUP-1 (zlib) 1.3.1: OSV-2026-17 has no evaluation (security/osv/zlib.json:7) (IEC 62304 7.1.2, 7.1.3)
      hint: evaluate it in a committed VEX file (a vulnerabilities entry with id OSV-2026-17 or an alias, its analysis state, and for not_affected a justification or detail), or upgrade to 1.3.2" "$OUT"
expect_eq "no tag" "" "$(git tag)"
# In triage is no evaluation; nor is not_affected without a reason.
write_vex '{"id": "OSV-2026-17", "analysis": {"state": "in_triage"}, "affects": [{"ref": "zlib"}]}'
commit_all "Triage OSV-2026-17"
results
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "in triage" "release v1.0.0 refused: 1 problem(s)
  [soup] SOUP-1 (zlib) 1.3.1: OSV-2026-17 is in triage (security/osv/zlib.json:7) (IEC 62304 7.1.2, 7.1.3)
      hint: evaluate it in a committed VEX file (a vulnerabilities entry with id OSV-2026-17 or an alias, its analysis state, and for not_affected a justification or detail), or upgrade to 1.3.2" "$OUT"
write_vex '{"id": "OSV-2026-17", "analysis": {"state": "not_affected"}, "affects": [{"ref": "zlib"}]}'
commit_all "OSV-2026-17 does not affect us"
results
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "not_affected without a reason" "release v1.0.0 refused: 1 problem(s)
  [soup] SOUP-1 (zlib) 1.3.1: OSV-2026-17 is not_affected without a justification or detail (security/osv/zlib.json:7) (IEC 62304 7.1.2, 7.1.3)
      hint: evaluate it in a committed VEX file (a vulnerabilities entry with id OSV-2026-17 or an alias, its analysis state, and for not_affected a justification or detail), or upgrade to 1.3.2" "$OUT"
# An evaluation of another version is none of this one.
write_vex '{"id": "OSV-2026-17", "analysis": {"state": "not_affected", "justification": "requires_configuration"}, "affects": [{"ref": "pkg:github/madler/zlib@1.3.0"}]}'
commit_all "Evaluate OSV-2026-17 for 1.3.0"
results
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "another version" "release v1.0.0 refused: 1 problem(s)
  [soup] SOUP-1 (zlib) 1.3.1: OSV-2026-17 has no evaluation (security/osv/zlib.json:7) (IEC 62304 7.1.2, 7.1.3)
      hint: evaluate it in a committed VEX file (a vulnerabilities entry with id OSV-2026-17 or an alias, its analysis state, and for not_affected a justification or detail), or upgrade to 1.3.2" "$OUT"

begin "release: passes once the VEX evaluates every vulnerability; the manifest keeps them"
vex_repo B
write_vex '{"id": "OSV-2026-17", "analysis": {"state": "not_affected", "justification": "requires_configuration", "detail": "we never inflate with a window below 15"}, "affects": [{"ref": "zlib"}]}'
commit_all "Evaluate OSV-2026-17"
results
run git trail release v1.0.0 --results ../results.xml --no-sign
expect_rc 0
expect_eq "gate" "release gate for v1.0.0: passed (class B, 2 commit(s) checked)" "$(printf '%s\n' "$OUT" | head -1)"
expect_eq "tag" "v1.0.0" "$(git tag)"
expect_eq "manifest" "SOUP-1 CVE-2023-45853 not_affected True
SOUP-1 OSV-2026-17 not_affected True" \
  "$(git cat-file tag v1.0.0 | python3 -c '
import json, sys
text = sys.stdin.read()
doc = json.loads(text[text.index("{"):text.rindex("}") + 1])
for s in doc["soup"]:
    for v in s.get("vulnerabilities", []):
        print(s["id"], v["id"], v["state"], v["evaluated"])')"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0

begin "release: class A is not asked to evaluate SOUP vulnerabilities (7.1 is B and C)"
vex_repo A
results
run git trail release v1.0.0 --results ../results.xml --no-sign
expect_rc 0
expect_eq "gate" "release gate for v1.0.0: passed (class A, 1 commit(s) checked)" "$(printf '%s\n' "$OUT" | head -1)"

begin "audit: the 7.1.3 line sees a vulnerability without evaluation, and passes once it is evaluated"
vex_repo B
# The checklist line of published SOUP anomaly lists, up to the next line.
line_713() { printf '%s\n' "$OUT" | sed -n '/Evaluate published SOUP anomaly lists (7.1.3)/,/^  [0-9]*\. /p' | sed '$d'; }
run git trail audit
expect_rc 1
expect_eq "7.1.3 gap" "  68. [gap] Evaluate published SOUP anomaly lists (7.1.3)
      missing soup: OSV-2026-17 of SOUP-1 has no evaluation: declare, pin, review or evaluate them (git trail soup HEAD)
          item: SOUP-1 docs/soup.toml:1
          vulnerability: SOUP-1 (zlib) 1.3.1: OSV-2026-17 has no evaluation (security/osv/zlib.json:7); fixed in 1.3.2
          command: git trail soup HEAD" "$(line_713)"
write_vex '{"id": "OSV-2026-17", "analysis": {"state": "not_affected", "justification": "requires_configuration", "detail": "we never inflate with a window below 15"}, "affects": [{"ref": "zlib"}]}'
commit_all "Evaluate OSV-2026-17"
run git trail audit
expect_rc 1
expect_eq "7.1.3 evidence" "  68. [evidence] Evaluate published SOUP anomaly lists (7.1.3)
      ok soup: 1 SOUP item(s), each records anomaly_list, anomaly_review
          item: SOUP-1 docs/soup.toml:1
          command: git trail soup HEAD" "$(line_713)"
# A VEX file that cannot be read: the line cannot be judged, and says why.
write security/zlib.vex.json '{"bomFormat": "CycloneDX", "vulnerabilities": [ {"id": 7} ]}'
commit_all "Break the VEX file"
run git trail audit
expect_eq "7.1.3 unreadable" "  68. [gap] Evaluate published SOUP anomaly lists (7.1.3)
      missing soup: the SOUP files at HEAD ($(git rev-parse --short=12 HEAD)) could not be read: security/zlib.vex.json:1:49: error: vulnerabilities[0] has no \"id\"" "$(line_713 | head -2)"

begin "soup and release: a malformed VEX file is an error at its line (exit 2)"
vex_repo B
write security/zlib.vex.json '{' '  "bomFormat": "CycloneDX",' '  "vulnerabilities": [' \
  '    {"id": "OSV-2026-17", "analysis": {"state": "fixed"}}' '  ]' '}'
commit_all "A VEX with a state CycloneDX does not know"
run git trail soup
expect_rc 2
expect_eq "soup" "" "$OUT"
expect_eq "error" 'security/zlib.vex.json:4:49: error: vulnerabilities[0].analysis.state "fixed" is none of resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected
    4 |     {"id": "OSV-2026-17", "analysis": {"state": "fixed"}}
      |                                                 ^' "$ERR"
results
run git trail release v1.0.0 --results ../results.xml
expect_rc 2
expect_eq "no tag" "" "$(git tag)"
write security/zlib.vex.json '{"bomFormat": "CycloneDX",' '  "vulnerabilities": [{"id": "X"}'
commit_all "A truncated VEX"
run git trail soup
expect_rc 2
expect_eq "truncated" 'security/zlib.vex.json:3:1: error: not valid JSON: expected '"','"' or '"']'"'
    3 |
      | ^' "$ERR"
# A glob of the policy that matches nothing is an error too: the file is missing.
git rm -q security/zlib.vex.json
commit_all "Lose the VEX file"
run git trail soup
expect_rc 2
expect_eq "no file" "trail.toml:8:1: error: [soup] vulnerabilities: \"security/*.vex.json\" matches no file at $(git rev-parse --short=12 HEAD)
    8 | [soup]
      | ^" "$ERR"

done_testing
