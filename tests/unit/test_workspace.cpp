// The workspace: settings read from git's configuration, where hooks live, which policy and
// registry apply, on repositories built by the test with git commands.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "core/workspace/workspace.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

git::Repository open(const TempRepo& repo)
{
  return git::Repository::open_at(repo.path.string());
}

} // namespace

TEST_CASE("config_bool reads booleans the way git does; unset is false")
{
  TempRepo repo;
  const std::vector<std::pair<std::string, bool>> values = {{"true", true},
                                                            {"Yes", true},
                                                            {"ON", true},
                                                            {"1", true},
                                                            {"7", true},
                                                            {"false", false},
                                                            {"no", false},
                                                            {"0", false},
                                                            {"maybe", false}};
  for (const auto& entry : values) {
    const std::string& value = entry.first; // not a structured binding: INFO captures it
    const bool expected = entry.second;
    repo.git({"config", "trail.flag", value});
    INFO(value);
    CHECK(workspace::config_bool(open(repo), "trail.flag") == expected);
  }
  CHECK_FALSE(workspace::config_bool(open(repo), "trail.unset"));
}

TEST_CASE("read_message_settings: separators, comment char, configured keys, cleanup")
{
  TempRepo repo;
  auto settings = workspace::read_message_settings(open(repo));
  CHECK(settings.trailers.separators == ":");
  CHECK(settings.trailers.comment_char == '#');
  CHECK(settings.trailers.configured_keys.empty());
  CHECK(settings.cleanup == message::CleanupMode::automatic);
  repo.git({"config", "trailer.separators", ":="});
  repo.git({"config", "core.commentChar", ";"});
  repo.git({"config", "trailer.sob.key", "Signed-off-by"});
  repo.git({"config", "trailer.Ack.key", "Ack"});
  repo.git({"config", "commit.cleanup", "scissors"});
  settings = workspace::read_message_settings(open(repo));
  CHECK(settings.trailers.separators == ":=");
  CHECK(settings.trailers.comment_char == ';');
  CHECK(util::join(settings.trailers.configured_keys, ",") == "Signed-off-by,sob,Ack");
  CHECK(settings.cleanup == message::CleanupMode::scissors);
  // "auto" is not one character: '#' stays.
  repo.git({"config", "core.commentChar", "auto"});
  CHECK(workspace::read_message_settings(open(repo)).trailers.comment_char == '#');
}

TEST_CASE("read_message_settings: an unknown commit.cleanup is a usage error")
{
  TempRepo repo;
  repo.git({"config", "commit.cleanup", "sometimes"});
  std::string error;
  try {
    (void)workspace::read_message_settings(open(repo));
  } catch (const UsageError& e) {
    error = e.what();
  }
  CHECK(error == "commit.cleanup has an unknown value 'sometimes' (expected default, strip, "
                 "whitespace, verbatim or scissors)");
}

TEST_CASE("hooks_dir: the git directory's hooks, or core.hooksPath from the working tree top")
{
  TempRepo repo;
  const std::string top = fs::weakly_canonical(repo.path).string();
  CHECK(fs::weakly_canonical(workspace::hooks_dir(open(repo))).string() == top + "/.git/hooks");
  repo.git({"config", "core.hooksPath", ".githooks"});
  CHECK(fs::weakly_canonical(workspace::hooks_dir(open(repo))).string() == top + "/.githooks");
  repo.git({"config", "core.hooksPath", "/srv/hooks/../team-hooks"});
  CHECK(workspace::hooks_dir(open(repo)) == "/srv/team-hooks");
}

TEST_CASE("display_path: relative inside the working tree, unchanged outside")
{
  TempRepo repo;
  const auto git_repo = open(repo);
  CHECK(workspace::display_path(git_repo, (repo.path / "docs" / "req.toml").string()) ==
        "docs/req.toml");
  CHECK(workspace::display_path(git_repo, "/elsewhere/policy.toml") == "/elsewhere/policy.toml");
}

TEST_CASE("load_policy: trail.toml at the top, else the default; an explicit file wins")
{
  TempRepo repo;
  CHECK(workspace::load_policy(open(repo), std::nullopt).source == "<default policy>");
  repo.write("trail.toml", "[project]\nname = \"Pump\"\n");
  const auto policy = workspace::load_policy(open(repo), std::nullopt);
  CHECK(policy.source == "trail.toml");
  CHECK(policy.project.name == "Pump");
  repo.write("other.toml", "[project]\nname = \"Other\"\n");
  CHECK(workspace::load_policy(open(repo), (repo.path / "other.toml").string()).project.name ==
        "Other");
}

TEST_CASE("load_policy_at reads trail.toml from the revision's tree, not the working tree")
{
  TempRepo repo;
  repo.write("trail.toml", "[project]\nname = \"Committed\"\n");
  const auto first = repo.commit_all("Adopt the policy");
  repo.write("trail.toml", "[project]\nname = \"Edited\"\n");
  CHECK(workspace::load_policy_at(open(repo), first, std::nullopt).project.name == "Committed");
  CHECK(workspace::load_policy(open(repo), std::nullopt).project.name == "Edited");
}

TEST_CASE("registry_at: none before the first registry file, then its items")
{
  TempRepo repo;
  repo.write("trail.toml",
             "[kinds.requirement]\npattern = 'SRS-\\d+'\n[registry]\nfiles = "
             "[\"docs/req.toml\"]\n");
  const auto before = repo.commit_all("Adopt the policy");
  repo.write("docs/req.toml",
             "[[items]]\nid = \"SRS-1\"\ntitle = \"Alarm\"\nstatus = \"approved\"\n");
  const auto after = repo.commit_all("Add the registry");
  const auto git_repo = open(repo);
  const auto policy = workspace::load_policy(git_repo, std::nullopt);
  CHECK_FALSE(workspace::registry_at(git_repo, policy, before).has_value());
  const auto registry = workspace::registry_at(git_repo, policy, after);
  REQUIRE(registry.has_value());
  REQUIRE(registry->find("SRS-1") != nullptr);
  CHECK(registry->find("SRS-1")->title == "Alarm");
  CHECK(workspace::registry_key(git_repo, policy, before) !=
        workspace::registry_key(git_repo, policy, after));
  CHECK(workspace::registry_key(git_repo, policy, after) ==
        workspace::registry_key(git_repo, policy, "HEAD"));
}
