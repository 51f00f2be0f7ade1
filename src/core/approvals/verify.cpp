#include "core/approvals/verify.hpp"

#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace trail::approvals {
namespace {

constexpr std::string_view k_ssh_begin = "-----BEGIN SSH SIGNATURE-----";
constexpr std::string_view k_ssh_end = "-----END SSH SIGNATURE-----";

// Runs `ssh-keygen -Y verify` over SIGNATURE's bytes with KEY ("TYPE BASE64") as the only
// allowed signer, namespace git. Sets VERDICT to cannot check when ssh-keygen cannot be run.
util::ProcessResult check_with_ssh_keygen(const std::string& key,
                                          const git::CommitSignature& signature,
                                          Verdict& verdict)
{
  const util::TempDir folder;
  const auto allowed = folder.write("allowed_signers", "signer namespaces=\"git\" " + key + "\n");
  const auto sig = folder.write("record.sig", signature.signature);
  try {
    return util::run_process({"ssh-keygen",
                              "-Y",
                              "verify",
                              "-f",
                              allowed.string(),
                              "-I",
                              "signer",
                              "-n",
                              "git",
                              "-s",
                              sig.string()},
                             signature.signed_data);
  } catch (const Error& error) {
    verdict.status = Verdict::Status::cannot_check;
    verdict.why = std::string("ssh-keygen cannot be run: ") + error.what();
    return {};
  }
}

constexpr std::string_view k_pgp_begin = "-----BEGIN PGP SIGNATURE-----";

// What gpg said of an OpenPGP signature, checked against a keyring of its own.
struct GpgAnswer
{
  std::string cannot;  // why gpg could not be run ("" when it ran)
  std::string primary; // the primary key fingerprint of a good signature ("" otherwise)
  std::string problem; // why the signature is not good ("" when it is)
  bool no_key = false; // made with a key the keyring does not hold
};

// Runs `gpg --verify` over SIGNATURE's bytes in a keyring that holds KEYS alone (the armored
// public keys of every OpenPGP member of [roles]), in a temporary home: neither the user's
// keyring nor its trust settings take part. A good signature is one gpg reports VALIDSIG and
// GOODSIG for, exit 0, by a key that has not expired and is not revoked.
GpgAnswer check_with_gpg(const std::string& keys, const git::CommitSignature& signature)
{
  GpgAnswer answer;
  const util::TempDir home;
  const auto keyring = home.write("keys.asc", keys);
  const auto sig = home.write("record.sig", signature.signature);
  const auto data = home.write("record.data", signature.signed_data);
  const std::vector<std::string> common = {
      "gpg", "--homedir", home.path().string(), "--batch", "--no-tty", "--no-autostart"};
  const auto with = [&](std::initializer_list<std::string> more) {
    auto argv = common;
    argv.insert(argv.end(), more);
    return argv;
  };
  util::ProcessResult imported;
  util::ProcessResult verified;
  try {
    imported = util::run_process(with({"--quiet", "--import", keyring.string()}), "");
    verified =
        util::run_process(with({"--status-fd", "1", "--verify", sig.string(), data.string()}), "");
  } catch (const Error& error) {
    answer.cannot = std::string("gpg cannot be run: ") + error.what();
    return answer;
  }
  if (imported.exit_code != 0) {
    answer.cannot = "gpg could not import the OpenPGP keys of [roles] (" +
                    std::string(util::trim(imported.err)) + ")";
    return answer;
  }
  bool good = false;
  std::string valid;
  for (const auto line : util::split_lines(verified.out)) {
    const auto fields = util::split(line, ' ');
    if (fields.size() < 2 || fields[0] != "[GNUPG:]") {
      continue;
    }
    const auto& what = fields[1];
    if (what == "GOODSIG") {
      good = true;
    } else if (what == "VALIDSIG" && fields.size() >= 12) {
      valid = std::string(fields.back()); // the primary key's fingerprint
    } else if (what == "NO_PUBKEY") {
      answer.no_key = true;
    } else if (what == "BADSIG") {
      answer.problem = "the signature does not verify";
    } else if (what == "EXPKEYSIG") {
      answer.problem = "made with an expired key";
    } else if (what == "REVKEYSIG") {
      answer.problem = "made with a revoked key";
    } else if (what == "EXPSIG") {
      answer.problem = "the signature has expired";
    }
  }
  if (answer.no_key) {
    return answer;
  }
  if (answer.problem.empty() && (!good || valid.empty() || verified.exit_code != 0)) {
    const auto said = std::string(util::trim(verified.err));
    answer.problem = "the signature does not verify" + (said.empty() ? "" : " (" + said + ")");
  }
  if (answer.problem.empty()) {
    answer.primary = valid;
  }
  return answer;
}

} // namespace

