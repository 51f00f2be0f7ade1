#!/usr/bin/env bash
# Hook shims that survive upgrades and hook managers: a moved binary falls back to git-trail
# on PATH, portable shims in a committed hooks folder, --chain under husky v9 and lefthook,
# docs/hooks.md's husky v9 snippets (and its lefthook one when lefthook is installed),
# `init --hooks` that writes nothing when it cannot finish, a relative commit.template,
# recovery hints valid from subdirectories and linked worktrees, and the bare-server warning
# about an unborn HEAD.
# verifies: GT-3
source "$(dirname "$0")/lib.sh"

# PATH without the folder lib.sh put git-trail in (git and the shell tools stay).
path_without_trail=${PATH#"$bin_dir:"}
[ -z "$(env PATH="$path_without_trail" sh -c 'command -v git-trail' || true)" ] ||
  fail "cannot build a PATH without git-trail"

# Writes an editor that keeps what git gave it in $CASE_DIR/buffer and replaces the message
# with the lines given.
editor() {
  {
    echo '#!/bin/sh'
    echo "cp \"\$1\" '$CASE_DIR/buffer'"
    printf "printf '%%s\\\\n'"
    printf " '%s'" "$@"
    echo ' >"$1"'
  } >"$CASE_DIR/editor"
  chmod +x "$CASE_DIR/editor"
}

# A repository whose policy limits subjects to 10 characters, committed.
short_subjects_repo() {
  git init -q repo && cd repo
  write trail.toml '[message]' 'subject_max_length = 10'
  git add trail.toml
  git commit -q -m "Policy"
}

begin "a moved or upgraded binary: the shim falls back to git-trail on PATH"
mkdir old && cp "$GIT_TRAIL" old/git-trail
short_subjects_repo
hooks=$(git rev-parse --absolute-git-dir)/hooks
run "$CASE_DIR/old/git-trail" hooks install commit-msg
expect_eq "install" "hooks folder: $hooks
commit-msg: installed" "$OUT"
run "$CASE_DIR/old/git-trail" hooks status commit-msg
expect_eq "status names the recorded binary" "hooks folder: $hooks
commit-msg: installed (records $CASE_DIR/old/git-trail)" "$OUT"
# A git-trail on PATH that says when it runs, then runs the real one.
mkdir "$CASE_DIR/path"
printf '#!/bin/sh\necho "git-trail from PATH" >&2\nexec "%s" "$@"\n' "$GIT_TRAIL" >"$CASE_DIR/path/git-trail"
chmod +x "$CASE_DIR/path/git-trail"
write a.txt a
git add a.txt
run env -u GIT_TRAIL PATH="$CASE_DIR/path:$path_without_trail" git commit -m "A subject that is too long"
expect_rc 1
expect_eq "the recorded binary runs while it is there" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)" "$(head -n 1 <<<"$ERR")"
rm -r "$CASE_DIR/old"
run env -u GIT_TRAIL PATH="$CASE_DIR/path:$path_without_trail" git commit -m "A subject that is too long"
expect_rc 1
expect_eq "git-trail on PATH judges the commit" "git-trail from PATH
git-trail: commit rejected: 1 problem with the message (policy: trail.toml)" "$(head -n 2 <<<"$ERR")"
run env -u GIT_TRAIL PATH="$CASE_DIR/path:$path_without_trail" git commit -m "Add a"
expect_rc 0
expect_eq "a good commit passes" "git-trail from PATH" "$ERR"
write b.txt b
git add b.txt
run env -u GIT_TRAIL PATH="$path_without_trail" git commit -m "Add b"
expect_rc 1
expect_eq "no git-trail anywhere: refused, saying why" "git-trail: the commit-msg hook cannot find git-trail (not at $CASE_DIR/old/git-trail, not on PATH);
  install git-trail, set GIT_TRAIL to its path, or run 'git trail hooks uninstall'" "$ERR"
run env GIT_TRAIL="$CASE_DIR/nowhere/git-trail" git commit -m "Add b"
expect_rc 1
expect_eq "a wrong GIT_TRAIL is not skipped" "git-trail: the commit-msg hook cannot run GIT_TRAIL=$CASE_DIR/nowhere/git-trail; fix or unset GIT_TRAIL" "$ERR"
expect_eq "nothing committed" "Add a" "$(git log -1 --format=%s)"

