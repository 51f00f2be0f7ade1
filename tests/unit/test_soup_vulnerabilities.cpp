// Vulnerabilities from committed CycloneDX VEX and OSV files (soup/vulnerabilities.hpp): the
// verifies: GT-37
// statements each file holds, the versions they affect, the evaluations VEX gives OSV entries,
// malformed files at file:line:col, and the version order.

#include "core/config/diagnostic.hpp"
#include "core/release/gate.hpp"
#include "core/soup/version.hpp"
#include "core/soup/vulnerabilities.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trail;

namespace {

soup::VulnerabilityIndex index_of(const std::vector<std::pair<std::string, std::string>>& files)
{
  soup::VulnerabilityIndex index;
  for (const auto& [path, text] : files) {
    soup::read_vulnerability_file(path, text, index);
  }
  return index;
}

std::string errors(std::string_view text, std::string path = "sec/x.json")
{
  soup::VulnerabilityIndex index;
  try {
    soup::read_vulnerability_file(path, text, index);
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  FAIL("the file was read without an error");
  return {};
}

// "ID state" of each vulnerability found, in order.
std::vector<std::string> found(const soup::VulnerabilityIndex& index,
                               const soup::VulnerabilityTarget& target)
{
  std::vector<std::string> out;
  for (const auto& v : soup::vulnerabilities_affecting(index, target)) {
    out.push_back(v.id + " " + (v.state.empty() ? "-" : v.state));
  }
  return out;
}

using Strings = std::vector<std::string>;

const char* const k_vex = R"({
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "version": 1,
  "components": [
    {"bom-ref": "zlib-ref", "type": "library", "name": "zlib",
     "purl": "pkg:github/madler/zlib@1.3.1",
     "components": [{"bom-ref": "inner", "name": "minizip", "purl": "pkg:generic/minizip@1.3"}]}
  ],
  "vulnerabilities": [
    {"id": "CVE-2023-45853", "ratings": [{"severity": "critical"}],
     "description": "minizip overflow",
     "analysis": {"state": "not_affected", "justification": "code_not_present",
                  "detail": "minizip is not built"},
     "affects": [{"ref": "zlib-ref"}]},
    {"id": "CVE-2022-37434", "analysis": {"state": "resolved", "response": ["update"]},
     "affects": [{"ref": "pkg:github/madler/zlib",
                  "versions": [{"version": "1.2.12", "status": "affected"},
                               {"version": "1.3.1", "status": "unaffected"}]}]},
    {"id": "CVE-2099-0001", "analysis": {"state": "in_triage"},
     "affects": [{"ref": "pkg:github/madler/zlib",
                  "versions": [{"range": "vers:generic/>=1.3|<1.4", "status": "affected"}]}]},
    {"id": "CVE-2099-0002", "analysis": {"state": "exploitable", "response": ["workaround_available"]},
     "affects": [{"ref": "inner"}]},
    {"id": "CVE-2099-0003", "affects": [{"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#zlib-ref"}]}
  ]
})";

} // namespace

TEST_CASE("soup vulnerabilities: a VEX document's statements by bom-ref, purl and BOM-Link")
{
  const auto index = index_of({{"sec/zlib.vex.json", k_vex}});
  REQUIRE(index.vex.size() == 5);
  CHECK(index.osv.empty());
  CHECK(index.files == Strings{"sec/zlib.vex.json"});
  const auto& first = index.vex[0].vulnerability;
  CHECK(first.id == "CVE-2023-45853");
  CHECK(first.severity == "critical");
  CHECK(first.summary == "minizip overflow");
  CHECK(first.state == "not_affected");
  CHECK(first.justification == "code_not_present");
  CHECK(first.detail == "minizip is not built");
  CHECK(first.where.file == "sec/zlib.vex.json");
  CHECK(first.where.line == 11);
  // The bom-ref resolved to its component's purl, with its version.
  CHECK(first.affects == Strings{"pkg:github/madler/zlib@1.3.1"});
  CHECK(index.vex[1].vulnerability.responses == Strings{"update"});

  // At 1.3.1: the bom-ref's version, the vers range and the BOM-Link; 1.3.1 is unaffected by
  // CVE-2022-37434.
  CHECK(found(index, {"pkg:github/madler/zlib", "1.3.1", {}, {}}) ==
        Strings{"CVE-2023-45853 not_affected", "CVE-2099-0001 in_triage", "CVE-2099-0003 -"});
  // The version may come with the purl.
  CHECK(found(index, {"pkg:github/madler/zlib@1.3.1", "", {}, {}}) ==
        Strings{"CVE-2023-45853 not_affected", "CVE-2099-0001 in_triage", "CVE-2099-0003 -"});
  CHECK(found(index, {"pkg:github/madler/zlib", "1.2.12", {}, {}}) ==
        Strings{"CVE-2022-37434 resolved"});
  CHECK(found(index, {"pkg:github/madler/zlib", "1.4", {}, {}}).empty());
  // A nested component's bom-ref.
  CHECK(found(index, {"pkg:generic/minizip", "1.3", {}, {}}) ==
        Strings{"CVE-2099-0002 exploitable"});
  CHECK(found(index, {"pkg:npm/left-pad", "1.3.1", {}, {}}).empty());
}

