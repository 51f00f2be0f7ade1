#!/usr/bin/env bash
# [[release.tools]] (IEC 62304 5.1.4, 8.1.1): tools of the build with their versions and
# digests, validated at file:line:col, recorded in the manifest's build section (JSON,
# Markdown, CycloneDX) with a path's digest computed from the blob at the revision, and absent
# when none are declared. And git-trail's own trail.toml and requirements load and trace.
# verifies: GT-32
# verifies: GT-33
source "$(dirname "$0")/lib.sh"

# Makes ./repo with trail.toml = the given lines and a committed tools/gen.sh; leaves the shell in it.
repo_with_policy() {
  git init -q repo && cd repo
  write trail.toml "$@"
  write tools/gen.sh '#!/bin/sh' 'echo generated'
  git add -A && git commit -q -m "Add the tools"
}

begin "errors in [[release.tools]] are reported at file:line:col, every one at once"
repo_with_policy '[release]' 'build = "make"' '' \
  '[[release.tools]]' 'name = "gcc"' 'digest = "sha256:1234"' 'verison = "12"' '' \
  '[[release.tools]]' 'version = "1"' 'path = "/usr/bin/make"' 'command = "make --version"' '' \
  '[[release.tools]]' 'name = "gcc"' 'digest = "md5:d41d8cd98f00b204e9800998ecf8427e"' 'purpose = ""'
run git trail manifest
expect_rc 2
expect_eq "diagnostics" "trail.toml:6:10: error: invalid digest 'sha256:1234' in release.tools[0].digest; give \"sha256:\" and 64 lowercase hex digits
    6 | digest = \"sha256:1234\"
      |          ^
trail.toml:7:1: error: unknown key 'verison' in release.tools[0]; did you mean 'version'?
    7 | verison = \"12\"
      | ^
trail.toml:9:1: error: missing required key 'name' in release.tools[1]
    9 | [[release.tools]]
      | ^
trail.toml:11:8: error: release.tools[1].path '/usr/bin/make' is not a file path relative to the repository root
   11 | path = \"/usr/bin/make\"
      |        ^
trail.toml:11:8: error: release.tools[1] has both path and command; a tool is a file in the repository (path) or a program of the environment (command)
   11 | path = \"/usr/bin/make\"
      |        ^
trail.toml:15:8: error: duplicate tool 'gcc'; the first is at line 4
   15 | name = \"gcc\"
      |        ^
trail.toml:16:10: error: invalid digest 'md5:d41d8cd98f00b204e9800998ecf8427e' in release.tools[2].digest; give \"sha256:\" and 64 lowercase hex digits
   16 | digest = \"md5:d41d8cd98f00b204e9800998ecf8427e\"
      |          ^
trail.toml:17:11: error: release.tools[2].purpose is empty; leave it out instead
   17 | purpose = \"\"
      |           ^" "$ERR"

gcc_digest=sha256:$(printf 'gcc' | sha256sum | cut -d' ' -f1)
tools_policy=('[project]' 'name = "Pump"' '' '[release]' 'build = "make"' \
  'environment = ["Debian 12"]' '' \
  '[[release.tools]]' 'name = "gcc"' 'version = "12.2.0"' "digest = \"$gcc_digest\"" \
  'command = "gcc --version"' 'purpose = "compiler"' '' \
  '[[release.tools]]' 'name = "generator"' 'path = "tools/gen.sh"' '' \
  '[[release.tools]]' 'name = "lint"')

begin "the manifest records the declared tools; a path's digest is the blob's at the revision"
repo_with_policy "${tools_policy[@]}"
blob_digest=$(git show HEAD:tools/gen.sh | sha256sum | cut -d' ' -f1)
echo 'changed, not committed' >>tools/gen.sh # the work tree is not what is recorded
run git trail manifest --format json
expect_rc 0
expect_eq "build section" "{
  \"procedure\": \"make\",
  \"environment\": [
    \"Debian 12\"
  ],
  \"tools\": [
    {
      \"name\": \"gcc\",
      \"version\": \"12.2.0\",
      \"sha256\": \"${gcc_digest#sha256:}\",
      \"digest_source\": \"declared\",
      \"path\": null,
      \"command\": \"gcc --version\",
      \"purpose\": \"compiler\"
    },
    {
      \"name\": \"generator\",
      \"version\": \"unknown\",
      \"sha256\": \"$blob_digest\",
      \"digest_source\": \"path\",
      \"path\": \"tools/gen.sh\",
      \"command\": null,
      \"purpose\": null
    },
    {
      \"name\": \"lint\",
      \"version\": \"unknown\",
      \"sha256\": \"unknown\",
      \"digest_source\": null,
      \"path\": null,
      \"command\": null,
      \"purpose\": null
    }
  ]
}" "$(jq .build <<<"$OUT")"
run git trail manifest --format md
expect_rc 0
expect_eq "Markdown build section" "## Build

- Procedure: make
- Environment: Debian 12

