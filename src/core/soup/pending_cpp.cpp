// PENDING (issue 14, helper "soup-cpp"): stubs replaced by the C and C++ readers. Delete this
// file when they land.
#include "core/soup/parsers.hpp"
#include "core/soup/vendored.hpp"

namespace trail::soup {

void parse_cmake(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_vcpkg(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_conanfile_txt(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_conanfile_py(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_conan_lock(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_west(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_platformio(const ManifestFile&, std::vector<Component>&, Problems&) {}
std::vector<std::string> find_vendored(const git::Repository&,
                                       const std::vector<git::TreeEntry>&,
                                       const policy::Soup&,
                                       std::vector<Component>&,
                                       Problems&)
{
  return {};
}

} // namespace trail::soup
