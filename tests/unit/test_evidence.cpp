// verifies: GT-22
// The evidence unit (change/evidence.hpp): a JUnit report given as verification evidence, read
// once: the digest of its bytes, the tree it names (git-trail.tree, else the tree of
// git-trail.commit), whether that is the released tree, and its counts.

#include "core/change/evidence.hpp"
#include "core/git/repository.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace trail;
using namespace trail::unit;

namespace {

std::string report(const std::string& properties)
{
  return "<testsuites><testsuite name=\"s\">" + properties +
         "<testcase name=\"a\"/>"
         "<testcase name=\"b\"><failure message=\"no\"/></testcase>"
         "<testcase name=\"c\"><skipped/></testcase>"
         "<testcase name=\"d\"/>"
         "</testsuite></testsuites>\n";
}

std::string property(const std::string& name, const std::string& value)
{
  return "<properties><property name=\"" + name + "\" value=\"" + value + "\"/></properties>";
}

struct Fixture
{
  TempRepo repo;
  std::string commit, tree;
  Fixture()
  {
    repo.write("a", "a\n");
    commit = repo.commit_all("First");
    tree = repo.line({"rev-parse", "HEAD^{tree}"});
  }
  change::Evidence read(const std::string& text) const
  {
    const auto path = (repo.dir.path / "results.xml").string();
    util::write_file_atomic(path, text);
    const auto git_repo = git::Repository::open_at(repo.path.string());
    return change::read_evidence(git_repo, path, tree);
  }
};

} // namespace

TEST_CASE("read_evidence: a report bound to the released tree, with its digest and counts")
{
  Fixture fixture;
  const std::string text = report(property("git-trail.tree", fixture.tree));
  const auto e = fixture.read(text);
  CHECK(e.file == (fixture.repo.dir.path / "results.xml").string());
  CHECK(e.sha256 == util::sha256_hex(text));
  CHECK(e.tree == fixture.tree);
  CHECK(e.bound);
  CHECK(e.tests == 4);
  CHECK(e.passed == 2);
  CHECK(e.failed == 1);
  CHECK(e.skipped == 1);
}

TEST_CASE("read_evidence: the tree of git-trail.commit, another tree, no tree")
{
  Fixture fixture;
  const auto by_commit = fixture.read(report(property("git-trail.commit", fixture.commit)));
  CHECK(by_commit.tree == fixture.tree);
  CHECK(by_commit.bound);

  const std::string other(40, '1');
  const auto elsewhere = fixture.read(report(property("git-trail.tree", other)));
  CHECK(elsewhere.tree == other);
  CHECK_FALSE(elsewhere.bound);

  const std::string missing(40, '2');
  const auto foreign = fixture.read(report(property("git-trail.commit", missing)));
  CHECK(foreign.tree == "not in this repository (commit " + missing + ")");
  CHECK_FALSE(foreign.bound);

  const auto unbound = fixture.read(report(""));
  CHECK(unbound.tree == "unknown");
  CHECK_FALSE(unbound.bound);
}

TEST_CASE("read_evidence: a file that is not a JUnit report, or cannot be read, is a usage error")
{
  Fixture fixture;
  CHECK_THROWS_AS(fixture.read("<html/>\n"), UsageError);
  CHECK_THROWS_AS(fixture.read("<testsuites>\n"), UsageError);
  const auto git_repo = git::Repository::open_at(fixture.repo.path.string());
  CHECK_THROWS_AS(
      change::read_evidence(git_repo, (fixture.repo.dir.path / "none.xml").string(), fixture.tree),
      UsageError);
}
