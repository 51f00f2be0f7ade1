#pragma once

// Temporary folders and repositories for unit tests that need a real git repository, built with
// the git command line (no shell). Each is removed at the end of the test case.

#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace trail::unit {

// A temporary folder, removed at the end of the test case.
struct TempDir
{
  std::filesystem::path path;
  explicit TempDir(std::string_view prefix = "trail-unit-")
      : path(std::filesystem::temp_directory_path() /
             (std::string(prefix) + std::to_string(std::random_device{}())))
  {
    std::filesystem::create_directories(path);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir()
  {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// Runs git with ARGS in DIR (no shell) and returns its result.
inline util::ProcessResult run_git(const std::filesystem::path& dir,
                                   const std::vector<std::string>& args,
                                   std::string_view input = {},
                                   const std::map<std::string, std::string>& env = {})
{
  std::vector<std::string> argv{"git", "-C", dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> full_env{{"GIT_CONFIG_NOSYSTEM", "1"}};
  for (const auto& [name, value] : env) {
    full_env[name] = value;
  }
  return util::run_process(argv, input, full_env);
}

// A temporary repository whose identity is T <t@x>, removed at the end of the test case.
struct TempRepo
{
  TempDir dir{"trail-unit-repo-"};
  std::filesystem::path path = dir.path / "repo";

  explicit TempRepo(bool bare = false)
  {
    std::filesystem::create_directories(path);
    git({"init", "-q", "-b", "main", bare ? "--bare" : "."});
    git({"config", "user.name", "T"});
    git({"config", "user.email", "t@x"});
  }
  // Runs git with ARGS in the repository, requires success and returns its output.
  std::string git(const std::vector<std::string>& args,
                  std::string_view input = {},
                  const std::map<std::string, std::string>& env = {}) const
  {
    const auto result = run_git(path, args, input, env);
    INFO("git " << util::join(args, " ") << ": " << result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
  }
  // Runs git and returns its output without the final newline.
  std::string line(const std::vector<std::string>& args) const
  {
    return std::string(util::trim_right(git(args)));
  }
  void write(const std::string& file, const std::string& content) const
  {
    std::filesystem::create_directories((path / file).parent_path());
    util::write_file_atomic(path / file, content);
  }
  // Commits everything with MESSAGE and returns the new commit's id.
  std::string commit_all(const std::string& message,
                         const std::map<std::string, std::string>& env = {}) const
  {
    git({"add", "-A"});
    git({"commit", "-q", "--allow-empty", "-m", message}, {}, env);
    return line({"rev-parse", "HEAD"});
  }
};

} // namespace trail::unit
