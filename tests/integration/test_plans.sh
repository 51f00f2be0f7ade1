#!/usr/bin/env bash
# Plans as controlled items (IEC 62304 5.1, 6, 7, 8, 9): `git trail init --plans` writes a
# starter set; `git trail plans` reports each plan's item, state, document, sections and last
# change relative to the previous release, and exits 1 while one is a gap.
source "$(dirname "$0")/lib.sh"

# Commits everything in the current repository with the hooks installed (a real commit).
commit_all() {
  git add -A
  git commit -q -m "$1"
}

# The block `git trail plans` prints for a starter plan, given its type, ID, title, status,
# document, the short id of its last change and its sections (the remaining arguments as
# "Name:line"); GAP_LINES, when set, follows.
starter_block() {
  local type=$1 id=$2 title=$3 status=$4 short=$5 line=$6 verdict=$7
  shift 7
  local sections="" s
  for s in "$@"; do
    sections+="${sections:+, }${s%%:*} (line ${s##*:})"
  done
  printf '%s\n' "$type plan: $id \"$title\", $status (docs/plans/plans.toml:$line): $verdict" \
    "  document: docs/plans/$type.md" \
    "  last changed: $short 2026-01-01 (no previous release)" \
    "  asked for by: [plans.$type] (trail.toml:$(grep -n "^\[plans.$type\]" trail.toml | cut -d: -f1))" \
    "  sections: $sections"
  if [ "$status" = draft ]; then
    printf '%s\n' "  gap: $id is 'draft', not in an approved state"
  fi
}

# The whole report of the starter set at HEAD, every plan in STATUS.
starter_report() {
  local status=$1 verdict=$2 short
  short=$(git rev-parse --short=12 HEAD)
  echo "Plans at $short (HEAD); no previous release"
  echo
  starter_block development PLAN-1 "Software development plan" "$status" "$short" 5 "$verdict" \
    Scope:7 "Life cycle:12" Deliverables:17 "Relation to system development:22" \
    "Standards, methods and tools:27" "Integration and integration testing:32" \
    "Keeping this plan up to date:36"
  echo
  starter_block maintenance PLAN-2 "Software maintenance plan" "$status" "$short" 12 "$verdict" \
    Scope:7 "Feedback and problem reports:11" "Change requests:16" \
    "Modification and re-release:20" "Communicating changes:25"
  echo
  starter_block configuration-management PLAN-3 "Software configuration management plan" \
    "$status" "$short" 19 "$verdict" Scope:7 "Configuration items:11" \
    "Identification and versions:16" SOUP:21 "Change control:26" \
    "Configuration status records:31"
  echo
  starter_block risk-management PLAN-4 "Software risk management plan" "$status" "$short" 26 \
    "$verdict" Scope:7 "Software contributing to hazards:11" "Risk control measures:16" \
    "Verification of risk controls:21" "Changes and safety impact:25"
  echo
  starter_block verification PLAN-5 "Software verification plan" "$status" "$short" 33 \
    "$verdict" Scope:7 "What is verified:11" "Methods and acceptance criteria:16" \
    "Unit verification:20" "Integration and system testing:24" "Regression testing:29" \
    Records:33
  echo
  starter_block documentation PLAN-6 "Documentation plan" "$status" "$short" 40 "$verdict" \
    Scope:7 Documents:11 "Review and approval:15" Archiving:19
  echo
  starter_block problem-resolution PLAN-7 "Software problem resolution plan" "$status" \
    "$short" 47 "$verdict" Scope:7 "Problem reports:12" "Investigation and evaluation:16" \
    "Informing stakeholders:20" "Change control:24" "Verifying the fix:28" "Trend analysis:32"
  echo
  if [ "$status" = draft ]; then
    echo "7 plan(s): 0 complete, 7 with gaps"
  else
    echo "7 plan(s): 7 complete, 0 with gaps"
  fi
}

# A repository with a small policy: one plan kind, [plans.development] asking for three
# sections, and PLAN-1 pointing at docs/dev.md (approved). Leaves the shell in it.
small_repo() {
  new_repo repo
  write trail.toml '[kinds.plan]' "pattern = 'PLAN-\\d+'" \
    'states = ["draft", "approved", "retired"]' \
    '[registry]' 'files = ["docs/*.toml"]' \
    '[plans.development]' 'sections = ["Scope", "Life cycle", "Tools"]'
  write docs/plans.toml '[[items]]' 'id = "PLAN-1"' 'title = "Development plan"' \
    'status = "approved"' 'plan = "development"' 'document = "docs/dev.md"'
  write docs/dev.md '# Development plan' '' '## 1 Scope' '' 'Life Cycle' '----------' \
    '' '```' '## Tools' '```' '' '### 2.1 TOOLS'
}

