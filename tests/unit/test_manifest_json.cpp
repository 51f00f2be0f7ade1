// verifies: GT-17
#include "core/release/manifest.hpp"
#include "core/release/manifest_json.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace trail;
using release::Manifest;

namespace {

// A first release: one configuration item, a registry SOUP item and a submodule, two changes,
// one problem report resolved, no results given.
Manifest first_release()
{
  Manifest m;
  m.product = "pump";
  m.version = "v1.0.0";
  m.safety_class = "B";
  m.commit = "c1";
  m.tree = "t1";
  m.date = "2026-01-01T13:00:00+01:00";
  m.tool_version = "0.9.0";
  m.policy_source = "trail.toml";
  m.policy_digest = "p1";

  release::ConfigurationItem core;
  core.name = "core";
  core.safety_class = "B";
  core.paths = {"src/**"};
  core.files = {{"src/a.c", "100644", "o1", "s1"}, {"vendor/lib", "160000", "o2", ""}};
  core.digest = "d1";
  m.items.push_back(core);

  release::SoupItem zlib;
  zlib.id = "SOUP-1";
  zlib.source = "registry";
  zlib.safety_class = "B";
  zlib.record.manufacturer = "Zlib team";
  zlib.record.version = "1.3.1";
  zlib.record.paths = {"third_party/zlib/**"};
  zlib.missing = {"release_date"};
  m.soup.push_back(zlib);

  release::SoupItem lib;
  lib.id = "submodule:vendor/lib";
  lib.source = "submodule";
  lib.title = "vendor/lib";
  lib.safety_class = "unknown";
  lib.record.version = "o2";
  lib.files = {{"vendor/lib", "160000", "o2", ""}};
  lib.digest = "d2";
  m.soup.push_back(lib);

  release::Change alarm;
  alarm.commit = "c1";
  alarm.subject = "Add alarm";
  alarm.author = "T <t@x>";
  alarm.date = "2026-01-01T12:00:00+01:00";
  alarm.links = {{"implements", "requirement", "SRS-1"}};
  alarm.safety_impact = "low";
  m.changes.push_back(alarm);

  release::Change init;
  init.commit = "c0";
  init.subject = "Init";
  init.author = "T <t@x>";
  init.date = "2025-12-31T12:00:00+01:00";
  m.changes.push_back(init);

  release::ProblemReport pr;
  pr.id = "PR-1";
  pr.status = "resolved";
  pr.safety_class = "B";
  pr.fixed_by = {"c1"};
  m.resolved.push_back(pr);

  m.build = "cmake --build build";
  return m;
}

constexpr const char* k_first_release_text = R"({
  "manifest": "git-trail/release-manifest/1",
  "product": {
    "name": "pump",
    "version": "v1.0.0",
    "safety_class": "B"
  },
  "revision": {
    "commit": "c1",
    "tree": "t1",
    "date": "2026-01-01T13:00:00+01:00"
  },
  "tool": {
    "name": "git-trail",
    "version": "0.9.0"
  },
  "policy": {
    "source": "trail.toml",
    "sha256": "p1"
  },
  "previous_release": null,
  "configuration_items": [
    {
      "name": "core",
      "class": "B",
      "paths": [
        "src/**"
      ],
      "sha256": "d1",
      "files": [
        {
          "path": "src/a.c",
          "mode": "100644",
          "object": "o1",
          "sha256": "s1"
        },
        {
          "path": "vendor/lib",
          "mode": "160000",
          "object": "o2"
        }
      ]
    }
  ],
  "soup": [
    {
      "id": "SOUP-1",
      "source": "registry",
      "title": "unknown",
      "class": "B",
      "status": "unknown",
      "manufacturer": "Zlib team",
      "version": "1.3.1",
      "release_date": "unknown",
      "license": "unknown",
      "purl": "unknown",
      "cpe": "unknown",
      "requirements": "unknown",
      "needs": "unknown",
      "anomaly_list": "unknown",
      "anomaly_review": "unknown",
      "support": "unknown",
      "end_of_support": "unknown",
      "verification": "unknown",
      "paths": [
        "third_party/zlib/**"
      ],
      "files": [],
      "sha256": null,
      "missing": [
        "release_date"
      ]
    },
    {
      "id": "submodule:vendor/lib",
      "source": "submodule",
      "title": "vendor/lib",
      "class": "unknown",
      "commit": "o2",
      "url": "unknown",
      "described_by": null,
      "files": [
        {
          "path": "vendor/lib",
          "mode": "160000",
          "object": "o2"
        }
      ],
      "sha256": "d2",
      "missing": []
    }
  ],
  "changes": [
    {
      "commit": "c1",
      "subject": "Add alarm",
      "author": "T <t@x>",
      "date": "2026-01-01T12:00:00+01:00",
      "links": [
        {
          "relation": "implements",
          "kind": "requirement",
          "id": "SRS-1"
        }
      ],
      "safety_impact": "low"
    },
    {
      "commit": "c0",
      "subject": "Init",
      "author": "T <t@x>",
      "date": "2025-12-31T12:00:00+01:00",
      "links": []
    }
  ],
  "problems_resolved": [
    {
      "id": "PR-1",
      "title": "unknown",
      "status": "resolved",
      "severity": "unknown",
      "class": "B",
      "evaluation": "unknown",
      "fixed_by": [
        "c1"
      ]
    }
  ],
  "residual_anomalies": [],
  "verification": {
    "reports": [],
    "requirements": "unknown"
  },
  "build": {
    "procedure": "cmake --build build",
    "environment": "unknown"
  }
}
)";