TEST_CASE("soup vulnerabilities: each analysis state, and what counts as an evaluation")
{
  soup::Vulnerability v;
  CHECK(soup::missing_evaluation(v) == "has no evaluation");
  v.state = "in_triage";
  CHECK(soup::missing_evaluation(v) == "is in triage");
  v.state = "not_affected";
  CHECK(soup::missing_evaluation(v) == "is not_affected without a justification or detail");
  v.detail = "the parser is not built";
  CHECK(soup::missing_evaluation(v).empty());
  v.detail.clear();
  v.justification = "code_not_reachable";
  CHECK(soup::missing_evaluation(v).empty());
  for (const char* state :
       {"resolved", "resolved_with_pedigree", "exploitable", "false_positive"}) {
    soup::Vulnerability w;
    w.state = state;
    CHECK(soup::missing_evaluation(w).empty());
  }
  // Every state the schema names is read; another is an error at its line.
  for (const char* state : {"resolved",
                            "resolved_with_pedigree",
                            "exploitable",
                            "in_triage",
                            "false_positive",
                            "not_affected"}) {
    const auto index = index_of(
        {{"v.json",
          std::string(
              R"({"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "X", "analysis": {"state": ")") +
              state + R"("}}]})"}});
    REQUIRE(index.vex.size() == 1);
    CHECK(index.vex[0].vulnerability.state == state);
  }
  CHECK(errors("{\"bomFormat\": \"CycloneDX\",\n \"vulnerabilities\": [{\"id\": \"X\",\n "
               "\"analysis\": {\"state\": \"fixed\"}}]}") ==
        "sec/x.json:3:24: error: vulnerabilities[0].analysis.state \"fixed\" is none of "
        "resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, "
        "not_affected\n"
        "    3 |  \"analysis\": {\"state\": \"fixed\"}}]}\n"
        "      |                        ^");
}

namespace {

const char* const k_osv = R"({"vulns": [
  {"id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2024-0001"], "summary": "heap overflow",
   "database_specific": {"severity": "HIGH"},
   "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"},
                 "ranges": [{"type": "SEMVER",
                             "events": [{"introduced": "0"}, {"fixed": "1.3.1"},
                                        {"introduced": "2.0.0-rc.1"}, {"fixed": "2.1.0"}]}]}]},
  {"id": "GHSA-dddd-eeee-ffff",
   "affected": [{"package": {"ecosystem": "npm", "name": "left-pad", "purl": "pkg:npm/left-pad"},
                 "ranges": [{"type": "ECOSYSTEM",
                             "events": [{"introduced": "1.2.0"}, {"last_affected": "1.3.0"}]}]}]},
  {"id": "OSV-2024-9", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N"}],
   "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                 "versions": ["2.31.0", "2.32.0"]}]},
  {"id": "OSV-ZLIB-1", "aliases": ["CVE-2022-37434"],
   "affected": [{"ranges": [{"type": "GIT", "repo": "https://github.com/madler/zlib",
                             "events": [{"introduced": "0"}, {"fixed": "abc123"}]}],
                 "versions": ["v1.2.12", "v1.3.1", "0123456789abcdef0123456789abcdef01234567"]}]}
]})";

} // namespace

