#!/usr/bin/env bash
# Repositories git-trail must read with care: corrupt objects (libgit2 1.5.1 loops forever on a
# truncated loose object; git-trail reads loose objects itself and names the damaged one,
# exit 3), a work tree elsewhere (GIT_WORK_TREE, core.worktree) and a repository that git's
# safe.directory check refuses. Every command runs under `timeout`, so a regression to the
# old endless loop fails the case (exit 124) instead of hanging the suite.
# verifies: GT-28
source "$(dirname "$0")/lib.sh"

# Truncates the object file of object $1 (loose) to 20 bytes, as a crash or a full disk would.
truncate_object() {
  local file
  file=$(git rev-parse --git-path "objects/${1:0:2}/${1:2}")
  chmod u+w "$file"
  head -c 20 "$file" >"$file.cut"
  mv "$file.cut" "$file"
}

# Prints the absolute path of the object file of object $1.
object_file() {
  echo "$(cd "$(git rev-parse --git-path objects)" && pwd -P)/${1:0:2}/${1:2}"
}

truncated="the compressed data ends before the object does (a truncated file); run \`git fsck\` to see the damage"

# A repository of two commits whose second commit's object is truncated (r6).
two_commits_head_truncated() {
  git init -q repo && cd repo
  echo a >a && git add a && git commit -q -m one
  echo b >a && git commit -q -am two
  head_id=$(git rev-parse HEAD)
  truncate_object "$head_id"
}

begin "check on a truncated commit: a clear error naming the object, exit 3, no endless loop (r6)"
two_commits_head_truncated
run git log --oneline -1
[ "$RC" -ne 0 ] || fail "git itself should refuse the truncated commit"
run timeout 20 git trail check
expect_rc 3
expect_eq "check" "git-trail: error: corrupt object $head_id ($(object_file "$head_id")): $truncated" "$ERR"

begin "trailers on a truncated commit: the same error (r6)"
two_commits_head_truncated
run timeout 20 git trail trailers
expect_rc 3
expect_eq "trailers" "git-trail: error: corrupt object $head_id ($(object_file "$head_id")): $truncated" "$ERR"

begin "a short id naming a truncated commit: the same error, not a loop in the short-id lookup"
two_commits_head_truncated
run timeout 20 git trail trailers "${head_id:0:10}"
expect_rc 3
expect_eq "short id" "git-trail: error: corrupt object $head_id ($(object_file "$head_id")): $truncated" "$ERR"

begin "manifest on a truncated file's blob: the same error, naming the blob (r6)"
git init -q repo && cd repo
write trail.toml '[[configuration_items]]' 'name = "firmware"' 'paths = ["src/**"]' 'class = "B"'
write src/a.c 'int a;'
write src/b.c 'int b;'
git add -A && git commit -q -m one
blob=$(git rev-parse HEAD:src/b.c)
truncate_object "$blob"
run timeout 20 git trail manifest
expect_rc 3
expect_eq "manifest" "git-trail: error: corrupt object $blob ($(object_file "$blob")): $truncated" "$ERR"
expect_eq "no manifest on standard output" "" "$OUT"

begin "the commit-msg hook: a truncated registry file refuses the commit, exit 3 (r6)"
# git commit itself needs HEAD's commit and trees, so a truncated HEAD fails in git before the
# hook runs. A blob is read by the hook only: the staged registry file, read when the message
# links to an item, is stored but never inflated by git commit. So git commits happily without
# the hook (shown first) and the hook refuses, naming the object.
new_repo repo
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
  '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
  '[registry]' 'files = ["docs/req/*.toml"]'
