#pragma once

// Submodules' own repositories, as `git submodule` keeps them under $GIT_DIR/modules/.

#include "core/git/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trail::git {

// Returns the names of the tags that peel to COMMIT in the own repository of submodule NAME
// of REPO ($GIT_DIR/modules/NAME), in name order; nullopt when that repository is not here.
std::optional<std::vector<std::string>>
submodule_tags_at(const Repository& repo, const std::string& name, const std::string& commit);

} // namespace trail::git
