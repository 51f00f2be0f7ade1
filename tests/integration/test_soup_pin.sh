#!/usr/bin/env bash
# verifies: GT-36
# Components pinned to SOUP records (docs/soup.md, "Records and pins"): `git trail soup`, the
# release gate and the manifest, on real repositories with real submodules.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/release_fixture.sh"

# A library repository ./fmtlib with tags v10.5.1 and v10.6.0 on two commits.
fmt_library() {
  git init -q fmtlib
  (
    cd fmtlib
    write format.h '// fmt 10.5.1'
    git add -A && git commit -q -m "fmt 10.5.1" && git tag v10.5.1
    write format.h '// fmt 10.6.0'
    git add -A && git commit -q -m "fmt 10.6.0" && git tag v10.6.0
  )
}

# The product of release_fixture.sh with fmtlib as the submodule external/fmt at tag $1,
# committed with the next fixed date; leaves the shell in ./product.
product_with_fmt() {
  fmt_library
  release_repo
  git -c protocol.file.allow=always submodule add -q ../fmtlib external/fmt 2>/dev/null
  git -C external/fmt checkout -q "$1"
  git add -A
  commit_index "Add fmt $1"
}

# Writes docs/soup.toml with SOUP-3, a complete record of fmt, plus the lines given; commits.
fmt_record() {
  write docs/soup.toml '[[items]]' 'id = "SOUP-3"' 'title = "fmt"' 'manufacturer = "Victor Zverovich"' \
    'license = "MIT"' 'requirements = "formats log lines"' 'needs = "C++17"' \
    'anomaly_list = "https://github.com/fmtlib/fmt/issues"' 'support = "maintained"' \
    'paths = ["external/fmt"]' "$@"
  commit_all "Record fmt"
}

# Short and full ids of the submodule's commit at tag $1.
fmt_at() { git -C external/fmt rev-parse "$1"; }

begin "soup: a record saying 10.5.1 while the submodule sits at v10.6.0 is refused"
product_with_fmt v10.6.0
fmt_record 'version = "10.5.1"' 'anomaly_review = 2026-01-02' 'end_of_support = 2030-12-31'
commit=$(fmt_at v10.6.0)
run git trail soup
expect_rc 1
expect_eq "soup" "SOUP at $(git rev-parse --short=12 HEAD): 3 item(s)
  SOUP-1  zlib
      version 1.2.13, Jean-loup Gailly and Mark Adler, license Zlib, class C
      anomaly list https://github.com/madler/zlib/issues (reviewed 2026-01-01), support maintained until 2030-12-31
      covers vendored zlib (no version) (vendor/zlib/)
  SOUP-3  fmt
      version 10.5.1, Victor Zverovich, license MIT, class C
      anomaly list https://github.com/fmtlib/fmt/issues (reviewed 2026-01-02), support maintained until 2030-12-31
      covers submodule external/fmt $commit (.gitmodules:1)
  submodule:external/fmt  external/fmt
      submodule at commit $commit from ../fmtlib, described by SOUP-3
      problem: .gitmodules:1: submodule external/fmt is at v10.6.0 (commit ${commit:0:12}) but SOUP-3 (docs/soup.toml:1) records version 10.5.1
          fix: set version = \"10.6.0\" in SOUP-3 (and review its anomalies for it), or check out 10.5.1 in external/fmt
1 pin problem(s)" "$OUT"
run git trail soup --stale
expect_rc 1
expect_eq "stale" "SOUP to review at $(git rev-parse --short=12 HEAD): 1
  problem: .gitmodules:1: submodule external/fmt is at v10.6.0 (commit ${commit:0:12}) but SOUP-3 (docs/soup.toml:1) records version 10.5.1
      fix: set version = \"10.6.0\" in SOUP-3 (and review its anomalies for it), or check out 10.5.1 in external/fmt" "$OUT"
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [soup] .gitmodules:1: submodule external/fmt is at v10.6.0 (commit ${commit:0:12}) but SOUP-3 (docs/soup.toml:1) records version 10.5.1 (IEC 62304 8.1.2)
      hint: set version = \"10.6.0\" in SOUP-3 (and review its anomalies for it), or check out 10.5.1 in external/fmt" "$OUT"
