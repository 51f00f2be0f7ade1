#!/usr/bin/env bash
# Runs one libFuzzer target for a fixed time, as ctest's fuzz.<name> does:
#
#   run.sh FUZZER SEED_DIR WORK_DIR SECONDS [DICT]
#
# New inputs go to WORK_DIR/corpus (kept between runs; the committed seeds in SEED_DIR are only
# read), crashes, leaks and timeouts to WORK_DIR/artifacts/. Inputs grow up to
# TRAIL_FUZZ_MAX_LEN bytes (default 1048576, 1 MiB). Exits with libFuzzer's status: 0
# when nothing was found, non-zero on any crash, leak, timeout (an input running over 25 s),
# out-of-memory or sanitizer report, after printing the artifact's path.
set -uo pipefail
fuzzer=$1 seeds=$2 work=$3 seconds=$4 dict=${5:-}
mkdir -p "$work/corpus" "$work/artifacts"
args=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len="${TRAIL_FUZZ_MAX_LEN:-1048576}"
  -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$work/artifacts/")
[ -n "$dict" ] && args+=(-dict="$dict")
# Every sanitizer report is fatal; libFuzzer then writes the input and exits non-zero.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"
before=$(ls "$work/artifacts" | wc -l)
"$fuzzer" "${args[@]}" "$work/corpus" "$seeds" 2>"$work/log"
status=$?
grep -E '^(==|INFO: Seed|INFO: Loaded|#[0-9]+ +DONE|stat::|SUMMARY|artifact_prefix|Test unit written|MS:|base unit)' "$work/log" | tail -n 40
if [ "$status" -ne 0 ]; then
  echo "FUZZ FAILURE: $(basename "$fuzzer") exited $status; full log: $work/log" >&2
  tail -n 60 "$work/log" >&2
  for artifact in $(ls -t "$work/artifacts" | head -n $(( $(ls "$work/artifacts" | wc -l) - before ))); do
    echo "crash artifact: $work/artifacts/$artifact (reproduce: $fuzzer $work/artifacts/$artifact)" >&2
  done
  exit "$status"
fi
echo "$(basename "$fuzzer"): no crash, leak or sanitizer report in ${seconds}s"
