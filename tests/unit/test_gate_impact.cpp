// The gate's check "changed risk controls re-verified on this tree" (check_changed_risk_controls).

#include "core/release/gate_impact.hpp"
#include "core/util/strings.hpp"
#include "impact_fixture.hpp"

#include <doctest/doctest.h>

using namespace trail;
using namespace trail::unit;

namespace {

// The manifest of HEAD since v1, with REPORTS as its evidence.
release::Manifest manifest_of(const ImpactFixture& f,
                              const git::Repository& repo,
                              const std::vector<std::string>& reports)
{
  release::Manifest m;
  m.commit = f.repo.line({"rev-parse", "HEAD"});
  m.tree = f.tree();
  m.previous_tag = "v1";
  m.previous_commit = f.repo.line({"rev-parse", "v1"});
  for (const auto& path : reports) {
    m.evidence.push_back(change::read_evidence(repo, path, m.tree));
  }
  return m;
}

std::string failures(const ImpactFixture& f, const std::vector<std::string>& reports)
{
  const auto repo = f.open();
  std::string text;
  for (const auto& failure : release::check_changed_risk_controls(
           repo, f.policy, workspace::MessageSettings{}, manifest_of(f, repo, reports))) {
    text += failure.check + ": " + failure.message + " (IEC 62304 " +
            trail::util::join(failure.clauses, ", ") + ")\n";
  }
  return text;
}

} // namespace

TEST_CASE("a risk control touched since the previous release needs a passing test on this tree")
{
  ImpactFixture f;
  const auto old_tree = f.tree();
  f.repo.write("src/rate.c", "int rate = 2;\n");
  f.repo.commit_all("Make the alarm faster");
  CHECK(failures(f, {}) ==
        "risk-controls: RC-1 (Rate alarm) is touched by changes since v1 (src/rate.c) and not "
        "re-verified on this tree: no results were given (IEC 62304 7.4.2, 7.4.3)\n");
  CHECK(failures(f, {f.report("old.xml", "tests/rate_test.c", "passed", old_tree)}) ==
        "risk-controls: RC-1 (Rate alarm) is touched by changes since v1 (src/rate.c) and not "
        "re-verified on this tree: no test of it passed in results bound to this tree (IEC 62304 "
        "7.4.2, 7.4.3)\n");
  CHECK(failures(f, {f.report("fail.xml", "tests/rate_test.c", "failed", f.tree())}) ==
        "risk-controls: RC-1 (Rate alarm) is touched by changes since v1 (src/rate.c) and not "
        "re-verified on this tree: a test of it fails (IEC 62304 7.4.2, 7.4.3)\n");
  CHECK(failures(f, {f.report("new.xml", "tests/rate_test.c", "passed", f.tree())}) == "");
}

TEST_CASE("a risk control with no test is not re-verified; one not touched needs nothing")
{
  ImpactFixture f;
  f.repo.write("tests/rate_test.c", "// nothing\n");
  f.repo.write("src/rate.c", "int rate = 2;\n");
  f.repo.commit_all("Drop the test");
  CHECK(failures(f, {}) ==
        "risk-controls: RC-1 (Rate alarm) is touched by changes since v1 (src/rate.c, "
        "tests/rate_test.c) "
        "and not re-verified on this tree: no test links to it (IEC 62304 7.4.2, 7.4.3)\n");
  ImpactFixture g;
  g.repo.write("src/limit.c", "int limit = 2;\n");
  g.repo.commit_all("Change the limit");
  CHECK(failures(g, {}) == "");
}
