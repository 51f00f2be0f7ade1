// libFuzzer target: results::parse_junit_report (what read_junit and read_junit_report do with
// a file's bytes). Contract: any bytes give a report or a UsageError with file:line:col.
#include "core/results/junit.hpp"
#include "core/util/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto report = trail::results::parse_junit_report(text, "report.xml");
    for (const auto& test : report.tests) {
      (void)trail::results::outcome_name(test.outcome);
    }
  } catch (const trail::UsageError&) {
    // a clear error is the expected outcome for most inputs
  }
  return 0;
}