begin "a hooks folder inside the working tree gets portable shims that work in every clone"
# Installed by a git-trail that the other machine (the clone) does not have.
mkdir installer && cp "$GIT_TRAIL" installer/git-trail
git init -q repo && cd repo
git config core.hooksPath .githooks
write trail.toml '[message]' 'subject_max_length = 10'
run "$CASE_DIR/installer/git-trail" hooks install
expect_rc 0
expect_eq "install" "hooks folder: $CASE_DIR/repo/.githooks (core.hooksPath)
commit-msg: installed (portable)
prepare-commit-msg: installed (portable)
pre-push: installed (portable)" "$OUT"
expect_eq "no absolute path recorded" "" "$(grep -l -F -e "$CASE_DIR" -e "$(dirname "$GIT_TRAIL")" .githooks/* || true)"
run git trail hooks status
expect_eq "status" "hooks folder: $CASE_DIR/repo/.githooks (core.hooksPath)
commit-msg: installed (portable)
prepare-commit-msg: installed (portable)
pre-push: installed (portable)" "$OUT"
git add trail.toml .githooks
git commit -q -m "Policy"
rm -r "$CASE_DIR/installer"
cd "$CASE_DIR"
git clone -q repo elsewhere && cd elsewhere
git config core.hooksPath .githooks
write a.txt a
git add a.txt
run env -u GIT_TRAIL git commit -m "A subject that is too long"
expect_rc 1
expect_eq "the committed shim runs git-trail from PATH in the clone" "  subject-length: the subject line is 26 characters long; the limit is 10 (line 1)" "$(sed -n 2p <<<"$ERR")"
run env -u GIT_TRAIL git commit -m "Add a"
expect_rc 0
expect_eq "committed" "Add a" "$(git log -1 --format=%s)"

begin "hooks install --portable in .git/hooks, and back"
git init -q repo && cd repo
hooks=$(git rev-parse --absolute-git-dir)/hooks
run git trail hooks install --portable commit-msg
expect_eq "portable install" "hooks folder: $hooks
commit-msg: installed (portable)" "$OUT"
expect_eq "the shim records no path" "recorded=''" "$(grep '^recorded=' "$hooks/commit-msg")"
run git trail hooks install commit-msg
expect_eq "a plain install records the binary again" "hooks folder: $hooks
commit-msg: updated (records $(readlink -f "$GIT_TRAIL"))" "$OUT"
run git trail hooks status commit-msg
expect_eq "status" "hooks folder: $hooks
commit-msg: installed (records $(readlink -f "$GIT_TRAIL"))" "$OUT"

# A husky v9 layout, written by the test after the facts of husky v9: git runs .husky/_/NAME
# (core.hooksPath), which sources .husky/_/h; h picks the user's .husky/NAME by basename "$0".
husky_repo() {
  git init -q repo && cd repo
  mkdir -p .husky/_
  cat >.husky/_/h <<'SH'
#!/usr/bin/env sh
n=$(basename "$0")
s=$(dirname "$(dirname "$0")")/$n
[ -f "$s" ] || exit 0
sh -e "$s" "$@"
c=$?
[ $c = 0 ] || echo "husky - $n script failed (code $c)" >&2
exit $c
SH
  for name in commit-msg prepare-commit-msg pre-push; do
    printf '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n' >.husky/_/$name
    chmod +x .husky/_/$name
  done
  printf '*\n' >.husky/_/.gitignore
  cat >.husky/commit-msg <<SH
echo "husky commit-msg: \$(head -n 1 "\$1")" >>"$CASE_DIR/log"
if grep -q WIP "\$1"; then echo "husky: no WIP commits" >&2; exit 3; fi
SH
  cat >.husky/pre-push <<SH
echo "husky pre-push \$1: \$(cat)" >>"$CASE_DIR/log"
SH
  git config core.hooksPath .husky/_
  write trail.toml '[message]' 'subject_max_length = 20'
  git add trail.toml .husky
  git commit -q --no-verify -m "Policy"
}

