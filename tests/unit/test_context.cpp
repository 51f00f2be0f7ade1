// The Context a command runs in: the repository opened once and only when asked, the policy and
// settings read once, the registry at a revision read again only when it changed, on
// repositories built by the test with git commands.

#include "core/util/error.hpp"
#include "core/workspace/context.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

// Runs the test case from DIR (a Context opens the repository git would use from there).
struct InDirectory
{
  fs::path previous = fs::current_path();
  explicit InDirectory(const fs::path& dir)
  {
    fs::current_path(dir);
  }
  InDirectory(const InDirectory&) = delete;
  InDirectory& operator=(const InDirectory&) = delete;
  ~InDirectory()
  {
    std::error_code ec;
    fs::current_path(previous, ec);
  }
};

const std::string k_registry_policy = "[kinds.requirement]\npattern = 'SRS-\\d+'\n"
                                      "[registry]\nfiles = [\"docs/req/*.toml\"]\n";

} // namespace

TEST_CASE("Context: nothing is opened until a command asks; outside a repository repo() throws")
{
  TempDir outside;
  InDirectory here(outside.path);
  workspace::Context context(std::string("custom.toml"));
  CHECK(context.policy_option() == std::optional<std::string>("custom.toml"));
  CHECK(context.policy_pinned());
  CHECK_THROWS_AS(context.repo(), UsageError);
  CHECK_THROWS_AS(context.repo(), UsageError); // a later call tries again, and fails again
  CHECK_THROWS_AS(context.settings(), UsageError);
}

TEST_CASE("Context: the repository is opened once; policy and settings are read once")
{
  TempRepo repo;
  repo.write("trail.toml", "[project]\nname = \"Committed\"\n");
  const auto first = repo.commit_all("Adopt the policy");
  repo.git({"config", "trailer.separators", ":="});
  InDirectory here(repo.path);
  workspace::Context context(std::nullopt);
  CHECK_FALSE(context.policy_option().has_value());
  const git::Repository* opened = &context.repo();
  CHECK(&context.repo() == opened);
  CHECK(context.policy().project.name == "Committed");
  CHECK(context.policy().source == "trail.toml");
  CHECK(context.settings().trailers.separators == ":=");
  // Kept: what the command read first stays what it works with.
  repo.write("trail.toml", "[project]\nname = \"Edited\"\n");
  repo.git({"config", "trailer.separators", "#"});
  CHECK(context.policy().project.name == "Committed");
  CHECK(context.settings().trailers.separators == ":=");
  // The policy a revision was made under is read from that revision, each time.
  repo.commit_all("Edit the policy");
  CHECK(context.policy_at(first).project.name == "Committed");
  CHECK(context.policy_at("HEAD").project.name == "Edited");
}

TEST_CASE("Context: --policy FILE is the policy, at HEAD and at any revision")
{
  TempRepo repo;
  repo.write("trail.toml", "[project]\nname = \"Committed\"\n");
  repo.commit_all("Adopt the policy");
  TempDir elsewhere;
  const auto file = (elsewhere.path / "pinned.toml").string();
  util::write_file_atomic(file, "[project]\nname = \"Pinned\"\n");
  InDirectory here(repo.path);
  workspace::Context context(file);
  CHECK(context.policy_pinned());
  CHECK(context.policy().project.name == "Pinned");
  CHECK(context.policy().source == file);
  CHECK(context.policy_at("HEAD").project.name == "Pinned");
}

TEST_CASE("Context::registry_at: none, read, kept while unchanged, and a malformed one's problem")
{
  TempRepo repo;
  repo.write("trail.toml", k_registry_policy);
  const auto none = repo.commit_all("Adopt the policy");
  repo.write("docs/req/a.toml",
             "[[items]]\nid = \"SRS-1\"\ntitle = \"Alarm\"\nstatus = \"draft\"\n");
  const auto good = repo.commit_all("Add the registry");
  repo.write("src/a.c", "1\n");
  const auto same = repo.commit_all("Change code only");
  repo.write("docs/req/b.toml", "[[items]]\nid = \"SRS-1\"\ntitle = \"Again\"\n");
  const auto bad = repo.commit_all("Break the registry");
  InDirectory here(repo.path);
  workspace::Context context(std::nullopt);

  const auto at_none = context.registry_at(none);
  CHECK(at_none.registry == nullptr);
  CHECK(at_none.problem.empty());

  const auto at_good = context.registry_at(good);
  REQUIRE(at_good.registry != nullptr);
  CHECK(at_good.problem.empty());
  REQUIRE(at_good.registry->find("SRS-1") != nullptr);
  CHECK(at_good.registry->find("SRS-1")->title == "Alarm");
  // The registry folder's tree is the same: the registry read before is handed out again.
  CHECK(context.registry_at(same).registry == at_good.registry);

  const auto at_bad = context.registry_at(bad);
  CHECK(at_bad.registry == nullptr);
  CHECK(at_bad.problem.find("docs/req/b.toml:1:1: error: duplicate item ID 'SRS-1'") !=
        std::string::npos);
  CHECK(context.registry_at(bad).problem == at_bad.problem);
}

TEST_CASE("Context::staged_registry: the index's registry, or the problem that keeps it unread")
{
  TempRepo repo;
  repo.write("trail.toml", k_registry_policy);
  repo.write("docs/req/a.toml",
             "[[items]]\nid = \"SRS-1\"\ntitle = \"Alarm\"\nstatus = \"draft\"\n");
  repo.commit_all("Adopt the policy and the registry");
  repo.write("docs/req/b.toml",
             "[[items]]\nid = \"SRS-2\"\ntitle = \"Staged\"\nstatus = \"draft\"\n");
  repo.git({"add", "docs/req/b.toml"});
  {
    InDirectory here(repo.path);
    workspace::Context context(std::nullopt);
    const auto staged = context.staged_registry();
    CHECK(staged.problem.empty());
    REQUIRE(staged.registry != nullptr);
    CHECK(staged.registry->find("SRS-2") != nullptr);
    CHECK(context.registry_at("HEAD").registry->find("SRS-2") == nullptr);
  }
  repo.write("docs/req/b.toml", "[[items]]\nid = \"SRS-1\"\ntitle = \"Again\"\n");
  repo.git({"add", "docs/req/b.toml"});
  InDirectory here(repo.path);
  workspace::Context context(std::nullopt);
  const auto staged = context.staged_registry();
  CHECK(staged.registry == nullptr);
  CHECK(staged.problem.find("docs/req/b.toml:1:1: error: duplicate item ID 'SRS-1'") !=
        std::string::npos);
  // HEAD's registry still loads: the problem is the index's alone.
  CHECK(context.registry_at("HEAD").problem.empty());
}
