#!/usr/bin/env bash
# `git trail class`: every class decision at a revision and its rationale (IEC 62304 4.3,
# 5.3.5). A class below the system's applies only with class_rationale (and, for a software
# item of a class C system, segregation); overlapping configuration items take the stricter
# class, in the report and in the manifest.
# verifies: GT-26
source "$(dirname "$0")/lib.sh"

# Makes ./repo with a trail.toml of the given [project] class ("" for none) followed by the
# remaining arguments as lines, and a registry docs/items.toml from $ITEMS; commits it all.
class_repo() {
  local class=$1
  shift
  git init -q repo && cd repo
  {
    if [ -n "$class" ]; then printf '%s\n' '[project]' 'name = "Pump"' "safety_class = \"$class\""; fi
    printf '%s\n' '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
      '[kinds.problem-report]' "pattern = 'PR-\\d+'" 'states = ["open", "closed"]' \
      'closed_states = ["closed"]' \
      '[kinds.soup]' "pattern = 'SOUP-\\d+'" \
      '[registry]' 'files = ["docs/*.toml"]' "$@"
  } >trail.toml
  mkdir -p docs src/dosing src/ui
  printf '%s\n' "${ITEMS[@]}" >docs/items.toml
  echo 'int limit;' >src/dosing/limit.c
  echo 'int view;' >src/ui/view.c
  git add -A
  git commit -q --no-verify -m "Start"
}

begin "a requirement below the system class without class_rationale: C applies, exit 1"
ITEMS=('[[items]]' 'id = "SRS-1"' 'title = "Help text"' 'class = "A"')
class_repo C
run git trail class
expect_rc 1
expect_eq "report" "class decisions at $(git rev-parse --short=12 HEAD)
system class: C ([project] safety_class)
configuration items (0):
registry items with a class of their own (1):
  SRS-1 (requirement): class A, below the system class C
    MISSING class_rationale: system class C applies (IEC 62304 4.3)
1 class decision(s) not justified" "$OUT"
expect_eq "stderr" "" "$ERR"

begin "the same requirement with its class_rationale: class A applies, exit 0"
ITEMS=('[[items]]' 'id = "SRS-1"' 'title = "Help text"' 'class = "A"'
  'class_rationale = "wording on the help screen; no dose depends on it"')
class_repo C
run git trail class
expect_rc 0
expect_eq "report" "class decisions at $(git rev-parse --short=12 HEAD)
system class: C ([project] safety_class)
configuration items (0):
registry items with a class of their own (1):
  SRS-1 (requirement): class A, below the system class C
    rationale: wording on the help screen; no dose depends on it
every class decision is justified" "$OUT"

begin "class C project: a class A SOUP record with a rationale but no segregation (5.3.5)"
ITEMS=('[[items]]' 'id = "SOUP-1"' 'title = "fmt"' 'manufacturer = "fmt"' 'version = "10.1.1"'
  'class = "A"' 'class_rationale = "formats log lines only"')
class_repo C
run git trail class
expect_rc 1
expect_eq "report" "class decisions at $(git rev-parse --short=12 HEAD)
system class: C ([project] safety_class)
configuration items (0):
registry items with a class of their own (1):
  SOUP-1 (soup): class A, below the system class C
    rationale: formats log lines only
    MISSING segregation: system class C applies (IEC 62304 5.3.5)
1 class decision(s) not justified" "$OUT"
# In a class B system the rationale suffices: segregation is a class C activity.
sed -i 's/safety_class = "C"/safety_class = "B"/' trail.toml
git commit -q --no-verify -am "Class B"
run git trail class
expect_rc 0
expect_eq "class B" "class decisions at $(git rev-parse --short=12 HEAD)
system class: B ([project] safety_class)
configuration items (0):
registry items with a class of their own (1):
  SOUP-1 (soup): class A, below the system class B
    rationale: formats log lines only
every class decision is justified" "$OUT"

begin "a critical problem report at class A with no rationale and no evaluation"
ITEMS=('[[items]]' 'id = "PR-1"' 'title = "Overdose after restart"' 'status = "open"'
  'severity = "critical"' 'class = "A"')
class_repo C
run git trail class
expect_rc 1
expect_eq "report" "class decisions at $(git rev-parse --short=12 HEAD)
system class: C ([project] safety_class)
configuration items (0):
registry items with a class of their own (1):
  PR-1 (problem-report): class A, below the system class C
    MISSING class_rationale: system class C applies (IEC 62304 4.3)
1 class decision(s) not justified" "$OUT"

begin "overlapping configuration items: the stricter class applies to the shared files"
ITEMS=()
class_repo C '[[configuration_items]]' 'name = "dosing"' 'paths = ["src/dosing/**"]' 'class = "C"' \
  '[[configuration_items]]' 'name = "ui"' 'paths = ["src/**"]' 'class = "B"' \
  'class_rationale = "shows values; the pump stops on a display fault"' \
  'segregation = "separate process; reads dosing state through a read-only channel"'
run git trail class
expect_rc 0
expect_eq "report" "class decisions at $(git rev-parse --short=12 HEAD)
system class: C ([project] safety_class)
configuration items (2):
  dosing: class C
    shares src/dosing/limit.c with ui (class B): class C applies to it
  ui: class B, below the system class C
    rationale: shows values; the pump stops on a display fault
    segregation: separate process; reads dosing state through a read-only channel
    shares src/dosing/limit.c with dosing (class C): class C applies to it
