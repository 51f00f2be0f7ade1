// verifies: GT-11
// The traceability matrix (build_trace) on repositories built by the test with git commands:
// registry items, links from commits and files, gaps, unlinked commits; and natural_less.

#include "core/git/repository.hpp"
#include "core/render/trace_report.hpp"
#include "core/trace/trace.hpp"
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

const char* const k_policy = R"([kinds.requirement]
pattern = 'SRS-\d+'
require_links = ["implements", "verifies"]
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
[registry]
files = ["docs/req.toml"]
[[registry.file_links]]
files = ["tests/**"]
pattern = 'verifies:\s*(SRS-\d+)'
relation = "verifies"
)";

// A repository with SRS-1 implemented and verified by a test file, SRS-2 defined only, a
// commit linking the undefined SRS-99 and a commit linking nothing.
struct TraceFixture
{
  TempRepo repo;
  std::string registry, implement, undefined, unlinked;

  TraceFixture()
  {
    repo.write("trail.toml", k_policy);
    repo.write("docs/req.toml",
               "[[items]]\nid = \"SRS-1\"\ntitle = \"Alarm\"\nstatus = "
               "\"approved\"\n[[items]]\nid = \"SRS-2\"\ntitle = \"Log\"\nstatus = "
               "\"approved\"\n");
    registry = repo.commit_all("Add the registry");
    repo.write("src/alarm.c", "1\n");
    repo.write("tests/alarm_test.c", "// verifies: SRS-1\n");
    implement = repo.commit_all("Implement the alarm\n\nImplements: SRS-1\n");
    repo.write("src/other.c", "1\n");
    undefined = repo.commit_all("Other\n\nImplements: SRS-99\n");
    repo.write("src/notes.c", "1\n");
    unlinked = repo.commit_all("Notes");
  }
  trace::TraceReport trace() const
  {
    const auto git_repo = git::Repository::open_at(repo.path.string());
    const auto policy = workspace::load_policy(git_repo, std::nullopt);
    return trace::build_trace(git_repo, policy, workspace::read_message_settings(git_repo), {});
  }
};

// One line per entry: id, kind, defined, its commits (relation@short id), files, gaps.
std::string entries(const trace::TraceReport& report)
{
  std::string text;
  for (const auto& e : report.entries) {
    text += e.id + " kind=" + e.kind + (e.defined ? " defined" : " undefined");
    for (const auto& c : e.commits) {
      text += " " + c.relation + "@" + c.commit.substr(0, 7) + (c.suspect ? "(suspect)" : "");
    }
    for (const auto& f : e.files) {
      text += " " + f.relation + "@" + f.path + ":" + std::to_string(f.line);
    }
    text += " gaps=[" + util::join(e.gaps, "; ") + "]\n";
  }
  return text;
}

} // namespace

TEST_CASE("build_trace: items, links from commits and files, gaps and unlinked commits")
{
  TraceFixture fixture;
  const auto report = fixture.trace();
  CHECK(report.revision == fixture.unlinked);
  CHECK(report.policy_source == "trail.toml");
  CHECK(report.commits_scanned == 4);
  CHECK(report.incomplete() == "");
  CHECK(entries(report) ==
        "SRS-1 kind=requirement defined implements@" + fixture.implement.substr(0, 7) +
            " verifies@tests/alarm_test.c:1 gaps=[]\n"
            "SRS-2 kind=requirement defined gaps=[not implemented; not verified]\n"
            "SRS-99 kind=requirement undefined implements@" +
            fixture.undefined.substr(0, 7) + " gaps=[not defined]\n");
  REQUIRE(report.unlinked.size() == 2);
  CHECK(report.unlinked[0].commit == fixture.unlinked);
  CHECK(report.unlinked[0].subject == "Notes");
  CHECK(report.unlinked[1].subject == "Add the registry");
  CHECK(report.gap_count() == 5); // 3 gaps of items, 2 unlinked commits
}

TEST_CASE("build_trace: the registry of an earlier revision, and a range")
{
  TraceFixture fixture;
  const auto git_repo = git::Repository::open_at(fixture.repo.path.string());
  const auto policy = workspace::load_policy(git_repo, std::nullopt);
  trace::TraceOptions options;
  options.at = fixture.implement;
  options.range = {fixture.registry + ".." + fixture.implement};
  const auto report =
      trace::build_trace(git_repo, policy, workspace::read_message_settings(git_repo), options);
  CHECK(report.revision == fixture.implement);
  CHECK(report.commits_scanned == 1);
  // SRS-99 is linked only after the range: it is not in the matrix.
  CHECK(entries(report) ==
        "SRS-1 kind=requirement defined implements@" + fixture.implement.substr(0, 7) +
            " verifies@tests/alarm_test.c:1 gaps=[]\n"
            "SRS-2 kind=requirement defined gaps=[not implemented; not verified]\n");
  CHECK(report.unlinked.empty());
}

