// verifies: GT-17
// Building a release manifest (build_manifest) and finding releases, on repositories built by
// the test with git commands: identification, the previous release, configuration items,
// changes with their links, resolved and residual problem reports.

#include "core/git/repository.hpp"
#include "core/release/manifest.hpp"
#include "core/util/digest.hpp"
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

const char* const k_policy = R"([project]
name = "Pump"
safety_class = "C"
[kinds.requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
states = ["open", "resolved"]
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
Fixes = { relation = "fixes", kinds = ["problem-report"] }
Safety-Impact = { values = ["none", "low", "high"] }
[registry]
files = ["docs/items.toml"]
[[configuration_items]]
name = "dosing"
paths = ["src/dosing/**"]
class = "C"
)";

const char* const k_items = R"([[items]]
id = "SRS-1"
title = "Dose limit"
status = "approved"
[[items]]
id = "PR-1"
title = "Alarm late"
status = "open"
evaluation = "within budget"
[[items]]
id = "PR-2"
title = "Limit off by one"
status = "%"
)";

std::string items(const std::string& pr2_status)
{
  std::string text = k_items;
  return text.replace(text.find('%'), 1, pr2_status);
}

// v1.0.0 at "Start"; then a commit fixing PR-2 in the dosing item, and one touching README.
struct ManifestFixture
{
  TempRepo repo;
  std::string start, fix, readme;

  ManifestFixture()
  {
    repo.write("trail.toml", k_policy);
    repo.write("docs/items.toml", items("open"));
    repo.write("src/dosing/limit.c", "int limit = 5;\n");
    start = repo.commit_all("Start\n\nImplements: SRS-1\n");
    repo.git({"tag", "-a", "-m", "Release 1.0.0", "v1.0.0"});
    repo.write("src/dosing/limit.c", "int limit = 6;\n");
    repo.write("docs/items.toml", items("resolved"));
    fix = repo.commit_all("Fix the limit\n\nFixes: PR-2\nSafety-Impact: low\n");
    repo.write("README", "Pump\n");
    readme = repo.commit_all("Add a README");
  }
  release::Manifest build(release::ManifestOptions options = {}) const
  {
    const auto git_repo = git::Repository::open_at(repo.path.string());
    const auto policy = workspace::load_policy_at(git_repo, "HEAD", std::nullopt);
    return release::build_manifest(git_repo, policy, workspace::MessageSettings{}, options);
  }
};

} // namespace

TEST_CASE("build_manifest: identification and the previous release")
{
  ManifestFixture fixture;
  release::ManifestOptions options;
  options.version = "v1.1.0";
  const auto m = fixture.build(options);
  CHECK(m.product == "Pump");
  CHECK(m.version == "v1.1.0");
  CHECK(m.safety_class == "C");
  CHECK(m.commit == fixture.readme);
  CHECK(m.tree == fixture.repo.line({"rev-parse", "HEAD^{tree}"}));
  CHECK(m.policy_source == "trail.toml");
  CHECK(m.previous_tag == std::optional<std::string>("v1.0.0"));
  CHECK(m.previous_commit == std::optional<std::string>(fixture.start));
  CHECK(m.shallow_boundary.empty());
}

TEST_CASE("build_manifest: a configuration item lists its files with their digests")
{
  ManifestFixture fixture;
  const auto m = fixture.build();
  REQUIRE(m.items.size() == 1);
  CHECK(m.items[0].name == "dosing");
  CHECK(m.items[0].safety_class == "C");
  REQUIRE(m.items[0].files.size() == 1);
  CHECK(m.items[0].files[0].path == "src/dosing/limit.c");
  CHECK(m.items[0].files[0].mode == "100644");
  CHECK(m.items[0].files[0].object == fixture.repo.line({"rev-parse", "HEAD:src/dosing/limit.c"}));
  CHECK(m.items[0].files[0].sha256 == util::sha256_hex("int limit = 6;\n"));
}

