#pragma once

#include "core/git/repository.hpp"
#include "core/release/manifest.hpp"
#include "core/workspace/workspace.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::release {

// One way a release tag no longer matches what it claims.
struct VerifyProblem
{
  std::string check; // "tag", "signature", "digest", "moved", "file", "manifest", "delivered",
                     // "approval"
  std::string message;
};

// What the check of a delivered copy (--dir) covered, and what it did not.
struct DeliveredCoverage
{
  std::string dir;
  size_t files = 0;                              // files compared with the manifest
  std::vector<std::string> configuration_items;  // names of the configuration items compared
  std::vector<std::string> soup;                 // SOUP items whose files were compared
  std::vector<std::string> submodules;           // paths of the release's submodules
  std::vector<std::string> unchecked_submodules; // "path (why)": content not checked
  std::vector<std::string> outside_items;        // files under DIR in no configuration or SOUP item
  std::vector<std::string> tree_outside_items;   // files of the release tree in no item
};

// The outcome of checking a release tag.
struct VerifyReport
{
  std::string tag;
  std::string tag_object;      // the tag object's id
  std::string target;          // the commit the tag points at
  std::string manifest_commit; // the commit the manifest describes ("" when unreadable)
  std::string declared_digest; // Manifest-SHA256 in the tag
  std::string actual_digest;   // SHA-256 of the manifest text in the tag
  bool is_signed = false;
  bool signature_ok = false;
  std::string signature_unchecked; // why the signature could not be checked ("" when it was)
  std::string signature_detail;    // what git verify-tag said
  size_t files_checked = 0;
  size_t delivered_checked = 0; // files of the delivered copy compared with the manifest
  std::vector<VerifyProblem> problems;
  std::vector<std::string> notes; // differences that are not tampering (another tool version)
  // The signed approval records of the tag's manifest (release_approvals().records), and
  // whether the policy at the tag asks for any ([release] approvals).
  std::vector<std::string> approvals;
  bool approvals_required = false;
  // The records the tag names (Release-Approval trailers), each as the tag names it with what
  // was found here: "FULL-ID approved as QA by NAME <EMAIL>: valid here" (a record named but
  // missing, not valid or of another manifest is a problem too).
  std::vector<std::string> tag_approvals;
  // The verification section: reports it claims, and whether they were compared with the
  // reports given (--results). A claim is not evidence: without them, verify cannot judge it.
  size_t evidence_claimed = 0;
  bool evidence_compared = false;
  bool incomplete_accepted = false; // --allow-incomplete: claims not compared are accepted
  std::optional<DeliveredCoverage> delivered; // with --dir: what it covered
  bool submodules_accepted = false;           // --allow-unchecked-submodules: accepted unchecked

  // Returns true when nothing differs (what could not be judged aside).
  bool passed() const
  {
    return problems.empty();
  }
  // Returns true when everything the manifest claims was judged.
  bool complete() const
  {
    return evidence_complete() && submodules_complete();
  }
  // Returns true when the verification evidence claimed was compared (or none is claimed).
  bool evidence_complete() const
  {
    return evidence_claimed == 0 || evidence_compared;
  }
  // Returns true when no submodule of a delivered copy was left unchecked.
  bool submodules_complete() const
  {
    return !delivered || delivered->unchecked_submodules.empty();
  }
  // Returns true when what was not judged is accepted, each part by its own option.
  bool accepted() const
  {
    return (evidence_complete() || incomplete_accepted) &&
           (submodules_complete() || submodules_accepted);
  }
  // Returns "verified", "not verified" or "incomplete" (not judged and not accepted).
  std::string verdict() const
  {
    return !passed() ? "not verified" : accepted() ? "verified" : "incomplete";
  }
};

// What to check a release against.
struct VerifyOptions
{
  std::string tag;
  std::optional<std::string> policy;    // --policy; default: trail.toml in the tag's tree
  std::vector<std::string> results;     // when given, the evidence is compared too
  bool require_signature = false;       // an unsigned tag is a problem
  std::optional<std::string> delivered; // also check the files of this folder (a delivered copy)
  bool allow_incomplete = false;        // accept claimed evidence that was not compared
  // Accept submodules of the delivered copy whose content was not checked.
  bool allow_unchecked_submodules = false;
};

// Recovers the manifest from the tag, checks its digest and signature, recomputes it from the
// tree the tag points at, and reports every difference.
VerifyReport verify_release(const git::Repository& repo,
                            const workspace::MessageSettings& settings,
                            const VerifyOptions& options);

// The same for a tag object that may have no ref yet (a tag being pushed): OPTIONS.tag is its
// name, for messages.
VerifyReport verify_tag(const git::Repository& repo,
                        const workspace::MessageSettings& settings,
                        const git::TagObject& tag,
                        const VerifyOptions& options);

// The manifest a release tag carries, and what checking it against its tree found.
struct TagManifest
{
  std::string text;    // the manifest's bytes, exactly as the tag holds them
  Manifest manifest;   // read back from them (only when report found them readable)
  VerifyReport report; // verify_tag's report: the manifest is the tag's own only when it passed
};

// Returns the manifest TAG carries, checked as verify_tag checks it (with OPTIONS.results
// compared when given); nullopt when TAG carries none (a lightweight tag, or an annotated tag
// whose message holds no git-trail manifest).
std::optional<TagManifest> read_tag_manifest(const git::Repository& repo,
                                             const workspace::MessageSettings& settings,
                                             const git::TagObject& tag,
                                             const VerifyOptions& options);

} // namespace trail::release
