#pragma once

// Who signed an approval record, and whether that person may approve in the record's role
// (docs/approvals.md). A record counts only when its signature verifies with an SSH or OpenPGP
// key that [roles] of the policy lists for the record's role; the name and email git recorded for
// the record are claims and decide nothing.

#include "core/approvals/record.hpp"
#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"

#include <string>
#include <vector>

namespace trail::approvals {

// What verification made of one record.
struct Verdict
{
  enum class Status
  {
    valid,         // signed by a member of the record's role, and the signature verifies
    not_in_role,   // the signature verifies, but with the key of a member of other roles only
    unknown_key,   // signed with a key no role lists
    bad_signature, // the signature does not verify: the record was changed, or forged
    unsigned_,     // no signature at all
    malformed,     // not a record git-trail wrote (record.hpp)
    cannot_check,  // not checked here (no ssh-keygen or gpg, an X.509 signature)
  };
  Status status = Status::malformed;
  // The member whose key made the signature (valid, not_in_role); empty otherwise.
  std::string signer_name;
  std::string signer_email;
  std::vector<std::string> signer_roles; // the roles that list the signing key
  std::string why;                       // for every status but valid: what is wrong
};

// The word reports use for STATUS: "valid", "not in role", "unknown key", "bad signature",
// "unsigned", "malformed", "cannot check".
std::string_view status_name(Verdict::Status status);

// Checks the signature of the record commit RECORD_ID against the roles of POLICY; RECORD is
// what the commit says (null when it could not be read: the verdict is then malformed, with
// MALFORMED_WHY). Runs `ssh-keygen -Y verify` once for an SSH key some role lists, or, for an
// OpenPGP signature, `gpg --verify` in a keyring of the roles' OpenPGP keys alone; each answer
// is kept for the process.
Verdict verify_record(const git::Repository& repo,
                      const std::string& record_id,
                      const Record* record,
                      const std::string& malformed_why,
                      const policy::Policy& policy);

// The SSH public key ("TYPE BASE64") that made the armored SSH signature ARMORED, and the
// namespace it was made for; nullopt when ARMORED is not an SSH signature git-trail can read.
struct SshSignatureInfo
{
  std::string key;
  std::string name_space;
};
std::optional<SshSignatureInfo> read_ssh_signature(std::string_view armored);

} // namespace trail::approvals
