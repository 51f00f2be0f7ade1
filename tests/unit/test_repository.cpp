// Opening a repository, its configuration and HEAD (src/core/git/repository.cpp), on
// repositories built by the test with git commands. (The walk and the tree diff, tested here
// before, are in test_history.cpp and test_diff.cpp.)

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"
#include "expect.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

// Sets environment variables for the life of the object (unsets them afterwards, and
// requires that they were unset before).
class EnvFor
{
public:
  explicit EnvFor(const std::map<std::string, std::string>& values)
  {
    for (const auto& [name, value] : values) {
      REQUIRE(std::getenv(name.c_str()) == nullptr);
      setenv(name.c_str(), value.c_str(), 1);
      m_names.push_back(name);
    }
  }
  EnvFor(const EnvFor&) = delete;
  EnvFor& operator=(const EnvFor&) = delete;
  ~EnvFor()
  {
    for (const auto& name : m_names) {
      unsetenv(name.c_str());
    }
  }

private:
  std::vector<std::string> m_names;
};

} // namespace

TEST_CASE("repository: open_at finds the repository from any folder inside it")
{
  TempRepo repo;
  repo.write("deep/er/file.txt", "x\n");
  const std::string top = fs::canonical(repo.path).string();
  for (const auto& start : {repo.path, repo.path / "deep" / "er", repo.path / ".git"}) {
    const auto git_repo = git::Repository::open_at(start.string());
    CHECK(git_repo.workdir() == top + "/");
    CHECK(git_repo.git_dir() == top + "/.git/");
    CHECK(git_repo.common_dir() == top + "/.git/");
    CHECK_FALSE(git_repo.is_bare());
    CHECK_FALSE(git_repo.is_shallow());
  }
  const auto reopened = git::Repository::open_at(repo.path.string()).reopen();
  CHECK(reopened.workdir() == top + "/");

  TempRepo bare(true);
  const auto bare_repo = git::Repository::open_at(bare.path.string());
  CHECK(bare_repo.is_bare());
  CHECK(bare_repo.workdir().empty());
  CHECK(bare_repo.git_dir() == fs::canonical(bare.path).string() + "/");
}

TEST_CASE("repository: no repository, or a SHA-256 one, is a UsageError that says so")
{
  TempDir dir;
  const std::string outside = (dir.path / "nothing").string();
  fs::create_directories(outside);
  CHECK(thrown([&] { (void)git::Repository::open_at(outside); }) ==
        Thrown{"UsageError",
               "not a git repository (or any parent up to /): " + outside,
               k_exit_usage});

  REQUIRE(run_git(dir.path, {"init", "-q", "--object-format=sha256", "sha256"}).exit_code == 0);
  CHECK(
      thrown([&] { (void)git::Repository::open_at((dir.path / "sha256").string()); }) ==
      Thrown{"UsageError",
             "this is a SHA-256 repository (extensions.objectFormat); git-trail uses libgit2 1.5, "
             "which reads SHA-1 repositories only",
             k_exit_usage});
}

TEST_CASE("repository: HEAD on a branch, on an unborn branch and detached; has_refs")
{
  TempRepo repo;
  const auto git_repo = git::Repository::open_at(repo.path.string());
  auto head = git_repo.head();
  CHECK(head.branch == std::optional<std::string>("main"));
  CHECK(head.commit == std::nullopt); // unborn
  CHECK_FALSE(head.detached);
  CHECK_FALSE(git_repo.has_refs());

  const std::string c1 = repo.commit_all("first");
  const std::string c2 = repo.commit_all("second");
  head = git_repo.head();
  CHECK(head.branch == std::optional<std::string>("main"));
  CHECK(head.commit == std::optional<std::string>(c2));
  CHECK_FALSE(head.detached);
  CHECK(git_repo.has_refs());

  repo.git({"switch", "-q", "--detach", c1});
  head = git_repo.head();
  CHECK(head.branch == std::nullopt);
  CHECK(head.commit == std::optional<std::string>(c1));
  CHECK(head.detached);

  repo.git({"switch", "-q", "--orphan", "fresh"});
  head = git_repo.head();
  CHECK(head.branch == std::optional<std::string>("fresh"));
  CHECK(head.commit == std::nullopt);
  CHECK(git_repo.has_refs()); // main is still there
}

TEST_CASE("repository: configuration read, matched and written as git does")
{
  TempRepo repo;
  repo.git({"config", "trail.policy", "docs/policy.toml"});
  repo.git({"config", "trail.Mixed", "case"});
  repo.git({"config", "other.key", "no"});
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.config_string("trail.policy") == std::optional<std::string>("docs/policy.toml"));
  CHECK(git_repo.config_string("TRAIL.POLICY") == std::optional<std::string>("docs/policy.toml"));
  CHECK(git_repo.config_string("trail.mixed") == std::optional<std::string>("case"));
  CHECK(git_repo.config_string("trail.unset") == std::nullopt);

  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(git_repo.config_matching("^trail\\.") ==
        Pairs{{"trail.policy", "docs/policy.toml"}, {"trail.mixed", "case"}});
  CHECK(git_repo.config_matching("^nothing\\.").empty());

  git_repo.set_config("trail.written", "value with spaces");
  CHECK(repo.line({"config", "--local", "trail.written"}) == "value with spaces");
  CHECK(git_repo.config_string("trail.written") == std::optional<std::string>("value with spaces"));
}

TEST_CASE("repository: `git -c` values given to a hook win over the configuration files")
{
  TempRepo repo;
  repo.git({"config", "trail.policy", "from-file"});
  const auto git_repo = git::Repository::open_at(repo.path.string());
  // What `git -c ...` exports to the hooks and aliases it runs.
  const auto exported = run_git(repo.path,
                                {"-c",
                                 "trail.policy=it's here",
                                 "-c",
                                 "Trail.Other=x=y",
                                 "-c",
                                 "alias.parameters=!printenv GIT_CONFIG_PARAMETERS",
                                 "parameters"});
  REQUIRE(exported.exit_code == 0);
  const std::string parameters(util::trim_right(exported.out));
  CHECK(parameters == "'trail.policy'='it'\\''s here' 'Trail.Other'='x=y' "
                      "'alias.parameters'=''\\!'printenv GIT_CONFIG_PARAMETERS'");
  {
    const EnvFor env({{"GIT_CONFIG_PARAMETERS", parameters}});
    CHECK(git_repo.config_string("trail.policy") == std::optional<std::string>("it's here"));
    CHECK(git_repo.config_string("trail.other") == std::optional<std::string>("x=y"));
  }
  {
    const EnvFor env({{"GIT_CONFIG_COUNT", "2"},
                      {"GIT_CONFIG_KEY_0", "trail.policy"},
                      {"GIT_CONFIG_VALUE_0", "first"},
                      {"GIT_CONFIG_KEY_1", "TRAIL.policy"},
                      {"GIT_CONFIG_VALUE_1", "last wins"}});
    CHECK(git_repo.config_string("trail.policy") == std::optional<std::string>("last wins"));
  }
  CHECK(git_repo.config_string("trail.policy") == std::optional<std::string>("from-file"));
}
