// Approval records (src/core/approvals/): the record's words written and read back, the SSH
// signature's key as ssh-keygen wrote it, and how require.approvals counts verified records
// (src/core/rules/rules.cpp).

#include "core/approvals/approve.hpp"
#include "core/approvals/index.hpp"
#include "core/approvals/item.hpp"
#include "core/approvals/record.hpp"
#include "core/approvals/verify.hpp"
#include "core/policy/load.hpp"
#include "core/rules/rules.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace trail;

namespace {

const std::string k_change(40, 'c');
const std::string k_other(40, 'd');
const std::string k_empty_tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

git::CommitInfo record_commit(const std::string& message)
{
  git::CommitInfo commit;
  commit.id = std::string(40, 'a');
  commit.committer_name = "Quinn QA";
  commit.committer_email = "quinn@example.com";
  commit.committer_time = 1767268800;
  commit.message = message;
  return commit;
}

std::string why_not(const std::string& message,
                    const std::string& tree = k_empty_tree,
                    std::vector<std::string> parents = {})
{
  auto commit = record_commit(message);
  commit.parents = std::move(parents);
  std::string why;
  const auto record = approvals::parse_record(commit, tree, why);
  return record ? "read" : why;
}

const char* const k_fields = "Approval-Version: 1\n"
                             "Approval-Role: QA\n"
                             "Approval-Meaning: approved\n";

} // namespace

TEST_CASE("approval records: the message written is read back as it was")
{
  approvals::Record record;
  record.target = "range v1.0..v1.1";
  record.commits = {k_change, k_other};
  record.role = "QA";
  record.meaning = "reviewed";
  record.text = "Checked both changes\nagainst the plan.\n";
  const std::string message = approvals::record_message(record);
  CHECK(message == "reviewed range v1.0..v1.1 as QA\n"
                   "\n"
                   "Checked both changes\n"
                   "against the plan.\n"
                   "\n"
                   "Approval-Version: 1\n"
                   "Approval-Role: QA\n"
                   "Approval-Meaning: reviewed\n"
                   "Approval-Target: range v1.0..v1.1\n"
                   "Approval-Commit: " +
                       k_change + "\nApproval-Commit: " + k_other + "\n");
  std::string why;
  const auto read = approvals::parse_record(record_commit(message), k_empty_tree, why);
  REQUIRE(read);
  CHECK(why.empty());
  CHECK(read->target == record.target);
  CHECK(read->commits == record.commits);
  CHECK(read->role == "QA");
  CHECK(read->meaning == "reviewed");
  CHECK(read->text == "Checked both changes\nagainst the plan.");
  CHECK(read->committer_name == "Quinn QA");
  CHECK(read->time == 1767268800);
  record.text.clear();
  const auto bare =
      approvals::parse_record(record_commit(approvals::record_message(record)), k_empty_tree, why);
  REQUIRE(bare);
  CHECK(bare->text.empty());
}

TEST_CASE("approval records: a commit that is not one git-trail wrote is malformed, and says why")
{
  const std::string good = std::string("approved commit c as QA\n\n") + k_fields +
                           "Approval-Target: commit " + k_change +
                           "\nApproval-Commit: " + k_change + "\n";
  CHECK(why_not(good) == "read");
  CHECK(why_not(good, k_empty_tree, {k_other}) == "a record has no parents; this commit has 1");
  CHECK(why_not(good, k_other) == "a record carries no files; this commit's tree is " + k_other);
  CHECK(why_not("approved\n\nApproval-Role: QA\nApproval-Meaning: approved\n"
                "Approval-Target: x\nApproval-Commit: " +
                k_change + "\n") == "no Approval-Version");
  CHECK(why_not("x\n\nApproval-Version: 2\n") == "unknown record version 2");
  CHECK(why_not("x\n\nApproval-Version: 1\nApproval-Meaning: approved\n") == "no Approval-Role");
  CHECK(why_not("x\n\nApproval-Version: 1\nApproval-Role: QA\n") == "no Approval-Meaning");
  CHECK(why_not(std::string("x\n\n") + k_fields) == "no Approval-Target");
  CHECK(why_not(std::string("x\n\n") + k_fields + "Approval-Target: t\n") == "no Approval-Commit");
  CHECK(why_not(std::string("x\n\n") + k_fields + "Approval-Target: t\nApproval-Commit: cafe\n") ==
        "Approval-Commit 'cafe' is not a full commit id");
  CHECK(why_not(std::string("x\n\n") + k_fields + "Approval-Role: Safety\n") ==
        "Approval-Role is given twice");
  CHECK(why_not(std::string("x\n\n") + k_fields + "Signed-off-by: Q <q@x>\n") ==
        "unknown field Signed-off-by");
  CHECK(why_not("x\n\nApproval-Version: 1\nApproval-Role: QA\nApproval-Meaning: fine\n"
                "Approval-Target: t\nApproval-Commit: " +
                k_change + "\n") == "unknown meaning 'fine' (approved, reviewed or rejected)");
}

