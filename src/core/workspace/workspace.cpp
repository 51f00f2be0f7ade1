#include "core/workspace/workspace.hpp"

#include "core/policy/load.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <cstdlib>
#include <filesystem>

namespace trail::workspace {

namespace fs = std::filesystem;

bool config_bool(const git::Repository& repo, const std::string& name)
{
  const auto value = repo.config_string(name);
  if (!value) {
    return false;
  }
  if (util::iequals(*value, "true") || util::iequals(*value, "yes") ||
      util::iequals(*value, "on")) {
    return true;
  }
  return std::atoi(value->c_str()) > 0;
}

MessageSettings read_message_settings(const git::Repository& repo)
{
  MessageSettings settings;
  if (auto separators = repo.config_string("trailer.separators");
      separators && !separators->empty()) {
    settings.trailers.separators = *separators;
  }
  // "auto" picks a character per message; '#' is what an unedited message uses.
  if (auto comment = repo.config_string("core.commentChar"); comment && comment->size() == 1) {
    settings.trailers.comment_char = (*comment)[0];
  }
  // trailer.<name>.key makes <key> (and <name>) count like Signed-off-by in a mixed block.
  for (const auto& [name, key] : repo.config_matching("^trailer\\..+\\.key$")) {
    settings.trailers.configured_keys.push_back(key);
    const auto middle = name.substr(8, name.size() - 8 - 4);
    if (middle != key) {
      settings.trailers.configured_keys.push_back(middle);
    }
  }
  if (auto cleanup = repo.config_string("commit.cleanup")) {
    if (!message::parse_cleanup_mode(*cleanup, settings.cleanup)) {
      throw UsageError("commit.cleanup has an unknown value '" + *cleanup +
                       "' (expected default, strip, whitespace, verbatim or scissors)");
    }
  }
  return settings;
}

namespace {

// The policy file given by --policy (EXPLICIT), else by $GIT_TRAIL_POLICY; none when neither
// names one.
std::optional<std::string> pinned_policy_path(const std::optional<std::string>& explicit_path)
{
  if (explicit_path) {
    return explicit_path;
  }
  if (const char* env = std::getenv("GIT_TRAIL_POLICY"); env && *env) {
    return std::string(env);
  }
  return std::nullopt;
}

} // namespace

bool policy_pinned_by_environment()
{
  return pinned_policy_path(std::nullopt).has_value();
}

policy::Policy load_policy(const git::Repository& repo,
                           const std::optional<std::string>& explicit_path)
{
  if (const auto path = pinned_policy_path(explicit_path)) {
    auto policy = policy::parse_policy(util::read_file(*path), *path);
    policy.pinned = true;
    return policy;
  }
  const std::string workdir = repo.workdir();
  if (!workdir.empty()) {
    if (auto text = util::read_file_if_exists(fs::path(workdir) / "trail.toml")) {
      return policy::parse_policy(*text, "trail.toml");
    }
    return policy::default_policy();
  }
  // A bare (server) repository: the policy committed on its HEAD branch, as it was before
  // the push being checked, so a push cannot weaken the rules it is checked by.
  if (auto text = repo.read_file_at("HEAD", "trail.toml")) {
    return policy::parse_policy(*text, "HEAD:trail.toml");
  }
  return policy::default_policy();
}

policy::Policy load_policy_at(const git::Repository& repo,
                              const std::string& rev,
                              const std::optional<std::string>& explicit_path)
{
  if (const auto path = pinned_policy_path(explicit_path)) {
    auto policy = policy::parse_policy(util::read_file(*path), *path);
    policy.pinned = true;
    return policy;
  }
  if (auto text = repo.read_file_at(rev, "trail.toml")) {
    // Named by path alone, so a manifest made at a revision does not depend on how it was named.
    return policy::parse_policy(*text, "trail.toml");
  }
  return policy::default_policy();
}

namespace {

std::vector<registry::SourceFile>
to_sources(std::vector<std::pair<std::string, std::string>>&& files)
{
  std::vector<registry::SourceFile> sources;
  sources.reserve(files.size());
  for (auto& [path, content] : files) {
    sources.push_back({std::move(path), std::move(content)});
  }
  return sources;
}

} // namespace

std::optional<registry::Registry>
registry_at(const git::Repository& repo, const policy::Policy& policy, const std::string& rev)
{
  if (policy.registry.files.empty()) {
    return std::nullopt;
  }
  auto files = repo.files_at(rev, policy.registry.files);
  if (files.empty()) {
    return std::nullopt; // no registry started yet: links are not checked against one
  }
  return registry::load_registry(policy, to_sources(std::move(files)));
}

std::string
registry_key(const git::Repository& repo, const policy::Policy& policy, const std::string& rev)
{
  std::string key;
  for (const auto& glob : policy.registry.files) {
    key += repo.tree_id_at(rev, util::glob_fixed_folder(glob)) + ";";
  }
  return key;
}

std::optional<registry::Registry> staged_registry(const git::Repository& repo,
                                                  const policy::Policy& policy)
{
  if (policy.registry.files.empty()) {
    return std::nullopt;
  }
  auto files = repo.staged_files(policy.registry.files);
  if (files.empty()) {
    return std::nullopt; // no registry started yet: links are not checked against one
  }
  return registry::load_registry(policy, to_sources(std::move(files)));
}

std::vector<registry::FileLink>
file_links_at(const git::Repository& repo, const policy::Policy& policy, const std::string& rev)
{
  const auto globs = registry::file_link_globs(policy);
  if (globs.empty()) {
    return {};
  }
  return registry::scan_file_links(policy, to_sources(repo.files_at(rev, globs)));
}

std::string display_path(const git::Repository& repo, const std::string& path)
{
  const std::string workdir = repo.workdir();
  if (workdir.empty()) {
    return path;
  }
  std::error_code ec;
  const fs::path absolute = fs::weakly_canonical(fs::absolute(path), ec);
  const fs::path top = fs::weakly_canonical(workdir, ec);
  const fs::path relative = absolute.lexically_relative(top);
  if (ec || relative.empty() || relative.begin()->string() == "..") {
    return path;
  }
  return relative.string();
}

} // namespace trail::workspace

namespace trail::workspace {

std::string hooks_dir(const git::Repository& repo)
{
  if (auto configured = repo.config_string("core.hooksPath"); configured && !configured->empty()) {
    fs::path path(*configured);
    if (configured->starts_with("~/")) {
      const char* home = std::getenv("HOME");
      path = fs::path(home ? home : "") / configured->substr(2);
    }
    if (path.is_relative()) {
      path = fs::path(repo.is_bare() ? repo.git_dir() : repo.workdir()) / path;
    }
    return path.lexically_normal().string();
  }
  return (fs::path(repo.common_dir()) / "hooks").lexically_normal().string();
}

} // namespace trail::workspace