| Tool | Version | SHA-256 | Digest of | Path or command | Purpose |
|---|---|---|---|---|---|
| gcc | 12.2.0 | ${gcc_digest#sha256:} | declared | gcc --version | compiler |
| generator | unknown | $blob_digest | path | tools/gen.sh | - |
| lint | unknown | unknown | - | - | - |" "$(sed -n '/^## Build/,$p' <<<"$OUT")"
run git trail manifest --format cyclonedx
expect_rc 0
expect_eq "CycloneDX tools" "git-trail
gcc 12.2.0 ${gcc_digest#sha256:} git-trail:command=gcc --version,git-trail:purpose=compiler
generator - $blob_digest git-trail:path=tools/gen.sh
lint - - " "$(jq -r '.metadata.tools.components[] | if .name == "git-trail" then .name else
  "\(.name) \(.version // "-") \(.hashes[0].content // "-") \([.properties[]? | "\(.name)=\(.value)"] | join(","))" end' <<<"$OUT")"

begin "a release records the tools and verify recomputes them from the tree"
repo_with_policy "${tools_policy[@]}"
write ../results.xml '<testsuite name="s" tests="1"><testcase classname="s" name="ok"/></testsuite>'
git trail bind-results ../results.xml 2>/dev/null
run git trail release v1.0.0 --no-sign --results ../results.xml
expect_rc 0
run git trail manifest v1.0.0 --format json
expect_rc 0
expect_eq "the tag's tools" "gcc declared ${gcc_digest#sha256:}
generator path $(git show HEAD:tools/gen.sh | sha256sum | cut -d' ' -f1)
lint null unknown" "$(jq -r '.build.tools[] | "\(.name) \(.digest_source) \(.sha256)"' <<<"$OUT")"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0

begin "no tools declared: the build section is as before, with no tools key"
repo_with_policy '[release]' 'build = "make"'
run git trail manifest --format json
expect_rc 0
expect_eq "build section" '{
  "procedure": "make",
  "environment": "unknown"
}' "$(jq -c . <<<"$(jq .build <<<"$OUT")" | jq .)"
run git trail manifest --format cyclonedx
expect_eq "only git-trail among the tools" '["git-trail"]' "$(jq -c '[.metadata.tools.components[].name]' <<<"$OUT")"

begin "a path that is not a file at the revision, or whose blob is not the declared digest, refuses the manifest"
repo_with_policy '[[release.tools]]' 'name = "gen"' 'path = "tools/missing.sh"'
run git trail manifest
expect_rc 2
commit=$(git rev-parse HEAD)
expect_eq "missing path" "git-trail: error: trail.toml:1:1: release.tools 'gen': path 'tools/missing.sh' is not a file at $commit" "$ERR"
write trail.toml '[[release.tools]]' 'name = "gen"' 'path = "tools/gen.sh"' "digest = \"$gcc_digest\""
git commit -q -am "Pin the generator's digest"
commit=$(git rev-parse HEAD)
blob_digest=$(git show HEAD:tools/gen.sh | sha256sum | cut -d' ' -f1)
run git trail manifest
expect_rc 2
expect_eq "digest mismatch" "git-trail: error: trail.toml:1:1: release.tools 'gen': 'tools/gen.sh' at $commit has sha256:$blob_digest, not the declared $gcc_digest" "$ERR"

begin "git-trail's own trail.toml and requirements load, and every requirement has a test suite"
: "${TRAIL_SOURCE_DIR:?}"
# The files the policy reads, copied from the source tree as it is (committed or not) into a
# fresh repository: its history is not this one's, so the baseline is not in it.
git init -q repo && cd repo
(cd "$TRAIL_SOURCE_DIR" && ls trail.toml docs/requirements/*.toml tests/integration/*.sh tests/unit/*.cpp \
  tests/conformance/* scripts/test scripts/install-deps) | while read -r rel; do
  mkdir -p "$(dirname "$rel")" && cp "$TRAIL_SOURCE_DIR/$rel" "$rel"
done
git add -A && git commit -q -m "git-trail's policy, requirements and tests" -m "Refs: GT-33"
run git trail check --no-baseline
expect_rc 0
run git trail trace --no-baseline --format json
expect_rc 0
expect_eq "requirements with gaps" "" \
  "$(jq -r '.items[] | select(.kind == "requirement" and (.gaps | length) > 0) | "\(.id): \(.gaps | join("; "))"' <<<"$OUT")"
[ "$(jq '[.items[] | select(.kind == "requirement" and .defined)] | length' <<<"$OUT")" -ge 20 ] ||
  fail "fewer than 20 requirements defined: $(jq -c '[.items[].id]' <<<"$OUT")"
run git trail manifest --format json
expect_rc 0
expect_eq "scripts/test digested from its blob" "$(git show HEAD:scripts/test | sha256sum | cut -d' ' -f1)" \
  "$(jq -r '.build.tools[] | select(.name == "scripts/test") | .sha256' <<<"$OUT")"

done_testing
