#!/usr/bin/env bash
# The Debian package (docs/install.md): CPack builds git-trail_*.deb and its -dbgsym .ddeb from
# the build folder BUILD; this test checks what they hold, then installs the package with apt in
# a clean Debian root made by mmdebstrap, runs the smoke test (tests/package/smoke.sh), upgrades
# it, and removes it.
#
#   test_package.sh BUILD SOURCE
#
# Needs root (chroot), mmdebstrap, cpack and a Debian mirror; exits 77 (ctest: skipped) and says
# why when it has no root or no mmdebstrap, or when TRAIL_SKIP_PACKAGE=1.
set -euo pipefail

# chroot and ldconfig live in sbin, which a non-login PATH may lack.
export PATH=$PATH:/usr/sbin:/sbin
build=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
skip() {
  echo "skipped: $*" >&2
  exit 77
}
[ "${TRAIL_SKIP_PACKAGE:-0}" = 1 ] && skip "TRAIL_SKIP_PACKAGE=1"
[ "$(id -u)" -eq 0 ] || skip "installing into a clean root needs root (chroot)"
for tool in mmdebstrap cpack dpkg-deb readelf; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps installs it)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/trail-package.XXXXXX")
root=$work/root
failures=0
finish() {
  local rc=$?
  if [ "$rc" -eq 0 ] && [ "$failures" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "kept for inspection: $work" >&2
  fi
}
trap finish EXIT
# A command that fails outside an explicit check still says where.
trap 'echo "FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
  exit 1
}
expect_eq() {
  if [ "$2" != "$3" ]; then
    diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") >&2 || :
    fail "$1: expected and got differ (above: < expected, > got)"
  fi
}
step() { echo "--- $*"; }

version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
arch=$(dpkg --print-architecture)
deb=git-trail_${version}-1_${arch}.deb
ddeb=git-trail-dbgsym_${version}-1_${arch}.ddeb
upgrade=git-trail_${version}-2_${arch}.deb

step "cpack builds the package and its debug symbols"
cpack --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 ||
  fail "cpack: $(cat "$work/cpack.log")"
expect_eq "packages" "$deb $ddeb" "$(cd "$work/pkg" && echo -- *.deb *.ddeb | cut -d" " -f2-)"
# The same version, Debian revision 2: what an upgrade installs over the first.
cpack --config "$build/CPackConfig.cmake" -B "$work/pkg2" -D CPACK_DEBIAN_PACKAGE_RELEASE=2 \
  >"$work/cpack2.log" 2>&1 || fail "cpack (revision 2): $(cat "$work/cpack2.log")"
[ -f "$work/pkg2/$upgrade" ] || fail "no $upgrade"

