#!/usr/bin/env bash
# verifies: GT-34
# `git trail soup diff A..B` (docs/soup.md, "Comparing two revisions") between two tags of a
# real repository: an upgrade, a re-pin (same version, other content), a removal and an
# addition, each with the record that covers it at both ends.
source "$(dirname "$0")/lib.sh"

commit_all() {
  git add -A && git -c user.name=Dana -c user.email=dana@example.org commit -q -m "$1"
}

begin "soup diff: upgraded, re-pinned, removed and added, with the records at both ends"
git init -q product && cd product
write CMakeLists.txt 'cmake_minimum_required(VERSION 3.24)' 'include(FetchContent)' \
  'FetchContent_Declare(fmt' '  GIT_REPOSITORY https://github.com/fmtlib/fmt.git' '  GIT_TAG 10.1.0)'
write third_party/zlib/zlib.h '#define ZLIB_VERSION "1.3.1"' 'int inflate(void);'
write third_party/zlib/LICENSE 'zlib license'
write requirements.txt 'requests==2.31.0'
write docs/soup/soup.toml '[[items]]' 'id = "SOUP-1"' 'title = "fmt"' 'status = "approved"' \
  'manufacturer = "Victor Zverovich"' 'version = "10.1.0"' 'purl = "pkg:github/fmtlib/fmt@10.1.0"' \
  'anomaly_review = 2026-01-10' 'support = "maintained"'
commit_all "First release"
git tag v1.0.0
sed -i 's/GIT_TAG 10.1.0/GIT_TAG 10.2.1/' CMakeLists.txt
sed -i 's/version = "10.1.0"/version = "10.2.1"/; s/fmt@10.1.0/fmt@10.2.1/; s/2026-01-10/2026-03-01/' docs/soup/soup.toml
printf 'int deflate(void);\n' >>third_party/zlib/zlib.h
git rm -q requirements.txt
write Cargo.lock 'version = 3' '' '[[package]]' 'name = "serde"' 'version = "1.0.197"' \
  'source = "registry+https://github.com/rust-lang/crates.io-index"' \
  'checksum = "3fb1c873e1b9b056a4dc4c0c198b24c3ffa059243875552b2bd0933b1aee4ce2"'
commit_all "Second release"
git tag v1.1.0
zlib_a=$(git trail soup --discovered v1.0.0 --format json | python3 -c 'import json,sys; print([c["digest"] for c in json.load(sys.stdin)["components"] if c["name"]=="zlib"][0])')
zlib_b=$(git trail soup --discovered v1.1.0 --format json | python3 -c 'import json,sys; print([c["digest"] for c in json.load(sys.stdin)["components"] if c["name"]=="zlib"][0])')
run git trail soup diff v1.0.0..v1.1.0
expect_rc 0
expect_eq "soup diff" "SOUP from v1.0.0 ($(git rev-parse --short=12 v1.0.0)) to v1.1.0 ($(git rev-parse --short=12 v1.1.0)): 4 changes
  added: serde (cargo) 1.0.197 at Cargo.lock:3
    record at v1.1.0: no record
  upgraded: fmt (cmake) 10.1.0 -> 10.2.1 at CMakeLists.txt:3
    record at v1.0.0: SOUP-1 (fmt), version 10.1.0, anomaly review 2026-01-10, support maintained
    record at v1.1.0: SOUP-1 (fmt), version 10.2.1, anomaly review 2026-03-01, support maintained
  removed: requests (pypi) 2.31.0, was at requirements.txt:1
    record at v1.0.0: no record
  re-pinned: zlib (vendored) 1.3.1 at third_party/zlib/zlib.h:1
    content $zlib_a -> $zlib_b
    record at v1.0.0: no record
    record at v1.1.0: no record" "$OUT"
[ "$zlib_a" != "$zlib_b" ] || fail "the vendored zlib's digest did not change ($zlib_a)"
run git trail soup diff v1.0.0..v1.1.0 --format json
expect_rc 0
expect_eq "json changes" "added cargo serde
upgraded cmake fmt
removed pypi requests
re-pinned vendored zlib" \
  "$(printf '%s' "$OUT" | python3 -c 'import json,sys; [print(c["change"], c["ecosystem"], c["name"]) for c in json.load(sys.stdin)["changes"]]')"