begin "--chain keeps a husky v9 dispatcher working under its own name"
husky_repo
cp -a .husky/_ "$CASE_DIR/husky-before"
run git trail hooks install --chain
expect_rc 0
expect_eq "install" "hooks folder: $CASE_DIR/repo/.husky/_ (core.hooksPath)
commit-msg: installed (portable); the existing hook was kept as commit-msg.chained and runs first under its own name
prepare-commit-msg: installed (portable); the existing hook was kept as prepare-commit-msg.chained and runs first under its own name
pre-push: installed (portable); the existing hook was kept as pre-push.chained and runs first under its own name" "$OUT"
write a.txt a
git add a.txt
run git commit -m "WIP add a"
expect_rc 1
expect_eq "husky's hook ran and its failure refuses the commit" "husky: no WIP commits
husky - commit-msg script failed (code 3)" "$ERR"
expect_eq "husky log" "husky commit-msg: WIP add a" "$(cat "$CASE_DIR/log")"
run git commit -m "A subject that is much too long"
expect_rc 1
expect_eq "then git-trail judges it" "  subject-length: the subject line is 31 characters long; the limit is 20 (line 1)" "$(sed -n 2p <<<"$ERR")"
run git commit -m "Add a"
expect_rc 0
expect_eq "both ran" "husky commit-msg: WIP add a
husky commit-msg: A subject that is much too long
husky commit-msg: Add a" "$(cat "$CASE_DIR/log")"
git init -q --bare "$CASE_DIR/remote.git"
git remote add origin "$CASE_DIR/remote.git"
run git push -q origin main
expect_rc 0
expect_eq "husky's pre-push got git's standard input" "husky pre-push origin: refs/heads/main $(git rev-parse HEAD) refs/heads/main 0000000000000000000000000000000000000000" "$(tail -n 1 "$CASE_DIR/log")"
pushed=$(git rev-parse HEAD)
git commit -q --no-verify --allow-empty -m "A subject that is much too long"
run git push -q origin main
expect_rc 1
expect_eq "git-trail's verdict on the push stands after the chained pre-push" "git-trail: push to origin rejected by the policy (trail.toml)" "$(head -n 1 <<<"$ERR")"
expect_eq "husky's pre-push ran first" "husky pre-push origin: refs/heads/main $(git rev-parse HEAD) refs/heads/main $pushed" "$(tail -n 1 "$CASE_DIR/log")"
expect_eq "nothing pushed" "$pushed" "$(git -C "$CASE_DIR/remote.git" rev-parse main)"
run git trail hooks uninstall
expect_eq "uninstall" "hooks folder: $CASE_DIR/repo/.husky/_ (core.hooksPath)
commit-msg: removed; the chained hook is back in place
prepare-commit-msg: removed; the chained hook is back in place
pre-push: removed; the chained hook is back in place" "$OUT"
expect_eq "husky's files restored exactly (content and mode)" "" "$(diff -r "$CASE_DIR/husky-before" .husky/_ && 
  diff <(cd "$CASE_DIR/husky-before" && stat -c '%n %a' * .gitignore) <(cd .husky/_ && stat -c '%n %a' * .gitignore))"

begin "husky v9 without git-trail's shims: the snippets of docs/hooks.md in .husky/"
husky_repo
# docs/hooks.md ("Other hook managers"): .husky/commit-msg and .husky/pre-push call git-trail.
printf 'git-trail hook commit-msg "$1"\n' >.husky/commit-msg
printf 'git-trail hook pre-push "$@"\n' >.husky/pre-push
write a.txt a
git add a.txt
run git commit -m "A subject that is much too long"
expect_rc 1
expect_eq "refused by git-trail through husky" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  subject-length: the subject line is 31 characters long; the limit is 20 (line 1)
      shorten the first line to 20 characters and put details in the body
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG
husky - commit-msg script failed (code 1)" "$ERR"
run git commit -m "Add a"
expect_rc 0
expect_eq "accepted" "" "$ERR"
git init -q --bare "$CASE_DIR/remote.git"
git remote add origin "$CASE_DIR/remote.git"
git push -q origin main
git commit -q --no-verify --allow-empty -m "A subject that is much too long"
run git push -q origin main
expect_rc 1
expect_eq "the push is refused: husky passes git's input on" "git-trail: push to origin rejected by the policy (trail.toml)
$(git rev-parse --short=12 HEAD) A subject that is much too long
  subject-length: the subject line is 31 characters long; the limit is 20 (line 1)
      shorten the first line to 20 characters and put details in the body
