// verifies: GT-6
#include "core/hooks/push.hpp"
#include "core/policy/load.hpp"
#include "core/util/error.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

using namespace trail;

namespace {

const std::string k_a(40, 'a');
const std::string k_b(40, 'b');
const std::string k_zero(40, '0');

} // namespace

TEST_CASE("push: pre-push lines become updates of the remote's refs")
{
  const auto updates =
      hooks::parse_pre_push("refs/heads/topic " + k_a + " refs/heads/main " + k_b + "\n" +
                            "(delete) " + k_zero + " refs/heads/old " + k_a + "\n");
  REQUIRE(updates.size() == 2);
  CHECK(updates[0].ref == "refs/heads/main");
  CHECK(updates[0].old_id == k_b);
  CHECK(updates[0].new_id == k_a);
  CHECK(updates[1].ref == "refs/heads/old");
  CHECK(hooks::is_zero_id(updates[1].new_id));
}

TEST_CASE("push: pre-receive lines")
{
  const auto updates = hooks::parse_pre_receive(k_zero + " " + k_a + " refs/tags/v1.0.0\n\n");
  REQUIRE(updates.size() == 1);
  CHECK(updates[0].ref == "refs/tags/v1.0.0");
  CHECK(hooks::is_zero_id(updates[0].old_id));
  CHECK_FALSE(hooks::is_zero_id(updates[0].new_id));
}

TEST_CASE("push: malformed input is a clear error")
{
  CHECK_THROWS_WITH_AS(
      hooks::parse_pre_receive("only two\n"),
      "pre-receive: cannot read the line 'only two' from git; expected '<old id> <new id> <ref>'",
      UsageError);
  CHECK_THROWS_WITH_AS(
      hooks::parse_pre_push("a b c d\n"), "pre-push: 'b' or 'd' is not an object id", UsageError);
}

namespace {

// A repository with two commits on main, both also on the remote-tracking ref of "origin".
struct PushRepo
{
  unit::TempRepo repo;
  std::string first = repo.commit_all("First");
  std::string second = repo.commit_all("Second");
  git::Repository git = git::Repository::open_at(repo.path.string());
};

hooks::PreCommitEnv full_env(const std::string& from, const std::string& to)
{
  hooks::PreCommitEnv env;
  env.running = true;
  env.from_ref = from;
  env.to_ref = to;
  env.remote_name = "origin";
  env.remote_url = "/srv/origin.git";
  env.remote_branch = "refs/heads/main";
  env.local_branch = "refs/heads/main";
  return env;
}

} // namespace

TEST_CASE("push: git's lines win over pre-commit's variables, and need the remote's name")
{
  PushRepo r;
  const auto policy = policy::default_policy();
  const auto line = "refs/heads/main " + r.second + " refs/heads/main " + r.first + "\n";
  const auto push = hooks::read_pre_push(r.git, policy, line, "origin", full_env(k_a, k_b));
  CHECK(push.remote == "origin");
  REQUIRE(push.updates.size() == 1);
  CHECK(push.updates[0].old_id == r.first);
  CHECK(push.updates[0].new_id == r.second);
  CHECK(hooks::read_pre_push(r.git, policy, "", "origin", {}).updates.empty());
  CHECK_THROWS_WITH_AS(hooks::read_pre_push(r.git, policy, line, "", {}),
                       "pre-push: no remote named; git passes it: git trail hook pre-push REMOTE "
                       "[URL] < git's ref lines",
                       UsageError);
}

TEST_CASE("push: pre-commit's range becomes the update git's line would be")
{
  PushRepo r;
  const auto policy = policy::default_policy();
  const auto push = hooks::read_pre_push(r.git, policy, "\n", "", full_env(r.first, r.second));
  CHECK(push.remote == "origin");
  REQUIRE(push.updates.size() == 1);
  CHECK(push.updates[0].ref == "refs/heads/main");
  CHECK(push.updates[0].old_id == r.first);
  CHECK(push.updates[0].new_id == r.second);
  // The same remote on the command line is fine; another is refused.
  CHECK(hooks::read_pre_push(r.git, policy, "", "origin", full_env(r.first, r.second))
            .updates.size() == 1);
  CHECK_THROWS_WITH_AS(
      hooks::read_pre_push(r.git, policy, "", "upstream", full_env(r.first, r.second)),
      "pre-push under pre-commit: the remote named on the command line ('upstream') is not "
      "PRE_COMMIT_REMOTE_NAME ('origin'); git-trail refuses the push",
      UsageError);
}