begin "init --plans writes the starter set and keeps files that exist"
git init -q repo && cd repo
write docs/plans/maintenance.md '# Our own maintenance plan'
run git trail init --plans
expect_rc 0
expect_eq "init output" "trail.toml: written
.gitmessage: written
docs/plans/development.md: written
docs/plans/maintenance.md: already exists, left as it is
docs/plans/configuration-management.md: written
docs/plans/risk-management.md: written
docs/plans/verification.md: written
docs/plans/documentation.md: written
docs/plans/problem-resolution.md: written
docs/plans/plans.toml: written
commit.template: set to .gitmessage (read from the top of the working tree)
Next: review trail.toml and docs/plans/, then run 'git trail hooks install'." "$OUT"
expect_eq "kept file" "# Our own maintenance plan" "$(cat docs/plans/maintenance.md)"
expect_eq "written starter" "$(cat "$TRAIL_SOURCE_DIR/templates/plans/plans.toml")" \
  "$(cat docs/plans/plans.toml)"

begin "init --plans under a trail.toml without plans says what it lacks"
git init -q repo && cd repo
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" '[registry]' 'files = ["docs/*.toml"]'
run git trail init --plans
expect_rc 0
expect_eq "notes" "note: trail.toml has no kind with role = \"plan\", so docs/plans/plans.toml will not load; add [kinds.plan] and the [plans.*] tables of the default policy (docs/plans.md)
note: [registry] files in trail.toml does not include docs/plans/plans.toml; add \"docs/plans/*.toml\"" \
  "$(printf '%s\n' "$OUT" | grep '^note:')"

begin "the draft starter set: every plan is a gap, exit 1"
new_repo repo
git trail init --plans >/dev/null
commit_all "Add the starter plans"
run git trail plans
expect_rc 1
expect_eq "report" "$(starter_report draft GAP)" "$OUT"

begin "the starter set approved: every plan is evidence, exit 0"
new_repo repo
git trail init --plans >/dev/null
sed -i 's/^status = "draft"/status = "approved"/' docs/plans/plans.toml
commit_all "Approve the plans"
run git trail plans
expect_rc 0
expect_eq "report" "$(starter_report approved evidence)" "$OUT"

begin "sections: any level, setext, numbering and case ignored, code fences skipped"
small_repo
commit_all "Add the development plan"
short=$(git rev-parse --short=12 HEAD)
run git trail plans
expect_rc 0
expect_eq "report" "Plans at $short (HEAD); no previous release

development plan: PLAN-1 \"Development plan\", approved (docs/plans.toml:1): evidence
  document: docs/dev.md
  last changed: $short 2026-01-01 (no previous release)
  asked for by: [plans.development] (trail.toml:6)
  sections: Scope (line 3), Life cycle (line 5), Tools (line 12)

1 plan(s): 1 complete, 0 with gaps" "$OUT"

begin "a missing section is named with the document's path, exit 1"
small_repo
sed -i 's/^### 2.1 TOOLS/Nothing about tools here./' docs/dev.md
commit_all "Add the development plan"
short=$(git rev-parse --short=12 HEAD)
run git trail plans
expect_rc 1
expect_eq "report" "Plans at $short (HEAD); no previous release

development plan: PLAN-1 \"Development plan\", approved (docs/plans.toml:1): GAP
  document: docs/dev.md
  last changed: $short 2026-01-01 (no previous release)
  asked for by: [plans.development] (trail.toml:6)
  sections: Scope (line 3), Life cycle (line 5), Tools (missing)
  gap: docs/dev.md has no section \"Tools\"

1 plan(s): 0 complete, 1 with gaps" "$OUT"

begin "a plan with no item, a missing document, and a type only an item names"
small_repo
write trail.toml '[kinds.plan]' "pattern = 'PLAN-\\d+'" \
  'states = ["draft", "approved", "retired"]' \
  '[registry]' 'files = ["docs/*.toml"]' \
  '[plans.development]' 'sections = ["Scope"]' '[plans.verification]'
write docs/plans.toml '[[items]]' 'id = "PLAN-1"' 'status = "approved"' 'plan = "development"' \
  'document = "docs/missing.md"' '[[items]]' 'id = "PLAN-2"' 'status = "approved"' \
  'plan = "maintenance"' 'document = "docs/dev.md"'
commit_all "Plans with gaps"
short=$(git rev-parse --short=12 HEAD)
run git trail plans
expect_rc 1
expect_eq "report" "Plans at $short (HEAD); no previous release

development plan: PLAN-1, approved (docs/plans.toml:1): GAP
  document: docs/missing.md (not found)
  asked for by: [plans.development] (trail.toml:6)
  sections: Scope (unknown)
  gap: docs/missing.md is not in the tree

maintenance plan: PLAN-2, approved (docs/plans.toml:6): evidence
  document: docs/dev.md
  last changed: $short 2026-01-01 (no previous release)
  sections: none asked for ([plans.maintenance] is not in the policy)

verification plan: no item: GAP
  asked for by: [plans.verification] (trail.toml:8)
  sections: none asked for
  gap: no registry item has plan = \"verification\"

3 plan(s): 1 complete, 2 with gaps" "$OUT"

begin "a plan changed after the previous release tag, another unchanged since"
small_repo
write docs/test.md '# Verification plan' '## Scope'
write docs/more.toml '[[items]]' 'id = "PLAN-2"' 'status = "approved"' 'plan = "verification"' \
  'document = "docs/test.md"'
commit_all "Add the plans"
first=$(git rev-parse --short=12 HEAD)
git tag v1.0
echo 'More about tools.' >>docs/dev.md
GIT_COMMITTER_DATE="2026-02-03T12:00:00Z" commit_all "Update the development plan"
second=$(git rev-parse --short=12 HEAD)
run git trail plans
expect_rc 0
expect_eq "report" "Plans at $second (HEAD); previous release v1.0 ($first)

development plan: PLAN-1 \"Development plan\", approved (docs/plans.toml:1): evidence
  document: docs/dev.md
  last changed: $second 2026-02-03, changed since v1.0
  asked for by: [plans.development] (trail.toml:6)
  sections: Scope (line 3), Life cycle (line 5), Tools (line 12)

verification plan: PLAN-2, approved (docs/more.toml:1): evidence
  document: docs/test.md
  last changed: $first 2026-01-01, unchanged since v1.0
  sections: none asked for ([plans.verification] is not in the policy)

2 plan(s): 2 complete, 0 with gaps" "$OUT"
run git trail plans v1.0
expect_rc 0
expect_eq "at the tag" "Plans at $first (v1.0); no previous release" "$(printf '%s\n' "$OUT" | head -1)"
expect_eq "at the tag: last change" \
  "  last changed: $first 2026-01-01 (no previous release)" \
  "$(printf '%s\n' "$OUT" | grep -m1 'last changed')"

begin "--format json: the same facts"
small_repo
commit_all "Add the development plan"
commit=$(git rev-parse HEAD)
run git trail plans --format json
expect_rc 0
expect_eq "json" "{
  \"commit\": \"$commit\",
  \"rev\": \"HEAD\",
  \"previous_release\": null,
  \"plans\": [
    {
      \"type\": \"development\",
      \"required\": true,
      \"required_at\": \"trail.toml:6\",
      \"item\": {
        \"id\": \"PLAN-1\",
        \"title\": \"Development plan\",
        \"status\": \"approved\",
        \"defined_at\": \"docs/plans.toml:1\"
      },
      \"approved\": true,
      \"closed\": false,
      \"document\": {
        \"path\": \"docs/dev.md\",
        \"found\": true,
        \"last_change\": {
          \"commit\": \"$commit\",
          \"date\": \"2026-01-01\"
        },
        \"changed_since_release\": false
      },
      \"headings\": [
        {
          \"level\": 1,
          \"text\": \"Development plan\",
          \"line\": 1
        },
        {
          \"level\": 2,
          \"text\": \"1 Scope\",
          \"line\": 3
        },
        {
          \"level\": 2,
          \"text\": \"Life Cycle\",
          \"line\": 5
        },
        {
          \"level\": 3,
          \"text\": \"2.1 TOOLS\",
          \"line\": 12
        }
      ],
      \"sections\": [
        {
          \"name\": \"Scope\",
          \"found\": true,
          \"line\": 3
        },
        {
          \"name\": \"Life cycle\",
          \"found\": true,
          \"line\": 5
        },
        {
          \"name\": \"Tools\",
          \"found\": true,
          \"line\": 12
        }
      ],
      \"missing_sections\": [],
      \"gaps\": [],
      \"complete\": true
    }
  ],
  \"summary\": {
    \"plans\": 1,
    \"complete\": 1,
    \"gaps\": 0
  }
}" "$OUT"

begin "registry and policy errors name file, line and column, exit 2"
small_repo
sed -i 's/^plan = "development"/plan = "developmnet"/' docs/plans.toml
git add -A && git commit -q --no-verify -m "A typo"
run git trail plans
expect_rc 2
expect_eq "stdout" "" "$OUT"
expect_eq "stderr" "docs/plans.toml:5:8: error: unknown plan type 'developmnet' in items[0].plan; did you mean 'development'?
    5 | plan = \"developmnet\"
      |        ^" "$ERR"
sed -i 's/^plan = "developmnet"/plan = "development"/' docs/plans.toml
sed -i 's/^\[plans.development\]/[plans.devlopment]/' trail.toml
git add -A && git commit -q --no-verify -m "Another typo"
run git trail plans
expect_rc 2
expect_eq "stderr" "trail.toml:6:8: error: unknown plan type 'devlopment' in plans; did you mean 'development'?
    6 | [plans.devlopment]
      |        ^" "$ERR"

begin "an unknown revision is a usage error, exit 2"
small_repo
commit_all "Add the development plan"
run git trail plans no-such-rev
expect_rc 2
expect_eq "stdout" "" "$OUT"

done_testing
