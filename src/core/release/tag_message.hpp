#pragma once

#include "core/release/manifest.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::release {

// The lines that enclose the manifest in a release tag's message.
inline constexpr std::string_view k_manifest_begin = "-----BEGIN GIT-TRAIL MANIFEST-----";
inline constexpr std::string_view k_manifest_end = "-----END GIT-TRAIL MANIFEST-----";
// The trailer that carries the manifest's SHA-256.
inline constexpr std::string_view k_digest_trailer = "Manifest-SHA256";
// The trailer that names a signed approval record the release gate counted (docs/approvals.md).
inline constexpr std::string_view k_approval_trailer = "Release-Approval";

// Returns the message of the release tag for MANIFEST: a summary for people, the manifest's
// canonical TEXT between the marker lines, a Manifest-SHA256 trailer with DIGEST, and one
// Release-Approval trailer per signed approval the gate counted (APPROVALS). The tag is then the
// one place a clone needs to recover and check the release. The approvals are outside the
// manifest: they approve its digest, so it cannot hold them.
std::string compose_tag_message(const Manifest& manifest,
                                const std::string& text,
                                const std::string& digest,
                                const std::vector<std::string>& approvals = {});

// What a release tag's message holds.
struct StoredManifest
{
  std::string text;            // the manifest between the markers, with its final newline
  std::string declared_digest; // the Manifest-SHA256 trailer ("" when missing)
  bool has_signature = false;  // a PGP, SSH or X.509 signature follows the message
  // The Release-Approval trailers after the digest: "FULL-ID approved as QA by NAME <EMAIL>".
  std::vector<std::string> approvals;
};

// Reads the manifest out of a tag MESSAGE; nullopt when it has none.
std::optional<StoredManifest> parse_tag_message(std::string_view message);

} // namespace trail::release
