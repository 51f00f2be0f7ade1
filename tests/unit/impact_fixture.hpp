#pragma once

// A class C repository for the change-impact tests (test_impact.cpp, test_gate_impact.cpp):
// a requirement and a risk control, each implemented by a commit and tested by a file that
// links it, tagged v1; JUnit reports written next to it on request.

#include "core/git/repository.hpp"
#include "core/policy/load.hpp"
#include "temp_repo.hpp"

#include <string>

namespace trail::unit {

inline const char* const k_impact_policy = R"([project]
name = "Pump"
safety_class = "C"
[kinds.requirement]
pattern = 'SRS-\d+'
[kinds.risk-control]
pattern = 'RC-\d+'
[trailers]
Implements = { relation = "implements", kinds = ["requirement", "risk-control"] }
Safety-Impact = { values = ["none", "low", "high"] }
Safety-Rationale = { role = "text" }
[registry]
files = ["docs/*.toml"]
[[registry.file_links]]
files = ["tests/**"]
pattern = '(verifies):\s*((?:SRS|RC)-\d+)'
)";

struct ImpactFixture
{
  TempRepo repo;
  std::string implements_rc; // the commit that implements RC-1 in src/rate.c
  policy::Policy policy = policy::parse_policy(k_impact_policy, "trail.toml");

  ImpactFixture()
  {
    repo.write("trail.toml", k_impact_policy);
    repo.write("docs/items.toml",
               "[[items]]\nid = \"SRS-1\"\ntitle = \"Dose limit\"\n"
               "[[items]]\nid = \"RC-1\"\ntitle = \"Rate alarm\"\n");
    repo.write("src/limit.c", "int limit;\n");
    repo.write("tests/limit_test.c", "// verifies: SRS-1\n");
    repo.commit_all("Add the limit\n\nImplements: SRS-1\nSafety-Impact: low");
    repo.write("src/rate.c", "int rate;\n");
    repo.write("tests/rate_test.c", "// verifies: RC-1\n");
    implements_rc = repo.commit_all("Add the rate alarm\n\nImplements: RC-1\nSafety-Impact: high");
    repo.git({"tag", "v1"});
  }
  git::Repository open() const
  {
    return git::Repository::open_at(repo.path.string());
  }
  std::string tree(const std::string& rev = "HEAD") const
  {
    return repo.line({"rev-parse", rev + "^{tree}"});
  }
  // Writes a JUnit report NAME next to the repository with one test from FILE, OUTCOME
  // ("passed", "failed"), bound to TREE; returns its path.
  std::string report(const std::string& name,
                     const std::string& file,
                     const std::string& outcome,
                     const std::string& tree) const
  {
    const auto path = (repo.dir.path / name).string();
    util::write_file_atomic(
        path,
        "<testsuites><testsuite name=\"unit\"><properties><property name=\"git-trail.tree\" "
        "value=\"" +
            tree + "\"/></properties><testcase classname=\"c\" name=\"t\" file=\"" + file + "\">" +
            (outcome == "failed" ? "<failure message=\"no\"/>" : "") +
            "</testcase></testsuite></testsuites>\n");
    return path;
  }
};

} // namespace trail::unit
