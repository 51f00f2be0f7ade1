#!/usr/bin/env bash
# verifies: GT-38
# `git trail manifest --format cyclonedx` (issue 14, docs/soup.md "CycloneDX"): a SOUP record
# and the submodule it covers are one component, an uncovered submodule is its own, bom-refs
# come from record IDs and paths and survive an upgrade, the record's supplier, authors,
# license, vendored files' hash and the FDA fields are there, the document is byte-identical
# across runs and validates against the official CycloneDX 1.6 schema.
# verifies: GT-18
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

# The release product with a second SOUP record (mbedtls, with authors) that covers the
# submodule vendor/mbedtls, and a submodule external/fmt that no record covers.
cdx_repo() {
  release_repo
  cat >>docs/items.toml <<'EOF'
[[items]]
id = "SOUP-2"
title = "Mbed TLS"
manufacturer = "Trusted Firmware"
authors = ["Mbed TLS Contributors", "Janos Follath <janos@example.org>"]
version = "3.6.0"
license = "Apache-2.0 OR GPL-2.0-or-later"
purl = "pkg:github/Mbed-TLS/mbedtls@v3.6.0"
requirements = "TLS 1.3 to the hospital network"
needs = "a C99 compiler, 64 KB of heap"
anomaly_list = "https://github.com/Mbed-TLS/mbedtls/issues"
anomaly_review = 2026-01-01
support = "maintained"
end_of_support = "2027-03-31"
paths = ["vendor/mbedtls"]
EOF
  git add -A
  git update-index --add --cacheinfo "160000,1111111111111111111111111111111111111111,vendor/mbedtls"
  git update-index --add --cacheinfo "160000,2222222222222222222222222222222222222222,external/fmt"
  write .gitmodules '[submodule "mbedtls"]' '	path = vendor/mbedtls' '	url = https://github.com/Mbed-TLS/mbedtls' \
    '[submodule "fmt"]' '	path = external/fmt' '	url = https://github.com/fmtlib/fmt'
  git add .gitmodules
  commit_index "Add mbedtls and fmt"
}

components() {
  jq -r '.components[] | "\(.["bom-ref"]) \(.name) \(.version)"' "$1"
}

begin "every component once: a record and the submodule it covers are one, an uncovered submodule its own"
cdx_repo
run git trail manifest --format cyclonedx --version v1.0.0
expect_rc 0
printf '%s\n' "$OUT" >../bom.json
expect_eq "components" "item:dosing dosing v1.0.0
soup:SOUP-1 zlib 1.2.13
soup:SOUP-2 Mbed TLS 3.6.0
soup:submodule:external/fmt fmt 2222222222222222222222222222222222222222" "$(components ../bom.json)"
expect_eq "dependencies" '[{"ref":"product","dependsOn":["item:dosing","soup:SOUP-1","soup:SOUP-2","soup:submodule:external/fmt"]}]' \
  "$(jq -c .dependencies ../bom.json)"
expect_eq "Mbed TLS" '{
  "type": "library",
  "bom-ref": "soup:SOUP-2",
  "supplier": {
    "name": "Trusted Firmware"
  },
  "authors": [
    {
      "name": "Mbed TLS Contributors"
    },
    {
      "name": "Janos Follath",
      "email": "janos@example.org"
    }
  ],
  "name": "Mbed TLS",
  "version": "3.6.0",
  "licenses": [
    {
      "expression": "Apache-2.0 OR GPL-2.0-or-later"
    }
  ],
  "purl": "pkg:github/Mbed-TLS/mbedtls@v3.6.0",
  "externalReferences": [
    {
      "type": "issue-tracker",
      "url": "https://github.com/Mbed-TLS/mbedtls/issues",
      "comment": "published anomaly list"
    },
    {
      "type": "vcs",
      "url": "https://github.com/Mbed-TLS/mbedtls"
    }
  ],
  "properties": [
    {
      "name": "git-trail:soup:id",
      "value": "SOUP-2"
    },
    {
      "name": "git-trail:soup:source",
      "value": "registry"
    },
    {
      "name": "git-trail:soup:class",
      "value": "C"
    },
    {
      "name": "git-trail:soup:support-level",
      "value": "maintained"
    },
    {
      "name": "git-trail:soup:anomaly-review",
      "value": "2026-01-01"
    },
    {
      "name": "cdx:lifecycle:milestone:endOfSupport",
      "value": "2027-03-31"
    },
    {
      "name": "git-trail:soup:anomaly-list",
      "value": "https://github.com/Mbed-TLS/mbedtls/issues"
    },
    {
      "name": "git-trail:soup:release-date",
      "value": "unknown"
    },
    {
      "name": "git-trail:soup:requirements",
      "value": "TLS 1.3 to the hospital network"
    },
    {
      "name": "git-trail:soup:needs",
      "value": "a C99 compiler, 64 KB of heap"
    },
    {
      "name": "git-trail:soup:verification",
      "value": "unknown"
    },
    {
      "name": "git-trail:soup:pin",
      "value": "submodule vendor/mbedtls 1111111111111111111111111111111111111111 (.gitmodules:1)"
    }
  ]
}' "$(jq '.components[] | select(.["bom-ref"] == "soup:SOUP-2")' ../bom.json)"
# The vendored record: its hash is the sha256sum listing of its files.
expect_eq "zlib hashes" "[{\"alg\":\"SHA-256\",\"content\":\"$(sha256sum vendor/zlib/zlib.c | sha256sum | cut -d' ' -f1)\"}]" \
  "$(jq -c '.components[] | select(.["bom-ref"] == "soup:SOUP-1") | .hashes' ../bom.json)"
