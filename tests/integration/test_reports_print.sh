#!/usr/bin/env bash
# The traceability matrix and the changelog printed (docs/cli.md, trace; docs/changelog.md):
# `--format html` on a repository with two kinds, printed to PDF by headless Chromium
# (print_pdf.sh) and read back with poppler-utils: every page carries the document id, the
# product, the revision, the commit's date and "Page N of M"; each kind of the trace starts on a
# page of its own with its heading; no ID or commit id is split across lines. Skipped (exit 77)
# without chromium or poppler-utils.
source "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/print_checks.sh"

begin "the trace printed to PDF: pages identified and numbered, a kind per page, no value split"
if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null ||
  ! command -v pdfinfo >/dev/null; then
  skip "needs chromium and poppler-utils (pdftotext, pdfinfo): scripts/install-deps installs them"
  exit 77
fi
git init -q pump && cd pump
git trail init >/dev/null
sed -i 's/^# name = "Infusion pump controller"/name = "Infusion pump controller"/' trail.toml
# Enough requirements to fill more than one page, and a few problem reports.
{
  for i in $(seq 1 60); do
    printf '[[items]]\nid = "SRS-%d"\ntitle = "Requirement %d of the dosing <engine> & its alarms"\nstatus = "approved"\n\n' "$i" "$i"
  done
} >docs-srs.toml
mkdir -p docs/requirements docs/problems
mv docs-srs.toml docs/requirements/srs.toml
for i in 1 2 3; do
  printf '[[items]]\nid = "PR-%d"\ntitle = "Problem %d"\nstatus = "open"\n\n' "$i" "$i"
done >docs/problems/pr.toml
git add -A
git commit -q -m "Adopt git-trail"
for i in $(seq 1 60); do
  echo "int f$i(void) { return $i; }" >"f$i.c"
  git add "f$i.c"
  git commit -q -m "Implement $i" -m "Implements: SRS-$i"
done
git commit -q --allow-empty -m "Fix 1" -m "Fixes: PR-1"
commit=$(git rev-parse HEAD)
date=$(git log -1 --format=%cI)

run git trail trace --format html -o trace.html
[ -s trace.html ] || fail "git trail trace -o trace.html wrote no file; stderr: $ERR"
doc_id=$(sed -nE 's|.*document <span class="nw">(TRACE-[0-9a-f]{12}-[0-9a-f]{12})</span>.*|\1|p' trace.html)
[ -n "$doc_id" ] || fail "no document id in trace.html"
expect_eq "document id names the revision" "TRACE-${commit:0:12}" "${doc_id:0:18}"
# The same matrix gives the same document, identifier included.
git trail trace --format html -o again.html 2>/dev/null
expect_eq "reproducible" "" "$(diff trace.html again.html)"

bash "$here/print_pdf.sh" trace.html trace.pdf || fail "print_pdf.sh failed"
pages=$(pdfinfo trace.pdf | sed -nE 's/^Pages: +([0-9]+)$/\1/p')
[ "$pages" -ge 3 ] || fail "expected the requirements over two or more pages and the problem reports on their own; got $pages pages"
expect_on_every_page trace.pdf "$pages" "$doc_id" "Infusion pump controller" \
  "Revision ${commit:0:12}" "Traceability matrix, $date"
# Each kind starts a page: the page holding the problem-report heading holds no requirement.
pr_page=$(grep -lxE 'problem-report \(3 items, 0 with gaps\)' "$pages_dir"/*.txt)
[ -n "$pr_page" ] || fail "no page has the problem-report heading"
expect_eq "requirements on the problem-report page" "" "$(grep -oE '^SRS-[0-9]+$' "$pr_page" || true)"
# (The starter policy asks requirements to be verified, problem reports nothing: no test, so
# every requirement has a gap.)
expect_eq "requirement heading on page 1" "requirement (60 items, 60 with gaps)" \
  "$(grep -xE 'requirement \(.*\)' "$pages_dir/1.txt")"
# IDs and commit ids stay whole.
pdftotext -layout trace.pdf trace.txt
expect_no_split "$(nowrap_values trace.html)" trace.txt

begin "the changelog printed to PDF: pages identified and numbered"
cd "$TEST_ROOT"/the_trace*/pump
run git trail changelog "$(git rev-list --max-parents=0 HEAD)..HEAD" --format html -o changelog.html
expect_rc 0
doc_id=$(sed -nE 's|^<tr><th>Document</th><td>(CHANGELOG-[0-9a-f]{12}-[0-9a-f]{12})</td></tr>$|\1|p' changelog.html)
expect_eq "document id names the end" "CHANGELOG-${commit:0:12}" "${doc_id:0:22}"
expect_eq "the JSON's id" "$doc_id" \
  "$(git trail changelog "$(git rev-list --max-parents=0 HEAD)..HEAD" --format json | jq -r .document_id)"
bash "$here/print_pdf.sh" changelog.html changelog.pdf || fail "print_pdf.sh failed"
pages=$(pdfinfo changelog.pdf | sed -nE 's/^Pages: +([0-9]+)$/\1/p')
[ "$pages" -ge 2 ] || fail "expected the 60 requirements' changes over two or more pages; got $pages"
expect_on_every_page changelog.pdf "$pages" "$doc_id" "Infusion pump controller" \
  "Revision ${commit:0:12} (HEAD)" "Changelog $(git rev-list --max-parents=0 HEAD) to HEAD, $date"

done_testing