// Returns the JSON of KEY in MANIFEST's JSON, compact.
std::string field(const Manifest& manifest, const char* key)
{
  return release::manifest_to_json(manifest)[key].dump();
}

} // namespace

TEST_SUITE_BEGIN("manifest-json");

TEST_CASE("manifest json: the canonical text of a first release, exactly")
{
  const std::string text = release::manifest_text(first_release());
  CHECK(text == k_first_release_text);
}

TEST_CASE("manifest json: the text ends with exactly one newline")
{
  const std::string text = release::manifest_text(first_release());
  REQUIRE(text.size() >= 2);
  CHECK(text.back() == '\n');
  CHECK(text[text.size() - 2] == '}');
  CHECK(release::manifest_text(Manifest{}).back() == '\n');
  CHECK(release::manifest_text(Manifest{}).ends_with("}\n"));
}

TEST_CASE("manifest json: the text is the same for the same manifest")
{
  CHECK(release::manifest_text(first_release()) == release::manifest_text(first_release()));
}

TEST_CASE("manifest json: previous_release is null for a first release, else an object")
{
  Manifest m = first_release();
  CHECK(field(m, "previous_release") == "null");

  m.previous_tag = "v0.9.0";
  m.previous_commit = "c00";
  CHECK(field(m, "previous_release") == R"({"tag":"v0.9.0","commit":"c00"})");

  // A previous commit given without a tag: the tag is unknown, not invented.
  m.previous_tag.reset();
  CHECK(field(m, "previous_release") == R"({"tag":"unknown","commit":"c00"})");

  // A tag alone, with no commit, does not make a previous release.
  m.previous_tag = "v0.9.0";
  m.previous_commit.reset();
  CHECK(field(m, "previous_release") == "null");
}