write docs/req/alarms.toml '[[items]]' 'id = "SRS-1"' 'title = "Occlusion alarm"' 'status = "approved"'
git add -A && git commit -q -m "Add the registry"
registry_blob=$(git rev-parse HEAD:docs/req/alarms.toml)
truncate_object "$registry_blob"
write src/a.c 1 && git add src/a.c
run timeout 20 git commit -q --no-verify -m $'Without the hook\n\nImplements: SRS-1'
expect_rc 0
expect_eq "committed without the hook" "Without the hook" "$(git log -1 --format=%s)"
write src/b.c 1 && git add src/b.c
run timeout 20 git commit -q -m $'Add alarm\n\nImplements: SRS-1'
expect_rc 1
expect_eq "hook" "git-trail: error: corrupt object $registry_blob ($(object_file "$registry_blob")): $truncated
git-trail: your message is kept in .git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F .git/COMMIT_EDITMSG" "$ERR"
run timeout 20 git trail hook commit-msg .git/COMMIT_EDITMSG
expect_rc 3

begin "a header that claims more bytes than the object holds is corrupt, not read short"
two_commits_head_truncated
cd .. && rm -rf repo
git init -q repo && cd repo
echo a >a && git add a && git commit -q -m one
head_id=$(git rev-parse HEAD)
file=$(object_file "$head_id")
size=$(git cat-file -s HEAD)
chmod u+w "$file"
git cat-file commit HEAD | python3 -c '
import sys, zlib
body = sys.stdin.buffer.read()
sys.stdout.buffer.write(zlib.compress(b"commit %d\0" % (len(body) + 10) + body))' >"$file.new"
mv "$file.new" "$file"
run timeout 20 git trail check
expect_rc 3
expect_eq "size" "git-trail: error: corrupt object $head_id ($file): shorter ($size bytes) than the $((size + 10)) bytes its header says; run \`git fsck\` to see the damage" "$ERR"

begin "an object file that is not zlib data is corrupt"
git init -q repo && cd repo
echo a >a && git add a && git commit -q -m one
head_id=$(git rev-parse HEAD)
file=$(object_file "$head_id")
chmod u+w "$file"
printf 'this is not compressed data at all' >"$file"
run timeout 20 git trail check
expect_rc 3
expect_eq "not zlib" "git-trail: error: corrupt object $head_id ($file): the compressed data is not valid (zlib: incorrect header check); run \`git fsck\` to see the damage" "$ERR"

begin "content longer than the header says, bytes after the stream, a bad type: each corrupt"
git init -q repo && cd repo
echo a >a && git add a && git commit -q -m one
head_id=$(git rev-parse HEAD)
file=$(object_file "$head_id")
chmod u+w "$file"
git cat-file commit HEAD >../body
size=$(wc -c <../body)
# Writes the object file from python expression $1 over the commit's bytes `body`.
craft() {
  python3 -c "import sys, zlib; body = open('../body', 'rb').read(); sys.stdout.buffer.write($1)" >"$file"
}
craft 'zlib.compress(b"commit %d\0" % (len(body) - 5) + body)'
run timeout 20 git trail check
expect_rc 3
expect_eq "longer" "git-trail: error: corrupt object $head_id ($file): longer than the $((size - 5)) bytes its header says; run \`git fsck\` to see the damage" "$ERR"
craft 'zlib.compress(b"commit %d\0" % len(body) + body) + b"junk"'
run timeout 20 git trail check
expect_rc 3
expect_eq "garbage" "git-trail: error: corrupt object $head_id ($file): garbage after the end of the compressed data; run \`git fsck\` to see the damage" "$ERR"
craft 'zlib.compress(b"commot %d\0" % len(body) + body)'
run timeout 20 git trail check
expect_rc 3
expect_eq "bad type" "git-trail: error: corrupt object $head_id ($file): no valid \"<type> <size>\" header; run \`git fsck\` to see the damage" "$ERR"

begin "a truncated object in an alternate (git clone --shared) is named in the alternate"
git init -q origin && cd origin
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
  '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }'
git add -A && git commit -q -m $'Start\n\nImplements: SRS-1'
git gc -q
echo b >b && git add b && git commit -q -m $'Loose\n\nImplements: SRS-2'
borrowed=$(git rev-parse HEAD)
cd .. && git clone -q --shared origin borrower && cd borrower
expect_eq "alternates" "$(cd ../origin/.git/objects && pwd)" "$(cat .git/objects/info/alternates)"
echo c >c && git add c && git commit -q -m $'Own\n\nImplements: SRS-3'
run timeout 20 git trail check
expect_rc 0
expect_eq "packed, borrowed loose and own loose objects read" \
  "git-trail: 3 commits checked (policy: trail.toml): no violations" "$OUT"