std::string_view status_name(Verdict::Status status)
{
  switch (status) {
  case Verdict::Status::valid:
    return "valid";
  case Verdict::Status::not_in_role:
    return "not in role";
  case Verdict::Status::unknown_key:
    return "unknown key";
  case Verdict::Status::bad_signature:
    return "bad signature";
  case Verdict::Status::unsigned_:
    return "unsigned";
  case Verdict::Status::malformed:
    return "malformed";
  case Verdict::Status::cannot_check:
    return "cannot check";
  }
  return "malformed";
}

std::optional<SshSignatureInfo> read_ssh_signature(std::string_view armored)
{
  const auto text = util::trim(armored);
  if (!text.starts_with(k_ssh_begin) || !text.ends_with(k_ssh_end)) {
    return std::nullopt;
  }
  std::string base64;
  for (const auto line : util::split_lines(
           text.substr(k_ssh_begin.size(), text.size() - k_ssh_begin.size() - k_ssh_end.size()))) {
    base64 += util::trim(line);
  }
  const auto blob = util::base64_decode(base64);
  // The SSHSIG blob (OpenSSH's PROTOCOL.sshsig): magic, version, public key, namespace,
  // reserved, hash algorithm, signature.
  if (!blob || !blob->starts_with("SSHSIG") || blob->size() < 10) {
    return std::nullopt;
  }
  size_t at = 10; // the magic and the 32-bit version
  const auto key = util::read_ssh_string(*blob, at);
  const auto name_space = key ? util::read_ssh_string(*blob, at) : std::nullopt;
  size_t key_at = 0;
  const auto type = key ? util::read_ssh_string(*key, key_at) : std::nullopt;
  // A key type is a name ("ssh-ed25519"): anything else is not a key git-trail can name, and the
  // key it gives, "TYPE BASE64", must split at its one space.
  const auto is_name = [](std::string_view name) {
    return !name.empty() &&
           std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c <= '~'; });
  };
  if (!key || !name_space || !type || !is_name(*type)) {
    return std::nullopt;
  }
  return SshSignatureInfo{std::string(*type) + " " + util::base64_encode(*key),
                          std::string(*name_space)};
}

namespace {

// The members whose key HOLDS says it is, in every role: the first such member, and the first
// in ROLE (either null when none); VERDICT's signer_roles gets each role that lists the key.
struct Holders
{
  const policy::RoleMember* holder = nullptr;
  const policy::RoleMember* in_role = nullptr;
};
Holders find_holders(const policy::Policy& policy,
                     const std::string& role_name,
                     const std::function<bool(const policy::RoleMember&)>& holds,
                     Verdict& verdict)
{
  Holders found;
  for (const auto& role : policy.roles) {
    for (const auto& member : role.members) {
      if (!holds(member)) {
        continue;
      }
      if (found.holder == nullptr) {
        found.holder = &member;
      }
      verdict.signer_roles.push_back(role.name);
      if (role.name == role_name && found.in_role == nullptr) {
        found.in_role = &member;
      }
    }
  }
  return found;
}

// The verdict once the signature verified with the key of HOLDER (a member of some role) and,
// when the key is in the record's role, of IN_ROLE.
Verdict judge_signer(const Record& record,
                     const policy::RoleMember* holder,
                     const policy::RoleMember* in_role,
                     Verdict& verdict)
{
  const policy::RoleMember* signer = in_role ? in_role : holder;
  verdict.signer_name = signer->name;
  verdict.signer_email = signer->email;
  if (in_role == nullptr) {
    verdict.status = Verdict::Status::not_in_role;
    verdict.why = signer->name + " signed it, who is not in role " + record.role + " (only " +
                  util::join(verdict.signer_roles, ", ") + ")";
    return verdict;
  }
  verdict.status = Verdict::Status::valid;
  return verdict;
}

// An OpenPGP-signed record: gpg checks the signature with the OpenPGP keys [roles] lists, and
// the primary key that made it decides who signed.
Verdict verify_openpgp(const std::string& record_id,
                       const Record& record,
                       const git::CommitSignature& signature,
                       const policy::Policy& policy)
{
  Verdict verdict;
  std::string keys;
  for (const auto& role : policy.roles) {
    for (const auto& member : role.members) {
      if (!member.openpgp.empty()) {
        keys += member.openpgp_key;
      }
    }
  }
  if (keys.empty()) {
    verdict.status = Verdict::Status::unknown_key;
    verdict.why = "signed with an OpenPGP key, and no role in [roles] lists an OpenPGP key";
    return verdict;
  }
  // As for SSH, gpg's answer depends only on the record and the keys: asked once per process.
  static std::map<std::string, GpgAnswer> answers;
  const std::string question = record_id + " " + util::sha256_hex(keys);
  auto known = answers.find(question);
  if (known == answers.end()) {
    const GpgAnswer answer = check_with_gpg(keys, signature);
    if (!answer.cannot.empty()) {
      verdict.status = Verdict::Status::cannot_check;
      verdict.why = answer.cannot;
      return verdict;
    }
    known = answers.emplace(question, answer).first;
  }
  const GpgAnswer& answer = known->second;
  if (answer.no_key) {
    verdict.status = Verdict::Status::unknown_key;
    verdict.why = "signed with an OpenPGP key no role in [roles] lists";
    return verdict;
  }
  if (!answer.problem.empty()) {
    verdict.status = Verdict::Status::bad_signature;
    verdict.why = answer.problem;
    return verdict;
  }
  const auto [holder, in_role] = find_holders(
      policy,
      record.role,
      [&](const policy::RoleMember& m) {
        return !m.openpgp.empty() && m.openpgp == answer.primary;
      },
      verdict);
  if (holder == nullptr) {
    // A key imported from one member's block that is not the fingerprint [roles] gives.
    verdict.status = Verdict::Status::unknown_key;
    verdict.why = "signed with OpenPGP key " + answer.primary +
                  ", which no member's openpgp fingerprint in [roles] names";
    return verdict;
  }
  return judge_signer(record, holder, in_role, verdict);
}

} // namespace