TEST_CASE("soup vulnerabilities: OSV ranges (introduced, fixed, last_affected) and versions")
{
  const auto index = index_of({{"sec/osv.json", k_osv}});
  REQUIRE(index.osv.size() == 4);
  const auto& first = index.osv[0].vulnerability;
  CHECK(first.severity == "high");
  CHECK(first.aliases == Strings{"CVE-2024-0001"});
  CHECK(first.fixed == Strings{"1.3.1", "2.1.0"});
  CHECK(first.where.line == 2);
  CHECK(first.affects == Strings{"npm:left-pad"});
  CHECK(index.osv[2].vulnerability.severity == "CVSS:3.1/AV:N");
  CHECK(index.osv[3].vulnerability.affects == Strings{"pkg:github/madler/zlib"});

  const auto npm = [&](std::string version) {
    return found(index, {"pkg:npm/left-pad", version, "left-pad", "npm"});
  };
  CHECK(npm("1.0.0") == Strings{"GHSA-aaaa-bbbb-cccc -"});
  CHECK(npm("1.2.0") == Strings{"GHSA-aaaa-bbbb-cccc -", "GHSA-dddd-eeee-ffff -"});
  CHECK(npm("1.3.0") == Strings{"GHSA-aaaa-bbbb-cccc -", "GHSA-dddd-eeee-ffff -"});
  CHECK(npm("1.3.1").empty()); // fixed; and past last_affected
  CHECK(npm("v1.3.1").empty());
  CHECK(npm("2.0.0-beta").empty());
  CHECK(npm("2.0.0-rc.1") == Strings{"GHSA-aaaa-bbbb-cccc -"});
  CHECK(npm("2.0.5") == Strings{"GHSA-aaaa-bbbb-cccc -"});
  CHECK(npm("2.1.0").empty());
  // Without a purl, the OSV package is matched by name and ecosystem only.
  CHECK(found(index, {"", "1.0.0", "left-pad", "npm"}) == Strings{"GHSA-aaaa-bbbb-cccc -"});
  CHECK(found(index, {"", "1.0.0", "left-pad", "cargo"}).empty());

  // versions[] lists exact versions.
  CHECK(found(index, {"", "2.31.0", "requests", "pypi"}) == Strings{"OSV-2024-9 -"});
  CHECK(found(index, {"", "2.31.1", "requests", "pypi"}).empty());

  // A GIT range's repo names the package; only listed versions and commits match, never the
  // range's commits.
  CHECK(found(index, {"pkg:github/madler/zlib", "1.3.1", {}, {}}) == Strings{"OSV-ZLIB-1 -"});
  CHECK(found(index, {"pkg:github/madler/zlib", "1.3", {}, {}}).empty());
  CHECK(found(index,
              {"pkg:github/madler/zlib", "0123456789abcdef0123456789abcdef01234567", {}, {}}) ==
        Strings{"OSV-ZLIB-1 -"});
  CHECK(found(index, {"pkg:github/madler/zlib", "abc123", {}, {}}).empty());
}

TEST_CASE("soup vulnerabilities: OSV as one object or an array")
{
  const auto one = index_of({{"a.json",
                              R"({"id": "OSV-1", "affected": [{"package": {"ecosystem": "Go",
                                 "name": "golang.org/x/net"}, "versions": ["v0.1.0"]}]})"}});
  CHECK(found(one, {"", "v0.1.0", "golang.org/x/net", "go"}) == Strings{"OSV-1 -"});
  const auto list = index_of({{"b.json",
                               R"([{"id": "OSV-2", "affected": [{"package": {"ecosystem":
                                  "crates.io", "name": "time"}, "versions": ["0.1.0"]}]}])"}});
  CHECK(found(list, {"", "0.1.0", "time", "cargo"}) == Strings{"OSV-2 -"});
}

