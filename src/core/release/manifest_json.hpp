#pragma once

#include "core/release/manifest.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace trail::release {

// The manifest's format name, written as its "manifest" field; bumped when fields change
// meaning.
inline constexpr const char* k_manifest_format = "git-trail/release-manifest/1";

// Returns MANIFEST as JSON, keys in a fixed order (the stored record, see docs/release.md).
nlohmann::ordered_json manifest_to_json(const Manifest& manifest);

// Returns one SOUP item as the manifest writes it.
nlohmann::ordered_json soup_to_json(const SoupItem& item);

// One discovered component as the manifest and `git trail soup --format json` write it.
nlohmann::ordered_json component_json(const soup::Component& component);

// Returns the canonical text of MANIFEST: manifest_to_json indented by two spaces, one final
// newline. Its SHA-256 is the manifest digest a release tag carries.
std::string manifest_text(const Manifest& manifest);

} // namespace trail::release

namespace trail::release {

// How deep arrays and objects may nest in a stored manifest; the format itself nests five
// levels, and a bound keeps a hostile tag from exhausting the stack of the code that walks it.
inline constexpr size_t k_max_manifest_depth = 64;

// Reads the manifest TEXT recovered from a release tag: valid JSON nested at most
// k_max_manifest_depth deep with no key twice in an object, an object whose "manifest" is
// k_manifest_format, and, in one pass before anything indexes into it, every field
// manifest_to_json writes present and of its type, every file path relative and inside the
// release. Throws UsageError saying what is wrong.
nlohmann::ordered_json parse_manifest_json(std::string_view text);

// Returns the manifest DOC describes, DOC being what parse_manifest_json returned: the inverse
// of manifest_to_json, so manifest_text(manifest_from_json(doc)) is the text DOC was read from
// (when it was written by this git-trail). Fields written as "unknown" because they were empty
// are read back empty.
Manifest manifest_from_json(const nlohmann::ordered_json& doc);

// Returns why PATH, a file's path taken from a manifest, does not name a file inside the
// release ("absolute", "an empty component", "a \"..\" component", ...), or "" when it does.
std::string path_problem(std::string_view path);

// Returns the exact bytes of the path of FILE, an entry of a manifest's "files" checked by
// parse_manifest_json: "path_hex" decoded when present (a name that is not UTF-8), else "path".
std::string file_entry_path(const nlohmann::ordered_json& file);

} // namespace trail::release
