#!/usr/bin/env bash
# scripts/layering: the folder dependency graph of src/ against docs/ARCHITECTURE.md, no cycle,
# libgit2 only in src/core/git/, no core file including the CLI. The real tree must pass; copies
# of it with one defect each must fail with the message that names the defect.
# verifies: GT-31
source "$(dirname "$0")/lib.sh"
: "${TRAIL_SOURCE_DIR:?}"

# A copy of what the script reads: scripts/, src/ and docs/.
copy_tree() {
  mkdir -p tree
  cp -r "$TRAIL_SOURCE_DIR/scripts" "$TRAIL_SOURCE_DIR/src" "$TRAIL_SOURCE_DIR/docs" tree/
}

begin "the source tree agrees with docs/ARCHITECTURE.md"
run "$TRAIL_SOURCE_DIR/scripts/layering"
expect_eq "stderr" "" "$ERR"
expect_rc 0

begin "--print gives the graph the document holds"
run "$TRAIL_SOURCE_DIR/scripts/layering" --print
expect_rc 0
written=$(awk '/^<!-- layering:end -->$/ { inside = 0 } inside && !/^```$/ { print } /^<!-- layering:begin -->$/ { inside = 1 }' \
  "$TRAIL_SOURCE_DIR/docs/ARCHITECTURE.md")
expect_eq "graph" "$written" "$OUT"
expect_eq "first line" "util       -> (nothing)" "$(printf '%s\n' "$OUT" | head -1)"

begin "a cycle between folders is refused"
copy_tree
printf '#include "core/trace/trace.hpp"\n' >>tree/src/core/git/status.cpp
run tree/scripts/layering
expect_rc 1
expect_eq "stderr" "scripts/layering: the folder graph has a cycle through: change git trace workspace" "$ERR"

begin "libgit2 outside src/core/git/ is refused"
copy_tree
printf '#include <git2.h>\n' >>tree/src/core/trace/trace.cpp
run tree/scripts/layering
expect_rc 1
expect_eq "stderr" "scripts/layering: only src/core/git/ may include <git2.h>; also included by:
  src/core/trace/trace.cpp" "$ERR"

begin "core including the CLI is refused"
copy_tree
printf '#include "cli/command.hpp"\n' >>tree/src/core/util/time.cpp
run tree/scripts/layering
expect_rc 1
expect_eq "first two lines of stderr" "scripts/layering: src/core/ must not include src/cli/; included by:
  src/core/util/time.cpp" "$(printf '%s\n' "$ERR" | head -2)"

begin "a new dependency the document does not show is reported, and --write records it"
copy_tree
printf '#include "core/util/strings.hpp"\n' >>tree/src/core/message/scissors.cpp
run tree/scripts/layering
expect_rc 1
expect_eq "stderr" "scripts/layering: docs/ARCHITECTURE.md's dependency graph is not the code's (- document, + code);
update the text around it, then run scripts/layering --write
- message    -> (nothing)
+ message    -> util" "$ERR"
run tree/scripts/layering --write
expect_rc 0
run tree/scripts/layering
expect_eq "stderr after --write" "" "$ERR"
expect_rc 0
[ "$(grep -c '^<!-- layering:' tree/docs/ARCHITECTURE.md)" -eq 2 ] || fail "the markers were not kept"

begin "a document without the block is an error"
copy_tree
sed -i '/^<!-- layering:/d' tree/docs/ARCHITECTURE.md
run tree/scripts/layering
expect_rc 1
expect_eq "stderr" "scripts/layering: docs/ARCHITECTURE.md has no layering block (<!-- layering:begin --> ... <!-- layering:end -->)" "$ERR"