expect_eq "no tag" "" "$(git tag -l v1.0.0)"
# The fix it names: the record says what the submodule is.
sed -i 's/version = "10.5.1"/version = "10.6.0"/' docs/soup.toml
commit_all "fmt is 10.6.0"
run git trail soup --stale
expect_rc 0
expect_eq "nothing stale" "SOUP to review at $(git rev-parse --short=12 HEAD): nothing" "$OUT"
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml --dry-run
expect_rc 0
expect_eq "gate passes" "release gate for v1.0.0: passed (class C, 4 commit(s) checked)" "$(echo "$OUT" | head -1)"

begin "soup: a revision naming the commit decides without the submodule's repository"
product_with_fmt v10.6.0
fmt_record 'version = "10.6.0"' "revision = \"$(fmt_at v10.6.0)\"" 'anomaly_review = 2026-01-02'
rm -rf .git/modules/external external/fmt # as a clone that never ran `git submodule update`
mkdir external/fmt
run git trail soup --stale
expect_rc 0
expect_eq "current" "SOUP to review at $(git rev-parse --short=12 HEAD): nothing" "$OUT"
sed -i "s/revision = .*/revision = \"$(git -C ../fmtlib rev-parse v10.5.1)\"/" docs/soup.toml
commit_all "fmt at the wrong revision"
run git trail soup --stale
expect_rc 1
expect_eq "mismatch" "SOUP to review at $(git rev-parse --short=12 HEAD): 1
  problem: .gitmodules:1: submodule external/fmt is at commit $(git -C ../fmtlib rev-parse --short=12 v10.6.0) but SOUP-3 (docs/soup.toml:1) records revision $(git -C ../fmtlib rev-parse v10.5.1)
      fix: set revision = \"$(git -C ../fmtlib rev-parse v10.6.0)\" in SOUP-3 (and review its anomalies for this version), or check out $(git -C ../fmtlib rev-parse v10.5.1) in external/fmt" "$OUT"
# Without a revision and without the submodule's repository: it cannot be told.
sed -i '/^revision = /d' docs/soup.toml
commit_all "fmt without revision"
run git trail soup --stale
expect_rc 1
expect_eq "cannot tell" "SOUP to review at $(git rev-parse --short=12 HEAD): 1
  problem: .gitmodules:1: cannot tell whether submodule external/fmt at commit $(git -C ../fmtlib rev-parse --short=12 v10.6.0) is version 10.6.0 of SOUP-3 (docs/soup.toml:1): the submodule's repository is not here (git submodule update --init)
      fix: add revision = \"$(git -C ../fmtlib rev-parse v10.6.0)\" to SOUP-3 (the commit its version 10.6.0 is)" "$OUT"

begin "soup: an anomaly review older than the commit that moved the pin is stale"
product_with_fmt v10.5.1
fmt_record 'version = "10.5.1"' 'anomaly_review = 2026-01-01'
git -C external/fmt checkout -q v10.6.0
sed -i 's/version = "10.5.1"/version = "10.6.0"/' docs/soup.toml
git add -A
GIT_COMMITTER_DATE="2026-01-05T09:00:00Z" git commit -q --no-verify -m "Upgrade fmt to 10.6.0"
moved=$(git rev-parse --short=12 HEAD)
write README 'Infusion pump, with fmt'
commit_all "A later commit that leaves the pin alone"
run git trail soup --stale
expect_rc 1
expect_eq "stale" "SOUP to review at $(git rev-parse --short=12 HEAD): 1
  problem: docs/soup.toml:1: SOUP-3's anomaly_review 2026-01-01 is older than commit $moved (2026-01-05), which pinned external/fmt at commit $(fmt_at v10.6.0 | cut -c1-12)
      fix: review the supplier's anomaly list for this version and set anomaly_review in SOUP-3" "$OUT"
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [soup] docs/soup.toml:1: SOUP-3's anomaly_review 2026-01-01 is older than commit $moved (2026-01-05), which pinned external/fmt at commit $(fmt_at v10.6.0 | cut -c1-12) (IEC 62304 7.1.3)
      hint: review the supplier's anomaly list for this version and set anomaly_review in SOUP-3" "$OUT"
# Reviewed on the day of the upgrade: current.
sed -i 's/anomaly_review = 2026-01-01/anomaly_review = 2026-01-05/' docs/soup.toml
commit_all "Review fmt 10.6.0"
run git trail soup --stale
expect_rc 0