(cd ../origin && truncate_object "$borrowed")
run timeout 20 git trail check
expect_rc 3
expect_eq "alternate" "git-trail: error: corrupt object $borrowed ($(cd ../origin && object_file "$borrowed")): $truncated" "$ERR"

begin "pre-receive: a truncated object of the server's own is named and the push refused (quarantine)"
# The pushed objects wait in a quarantine folder (GIT_OBJECT_DIRECTORY) with the server's own
# objects as its alternate (GIT_ALTERNATE_OBJECT_DIRECTORIES): the server's trail.toml, read
# from HEAD by the hook and never inflated by git receive-pack, is found through it.
git init -q --bare server.git
(cd server.git && git trail hooks install >/dev/null 2>&1) # warns that main does not exist yet
git init -q work && cd work
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
  '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }'
git add trail.toml && git commit -q -m "Adopt the policy"
git remote add origin ../server.git
git push -q origin main 2>/dev/null
echo x >x && git add x && git commit -q -m $'More\n\nImplements: SRS-1'
run timeout 20 git push -q origin main
expect_rc 0
expect_eq "pushed" "$(git rev-parse main)" "$(git -C ../server.git rev-parse main)"
policy_blob=$(git rev-parse main:trail.toml)
(cd ../server.git && truncate_object "$policy_blob")
echo y >y && git add y && git commit -q -m $'Again\n\nImplements: SRS-2'
run timeout 20 git push -q origin main
expect_rc 1
expect_eq "pre-receive" "remote: git-trail: error: corrupt object $policy_blob ($(cd ../server.git && object_file "$policy_blob")): $truncated        
To ../server.git
 ! [remote rejected] main -> main (pre-receive hook declined)
error: failed to push some refs to '../server.git'" "$ERR"