registry items with a class of their own (0):
every class decision is justified" "$OUT"
run git trail manifest
expect_rc 0
expect_eq "manifest items" '  "configuration_items": [
    {
      "name": "dosing",
      "class": "C",
      "paths": [
        "src/dosing/**"
      ],
      "sha256": "'"$(sha256sum src/dosing/limit.c | sha256sum | cut -d' ' -f1)"'",
      "files": [
        {
          "path": "src/dosing/limit.c",
          "mode": "100644",
          "object": "'"$(git rev-parse HEAD:src/dosing/limit.c)"'",
          "sha256": "'"$(sha256sum src/dosing/limit.c | cut -d' ' -f1)"'"
        }
      ]
    },
    {
      "name": "ui",
      "class": "B",
      "class_rationale": "shows values; the pump stops on a display fault",
      "segregation": "separate process; reads dosing state through a read-only channel",
      "paths": [
        "src/**"
      ],
      "sha256": "'"$(sha256sum src/dosing/limit.c src/ui/view.c | sha256sum | cut -d' ' -f1)"'",
      "files": [
        {
          "path": "src/dosing/limit.c",
          "mode": "100644",
          "object": "'"$(git rev-parse HEAD:src/dosing/limit.c)"'",
          "sha256": "'"$(sha256sum src/dosing/limit.c | cut -d' ' -f1)"'"
        },
        {
          "path": "src/ui/view.c",
          "mode": "100644",
          "object": "'"$(git rev-parse HEAD:src/ui/view.c)"'",
          "sha256": "'"$(sha256sum src/ui/view.c | cut -d' ' -f1)"'"
        }
      ],
      "stricter_files": [
        {
          "path": "src/dosing/limit.c",
          "class": "C",
          "items": [
            "dosing"
          ]
        }
      ]
    }
  ],' "$(printf '%s\n' "$OUT" | sed -n '/^  "configuration_items"/,/^  \],/p')"

begin "overlaps survive the release tag: verify reads stricter_files back"
ITEMS=()
class_repo A '[[configuration_items]]' 'name = "all"' 'paths = ["src/**"]' 'class = "A"' \
  '[[configuration_items]]' 'name = "dosing"' 'paths = ["src/dosing/**"]' 'class = "C"' \
  '[release]' 'results_required_for = []' # about the classes in the tag, not about verification
run git trail release v1.0.0
expect_rc 0
run git trail verify v1.0.0
expect_rc 0
expect_eq "stored" '"stricter_files": [ { "path": "src/dosing/limit.c", "class": "C", "items": [ "dosing" ] } ]' \
  "$(git tag -l --format='%(contents)' v1.0.0 | sed -n '/"stricter_files"/,/^      \]/p' | tr -s ' \n' ' ' | sed 's/ $//;s/^ *//')"

begin "a configuration item below the system class without rationale: the manifest applies C"
ITEMS=()
class_repo C '[[configuration_items]]' 'name = "ui"' 'paths = ["src/ui/**"]' 'class = "A"'
run git trail class
expect_rc 1
expect_eq "report" "class decisions at $(git rev-parse --short=12 HEAD)
system class: C ([project] safety_class)
configuration items (1):
  ui: class A, below the system class C
    MISSING class_rationale and segregation: system class C applies (IEC 62304 4.3, 5.3.5)
registry items with a class of their own (0):
1 class decision(s) not justified" "$OUT"
run git trail manifest
expect_eq "manifest class" '      "name": "ui",
      "class": "C",
      "declared_class": "A",' "$(printf '%s\n' "$OUT" | grep -A2 '"name": "ui"')"

begin "undeclared system class: C applied; JSON; --output"
ITEMS=('[[items]]' 'id = "SRS-1"' 'class = "B"' 'class_rationale = "display only"')
class_repo ""
run git trail class --format json -o ../class.json
expect_rc 0
expect_eq "stderr" "git-trail: wrote ../class.json (1 class decision(s), 0 not justified)" "$ERR"
expect_eq "stdout" "" "$OUT"
expect_eq "json" '{
  "commit": "'"$(git rev-parse HEAD)"'",
  "system": {
    "class": "C",
    "declared": false
  },
  "configuration_items": [],
  "items": [
    {
      "id": "SRS-1",
      "kind": "requirement",
      "declared_class": "B",
      "applied_class": "B",
      "below_system_class": true,
      "class_rationale": "display only",
      "segregation": null,
      "missing": [],
      "justified": true,
      "defined_at": "docs/items.toml:1"
    }
  ],
  "unjustified": 0
}' "$(cat ../class.json)"
run git trail class
expect_eq "text" "class decisions at $(git rev-parse --short=12 HEAD)
system class: undeclared: C applied ([project] safety_class is not set)
configuration items (0):
registry items with a class of their own (1):
  SRS-1 (requirement): class B, below the system class C
    rationale: display only
every class decision is justified" "$OUT"

begin "the report is of REV, under REV's policy and registry"
ITEMS=('[[items]]' 'id = "SRS-1"' 'class = "A"')
class_repo C
first=$(git rev-parse HEAD)
printf '%s\n' 'class_rationale = "help text"' >>docs/items.toml
git commit -q --no-verify -am "Give the rationale"
run git trail class
expect_rc 0
run git trail class "$first"
expect_rc 1

begin "errors: a class_rationale that is not text, an unknown revision (exit 2)"
ITEMS=('[[items]]' 'id = "SRS-1"' 'class = "A"' 'class_rationale = 3')
class_repo C
run git trail class
expect_rc 2
expect_eq "error" "docs/items.toml:4:19: error: wrong type for items[0].class_rationale: expected a string, found an integer
    4 | class_rationale = 3
      |                   ^" "$ERR"
run git trail class nowhere
expect_rc 2

done_testing
