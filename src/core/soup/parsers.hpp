#pragma once

// The readers of each manifest format (private to soup/). Each reads one file's bytes and
// appends what it declares to OUT, naming FILE.path and the line in each component's `where`;
// what it cannot read goes to PROBLEMS as "PATH:LINE: what". None executes anything.

#include "core/soup/component.hpp"

#include <string>
#include <vector>

namespace trail::soup {

struct ManifestFile
{
  std::string path;
  std::string content;
  // The file read with this one (discover.hpp, companion_of: vcpkg.json's
  // vcpkg-configuration.json, west.yml's west-resolved.yml), when the tree has it.
  const ManifestFile* companion = nullptr;
};

using Problems = std::vector<std::string>;

// C and C++ (parse_cmake.cpp, parse_vcpkg.cpp, parse_conan.cpp, parse_west.cpp,
// parse_platformio.cpp).
void parse_cmake(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_vcpkg(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_conanfile_txt(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_conanfile_py(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_conan_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_west(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_platformio(const ManifestFile& file, std::vector<Component>& out, Problems& problems);

// Other ecosystems (parse_npm.cpp, parse_cargo.cpp, parse_go.cpp, parse_python.cpp).
void parse_package_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_cargo_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_go_sum(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_requirements(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_poetry_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems);
void parse_uv_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems);

} // namespace trail::soup
