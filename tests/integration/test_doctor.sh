#!/usr/bin/env bash
# `git trail doctor` (docs/cli.md): what is installed in a clone or on a server, which policy
# applies, whether the hooks will run and which git-trail they run, and what to fix; exit 1 on
# a problem. Real repositories, real hooks, real pushes.
source "$(dirname "$0")/lib.sh"

# The doctor's output with the case's paths named: $CASE for the case's folder, $BIN for this
# git-trail. GIT_TRAIL (which the harness sets, and the shims obey) is unset, as on a
# developer's machine.
doctor() {
  run env -u GIT_TRAIL git trail doctor "$@"
  OUT=${OUT//"$GIT_TRAIL"/\$BIN}
  OUT=${OUT//"$CASE_DIR"/\$CASE}
}

policy_repo() {
  git init -q repo && cd repo
  git trail init --hooks >/dev/null
  git add -A && git commit -q -m "Adopt git-trail"
}

begin "a clone without hooks or policy: a problem and three warnings, each with its fix"
git init -q repo && cd repo
doctor
expect_rc 1
expect_eq "doctor" 'git-trail doctor: $CASE/repo
ok       git-trail           git-trail 0.1.0 at $BIN
ok       repository          a clone with a work tree (the commit-msg, prepare-commit-msg and pre-push hooks apply)
ok       hooks-folder        $CASE/repo/.git/hooks
problem  commit-msg          not installed: commit messages are not checked when commits are made
                             fix: git trail hooks install
warning  prepare-commit-msg  not installed: messages are not started with the link the branch names
                             fix: git trail hooks install prepare-commit-msg
warning  pre-push            not installed: pushes are not checked before they leave this clone
                             fix: git trail hooks install pre-push
warning  policy              no trail.toml: the default policy applies (the starter file of git trail init)
                             fix: git trail init, then commit trail.toml
git-trail doctor: 1 problem, 3 warnings' "$OUT"

begin "after init --hooks and a commit: everything is in place (exit 0); JSON says the same"
policy_repo
doctor
expect_rc 0
expect_eq "doctor" 'git-trail doctor: $CASE/repo
ok       git-trail           git-trail 0.1.0 at $BIN
ok       repository          a clone with a work tree (the commit-msg, prepare-commit-msg and pre-push hooks apply)
ok       hooks-folder        $CASE/repo/.git/hooks
ok       commit-msg          installed; runs $BIN
ok       prepare-commit-msg  installed; runs $BIN
ok       pre-push            installed; runs $BIN
ok       policy              trail.toml of the working tree, loaded
ok       registry            no registry files at HEAD yet: links are not checked against items
git-trail doctor: everything is in place' "$OUT"
doctor --format json
expect_rc 0
expect_eq "json" '0 0 git-trail,ok repository,ok hooks-folder,ok commit-msg,ok prepare-commit-msg,ok pre-push,ok policy,ok registry,ok' \
  "$(jq -r '"\(.problems) \(.warnings) " + ([.findings[] | "\(.check),\(.status)"] | join(" "))' <<<"$OUT")"

begin "hooks that will not run or cannot find git-trail are problems"
policy_repo
chmod -x .git/hooks/commit-msg
run env GIT_TRAIL=/nowhere/git-trail git trail doctor
expect_rc 1
expect_eq "doctor" "problem  commit-msg          $CASE_DIR/repo/.git/hooks/commit-msg is not executable, so git does not run it: commit messages are not checked when commits are made
                             fix: chmod +x $CASE_DIR/repo/.git/hooks/commit-msg
problem  prepare-commit-msg  installed; GIT_TRAIL=/nowhere/git-trail is no program, so the hook refuses every commit
                             fix: set GIT_TRAIL to git-trail's path, or unset it" \
  "$(grep -A1 -E '^problem' <<<"$OUT" | head -4)"
# The shims do what the doctor says: git skips the non-executable commit-msg hook, and
# prepare-commit-msg refuses.
run env GIT_TRAIL=/nowhere/git-trail git commit -q --allow-empty -m "Checked?"
expect_rc 1
expect_eq "refused" "git-trail: the prepare-commit-msg hook cannot run GIT_TRAIL=/nowhere/git-trail; fix or unset GIT_TRAIL" "$ERR"

begin "a recorded binary that is gone: PATH's git-trail runs (a warning), or none does (a problem)"
git init -q repo && cd repo
cp "$GIT_TRAIL" ../old-git-trail
../old-git-trail hooks install >/dev/null
rm ../old-git-trail
doctor
expect_rc 0
expect_eq "commit-msg" "warning  commit-msg          installed by another git-trail build; records \$CASE/old-git-trail, which is gone: runs git-trail from PATH (${PATH%%:*}/git-trail)
                             fix: git trail hooks install (updates it)" \
  "$(grep -A1 '  commit-msg ' <<<"$OUT")"
run env -u GIT_TRAIL PATH=/usr/bin:/bin "$GIT_TRAIL" doctor
expect_rc 1
expect_eq "no git-trail" "problem  commit-msg          installed by another git-trail build; finds no git-trail (not at $CASE_DIR/old-git-trail, not on PATH), so the hook refuses every commit
                             fix: install git-trail on PATH, or set GIT_TRAIL to its path" \
  "$(grep -A1 '  commit-msg ' <<<"$OUT")"
# And the hook does refuse a commit then, as the doctor said.
run env -u GIT_TRAIL PATH=/usr/bin:/bin git commit -q --allow-empty -m "Unchecked"
expect_rc 1

begin "another hook: a problem unless it (or its manager's configuration) names git-trail"
git init -q repo && cd repo
git trail hooks install prepare-commit-msg pre-push >/dev/null
write .git/hooks/commit-msg '#!/bin/sh' 'exit 0'
chmod +x .git/hooks/commit-msg
doctor
expect_rc 1
expect_eq "foreign" "problem  commit-msg          another hook is there and nothing in it names git-trail: commit messages are not checked when commits are made
                             fix: git trail hooks install --chain (keeps it and runs it first)" \
  "$(grep -A1 '  commit-msg ' <<<"$OUT")"
# pre-commit's hook runs what .pre-commit-config.yaml says.
write .git/hooks/commit-msg '#!/usr/bin/env bash' '# File generated by pre-commit: https://pre-commit.com' 'exec pre-commit hook-impl --hook-type=commit-msg -- "$@"'
write .pre-commit-config.yaml 'repos:' '  - repo: local' '    hooks:' '      - id: git-trail' '        entry: git-trail hook commit-msg' '        language: system' '        stages: [commit-msg]'
doctor
expect_eq "pre-commit" "ok       commit-msg          another hook (a hook manager's) that names git-trail; it runs git-trail if its configuration calls \`git-trail hook commit-msg\`" \
  "$(grep '  commit-msg ' <<<"$OUT")"

begin "core.hooksPath naming a missing folder: git runs no hooks at all"
policy_repo
git config core.hooksPath .githooks
doctor
expect_rc 1
expect_eq "folder" "problem  hooks-folder        \$CASE/repo/.githooks (core.hooksPath) does not exist, so git runs no hooks at all
                             fix: git trail hooks install (creates it), or git config --unset core.hooksPath" \
  "$(grep -A1 '  hooks-folder ' <<<"$OUT")"

begin "the policy: uncommitted changes are a warning, one that does not load a problem"
policy_repo
echo '# a comment' >>trail.toml
doctor
expect_rc 0
expect_eq "changed" "warning  policy              trail.toml of the working tree, loaded; it has changes HEAD does not hold: this clone's hooks enforce them, CI and the server enforce the committed one
                             fix: commit trail.toml (or git restore trail.toml)" \
  "$(grep -A1 '  policy ' <<<"$OUT")"
echo '[kinds.requirement]' >>trail.toml
echo 'pattern = "("' >>trail.toml
doctor
expect_rc 1
expect_eq "broken" "problem  policy              the policy does not load, so every hook refuses: $(git trail check 2>&1 >/dev/null | head -1 | sed 's/^git-trail: error: //')
                             fix: git trail check shows each error at file:line:col" \
  "$(grep -A1 '  policy ' <<<"$OUT")"

begin "a shallow clone is a warning: history past the boundary cannot be judged"
policy_repo
git commit -q --allow-empty -m "Second"
cd .. && git clone -q --depth 1 "file://$PWD/repo" shallow && cd shallow
doctor
expect_eq "shallow" "warning  repository          a clone with a work tree (the commit-msg, prepare-commit-msg and pre-push hooks apply); shallow: history past the boundary cannot be judged, so check, trace and release exit 4 where they need it
                             fix: git fetch --unshallow (in CI, fetch the whole history)" \
  "$(grep -A1 '  repository ' <<<"$OUT")"

begin "a server: no hook and no branch to take the policy from, then both in place"
git init -q --bare server.git
cd server.git
doctor
expect_rc 1
expect_eq "server" 'git-trail doctor: $CASE/server.git
ok       git-trail           git-trail 0.1.0 at $BIN
ok       repository          bare (a server: the pre-receive hook applies)
ok       hooks-folder        $CASE/server.git/hooks
problem  pre-receive         not installed: the server accepts pushes without checking them
                             fix: git trail hooks install
problem  policy              new branches and tags are refused: HEAD names refs/heads/main, which does not exist on this server
                             fix: pin the policy on the server, then push again:
                                 git symbolic-ref HEAD refs/heads/main       HEAD names the branch that holds trail.toml
                                 git config trail.policyRef refs/heads/main  new refs use that branch'"'"'s trail.toml
                                 GIT_TRAIL_POLICY=/etc/git-trail/trail.toml  one file, in the environment git runs hooks with
git-trail doctor: 2 problems, 0 warnings' "$OUT"
git trail hooks install >/dev/null 2>&1
cd "$CASE_DIR" && policy_repo
git push -q ../server.git main 2>/dev/null
cd ../server.git
doctor
expect_rc 0
expect_eq "policy" "ok       policy              new refs are checked against main:trail.toml at $(git rev-parse --short=12 main), HEAD; each branch against its own trail.toml before the push" \
  "$(grep '  policy ' <<<"$OUT")"
git config trail.policyRef refs/heads/release
doctor
expect_rc 1
expect_eq "policyRef" "problem  policy              new branches and tags are refused: trail.policyRef names 'refs/heads/release', which is no commit on this server" \
  "$(grep '  policy ' <<<"$OUT")"

begin "outside a repository: a usage error"
run git trail doctor
expect_rc 2

done_testing