TEST_CASE("manifest json: verification with results given")
{
  Manifest m = first_release();
  CHECK(field(m, "verification") == R"({"reports":[],"requirements":"unknown"})");

  release::Evidence junit;
  junit.file = "build/junit.xml";
  junit.sha256 = "e1";
  junit.tree = "t1";
  junit.bound = true;
  junit.tests = 3;
  junit.passed = 2;
  junit.failed = 0;
  junit.skipped = 1;
  m.evidence.push_back(junit);
  // Reports alone do not assess the requirements.
  CHECK(
      field(m, "verification") ==
      R"({"reports":[{"file":"build/junit.xml","sha256":"e1","tree":"t1","bound_to_release":true,)"
      R"("tests":3,"passed":2,"failed":0,"skipped":1}],"requirements":"unknown"})");

  m.verification_assessed = true;
  CHECK(
      field(m, "verification") ==
      R"({"reports":[{"file":"build/junit.xml","sha256":"e1","tree":"t1","bound_to_release":true,)"
      R"("tests":3,"passed":2,"failed":0,"skipped":1}],"requirements":[]})");

  release::RequirementStatus srs;
  srs.id = "SRS-1";
  srs.safety_class = "B";
  srs.passed = 2;
  srs.skipped = 1;
  srs.gaps = {"not verified"};
  m.requirements.push_back(srs);
  CHECK(release::manifest_to_json(m)["verification"]["requirements"].dump() ==
        R"([{"id":"SRS-1","title":"unknown","status":"unknown","class":"B","role":"requirement",)"
        R"("in_release":true,"passed":2,)"
        R"("failed":0,"skipped":1,"gaps":["not verified"]}])");
}

TEST_CASE("manifest json: residual anomalies and the build environment")
{
  Manifest m = first_release();
  release::ProblemReport open;
  open.id = "PR-2";
  open.title = "Alarm late";
  open.status = "open";
  open.severity = "minor";
  open.safety_class = "A";
  open.evaluation = "No hazard: the alarm is redundant";
  m.residual.push_back(open);
  CHECK(field(m, "residual_anomalies") ==
        R"([{"id":"PR-2","title":"Alarm late","status":"open","severity":"minor","class":"A",)"
        R"("evaluation":"No hazard: the alarm is redundant","fixed_by":[]}])");

  m.environment = {"gcc 13.2", "cmake 3.28"};
  CHECK(field(m, "build") ==
        R"({"procedure":"cmake --build build","environment":["gcc 13.2","cmake 3.28"]})");
}

