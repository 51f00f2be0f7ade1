// The release gate (release_gate): each check that can refuse a release, on repositories built
// by the test with git commands and manifests built in memory.

#include "core/git/repository.hpp"
#include "core/policy/load.hpp"
#include "core/release/gate.hpp"
#include "core/release/manifest.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

// A repository with one clean commit on main, and the manifest of that commit.
struct GateFixture
{
  TempRepo repo;
  std::string head;

  GateFixture()
  {
    repo.write("src/a.c", "int a;\n");
    head = repo.commit_all("Add a");
  }
  release::Manifest manifest() const
  {
    release::Manifest m;
    m.commit = head;
    m.tree = repo.line({"rev-parse", "HEAD^{tree}"});
    return m;
  }
  release::GateReport gate(const std::string& policy_text,
                           const release::Manifest& m,
                           const std::string& version = "v1.0.0") const
  {
    const auto policy = policy::parse_policy(policy_text, "trail.toml");
    const auto git_repo = git::Repository::open_at(repo.path.string());
    return release::release_gate(git_repo, policy, workspace::MessageSettings{}, m, version);
  }
};

// "check: message" of each failure, one a line.
std::string failures(const release::GateReport& report)
{
  std::string text;
  for (const auto& f : report.failures) {
    text += f.check + ": " + f.message + "\n";
  }
  return text;
}

const char* const k_class_a = "[project]\nsafety_class = \"A\"\n";

} // namespace

TEST_CASE("a clean class A release on any branch passes the gate")
{
  GateFixture fixture;
  const auto report = fixture.gate(k_class_a, fixture.manifest());
  CHECK(failures(report) == "");
  CHECK(report.passed());
  CHECK(report.safety_class == "A");
  CHECK(report.class_declared);
  CHECK(report.commits_checked == 1);
}

TEST_CASE("an undeclared class is held to C: no results is a verification failure")
{
  GateFixture fixture;
  const auto report = fixture.gate("", fixture.manifest());
  CHECK_FALSE(report.passed());
  CHECK_FALSE(report.class_declared);
  CHECK(report.safety_class == "C");
  CHECK(failures(report) ==
        "verification: no verification results given; a class C release needs passing "
        "verification of every requirement (IEC 62304 5.8.1)\n");
  CHECK(report.failures[0].hint == "run the tests and pass their JUnit XML with --results FILE");
}

TEST_CASE("a version that is no release name, or a tag that exists, is refused")
{
  GateFixture fixture;
  fixture.repo.git({"tag", "-a", "-m", "one", "v1.0.0"});
  CHECK(failures(fixture.gate(k_class_a, fixture.manifest(), "banana")) ==
        "tag: 'banana' is not a release name: it does not match "
        "'^v?\\d+(\\.\\d+)+([-+.][0-9A-Za-z.+-]*)?$'\n");
  CHECK(failures(fixture.gate(k_class_a, fixture.manifest(), "v1.0.0")) ==
        "tag: tag 'v1.0.0' already exists (at " + fixture.head.substr(0, 12) + ")\n");
}

TEST_CASE("[release] tag_pattern names the release tags")
{
  GateFixture fixture;
  const std::string policy = std::string(k_class_a) + "[release]\ntag_pattern = '^rel-\\d+$'\n";
  CHECK(failures(fixture.gate(policy, fixture.manifest(), "rel-1")) == "");
  CHECK(failures(fixture.gate(policy, fixture.manifest(), "v1.0.0")) ==
        "tag: 'v1.0.0' is not a release name: it does not match '^rel-\\d+$'\n");
}

TEST_CASE("uncommitted changes are listed, at most 20 by name")
{
  GateFixture fixture;
  for (int i = 0; i < 22; ++i) {
    fixture.repo.write("new" + std::to_string(100 + i) + ".txt", "x\n");
  }
  const auto report = fixture.gate(k_class_a, fixture.manifest());
  REQUIRE(report.failures.size() == 1);
  CHECK(report.failures[0].check == "clean");
  const auto& message = report.failures[0].message;
  CHECK(message.substr(0, message.find(':')) == "the working tree has 22 uncommitted change(s); a "
                                                "release must be built from what is committed");
  CHECK(message.substr(message.rfind('\n')) == "\n    ... and 2 more");
  CHECK(std::count(message.begin(), message.end(), '\n') == 21);
}

TEST_CASE("[release] branches: HEAD must be on a matching branch, not detached")
{
  GateFixture fixture;
  const std::string policy =
      std::string(k_class_a) + "[release]\nbranches = [\"main\", \"release/*\"]\n";
  CHECK(failures(fixture.gate(policy, fixture.manifest())) == "");
  fixture.repo.git({"switch", "-q", "-c", "release/1.x"});
  CHECK(failures(fixture.gate(policy, fixture.manifest())) == "");
  fixture.repo.git({"switch", "-q", "-c", "topic"});
  CHECK(failures(fixture.gate(policy, fixture.manifest())) ==
        "branch: HEAD is on 'topic'; releases are made from main, release/*\n");
  fixture.repo.git({"switch", "-q", "--detach"});
  CHECK(failures(fixture.gate(policy, fixture.manifest())) ==
        "branch: HEAD is detached; releases are made from main, release/*\n");
}

