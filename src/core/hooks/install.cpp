#include "core/hooks/install.hpp"

#include "core/util/embedded.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"

#include <algorithm>
#include <unistd.h>

namespace trail::hooks {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_marker = "# git-trail shim: ";
constexpr auto k_executable = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec;

std::string replace_all(std::string text, std::string_view from, std::string_view to)
{
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// Whether CONTENT is a shim git-trail wrote for hook NAME (this version or an older one): its
// first two lines are "#!/bin/sh" and the shim's header naming NAME. A hook that merely mentions
// the marker somewhere (a comment, a grep pattern) is someone else's and is never replaced or
// removed.
bool is_shim(std::string_view content, const std::string& name)
{
  const std::string header = "#!/bin/sh\n" + std::string(k_marker) + name + " (";
  return content.substr(0, header.size()) == header;
}

HookState state_of(const fs::path& path, const std::string& name, const std::string& expected)
{
  const auto content = util::read_file_if_exists(path);
  if (!content) {
    return HookState::absent;
  }
  if (*content == expected) {
    return HookState::current;
  }
  return is_shim(*content, name) ? HookState::outdated : HookState::foreign;
}

// Returns VALUE quoted for a POSIX shell.
std::string shell_quote(const std::string& value)
{
  return "'" + replace_all(value, "'", "'\\''") + "'";
}

fs::path chained_path(const fs::path& dir, const std::string& name)
{
  return dir / (name + std::string(k_chained_suffix));
}

std::string refusal(const fs::path& dir, const std::string& name)
{
  return name + ": " + (dir / name).string() +
         " is a hook git-trail did not write; rerun with --chain to keep it (renamed " + name +
         std::string(k_chained_suffix) + ", run before git-trail), or move it away yourself";
}

} // namespace

std::string render_shim(const std::string& name, const std::string& binary)
{
  const auto shim = util::embedded_file("hooks/" + name);
  if (!shim) {
    throw UsageError("unknown hook '" + name + "'");
  }
  return replace_all(std::string(*shim), "@RECORDED@", shell_quote(binary));
}

std::optional<std::string> recorded_binary(std::string_view content)
{
  if (content.substr(0, 10) != "#!/bin/sh\n" || content.find(k_marker) == std::string_view::npos) {
    return std::nullopt;
  }
  const size_t at = content.find("\nrecorded='");
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  // The value as shell_quote wrote it: '...' with each ' inside as '\''.
  std::string value;
  size_t i = at + 11;
  while (i < content.size() && content[i] != '\n') {
    if (content.substr(i, 4) == "'\\''") {
      value += '\'';
      i += 4;
    } else if (content[i] == '\'') {
      return value;
    } else {
      value += content[i++];
    }
  }
  return std::nullopt;
}

bool inside_working_tree(const fs::path& dir, const fs::path& workdir)
{
  std::error_code ec;
  const auto folder = fs::weakly_canonical(dir, ec);
  const auto top = fs::weakly_canonical(workdir, ec);
  if (ec || top.empty()) {
    return false;
  }
  // The .git folder at the top is not part of the working tree (nothing in it is committed).
  const auto relative = folder.lexically_relative(top);
  return !relative.empty() && *relative.begin() != ".." && *relative.begin() != ".git";
}

std::vector<HookStatus>
hook_status(const fs::path& dir, const std::vector<std::string>& names, const std::string& binary)
{
  std::vector<HookStatus> statuses;
  for (const auto& name : names) {
    HookStatus status{name,
                      state_of(dir / name, name, render_shim(name, binary)),
                      false,
                      fs::exists(chained_path(dir, name))};
    if (status.state != HookState::current &&
        state_of(dir / name, name, render_shim(name, "")) == HookState::current) {
      status.state = HookState::current;
      status.portable = true;
    }
    statuses.push_back(status);
  }
  return statuses;
}

std::vector<std::string> install_problems(const fs::path& dir,
                                          const std::vector<std::string>& names,
                                          const InstallOptions& options)
{
  std::vector<std::string> problems;
  for (const auto& status : hook_status(dir, names, options.binary)) {
    if (status.state != HookState::foreign) {
      continue;
    }
    if (!options.chain) {
      problems.push_back(refusal(dir, status.name));
    } else if (fs::exists(chained_path(dir, status.name))) {
      problems.push_back(status.name + ": cannot chain " + (dir / status.name).string() + ", " +
                         chained_path(dir, status.name).string() + " already exists");
    }
  }
  // The folder (or the nearest one that exists, where it would be created) must be writable.
  fs::path existing = dir;
  while (!existing.empty() && !fs::exists(existing) && existing.has_parent_path() &&
         existing.parent_path() != existing) {
    existing = existing.parent_path();
  }
  if (!fs::is_directory(existing)) {
    problems.push_back("the hooks folder " + dir.string() +
                       " cannot be created: " + existing.string() + " is not a folder");
  } else if (access(existing.c_str(), W_OK | X_OK) != 0) {
    problems.push_back("the hooks folder " + dir.string() + " cannot be written (" +
                       existing.string() + ": permission denied)");
  }
  return problems;
}

std::vector<std::string> install_hooks(const fs::path& dir,
                                       const std::vector<std::string>& names,
                                       const InstallOptions& options)
{
  // Check every hook before touching any, so a refusal changes nothing.
  std::string refusals;
  for (const auto& problem : install_problems(dir, names, options)) {
    refusals += (refusals.empty() ? "" : "\n") + problem;
  }
  if (!refusals.empty()) {
    throw UsageError(refusals);
  }
  const std::string recorded = options.portable ? "" : options.binary;
  const std::string kind = options.portable ? " (portable)" : "";
  fs::create_directories(dir);
  std::vector<std::string> report;
  for (const auto& status : hook_status(dir, names, options.binary)) {
    const fs::path path = dir / status.name;
    switch (status.state) {
    case HookState::current:
      if (status.portable == options.portable) {
        report.push_back(status.name + ": already installed" + kind);
        continue;
      }
      report.push_back(status.name + ": updated" +
                       (options.portable ? kind : " (records " + options.binary + ")"));
      break;
    case HookState::foreign:
      fs::rename(path, chained_path(dir, status.name));
      report.push_back(status.name + ": installed" + kind + "; the existing hook was kept as " +
                       status.name + std::string(k_chained_suffix) +
                       " and runs first under its own name");
      break;
    case HookState::outdated:
      report.push_back(status.name + ": updated" + kind);
      break;
    case HookState::absent:
      report.push_back(status.name + ": installed" + kind);
      break;
    }
    util::write_file_atomic(path, render_shim(status.name, recorded), k_executable);
  }
  return report;
}

namespace {

// The names of REPO's remotes (those with a url), each once, in configuration order.
std::vector<std::string> remote_names(const git::Repository& repo)
{
  std::vector<std::string> names;
  for (const auto& [key, value] : repo.config_matching("^remote\\..*\\.url$")) {
    std::string name = key.substr(7, key.size() - 7 - 4);
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  }
  return names;
}

} // namespace

std::vector<std::string> add_records_fetch(const git::Repository& repo)
{
  std::vector<std::string> lines;
  for (const auto& name : remote_names(repo)) {
    if (repo.add_config_value("remote." + name + ".fetch", std::string(k_records_fetch_refspec))) {
      lines.push_back("remote " + name + ": fetches approval records (" +
                      std::string(k_records_fetch_refspec) + ")");
    }
  }
  return lines;
}

std::vector<std::string> remove_records_fetch(const git::Repository& repo)
{
  std::vector<std::string> lines;
  for (const auto& name : remote_names(repo)) {
    if (repo.remove_config_value("remote." + name + ".fetch",
                                 std::string(k_records_fetch_refspec))) {
      lines.push_back("remote " + name + ": no longer fetches approval records");
    }
  }
  return lines;
}

std::vector<std::string> uninstall_hooks(const fs::path& dir, const std::vector<std::string>& names)
{
  std::vector<std::string> report;
  for (const auto& name : names) {
    const fs::path path = dir / name;
    const auto content = util::read_file_if_exists(path);
    if (!content) {
      report.push_back(name + ": not installed");
      continue;
    }
    if (!is_shim(*content, name)) {
      report.push_back(name + ": left alone (not written by git-trail)");
      continue;
    }
    fs::remove(path);
    if (fs::exists(chained_path(dir, name))) {
      fs::rename(chained_path(dir, name), path);
      report.push_back(name + ": removed; the chained hook is back in place");
    } else {
      report.push_back(name + ": removed");
    }
  }
  return report;
}

} // namespace trail::hooks
