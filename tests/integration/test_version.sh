#!/usr/bin/env bash
# `git trail version` (docs/cli.md): the version, how the binary was built and each library in
# it, as text and JSON, each claim checked against the binary and the machine it was built on.
source "$(dirname "$0")/lib.sh"

begin "the version, the build and the libraries, in text and JSON"
run git trail version
expect_rc 0
expect_eq "first line" "$(git trail --version)" "$(sed -n 1p <<<"$OUT")"
build=$(sed -n 2p <<<"$OUT")
grep -qxE 'built with (GCC|Clang) [0-9.]+, C\+\+20, [A-Za-z]+, dependencies linked (statically|dynamically), (no sanitizers|AddressSanitizer)' <<<"$build" ||
  fail "unexpected build line: $build"
# Static or shared as the binary really is: a shared libgit2 is in its dynamic section.
if readelf -d "$GIT_TRAIL" | grep -q 'NEEDED.*libgit2'; then linked=dynamically; else linked=statically; fi
expect_eq "linking" "dependencies linked $linked" "$(grep -oE 'dependencies linked [a-z]+' <<<"$build")"
expect_eq "libraries" "libraries:
libgit2
CLI11
RE2
toml++
nlohmann/json
pugixml
zlib
mbedTLS" "$(sed -n '3,$p' <<<"$OUT" | sed -E 's/^  //; s/ {2,}.*//')"
version_of() { sed -nE "s/^  $1 {2,}(.*)$/\\1/p" <<<"$OUT"; }
if command -v pkg-config >/dev/null && pkg-config --exists libgit2 zlib; then
  expect_eq "libgit2" "$(pkg-config --modversion libgit2)" "$(version_of libgit2)"
  expect_eq "zlib" "$(pkg-config --modversion zlib)" "$(version_of zlib)"
fi
text=$OUT
run git trail version --format json
expect_rc 0
expect_eq "json version" "$(git trail --version | cut -d' ' -f2)" "$(jq -r .version <<<"$OUT")"
expect_eq "json build" "${build#built with }" "$(jq -r .build <<<"$OUT")"
expect_eq "json libraries" "$(sed -n '4,$p' <<<"$text" | sed -E 's/^  //; s/ {2,}/=/')" \
  "$(jq -r '.libraries | to_entries[] | "\(.key)=\(.value)"' <<<"$OUT")"

done_testing