TEST_CASE("push: without a range, pre-commit's local ref is judged as a new branch")
{
  PushRepo r;
  auto env = full_env(k_a, k_b);
  env.from_ref.reset();
  env.to_ref.reset();
  const auto push = hooks::read_pre_push(r.git, policy::default_policy(), "", "", env);
  REQUIRE(push.updates.size() == 1);
  CHECK(hooks::is_zero_id(push.updates[0].old_id));
  CHECK(push.updates[0].new_id == r.second);
  env.local_branch = "refs/heads/gone";
  CHECK_THROWS_WITH_AS(hooks::read_pre_push(r.git, policy::default_policy(), "", "", env),
                       "pre-push under pre-commit: PRE_COMMIT_LOCAL_BRANCH 'refs/heads/gone' names "
                       "no commit in this repository; git-trail refuses the push",
                       UsageError);
}

TEST_CASE("push: partial or wrong pre-commit variables are refused")
{
  PushRepo r;
  const auto policy = policy::default_policy();
  hooks::PreCommitEnv only_running;
  only_running.running = true;
  CHECK_THROWS_WITH_AS(hooks::read_pre_push(r.git, policy, "", "", only_running),
                       "pre-push under pre-commit: PRE_COMMIT_REMOTE_NAME, PRE_COMMIT_REMOTE_URL, "
                       "PRE_COMMIT_REMOTE_BRANCH, PRE_COMMIT_LOCAL_BRANCH are not set and git's "
                       "input is empty: git-trail cannot tell what is pushed and refuses the push "
                       "(pre-commit sets these for each push it runs its hooks for)",
                       UsageError);
  auto no_to = full_env(r.first, r.second);
  no_to.to_ref.reset();
  CHECK_THROWS_WITH_AS(hooks::read_pre_push(r.git, policy, "", "", no_to),
                       "pre-push under pre-commit: PRE_COMMIT_TO_REF is not set and git's input is "
                       "empty: git-trail cannot tell what is pushed and refuses the push "
                       "(pre-commit sets these for each push it runs its hooks for)",
                       UsageError);
  auto no_remote = full_env(r.first, r.second);
  no_remote.remote_name.reset();
  CHECK_THROWS_AS(hooks::read_pre_push(r.git, policy, "", "origin", no_remote), UsageError);
  CHECK_THROWS_WITH_AS(hooks::read_pre_push(r.git, policy, "", "", full_env(k_a, r.second)),
                       ("pre-push under pre-commit: PRE_COMMIT_FROM_REF '" + k_a +
                        "' names no object in this repository; git-trail refuses the push")
                           .c_str(),
                       UsageError);
  CHECK_THROWS_WITH_AS(hooks::read_pre_push(r.git, policy, "", "", full_env(r.first, "HEAD")),
                       "pre-push under pre-commit: PRE_COMMIT_TO_REF 'HEAD' names no object in "
                       "this repository; git-trail refuses the push",
                       UsageError);
}

TEST_CASE("push: a tag under pre-commit is refused when the policy has tag rules")
{
  PushRepo r;
  auto env = full_env(r.first, r.second);
  env.remote_branch = "refs/tags/v1.0.0";
  CHECK(hooks::read_pre_push(r.git, policy::default_policy(), "", "", env).updates.size() == 1);
  const auto tags = policy::parse_policy("[tags]\nrelease_pattern = '^v'\n", "trail.toml");
  CHECK_THROWS_WITH_AS(
      hooks::read_pre_push(r.git, tags, "", "", env),
      "pre-push under pre-commit: pre-commit does not say whether refs/tags/v1.0.0 is new on "
      "origin, so the tag rules cannot be applied and git-trail refuses the push; push the "
      "commits first and the tag after them (the server's pre-receive judges it), or use "
      "git-trail's own pre-push hook (git trail hooks install pre-push)",
      UsageError);
}
