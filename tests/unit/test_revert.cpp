// Reverts inherit the links of the commits they revert (inherit_revert_links), and fail closed
// when in doubt, on repositories built by the test with git commands.

#include "core/git/repository.hpp"
#include "core/history/revert.hpp"
#include "core/policy/load.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

const char* const k_policy = R"([kinds.requirement]
pattern = 'SRS-\d+'
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
)";

// The facts of a commit with MESSAGE, after inheriting through REPO; PATHS are what it changes
// (nullopt: they cannot be read).
rules::CommitFacts inherit(const TempRepo& repo,
                           const std::string& message,
                           std::optional<std::vector<std::string>> paths)
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  rules::CommitFacts facts;
  facts.message = message;
  history::inherit_revert_links(
      git_repo, policy, message::TrailerOptions{}, [&] { return paths; }, facts);
  return facts;
}

std::string links_of(const rules::CommitFacts& facts)
{
  std::string text;
  for (const auto& link : facts.inherited_links) {
    text += link.trailer + " " + link.relation + " " + link.kind + " " + link.id + "\n";
  }
  return text;
}

std::string revert_message(const std::string& id)
{
  return "Revert \"x\"\n\nThis reverts commit " + id + ".\n";
}

} // namespace

TEST_CASE("a message that reverts nothing is left alone")
{
  TempRepo repo;
  const auto facts = inherit(repo, "Add a\n\nImplements: SRS-1\n", std::vector<std::string>{"a"});
  CHECK(links_of(facts) == "");
  CHECK(facts.revert_note == "");
}

TEST_CASE("a revert changing only the reverted paths inherits the reverted commit's links")
{
  TempRepo repo;
  repo.write("a.c", "1\n");
  repo.commit_all("Start");
  repo.write("a.c", "2\n");
  const auto linked = repo.commit_all("Change a\n\nImplements: SRS-1, SRS-2\n");
  const auto facts = inherit(repo, revert_message(linked), std::vector<std::string>{"a.c"});
  CHECK(links_of(facts) == "Implements implements requirement SRS-1\n"
                           "Implements implements requirement SRS-2\n");
  CHECK(facts.revert_note == "");
  // An abbreviated id is resolved too.
  CHECK(links_of(
            inherit(repo, revert_message(linked.substr(0, 10)), std::vector<std::string>{"a.c"})) ==
        "Implements implements requirement SRS-1\nImplements implements requirement SRS-2\n");
}

TEST_CASE("a revert that also changes another path inherits nothing, and says why")
{
  TempRepo repo;
  repo.write("a.c", "1\n");
  const auto linked = repo.commit_all("Add a\n\nImplements: SRS-1\n");
  const auto facts =
      inherit(repo, revert_message(linked), std::vector<std::string>{"a.c", "src/b.c"});
  CHECK(links_of(facts) == "");
  CHECK(facts.revert_note == "this reverts " + linked.substr(0, 12) +
                                 " but also changes src/b.c, which that commit does not: no "
                                 "links are inherited");
}

TEST_CASE("a revert whose own paths cannot be read inherits nothing")
{
  TempRepo repo;
  repo.write("a.c", "1\n");
  const auto linked = repo.commit_all("Add a\n\nImplements: SRS-1\n");
  const auto facts = inherit(repo, revert_message(linked), std::nullopt);
  CHECK(links_of(facts) == "");
  CHECK(facts.revert_note == "this reverts " + linked.substr(0, 12) +
                                 ", but the paths it changes cannot be read: no links are "
                                 "inherited");
}

TEST_CASE("a revert of a commit that is not in the repository inherits nothing")
{
  TempRepo repo;
  repo.write("a.c", "1\n");
  repo.commit_all("Start");
  const std::string missing = "0123456789abcdef0123456789abcdef01234567";
  const auto facts = inherit(repo, revert_message(missing), std::vector<std::string>{"a.c"});
  CHECK(links_of(facts) == "");
  CHECK(facts.revert_note == "this reverts " + missing +
                                 ", which is not in this repository: fetch it to inherit its "
                                 "links");
}

TEST_CASE("a revert of a commit without links says it has none either")
{
  TempRepo repo;
  repo.write("a.c", "1\n");
  const auto plain = repo.commit_all("Add a");
  const auto facts = inherit(repo, revert_message(plain), std::vector<std::string>{"a.c"});
  CHECK(links_of(facts) == "");
  CHECK(facts.revert_note == "this reverts " + plain.substr(0, 12) + ", which has no links either");
}

TEST_CASE("a revert of a revert inherits the links of the original")
{
  TempRepo repo;
  repo.write("a.c", "1\n");
  repo.commit_all("Start");
  repo.write("a.c", "2\n");
  const auto original = repo.commit_all("Change a\n\nImplements: SRS-7\n");
  repo.write("a.c", "1\n");
  const auto first_revert = repo.commit_all(revert_message(original));
  const auto facts = inherit(repo, revert_message(first_revert), std::vector<std::string>{"a.c"});
  CHECK(links_of(facts) == "Implements implements requirement SRS-7\n");
  CHECK(facts.revert_note == "");
}

TEST_CASE("a revert of two commits needs both, and names both")
{
  TempRepo repo;
  repo.write("a.c", "1\n");
  const auto one = repo.commit_all("Add a");
  repo.write("b.c", "1\n");
  const auto two = repo.commit_all("Add b");
  const std::string message =
      "Revert two\n\nThis reverts commit " + one + ".\nThis reverts commit " + two + ".\n";
  const auto facts = inherit(repo, message, std::vector<std::string>{"a.c", "b.c"});
  CHECK(facts.revert_note == "this reverts " + one.substr(0, 12) + ", " + two.substr(0, 12) +
                                 ", which have no links either");
}