TEST_CASE("manifest json: a described submodule and a registry item with every field")
{
  Manifest m;
  release::SoupItem lib;
  lib.id = "submodule:vendor/lib";
  lib.source = "submodule";
  lib.title = "vendor/lib";
  lib.safety_class = "C";
  lib.record.version = "o2";
  lib.url = "https://example.org/lib.git";
  lib.described_by = "SOUP-2";
  m.soup.push_back(lib);
  CHECK(field(m, "soup") ==
        R"([{"id":"submodule:vendor/lib","source":"submodule","title":"vendor/lib","class":"C",)"
        R"("commit":"o2","url":"https://example.org/lib.git","described_by":"SOUP-2",)"
        R"("files":[],"sha256":null,"missing":[]}])");

  release::SoupItem full;
  full.id = "SOUP-2";
  full.source = "registry";
  full.title = "lib";
  full.safety_class = "C";
  full.status = "approved";
  full.record = {"ACME",
                 "2.0",
                 "2025-06-01",
                 "MIT",
                 "pkg:github/acme/lib@2.0",
                 "cpe:2.3:a:acme:lib:2.0",
                 "parses input",
                 "POSIX",
                 "https://example.org/issues",
                 "2026-01-02",
                 "maintained",
                 "2030-12-31",
                 "unit tests",
                 {"vendor/lib/**"},
                 {},
                 {},
                 {}};
  m.soup = {full};
  CHECK(field(m, "soup") ==
        R"([{"id":"SOUP-2","source":"registry","title":"lib","class":"C","status":"approved",)"
        R"("manufacturer":"ACME","version":"2.0","release_date":"2025-06-01","license":"MIT",)"
        R"("purl":"pkg:github/acme/lib@2.0","cpe":"cpe:2.3:a:acme:lib:2.0",)"
        R"("requirements":"parses input","needs":"POSIX",)"
        R"("anomaly_list":"https://example.org/issues","anomaly_review":"2026-01-02",)"
        R"("support":"maintained","end_of_support":"2030-12-31","verification":"unit tests",)"
        R"("paths":["vendor/lib/**"],"files":[],"sha256":null,"missing":[]}])");
}

TEST_CASE("manifest json: bytes that are not UTF-8 are replaced, not thrown")
{
  Manifest m = first_release();
  m.product = "pump\xff";
  const std::string text = release::manifest_text(m);
  const std::string expected = "  \"product\": {\n    \"name\": \"pump\xEF\xBF\xBD\",\n";
  const size_t at = text.find("  \"product\"");
  REQUIRE(at != std::string::npos);
  CHECK(text.substr(at, expected.size()) == expected);
}

TEST_SUITE_END();

namespace {

// A manifest with every field the format has filled: previous release, results, requirements,
// residual anomalies, a described submodule, a name that is not UTF-8, a shallow boundary.
Manifest full_release()
{
  Manifest m = first_release();
  m.previous_tag = "v0.9.0";
  m.previous_commit = "c0";
  m.items.front().files.push_back({"src/caf\xe9.c", "100644", "o3", "s3"});
  m.items.front().declared_class = "A";
  m.items.front().class_rationale = "display only";
  m.items.front().segregation = "separate process";
  m.items.front().stricter_files = {{"src/a.c", "C", {"dosing"}}};
  m.soup[1].url = "https://example.org/lib.git";
  m.soup[1].described_by = "SOUP-1";
  m.soup[0].title = "zlib";
  m.soup[0].status = "approved";
  m.soup[0].record.license = "Zlib";
  m.shallow_boundary = {"c0"};
  release::Evidence junit{"build/junit.xml", "e1", "t1", true, 3, 2, 0, 1};
  m.evidence.push_back(junit);
  m.verification_assessed = true;
  release::RequirementStatus srs;
  srs.id = "SRS-1";
  srs.title = "Dose limit";
  srs.status = "approved";
  srs.safety_class = "B";
  srs.passed = 2;
  srs.skipped = 1;
  srs.gaps = {"suspect"};
  m.requirements.push_back(srs);
  release::RequirementStatus rc;
  rc.id = "RC-1";
  rc.safety_class = "C";
  rc.role = "risk-control";
  rc.in_release = false;
  m.requirements.push_back(rc);
  release::ProblemReport open;
  open.id = "PR-2";
  open.title = "Alarm late";
  open.status = "open";
  open.severity = "minor";
  open.safety_class = "A";
  open.evaluation = "No hazard";
  m.residual.push_back(open);
  m.environment = {"gcc 13.2"};
  return m;
}

// The text of MANIFEST read back with manifest_from_json and written again.
std::string round_trip(const Manifest& manifest)
{
  const std::string text = release::manifest_text(manifest);
  return release::manifest_text(release::manifest_from_json(release::parse_manifest_json(text)));
}

} // namespace

TEST_CASE("manifest_from_json: what manifest_text writes reads back to the same text")
{
  const Manifest first = first_release();
  CHECK(round_trip(first) == release::manifest_text(first));
  const Manifest full = full_release();
  CHECK(round_trip(full) == release::manifest_text(full));
  Manifest empty;
  CHECK(round_trip(empty) == release::manifest_text(empty));
}

TEST_CASE("manifest_from_json: fields written as unknown read back empty, exact names exactly")
{
  const Manifest full = full_release();
  const Manifest back =
      release::manifest_from_json(release::parse_manifest_json(release::manifest_text(full)));
  CHECK(back.soup[0].record.manufacturer == "Zlib team");
  CHECK(back.soup[0].record.purl.empty()); // written "unknown"
  CHECK(back.resolved.front().title.empty());
  CHECK(back.items.front().files.back().path == "src/caf\xe9.c");
  CHECK(back.previous_tag == std::optional<std::string>("v0.9.0"));
  CHECK(back.previous_commit == std::optional<std::string>("c0"));
  CHECK(back.verification_assessed);
  CHECK(back.requirements.front().passed == 2);
  CHECK(back.requirements.back().role == "risk-control");
  CHECK_FALSE(back.requirements.back().in_release);
  CHECK(back.evidence.front().bound);
  CHECK(back.shallow_boundary == std::vector<std::string>{"c0"});
  const Manifest first =
      release::manifest_from_json(release::parse_manifest_json(release::manifest_text(Manifest{})));
  CHECK_FALSE(first.previous_commit);
  CHECK_FALSE(first.verification_assessed);
  CHECK(first.environment.empty());
}