Verdict verify_record(const git::Repository& repo,
                      const std::string& record_id,
                      const Record* record,
                      const std::string& malformed_why,
                      const policy::Policy& policy)
{
  Verdict verdict;
  if (record == nullptr) {
    verdict.status = Verdict::Status::malformed;
    verdict.why = malformed_why;
    return verdict;
  }
  const auto signature = repo.commit_signature(record_id);
  if (!signature) {
    verdict.status = Verdict::Status::unsigned_;
    verdict.why = "the record carries no signature";
    return verdict;
  }
  if (util::trim(signature->signature).starts_with(k_pgp_begin)) {
    return verify_openpgp(record_id, *record, *signature, policy);
  }
  const auto ssh = read_ssh_signature(signature->signature);
  if (!ssh) {
    verdict.status = Verdict::Status::cannot_check;
    verdict.why = "not an SSH or OpenPGP signature git-trail can read";
    return verdict;
  }
  // Who holds the key, in every role.
  const auto [holder, in_role] = find_holders(
      policy,
      record->role,
      [&](const policy::RoleMember& m) { return !m.key.empty() && m.key == ssh->key; },
      verdict);
  if (holder == nullptr) {
    verdict.status = Verdict::Status::unknown_key;
    verdict.why = "signed with a key no role in [roles] lists (" +
                  ssh->key.substr(0, ssh->key.find(' ')) + ")";
    return verdict;
  }
  if (ssh->name_space != "git") {
    verdict.status = Verdict::Status::bad_signature;
    verdict.why = "the signature was made for namespace '" + ssh->name_space + "', not 'git'";
    return verdict;
  }
  // ssh-keygen checks the signature over the commit's bytes with that one key. What it says
  // depends only on the record (its id fixes the bytes and the signature) and the key, so it is
  // asked once per process: pre-receive checks a pushed record, then the index that judges the
  // commits it approves asks again.
  static std::map<std::string, util::ProcessResult> answers;
  const std::string question = record_id + " " + ssh->key;
  util::ProcessResult result;
  if (const auto known = answers.find(question); known != answers.end()) {
    result = known->second;
  } else {
    result = check_with_ssh_keygen(ssh->key, *signature, verdict);
    if (verdict.status == Verdict::Status::cannot_check) {
      return verdict;
    }
    answers.emplace(question, result);
  }
  if (result.exit_code != 0) {
    verdict.status = Verdict::Status::bad_signature;
    const auto said = std::string(util::trim(result.err + result.out));
    verdict.why = "the signature does not verify" + (said.empty() ? "" : " (" + said + ")");
    return verdict;
  }
  return judge_signer(*record, holder, in_role, verdict);
}

} // namespace trail::approvals
