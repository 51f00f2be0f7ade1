// The identification shared by the manifest and the changelog (change/identity.hpp).

#include "core/change/identity.hpp"
#include "core/git/repository.hpp"
#include "core/policy/load.hpp"
#include "core/util/digest.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace trail;
using namespace trail::unit;

TEST_CASE("identify: product, class, tool and policy, unknown when not declared")
{
  const std::string text = "[project]\nname = \"Pump\"\nsafety_class = \"B\"\n";
  const auto id = change::identify(policy::parse_policy(text, "trail.toml"));
  CHECK(id.product == "Pump");
  CHECK(id.safety_class == "B");
  CHECK(id.tool_version == TRAIL_VERSION);
  CHECK(id.policy_source == "trail.toml");
  CHECK(id.policy_digest == util::sha256_hex(text));
  const auto bare = change::identify(policy::parse_policy("", "other.toml"));
  CHECK(bare.product == "unknown");
  CHECK(bare.safety_class == "unknown");
  CHECK(bare.policy_source == "other.toml");
}

TEST_CASE("revision_at: the commit, its tree and its committer date")
{
  TempRepo repo;
  repo.write("a", "a\n");
  const auto commit =
      repo.commit_all("First", {{"GIT_COMMITTER_DATE", "2026-01-31T12:00:00+01:00"}});
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto r = change::revision_at(git_repo, "HEAD");
  CHECK(r.commit == commit);
  CHECK(r.tree == repo.line({"rev-parse", "HEAD^{tree}"}));
  CHECK(r.date == "2026-01-31T12:00:00+01:00");
}
