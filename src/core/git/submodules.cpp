#include "core/git/submodules.hpp"

#include <filesystem>
#include <system_error>

namespace trail::git {

std::optional<std::vector<std::string>>
submodule_tags_at(const Repository& repo, const std::string& name, const std::string& commit)
{
  // A name with ".." could leave modules/: git refuses such submodule names too.
  if (name.empty() || name.find("..") != std::string::npos) {
    return std::nullopt;
  }
  const std::filesystem::path dir = repo.common_dir() + "modules/" + name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / "HEAD", ec)) {
    return std::nullopt;
  }
  const Repository own = Repository::open_at(dir.string());
  std::vector<std::string> out;
  for (const auto& [tag, target] : own.tags()) {
    if (target == commit) {
      out.push_back(tag);
    }
  }
  return out;
}

} // namespace trail::git
