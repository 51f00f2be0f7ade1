// PENDING (issue 14, helper "soup-langs"): stubs replaced by the readers of the other
// ecosystems' lock files. Delete this file when they land.
#include "core/soup/parsers.hpp"

namespace trail::soup {

void parse_package_lock(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_cargo_lock(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_go_sum(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_requirements(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_poetry_lock(const ManifestFile&, std::vector<Component>&, Problems&) {}
void parse_uv_lock(const ManifestFile&, std::vector<Component>&, Problems&) {}

} // namespace trail::soup
