#!/usr/bin/env bash
# Prints an HTML file to PDF with headless Chromium, as a reader would print it: the page's own
# @page rules (size, margins, margin boxes) and no header or footer added by the browser.
#
#   tests/integration/print_pdf.sh IN.html OUT.pdf
#
# Exit 77 when chromium is not installed (the caller skips), 1 when printing fails or takes
# longer than PRINT_PDF_TIMEOUT seconds (default 60). Chromium runs with a throwaway HOME and
# profile, without network use beyond the file itself; its messages go to OUT.pdf.log.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: print_pdf.sh IN.html OUT.pdf" >&2
  exit 2
fi
in=$1 out=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "print_pdf.sh: chromium is not installed" >&2
  exit 77
fi
[ -f "$in" ] || {
  echo "print_pdf.sh: $in: no such file" >&2
  exit 1
}
in_abs=$(cd "$(dirname "$in")" && pwd)/$(basename "$in")
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
profile=$(mktemp -d "${TMPDIR:-/tmp}/print-pdf.XXXXXX")
trap 'rm -rf "$profile"' EXIT
rm -f "$out_abs"
rc=0
HOME="$profile" XDG_CONFIG_HOME="$profile/config" XDG_CACHE_HOME="$profile/cache" \
  timeout "${PRINT_PDF_TIMEOUT:-60}" "$browser" --headless --no-sandbox --disable-gpu \
  --no-first-run --no-default-browser-check --disable-extensions --disable-sync \
  --user-data-dir="$profile/profile" --no-pdf-header-footer \
  --print-to-pdf="$out_abs" "file://$in_abs" >"$out_abs.log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$out_abs" ]; then
  echo "print_pdf.sh: chromium failed to print $in (exit $rc); its output:" >&2
  cat "$out_abs.log" >&2
  exit 1
fi
