// verifies: GT-19
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
    // Results bound to the tree, with no test: every class needs results (5.8.1).
    m.evidence.push_back({"r.xml", "00", m.tree, true, 0, 0, 0, 0});
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
    text += f.check + ": " + f.message +
            (f.clauses.empty() ? "" : " (IEC 62304 " + util::join(f.clauses, ", ") + ")") + "\n";
  }
  return text;
}

// A requirement (or risk control, with ROLE) in this release with its test counts and gaps.
release::RequirementStatus item(const std::string& id,
                                const std::string& title,
                                const std::string& safety_class,
                                size_t passed,
                                size_t failed,
                                size_t skipped,
                                std::vector<std::string> gaps = {},
                                const std::string& role = "requirement")
{
  release::RequirementStatus r;
  r.id = id;
  r.title = title;
  r.status = "approved";
  r.safety_class = safety_class;
  r.role = role;
  r.passed = passed;
  r.failed = failed;
  r.skipped = skipped;
  r.gaps = std::move(gaps);
  return r;
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
  auto m = fixture.manifest();
  m.evidence.clear();
  const auto report = fixture.gate("", m);
  CHECK_FALSE(report.passed());
  CHECK_FALSE(report.class_declared);
  CHECK(report.safety_class == "C");
  CHECK(failures(report) ==
        "verification: no verification results given; a class C release needs a passing test "
        "of every requirement and risk control in it (IEC 62304 5.8.1)\n");
  CHECK(report.failures[0].hint == "run the tests, bind their JUnit XML to this tree (git trail "
                                   "bind-results FILE) and pass it with --results FILE");
  CHECK(report.failures[0].id == "verification.results");
  // Class A too (5.8.1 applies to every class), unless the policy says otherwise.
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "verification: no verification results given; a class A release needs a passing test "
        "of every requirement in it (IEC 62304 5.8.1)\n");
  CHECK(failures(fixture.gate(std::string(k_class_a) + "[release]\nresults_required_for = [\"B\", "
                                                       "\"C\"]\n",
                              m)) == "");
}

TEST_CASE("a version that is no release name, or a tag that exists, is refused")
{
  GateFixture fixture;
  fixture.repo.git({"tag", "-a", "-m", "one", "v1.0.0"});
  CHECK(failures(fixture.gate(k_class_a, fixture.manifest(), "banana")) ==
        "tag: 'banana' is not a release name: it does not match "
        "'^v?\\d+(\\.\\d+)+([-+.][0-9A-Za-z.+-]*)?$' (IEC 62304 5.8.4)\n");
  CHECK(failures(fixture.gate(k_class_a, fixture.manifest(), "v1.0.0")) ==
        "tag: tag 'v1.0.0' already exists (at " + fixture.head.substr(0, 12) +
            ") (IEC 62304 5.8.4)\n");
}

TEST_CASE("[release] tag_pattern names the release tags")
{
  GateFixture fixture;
  const std::string policy = std::string(k_class_a) + "[release]\ntag_pattern = '^rel-\\d+$'\n";
  CHECK(failures(fixture.gate(policy, fixture.manifest(), "rel-1")) == "");
  CHECK(failures(fixture.gate(policy, fixture.manifest(), "v1.0.0")) ==
        "tag: 'v1.0.0' is not a release name: it does not match '^rel-\\d+$' (IEC 62304 5.8.4)\n");
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
  CHECK(failures(report) ==
        "history: commit " + m.commit.substr(0, 12) +
            " \"WIP: b\": no-wip: work-in-progress commit on branch main (IEC 62304 8.2)\n");
}

TEST_CASE("results not bound to the released tree, and missing tests, are refused")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  m.evidence.push_back({"other.xml", "00", "1111", false, 2, 1, 1, 0});
  m.requirements.push_back(item("SRS-1", "Alarm", "", 0, 1, 0));
  m.requirements.push_back(item("SRS-2", "", "", 0, 0, 2, {"not implemented"}));
  m.requirements.push_back(item("SRS-3", "", "", 1, 0, 0));
  m.requirements.push_back(item("RC-1", "Watchdog", "", 0, 0, 0, {}, "risk-control"));
  const auto report = fixture.gate("[project]\nsafety_class = \"B\"\n", m);
  CHECK(failures(report) ==
        "verification: other.xml was produced for tree 1111, not for the released tree " + m.tree +
            " (IEC 62304 5.8.1)\n" +
            "verification: SRS-1 (Alarm): no passing test in the results (1 failing) (IEC 62304 "
            "5.7, 5.8.1)\n"
            "implementation: SRS-2: no commit implements it (its kind requires an 'implements' "
            "link)\n"
            "verification: SRS-2: no passing test in the results (2 skipped) (IEC 62304 5.7, "
            "5.8.1)\n"
            "verification: RC-1 (Watchdog): no passing test in the results (IEC 62304 7.3.1)\n");
  // Class A: requirements need a passing test too (5.7, 5.8.1); risk controls do not (7.3).
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "verification: other.xml was produced for tree 1111, not for the released tree " + m.tree +
            " (IEC 62304 5.8.1)\n" +
            "verification: SRS-1 (Alarm): no passing test in the results (1 failing) (IEC 62304 "
            "5.7, 5.8.1)\n"
            "implementation: SRS-2: no commit implements it (its kind requires an 'implements' "
            "link)\n"
            "verification: SRS-2: no passing test in the results (2 skipped) (IEC 62304 5.7, "
            "5.8.1)\n");
}

