// libFuzzer target: what `git trail verify` reads from a release tag's message:
// release::parse_tag_message, then release::parse_manifest_json on the text between the markers.
// Contract: any bytes give nullopt, a manifest, or a UsageError; anything else is a bug.
#include "core/release/manifest_json.hpp"
#include "core/release/tag_message.hpp"
#include "core/util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view message(reinterpret_cast<const char*>(data), size);
  const auto stored = trail::release::parse_tag_message(message);
  if (!stored) {
    return 0;
  }
  if (stored->text.size() > message.size()) {
    std::abort(); // the manifest is a part of the message
  }
  try {
    const auto manifest = trail::release::parse_manifest_json(stored->text);
    (void)manifest.dump(); // verify prints parts of it
  } catch (const trail::UsageError&) {
    // a clear error is the expected outcome for most inputs
  }
  return 0;
}
