# Shared harness for the integration suites: each suite is a bash script run by ctest with
# GIT_TRAIL set to the binary under test. It drives the real binary through real git in
# temporary repositories, kept on failure and removed on success.
set -euo pipefail

: "${GIT_TRAIL:?GIT_TRAIL must name the git-trail binary under test}"
GIT_TRAIL=$(cd "$(dirname "$GIT_TRAIL")" && pwd)/$(basename "$GIT_TRAIL")
export GIT_TRAIL
bin_dir=$(mktemp -d "${TMPDIR:-/tmp}/trail-bin.XXXXXX")
ln -s "$GIT_TRAIL" "$bin_dir/git-trail"
export PATH="$bin_dir:$PATH" # so that `git trail` finds us

# A clean, fixed git environment: no user or system configuration leaks in.
TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/trail-test.XXXXXX")
export HOME="$TEST_ROOT/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Ada Author" GIT_AUTHOR_EMAIL="ada@example.com"
export GIT_COMMITTER_NAME="Ada Author" GIT_COMMITTER_EMAIL="ada@example.com"
export GIT_AUTHOR_DATE="2026-01-01T12:00:00Z" GIT_COMMITTER_DATE="2026-01-01T12:00:00Z"
export GIT_EDITOR=true
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
git config --global init.defaultBranch main
git config --global advice.detachedHead false

CURRENT_TEST="(setup)"
FAILURES=0
SKIPPED=0

finish() {
  local rc=$?
  rm -rf "$bin_dir"
  if [ "$rc" -eq 0 ] && [ "$FAILURES" -eq 0 ]; then
    rm -rf "$TEST_ROOT"
  else
    echo "kept for inspection: $TEST_ROOT" >&2
  fi
}
trap finish EXIT

# Starts a named case; every case runs in a fresh folder under TEST_ROOT.
begin() {
  CURRENT_TEST="$1"
  CASE_DIR="$TEST_ROOT/$(echo "$1" | tr -c 'a-zA-Z0-9\n' '_')"
  mkdir -p "$CASE_DIR"
  cd "$CASE_DIR"
  echo "--- $CURRENT_TEST"
}

fail() {
  echo "FAIL [$CURRENT_TEST]: $*" >&2
  FAILURES=$((FAILURES + 1))
  exit 1
}

# Runs a command, keeping its stdout in OUT, stderr in ERR and exit code in RC; never fails.
run() {
  set +e
  OUT=$("$@" 2>"$TEST_ROOT/.stderr")
  RC=$?
  set -e
  ERR=$(cat "$TEST_ROOT/.stderr")
}

# Asserts that two strings are equal, showing a diff when they are not.
expect_eq() {
  local what=$1 expected=$2 actual=$3
  if [ "$expected" != "$actual" ]; then
    diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | sed 's/^/    /' >&2 || true
    fail "$what differs (--- expected, +++ actual)"
  fi
}

expect_rc() {
  [ "$RC" -eq "$1" ] || fail "expected exit code $1, got $RC; stdout: $OUT; stderr: $ERR"
}

# Makes an empty repository NAME with git-trail's hooks installed; leaves the shell in it.
new_repo() {
  git init -q "$1"
  cd "$1"
  git trail hooks install >/dev/null
}

# Writes FILE (creating folders) with the remaining arguments as lines.
write() {
  local file=$1
  shift
  mkdir -p "$(dirname "$file")"
  printf '%s\n' "$@" >"$file"
}

# Skips the rest of the current case only (a tool it needs is missing), saying why; the suite
# carries on and still passes when every other case passes. The caller leaves the case itself
# (put the case body in the else branch of the check).
skip() {
  echo "SKIP: $CURRENT_TEST: $*"
  SKIPPED=$((SKIPPED + 1))
}

# Prints "ok" at the end of a suite that got there, counting the cases skipped for a missing tool.
done_testing() {
  if [ "$SKIPPED" -gt 0 ]; then
    echo "all cases passed ($SKIPPED skipped for a missing tool)"
  else
    echo "all cases passed"
  fi
}