TEST_CASE("approval records: the key of an SSH signature is the signer's public key")
{
  // scripts/install-deps installs it (openssh-client).
  REQUIRE_MESSAGE(util::find_program("ssh-keygen"), "ssh-keygen is not installed");
  const util::TempDir folder;
  const auto key = folder.path() / "key";
  REQUIRE(
      util::run_process(
          {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "who@laptop", "-f", key.string()})
          .exit_code == 0);
  const auto payload = folder.write("payload", "tree 4b825dc\n\nhello\n");
  REQUIRE(util::run_process(
              {"ssh-keygen", "-Y", "sign", "-f", key.string(), "-n", "git", payload.string()})
              .exit_code == 0);
  const std::string signature = util::read_file(payload.string() + ".sig");
  const std::string pub = util::read_file(key.string() + ".pub");
  const auto info = approvals::read_ssh_signature(signature);
  REQUIRE(info);
  CHECK(info->key == pub.substr(0, pub.find(" who@laptop")));
  CHECK(info->name_space == "git");
  // Not an SSH signature, or one cut short or damaged anywhere: nothing is read from outside
  // its bytes (the sanitizer build checks every access), and no key is made up.
  CHECK_FALSE(approvals::read_ssh_signature("-----BEGIN PGP SIGNATURE-----\nabc\n"
                                            "-----END PGP SIGNATURE-----\n"));
  CHECK_FALSE(approvals::read_ssh_signature(""));
  // A key type that is not a name, here "ssh ed25519" (found by fuzz_approval_record): not
  // read, so no key "TYPE BASE64" with two spaces is made up.
  const auto ssh_string = [](std::string_view text) {
    const auto size = static_cast<uint32_t>(text.size());
    std::string out = {static_cast<char>(size >> 24),
                       static_cast<char>(size >> 16),
                       static_cast<char>(size >> 8),
                       static_cast<char>(size)};
    return out + std::string(text);
  };
  const std::string blob = "SSHSIG" + std::string("\0\0\0\1", 4) +
                           ssh_string(ssh_string("ssh ed25519") + ssh_string("k")) +
                           ssh_string("git") + ssh_string("") + ssh_string("sha512") +
                           ssh_string("s");
  CHECK_FALSE(approvals::read_ssh_signature("-----BEGIN SSH SIGNATURE-----\n" +
                                            util::base64_encode(blob) +
                                            "\n-----END SSH SIGNATURE-----\n"));
  const std::string named = "SSHSIG" + std::string("\0\0\0\1", 4) +
                            ssh_string(ssh_string("ssh-ed25519") + ssh_string("k")) +
                            ssh_string("git") + ssh_string("") + ssh_string("sha512") +
                            ssh_string("s");
  CHECK(approvals::read_ssh_signature("-----BEGIN SSH SIGNATURE-----\n" +
                                      util::base64_encode(named) +
                                      "\n-----END SSH SIGNATURE-----\n"));
  size_t read = 0;
  const std::string body = signature.substr(0, signature.find("-----END"));
  for (size_t length = 30; length < body.size(); length += 5) {
    if (approvals::read_ssh_signature(body.substr(0, length) + "\n-----END SSH SIGNATURE-----")) {
      ++read;
    }
  }
  CHECK(read < body.size() / 5);
}

