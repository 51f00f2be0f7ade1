// The trace matrix's renderings (trace_report): CSV, Markdown and JSON, complete or not, on
// reports built in memory.

#include "core/render/trace_report.hpp"
#include "core/trace/trace.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace trail;

namespace {

const std::string k_commit = "cccccccccccc3333333333333333333333333333";

// SRS-1 "Alarm, fast" implemented by a commit and verified by a test file; SRS-9 undefined.
trace::TraceReport sample()
{
  trace::TraceReport report;
  report.revision = "aaaaaaaaaaaa1111111111111111111111111111";
  report.policy_source = "trail.toml";
  report.commits_scanned = 2;
  trace::TraceEntry srs1;
  srs1.id = "SRS-1";
  srs1.kind = "requirement";
  srs1.defined = true;
  registry::Item item;
  item.id = "SRS-1";
  item.kind = "requirement";
  item.title = "Alarm, \"fast\" | now";
  item.status = "approved";
  item.safety_class = "B";
  srs1.item = item;
  trace::CommitLink link;
  link.commit = k_commit;
  link.relation = "implements";
  link.subject = "Add alarm";
  srs1.commits.push_back(link);
  srs1.files.push_back({"tests/alarm.c", 3, "verifies", false});
  report.entries.push_back(srs1);
  trace::TraceEntry srs9;
  srs9.id = "SRS-9";
  srs9.kind = "requirement";
  srs9.gaps = {"not defined"};
  report.entries.push_back(srs9);
  return report;
}

} // namespace

TEST_CASE("trace_csv: one row per link, quoted where needed, CRLF")
{
  CHECK(render::trace_csv(sample()) ==
        "id,kind,defined,status,class,title,relation,basis,commit,file,gaps,evidence_given,"
        "complete\r\n"
        "SRS-1,requirement,yes,approved,B,\"Alarm, \"\"fast\"\" | now\",implements,claim "
        "(trailer)," +
            k_commit +
            ",,,no,yes\r\n"
            "SRS-1,requirement,yes,approved,B,\"Alarm, \"\"fast\"\" | now\",verifies,link "
            "(file),,tests/alarm.c:3,,no,yes\r\n"
            "SRS-9,requirement,no,,,,,,,,not defined,no,yes\r\n");
}

TEST_CASE("trace_csv: an incomplete report says so first and on every row")
{
  auto report = sample();
  report.shallow_boundary.push_back("bbbbbbbbbbbb2222222222222222222222222222");
  report.entries.pop_back();
  report.entries[0].files.clear();
  CHECK(render::trace_csv(report) ==
        "# INCOMPLETE: " + report.incomplete() +
            "\r\n"
            "id,kind,defined,status,class,title,relation,basis,commit,file,gaps,evidence_given,"
            "complete\r\n"
            "SRS-1,requirement,yes,approved,B,\"Alarm, \"\"fast\"\" | now\",implements,claim "
            "(trailer)," +
            k_commit + ",,,no,no\r\n");
  CHECK(report.incomplete() == "a shallow clone; commits before bbbbbbbbbbbb were not read (fetch "
                               "them: git fetch --unshallow)");
}

TEST_CASE("trace_markdown: the table, cells escaped, and the gaps")
{
  CHECK(
      render::trace_markdown(sample()) ==
      "# Traceability at aaaaaaaaaaaa (policy: trail.toml), 2 commits scanned\n"
      "\n"
      "Test evidence: none given (--results): a Verifies: trailer is a claim and a test file link "
      "is a link, not evidence\n"
      "\n"
      "| ID | Kind | Status | Class | Title | Implemented by | Verification claimed (trailer) | "
      "Test linked (file) | Test evidence | Other links | Gaps |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|\n"
      "| SRS-1 | requirement | approved | B | Alarm, \"fast\" \\| now | cccccccccccc |  | "
      "tests/alarm.c:3 | not given |  |  |\n"
      "| SRS-9 | requirement |  |  |  |  |  |  | not given |  | not defined |\n"
      "\n"
      "## Gaps (1)\n"
      "\n"
      "- SRS-9: not defined\n");
}

TEST_CASE("trace_json: items with their definition, links and gaps")
{
  CHECK(render::trace_json(sample()) == R"({
  "revision": "aaaaaaaaaaaa1111111111111111111111111111",
  "policy": "trail.toml",
  "commits_scanned": 2,
  "complete": true,
  "evidence_given": false,
  "results": [],
  "items": [
    {
      "id": "SRS-1",
      "kind": "requirement",
      "defined": true,
      "title": "Alarm, \"fast\" | now",
      "status": "approved",
      "class": "B",
      "file": "",
      "links": [],
      "commits": [
        {
          "commit": "cccccccccccc3333333333333333333333333333",
          "relation": "implements"
        }
      ],
      "files": [
        {
          "path": "tests/alarm.c",
          "line": 3,
          "relation": "verifies"
        }
      ],
      "claims": [],
      "evidence": [],
      "gaps": []
    },
    {
      "id": "SRS-9",
      "kind": "requirement",
      "defined": false,
      "commits": [],
      "files": [],
      "claims": [],
      "evidence": [],
      "gaps": [
        "not defined"
      ]
    }
  ],
  "unlinked_commits": []
}
)");
}