begin "soup: an end of support before the revision's date, by the FDA's guidance"
product_with_fmt v10.6.0
fmt_record 'version = "10.6.0"' 'anomaly_review = 2026-01-02' 'end_of_support = 2025-12-31'
run git trail soup --stale
expect_rc 1
expect_eq "stale" "SOUP to review at $(git rev-parse --short=12 HEAD): 1
  problem: docs/soup.toml:1: SOUP-3's end_of_support 2025-12-31 is before the revision's date 2026-01-01 (external/fmt)
      fix: move to a supported version, or record the supplier's extended support in end_of_support" "$OUT"
passing_results ../results.xml
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "gate" "release v1.0.0 refused: 1 problem(s)
  [soup] docs/soup.toml:1: SOUP-3's end_of_support 2025-12-31 is before the revision's date 2026-01-01 (external/fmt) (FDA premarket cybersecurity guidance, not an IEC 62304 clause)
      hint: move to a supported version, or record the supplier's extended support in end_of_support" "$OUT"

begin "soup: a not_soup record covers the submodule, with its reason, and no problem"
product_with_fmt v10.6.0
write docs/soup.toml '[[items]]' 'id = "SOUP-3"' 'title = "fmt"' 'paths = ["external/fmt"]' \
  'not_soup = "used only by the test tools"'
commit_all "fmt is not SOUP"
run git trail soup
expect_rc 0
expect_eq "soup" "SOUP at $(git rev-parse --short=12 HEAD): 3 item(s)
  SOUP-1  zlib
      version 1.2.13, Jean-loup Gailly and Mark Adler, license Zlib, class C
      anomaly list https://github.com/madler/zlib/issues (reviewed 2026-01-01), support maintained until 2030-12-31
      covers vendored zlib (no version) (vendor/zlib/)
  SOUP-3  fmt
      not SOUP: used only by the test tools
      covers submodule external/fmt $(fmt_at v10.6.0) (.gitmodules:1)
  submodule:external/fmt  external/fmt
      submodule at commit $(fmt_at v10.6.0) from ../fmtlib, described by SOUP-3
every SOUP record is complete" "$OUT"

begin "soup: an undeclared submodule is refused"
product_with_fmt v10.6.0
run git trail soup
expect_rc 1
expect_eq "undeclared" "  submodule:external/fmt  external/fmt
      submodule at commit $(fmt_at v10.6.0) from ../fmtlib
      missing: a SOUP record in the registry (a soup item whose paths cover external/fmt)" \
  "$(echo "$OUT" | sed -n '/^  submodule:/,/missing/p')"
run git trail soup --format json
expect_rc 1
expect_eq "json problems" '[
  {
    "rule": "undeclared",
    "component": "submodule:external/fmt",
    "record": "",
    "message": ".gitmodules:1: submodule external/fmt commit '"$(fmt_at v10.6.0 | cut -c1-12)"' is not covered by a SOUP record",
    "fix": "add a soup item with paths = [\"external/fmt\"] to the registry"
  }
]' "$(echo "$OUT" | jq '.[] | select(.id == "submodule:external/fmt") | .pin_problems')"

begin "soup: the happy path exits 0"
product_with_fmt v10.6.0
fmt_record 'version = "v10.6.0"' 'anomaly_review = 2026-01-02' 'end_of_support = 2030-12-31'
run git trail soup --stale
expect_rc 0
run git trail soup
expect_rc 0
expect_eq "last line" "every SOUP record is complete" "$(echo "$OUT" | tail -1)"

begin "soup: a shallow clone cannot tell when the pin changed, and says so"
product_with_fmt v10.6.0
fmt_record 'version = "10.6.0"' "revision = \"$(fmt_at v10.6.0)\"" 'anomaly_review = 2026-01-02'
cd ..
git clone -q --depth 1 "file://$PWD/product" shallow
cd shallow
run git trail soup --stale
expect_rc 1
expect_eq "cannot tell" "SOUP to review at $(git rev-parse --short=12 HEAD): 2
  problem: .gitmodules:1: cannot tell whether SOUP-3's anomaly_review 2026-01-02 (docs/soup.toml:1) is older than the last change to external/fmt's pin: the history is shallow: it stops at commit $(git rev-parse --short=12 HEAD) before the pin changed (git fetch --unshallow)
      fix: fetch the whole history (git fetch --unshallow) and run it again
  problem: vendor/zlib/: cannot tell whether SOUP-1's anomaly_review 2026-01-01 (docs/items.toml:18) is older than the last change to zlib's pin: the history is shallow: it stops at commit $(git rev-parse --short=12 HEAD) before the pin changed (git fetch --unshallow)
      fix: fetch the whole history (git fetch --unshallow) and run it again" "$OUT"

done_testing