begin "a pack file cut short in the middle of an object: a corrupt repository, exit 3, no loop"
# libgit2 1.5.1 does not loop here: it drops a pack whose size does not match its index
# without a word, so HEAD's commit reads as missing and git-trail said "unknown revision
# 'HEAD'" (exit 2). It is the repository that is damaged, and git-trail says so.
git init -q repo && cd repo
for i in 1 2 3; do seq 1 $((i * 3000)) >"f$i" && git add "f$i" && git commit -q -m "c$i"; done
git repack -adq
head_id=$(git rev-parse HEAD)
pack=$(ls .git/objects/pack/*.pack)
offset=$(git verify-pack -v "${pack%.pack}.idx" | awk -v id="$head_id" '$1 == id { print $5 + 5 }')
[ -n "$offset" ] && [ -z "$(find .git/objects -type f -path '*/objects/??/*')" ] || fail "HEAD should be packed"
chmod u+w "$pack"
head -c "$offset" "$pack" >"$pack.cut" && mv "$pack.cut" "$pack"
run git log --oneline -1
[ "$RC" -ne 0 ] || fail "git itself should refuse the cut pack"
run timeout 20 git trail check
expect_rc 3
expect_eq "cut pack" "git-trail: error: corrupt repository: HEAD points to object $head_id, which is not in the repository (a lost object or a pack file cut short); run \`git fsck\` to see the damage" "$ERR"
run timeout 20 git trail trailers
expect_rc 3

# A work tree away from its git directory, as `git --git-dir=X --work-tree=Y` and
# `core.worktree` make it: git runs the hooks in Y with GIT_DIR and GIT_WORK_TREE exported.
split_repo() {
  mkdir tree
  git init -q --separate-git-dir="$PWD/store.git" tree
  rm tree/.git # no gitfile: only --git-dir / GIT_DIR find the repository
  GIT_DIR=store.git git trail hooks install >/dev/null
  write tree/trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" \
    '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement"] }' \
    '[[rules]]' 'id = "src-needs-link"' 'when = { paths = ["src/**"] }' \
    'require = { any_relation = ["implements"] }'
}

begin "git --git-dir --work-tree commit with the hooks: judged on that work tree, not refused"
split_repo
git --git-dir=store.git --work-tree=tree add trail.toml
run timeout 20 git --git-dir=store.git --work-tree=tree commit -q -m "Adopt the policy"
expect_rc 0
expect_eq "first commit" "" "$ERR"
write tree/src/a.c 1
git --git-dir=store.git --work-tree=tree add src/a.c
run timeout 20 git --git-dir=store.git --work-tree=tree commit -q -m "Change the source without a link"
expect_rc 1
expect_eq "rule on the work tree's staged path" "git-trail: commit rejected: 1 problem with the message (policy: trail.toml)
  src-needs-link: changes to src/a.c (src/**) need a link: implements
      add 'Implements: <requirement ID>' to the trailers at the end of the message
git-trail: your message is kept in $PWD/store.git/COMMIT_EDITMSG; edit it and commit again with:
  git commit -e -F $PWD/store.git/COMMIT_EDITMSG" "$ERR"
run timeout 20 git --git-dir=store.git --work-tree=tree commit -q -m $'Change the source\n\nImplements: SRS-1'
expect_rc 0
expect_eq "linked commit" "" "$ERR"

begin "GIT_DIR and GIT_WORK_TREE exported: check and trailers read that repository"
split_repo
GIT_DIR=store.git GIT_WORK_TREE=tree git add trail.toml
GIT_DIR=store.git GIT_WORK_TREE=tree git commit -q -m $'Adopt the policy\n\nImplements: SRS-1'
export GIT_DIR=$PWD/store.git GIT_WORK_TREE=$PWD/tree
run timeout 20 git trail check
unset GIT_DIR GIT_WORK_TREE
expect_rc 0
expect_eq "summary" "git-trail: 1 commit checked (policy: trail.toml): no violations" "$OUT"

begin "core.worktree: the hooks judge the configured work tree"
# libgit2 reads core.worktree itself (this passed before GIT_WORK_TREE was handled); it
# guards the way the repository is now opened, which sets the work tree only from the
# environment.
split_repo
git --git-dir=store.git config core.worktree "$PWD/tree"
cd tree
GIT_DIR=../store.git git add trail.toml
run timeout 20 env GIT_DIR=../store.git git commit -q -m "Adopt the policy"
expect_rc 0
expect_eq "committed" "Adopt the policy" "$(GIT_DIR=../store.git git log -1 --format=%s)"
write src/a.c 1
GIT_DIR=../store.git git add src/a.c
run timeout 20 env GIT_DIR=../store.git git commit -q -m "Change the source without a link"
expect_rc 1
expect_eq "rule" "  src-needs-link: changes to src/a.c (src/**) need a link: implements" "$(printf '%s\n' "$ERR" | grep src-needs-link)"

begin "a repository owned by another user: git's safe.directory advice, exit 2"
if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: needs root to give a repository to another user (id -u is $(id -u))"
else
  git init -q repo
  (cd repo && echo a >a && git add a && git commit -q -m one)
  chown -R nobody repo
  cd repo
  run git log --oneline -1
  [ "$RC" -ne 0 ] || fail "git should refuse a repository owned by nobody"
  advice="git-trail: error: detected dubious ownership in repository at '$PWD': it is owned by someone else, and git refuses to work in it (git's safe.directory check); if you trust it, add an exception with:
  git config --global --add safe.directory $PWD"
  # No safe.directory at all (libgit2 1.5.1 then fails the lookup of it, GIT_ENOTFOUND).
  run timeout 20 git trail check
  expect_rc 2
  expect_eq "ownership" "$advice" "$ERR"
  # safe.directory set, to another folder (libgit2 says GIT_EOWNER).
  git config --global --add safe.directory "$TEST_ROOT/elsewhere"
  run timeout 20 git trail check
  expect_rc 2
  expect_eq "ownership, safe.directory elsewhere" "$advice" "$ERR"
  # From a subfolder: the repository's top is named, as git names it.
  mkdir -p sub && cd sub
  run timeout 20 git trail trailers
  expect_rc 2
  expect_eq "from a subfolder" "$advice" "$ERR"
  cd ..
  git config --global --add safe.directory "$PWD"
  run timeout 20 git trail check
  expect_rc 0
  expect_eq "summary" "git-trail: 1 commit checked (policy: <default policy>): no violations" "$OUT"
  cd .. && chown -R "$(id -u)" repo
fi

begin "check of a range with a commit-graph that does not match its checksum: exit 3, not a pass"
# The hidden side of side..main is judged from git's commit-graph file, never read itself. A
# damaged entry there (side~1 given main~2, a commit of the range, as its parent) would hide
# main~2 and the unreviewed commit below it: check said "no violations", exit 0.
git init -q -b main repo && cd repo
git trail init >/dev/null
printf '%s\n' '[[rules]]' 'id = "reviewed"' 'require = { trailers = ["Reviewed-by"] }' >>trail.toml
git add trail.toml && git commit -q -m "Add the policy" -m "Reviewed-by: Q <q@example.com>"
for i in 1 2 3 4 5 6; do
  echo "$i" >"s$i" && git add "s$i"
  GIT_COMMITTER_DATE="2026-01-0$i 10:00 +0000" git commit -q -m "Side $i" -m "Reviewed-by: Q <q@example.com>"
done
git branch side && git reset -q --hard HEAD~4
echo bad >bad && git add bad
GIT_COMMITTER_DATE="2026-01-07 10:00 +0000" git commit -q -m "Unreviewed change"
unreviewed=$(git rev-parse HEAD)
for i in 1 2; do
  echo "$i" >"m$i" && git add "m$i"
  GIT_COMMITTER_DATE="2026-01-0$((7 + i)) 10:00 +0000" git commit -q -m "Main $i" -m "Reviewed-by: Q <q@example.com>"
done
git merge -q --no-edit side -m "Merge side" -m "Reviewed-by: Q <q@example.com>"
git commit-graph write --reachable
run timeout 20 git trail check side..main
expect_rc 1
expect_eq "intact graph" "${unreviewed:0:12} Unreviewed change
  reviewed: commits need a Reviewed-by trailer
      add 'Reviewed-by: <name> <email>' to the trailers at the end of the message
git-trail: 4 commits checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"
# Give side~1 the parent main~2 in the graph, leaving its checksum as it was.
python3 - .git/objects/info/commit-graph "$(git rev-parse side~1)" "$(git rev-parse main~2)" <<'PY'
import os, sys
path, victim, target = sys.argv[1], sys.argv[2], sys.argv[3]
data = bytearray(open(path, "rb").read())
chunks = {bytes(data[8 + i * 12:12 + i * 12]): int.from_bytes(data[12 + i * 12:20 + i * 12], "big")
          for i in range(data[6])}
count = int.from_bytes(data[chunks[b"OIDF"] + 1020:chunks[b"OIDF"] + 1024], "big")
ids = [data[chunks[b"OIDL"] + i * 20:chunks[b"OIDL"] + i * 20 + 20].hex() for i in range(count)]
row = chunks[b"CDAT"] + ids.index(victim) * 36 + 20
data[row:row + 4] = ids.index(target).to_bytes(4, "big")
os.chmod(path, 0o644)
open(path, "wb").write(data)
PY
run git log --format=%s side..main
expect_eq "git log reads the damaged graph" "Merge side
Main 2" "$OUT"
run timeout 20 git trail check side..main
expect_rc 3
expect_eq "damaged graph" "" "$OUT"
expect_eq "damaged graph" "git-trail: error: corrupt commit-graph file: it does not match its checksum, so the commits it hides from this range cannot be trusted; run \`git commit-graph verify\`, or set core.commitGraph to false" "$ERR"
run git commit-graph verify
[ "$RC" -ne 0 ] || fail "git commit-graph verify should find the damage"
# The mend docs/cli.md gives: write the graph again.
rm .git/objects/info/commit-graph && git commit-graph write --reachable
run timeout 20 git trail check side..main
expect_rc 1
expect_eq "graph written again" "git-trail: 4 commits checked (policy: trail.toml): 1 violation in 1 commit" "$(tail -1 <<<"$OUT")"

done_testing
