#pragma once

// Approval records (docs/approvals.md): what one signed approval says, written as the message
// of a commit of its own under refs/trail/approvals/, and read back. The signature and who
// made it are verify.hpp's; this file only writes and reads the words.

#include "core/git/repository.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::approvals {

// Where records live: one reference per record, named by the record's own id (under
// git::k_records_ref_prefix, which history walks leave out).
inline constexpr std::string_view k_ref_prefix = "refs/trail/approvals/";
static_assert(k_ref_prefix.starts_with(git::k_records_ref_prefix));

// What an approver can say of a target.
inline constexpr std::string_view k_meanings[] = {"approved", "reviewed", "rejected"};

// What one record says.
struct Record
{
  std::string id;                   // the record commit's id ("" before it is written)
  std::string target;               // "commit ID", "range A..B" or "item ID at REVISION"
  std::vector<std::string> commits; // the commits the record speaks for (full ids, in order);
                                    // none for an item
  // An item record: the registry item, the digest of its definition (item_digest) and the
  // commit whose registry held that definition. A release record: the release's version, the
  // digest of the manifest `git trail release` would tag ("sha256:" and the Manifest-SHA256)
  // and the commit released. Empty for a commit or range record.
  std::string item;
  std::string release;
  std::string content;
  std::string revision;
  std::string role;    // the role the approver signs in ([roles] of trail.toml)
  std::string meaning; // one of k_meanings
  std::string text;    // the approver's own words; may be empty
  // Who git recorded as the record's committer, and when. Claimed by the signer's own git
  // configuration: the signature, not these, tells who signed (verify.hpp).
  std::string committer_name;
  std::string committer_email;
  int64_t time = 0;
  int offset = 0; // minutes east of UTC
};

// The message of a record: a subject, the approver's text, then one trailer per field
// (Approval-Version, -Role, -Meaning, -Target, then one Approval-Commit per commit, or for an
// item Approval-Item, -Content and -Revision, or for a release Approval-Release, -Content and
// -Revision).
std::string record_message(const Record& record);

// Reads the record COMMIT carries. Returns nullopt and sets WHY when it is not one git-trail
// wrote: a missing or repeated field, an unknown version or meaning, a commit that is not a
// full id, a record with parents or with files.
std::optional<Record>
parse_record(const git::CommitInfo& commit, const std::string& tree, std::string& why);

} // namespace trail::approvals