TEST_CASE("a Verifies: trailer is a claim: it never stands for a passing test")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  auto claimed = item("SRS-4", "Bolus", "", 0, 0, 0);
  claimed.claims = {fixture.head};
  m.requirements.push_back(claimed);
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "verification: SRS-4 (Bolus): no passing test in the results; the 'Verifies:' trailer of "
        "commit " +
            fixture.head.substr(0, 12) + " is a claim, not evidence (IEC 62304 5.7, 5.8.1)\n");
}

TEST_CASE("draft items refuse a release; deferred items are listed as not in this release")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  auto draft = item("SRS-5", "Remote", "", 0, 0, 0, {"not implemented"});
  draft.status = "draft";
  draft.draft = true;
  m.requirements.push_back(draft);
  auto later = item("SRS-6", "Later", "", 0, 0, 0, {"not implemented"});
  later.status = "deferred";
  later.in_release = false;
  m.requirements.push_back(later);
  const auto report = fixture.gate(k_class_a, m);
  CHECK(failures(report) == "requirements: SRS-5 (Remote) is draft: it is in this release, but "
                            "its definition is not settled (planned activities are not complete) "
                            "(IEC 62304 5.8.6)\n");
  REQUIRE(report.notes.size() == 1);
  CHECK(report.notes[0].kind == "not in this release");
  CHECK(report.notes[0].message == "SRS-6 (Later), status deferred");
}

TEST_CASE("a failing test passes the gate only when it names an open, evaluated problem report")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  release::ProblemReport pr;
  pr.id = "PR-1";
  pr.title = "Drift";
  pr.status = "open";
  pr.evaluation = "harmless";
  m.residual.push_back(pr);
  m.unpassed.push_back({"a::one", "r.xml", "failed", "", {"PR-1"}});
  m.unpassed.push_back({"a::two", "r.xml", "errored", "crash", {"SRS-1"}});
  m.unpassed.push_back({"a::three", "r.xml", "skipped", "", {}});
  auto report = fixture.gate(k_class_a, m);
  CHECK(failures(report) ==
        "anomalies: test 'a::two' (r.xml) errored (\"crash\") and names no open problem report: "
        "a residual anomaly that is not listed (IEC 62304 5.8.2)\n");
  REQUIRE(report.notes.size() == 2);
  CHECK(report.notes[0].kind == "known anomaly");
  CHECK(report.notes[0].message ==
        "test 'a::one' (r.xml) failed: PR-1 (Drift), evaluated: harmless");
  CHECK(report.notes[1].kind == "skipped");
  CHECK(report.notes[1].message == "test 'a::three' (r.xml)");
  m.residual[0].evaluation.clear();
  m.unpassed.resize(1);
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "anomalies: test 'a::one' (r.xml) failed: PR-1 is open but has no evaluation (IEC 62304 "
        "5.8.3)\n"
        "anomalies: PR-1 (Drift) is open (open) and has no evaluation (IEC 62304 5.8.3)\n");
}

TEST_CASE("an item's own class can add a check in a class A system")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  m.requirements.push_back(item("RC-9", "", "C", 0, 0, 0, {}, "risk-control"));
  m.requirements.push_back(item("RC-8", "", "unknown", 0, 0, 0, {}, "risk-control"));
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "verification: RC-9: no passing test in the results (IEC 62304 7.3.1)\n");
}

