// The git layer against git itself, on a repository built by the test with git commands.

#include "core/git/repository.hpp"
#include "core/util/file.hpp"
#include "core/util/strings.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

using namespace trail;
namespace fs = std::filesystem;

namespace {

// A temporary repository, removed at the end of the test case.
struct TempRepo
{
  fs::path path = fs::temp_directory_path() / ("trail-unit-repo-" + std::to_string(std::random_device{}()));
  TempRepo()
  {
    fs::create_directories(path);
    git("init -q -b main .");
  }
  ~TempRepo()
  {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  // Runs git with fixed ARGS (no user input) in the repository; returns its output.
  std::string git(const std::string& args) const
  {
    const std::string command = "cd '" + path.string() +
                                "' && GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent git -c user.name=T -c user.email=t@x " +
                                args;
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
      output.append(buffer, n);
    }
    REQUIRE(pclose(pipe) == 0);
    return output;
  }
  void write(const std::string& file, const std::string& content) const
  {
    fs::create_directories((path / file).parent_path());
    util::write_file_atomic(path / file, content);
  }
};

std::vector<std::string> sorted_lines(const std::string& text)
{
  std::vector<std::string> lines;
  for (const auto line : util::split_lines(text)) {
    if (!line.empty()) {
      lines.emplace_back(line);
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

} // namespace

TEST_CASE("repository: changed paths agree with git diff-tree on every commit")
{
  TempRepo repo;
  repo.write("a.txt", "1");
  repo.write("dir/b.txt", "1");
  repo.write("dir/sub/c.txt", "1");
  repo.write("dir-x", "1");
  repo.git("add -A && git -c user.name=T -c user.email=t@x commit -q -m root");
  repo.write("dir/sub/c.txt", "2");               // nested change
  repo.git("add -A && git -c user.name=T -c user.email=t@x commit -q -m nested");
  repo.git("rm -q a.txt");                         // deletion
  repo.write("a.txt/inner.txt", "file became a folder");
  repo.write("dir.txt", "sorts between dir- and dir/");
  repo.git("add -A && git -c user.name=T -c user.email=t@x commit -q -m file-to-dir");
  repo.git("rm -rq dir/sub");                      // a whole folder goes
  repo.git("update-index --chmod=+x dir/b.txt");   // mode change only
  repo.git("commit -q -m remove-folder");
  repo.git("commit -q --allow-empty -m empty");

  const auto git_repo = git::Repository::open_at(repo.path.string());
  git::WalkSpec spec;
  size_t commits = 0;
  git_repo.walk(spec, [&](const git::CommitInfo& commit) {
    const auto paths = git_repo.changed_paths(commit);
    REQUIRE(paths.has_value());
    std::vector<std::string> ours = *paths;
    std::sort(ours.begin(), ours.end());
    const auto theirs = sorted_lines(repo.git("diff-tree --root --no-renames -r --name-only --format= " + commit.id));
    CHECK_MESSAGE(ours == theirs, "commit " << commit.id);
    ++commits;
    return true;
  });
  CHECK(commits == 5);
}

TEST_CASE("repository: the walk follows git log order")
{
  TempRepo repo;
  for (int i = 0; i < 6; ++i) {
    repo.write("f.txt", std::to_string(i));
    repo.git("add -A && GIT_COMMITTER_DATE='2026-01-0" + std::to_string(i + 1) +
             "T10:00:00Z' git -c user.name=T -c user.email=t@x commit -q -m c" + std::to_string(i));
    if (i == 2) {
      repo.git("switch -q -c side");
    }
  }
  repo.git("switch -q main");
  repo.git("-c core.editor=true merge -q --no-ff -m merge side");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  std::string ours;
  git::WalkSpec spec;
  spec.revisions = {"--all"};
  git_repo.walk(spec, [&](const git::CommitInfo& commit) {
    ours += commit.id + "\n";
    return true;
  });
  CHECK(ours == repo.git("log --all --format=%H"));
}
