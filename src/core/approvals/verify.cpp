#include "core/approvals/verify.hpp"

#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
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
  const auto ssh = read_ssh_signature(signature->signature);
  if (!ssh) {
    verdict.status = Verdict::Status::cannot_check;
    verdict.why = signature->signature.find("BEGIN PGP") != std::string::npos
                      ? "an OpenPGP signature: git-trail checks SSH-signed approvals only "
                        "(sign with gpg.format ssh)"
                      : "not an SSH signature git-trail can read";
    return verdict;
  }
  // Who holds the key, in every role.
  const policy::RoleMember* holder = nullptr;
  const policy::RoleMember* in_role = nullptr;
  for (const auto& role : policy.roles) {
    for (const auto& member : role.members) {
      if (member.key != ssh->key) {
        continue;
      }
      if (holder == nullptr) {
        holder = &member;
      }
      verdict.signer_roles.push_back(role.name);
      if (role.name == record->role && in_role == nullptr) {
        in_role = &member;
      }
    }
  }
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
  const policy::RoleMember* signer = in_role ? in_role : holder;
  verdict.signer_name = signer->name;
  verdict.signer_email = signer->email;
  if (in_role == nullptr) {
    verdict.status = Verdict::Status::not_in_role;
    verdict.why = signer->name + " signed it, who is not in role " + record->role + " (only " +
                  util::join(verdict.signer_roles, ", ") + ")";
    return verdict;
  }
  verdict.status = Verdict::Status::valid;
  return verdict;
}

} // namespace trail::approvals
