#!/usr/bin/env bash
# Signed approval records (docs/approvals.md) through real git: SSH signing keys for an author
# (Dana, also a Safety member), QA (Quinn), Safety (Sam) and someone in no role (Mallory);
# records written with `git trail approve`, pushed beside the commits to a bare server that
# runs pre-receive, fetched into another clone and verified there; a self-approval not counted;
# keys not in the role refused; a forged, a tampered, a rewritten and a deleted record refused
# by pre-receive.
# verifies: GT-39
source "$(dirname "$0")/lib.sh"

# scripts/install-deps installs ssh-keygen (openssh-client): without it nothing here can be
# shown, so the suite fails rather than passing empty.
command -v ssh-keygen >/dev/null || fail "ssh-keygen is not installed (Debian package openssh-client)"

keys="$TEST_ROOT/keys"
mkdir -p "$keys"
for person in dana quinn sam mallory; do
  ssh-keygen -q -t ed25519 -N '' -C "$person@laptop" -f "$keys/$person"
done

policy_lines=(
  '[roles.QA]'
  "members = [{ name = \"Quinn QA\", email = \"quinn@example.com\", key = \"$(cat "$keys/quinn.pub")\" }]"
  '[roles.Safety]'
  'members = ['
  "  { name = \"Sam Safety\", email = \"sam@example.com\", key = \"$(cat "$keys/sam.pub")\" },"
  "  { name = \"Dana Dev\", email = \"dana@example.com\", key = \"$(cat "$keys/dana.pub")\" },"
  ']'
  '[[rules]]'
  'id = "dosing-approved"'
  'when = { paths = ["src/dosing/**"], branches = ["main"] }'
  'require = { approvals = { QA = 1, Safety = 1 } }'
  '[trailers]'
  'Reviewed-by = { role = "approval" }'
)

export GIT_AUTHOR_NAME="Dana Dev" GIT_AUTHOR_EMAIL="dana@example.com"
export GIT_COMMITTER_NAME="Dana Dev" GIT_COMMITTER_EMAIL="dana@example.com"

# Runs `git trail approve ARGS...` as PERSON (their key and identity): as_person PERSON ARGS...
as_person() {
  local person=$1 name email
  shift
  case $person in
  dana) name="Dana Dev" ;;
  quinn) name="Quinn QA" ;;
  sam) name="Sam Safety" ;;
  mallory) name="Mallory" ;;
  esac
  email="$person@example.com"
  # Each record a minute after the last, so that their order is known.
  local minutes
  minutes=$(($(cat "$TEST_ROOT/clock" 2>/dev/null || echo 0) + 1))
  echo "$minutes" >"$TEST_ROOT/clock"
  GIT_COMMITTER_DATE="@$((1767268800 + minutes * 60)) +0000" \
    GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email" \
    git -c gpg.format=ssh -c user.signingkey="$keys/$person" trail "$@"
}

# The time a record was signed at, as reports show it.
stamp() { git log -1 --format=%cI "$1"; }

# The newest record's id (records are named by their ids).
newest_record() {
  git for-each-ref --sort=-creatordate --count=1 --format='%(objectname)' refs/trail/approvals/
}
short() { git rev-parse --short=12 "$1"; }

# A bare server with pre-receive, a clone with the client hooks and the policy on main, and
# Dana's change to the dosing code on branch feature. Leaves the shell in the clone.
setup_pair() {
  git init -q --bare server.git
  (cd server.git && git trail hooks install >/dev/null 2>&1)
  git init -q work
  cd work
  git trail hooks install >/dev/null
  write trail.toml "${policy_lines[@]}"
  git add trail.toml
  git commit -q -m "Adopt the policy"
  git remote add origin ../server.git
  git push -q origin main 2>/dev/null
  git switch -q -c feature
  write src/dosing/limit.c 'int limit = 10;'
  git add src/dosing/limit.c
  git commit -q -m "Limit the dose"
  change=$(git rev-parse HEAD)
}

begin "approvals written, pushed with the commit, fetched into another clone and verified there"
setup_pair
run as_person quinn approve feature --role QA -m "Checked the limit against SRS-4"
expect_rc 0
quinn_record=$(newest_record)
expect_eq "approve" "git-trail: $(short "$quinn_record") approved commit $(short "$change") as QA, signed by Quinn QA <quinn@example.com>, $(stamp "$quinn_record"): valid
git-trail: wrote refs/trail/approvals/$quinn_record; share it: git push origin refs/trail/approvals/$quinn_record" "$ERR"
expect_eq "record message" "approved commit $change as QA

Checked the limit against SRS-4

Approval-Version: 1
Approval-Role: QA
Approval-Meaning: approved
Approval-Target: commit $change
Approval-Commit: $change" "$(git log -1 --format=%B "$quinn_record")"
run git verify-commit "$quinn_record"
[ "$RC" -ne 0 ] || fail "git verify-commit needs an allowed signers file: it should not pass here"
run as_person sam approve feature --role Safety
expect_rc 0
sam_record=$(newest_record)
run git trail approvals feature --branch main
expect_rc 0
expect_eq "standing" "commit $(short "$change") Limit the dose (author Dana Dev <dana@example.com>)
  $(short "$quinn_record") approved commit $(short "$change") as QA, signed by Quinn QA <quinn@example.com>, $(stamp "$quinn_record"): valid
  $(short "$sam_record") approved commit $(short "$change") as Safety, signed by Sam Safety <sam@example.com>, $(stamp "$sam_record"): valid" "$OUT"
run git push origin feature:main 'refs/trail/approvals/*'
expect_rc 0
expect_eq "server has the records" "$(printf '%s\n' "$quinn_record" "$sam_record" | sort)" \
  "$(git -C ../server.git for-each-ref --format='%(objectname)' refs/trail/approvals/ | sort)"