# The changelog lists the same changes, with the records at both ends.
components() { printf '%s\n' "$OUT" | sed -n '/^### Components found in the tree/,/^## /p' | sed '$d'; }
run git trail changelog v1.0.0..v1.1.0
expect_rc 0
expect_eq "changelog" "### Components found in the tree

- added: serde (cargo) 1.0.197 at Cargo.lock:3
  - record at v1.1.0: no record
- upgraded: fmt (cmake) 10.1.0 -> 10.2.1 at CMakeLists.txt:3
  - record at v1.0.0: SOUP-1 (fmt), version 10.1.0, anomaly review 2026-01-10, support maintained
  - record at v1.1.0: SOUP-1 (fmt), version 10.2.1, anomaly review 2026-03-01, support maintained
- removed: requests (pypi) 2.31.0, was at requirements.txt:1
  - record at v1.0.0: no record
- re-pinned: zlib (vendored) 1.3.1 at third_party/zlib/zlib.h:1; content $zlib_a -> $zlib_b
  - record at v1.0.0: no record
  - record at v1.1.0: no record" "$(components)"
# From the start of history, everything at B is added.
run git trail changelog v1.0.0
expect_rc 0
expect_eq "changelog from the start" "- added: fmt (cmake) 10.1.0 at CMakeLists.txt:3
- added: requests (pypi) 2.31.0 at requirements.txt:1
- added: zlib (vendored) 1.3.1 at third_party/zlib/zlib.h:1" "$(components | grep '^- ')"
# The same revision at both ends: nothing changed.
run git trail soup diff v1.1.0..v1.1.0
expect_rc 0
expect_eq "no change" "SOUP from v1.1.0 ($(git rev-parse --short=12 v1.1.0)) to v1.1.0 ($(git rev-parse --short=12 v1.1.0)): no change" "$OUT"

begin "soup diff: a submodule's record is found at both ends"
git init -q lib && cd lib
write a 'one' && commit_all "a" && git tag v1
write a 'two' && commit_all "b" && git tag v2
cd .. && git init -q product && cd product
git -c protocol.file.allow=always submodule add -q ../lib ext/lib 2>/dev/null
git -C ext/lib checkout -q v1
write docs/soup/soup.toml '[[items]]' 'id = "SOUP-1"' 'title = "lib"' 'status = "approved"' \
  'manufacturer = "Lib authors"' 'version = "1"' 'paths = ["ext/lib"]' 'anomaly_review = 2026-01-10'
commit_all "One" && git tag r1
git -C ext/lib checkout -q v2
sed -i 's/version = "1"/version = "2"/' docs/soup/soup.toml
commit_all "Two"
run git trail soup diff r1..HEAD
expect_rc 0
expect_eq "submodule" "SOUP from r1 ($(git rev-parse --short=12 r1)) to HEAD ($(git rev-parse --short=12 HEAD)): 1 change
  changed: ext/lib (submodule) $(git -C ../lib rev-parse v1) -> $(git -C ../lib rev-parse v2) at .gitmodules:1
    record at r1: SOUP-1 (lib), version 1, anomaly review 2026-01-10, support unknown
    record at HEAD: SOUP-1 (lib), version 2, anomaly review 2026-01-10, support unknown" "$OUT"

begin "soup diff: a manifest that cannot be read at one end is said (exit 4); a lone revision is refused"
git init -q product && cd product
write vcpkg.json '{ "dependencies": [ "fmt" ] }'
commit_all "One"
git tag a
write vcpkg.json '{ "dependencies": [ "fmt", ] }'
commit_all "Two"
run git trail soup diff a..HEAD
expect_rc 4
expect_eq "incomplete" "SOUP from a ($(git rev-parse --short=12 a)) to HEAD ($(git rev-parse --short=12 HEAD)): 1 change
  removed: fmt (vcpkg) (no version), was at vcpkg.json:1
    record at a: no record
problem: HEAD: vcpkg.json:1: not valid JSON: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal" "$OUT"
# The changelog says its SOUP comparison is incomplete, and which file could not be read.
run git trail changelog a..HEAD
expect_rc 0
expect_eq "changelog incomplete" "### Components found in the tree

**Incomplete: these files could not be read, so what they declare is not compared:**

- HEAD: vcpkg.json:1: not valid JSON: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal

- removed: fmt (vcpkg) (no version), was at vcpkg.json:1
  - record at a: no record" "$(printf '%s\n' "$OUT" | sed -n '/^### Components found in the tree/,/^## /p' | sed '$d')"
run git trail soup diff HEAD
expect_rc 2

done_testing
