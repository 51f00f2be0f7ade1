#pragma once

#include "core/release/manifest.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace trail::release {

// The manifest's format name, written as its "manifest" field; bumped when fields change
// meaning.
inline constexpr const char* k_manifest_format = "git-trail/release-manifest/1";

// Returns MANIFEST as JSON, keys in a fixed order (the stored record, see docs/release.md).
nlohmann::ordered_json manifest_to_json(const Manifest& manifest);

// Returns one SOUP item as the manifest writes it.
nlohmann::ordered_json soup_to_json(const SoupItem& item);

// Returns the canonical text of MANIFEST: manifest_to_json indented by two spaces, one final
// newline. Its SHA-256 is the manifest digest a release tag carries.
std::string manifest_text(const Manifest& manifest);

} // namespace trail::release