[ "$(git -C ../server.git rev-parse main)" = "$change" ] || fail "main was not updated on the server"
cd ..
git clone -q server.git other
cd other
git fetch -q origin 'refs/trail/approvals/*:refs/trail/approvals/*'
run git trail approvals
expect_rc 0
expect_eq "fetched records" "$(short "$quinn_record") approved commit $(short "$change") as QA, signed by Quinn QA <quinn@example.com>, $(stamp "$quinn_record"): valid
$(short "$sam_record") approved commit $(short "$change") as Safety, signed by Sam Safety <sam@example.com>, $(stamp "$sam_record"): valid" "$OUT"
run git trail approvals --format json
expect_rc 0
expect_eq "json" "$quinn_record refs/trail/approvals/$quinn_record valid Quinn QA quinn@example.com QA approved commit $change [\"$change\"] Checked the limit against SRS-4 $(stamp "$quinn_record")
$sam_record refs/trail/approvals/$sam_record valid Sam Safety sam@example.com Safety approved commit $change [\"$change\"]  $(stamp "$sam_record")" \
  "$(python3 -c '
import json, sys
for r in json.load(sys.stdin)["records"]:
    print(r["record"], r["ref"], r["status"], r["signed_by"]["name"], r["signed_by"]["email"], r["role"],
          r["meaning"], r["target"], json.dumps(r["commits"]), r["text"], r["time"])' <<<"$OUT")"
run git trail check --branch main main~1..main
expect_rc 0
expect_eq "check" "git-trail: 1 commit checked (policy: trail.toml): no violations" "$OUT"
run git trail check --all
expect_rc 0
expect_eq "--all leaves the records out" "git-trail: 2 commits checked (policy: trail.toml): no violations" "$OUT"

begin "a push without the approvals is refused by pre-push and by the server, naming what is awaited"
setup_pair
run git push origin feature:main
expect_rc 1
expect_eq "pre-push" "git-trail: push to origin rejected by the policy (trail.toml)
$(short "$change") Limit the dose
  dosing-approved: changes to src/dosing/limit.c (src/dosing/**) need 1 signed approval by QA, have 0
      a member of QA other than the author runs 'git trail approve $(short "$change") --role QA' and pushes refs/trail/approvals/*
  dosing-approved: changes to src/dosing/limit.c (src/dosing/**) need 1 signed approval by Safety, have 0
      a member of Safety other than the author runs 'git trail approve $(short "$change") --role Safety' and pushes refs/trail/approvals/*
git-trail: 1 commit checked (policy: trail.toml): 2 violations in 1 commit" "$(head -7 <<<"$ERR")"
run git push --no-verify origin feature:main
expect_rc 1
grep -q "remote:   dosing-approved: changes to src/dosing/limit.c (src/dosing/\*\*) need 1 signed approval by QA, have 0" <<<"$ERR" ||
  fail "the server did not name the missing QA approval: $ERR"
[ "$(git -C ../server.git rev-parse main)" != "$change" ] || fail "the server took the commit"
# The record's commit-msg hook does not ask for approvals: they come after the commit.
write src/dosing/other.c 'int other;'
git add src/dosing/other.c
run git commit -q -m "Another dosing change"
expect_rc 0

begin "an author's own approval is recorded but not counted"
setup_pair
run as_person dana approve feature --role Safety
expect_rc 0
dana_record=$(newest_record)
expect_eq "note" "git-trail: $(short "$dana_record") approved commit $(short "$change") as Safety, signed by Dana Dev <dana@example.com>, $(stamp "$dana_record"): valid
git-trail: note: Dana Dev is the author of $(short "$change"): an author's own approval does not count toward require.approvals
git-trail: wrote refs/trail/approvals/$dana_record; share it: git push origin refs/trail/approvals/$dana_record" "$ERR"
as_person quinn approve feature --role QA 2>/dev/null
run git trail approvals feature --branch main
expect_rc 1
expect_eq "awaiting" "  awaiting: changes to src/dosing/limit.c (src/dosing/**) need 1 signed approval by Safety, have 0; not counted: $(short "$dana_record") by the author, Dana Dev [dosing-approved]" "$(tail -1 <<<"$OUT")"
run git push origin feature:main 'refs/trail/approvals/*'
expect_rc 1
expect_eq "refused" "  dosing-approved: changes to src/dosing/limit.c (src/dosing/**) need 1 signed approval by Safety, have 0; not counted: $(short "$dana_record") by the author, Dana Dev" "$(sed -n 3p <<<"$ERR")"

begin "the changelog lists signed approvals as evidence and approval trailers as claims"
# Still Dana's change with Quinn's approval and Dana's own; then a change that only claims an
# approval in a trailer, and one with neither.
cd "$TEST_ROOT/an_author_s_own_approval_is_recorded_but_not_counted/work"
write src/dosing/units.c 'int units;'
git add src/dosing/units.c
git commit -q -m "Name the units" -m "Reviewed-by: Quinn QA <quinn@example.com>"
claimed=$(git rev-parse HEAD)
write README 'dosing'
git add README
git commit -q -m "Describe the module"
plain=$(git rev-parse HEAD)
quinn_record=$(git for-each-ref --format='%(objectname)' refs/trail/approvals/ | grep -v "$dana_record")
as_person sam approve "$plain" --role Safety --meaning rejected 2>/dev/null
rejection=$(newest_record)
run git trail changelog main..feature
expect_rc 0
expect_eq "approvals section" "## Approvals

Signed approval records are evidence: each signature is verified against the keys \`[roles]\` lists in the policy committed before the commit it approves. Approval trailers are claims: the commit's author wrote them, and they make no change approved.

| Changes listed | |
|---|---|
| approved: a valid signed approval by a role member other than the author | 1 |
| rejected: a member's latest signed record rejects it | 1 |
| approval trailers only (claims, no signed approval) | 1 |
| neither | 0 |

- \`$(short "$change")\` Limit the dose (Dana Dev): approved
  - signed (evidence): approved in QA by Quinn QA (record $(short "$quinn_record"))
  - signed, not counted: $(short "$dana_record") by the author, Dana Dev
- \`$(short "$claimed")\` Name the units (Dana Dev): not approved
  - claim (a trailer, not verified): Reviewed-by: Quinn QA <quinn@example.com>
- \`$(short "$plain")\` Describe the module (Dana Dev): rejected
  - signed (evidence): rejected in Safety by Sam Safety ($(short "$rejection"))

### Changes without a signed approval

- \`$(short "$claimed")\` Name the units (Dana Dev, $(git log -1 --format=%aI "$claimed"))
- \`$(short "$plain")\` Describe the module (Dana Dev, $(git log -1 --format=%aI "$plain"))" \
  "$(sed -n '/^## Approvals$/,/^## Waivers$/p' <<<"$OUT" | sed '$d' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')"
run git trail changelog main..feature --format json
expect_rc 0
expect_eq "json" "True 1 1 1 0
$change approved ['approved in QA by Quinn QA (record $(short "$quinn_record"))'] [] ['$(short "$dana_record") by the author, Dana Dev'] []
$claimed not approved [] [] [] ['Reviewed-by: Quinn QA <quinn@example.com>']
$plain rejected [] ['rejected in Safety by Sam Safety ($(short "$rejection"))'] [] []
['$claimed', '$plain']" "$(python3 -c '
import json, sys
a = json.load(sys.stdin)["approvals"]
c = a["counts"]
print(a["roles_defined"], c["approved"], c["rejected"], c["claims_only"], c["neither"])
for x in a["changes"]:
    print(x["change"]["commit"], x["standing"], x["approved"], x["rejected"], x["not_counted"], x["claims"])
print([x["commit"] for x in a["without_signed"]])' <<<"$OUT")"

begin "a key not in the role: approve refuses, and makes no reference"
setup_pair
run as_person mallory approve feature --role QA
expect_rc 2
expect_eq "unknown key" "git-trail: error: the record was signed but would not count, so no reference was made: unknown key: signed with a key no role in [roles] lists (ssh-ed25519); the key git signs with (user.signingkey, with gpg.format ssh or openpgp) must be a member's key of role QA in [roles]" "$ERR"
run as_person quinn approve feature --role Safety
expect_rc 2
expect_eq "not in role" "git-trail: error: the record was signed but would not count, so no reference was made: not in role: Quinn QA signed it, who is not in role Safety (only QA); the key git signs with (user.signingkey, with gpg.format ssh or openpgp) must be a member's key of role Safety in [roles]" "$ERR"
run as_person quinn approve feature --role Regulatory
expect_rc 2
expect_eq "no such role" "git-trail: error: no role 'Regulatory' in [roles] of trail.toml (roles: QA, Safety)" "$ERR"
run git -c gpg.format=ssh -c user.signingkey="$keys/missing" trail approve feature --role QA
expect_rc 2
expect_eq "no signing key" "git-trail: error: cannot sign the record: git commit-tree -S failed (exit 1): error: Couldn't load public key $keys/missing: No such file or directory?" "$ERR"
expect_eq "no reference" "" "$(git for-each-ref refs/trail/)"

begin "pre-receive refuses forged, tampered, misnamed, rewritten and deleted records"
setup_pair
as_person quinn approve feature --role QA 2>/dev/null
quinn_record=$(newest_record)
as_person sam approve feature --role Safety 2>/dev/null
git push -q origin feature:main 'refs/trail/approvals/*' 2>/dev/null
# A record nobody signed, made with git's plumbing.
unsigned=$(git log -1 --format=%B "$quinn_record" | git commit-tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904)
run git push --no-verify origin "$unsigned:refs/trail/approvals/$unsigned"
expect_rc 1
grep -qF "remote:   approval record: refs/trail/approvals/$unsigned: approval record $(short "$unsigned") is not valid: unsigned: the record carries no signature" <<<"$ERR" ||
  fail "unsigned record: $ERR"
# Quinn's record with its role changed after signing: the signature no longer matches.
tampered=$(git cat-file commit "$quinn_record" | sed 's/^Approval-Role: QA$/Approval-Role: Safety/' |
  git hash-object -t commit -w --stdin)
run git push --no-verify origin "$tampered:refs/trail/approvals/$tampered"
expect_rc 1
grep -qF "remote:   approval record: refs/trail/approvals/$tampered: approval record $(short "$tampered") is not valid: bad signature: the signature does not verify" <<<"$ERR" ||
  fail "tampered record: $ERR"
# Signed by Mallory, whose key no role lists (made with git itself, around git-trail).
forged=$(git log -1 --format=%B "$quinn_record" |
  git -c gpg.format=ssh -c user.signingkey="$keys/mallory" commit-tree -S 4b825dc642cb6eb9a060e54bf8d69288fbee4904)
run git push --no-verify origin "$forged:refs/trail/approvals/$forged"
expect_rc 1
grep -qF "remote:   approval record: refs/trail/approvals/$forged: approval record $(short "$forged") is not valid: unknown key: signed with a key no role in [roles] lists (ssh-ed25519)" <<<"$ERR" ||
  fail "forged record: $ERR"
# A valid record under another name.
run git push --no-verify origin "$quinn_record:refs/trail/approvals/copy"
expect_rc 1
grep -qF "remote:   approval record: refs/trail/approvals/copy: an approval record's reference is named by the record's id: refs/trail/approvals/$quinn_record" <<<"$ERR" ||
  fail "misnamed record: $ERR"
# Rewritten: the record's reference moved to another (valid) record.
sam_record=$(git for-each-ref --format='%(objectname)' refs/trail/approvals/ | grep -v "$quinn_record")
run git push --no-verify -f origin "$sam_record:refs/trail/approvals/$quinn_record"
expect_rc 1
grep -qF "remote:   approval record: refs/trail/approvals/$quinn_record: approval records are never rewritten (it points at $(short "$quinn_record"))" <<<"$ERR" ||
  fail "rewritten record: $ERR"
# Deleted.
run git push --no-verify origin ":refs/trail/approvals/$quinn_record"
expect_rc 1
grep -qF "remote:   approval record: refs/trail/approvals/$quinn_record: approval records are never deleted" <<<"$ERR" ||
  fail "deleted record: $ERR"
expect_eq "the server's records are unchanged" "$(git for-each-ref --format='%(objectname) %(refname)' refs/trail/approvals/)" \
  "$(git -C ../server.git for-each-ref --format='%(objectname) %(refname)' refs/trail/approvals/)"
# pre-push refuses the same before anything is sent.
run git push origin ":refs/trail/approvals/$quinn_record"
expect_rc 1
grep -qF "  approval record: refs/trail/approvals/$quinn_record: approval records are never deleted" <<<"$ERR" ||
  fail "pre-push deletion: $ERR"

begin "a later rejection by the same member stands until that member approves again"
setup_pair
as_person quinn approve feature --role QA 2>/dev/null
as_person sam approve feature --role Safety 2>/dev/null
as_person quinn approve feature --role QA --meaning rejected -m "The limit is too high" 2>/dev/null
rejection=$(newest_record)
run git trail approvals feature --branch main
expect_rc 1
expect_eq "rejected" "  awaiting: changes to src/dosing/limit.c (src/dosing/**) were rejected in role QA by Quinn QA ($(short "$rejection")) [dosing-approved]
  awaiting: changes to src/dosing/limit.c (src/dosing/**) need 1 signed approval by QA, have 0 [dosing-approved]" "$(tail -2 <<<"$OUT")"
as_person quinn approve feature --role QA 2>/dev/null
run git trail approvals feature --branch main
expect_rc 0

begin "a change to [roles] needs the approval of each role it changes, by its members before the change"
setup_pair
git switch -q main
# Dana adds Mallory to QA. No rule names trail.toml: the guard is built in.
python3 - "$keys/mallory.pub" <<'PY2'
import sys
key = open(sys.argv[1]).read().strip()
text = open("trail.toml").read()
line = next(l for l in text.splitlines() if l.startswith('members = [{ name = "Quinn QA"'))
text = text.replace(line, line[:-1] + ', { name = "Mallory", email = "mallory@example.com", key = "%s" }]' % key)
open("trail.toml", "w").write(text)
PY2
git commit -q -am "Add Mallory to QA"
roles_change=$(git rev-parse HEAD)
# Records of a commit are judged by the roles before it: Mallory cannot approve her own entry.
run as_person mallory approve main --role QA
expect_rc 2
expect_eq "not a member before" "git-trail: error: the record was signed but would not count, so no reference was made: unknown key: signed with a key no role in [roles] lists (ssh-ed25519) ([roles] as committed at $(short main~1), before the approved commit $(short main)); the key git signs with (user.signingkey, with gpg.format ssh or openpgp) must be a member's key of role QA in [roles]" "$ERR"
run git trail check --branch main HEAD~1..HEAD
expect_rc 1
expect_eq "check" "$(short HEAD) Add Mallory to QA
  roles-change: trail.toml changes the members of role QA, which only QA may approve: need 1 signed approval by QA, have 0
      a member of QA as committed at $(short HEAD~1) (before this change), other than the author, runs 'git trail approve $(short HEAD) --role QA' and pushes refs/trail/approvals/*
git-trail: 1 commit checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"
run git push --no-verify origin main
expect_rc 1
grep -qF "remote:   roles-change: trail.toml changes the members of role QA, which only QA may approve: need 1 signed approval by QA, have 0" <<<"$ERR" ||
  fail "the server should ask QA for the roles change: $ERR"
# A pinned policy's roles judge every record, so the committed ones decide nothing there.
run git trail check --policy trail.toml --branch main HEAD~1..HEAD
expect_rc 0
as_person quinn approve main --role QA 2>/dev/null
run git trail check --branch main HEAD~1..HEAD
expect_rc 0
run git push origin main 'refs/trail/approvals/*'
expect_rc 0
[ "$(git -C ../server.git rev-parse main)" = "$roles_change" ] || fail "the approved roles change did not land"
# A new role needs an approval by a role there already was; the author's own does not count.
printf '%s\n' '[roles.Security]' \
  "members = [{ name = \"Mallory\", email = \"mallory@example.com\", key = \"$(cat "$keys/mallory.pub")\" }]" >>trail.toml
git commit -q -am "Add a Security role"
as_person dana approve main --role Safety 2>/dev/null
dana_record=$(newest_record)
run git trail check --branch main HEAD~1..HEAD
expect_rc 1
expect_eq "added" "  roles-change: trail.toml adds role Security, which a role it already has must approve: need 1 signed approval by QA or Safety, have 0; not counted: $(short "$dana_record") by the author, Dana Dev" "$(sed -n 2p <<<"$OUT")"
as_person sam approve main --role Safety 2>/dev/null
run git trail check --branch main HEAD~1..HEAD
expect_rc 0
# Sam leaves Safety, with Sam's own approval: Safety before the change lists Sam. A merge that
# brings an approved change from its branch asks nothing again.
git switch -q -c sam-leaves
sed -i "/name = \"Sam Safety\"/d" trail.toml
git commit -q -am "Sam leaves Safety"
run git trail approvals HEAD --branch main
expect_rc 1
expect_eq "awaiting" "  awaiting: trail.toml changes the members of role Safety, which only Safety may approve: need 1 signed approval by Safety, have 0 [roles-change]" "$(tail -1 <<<"$OUT")"
as_person sam approve HEAD --role Safety 2>/dev/null
git switch -q main
git merge -q --no-ff -m "Merge sam-leaves" sam-leaves
run git trail check --branch main HEAD~2..HEAD
expect_rc 0
expect_eq "merge" "git-trail: 3 commits checked (policy: trail.toml): no violations" "$OUT"
run git push origin main 'refs/trail/approvals/*'
expect_rc 0
# A trail.toml that does not load may change any role: each role must approve that commit. The
# commit that repairs it, back to the roles before, is judged by them and asks nothing.
printf '[roles\n' >>trail.toml
git commit -q --no-verify -am "Break the policy"
sed -i '$d' trail.toml
git commit -q -am "Repair the policy"
run git trail check --branch main HEAD~2..HEAD
expect_rc 1
expect_eq "unreadable" "$(short HEAD~1) Break the policy
  roles-change: trail.toml does not load at this commit (trail.toml:15:7: error: invalid TOML in table header: expected ']', saw '\n'), so it may change role QA, which only QA may approve: need 1 signed approval by QA, have 0
      a member of QA as committed at $(short HEAD~2) (before this change), other than the author, runs 'git trail approve $(short HEAD~1) --role QA' and pushes refs/trail/approvals/*
  roles-change: trail.toml does not load at this commit (trail.toml:15:7: error: invalid TOML in table header: expected ']', saw '\n'), so it may change role Safety, which only Safety may approve: need 1 signed approval by Safety, have 0
      a member of Safety as committed at $(short HEAD~2) (before this change), other than the author, runs 'git trail approve $(short HEAD~1) --role Safety' and pushes refs/trail/approvals/*
  roles-change: trail.toml does not load at this commit (trail.toml:15:7: error: invalid TOML in table header: expected ']', saw '\n'), so it may change role Security, which only Security may approve: need 1 signed approval by Security, have 0
      a member of Security as committed at $(short HEAD~2) (before this change), other than the author, runs 'git trail approve $(short HEAD~1) --role Security' and pushes refs/trail/approvals/*
git-trail: 2 commits checked (policy: trail.toml): 3 violations in 1 commit" "$OUT"

begin "records are judged by the roles in force before what they approve; the server asks its own roles too"
setup_pair
as_person quinn approve feature --role QA 2>/dev/null
quinn_record=$(newest_record)
as_person sam approve feature --role Safety 2>/dev/null
git push -q origin feature:main 'refs/trail/approvals/*' 2>/dev/null
# Quinn leaves QA; Mallory takes the place, with Quinn's approval. It touches no dosing code.
sed -i "s|^members = \[{ name = \"Quinn QA\".*|members = [{ name = \"Mallory\", email = \"mallory@example.com\", key = \"$(cat "$keys/mallory.pub")\" }]|" trail.toml
git commit -q -am "Mallory replaces Quinn in QA"
as_person quinn approve HEAD --role QA 2>/dev/null
git push -q origin feature:main 'refs/trail/approvals/*' 2>/dev/null
[ "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)" ] || fail "the roles change did not land"
# Quinn's approval still counts for the commit QA approved while Quinn was a member.
run git trail check --branch main "$change~1..$change"
expect_rc 0
expect_eq "an earlier approval stands" "git-trail: 1 commit checked (policy: trail.toml): no violations" "$OUT"
run git trail approvals "$change"
expect_eq "listed valid" "  $(short "$quinn_record") approved commit $(short "$change") as QA, signed by Quinn QA <quinn@example.com>, $(stamp "$quinn_record"): valid" "$(sed -n 2p <<<"$OUT")"
# A shallow clone lacks that commit, so the roles in force for it cannot be read: the record
# cannot be checked, rather than judged by today's roles.
git clone -q --depth 1 "file://$PWD/../server.git" ../shallow
git -C ../shallow fetch -q origin 'refs/trail/approvals/*:refs/trail/approvals/*'
run git -C ../shallow trail approvals
expect_eq "shallow" "$(short "$quinn_record") approved commit $(short "$change") as QA, not verified, claims Quinn QA <quinn@example.com>, $(stamp "$quinn_record"): cannot check: the approved revision $(short "$change") is not in this repository (a shallow clone?), so the roles in force for it cannot be read" \
  "$(grep "^$(short "$quinn_record")" <<<"$OUT")"
# Mallory was not in QA before that commit: her approval of it would not count.
run as_person mallory approve "$change" --role QA
expect_rc 2
expect_eq "not a member then" "git-trail: error: the record was signed but would not count, so no reference was made: unknown key: signed with a key no role in [roles] lists (ssh-ed25519) ([roles] as committed at $(short "$change~1"), before the approved commit $(short "$change")); the key git signs with (user.signingkey, with gpg.format ssh or openpgp) must be a member's key of role QA in [roles]" "$ERR"
# Dana adds Mallory to Safety, which Sam approves; Mallory then approves the next dosing change
# in QA and in Safety. Locally her records count (Safety lists her before that change); the
# server, whose own roles do not list her in Safety yet, counts them only once the roles land.
sed -i "s|^  { name = \"Sam Safety\".*|&\n  { name = \"Mallory\", email = \"mallory@example.com\", key = \"$(cat "$keys/mallory.pub")\" },|" trail.toml
git commit -q -am "Mallory joins Safety"
as_person sam approve HEAD --role Safety 2>/dev/null
sam_record=$(newest_record)
write src/dosing/dose.c 'int dose;'
git add -A && git commit -q -m "Dose"
as_person mallory approve HEAD --role QA 2>/dev/null
as_person mallory approve HEAD --role Safety 2>/dev/null
mallory_record=$(newest_record)
run git trail check --branch main HEAD~2..HEAD
expect_rc 0
run git push origin feature:main 'refs/trail/approvals/*'
expect_rc 1
grep -qF "remote:   dosing-approved: changes to src/dosing/dose.c (src/dosing/**) need 1 signed approval by Safety, have 0; not counted: $(short "$mallory_record") not in role" <<<"$ERR" ||
  fail "the server should ask its own roles as well: $ERR"
run git push origin feature~1:main "refs/trail/approvals/$sam_record"
expect_rc 0
run git push origin feature:main 'refs/trail/approvals/*'
expect_rc 0

begin "a requirement approved, then edited: the approval is shown as superseded until it is approved again"
git init -q work && cd work
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" '[registry]' 'files = ["docs/requirements/*.toml"]' \
  '[roles.QA]' "members = [{ name = \"Quinn QA\", email = \"quinn@example.com\", key = \"$(cat "$keys/quinn.pub")\" }]"
write docs/requirements/srs.toml '[[items]]' 'id = "SRS-4"' 'title = "Dose limit"' 'status = "draft"' \
  'description = "The pump never delivers more than 10 ml/h."'
git add -A && git commit -q -m "Add SRS-4"
drafted=$(git rev-parse HEAD)
run as_person quinn approve SRS-4 --role QA -m "Limit checked"
expect_rc 0
quinn_record=$(newest_record)
expect_eq "record fields" "Approval-Target: item SRS-4 at $drafted
Approval-Item: SRS-4
Approval-Revision: $drafted" "$(git log -1 --format=%B "$quinn_record" | grep -E '^Approval-(Target|Item|Revision):')"
digest=$(git log -1 --format=%B "$quinn_record" | sed -n 's/^Approval-Content: //p')
# The status is not part of what is approved: setting it to approved keeps the approval.
sed -i 's/status = "draft"/status = "approved"/' docs/requirements/srs.toml
git commit -q -am "Approve SRS-4"
run git trail approvals SRS-4
expect_rc 0
expect_eq "current" "item SRS-4 Dose limit (status approved), as defined at $(short HEAD) ($digest)
  $(short "$quinn_record") approved item SRS-4 at $(short "$drafted") as QA, signed by Quinn QA <quinn@example.com>, $(stamp "$quinn_record"): valid; current
  approved as defined now: yes" "$OUT"
sed -i 's/10 ml/12 ml/' docs/requirements/srs.toml
git commit -q -am "Raise the limit"
run git trail approvals SRS-4
expect_rc 1
new_digest=$(sed -n 's/.*(\(sha256:[0-9a-f]*\))$/\1/p' <<<"$(head -1 <<<"$OUT")")
[ "$new_digest" != "$digest" ] || fail "the edited definition kept its digest"
expect_eq "superseded" "item SRS-4 Dose limit (status approved), as defined at $(short HEAD) ($new_digest)
  $(short "$quinn_record") approved item SRS-4 at $(short "$drafted") as QA, signed by Quinn QA <quinn@example.com>, $(stamp "$quinn_record"): valid; superseded: description changed since
  approved as defined now: no" "$OUT"
# The definition at an earlier revision is still the one approved.
run git trail approvals SRS-4 --at HEAD~1
expect_rc 0
as_person quinn approve SRS-4 --role QA 2>/dev/null
run git trail approvals SRS-4
expect_rc 0
expect_eq "approved again" "  approved as defined now: yes" "$(tail -1 <<<"$OUT")"

begin "a requirement becomes approved, or changes while approved, only with a signed approval of its definition"
git init -q --bare server.git
(cd server.git && git trail hooks install >/dev/null 2>&1)
git init -q work && cd work
git trail hooks install >/dev/null
write trail.toml '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'approvals = { QA = 1 }' \
  '[registry]' 'files = ["docs/requirements/*.toml"]' \
  '[roles.QA]' "members = [{ name = \"Quinn QA\", email = \"quinn@example.com\", key = \"$(cat "$keys/quinn.pub")\" }]" \
  '[roles.Safety]' "members = [{ name = \"Sam Safety\", email = \"sam@example.com\", key = \"$(cat "$keys/sam.pub")\" }]"
write docs/requirements/srs.toml '[[items]]' 'id = "SRS-4"' 'title = "Dose limit"' 'status = "draft"' \
  'description = "The pump never delivers more than 10 ml/h."'
git add -A && git commit -q -m "Add SRS-4 as a draft"
git remote add origin ../server.git
run git push origin main
expect_rc 0
sed -i 's/status = "draft"/status = "approved"/' docs/requirements/srs.toml
git commit -q -am "Approve SRS-4"
run git trail check HEAD~1..HEAD
expect_rc 1
expect_eq "entering approved without a record" "$(short HEAD) Approve SRS-4
  item-approval: SRS-4 becomes approved in this commit: its definition needs 1 signed approval by QA, have 0
      a member of QA other than the commit's author runs 'git trail approve SRS-4 --role QA' on this definition and pushes refs/trail/approvals/*
git-trail: 1 commit checked (policy: trail.toml): 1 violation in 1 commit" "$OUT"
run git push origin main
expect_rc 1
grep -qF "  item-approval: SRS-4 becomes approved in this commit: its definition needs 1 signed approval by QA, have 0" <<<"$ERR" ||
  fail "pre-push should refuse the unapproved requirement: $ERR"
run git push --no-verify origin main
expect_rc 1
grep -qF "remote:   item-approval: SRS-4 becomes approved in this commit: its definition needs 1 signed approval by QA, have 0" <<<"$ERR" ||
  fail "pre-receive should refuse the unapproved requirement: $ERR"
# An approval in another role does not count for QA.
as_person sam approve SRS-4 --role Safety 2>/dev/null
sam_record=$(newest_record)
run git trail check HEAD~1..HEAD
expect_rc 1
run git trail approvals SRS-4
expect_rc 1
expect_eq "what the kind awaits" "item SRS-4 Dose limit (status approved), as defined at $(short HEAD) ($(git log -1 --format=%B "$sam_record" | sed -n 's/^Approval-Content: //p'))
  $(short "$sam_record") approved item SRS-4 at $(short HEAD) as Safety, signed by Sam Safety <sam@example.com>, $(stamp "$sam_record"): valid; current
  approved as defined now: no
  awaiting: needs 1 signed approval by QA, have 0 (kind requirement)" "$OUT"
run git trail approvals SRS-4 --format json
expect_eq "awaiting in JSON" '["needs 1 signed approval by QA, have 0"]' "$(jq -c .awaiting <<<"$OUT")"
as_person quinn approve SRS-4 --role QA 2>/dev/null
run git trail check HEAD~1..HEAD
expect_rc 0
expect_eq "approved with a record" "git-trail: 1 commit checked (policy: trail.toml): no violations" "$OUT"
run git push origin main 'refs/trail/approvals/*'
expect_rc 0
# Dana edits the approved requirement: Quinn's record approves the definition before the edit.
sed -i 's/10 ml/12 ml/' docs/requirements/srs.toml
git commit -q -am "Raise the limit"
run git trail check HEAD~1..HEAD
expect_rc 1
expect_eq "changed while approved" "  item-approval: SRS-4 is approved and its description changes in this commit (1 record is about an earlier definition): its definition needs 1 signed approval by QA, have 0" "$(sed -n 2p <<<"$OUT")"
run git push --no-verify origin main
expect_rc 1
grep -qF "remote:   item-approval: SRS-4 is approved and its description changes in this commit" <<<"$ERR" ||
  fail "pre-receive should refuse the edit of an approved requirement: $ERR"
# A later rejection by Quinn of the new definition stands; a later approval by Quinn lifts it.
as_person quinn approve SRS-4 --role QA --meaning rejected 2>/dev/null
run git trail check HEAD~1..HEAD
expect_rc 1
grep -qF "item-approval: SRS-4 is approved and its description changes in this commit (1 record is about an earlier definition): its definition was rejected in role QA by Quinn QA ($(short "$(newest_record)"))" <<<"$OUT" ||
  fail "the rejection should stand: $OUT"
as_person quinn approve SRS-4 --role QA 2>/dev/null
run git push origin main 'refs/trail/approvals/*'
expect_rc 0
[ "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)" ] || fail "the re-approved edit did not land"
# show lists the item's signed approvals beside its trailers and tests.
run git trail show SRS-4
expect_rc 0
records=($(git for-each-ref --sort=creatordate --format='%(objectname)' refs/trail/approvals/))
[ "${#records[@]}" = 4 ] || fail "expected 4 records, found ${#records[@]}"
expect_eq "show" "signed approvals (4):
  $(short "${records[0]}") approved item SRS-4 at $(short HEAD~1) as Safety, signed by Sam Safety <sam@example.com>, $(stamp "${records[0]}"): valid; superseded: description changed since
  $(short "${records[1]}") approved item SRS-4 at $(short HEAD~1) as QA, signed by Quinn QA <quinn@example.com>, $(stamp "${records[1]}"): valid; superseded: description changed since
  $(short "${records[2]}") rejected item SRS-4 at $(short HEAD) as QA, signed by Quinn QA <quinn@example.com>, $(stamp "${records[2]}"): valid; current
  $(short "${records[3]}") approved item SRS-4 at $(short HEAD) as QA, signed by Quinn QA <quinn@example.com>, $(stamp "${records[3]}"): valid; current
  approved as defined now: yes" "$(sed -n '/^signed approvals/,/approved as defined now/p' <<<"$OUT")"

begin "the release gate asks QA and Safety to approve the very manifest it tags"
git init -q product && cd product
write trail.toml '[project]' 'name = "Pump"' 'safety_class = "C"' \
  '[kinds.requirement]' "pattern = 'SRS-\\d+'" 'require_links = ["implements", "verifies"]' \
  '[kinds.risk-control]' "pattern = 'RC-\\d+'" \
  '[trailers]' 'Implements = { relation = "implements", kinds = ["requirement", "risk-control"] }' \
  '[registry]' 'files = ["docs/*.toml"]' \
  '[[registry.file_links]]' 'files = ["tests/**"]' "pattern = '(verifies):\\s*((?:SRS|RC)-\\d+)'" \
  '[roles.QA]' "members = [{ name = \"Quinn QA\", email = \"quinn@example.com\", key = \"$(cat "$keys/quinn.pub")\" }]" \
  '[roles.Safety]' "members = [{ name = \"Sam Safety\", email = \"sam@example.com\", key = \"$(cat "$keys/sam.pub")\" }]" \
  '[release]' 'approvals = { QA = 1, Safety = 1 }'
write docs/items.toml '[[items]]' 'id = "SRS-1"' 'title = "Dose limit"' 'status = "approved"' \
  '[[items]]' 'id = "RC-1"' 'title = "Alarm within 1 s"'
write src/limit.c 'int limit = 5;'
write tests/limit_test.c '// verifies: SRS-1' '// verifies: RC-1'
git add -A
git commit -q -m $'Limit the dose\n\nImplements: SRS-1\nImplements: RC-1'
# Writes ../results.xml, a passing test bound to HEAD's tree.
bound_results() {
  write ../results.xml '<testsuites><testsuite name="unit">' \
    '<testcase classname="limit" name="dose limit" file="tests/limit_test.c"/>' '</testsuite></testsuites>'
  git trail bind-results ../results.xml 2>/dev/null
}
bound_results
# The SHA-256 of the manifest release would tag: `manifest` builds the same one.
manifest_digest() {
  git trail manifest --version v1.0.0 --results ../results.xml | sha256sum | cut -d' ' -f1
}
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
digest=$(manifest_digest)
expect_eq "no approvals" "release v1.0.0 refused: 2 problem(s)
  [approval] the manifest of v1.0.0 (sha256 ${digest:0:12}) needs 1 signed approval by QA, have 0
      hint: a member of QA runs 'git trail approve v1.0.0 --release --role QA' on this commit with the same --results, and the record is fetched here (refs/trail/approvals/*)
  [approval] the manifest of v1.0.0 (sha256 ${digest:0:12}) needs 1 signed approval by Safety, have 0
      hint: a member of Safety runs 'git trail approve v1.0.0 --release --role Safety' on this commit with the same --results, and the record is fetched here (refs/trail/approvals/*)" "$OUT"
# Quinn approves the manifest with the results release will be given; Sam approves without
# them, which is another manifest (the results are part of it).
as_person quinn approve v1.0.0 --release --role QA --results ../results.xml -m "Verification reviewed"
quinn_record=$(newest_record)
expect_eq "the record binds the manifest" "Approval-Target: release v1.0.0 at $(git rev-parse HEAD)
Approval-Release: v1.0.0
Approval-Content: sha256:$digest
Approval-Revision: $(git rev-parse HEAD)" "$(git log -1 --format=%B "$quinn_record" | grep -E '^Approval-(Target|Release|Content|Revision):')"
run as_person sam approve v1.0.0 --release --role Safety
expect_rc 0
sam_other=$(newest_record)
[ "$(git log -1 --format=%B "$sam_other" | sed -n 's/^Approval-Content: //p')" != "sha256:$digest" ] ||
  fail "a manifest without the results should have another digest"
expect_eq "approve says what it approved" "git-trail: $(short "$sam_other") approved release v1.0.0 at $(short HEAD) (manifest $(git log -1 --format=%B "$sam_other" | sed -n 's/^Approval-Content: //p' | cut -c1-19)) as Safety, signed by Sam Safety <sam@example.com>, $(stamp "$sam_other"): valid" "$(head -1 <<<"$ERR")"
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "Safety approved another manifest" "release v1.0.0 refused: 1 problem(s)
  [approval] the manifest of v1.0.0 (sha256 ${digest:0:12}) (1 record is about another manifest of v1.0.0) needs 1 signed approval by Safety, have 0
      hint: a member of Safety runs 'git trail approve v1.0.0 --release --role Safety' on this commit with the same --results, and the record is fetched here (refs/trail/approvals/*)" "$OUT"
# A commit after the approvals changes the manifest: both must approve again.
as_person sam approve v1.0.0 --release --role Safety --results ../results.xml 2>/dev/null
run git trail release v1.0.0 --results ../results.xml --dry-run
expect_rc 0
write README.md 'The pump.'
git add README.md && git commit -q -m "Describe the pump"
bound_results
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "a later commit needs new approvals" "2" "$(grep -c '^  \[approval\] the manifest of v1.0.0 (sha256 [0-9a-f]*) (3 records are about another manifest of v1.0.0) needs 1 signed approval by' <<<"$OUT")"
as_person quinn approve v1.0.0 --release --role QA --results ../results.xml 2>/dev/null
as_person sam approve v1.0.0 --release --role Safety --results ../results.xml 2>/dev/null
run git trail release v1.0.0 --results ../results.xml
expect_rc 0
tagged=$(git cat-file tag v1.0.0 | sed -n 's/^Manifest-SHA256: //p')
[ "$tagged" = "$(manifest_digest)" ] || fail "the tag's manifest is not the one approved"
expect_eq "both records bind the tagged manifest" "2" \
  "$(git for-each-ref --format='%(objectname)' refs/trail/approvals/ | xargs -n1 git log -1 --format=%B | grep -cx "Approval-Content: sha256:$tagged")"
# The tag names the two records the gate counted, after the digest (outside the manifest they
# approve).
qa_final=$(git for-each-ref --sort=creatordate --format='%(objectname)' refs/trail/approvals/ | tail -2 | head -1)
safety_final=$(newest_record)
expect_eq "the tag names the approvals" "Manifest-SHA256: $tagged
Release-Approval: $qa_final approved as QA by Quinn QA <quinn@example.com>
Release-Approval: $safety_final approved as Safety by Sam Safety <sam@example.com>" \
  "$(git cat-file tag v1.0.0 | sed -n '/^Manifest-SHA256: /,$p')"
# verify names the records of the tagged manifest; a clone without them cannot verify it.
run git trail verify v1.0.0 --results ../results.xml
expect_rc 0
expect_eq "verify lists the approvals" "signed approval: $(short "$qa_final") approved as QA, signed by Quinn QA <quinn@example.com>: valid
signed approval: $(short "$safety_final") approved as Safety, signed by Sam Safety <sam@example.com>: valid
approval named by the tag: $qa_final approved as QA by Quinn QA <quinn@example.com>: valid here
approval named by the tag: $safety_final approved as Safety by Sam Safety <sam@example.com>: valid here" \
  "$(grep -E '^(signed approval|approval named by the tag):' <<<"$OUT")"
git clone -q . ../bare-clone
run git -C ../bare-clone trail verify v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "no records, not verified" "signed approval: none here ([release] approvals asks for them; fetch refs/trail/approvals/*)" "$(grep '^signed approval:' <<<"$OUT")"
expect_eq "verify names what is missing" "NOT VERIFIED: 4 problem(s)
  [approval] the manifest of v1.0.0 (sha256 ${tagged:0:12}) needs 1 signed approval by QA, have 0
  [approval] the manifest of v1.0.0 (sha256 ${tagged:0:12}) needs 1 signed approval by Safety, have 0
  [approval] the tag names approval record $(short "$qa_final") (approved as QA by Quinn QA <quinn@example.com>), which is not here as a record of v1.0.0: fetch refs/trail/approvals/*
  [approval] the tag names approval record $(short "$safety_final") (approved as Safety by Sam Safety <sam@example.com>), which is not here as a record of v1.0.0: fetch refs/trail/approvals/*" "$(grep -A4 '^NOT VERIFIED' <<<"$OUT")"
git -C ../bare-clone fetch -q origin 'refs/trail/approvals/*:refs/trail/approvals/*'
run git -C ../bare-clone trail verify v1.0.0 --results ../results.xml
expect_rc 0
# A tag made by hand that names a record of another manifest is not verified.
git cat-file tag v1.0.0 | sed '1,/^$/d' >../tag-message
git tag -d v1.0.0 >/dev/null
printf 'Release-Approval: %s approved as Safety by Sam Safety <sam@example.com>\n' "$sam_other" >>../tag-message
git tag -a -F ../tag-message v1.0.0 "$(git rev-parse HEAD)"
run git trail verify v1.0.0 --results ../results.xml
expect_rc 1
expect_eq "a named record of another manifest" "  [approval] the tag names approval record $(short "$sam_other"), which does not count here: it approves another manifest of v1.0.0" \
  "$(grep -F "[approval] the tag names" <<<"$OUT")"
# A rejection of the tagged manifest by Safety would have refused it.
git tag -d v1.0.0 >/dev/null
as_person sam approve v1.0.0 --release --role Safety --meaning rejected --results ../results.xml 2>/dev/null
run git trail release v1.0.0 --results ../results.xml
expect_rc 1
grep -qF "[approval] the manifest of v1.0.0 (sha256 ${tagged:0:12}) (3 records are about another manifest of v1.0.0) was rejected in role Safety by Sam Safety ($(short "$(newest_record)"))" <<<"$OUT" ||
  fail "the rejection should refuse the release: $OUT"

begin "OpenPGP: a record signed with gpg counts when [roles] lists the key, checked by the server too"
command -v gpg >/dev/null || fail "gpg is not installed (Debian package gpg)"
# Quinn signs with an OpenPGP key; Mallory has one too, which no role lists.
for person in quinn mallory; do
  mkdir -m 700 "$keys/gpg-$person"
  GNUPGHOME="$keys/gpg-$person" gpg --batch --quiet --passphrase '' \
    --quick-gen-key "$person <$person@example.com>" ed25519 sign never 2>/dev/null
  # gpg reports its first trust database check on the next command (git's signing): done here.
  GNUPGHOME="$keys/gpg-$person" gpg --batch --check-trustdb 2>/dev/null
done
fingerprint() { GNUPGHOME="$keys/gpg-$1" gpg --with-colons --list-keys | awk -F: '/^fpr/ { print $10; exit }'; }
quinn_fpr=$(fingerprint quinn)
# Runs `git trail ARGS...` as PERSON signing with their OpenPGP key: as_gpg PERSON ARGS...
as_gpg() {
  local person=$1
  shift
  GNUPGHOME="$keys/gpg-$person" GIT_COMMITTER_NAME="$person" GIT_COMMITTER_EMAIL="$person@example.com" \
    git -c gpg.format=openpgp -c user.signingkey="$(fingerprint "$person")" trail "$@"
}
git init -q --bare server.git
(cd server.git && git trail hooks install >/dev/null 2>&1)
git init -q work && cd work
git trail hooks install >/dev/null
{
  echo '[roles.QA]'
  echo "members = [{ name = \"Quinn QA\", email = \"quinn@example.com\", openpgp = \"$quinn_fpr\", openpgp_key = \"\"\""
  GNUPGHOME="$keys/gpg-quinn" gpg --export --armor "$quinn_fpr"
  echo '""" }]'
  echo '[[rules]]'
  echo 'id = "qa-approved"'
  echo 'when = { paths = ["src/**"] }'
  echo 'require = { approvals = { QA = 1 } }'
} >trail.toml
git add trail.toml && git commit -q -m "Adopt the policy"
git remote add origin ../server.git
git push -q origin main 2>/dev/null
write src/limit.c 'int limit = 10;'
git add src/limit.c && git commit -q -m "Limit the dose"
change=$(git rev-parse HEAD)
run as_gpg mallory approve HEAD --role QA
expect_rc 2
expect_eq "a key no role lists" "git-trail: error: the record was signed but would not count, so no reference was made: unknown key: signed with an OpenPGP key no role in [roles] lists; the key git signs with (user.signingkey, with gpg.format ssh or openpgp) must be a member's key of role QA in [roles]" "$ERR"
run as_gpg quinn approve HEAD --role QA
expect_rc 0
record=$(newest_record)
expect_eq "approve" "git-trail: $(short "$record") approved commit $(short "$change") as QA, signed by Quinn QA <quinn@example.com>, $(stamp "$record"): valid" "$(head -1 <<<"$ERR")"
git cat-file commit "$record" | grep -q '^gpgsig -----BEGIN PGP SIGNATURE-----' || fail "the record is not signed with OpenPGP"
# Verified without the signer's keyring: only the key [roles] holds.
run env GNUPGHOME="$TEST_ROOT/no-such-home" git trail approvals
expect_rc 0
expect_eq "listed" "$(short "$record") approved commit $(short "$change") as QA, signed by Quinn QA <quinn@example.com>, $(stamp "$record"): valid" "$OUT"
run git push origin main 'refs/trail/approvals/*'
expect_rc 0
expect_eq "the server took both" "$change $record" \
  "$(git -C ../server.git rev-parse main) $(git -C ../server.git for-each-ref --format='%(objectname)' refs/trail/approvals/)"
# The record with its meaning changed after signing.
tampered=$(git cat-file commit "$record" | sed 's/^Approval-Meaning: approved$/Approval-Meaning: reviewed/' |
  git hash-object -t commit -w --stdin)
run git push --no-verify origin "$tampered:refs/trail/approvals/$tampered"
expect_rc 1
grep -qF "remote:   approval record: refs/trail/approvals/$tampered: approval record $(short "$tampered") is not valid: bad signature: the signature does not verify" <<<"$ERR" ||
  fail "tampered OpenPGP record: $ERR"
# A fingerprint that is not one is a policy error, with its place.
sed -i "s/openpgp = \"$quinn_fpr\"/openpgp = \"not-hex\"/" trail.toml
run git trail check HEAD
expect_rc 2
expect_eq "bad fingerprint" "trail.toml:2:72: error: roles.QA.members[0].openpgp is not an OpenPGP fingerprint: give the primary key's 40 (or 64) hexadecimal digits, as \`gpg --fingerprint\` prints them" "$(head -1 <<<"$ERR")"

begin "hooks install makes each remote fetch the records when the policy names roles"
setup_pair
as_person quinn approve feature --role QA 2>/dev/null
git push -q origin feature 'refs/trail/approvals/*' 2>/dev/null
cd .. && git clone -q server.git other && cd other
run git trail hooks install
expect_rc 0
expect_eq "install" "remote origin: fetches approval records (refs/trail/approvals/*:refs/trail/approvals/*)" "$(grep '^remote ' <<<"$OUT")"
expect_eq "refspecs" "+refs/heads/*:refs/remotes/origin/*
refs/trail/approvals/*:refs/trail/approvals/*" "$(git config --get-all remote.origin.fetch)"
run git trail hooks install
expect_eq "added once" "" "$(grep '^remote ' <<<"$OUT")"
[ "$(git config --get-all remote.origin.fetch | wc -l)" = 2 ] || fail "the refspec was added twice"
git fetch -q origin
expect_eq "a plain fetch brings the records" "$(git -C ../server.git for-each-ref --format='%(refname)' refs/trail/approvals/)" \
  "$(git for-each-ref --format='%(refname)' refs/trail/approvals/)"
run git trail hooks uninstall commit-msg
expect_eq "one hook out keeps the refspec" "2" "$(git config --get-all remote.origin.fetch | wc -l)"
run git trail hooks uninstall
expect_eq "uninstall" "remote origin: no longer fetches approval records" "$(grep '^remote ' <<<"$OUT")"
expect_eq "refspecs after" "+refs/heads/*:refs/remotes/origin/*" "$(git config --get-all remote.origin.fetch)"
# Without [roles] nothing is added.
cd .. && git init -q plain && cd plain && git remote add origin ../server.git
run git trail hooks install
expect_eq "no roles, no refspec" "" "$(git config --get-all remote.origin.fetch | grep trail)"

begin "the audit counts signed approvals as evidence of 6.2.4 and 8.2.1, apart from approval trailers"
setup_pair
as_person quinn approve feature --role QA 2>/dev/null
run git trail audit
root=$(git rev-list --max-parents=0 HEAD)
expect_eq "one commit unapproved" "      missing approvals: 1 of 2 commit(s) in the whole history (no release yet) have no valid signed approval by a role member other than the author ($(short "$root"))" \
  "$(grep -A6 'Approve change requests (6.2.4)' <<<"$OUT" | grep 'approvals:')"
# Dana's own approval of her commit is not independent; Quinn's is.
as_person dana approve "$root" --role Safety 2>/dev/null
run git trail audit
grep -qF "missing approvals: 1 of 2 commit(s)" <<<"$OUT" || fail "the author's own approval should not count: $OUT"
as_person quinn approve "$root" --role QA 2>/dev/null
run git trail audit
expect_eq "all approved" "      ok approvals: all 2 commit(s) in the whole history (no release yet) have a valid signed approval by a role member other than the author" \
  "$(grep -A8 'Approve and implement changes (8.2.1, 8.2.2)' <<<"$OUT" | grep 'approvals:')"

begin "the server runs ssh-keygen once per pushed record"
setup_pair
as_person quinn approve feature --role QA 2>/dev/null
as_person sam approve feature --role Safety 2>/dev/null
# A stand-in ssh-keygen earlier on PATH notes each run, then runs the real one.
real=$(command -v ssh-keygen)
mkdir -p "$CASE_DIR/wrap"
printf '#!/bin/sh\necho run >>"%s"\nexec "%s" "$@"\n' "$CASE_DIR/runs" "$real" >"$CASE_DIR/wrap/ssh-keygen"
chmod +x "$CASE_DIR/wrap/ssh-keygen"
PATH="$CASE_DIR/wrap:$PATH" run git push --no-verify origin feature 'refs/trail/approvals/*'
expect_rc 0
expect_eq "one check per record" "2" "$(wc -l <"$CASE_DIR/runs")"

done_testing