TEST_CASE("an open problem report without an evaluation blocks a release (5.8.3, every class)")
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
  CHECK(failures(fixture.gate("[project]\nsafety_class = \"B\"\n", m)) ==
        "anomalies: PR-7 (Drift) is open (open) and has no evaluation (IEC 62304 5.8.3)\n");
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "anomalies: PR-7 (Drift) is open (open) and has no evaluation (IEC 62304 5.8.3)\n");
  // The table's own reading (B and C), chosen in [standard]; an item's class C still counts.
  const std::string table_reading =
      std::string(k_class_a) + "[standard]\n\"5.8.3\" = [\"B\", \"C\"]\n";
  CHECK(failures(fixture.gate(table_reading, m)) == "");
  m.residual[0].safety_class = "C";
  CHECK(failures(fixture.gate(table_reading, m)) ==
        "anomalies: PR-7 (Drift) is open (open) and has no evaluation (IEC 62304 5.8.3)\n");
  // [release] evaluation_required_for still overrides the table.
  m.residual[0].safety_class = "";
  CHECK(failures(fixture.gate(std::string(k_class_a) + "[release]\nevaluation_required_for = []\n",
                              m)) == "");
}

TEST_CASE("incomplete SOUP records and unrecorded submodules are refused, each field by its clause")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  release::SoupItem lib;
  lib.id = "SOUP-1";
  lib.source = "registry";
  lib.title = "zlib";
  lib.safety_class = "B";
  lib.record.manufacturer = "Mark Adler";
  m.soup.push_back(lib);
  release::SoupItem sub;
  sub.id = "submodule:vendor/x";
  sub.source = "submodule";
  sub.files.push_back({"vendor/x", "160000", "abc", ""});
  sub.missing = {"record"};
  m.soup.push_back(sub);
  release::SoupItem complete = lib;
  complete.id = "SOUP-2";
  complete.record.version = "1.3";
  complete.record.requirements = "inflate";
  complete.record.needs = "C99";
  complete.record.anomaly_list = "https://example.com";
  complete.record.anomaly_review = "2026-01-01";
  m.soup.push_back(complete);
  const auto report = fixture.gate(k_class_a, m);
  CHECK(failures(report) == "soup: SOUP-1 (zlib) lacks version (class B) (IEC 62304 8.1.2)\n"
                            "soup: SOUP-1 (zlib) lacks requirements (class B) (IEC 62304 5.3.3)\n"
                            "soup: SOUP-1 (zlib) lacks needs (class B) (IEC 62304 5.3.4)\n"
                            "soup: SOUP-1 (zlib) lacks anomaly_list, anomaly_review (class B) "
                            "(IEC 62304 7.1.3)\n"
                            "soup: submodule vendor/x has no SOUP record (IEC 62304 8.1.2)\n");
  CHECK(report.failures[4].hint == "add a soup item to the registry with paths = [\"vendor/x\"]");
  // A class A item in a class A system: only 8.1.2 applies.
  m.soup[0].safety_class = "A";
  CHECK(failures(fixture.gate(k_class_a, m)) ==
        "soup: SOUP-1 (zlib) lacks version (class A) (IEC 62304 8.1.2)\n"
        "soup: submodule vendor/x has no SOUP record (IEC 62304 8.1.2)\n");
}

TEST_CASE("a resolved problem report needs a passing test or a verification record (9.7)")
{
  GateFixture fixture;
  auto m = fixture.manifest();
  release::ProblemReport fixed;
  fixed.id = "PR-1";
  fixed.title = "Alarm late";
  fixed.status = "closed";
  fixed.safety_class = "A";
  m.resolved.push_back(fixed);
  release::ProblemReport undefined = fixed; // fixed by a commit, defined nowhere: not asked
  undefined.id = "PR-9";
  undefined.status = "not defined";
  m.resolved.push_back(undefined);
  const std::string expected =
      "problems: PR-1 (Alarm late) is resolved (closed) in this release, but nothing shows its "
      "fix was verified: no passing test in the results given names it and it has no "
      "verification record (IEC 62304 9.7)\n";
  CHECK(failures(fixture.gate(k_class_a, m)) == expected);
  m.evidence.clear();
  CHECK(
      failures(fixture.gate(k_class_a, m)).find("verified: no results were given and it has no") !=
      std::string::npos);
  auto verified = m;
  verified.resolved[0].verified_by = {"alarm::PR-1 within 1 s"};
  verified.evidence = fixture.manifest().evidence;
  CHECK(failures(fixture.gate(k_class_a, verified)) == "");
  auto recorded = fixture.manifest();
  recorded.resolved = {fixed};
  recorded.resolved[0].verification = "inspection record QA-17";
  CHECK(failures(fixture.gate(k_class_a, recorded)) == "");
  // [standard] can drop 9.7 for a class, as for every check.
  CHECK(failures(fixture.gate(std::string(k_class_a) + "[standard]\n\"9.7\" = [\"C\"]\n", [&] {
          auto mm = fixture.manifest();
          mm.resolved = {fixed};
          return mm;
        }())) == "");
}