TEST_CASE("soup vulnerabilities: a VEX statement evaluates the OSV entry with its id or an alias")
{
  const char* const vex = R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "vulnerabilities": [
    {"id": "CVE-2024-0001",
     "analysis": {"state": "not_affected", "justification": "code_not_reachable"},
     "affects": [{"ref": "pkg:npm/left-pad@1.0.0"}]},
    {"id": "GHSA-dddd-eeee-ffff", "analysis": {"state": "exploitable"},
     "affects": [{"ref": "pkg:npm/left-pad", "versions": [{"version": "1.2.0"}]}]},
    {"id": "OSV-2024-9", "analysis": {"state": "false_positive"}},
    {"id": "CVE-2022-37434", "analysis": {"state": "resolved"},
     "affects": [{"ref": "pkg:github/madler/zlib", "versions": [{"version": "1.3.1", "status": "unaffected"}]}]}
  ]})";
  const auto index = index_of({{"sec/osv.json", k_osv}, {"sec/team.vex.json", vex}});
  const auto npm = [&](std::string version) {
    return found(index, {"pkg:npm/left-pad", version, "left-pad", "npm"});
  };
  // Its alias CVE-2024-0001 evaluates GHSA-aaaa-bbbb-cccc, for the version it names only.
  CHECK(npm("1.0.0") == Strings{"GHSA-aaaa-bbbb-cccc not_affected"});
  const auto v =
      soup::vulnerabilities_affecting(index, {"pkg:npm/left-pad", "1.0.0", "left-pad", "npm"});
  REQUIRE(v.size() == 1);
  CHECK(v[0].justification == "code_not_reachable");
  CHECK(v[0].where.file == "sec/osv.json"); // where it is known; the VEX evaluates it
  CHECK(v[0].fixed == Strings{"1.3.1", "2.1.0"});
  // An evaluation of 1.0.0 is none of 1.2.0; the same id evaluates GHSA-dddd at 1.2.0.
  CHECK(npm("1.2.0") == Strings{"GHSA-aaaa-bbbb-cccc -", "GHSA-dddd-eeee-ffff exploitable"});
  CHECK(npm("1.3.0") == Strings{"GHSA-aaaa-bbbb-cccc -", "GHSA-dddd-eeee-ffff -"});
  // A statement that names no package evaluates every version.
  CHECK(found(index, {"", "2.32.0", "requests", "pypi"}) == Strings{"OSV-2024-9 false_positive"});
  // Its alias, with the version listed as unaffected.
  CHECK(found(index, {"pkg:github/madler/zlib", "v1.3.1", {}, {}}) ==
        Strings{"OSV-ZLIB-1 resolved"});
  CHECK(found(index, {"pkg:github/madler/zlib", "1.2.12", {}, {}}) == Strings{"OSV-ZLIB-1 -"});
}

TEST_CASE("soup vulnerabilities: a malformed file is named at its line and column")
{
  CHECK(errors("{\"vulns\": [\n  {\"id\": \"X\",\n   \"summary\": \"open\n}") ==
        "sec/x.json:3:20: error: not valid JSON: unterminated string (a control character or "
        "line end inside it)\n"
        "    3 |    \"summary\": \"open\n"
        "      |                    ^");
  CHECK(errors("[1, 2") == "sec/x.json:1:6: error: not valid JSON: expected ',' or ']'\n"
                           "    1 | [1, 2\n"
                           "      |      ^");
  CHECK(errors("{\"id\": \"A\", \"id\": \"B\"}") ==
        "sec/x.json:1:13: error: not valid JSON: duplicate member \"id\"\n"
        "    1 | {\"id\": \"A\", \"id\": \"B\"}\n"
        "      |             ^");
  CHECK(errors("{\"name\": \"x\"}") ==
        "sec/x.json:1:1: error: neither a CycloneDX document (bomFormat) nor an OSV export (an "
        "OSV entry with \"id\", an array of them, or {\"vulns\": [...]})\n"
        "    1 | {\"name\": \"x\"}\n"
        "      | ^");
  // Every problem of a file at once.
  CHECK(
      errors("[\n {\"summary\": \"no id\"},\n {\"id\": \"B\", \"affected\": [{\"versions\": "
             "[\"1\"]}]},\n {\"id\": \"C\", \"affected\": [{\"package\": {\"name\": \"c\"},\n"
             "   \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"patched\": \"1\"}]}]}]}\n]") ==
      "sec/x.json:2:2: error: OSV entry has no \"id\"\n"
      "    2 |  {\"summary\": \"no id\"},\n"
      "      |  ^\n"
      "sec/x.json:3:27: error: B.affected[] names no package (package.purl, package.name or a "
      "GIT range's repo)\n"
      "    3 |  {\"id\": \"B\", \"affected\": [{\"versions\": [\"1\"]}]},\n"
      "      |                           ^\n"
      "sec/x.json:5:45: error: C.affected[].ranges[].events[] \"patched\" is none of "
      "introduced, fixed, last_affected, limit\n"
      "    5 |    \"ranges\": [{\"type\": \"SEMVER\", \"events\": [{\"patched\": \"1\"}]}]}]}\n"
      "      |                                             ^");
  CHECK(errors("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": [\n"
               "  {\"id\": \"X\", \"affects\": [{\"ref\": \"libfoo\"}]}]}") ==
        "sec/x.json:2:35: error: vulnerabilities[0].affects[].ref \"libfoo\" is neither a purl "
        "nor the bom-ref of a component of this document with a purl\n"
        "    2 |   {\"id\": \"X\", \"affects\": [{\"ref\": \"libfoo\"}]}]}\n"
        "      |                                   ^");
  CHECK(errors("{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": {}}") ==
        "sec/x.json:1:47: error: \"vulnerabilities\" is not an array\n"
        "    1 | {\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": {}}\n"
        "      |                                               ^");
  // A ConfigError: exit 2, as every error in a file the user wrote.
  soup::VulnerabilityIndex index;
  try {
    soup::read_vulnerability_file("a.json", "", index);
    FAIL("no error");
  } catch (const config::ConfigError& e) {
    CHECK(e.exit_code() == k_exit_usage);
    CHECK(std::string(e.what()).starts_with("a.json:1:1: error: not valid JSON: unexpected end"));
  }
}

