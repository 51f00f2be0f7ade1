#!/bin/bash
# Runs the trailer conformance test: over the shared corpora when CORPUS_DIR holds any
# (*.jsonl.gz), else over a small corpus generated into GENERATED_DIR by make_small_corpus.py
# (git's own `git interpret-trailers --parse` gives the expected trailers), so a checkout
# without the shared folder still checks the parser against git.
#
# Usage: run_conformance.sh TRAILER_CONFORMANCE CORPUS_DIR GENERATED_DIR
# verifies: GT-10
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: run_conformance.sh TRAILER_CONFORMANCE CORPUS_DIR GENERATED_DIR" >&2; exit 2; }
tool=$1 corpus=$2 generated=$3
if compgen -G "$corpus/*.jsonl.gz" >/dev/null; then
  exec "$tool" "$corpus"
fi
echo "no trailer corpora in $corpus: generating a small one with git interpret-trailers"
python3 "$(dirname "$0")/make_small_corpus.py" "$generated" 300
exec "$tool" "$generated"