namespace {

const std::string k_policy = R"(
[roles.QA]
members = [
  { name = "Quinn QA", email = "quinn@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICpl35Ee1g07AcBIE3yJS5dgp07Nr2sxusI7N0tDYRRx" },
  { name = "Ada Author", email = "ada@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMjLqzW/z3jlMaBHBMCjScxNpSbJPX7tBYMonUtnlF58" },
]
[[rules]]
id = "dosing"
when = { paths = ["src/dosing/**"] }
require = { approvals = { QA = 1 } }
)";

rules::SignedApproval signed_by(const std::string& record,
                                const std::string& name,
                                const std::string& email,
                                const std::string& meaning = "approved")
{
  return {record + std::string(40 - record.size(), '0'), "QA", meaning, true, "valid", name, email};
}

// What the rule says of a commit of Ada's changing src/dosing/a.c with APPROVALS.
std::vector<std::string>
problems(const std::optional<std::vector<rules::SignedApproval>>& approvals)
{
  static const auto policy = policy::parse_policy(k_policy, "trail.toml");
  rules::CommitFacts facts;
  facts.id = k_change;
  facts.message = "Tune dosing\n";
  facts.changed_paths = {"src/dosing/a.c"};
  facts.author_name = "Ada Author";
  facts.author_email = "Ada@Example.com";
  facts.approvals = approvals;
  std::vector<std::string> out;
  for (const auto& d : rules::evaluate(policy, facts)) {
    out.push_back(d.rule + ": " + d.message + " | " + d.hint);
  }
  return out;
}

const std::string k_hint = " | a member of QA other than the author runs 'git trail approve "
                           "cccccccccccc --role QA' and pushes refs/trail/approvals/*";

} // namespace

TEST_CASE("require.approvals: verified records by members other than the author count")
{
  using V = std::vector<std::string>;
  const auto quinn = signed_by("111", "Quinn QA", "quinn@example.com");
  const auto ada = signed_by("222", "Ada Author", "ada@example.com");
  // Not looked up (a commit being made): not judged here.
  CHECK(problems(std::nullopt).empty());
  CHECK(problems(std::vector<rules::SignedApproval>{}) ==
        V{"dosing: changes to src/dosing/a.c (src/dosing/**) need 1 signed approval by QA, "
          "have 0" +
          k_hint});
  CHECK(problems(std::vector{quinn}).empty());
  // The author's own, compared by email whatever its case.
  CHECK(problems(std::vector{ada}) ==
        V{"dosing: changes to src/dosing/a.c (src/dosing/**) need 1 signed approval by QA, have "
          "0; not counted: 222000000000 by the author, Ada Author" +
          k_hint});
  // A record that did not verify, or of another role, or only "reviewed".
  auto forged = quinn;
  forged.valid = false;
  forged.status = "bad signature";
  auto other_role = quinn;
  other_role.role = "Safety";
  CHECK(problems(std::vector{
            forged, other_role, signed_by("333", "Quinn QA", "quinn@example.com", "reviewed")}) ==
        V{"dosing: changes to src/dosing/a.c (src/dosing/**) need 1 signed approval by QA, have "
          "0; not counted: 111000000000 bad signature; 333000000000 reviewed, not approved, by "
          "Quinn QA" +
          k_hint});
  // The same member's latest record decides: a rejection after an approval stands, an
  // approval after a rejection lifts it.
  const auto rejection = signed_by("444", "Quinn QA", "quinn@example.com", "rejected");
  CHECK(problems(std::vector{quinn, rejection}) ==
        V{"dosing: changes to src/dosing/a.c (src/dosing/**) were rejected in role QA by Quinn QA "
          "(444000000000) | a rejection stands until the same member signs a later approval",
          "dosing: changes to src/dosing/a.c (src/dosing/**) need 1 signed approval by QA, have "
          "0" +
              k_hint});
  CHECK(problems(std::vector{rejection, quinn}).empty());
  // A later "reviewed" neither lifts a rejection nor withdraws an approval.
  const auto review = signed_by("555", "Quinn QA", "quinn@example.com", "reviewed");
  CHECK(problems(std::vector{rejection, review}).size() == 2);
  CHECK(problems(std::vector{quinn, review}).empty());
}

