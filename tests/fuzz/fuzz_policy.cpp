// libFuzzer target: policy::parse_policy. Contract: any bytes give a policy or a PolicyError
// (a UsageError with file:line:col); any other exception or crash is a bug.
#include "core/policy/load.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)trail::policy::parse_policy(text, "trail.toml");
  } catch (const trail::UsageError&) {
    // a clear error is the expected outcome for most inputs
  }
  return 0;
}
