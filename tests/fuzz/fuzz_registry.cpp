// libFuzzer target: registry::load_registry under a fixed policy (the project's starter
// trail.toml: requirement, problem-report, change-request, risk-control, test-case and soup
// kinds). Contract: any bytes give a registry or a PolicyError; any other exception or crash
// is a bug.
#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  static const trail::policy::Policy policy = trail::policy::default_policy();
  const std::vector<trail::registry::SourceFile> files = {
      {"requirements/fuzz.toml", std::string(reinterpret_cast<const char*>(data), size)}};
  try {
    const auto registry = trail::registry::load_registry(policy, files);
    for (const auto& item : registry.items) {
      (void)registry.find(item.id);
      (void)trail::registry::kind_of_id(policy, item.id);
    }
  } catch (const trail::UsageError&) {
    // a clear error is the expected outcome for most inputs
  }
  return 0;
}