TEST_CASE("approval records: a release record binds the manifest's digest")
{
  approvals::Record record;
  record.release = "v1.0.0";
  record.content = "sha256:" + std::string(64, 'a');
  record.revision = k_change;
  record.target = "release v1.0.0 at " + k_change;
  record.role = "Safety";
  record.meaning = "approved";
  const std::string message = approvals::record_message(record);
  CHECK(message == "approved release v1.0.0 at " + k_change +
                       " as Safety\n\nApproval-Version: 1\nApproval-Role: Safety\n"
                       "Approval-Meaning: approved\nApproval-Target: release v1.0.0 at " +
                       k_change + "\nApproval-Release: v1.0.0\nApproval-Content: " +
                       record.content + "\nApproval-Revision: " + k_change + "\n");
  std::string why;
  const auto read = approvals::parse_record(record_commit(message), k_empty_tree, why);
  REQUIRE(read);
  CHECK(read->release == "v1.0.0");
  CHECK(read->item.empty());
  CHECK(read->content == record.content);
  CHECK(read->revision == k_change);
  CHECK(read->commits.empty());
  const std::string head = std::string("x\n\n") + k_fields + "Approval-Target: t\n";
  const std::string rest =
      "Approval-Content: " + record.content + "\nApproval-Revision: " + k_change + "\n";
  CHECK(why_not(head + "Approval-Release: v1\nApproval-Item: SRS-4\n" + rest) ==
        "a record names an Approval-Item or an Approval-Release, not both");
  CHECK(why_not(head + "Approval-Release: \n" + rest) == "no Approval-Release");
  CHECK(why_not(head + "Approval-Commit: " + k_change + "\nApproval-Release: v1\n" + rest) ==
        "a release record names no Approval-Commit");
  CHECK(why_not(head + "Approval-Release: v1\nApproval-Revision: " + k_change + "\n") ==
        "no Approval-Content");
}

TEST_CASE("item approvals: an item entering an approved state, or changed in one, needs records "
          "of its definition")
{
  using V = std::vector<std::string>;
  static const auto policy = policy::parse_policy(
      k_policy + "[kinds.requirement]\npattern = 'SRS-\\d+'\napprovals = { QA = 1 }\n",
      "trail.toml");
  rules::CommitFacts facts;
  facts.id = k_change;
  facts.author_name = "Ada Author";
  facts.author_email = "ada@example.com";
  rules::ItemApprovalFacts item;
  item.kind = policy.find_kind("requirement");
  item.id = "SRS-4";
  item.status = "approved";
  item.entered = true;
  const auto problems_of = [&](const rules::ItemApprovalFacts& of) {
    V out;
    for (const auto& d : rules::item_approval_problems(facts, of)) {
      CHECK(d.commit == k_change);
      out.push_back(d.rule + ": " + d.message + " | " + d.hint);
    }
    return out;
  };
  const std::string hint = " | a member of QA other than the commit's author runs 'git trail "
                           "approve SRS-4 --role QA' on this definition and pushes "
                           "refs/trail/approvals/*";
  CHECK(problems_of(item) == V{"item-approval: SRS-4 becomes approved in this commit: its "
                               "definition needs 1 signed approval by QA, have 0" +
                               hint});
  item.approvals = {signed_by("111", "Quinn QA", "quinn@example.com")};
  CHECK(problems_of(item).empty());
  // The author of the commit that makes the item approved is not independent of it.
  item.approvals = {signed_by("222", "Ada Author", "ADA@example.com")};
  item.entered = false;
  item.changed = {"title", "description"};
  item.superseded = 2;
  CHECK(problems_of(item) ==
        V{"item-approval: SRS-4 is approved and its title, description change in this commit (2 "
          "records are about an earlier definition): its definition needs 1 signed approval by "
          "QA, have 0; not counted: 222000000000 by the author, Ada Author" +
          hint});
  // A rejection by the member stands over that member's earlier approval.
  item.changed = {"description"};
  item.superseded = 1;
  item.approvals = {signed_by("111", "Quinn QA", "quinn@example.com"),
                    signed_by("333", "Quinn QA", "quinn@example.com", "rejected")};
  CHECK(problems_of(item) ==
        V{"item-approval: SRS-4 is approved and its description changes in this commit (1 "
          "record is about an earlier definition): its definition was rejected in role QA by "
          "Quinn QA (333000000000) | a rejection stands until the same member signs a later "
          "approval",
          "item-approval: SRS-4 is approved and its description changes in this commit (1 "
          "record is about an earlier definition): its definition needs 1 signed approval by "
          "QA, have 0" +
              hint});
}