git-trail: 1 commit checked (policy: trail.toml): 1 violation in 1 commit
git-trail: nothing was pushed. Reword the commits (git rebase -i) and push again.
husky - pre-push script failed (code 1)
error: failed to push some refs to '$CASE_DIR/remote.git'" "$ERR"
expect_eq "nothing pushed" "$(git rev-parse HEAD~1)" "$(git -C "$CASE_DIR/remote.git" rev-parse main)"

begin "lefthook: the snippet of docs/hooks.md, when a lefthook binary is installed"
if ! command -v lefthook >/dev/null; then
  skip "no lefthook binary (Debian has no package); docs/hooks.md's lefthook snippet is untested"
else
  git init -q repo && cd repo
  write trail.toml '[message]' 'subject_max_length = 10'
  write lefthook.yml 'commit-msg:' '  commands:' '    git-trail:' '      run: git-trail hook commit-msg {1}'
  lefthook install >/dev/null
  git add trail.toml lefthook.yml
  run git commit -m "A subject that is too long"
  expect_rc 1
  expect_eq "refused" "  subject-length: the subject line is 26 characters long; the limit is 10 (line 1)" \
    "$(grep subject-length <<<"$ERR$OUT")"
  run git commit -m "Policy"
  expect_rc 0
fi

begin "--chain keeps a lefthook hook working"
git init -q repo && cd repo
hooks=$(git rev-parse --absolute-git-dir)/hooks
# lefthook writes .git/hooks/NAME calling `lefthook run "NAME" "$@"`; a stand-in on PATH.
printf '#!/bin/sh\nif [ "$LEFTHOOK" = "0" ]; then\n  exit 0\nfi\nlefthook run "commit-msg" "$@"\n' >"$hooks/commit-msg"
chmod 755 "$hooks/commit-msg"
cp -p "$hooks/commit-msg" "$CASE_DIR/lefthook-hook"
mkdir "$CASE_DIR/bin"
cat >"$CASE_DIR/bin/lefthook" <<SH
#!/bin/sh
echo "lefthook \$1 \$2: \$(head -n 1 "\$3")" >>"$CASE_DIR/log"
if grep -q WIP "\$3"; then echo "lefthook: no WIP commits" >&2; exit 1; fi
SH
chmod +x "$CASE_DIR/bin/lefthook"
saved_path=$PATH
export PATH="$CASE_DIR/bin:$PATH"
write trail.toml '[message]' 'subject_max_length = 20'
git add trail.toml
run git trail hooks install --chain commit-msg
expect_eq "install" "hooks folder: $hooks
commit-msg: installed; the existing hook was kept as commit-msg.chained and runs first under its own name" "$OUT"
run git commit -m "WIP policy"
expect_rc 1
expect_eq "lefthook's refusal stands" "lefthook: no WIP commits" "$ERR"
run git commit -m "A subject that is much too long"
expect_rc 1
expect_eq "then git-trail judges it" "  subject-length: the subject line is 31 characters long; the limit is 20 (line 1)" "$(sed -n 2p <<<"$ERR")"
run git commit -m "Policy"
expect_rc 0
expect_eq "lefthook ran each time" "lefthook run commit-msg: WIP policy
lefthook run commit-msg: A subject that is much too long
lefthook run commit-msg: Policy" "$(cat "$CASE_DIR/log")"
run git trail hooks uninstall commit-msg
expect_eq "uninstall" "hooks folder: $hooks
commit-msg: removed; the chained hook is back in place" "$OUT"
expect_eq "lefthook's hook restored exactly" "$(stat -c %a "$CASE_DIR/lefthook-hook") $(cat "$CASE_DIR/lefthook-hook")" \
  "$(stat -c %a "$hooks/commit-msg") $(cat "$hooks/commit-msg")"