TEST_CASE("build_trace: a definition changed after its link makes the link suspect")
{
  TraceFixture fixture;
  fixture.repo.write("docs/req.toml",
                     "[[items]]\nid = \"SRS-1\"\ntitle = \"Alarm in 20 s\"\nstatus = "
                     "\"approved\"\n[[items]]\nid = \"SRS-2\"\ntitle = \"Log\"\nstatus "
                     "= \"approved\"\n");
  const auto changed = fixture.repo.commit_all("Tighten the alarm");
  const auto report = fixture.trace();
  REQUIRE(!report.entries.empty());
  CHECK(report.entries[0].changed_in == changed);
  CHECK(entries(report) ==
        "SRS-1 kind=requirement defined implements@" + fixture.implement.substr(0, 7) +
            "(suspect) verifies@tests/alarm_test.c:1 gaps=[suspect: implements by " +
            fixture.implement.substr(0, 12) + ", made without the definition change in " +
            changed.substr(0, 12) +
            "; suspect: verifies in tests/alarm_test.c, unchanged since the "
            "definition changed in " +
            changed.substr(0, 12) +
            "]\n"
            "SRS-2 kind=requirement defined gaps=[not implemented; not verified]\n"
            "SRS-99 kind=requirement undefined implements@" +
            fixture.undefined.substr(0, 7) + " gaps=[not defined]\n");
}

TEST_CASE("trace_text of the matrix")
{
  TraceFixture fixture;
  const auto short_id = [](const std::string& id) {
    return id.substr(0, 12);
  };
  CHECK(render::trace_text(fixture.trace()) ==
        "Traceability at " + short_id(fixture.unlinked) +
            " (policy: trail.toml), 4 commits scanned\n"
            "Test evidence: none given (--results): a "
            "Verifies: trailer is a claim and a test file "
            "link is a link, not evidence\n"
            "\n"
            "requirement\n"
            "  SRS-1  [approved] Alarm\n"
            "      implements: " +
            short_id(fixture.implement) +
            "\n"
            "      test linked (file): tests/alarm_test.c:1\n"
            "  SRS-2  [approved] Log\n"
            "      gaps: not implemented, not verified\n"
            "  SRS-99\n"
            "      implements: " +
            short_id(fixture.undefined) +
            "\n"
            "      gaps: not defined\n"
            "\n"
            "5 gaps:\n"
            "  SRS-2: not implemented\n"
            "  SRS-2: not verified\n"
            "  SRS-99: not defined (linked by " +
            short_id(fixture.undefined) +
            ")\n"
            "  " +
            short_id(fixture.unlinked) +
            " links to nothing: Notes\n"
            "  " +
            short_id(fixture.registry) + " links to nothing: Add the registry\n");
}

TEST_CASE("natural_less compares digit runs as numbers")
{
  CHECK(util::natural_less("SRS-2", "SRS-10"));
  CHECK_FALSE(util::natural_less("SRS-10", "SRS-2"));
  CHECK(util::natural_less("PR-9", "SRS-1"));
  CHECK(util::natural_less("a", "ab"));
  CHECK_FALSE(util::natural_less("SRS-1", "SRS-1"));
  CHECK(util::natural_less("v1.2", "v1.10"));
}

TEST_CASE("unevidenced_gap: a claim or a test link without a test outcome, only with results")
{
  trace::TraceEntry entry;
  entry.id = "SRS-1";
  trace::CommitLink claim;
  claim.commit = "abcdef0123456789abcdef0123456789abcdef01";
  claim.relation = "verifies";
  entry.commits.push_back(claim);
  CHECK(trace::unevidenced_gap(entry, false) == "");
  CHECK(trace::unevidenced_gap(entry, true) ==
        "verification claimed by abcdef012345, no test evidence");
  entry.files.push_back({"tests/a.c", 3, "verifies", false});
  CHECK(trace::unevidenced_gap(entry, true) ==
        "verification claimed by abcdef012345 and test linked in tests/a.c:3, no test evidence");
  entry.commits.clear();
  CHECK(trace::unevidenced_gap(entry, true) == "test linked in tests/a.c:3, no test evidence");
  entry.tests.push_back({"a::b", "r.xml", "failed", "name"});
  CHECK(trace::unevidenced_gap(entry, true) == "");
  REQUIRE(trace::verification_claims(entry).empty());
}