TEST_CASE("roles: a change is told by its members, their order and the description aside")
{
  using V = std::vector<std::string>;
  const auto before = policy::parse_policy(k_policy + R"(
[roles.Safety]
description = "Safety"
members = [{ name = "Sam Safety", email = "sam@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICpl35Ee1g07AcBIE3yJS5dgp07Nr2sxusI7N0tDYRRx" }]
)",
                                           "trail.toml");
  // QA's members in the other order, Safety described otherwise: nothing changes.
  const auto reordered = policy::parse_policy(R"(
[roles.QA]
members = [
  { name = "Ada Author", email = "ada@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMjLqzW/z3jlMaBHBMCjScxNpSbJPX7tBYMonUtnlF58" },
  { name = "Quinn QA", email = "quinn@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICpl35Ee1g07AcBIE3yJS5dgp07Nr2sxusI7N0tDYRRx" },
]
[roles.Safety]
description = "Patient safety"
members = [{ name = "Sam Safety", email = "sam@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICpl35Ee1g07AcBIE3yJS5dgp07Nr2sxusI7N0tDYRRx" }]
)",
                                              "trail.toml");
  CHECK(policy::diff_roles(before, reordered).empty());
  // Ada's email changes (so does who counts as the author), Safety goes, Security comes.
  const auto after = policy::parse_policy(R"(
[roles.QA]
members = [
  { name = "Quinn QA", email = "quinn@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICpl35Ee1g07AcBIE3yJS5dgp07Nr2sxusI7N0tDYRRx" },
  { name = "Ada Author", email = "ada@example.org", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMjLqzW/z3jlMaBHBMCjScxNpSbJPX7tBYMonUtnlF58" },
]
[roles.Security]
members = [{ name = "Sam Safety", email = "sam@example.com", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICpl35Ee1g07AcBIE3yJS5dgp07Nr2sxusI7N0tDYRRx" }]
)",
                                          "trail.toml");
  const auto diff = policy::diff_roles(before, after);
  CHECK(diff.changed == V{"QA"});
  CHECK(diff.removed == V{"Safety"});
  CHECK(diff.added == V{"Security"});
  // Sam moves from Safety to Security: both are changes. A missing role lists nobody.
  CHECK_FALSE(policy::same_members(before.find_role("Safety"), after.find_role("Safety")));
  CHECK(policy::same_members(nullptr, after.find_role("Nobody")));
}

TEST_CASE("roles-change: each role changed approves by itself, a role added by one already there")
{
  using V = std::vector<std::string>;
  rules::CommitFacts facts;
  facts.id = k_change;
  facts.author_name = "Ada Author";
  facts.author_email = "ada@example.com";
  rules::RolesChange change;
  change.before = std::string(40, 'b');
  change.owners = {"QA", "Safety"};
  change.changed = {"QA"};
  change.added = {"Security"};
  const auto problems_of = [&]() {
    V out;
    for (const auto& d : rules::roles_change_problems(facts, change)) {
      CHECK(d.commit == k_change);
      out.push_back(d.rule + ": " + d.message + " | " + d.hint);
    }
    return out;
  };
  // A commit being made has no records yet: it is judged where it is pushed or checked.
  CHECK(problems_of().empty());
  const std::string hint = " (before this change), other than the author, runs 'git trail "
                           "approve cccccccccccc --role QA' and pushes refs/trail/approvals/*";
  facts.approvals = {signed_by("222", "Ada Author", "ada@example.com")};
  CHECK(problems_of() ==
        V{"roles-change: trail.toml changes the members of role QA, which only QA may approve: "
          "need 1 signed approval by QA, have 0; not counted: 222000000000 by the author, Ada "
          "Author | a member of QA as committed at bbbbbbbbbbbb" +
              hint,
          "roles-change: trail.toml adds role Security, which a role it already has must "
          "approve: need 1 signed approval by QA or Safety, have 0; not counted: 222000000000 by "
          "the author, Ada Author | a member of QA or Safety as committed at bbbbbbbbbbbb" +
              hint});
  // Quinn's approval in QA serves both.
  facts.approvals->push_back(signed_by("111", "Quinn QA", "quinn@example.com"));
  CHECK(problems_of().empty());
  // A rejection by the same member stands.
  facts.approvals->push_back(signed_by("333", "Quinn QA", "quinn@example.com", "rejected"));
  CHECK(problems_of() ==
        V{"roles-change: trail.toml changes the members of role QA, and this was rejected in role "
          "QA by Quinn QA (333000000000) | a rejection stands until the same member signs a later "
          "approval",
          "roles-change: trail.toml changes the members of role QA, which only QA may approve: "
          "need 1 signed approval by QA, have 0; not counted: 222000000000 by the author, Ada "
          "Author | a member of QA as committed at bbbbbbbbbbbb" +
              hint,
          "roles-change: trail.toml adds role Security, and this was rejected by Quinn QA "
          "(333000000000) | a rejection stands until the same member signs a later approval",
          "roles-change: trail.toml adds role Security, which a role it already has must "
          "approve: need 1 signed approval by QA or Safety, have 0; not counted: 222000000000 by "
          "the author, Ada Author | a member of QA or Safety as committed at bbbbbbbbbbbb" +
              hint});
  // A trail.toml that does not load may change any role: each one is asked.
  facts.approvals = {signed_by("111", "Quinn QA", "quinn@example.com")};
  change.unreadable = "trail.toml:3:1: error: expected a key";
  const auto safety_hint = " (before this change), other than the author, runs 'git trail "
                           "approve cccccccccccc --role Safety' and pushes refs/trail/approvals/*";
  CHECK(problems_of() ==
        V{"roles-change: trail.toml does not load at this commit (trail.toml:3:1: error: expected "
          "a key), so it may change role Safety, which only Safety may approve: need 1 signed "
          "approval by Safety, have 0 | a member of Safety as committed at bbbbbbbbbbbb" +
          std::string(safety_hint)});
  // What cannot be told at all is a problem of its own, whatever the records.
  change.unknown = "the policy committed at its parent bbbbbbbbbbbb does not load (x)";
  CHECK(problems_of() ==
        V{"roles-change: trail.toml changes in this commit, and the policy committed at its "
          "parent bbbbbbbbbbbb does not load (x), so the roles that must approve the change "
          "cannot be told | check it where the history and the policy before it can be read"});
}

TEST_CASE("approval index: only the records of the commits asked about are verified")
{
  // scripts/install-deps installs it (openssh-client).
  REQUIRE_MESSAGE(util::find_program("ssh-keygen"), "ssh-keygen is not installed");
  unit::TempRepo repo;
  const auto key = repo.dir.path / "quinn";
  REQUIRE(util::run_process({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.string()})
              .exit_code == 0);
  const std::string pub = util::read_file(key.string() + ".pub");
  repo.git({"config", "gpg.format", "ssh"});
  repo.git({"config", "user.signingkey", key.string()});
  repo.git({"config", "user.email", "quinn@example.com"});
  const auto policy = policy::parse_policy(
      "[roles.QA]\nmembers = [{ name = \"Quinn QA\", email = \"quinn@example.com\", key = \"" +
          std::string(util::trim(pub)) + "\" }]\n",
      "trail.toml");
  std::vector<std::string> commits;
  for (int i = 0; i < 3; ++i) {
    commits.push_back(
        repo.commit_all("Change " + std::to_string(i), {{"GIT_AUTHOR_EMAIL", "dana@example.com"}}));
  }
  const auto opened = git::Repository::open_at(repo.path.string());
  for (const auto& commit : commits) {
    const auto approved =
        approvals::approve(opened, policy, {commit, "QA", "approved", "", nullptr, "", "", ""});
    CHECK(approved.entry.verdict.status == approvals::Verdict::Status::valid);
    CHECK(approved.own_commits.empty());
  }
  // A range: one record for its two commits.
  const auto range = approvals::approve(
      opened,
      policy,
      {commits[0] + ".." + commits[2], "QA", "reviewed", "Both read", nullptr, "", "", ""});
  CHECK(range.entry.record.commits == std::vector<std::string>{commits[2], commits[1]});
  CHECK(range.entry.record.target == "range " + commits[0] + ".." + commits[2]);

  const auto index = approvals::Index::load(opened, policy);
  CHECK(index.verified() == 0);
  const auto first = index.for_commit(commits[0]);
  REQUIRE(first.size() == 1);
  CHECK(first[0]->verdict.status == approvals::Verdict::Status::valid);
  CHECK(first[0]->verdict.signer_name == "Quinn QA");
  CHECK(index.verified() == 1);
  CHECK(index.for_commit(commits[1]).size() == 2); // its own record and the range's
  CHECK(index.verified() == 3);
  CHECK(index.for_commit(commits[0]).size() == 1);
  CHECK(index.verified() == 3); // each record once
  CHECK(index.entries().size() == 4);
  CHECK(index.verified() == 4);
}

TEST_CASE("approval records: an item record binds the definition, by digest, status aside")
{
  approvals::Record record;
  record.item = "SRS-4";
  record.content = "sha256:" + std::string(64, 'e');
  record.revision = k_change;
  record.target = "item SRS-4 at " + k_change;
  record.role = "QA";
  record.meaning = "approved";
  const std::string message = approvals::record_message(record);
  CHECK(message == "approved item SRS-4 at " + k_change +
                       " as QA\n\nApproval-Version: 1\nApproval-Role: QA\nApproval-Meaning: "
                       "approved\nApproval-Target: item SRS-4 at " +
                       k_change + "\nApproval-Item: SRS-4\nApproval-Content: " + record.content +
                       "\nApproval-Revision: " + k_change + "\n");
  std::string why;
  const auto read = approvals::parse_record(record_commit(message), k_empty_tree, why);
  REQUIRE(read);
  CHECK(read->item == "SRS-4");
  CHECK(read->content == record.content);
  CHECK(read->revision == k_change);
  CHECK(read->commits.empty());
  const std::string head = std::string("x\n\n") + k_fields + "Approval-Target: t\n";
  CHECK(why_not(head + "Approval-Item: SRS-4\nApproval-Revision: " + k_change + "\n") ==
        "no Approval-Content");
  CHECK(why_not(head + "Approval-Item: SRS-4\nApproval-Content: " + record.content + "\n") ==
        "no Approval-Revision");
  CHECK(why_not(head + "Approval-Item: SRS-4\nApproval-Content: sha256:abc\nApproval-Revision: " +
                k_change + "\n") ==
        "Approval-Content 'sha256:abc' is not sha256: and 64 hex digits");
  CHECK(why_not(head + "Approval-Item: SRS-4\nApproval-Content: " + record.content +
                "\nApproval-Revision: HEAD\n") ==
        "Approval-Revision 'HEAD' is not a full commit id");
  CHECK(why_not(head + "Approval-Commit: " + k_change +
                "\nApproval-Item: SRS-4\nApproval-Content: " + record.content +
                "\nApproval-Revision: " + k_change + "\n") ==
        "an item record names no Approval-Commit");

  registry::Item item;
  item.id = "SRS-4";
  item.kind = "requirement";
  item.title = "Dose limit";
  item.status = "draft";
  item.description = "At most 10 ml/h.";
  const std::string digest = approvals::item_digest(item);
  CHECK(digest.size() == 71);
  auto approved = item;
  approved.status = "approved";
  CHECK(approvals::item_digest(approved) == digest);
  auto edited = item;
  edited.description = "At most 12 ml/h.";
  CHECK(approvals::item_digest(edited) != digest);
  auto linked = item;
  linked.links.push_back({"derives-from", "SYS-1", {}});
  CHECK(approvals::item_digest(linked) != digest);
}
