// The changes unit (change/changes.hpp): a commit read into a change record (links through the
// policy's trailers, the safety trailers, reverts and cherry-picks), and a range read in
// `git log` order, with and without a start.

#include "core/change/changes.hpp"
#include "core/git/repository.hpp"
#include "core/policy/load.hpp"
#include "core/workspace/workspace.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;

namespace {

const char* const k_policy = R"([kinds.requirement]
pattern = 'SRS-\d+'
[kinds.problem-report]
pattern = 'PR-\d+'
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
Fixes = { relation = "fixes", kinds = ["problem-report"] }
)";

git::CommitInfo info(const std::string& message)
{
  git::CommitInfo c;
  c.id = std::string(40, 'a');
  c.parents = {std::string(40, 'b')};
  c.author_name = "Ann \xff";
  c.author_email = "ann@x";
  c.author_time = 1700000000;
  c.author_offset = 60;
  c.message = message;
  return c;
}

std::vector<std::string> subjects(const change::Changes& changes)
{
  std::vector<std::string> out;
  for (const auto& c : changes.changes) {
    out.push_back(c.subject);
  }
  return out;
}

} // namespace

TEST_CASE("read_change: identity, links and the safety trailers, whatever their case")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto c = change::read_change(policy,
                                     workspace::MessageSettings{},
                                     info("Limit the dose\n\nBody.\n\n"
                                          "Implements: SRS-1, SRS-2\n"
                                          "fixes: PR-7\n"
                                          "safety-impact: low\n"
                                          "Safety-Rationale: bounded by the pump\n"
                                          "SOUP-Change: zlib 1.3\n"));
  CHECK(c.commit == std::string(40, 'a'));
  CHECK(c.subject == "Limit the dose");
  CHECK(c.author == "Ann \xEF\xBF\xBD"); // made valid UTF-8
  CHECK(c.author_email == "ann@x");
  CHECK(c.author_time == 1700000000);
  CHECK(c.date == "2023-11-14T23:13:20+01:00");
  CHECK_FALSE(c.merge);
  CHECK(c.safety_impact == "low");
  CHECK(c.safety_rationale == "bounded by the pump");
  CHECK(c.soup_change);
  CHECK(c.reverts.empty());
  CHECK(c.picked_from.empty());
  REQUIRE(c.links.size() == 3);
  CHECK(c.links[0].relation == "implements");
  CHECK(c.links[0].id == "SRS-1");
  CHECK(c.links[1].id == "SRS-2");
  CHECK(c.links[2].relation == "fixes");
  CHECK(c.links[2].kind == "problem-report");
  CHECK(c.links[2].id == "PR-7");
}

TEST_CASE("read_change: reverts, cherry-picks and merges")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const std::string reverted(40, 'c');
  auto revert =
      change::read_change(policy,
                          workspace::MessageSettings{},
                          info("Revert \"Limit\"\n\nThis reverts commit " + reverted + ".\n"));
  CHECK(revert.reverts == reverted);
  CHECK(revert.safety_impact.empty());
  CHECK_FALSE(revert.soup_change);
  CHECK(revert.links.empty());
  const auto pick = change::read_change(
      policy,
      workspace::MessageSettings{},
      info("Limit\n\nImplements: SRS-1\n(cherry picked from commit 1234567)\n"));
  CHECK(pick.picked_from == "1234567");
  auto merge_info = info("Merge branch 'x'\n");
  merge_info.parents.push_back(std::string(40, 'd'));
  CHECK(change::read_change(policy, workspace::MessageSettings{}, merge_info).merge);
}

TEST_CASE("read_changes: a range in git log order, or the whole history without a start")
{
  TempRepo repo;
  repo.write("trail.toml", k_policy);
  const auto at = [](const char* date) {
    return std::map<std::string, std::string>{{"GIT_COMMITTER_DATE", date}};
  };
  const auto first = repo.commit_all("First\n\nImplements: SRS-1\n", at("2026-01-01T10:00:00Z"));
  repo.write("a", "a\n");
  repo.commit_all("Second", at("2026-01-01T11:00:00Z"));
  repo.write("a", "b\n");
  const auto third = repo.commit_all("Third\n\nFixes: PR-1\n", at("2026-01-01T12:00:00Z"));
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const workspace::MessageSettings settings;

  const auto since = change::read_changes(git_repo, policy, settings, {third, first});
  CHECK(subjects(since) == std::vector<std::string>{"Third", "Second"});
  CHECK(since.changes[0].commit == third);
  CHECK(since.changes[0].links.size() == 1);
  CHECK(since.shallow_boundary.empty());

  std::vector<size_t> progress;
  const auto all = change::read_changes(
      git_repo, policy, settings, {third, std::nullopt}, [&](size_t n) { progress.push_back(n); });
  CHECK(subjects(all) == std::vector<std::string>{"Third", "Second", "First"});
  CHECK(progress.empty()); // every 256 commits only

  CHECK(change::read_changes(git_repo, policy, settings, {first, first}).changes.empty());
}
