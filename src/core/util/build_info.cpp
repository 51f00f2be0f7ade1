#include "core/util/build_info.hpp"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>
#include <zlib.h>

#include <mbedtls/version.h>
#include <pugixml.hpp>

#ifndef TRAIL_COMPILER
#  define TRAIL_COMPILER "unknown compiler"
#endif
#ifndef TRAIL_BUILD_TYPE
#  define TRAIL_BUILD_TYPE "unknown build type"
#endif
#ifndef TRAIL_RE2_VERSION
#  define TRAIL_RE2_VERSION "unknown"
#endif

namespace trail::util {

std::vector<std::pair<std::string, std::string>> library_versions()
{
  char mbedtls[18] = {};
  mbedtls_version_get_string(mbedtls);
  const auto dotted = [](int major, int minor, int patch) {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  };
  return {
      {"RE2", std::string(TRAIL_RE2_VERSION) + " (Debian package)"},
      {"toml++", dotted(TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH)},
      {"nlohmann/json",
       dotted(
           NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)},
      {"pugixml", dotted(PUGIXML_VERSION / 1000, PUGIXML_VERSION / 10 % 100, PUGIXML_VERSION % 10)},
      {"zlib", zlibVersion()},
      {"mbedTLS", mbedtls},
  };
}

std::string build_description()
{
  std::string text = std::string(TRAIL_COMPILER) + ", C++" +
                     std::to_string(__cplusplus / 100 % 100) + ", " + TRAIL_BUILD_TYPE;
#ifdef TRAIL_STATIC_DEPS
  text += ", dependencies linked statically";
#else
  text += ", dependencies linked dynamically";
#endif
#if defined(__SANITIZE_ADDRESS__)
  text += ", AddressSanitizer";
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
  text += ", AddressSanitizer";
#  else
  text += ", no sanitizers";
#  endif
#else
  text += ", no sanitizers";
#endif
  return text;
}

} // namespace trail::util
