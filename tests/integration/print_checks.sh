# Checks on a report printed to PDF (print_pdf.sh), shared by the suites that print one
# (test_audit_print.sh, test_reports_print.sh); sourced after lib.sh.

# The pages of PDF as text, one file per page: $pages_dir/1.txt ... (pdftotext, reading order;
# pages end with a form feed).
split_pages() {
  local pdf=$1
  pages_dir=$CASE_DIR/pages
  mkdir -p "$pages_dir"
  pdftotext "$pdf" - | awk -v dir="$pages_dir" '
    BEGIN { n = 1 }
    {
      while ((i = index($0, "\f")) > 0) {
        print substr($0, 1, i - 1) >(dir "/" n ".txt")
        close(dir "/" n ".txt")
        $0 = substr($0, i + 1)
        n++
      }
      print >(dir "/" n ".txt")
    }'
}

# Checks that every page of PDF (COUNT pages) carries each of the remaining strings on a line
# of its own, and "Page N of COUNT".
expect_on_every_page() {
  local pdf=$1 count=$2
  shift 2
  split_pages "$pdf"
  for ((n = 1; n <= count; n++)); do
    for s in "$@" "Page $n of $count"; do
      grep -qxF -- "$s" "$pages_dir/$n.txt" || fail "page $n of $count lacks the line \"$s\""
    done
    # No other page number on this page.
    expect_eq "page numbers on page $n" "Page $n of $count" "$(grep -E '^Page [0-9]+ of [0-9]+$' "$pages_dir/$n.txt")"
  done
}

# The values HTML keeps on one line: the text of its no-wrap spans (up to the first tag), unescaped,
# at least 3 characters long, one a line, each once.
nowrap_values() {
  grep -oE '<span class="nw[^"]*"[^>]*>[^<]{3,}' "$1" | sed -E 's/^<span[^>]*>//' |
    sed -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&hellip;/…/g' \
      -e 's/&amp;/\&/g' | sort -u
}

# Fails when a value of VALUES (one a line) is split across two lines of TEXT: the last word of a
# line and the first word of the next hold it together, neither alone.
expect_no_split() {
  local values=$1 text=$2
  local splits
  splits=$(awk -v values="$values" '
    BEGIN { n = split(values, v, "\n") }
    {
      first = $1
      if (NR > 1 && prev != "" && first != "") {
        joined = prev first
        for (i = 1; i <= n; i++) {
          if (v[i] != "" && index(joined, v[i]) && !index(prev, v[i]) && !index(first, v[i]))
            printf "%s | %s  (%s)\n", prev, first, v[i]
        }
      }
      prev = NF ? $NF : ""
    }' "$text")
  expect_eq "values split across lines" "" "$splits"
}
