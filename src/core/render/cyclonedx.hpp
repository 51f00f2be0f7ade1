#pragma once

// The CycloneDX 1.6 JSON rendering of a release manifest (docs/soup.md, "CycloneDX"): every
// component once under a bom-ref that stays the same across runs and revisions, supplier,
// authors, licenses, hashes, purl and CPE, the FDA's SBOM fields as documented properties,
// the dependencies the tree shows and the vulnerabilities with their analysis.

#include "core/release/manifest.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace trail::render {

// Formats MANIFEST as a CycloneDX 1.6 JSON SBOM. The product is metadata.component; each
// configuration item is a `file` component; each SOUP record is one `library` component
// together with the submodules and discovered components it covers; each submodule or
// discovered component no record covers is a component of its own. DIGEST (the manifest's
// SHA-256) seeds the serial number, so the same manifest gives the same bytes.
std::string manifest_cyclonedx(const release::Manifest& manifest, const std::string& digest);

// A CycloneDX hash: `alg` as the schema names it ("SHA-256", "SHA-512") and hex content.
struct CyclonedxHash
{
  std::string alg;
  std::string content;
};

// Returns the CycloneDX hash of a component digest as discovery writes it: "sha256:HEX" gives
// SHA-256, "sha512-BASE64" / "sha384-BASE64" / "sha1-BASE64" (npm integrity) give the hex
// of their bytes; nullopt for anything that is no hash of the content ("h1:" of go.sum, a
// commit id) or is malformed.
std::optional<CyclonedxHash> cyclonedx_hash(std::string_view digest);

} // namespace trail::render