step "the package holds the binary, manual pages, completion, docs, hooks, templates and license"
expected_files=$(
  {
    echo ./usr/bin/git-trail
    for page in "$build"/man/man1/*.1 "$build"/man/man5/*.5; do
      echo "./usr/share/man/$(basename "$(dirname "$page")")/$(basename "$page").gz"
    done
    echo ./usr/share/bash-completion/completions/git-trail
    echo ./usr/share/zsh/vendor-completions/_git-trail
    echo ./usr/share/doc/git-trail/README.md
    echo ./usr/share/doc/git-trail/copyright
    for doc in "$source_dir"/docs/*.md; do echo "./usr/share/doc/git-trail/$(basename "$doc")"; done
    for hook in commit-msg prepare-commit-msg pre-push pre-receive; do echo "./usr/share/git-trail/hooks/$hook"; done
    (cd "$source_dir" && find templates -type f) | sed 's#^#./usr/share/git-trail/#'
  } | sort
)
expect_eq "files of $deb" "$expected_files" \
  "$(dpkg-deb --fsys-tarfile "$work/pkg/$deb" | tar -t | grep -v '/$' | sort)"
[ "$(wc -l <<<"$expected_files")" -gt 60 ] || fail "too few files expected: the build has no manual pages?"

step "the binary is stripped; its debug information is in the .ddeb under its build ID"
dpkg-deb -x "$work/pkg/$deb" "$work/deb"
dpkg-deb -x "$work/pkg/$ddeb" "$work/ddeb"
binary=$work/deb/usr/bin/git-trail
# (readelf's output is read whole: `grep -q` on a pipe would end readelf early, and pipefail
# would turn a match into a failure of the pipe.)
sections=$(readelf -SW "$binary")
grep -qE '\.debug_|\.symtab' <<<"$sections" && fail "the packaged binary has debug sections or a symbol table"
grep -q '\.text' <<<"$sections" || fail "readelf shows no .text in the packaged binary"
build_id=$(readelf -n "$binary" | sed -n 's/^ *Build ID: \([0-9a-f]*\)$/\1/p')
[ -n "$build_id" ] || fail "the packaged binary has no build ID"
expect_eq "debug files" "./usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug" \
  "$(cd "$work/ddeb" && find . -type f)"
# (The .debug file keeps the headers of the stripped sections; readelf complains of the missing
# interpreter, which is not an error here.)
debug_sections=$(readelf -SW "$work/ddeb/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug" 2>/dev/null)
grep -q '\.debug_info' <<<"$debug_sections" || fail "the .debug file has no .debug_info"
expect_eq "dbgsym Depends" "git-trail (= ${version}-1)" "$(dpkg-deb -f "$work/pkg/$ddeb" Depends)"

step "Depends names git and the package of every shared library the binary needs"
depends=$(dpkg-deb -f "$work/pkg/$deb" Depends)
grep -qE '(^|, )git \(>= 1:2\.30\)(,|$)' <<<"$depends" || fail "Depends lacks git: $depends"
# The package that holds a library: dpkg knows it by one of its names (Debian 12 merged /lib
# into /usr/lib, and the package lists the /lib name).
owner() {
  local real candidate
  real=$(readlink -f "$1")
  for candidate in "$1" "$real" "/lib/${real#/usr/lib/}" "/usr/lib/${1#/lib/}"; do
    dpkg -S "$candidate" 2>/dev/null | awk -F: 'NR == 1 { print $1 }' | grep . && return 0
  done
  return 1
}
# (Every pipe here reads its input whole: a reader that stops early, such as `head -1`, would
# end the writer with SIGPIPE, which pipefail turns into a failure now and then.)
libraries=$(ldconfig -p)
for lib in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
  path=$(awk -v lib="$lib" '$1 == lib && /x86-64|AArch64|64bit/ && !found { print $NF; found = 1 }' <<<"$libraries")
  [ -n "$path" ] || fail "$lib (NEEDED) is not on this machine"
  package=$(owner "$path") || fail "no package owns $path ($lib)"
  grep -qE "(^|, )$package( |,|$)" <<<"$depends" || fail "$lib is from $package, which Depends ($depends) lacks"
done

step "a clean Debian root: apt installs the package and its dependencies"
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
mmdebstrap --variant=apt --quiet "$suite" "$root" >"$work/mmdebstrap.log" 2>&1 ||
  fail "mmdebstrap $suite: $(tail -20 "$work/mmdebstrap.log")"
cp "$work/pkg/$deb" "$work/pkg2/$upgrade" "$root/tmp/"
cp "$source_dir/tests/package/smoke.sh" "$root/tmp/smoke.sh"
in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive "$@"; }
in_root apt-get update -q >"$work/apt-update.log" 2>&1 || fail "apt-get update: $(tail "$work/apt-update.log")"
if [ -e "$root/usr/bin/git" ]; then fail "the clean root already has git: it does not test Depends"; fi
in_root env -C /tmp apt-get install -y -q "./$deb" >"$work/apt-install.log" 2>&1 ||
  fail "apt-get install ./$deb: $(tail -20 "$work/apt-install.log")"
expect_eq "status" "install ok installed $version-1" "$(in_root dpkg-query -W -f='${Status} ${Version}' git-trail)"

step "the smoke test: init, a rejected and an accepted commit, check, release, verify"
in_root bash /tmp/smoke.sh installed "$version" || fail "the smoke test failed"

step "an upgrade keeps the hooks working"
in_root env -C /tmp apt-get install -y -q "./$upgrade" >"$work/apt-upgrade.log" 2>&1 ||
  fail "apt-get install ./$upgrade: $(tail -20 "$work/apt-upgrade.log")"
expect_eq "status" "install ok installed $version-2" "$(in_root dpkg-query -W -f='${Status} ${Version}' git-trail)"
in_root bash /tmp/smoke.sh upgraded "$version" || fail "the hooks broke in the upgrade"

step "apt-get remove takes every file away, and the hooks then refuse commits"
in_root apt-get remove -y -q git-trail >"$work/apt-remove.log" 2>&1 ||
  fail "apt-get remove: $(tail -20 "$work/apt-remove.log")"
expect_eq "status after remove" "" "$(in_root dpkg-query -W -f='${db:Status-Abbrev}' git-trail 2>/dev/null | grep -v '^un' || :)"
left=$(while IFS= read -r f; do if [ -e "$root/${f#./}" ]; then echo "$f"; fi; done <<<"$expected_files")
expect_eq "files left after remove" "" "$left"
if [ -d "$root/usr/share/git-trail" ]; then fail "/usr/share/git-trail is left after remove"; fi
in_root bash /tmp/smoke.sh removed || fail "with git-trail removed the hooks did not refuse"

echo "package: $deb ($(du -k "$work/pkg/$deb" | cut -f1) KiB, Installed-Size $(dpkg-deb -f "$work/pkg/$deb" Installed-Size) KiB) passed"