TEST_CASE("build_manifest: configuration item classes: rationale, overlaps, the stricter class")
{
  TempRepo repo;
  repo.write("trail.toml",
             "[project]\nsafety_class = \"C\"\n"
             "[[configuration_items]]\nname = \"dosing\"\npaths = [\"src/dosing/**\"]\n"
             "class = \"C\"\n"
             "[[configuration_items]]\nname = \"ui\"\npaths = [\"src/**\"]\nclass = \"A\"\n"
             "class_rationale = \"shows values only\"\nsegregation = \"own process\"\n"
             "[[configuration_items]]\nname = \"logs\"\npaths = [\"log/**\"]\nclass = \"B\"\n");
  repo.write("src/dosing/limit.c", "int limit;\n");
  repo.write("src/ui/view.c", "int view;\n");
  repo.write("log/log.c", "int log;\n");
  repo.commit_all("Start");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto policy = workspace::load_policy_at(git_repo, "HEAD", std::nullopt);
  const auto m = release::build_manifest(git_repo, policy, workspace::MessageSettings{}, {});
  REQUIRE(m.items.size() == 3);
  // dosing: class C, shares limit.c with ui (A): nothing stricter applies to it.
  CHECK(m.items[0].safety_class == "C");
  CHECK(m.items[0].declared_class.empty());
  CHECK(m.items[0].stricter_files.empty());
  // ui: class A with its rationale and segregation; limit.c is also dosing's: class C applies.
  CHECK(m.items[1].safety_class == "A");
  CHECK(m.items[1].declared_class.empty());
  CHECK(m.items[1].class_rationale == "shows values only");
  CHECK(m.items[1].segregation == "own process");
  REQUIRE(m.items[1].stricter_files.size() == 1);
  CHECK(m.items[1].stricter_files[0].path == "src/dosing/limit.c");
  CHECK(m.items[1].stricter_files[0].safety_class == "C");
  CHECK(m.items[1].stricter_files[0].items == std::vector<std::string>{"dosing"});
  // logs: class B with no rationale in a class C system: C applies, B is kept as declared.
  CHECK(m.items[2].safety_class == "C");
  CHECK(m.items[2].declared_class == "B");
}

TEST_CASE("build_manifest: the changes since the previous release, with their links")
{
  ManifestFixture fixture;
  const auto m = fixture.build();
  REQUIRE(m.changes.size() == 2);
  CHECK(m.changes[0].commit == fixture.readme);
  CHECK(m.changes[0].links.empty());
  CHECK(m.changes[1].commit == fixture.fix);
  CHECK(m.changes[1].subject == "Fix the limit");
  CHECK(m.changes[1].safety_impact == "low");
  REQUIRE(m.changes[1].links.size() == 1);
  CHECK(m.changes[1].links[0].relation == "fixes");
  CHECK(m.changes[1].links[0].kind == "problem-report");
  CHECK(m.changes[1].links[0].id == "PR-2");
}

TEST_CASE("build_manifest: problem reports resolved since the previous release, and residual")
{
  ManifestFixture fixture;
  const auto m = fixture.build();
  REQUIRE(m.resolved.size() == 1);
  CHECK(m.resolved[0].id == "PR-2");
  CHECK(m.resolved[0].status == "resolved");
  CHECK(m.resolved[0].fixed_by == std::vector<std::string>{fixture.fix});
  REQUIRE(m.residual.size() == 1);
  CHECK(m.residual[0].id == "PR-1");
  CHECK(m.residual[0].status == "open");
  CHECK(m.residual[0].evaluation == "within budget");
}

TEST_CASE("build_manifest: a first release has no previous one and lists every change")
{
  ManifestFixture fixture;
  release::ManifestOptions options;
  options.find_previous = false;
  const auto m = fixture.build(options);
  CHECK_FALSE(m.previous_tag.has_value());
  CHECK(m.changes.size() == 3);
  CHECK(m.version == "unknown");
}

TEST_CASE("release names, the previous release and the first release of a commit")
{
  ManifestFixture fixture;
  const auto git_repo = git::Repository::open_at(fixture.repo.path.string());
  const auto policy = workspace::load_policy_at(git_repo, "HEAD", std::nullopt);
  CHECK(policy::is_release_tag(policy, "v1.2.3"));
  CHECK(policy::is_release_tag(policy, "1.2.3-rc1"));
  CHECK_FALSE(policy::is_release_tag(policy, "v1"));
  CHECK_FALSE(policy::is_release_tag(policy, "nightly"));
  const auto previous = release::find_previous_release(git_repo, policy, "HEAD", "");
  REQUIRE(previous.has_value());
  CHECK(previous->first == "v1.0.0");
  CHECK(previous->second == fixture.start);
  CHECK_FALSE(release::find_previous_release(git_repo, policy, "HEAD", "v1.0.0").has_value());
  fixture.repo.git({"tag", "-a", "-m", "Release 1.1.0", "v1.1.0"});
  const auto first = release::first_releases(git_repo, policy, {fixture.start, fixture.fix});
  CHECK(first == std::vector<std::pair<std::string, std::string>>{{fixture.start, "v1.0.0"},
                                                                  {fixture.fix, "v1.1.0"}});
}

TEST_CASE("releases_containing: every release that holds each commit, by ancestry")
{
  ManifestFixture fixture;
  const auto git_repo = git::Repository::open_at(fixture.repo.path.string());
  const auto policy = workspace::load_policy_at(git_repo, "HEAD", std::nullopt);
  fixture.repo.git({"tag", "-a", "-m", "Release 1.1.0", "v1.1.0"});
  const auto releases =
      release::releases_containing(git_repo, policy, {fixture.start, fixture.fix});
  CHECK(releases.shipped ==
        std::vector<std::pair<std::string, std::string>>{
            {fixture.start, "v1.0.0"}, {fixture.start, "v1.1.0"}, {fixture.fix, "v1.1.0"}});
  CHECK(releases.unknown.empty());
}