# The uncovered submodule: its commit, its purl and URL, and the FDA fields said unknown.
expect_eq "fmt" 'pkg:github/fmtlib/fmt@2222222222222222222222222222222222222222
vcs https://github.com/fmtlib/fmt
git-trail:soup:source=submodule git-trail:soup:support-level=unknown git-trail:soup:anomaly-review=unknown' \
  "$(jq -r '.components[] | select(.["bom-ref"] == "soup:submodule:external/fmt") |
    .purl, (.externalReferences[] | "\(.type) \(.url)"),
    ([.properties[] | select(.name | test("source|support|review")) | "\(.name)=\(.value)"] | join(" "))' ../bom.json)"
expect_eq "metadata" '"2026-01-01T15:00:00+01:00" git-trail product Infusion pump v1.0.0' \
  "$(jq -r '"\(.metadata.timestamp | tojson) \(.metadata.tools.components[0].name) \(.metadata.component["bom-ref"]) \(.metadata.component.name) \(.metadata.component.version)"' ../bom.json)"

begin "byte-identical across runs; bom-refs survive an upgrade, the serial number does not"
cdx_repo
git trail manifest --format cyclonedx --version v1.0.0 >../one.json
git trail manifest --format cyclonedx --version v1.0.0 >../two.json
cmp ../one.json ../two.json || fail "the CycloneDX document differs between two runs"
sed -i 's/version = "3.6.0"/version = "3.6.1"/' docs/items.toml
git add docs/items.toml
git update-index --add --cacheinfo "160000,3333333333333333333333333333333333333333,vendor/mbedtls"
commit_index "Upgrade mbedtls to 3.6.1"
git trail manifest --format cyclonedx --version v1.1.0 >../three.json
expect_eq "bom-refs after the upgrade" "$(jq -c '[.components[]["bom-ref"]]' ../one.json)" \
  "$(jq -c '[.components[]["bom-ref"]]' ../three.json)"
expect_eq "the upgraded component" "soup:SOUP-2 3.6.1 submodule vendor/mbedtls 3333333333333333333333333333333333333333 (.gitmodules:1)" \
  "$(jq -r '.components[] | select(.["bom-ref"] == "soup:SOUP-2") | "\(.["bom-ref"]) \(.version) \(.properties[] | select(.name == "git-trail:soup:pin") | .value)"' ../three.json)"
[ "$(jq -r .serialNumber ../one.json)" != "$(jq -r .serialNumber ../three.json)" ] ||
  fail "two releases share a serial number"

begin "CycloneDX 1.6: the document with records, covered and uncovered submodules validates"
tools=${TRAIL_NPM_TOOLS:-}
if [ -z "$tools" ] || [ ! -d "$tools/node_modules/@cyclonedx/cyclonedx-library" ]; then
  skip "@cyclonedx/cyclonedx-library not installed (scripts/test installs it into build/npm-tools)"
else
  cdx_repo
  git trail manifest --format cyclonedx --version v1.0.0 >../bom.json
  # What is validated holds the new fields: each component once, authors, end of support.
  expect_eq "validated document" "1.6 components=4 authors=2 endOfSupport=2 pins=3" \
    "$(jq -r '"\(.specVersion) components=\(.components | length) authors=\([.components[].authors // [] | .[]] | length) endOfSupport=\([.components[].properties[] | select(.name == "cdx:lifecycle:milestone:endOfSupport")] | length) pins=\([.components[].properties[] | select(.name == "git-trail:soup:pin")] | length)"' ../bom.json)"
  run env NODE_PATH="$tools/node_modules" node "$TRAIL_SOURCE_DIR/tests/integration/validate_cyclonedx.js" ../bom.json
  expect_rc 0
  expect_eq "validator" "valid" "$OUT"
  # A broken property (no value) is caught: the check can fail.
  jq '.components[1].properties[0] = {"name": 1}' ../bom.json >../bad.json
  run env NODE_PATH="$tools/node_modules" node "$TRAIL_SOURCE_DIR/tests/integration/validate_cyclonedx.js" ../bad.json
  expect_rc 1
fi

done_testing
