#!/usr/bin/env bash
# Templates a user supplies (`git trail changelog --template FILE`) are bounded before they are
# parsed: sections nested more than 64 deep (the renderer recurses once per level; kainjow
# mustache, used before, took 58 s for 20,000 nested sections) and templates over 256 KiB are
# refused with exit 2, naming the file and, for the nesting, the line and column of the section
# that goes too deep. Set-delimiter tags are followed, so other delimiters do not get around it.
# verifies: GT-24
source "$(dirname "$0")/lib.sh"

# A repository with two releases and one commit between them.
two_releases() {
  git init -q repo
  cd repo
  git commit -q --allow-empty -m "Start"
  git tag v1.0.0
  git commit -q --allow-empty -m "Add the dose limit"
  git tag v1.1.0
}

# Writes FILE: DEPTH lines "{{#NAME}}", MIDDLE, then DEPTH closing lines.
nested() {
  local file=$1 depth=$2 name=$3 middle=$4 i
  {
    for ((i = 0; i < depth; i++)); do printf '{{#%s}}\n' "$name"; done
    printf '%s\n' "$middle"
    for ((i = depth - 1; i >= 0; i--)); do printf '{{/%s}}\n' "$name"; done
  } >"$file"
}

begin "20,000 nested sections: refused at once, at the 65th"
two_releases
# The red team's template: {{#a}} 20,000 times, then {{/a}} 20,000 times (240,000 bytes).
{
  for ((i = 0; i < 20000; i++)); do printf '{{#a}}'; done
  for ((i = 0; i < 20000; i++)); do printf '{{/a}}'; done
  printf '\n'
} >../deep.mustache
SECONDS=0
run git trail changelog v1.0.0..v1.1.0 --template ../deep.mustache
elapsed=$SECONDS
expect_rc 2
expect_eq "error" "git-trail: error: ../deep.mustache:1:385: error: template nests sections more than 64 deep" "$ERR"
expect_eq "output" "" "$OUT"
[ "$elapsed" -le 5 ] || fail "took ${elapsed}s"

begin "64 nested sections render; inverted sections count too"
two_releases
nested ../ok.mustache 64 complete '{{product}} {{to.name}} {{counts.commits_listed}}'
run git trail changelog v1.0.0..v1.1.0 --template ../ok.mustache
expect_rc 0
expect_eq "output" "unknown v1.1.0 1" "$(printf '%s\n' "$OUT" | sed '/^ *$/d')"
nested ../inverted.mustache 60 complete '{{^shallow_boundary}}{{^a}}{{^b}}{{^c}}{{^d}}x{{/d}}{{/c}}{{/b}}{{/a}}{{/shallow_boundary}}'
run git trail changelog v1.0.0..v1.1.0 --template ../inverted.mustache
expect_rc 2
expect_eq "error" "git-trail: error: ../inverted.mustache:61:40: error: template nests sections more than 64 deep" "$ERR"

begin "set-delimiter tags are followed"
two_releases
{
  printf '{{=<%% %%>=}}\n'
  for ((i = 0; i < 65; i++)); do printf '<%%#a%%>'; done
  printf '\n'
  for ((i = 0; i < 65; i++)); do printf '<%%/a%%>'; done
  printf '\n'
} >../delimiters.mustache
run git trail changelog v1.0.0..v1.1.0 --template ../delimiters.mustache
expect_rc 2
expect_eq "error" "git-trail: error: ../delimiters.mustache:2:385: error: template nests sections more than 64 deep" "$ERR"
# {{#a}} is text once the delimiters changed: 65 of them nest nothing.
{
  printf '{{=<%% %%>=}}'
  for ((i = 0; i < 65; i++)); do printf '{{#a}}'; done
  printf '<%%to.name%%>\n'
} >../text.mustache
run git trail changelog v1.0.0..v1.1.0 --template ../text.mustache
expect_rc 0
expect_eq "output" "$(for ((i = 0; i < 65; i++)); do printf '{{#a}}'; done)v1.1.0" "$OUT"

begin "a template over 256 KiB is refused"
two_releases
head -c 262145 /dev/zero | tr '\0' 'x' >../big.mustache
run git trail changelog v1.0.0..v1.1.0 --template ../big.mustache
expect_rc 2
expect_eq "error" "git-trail: error: ../big.mustache: error: template is larger than 262144 bytes (262145 bytes)" "$ERR"
head -c 262144 /dev/zero | tr '\0' 'x' >../limit.mustache
run git trail changelog v1.0.0..v1.1.0 --template ../limit.mustache
expect_rc 0
expect_eq "output length" "262144" "${#OUT}"

done_testing
