// libFuzzer target: the SOUP discovery readers (src/core/soup/parsers.hpp) and .gitmodules.
// The first byte picks the reader, the rest is the file. Contract: a reader never throws and
// never crashes on any bytes; what it cannot read is a "PATH:LINE: what" problem, and every
// component it reports names the file it came from.
#include "core/soup/discover.hpp"
#include "core/soup/parsers.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

using Reader = void (*)(const trail::soup::ManifestFile&,
                        std::vector<trail::soup::Component>&,
                        trail::soup::Problems&);

struct Entry
{
  const char* path;
  Reader read;
};

const Entry k_readers[] = {
    {"CMakeLists.txt", trail::soup::parse_cmake},
    {"vcpkg.json", trail::soup::parse_vcpkg},
    {"conanfile.txt", trail::soup::parse_conanfile_txt},
    {"conanfile.py", trail::soup::parse_conanfile_py},
    {"conan.lock", trail::soup::parse_conan_lock},
    {"west.yml", trail::soup::parse_west},
    {"platformio.ini", trail::soup::parse_platformio},
    {"package-lock.json", trail::soup::parse_package_lock},
    {"Cargo.lock", trail::soup::parse_cargo_lock},
    {"go.sum", trail::soup::parse_go_sum},
    {"requirements.txt", trail::soup::parse_requirements},
    {"poetry.lock", trail::soup::parse_poetry_lock},
    {"uv.lock", trail::soup::parse_uv_lock},
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  if (size == 0) {
    return 0;
  }
  constexpr size_t k_count = sizeof(k_readers) / sizeof(k_readers[0]);
  const std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % (k_count + 1) == k_count) {
    (void)trail::soup::parse_gitmodules(content);
    return 0;
  }
  const Entry& entry = k_readers[data[0] % (k_count + 1)];
  std::vector<trail::soup::Component> found;
  trail::soup::Problems problems;
  entry.read({std::string("deps/") + entry.path, content}, found, problems);
  for (const auto& c : found) {
    if (c.where.file != std::string("deps/") + entry.path || c.where.line < 0) {
      std::abort(); // a component must name where it was found
    }
  }
  for (const auto& p : problems) {
    if (p.rfind(std::string("deps/") + entry.path + ":", 0) != 0) {
      std::abort(); // a problem must start with the file's path
    }
  }
  return 0;
}