export PATH=$saved_path

begin "init --hooks checks first and writes nothing when a hook is in the way"
git init -q repo && cd repo
hooks=$(git rev-parse --absolute-git-dir)/hooks
printf '#!/bin/sh\nexit 0\n' >"$hooks/commit-msg"
chmod +x "$hooks/commit-msg"
run git trail init --hooks
expect_rc 2
expect_eq "refusal" "git-trail: error: git trail init --hooks wrote nothing: the hooks cannot all be installed
commit-msg: $hooks/commit-msg is a hook git-trail did not write; rerun with --chain to keep it (renamed commit-msg.chained, run before git-trail), or move it away yourself" "$ERR"
expect_eq "no output" "" "$OUT"
expect_eq "nothing written" "" "$(git status --porcelain --ignored)"
expect_eq "no commit.template" "" "$(git config commit.template || true)"
expect_eq "no shim" "" "$(ls "$hooks" | grep -v '\.sample$' | grep -v '^commit-msg$' || true)"
run git trail init --hooks --chain
expect_rc 0
expect_eq "with --chain it finishes" "trail.toml: written
.gitmessage: written
commit.template: set to .gitmessage (read from the top of the working tree)
commit-msg: installed; the existing hook was kept as commit-msg.chained and runs first under its own name
prepare-commit-msg: installed
pre-push: installed" "$OUT"

begin "commit.template is relative: found from a subdirectory, a linked worktree and a moved repository"
git init -q repo && cd repo
run git trail init
expect_eq "init" "trail.toml: written
.gitmessage: written
commit.template: set to .gitmessage (read from the top of the working tree)
Next: review trail.toml, then run 'git trail hooks install'." "$OUT"
expect_eq "config" ".gitmessage" "$(git config commit.template)"
git add trail.toml .gitmessage
git commit -q -m "Policy"
template=$(cat .gitmessage)
lines=$(wc -l <.gitmessage)
editor "Add a"
cd "$CASE_DIR"
mv repo moved
mkdir -p moved/sub && cd moved/sub
write a.txt a
git add a.txt
run env GIT_EDITOR="$CASE_DIR/editor" git commit
expect_rc 0
expect_eq "template from a subdirectory of a moved repository" "$template" "$(head -n "$lines" "$CASE_DIR/buffer")"
git worktree add -q -b topic "$CASE_DIR/wt"
mkdir -p "$CASE_DIR/wt/sub" && cd "$CASE_DIR/wt/sub"
write b.txt b
git add b.txt
rm "$CASE_DIR/buffer"
run env GIT_EDITOR="$CASE_DIR/editor" git commit
expect_rc 0
expect_eq "template in a linked worktree" "$template" "$(head -n "$lines" "$CASE_DIR/buffer")"

begin "the recovery hint works from a subdirectory, also in a linked worktree"
short_subjects_repo
git trail hooks install >/dev/null
mkdir -p src/deep && cd src/deep
write a.c a
git add a.c
run git commit -m "A subject that is too long"
expect_rc 1
expect_eq "hint" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  subject-length: the subject line is 26 characters long; the limit is 10 (line 1)
      shorten the first line to 10 characters and put details in the body
git-trail: your message is kept in $CASE_DIR/repo/.git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F $CASE_DIR/repo/.git/COMMIT_EDITMSG" "$ERR"
editor "Add a"
hint=$(tail -n 1 <<<"$ERR")
run env GIT_EDITOR="$CASE_DIR/editor" sh -c "$hint"
expect_rc 0
expect_eq "the editor got the kept message" "A subject that is too long" "$(head -n 1 "$CASE_DIR/buffer")"
expect_eq "committed from the subdirectory" "Add a" "$(git log -1 --format=%s)"
# In a linked worktree the message is in the worktree's own git directory.
git worktree add -q -b topic "$CASE_DIR/wt"
mkdir -p "$CASE_DIR/wt/sub" && cd "$CASE_DIR/wt/sub"
write b.c b
git add b.c
run git commit -m "A subject that is too long"
expect_rc 1
expect_eq "hint" "git-trail: your message is kept in $CASE_DIR/repo/.git/worktrees/wt/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F $CASE_DIR/repo/.git/worktrees/wt/COMMIT_EDITMSG" "$(tail -n 2 <<<"$ERR")"
editor "Add b"
run env GIT_EDITOR="$CASE_DIR/editor" sh -c "$(tail -n 1 <<<"$ERR")"
expect_rc 0
expect_eq "committed in the worktree" "Add b" "$(git log -1 --format=%s topic)"
expect_eq "topic has its own commit" "1" "$(git rev-list --count main..topic)"