TEST_CASE("soup vulnerabilities: versions in order")
{
  const auto less = [](std::string_view a, std::string_view b) {
    return soup::version_order(a, b) < 0 && soup::version_order(b, a) > 0;
  };
  const auto same = [](std::string_view a, std::string_view b) {
    return soup::version_order(a, b) == 0 && soup::version_order(b, a) == 0;
  };
  CHECK(less("1.2", "1.10"));
  CHECK(less("1.9.9", "1.10.0"));
  CHECK(same("1.2", "1.2.0"));
  CHECK(same("v1.3.1", "1.3.1"));
  CHECK(same("1.3.1+build.5", "1.3.1"));
  CHECK(same("01.002", "1.2"));
  CHECK(less("1.0.0-rc.1", "1.0.0"));
  CHECK(less("1.0.0-alpha", "1.0.0-beta"));
  CHECK(less("1.0.0-rc.2", "1.0.0-rc.10"));
  CHECK(less("1.0.0-alpha", "1.0.0-alpha.1"));
  CHECK(less("1.0rc1", "1.0"));
  CHECK(less("1.0a1", "1.0b1"));
  CHECK(less("1.0.dev0", "1.0"));
  CHECK(less("1.0~beta1", "1.0"));
  CHECK(less("1.1.1", "1.1.1w"));
  CHECK(less("1.1.1v", "1.1.1w"));
  CHECK(less("1.0", "1.0.post1"));
  CHECK(less("2.9.99999999999999999999", "2.10"));
  CHECK(less("0", "0.0.1"));
}

TEST_CASE("soup vulnerabilities: vers ranges")
{
  CHECK(soup::in_vers_range("vers:generic/>=1.3|<1.4", "1.3.1"));
  CHECK_FALSE(soup::in_vers_range("vers:generic/>=1.3|<1.4", "1.4"));
  CHECK_FALSE(soup::in_vers_range("vers:generic/>=1.3|<1.4", "1.2.9"));
  CHECK(soup::in_vers_range("vers:npm/<1.0|>=2.0|<2.1", "0.9"));
  CHECK(soup::in_vers_range("vers:npm/<1.0|>=2.0|<2.1", "2.0.5"));
  CHECK_FALSE(soup::in_vers_range("vers:npm/<1.0|>=2.0|<2.1", "1.5"));
  CHECK(soup::in_vers_range("vers:npm/>=3.0", "4.0"));
  CHECK(soup::in_vers_range("vers:npm/1.2.3|1.2.5", "1.2.5"));
  CHECK_FALSE(soup::in_vers_range("vers:npm/>=1.0|!=1.5|<2.0", "1.5"));
  CHECK(soup::in_vers_range("vers:npm/*", "9"));
  CHECK_FALSE(soup::in_vers_range("1.2.3", "1.2.3"));
}

TEST_CASE("soup vulnerabilities: the gate's check cites 7.1.2 and 7.1.3")
{
  const auto& check = release::gate_check("soup.vulnerabilities");
  std::vector<std::string> clauses(check.clauses.begin(), check.clauses.end());
  CHECK(clauses == Strings{"7.1.2", "7.1.3"});
}
