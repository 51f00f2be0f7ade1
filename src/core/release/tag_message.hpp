#pragma once

#include "core/release/manifest.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace trail::release {

// The lines that enclose the manifest in a release tag's message.
inline constexpr std::string_view k_manifest_begin = "-----BEGIN GIT-TRAIL MANIFEST-----";
inline constexpr std::string_view k_manifest_end = "-----END GIT-TRAIL MANIFEST-----";
// The trailer that carries the manifest's SHA-256.
inline constexpr std::string_view k_digest_trailer = "Manifest-SHA256";

// Returns the message of the release tag for MANIFEST: a summary for people, the manifest's
// canonical TEXT between the marker lines, and a Manifest-SHA256 trailer with DIGEST. The tag
// is then the one place a clone needs to recover and check the release.
std::string
compose_tag_message(const Manifest& manifest, const std::string& text, const std::string& digest);

// What a release tag's message holds.
struct StoredManifest
{
  std::string text;            // the manifest between the markers, with its final newline
  std::string declared_digest; // the Manifest-SHA256 trailer ("" when missing)
  bool has_signature = false;  // a PGP, SSH or X.509 signature follows the message
};

// Reads the manifest out of a tag MESSAGE; nullopt when it has none.
std::optional<StoredManifest> parse_tag_message(std::string_view message);

} // namespace trail::release
