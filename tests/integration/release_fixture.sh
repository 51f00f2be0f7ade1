# A small class C product for the release suites (sourced after lib.sh): a policy with every
# role, a registry with a requirement, a problem report, a change request, a risk control and
# a SOUP record, a configuration item, a vendored SOUP folder, a test that names what it
# verifies, and a first commit. Dates are fixed so commit ids are the same on every run.

tick=0
# Commits everything with the next fixed date; the message is $1.
commit_all() {
  tick=$((tick + 1))
  git add -A
  GIT_AUTHOR_DATE="$((1767268800 + tick * 3600)) +0100" GIT_COMMITTER_DATE="$((1767268800 + tick * 3600)) +0100" \
    git commit -q --no-verify -m "$1"
}

# Commits the index as it is (a gitlink added with update-index would not survive add -A).
commit_index() {
  tick=$((tick + 1))
  GIT_AUTHOR_DATE="$((1767268800 + tick * 3600)) +0100" GIT_COMMITTER_DATE="$((1767268800 + tick * 3600)) +0100" \
    git commit -q --no-verify -m "$1"
}

write_policy() {
  write trail.toml \
    '[project]' 'name = "Infusion pump"' 'safety_class = "C"' \
    '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'states = ["draft", "approved", "retired"]' \
    'require_links = ["implements", "verifies"]' \
    '[kinds.problem-report]' "pattern = 'PR-\\d+'" 'states = ["open", "resolved", "closed"]' \
    '[kinds.change-request]' "pattern = 'CR-\\d+'" \
    '[kinds.risk-control]' "pattern = 'RC-\\d+'" \
    '[kinds.soup]' "pattern = 'SOUP-\\d+'" \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement", "risk-control"] }' \
    'Verifies = { relation = "verifies", kinds = ["requirement"] }' \
    'Fixes = { relation = "fixes", kinds = ["problem-report"] }' \
    'Change-Request = { relation = "authorized-by", kinds = ["change-request"] }' \
    'Safety-Impact = { values = ["none", "low", "high"] }' \
    'Safety-Rationale = { role = "text" }' \
    'SOUP-Change = { role = "text" }' \
    '[registry]' 'files = ["docs/*.toml"]' \
    '[[registry.file_links]]' 'files = ["tests/**"]' "pattern = '(verifies):\\s*(SRS-\\d+)'" \
    '[[configuration_items]]' 'name = "dosing"' 'paths = ["src/dosing/**"]' 'class = "C"' \
    '[[rules]]' 'id = "dosing-needs-link"' 'when = { paths = ["src/dosing/**"] }' \
    'require = { any_relation = ["implements", "fixes"] }' \
    '[release]' 'branches = ["main"]' 'build = "cmake -B build && cmake --build build"' \
    'environment = ["Debian 12", "GCC 12.2"]'
}

write_registry() {
  write docs/items.toml \
    '[[items]]' 'id = "SRS-1"' 'title = "Dose limit"' 'status = "approved"' 'class = "C"' \
    '[[items]]' 'id = "PR-1"' 'title = "Alarm late"' 'status = "open"' 'severity = "minor"' \
    'evaluation = "200 ms late, within the 1 s budget of RC-1"' \
    '[[items]]' 'id = "CR-1"' 'title = "Add a dose limit"' \
    '[[items]]' 'id = "RC-1"' 'title = "Alarm within 1 s"' \
    '[[items]]' 'id = "SOUP-1"' 'title = "zlib"' 'manufacturer = "Jean-loup Gailly and Mark Adler"' \
    'version = "1.2.13"' 'license = "Zlib"' 'purl = "pkg:generic/zlib@1.2.13"' \
    'requirements = "inflate and deflate streams"' 'needs = "a C99 compiler"' \
    'anomaly_list = "https://github.com/madler/zlib/issues"' 'anomaly_review = 2026-01-01' \
    'support = "maintained"' 'end_of_support = "2030-12-31"' 'paths = ["vendor/zlib/**"]' \
    'revision = "sha256:18ff19cf202dc26a24ade820f1310044f5a10fae7cf5a9251aacfdcf34cff8cc"' # vendor/zlib's files
}

# Makes the product repository in ./product and leaves the shell in it.
release_repo() {
  tick=0
  git init -q product && cd product
  write_policy
  write_registry
  write src/dosing/limit.c 'int limit = 5;'
  write vendor/zlib/zlib.c '/* zlib */'
  write tests/limit_test.c '// verifies: SRS-1'
  write README 'Infusion pump'
  commit_all $'Start the pump\n\nImplements: SRS-1\nChange-Request: CR-1'
}

# Writes a JUnit report with one passing test of SRS-1 and one of risk control RC-1 (named in
# the test's name), produced for the tree of HEAD, to $1.
passing_results() {
  write "$1" '<testsuites><testsuite name="unit">' \
    "<properties><property name=\"git-trail.tree\" value=\"$(git rev-parse 'HEAD^{tree}')\"/></properties>" \
    '<testcase classname="limit" name="dose limit" file="tests/limit_test.c"/>' \
    '<testcase classname="alarm" name="RC-1 alarm within 1 s"/>' \
    '</testsuite></testsuites>'
}
