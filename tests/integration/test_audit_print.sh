#!/usr/bin/env bash
# The audit printed (docs/audit.md, "Printing"): `git trail audit --format html` on a small class C
# repository, printed to PDF by headless Chromium (print_pdf.sh) as a reader would print it, then
# read back with poppler-utils: the page count, the document id, product, revision and
# "Page N of M" on every page, the commit's date in the footer, and no identifier, date, digest
# or clause split across lines. Skipped (exit 77) when chromium or poppler-utils is missing.
source "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/print_checks.sh"

# Fails when the heading of an area (an h2 of HTML but the summary's, tools' and notes') is apart
# from its table (the last thing on its page, say): in the laid-out TEXT of the PDF, the next line
# after each area's name must be its table's header row.
expect_headings_kept() {
  local html=$1 text=$2
  local names orphans
  names=$(grep -E '^<h2>' "$html" | sed -E 's|^<h2>(.*)</h2>$|\1|' |
    grep -vxE 'Summary|Tools and environment|Notes: digests in full' | sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' \
    -e "s/&apos;/'/g" -e 's/&amp;/\&/g')
  [ -n "$names" ] || fail "no area table in $html"
  orphans=$(awk -v names="$names" '
    BEGIN { n = split(names, v, "\n"); for (i = 1; i <= n; i++) area[v[i]] = 1 }
    { line = $0; gsub(/^[ \f]+|[ ]+$/, "", line) }
    line == "" { next }
    waiting != "" { if (line !~ /^No\. +Activity/) print waiting " is followed by: " line; waiting = "" }
    line in area { waiting = line }
    END { if (waiting != "") print waiting " ends the document" }' "$text")
  expect_eq "area headings apart from their tables" "" "$orphans"
}

begin "the audit printed to PDF: each page identified and numbered, no value split"
if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null ||
  ! command -v pdfinfo >/dev/null; then
  skip "needs chromium and poppler-utils (pdftotext, pdfinfo): scripts/install-deps installs them"
  exit 77
fi
new_repo pump
git trail init >/dev/null
sed -i -e 's/^# name = "Infusion pump controller"/name = "Infusion pump controller"/' \
  -e 's/^# safety_class = "C"/safety_class = "C"/' trail.toml
cat >>trail.toml <<'TOML'

[[registry.file_links]]
files = ["tests/**"]
pattern = '(verifies|implements):\s*(SRS-\d+)'
TOML
write docs/requirements/dosing.toml '[[items]]' 'id = "SRS-12"' \
  'title = "The pump computes the dosing rate <from> volume & duration"' 'status = "approved"' \
  'class = "C"'
git add -A
git commit -q -m "Adopt git-trail"
write src/dosing/rate.c "int rate_ml_per_h(void) { return 42; }"
write tests/rate_test.c "// verifies: SRS-12"
git add -A
git commit -q -F - <<'MSG'
Compute the dosing rate

Implements: SRS-12
Safety-Impact: high
Safety-Rationale: wrong rates over-infuse
Reviewed-by: Rhea Reviewer <rhea@example.com>
MSG
commit=$(git rev-parse HEAD)

run git trail audit --format html -o audit.html
expect_rc 1 # no plans, no results: gaps
[ -s audit.html ] || fail "git trail audit -o audit.html wrote no file; stderr: $ERR"
doc_id=$(sed -nE 's|^<tr><th scope="row">Document</th><td><span class="nw">([^<]*)</span>.*|\1|p' audit.html)
[ -n "$doc_id" ] || fail "no document id in the summary of audit.html"

started=$(date +%s)
bash "$here/print_pdf.sh" audit.html audit.pdf || fail "print_pdf.sh failed"
echo "printed in $(($(date +%s) - started)) s"
pages=$(pdfinfo audit.pdf | sed -nE 's/^Pages: +([0-9]+)$/\1/p')
# What the content needs: the summary, the 14 areas' 91 lines, the tools and notes, on A4
# landscape. The number follows the fixture and the engine's wording; a change in it means the
# layout or the content changed: look at the pages (pdftoppm -png) before changing it.
expect_eq "page count" "12" "$pages"
expect_on_every_page audit.pdf "$pages" "$doc_id" "Infusion pump controller" \
  "Revision ${commit:0:12} (HEAD)" "IEC 62304 checklist audit, class C, 2026-01-01T12:00:00+00:00"
pdftotext -layout audit.pdf audit.txt
expect_no_split "$(nowrap_values audit.html)" audit.txt
expect_headings_kept audit.html audit.txt
pdftotext audit.pdf audit-flow.txt
expect_no_split "$(nowrap_values audit.html)" audit-flow.txt
# Every line of the checklist is printed, in order, and the last section is there.
numbers=$(grep -oE '^<tr><td class="num">[0-9]+</td>' audit.html | grep -oE '[0-9]+' | tr '\n' ' ')
expect_eq "checklist lines in the HTML" "$(seq -s ' ' 1 91) " "$numbers"
grep -qF "Notes: digests in full" audit-flow.txt || fail "the printed audit lacks its notes"

done_testing