TEST_CASE("a commit since the previous release that breaks the policy is refused")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  m.previous_tag = "v0.9";
  m.previous_commit = fixture.head;
  fixture.repo.write("src/b.c", "int b;\n");
  m.commit = fixture.repo.commit_all("WIP: b");
  const std::string policy =
      std::string(k_class_a) + "[[rules]]\nid = \"no-wip\"\nforbid = { wip = true }\n";
  const auto report = fixture.gate(policy, m);
  CHECK(report.commits_checked == 1); // the previous release's history is hidden
  CHECK(failures(report) == "history: commit " + m.commit.substr(0, 12) +
                                " \"WIP: b\": no-wip: work-in-progress commit on branch main\n");
}

TEST_CASE("results not bound to the released tree, and failing or missing tests, are refused")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  m.evidence.push_back({"r.xml", "00", "1111", false, 2, 1, 1, 0});
  m.requirements.push_back({"SRS-1", "Alarm", "approved", "", 0, 1, 0, {}});
  m.requirements.push_back({"SRS-2", "", "approved", "", 0, 0, 2, {"not implemented"}});
  m.requirements.push_back({"SRS-3", "", "approved", "", 1, 0, 0, {}});
  const auto report = fixture.gate("[project]\nsafety_class = \"B\"\n", m);
  CHECK(failures(report) ==
        "verification: r.xml was produced for tree 1111, not for the released tree " + m.tree +
            "\n" +
            "verification: SRS-1 (Alarm): 1 failing test(s)\n"
            "implementation: SRS-2: no commit implements it (IEC 62304 5.8.6: planned activities "
            "complete)\n"
            "verification: SRS-2: no passing test in the results (2 skipped)\n");
  // Class A needs no results: only the failing test still blocks.
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "verification: r.xml was produced for tree 1111, not for the released tree " + m.tree +
            "\n" + "verification: SRS-1 (Alarm): 1 failing test(s)\n");
}

TEST_CASE("an item's own class decides whether it needs results in a class A system")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  m.evidence.push_back({"r.xml", "00", m.tree, true, 0, 0, 0, 0});
  m.requirements.push_back({"SRS-9", "", "approved", "C", 0, 0, 0, {}});
  m.requirements.push_back({"SRS-8", "", "approved", "unknown", 0, 0, 0, {}});
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "verification: SRS-9: no passing test in the results\n");
}

TEST_CASE("an open problem report without an evaluation blocks a class B or C release")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  release::ProblemReport open;
  open.id = "PR-7";
  open.title = "Drift";
  open.status = "open";
  m.residual.push_back(open);
  release::ProblemReport evaluated = open;
  evaluated.id = "PR-8";
  evaluated.evaluation = "harmless";
  m.residual.push_back(evaluated);
  m.evidence.push_back({"r.xml", "00", m.tree, true, 0, 0, 0, 0});
  CHECK(failures(fixture.gate("[project]\nsafety_class = \"B\"\n", m)) ==
        "anomalies: PR-7 (Drift) is open (open) and has no evaluation (IEC 62304 5.8.3)\n");
  CHECK(failures(fixture.gate(k_class_a, m)) == "");
  m.residual[0].safety_class = "C";
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "anomalies: PR-7 (Drift) is open (open) and has no evaluation (IEC 62304 5.8.3)\n");
}

TEST_CASE("incomplete SOUP records and unrecorded submodules are refused")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  release::SoupItem lib;
  lib.id = "SOUP-1";
  lib.source = "registry";
  lib.title = "zlib";
  lib.safety_class = "B";
  lib.missing = {"version", "supplier"};
  m.soup.push_back(lib);
  release::SoupItem sub;
  sub.id = "submodule:vendor/x";
  sub.source = "submodule";
  sub.files.push_back({"vendor/x", "160000", "abc", ""});
  sub.missing = {"record"};
  m.soup.push_back(sub);
  release::SoupItem complete = lib;
  complete.missing.clear();
  m.soup.push_back(complete);
  const auto report = fixture.gate(k_class_a, m);
  CHECK(failures(report) ==
        "soup: SOUP-1 (zlib) lacks version, supplier (class B, IEC 62304 8.1.2, 5.3.3, 7.1.2)\n"
        "soup: submodule vendor/x has no SOUP record\n");
  CHECK(report.failures[1].hint == "add a soup item to the registry with paths = [\"vendor/x\"]");
}