begin "a chained pre-receive on the server: both run, and git-trail's refusal stands"
git init -q --bare server.git
printf '#!/bin/sh\necho "team pre-receive: $(cat)" >>"%s/log"\n' "$CASE_DIR" >server.git/hooks/pre-receive
chmod +x server.git/hooks/pre-receive
(cd server.git && git trail hooks install --chain >/dev/null 2>&1) # warns: HEAD's main has no commits yet
write "$CASE_DIR/policy.toml" '[message]' 'subject_max_length = 10'
git init -q work && cd work
git commit -q --allow-empty -m "Start"
run env GIT_TRAIL_POLICY="$CASE_DIR/policy.toml" git push -q "$CASE_DIR/server.git" main
expect_rc 0
expect_eq "pushed" "$(git rev-parse HEAD)" "$(git -C "$CASE_DIR/server.git" rev-parse main)"
start=$(git rev-parse HEAD)
git commit -q --allow-empty -m "A subject that is too long"
run env GIT_TRAIL_POLICY="$CASE_DIR/policy.toml" git push -q "$CASE_DIR/server.git" main
expect_rc 1
expect_eq "refused by git-trail" "remote: git-trail: push rejected by the policy ($CASE_DIR/policy.toml)" "$(head -n 1 <<<"$ERR" | sed 's/ *$//')"
expect_eq "the team hook ran both times, with git's input" "team pre-receive: 0000000000000000000000000000000000000000 $start refs/heads/main
team pre-receive: $start $(git rev-parse HEAD) refs/heads/main" "$(cat "$CASE_DIR/log")"
expect_eq "nothing pushed" "$start" "$(git -C "$CASE_DIR/server.git" rev-parse main)"

begin "a bare repository whose HEAD names a missing branch: install and status warn"
git init -q --bare server.git
git -C server.git symbolic-ref HEAD refs/heads/master # what git 2.39's `git init --bare` does
git init -q work && cd work
write trail.toml '[message]' 'subject_max_length = 20'
git add trail.toml && git commit -q -m "Policy"
git push -q "$CASE_DIR/server.git" main
cd "$CASE_DIR/server.git"
warning="git-trail: warning: HEAD names refs/heads/master, a branch that does not exist here.
  New branches and tags are checked against the trail.toml on HEAD's branch, so the server refuses them.
  Fix it with one of:
    git symbolic-ref HEAD refs/heads/main       (point HEAD at the branch your team pushes)
    GIT_TRAIL_POLICY=/path/to/trail.toml        (pin a file, in the environment git runs hooks with)
    git config trail.policyRef refs/heads/main  (a ref whose trail.toml the server uses)"
run git trail hooks install
expect_rc 0
expect_eq "install" "hooks folder: $CASE_DIR/server.git/hooks
pre-receive: installed" "$OUT"
expect_eq "install warns" "$warning" "$ERR"
run git trail hooks status
expect_rc 0
expect_eq "status" "hooks folder: $CASE_DIR/server.git/hooks
pre-receive: installed (records $(readlink -f "$GIT_TRAIL"))" "$OUT"
expect_eq "status warns" "$warning" "$ERR"
git config trail.policyRef refs/heads/main
run git trail hooks status
expect_eq "no warning with trail.policyRef" "" "$ERR"
git config --unset trail.policyRef
git symbolic-ref HEAD refs/heads/main
run git trail hooks status
expect_eq "no warning once HEAD is fixed" "" "$ERR"

done_testing
