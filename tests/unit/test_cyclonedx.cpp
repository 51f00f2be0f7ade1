// verifies: GT-18
// verifies: GT-38
// The CycloneDX rendering of a manifest (render/cyclonedx), on manifests built in memory with
// hand-made discovered components and vulnerabilities: every component once, stable bom-refs,
// the FDA fields, dependencies and vulnerabilities.

#include "core/render/cyclonedx.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace trail;
using nlohmann::json;

namespace {

release::SoupItem
record(const std::string& id, const std::string& title, const std::string& version)
{
  release::SoupItem s;
  s.id = id;
  s.source = "registry";
  s.title = title;
  s.safety_class = "C";
  s.record.version = version;
  return s;
}

release::SoupItem submodule(const std::string& path, const std::string& commit)
{
  release::SoupItem s;
  s.id = "submodule:" + path;
  s.source = "submodule";
  s.title = path;
  s.safety_class = "C";
  s.record.version = commit;
  s.files.push_back({path, "160000", commit, {}});
  return s;
}

soup::Component
npm(const std::string& name, const std::string& version, std::vector<std::string> depends_on = {})
{
  soup::Component c;
  c.ecosystem = "npm";
  c.name = name;
  c.version = version;
  c.purl = soup::make_purl("npm", "", name, version);
  c.where = {"package-lock.json", 7, 0};
  c.depends_on = std::move(depends_on);
  return c;
}

release::SoupItem discovered(const soup::Component& c)
{
  release::SoupItem s;
  s.id = c.ecosystem + ":" + c.name;
  s.source = "discovered";
  s.title = c.name;
  s.safety_class = "C";
  s.components.push_back(c);
  return s;
}

release::Manifest manifest(std::vector<release::SoupItem> soup)
{
  release::Manifest m;
  m.product = "Infusion pump";
  m.version = "v1.0.0";
  m.safety_class = "C";
  m.commit = std::string(40, 'c');
  m.tree = std::string(40, 't');
  m.date = "2026-01-01T14:00:00+01:00";
  m.tool_version = "0.14.0";
  m.policy_digest = std::string(64, 'p');
  m.soup = std::move(soup);
  return m;
}

json rendered(const release::Manifest& m)
{
  return json::parse(render::manifest_cyclonedx(m, std::string(64, 'd')));
}

std::vector<std::string> refs_of(const json& bom)
{
  std::vector<std::string> out;
  for (const auto& c : bom["components"]) {
    out.push_back(c["bom-ref"]);
  }
  return out;
}

std::string property(const json& component, const std::string& name)
{
  std::string out;
  for (const auto& p : component["properties"]) {
    if (p["name"] == name) {
      out += (out.empty() ? "" : "|") + p["value"].get<std::string>();
    }
  }
  return out;
}

} // namespace

TEST_CASE("cyclonedx_hash: sha256 and npm integrity become hex; other digests none")
{
  const auto sha256 = render::cyclonedx_hash("sha256:" + std::string(64, 'A'));
  REQUIRE(sha256);
  CHECK(sha256->alg == "SHA-256");
  CHECK(sha256->content == std::string(64, 'a'));
  // SHA-512 of the empty string, as npm writes it.
  const auto sha512 =
      render::cyclonedx_hash("sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/"
                             "SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==");
  REQUIRE(sha512);
  CHECK(sha512->alg == "SHA-512");
  CHECK(sha512->content ==
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2"
        "877eec2f63b931bd47417a81a538327af927da3e");
  CHECK_FALSE(render::cyclonedx_hash("h1:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG="));
  CHECK_FALSE(render::cyclonedx_hash(std::string(40, 'a')));
  CHECK_FALSE(render::cyclonedx_hash("sha256:1234"));
  CHECK_FALSE(render::cyclonedx_hash("sha512-not*base64"));
  CHECK_FALSE(render::cyclonedx_hash("sha512-AAAA"));
}

TEST_CASE("cyclonedx: a record and the submodule it covers are one component; an uncovered one "
          "is its own")
{
  auto zlib = record("SOUP-1", "zlib", "1.3.1");
  auto covered = submodule("vendor/zlib", std::string(40, '1'));
  covered.described_by = "SOUP-1";
  covered.url = "https://github.com/madler/zlib";
  auto loose = submodule("vendor/mbedtls", std::string(40, '2'));
  loose.url = "https://github.com/Mbed-TLS/mbedtls";
  const auto bom = rendered(manifest({zlib, covered, loose}));
  CHECK(refs_of(bom) == std::vector<std::string>{"soup:SOUP-1", "soup:submodule:vendor/mbedtls"});
  const auto& one = bom["components"][0];
  CHECK(one["version"] == "1.3.1");
  CHECK(property(one, "git-trail:soup:pin") == "submodule vendor/zlib " + std::string(40, '1'));
  CHECK(one["externalReferences"] ==
        json::parse(R"([{"type": "vcs", "url": "https://github.com/madler/zlib"}])"));
  const auto& two = bom["components"][1];
  CHECK(two["version"] == std::string(40, '2'));
  CHECK(two["purl"] == "pkg:github/Mbed-TLS/mbedtls@" + std::string(40, '2'));
  CHECK(property(two, "git-trail:soup:source") == "submodule");
  // The record's listing digest over a gitlink alone hashes a commit id: no hash.
  auto only_gitlink = record("SOUP-3", "fmt", "10.2.1");
  only_gitlink.files.push_back({"external/fmt", "160000", std::string(40, '3'), {}});
  only_gitlink.digest = std::string(64, 'e');
  CHECK_FALSE(rendered(manifest({only_gitlink}))["components"][0].contains("hashes"));
  CHECK(
      bom["dependencies"] ==
      json::parse(
          R"([{"ref": "product", "dependsOn": ["soup:SOUP-1", "soup:submodule:vendor/mbedtls"]}])"));
}

TEST_CASE("cyclonedx: supplier, authors, licenses, hashes and the FDA fields of a record")
{
  auto zlib = record("SOUP-1", "zlib", "1.3.1");
  zlib.record.manufacturer = "Jean-loup Gailly and Mark Adler";
  zlib.record.authors = {"Mark Adler <madler@alumni.caltech.edu>", "Jean-loup Gailly"};
  zlib.record.license = "Zlib";
  zlib.record.support = "maintained";
  zlib.record.end_of_support = "2030-12-31";
  zlib.record.anomaly_review = "2026-01-10";
  zlib.record.anomaly_list = "https://github.com/madler/zlib/issues";
  zlib.files.push_back(
      {"vendor/zlib/zlib.c", "100644", std::string(40, 'b'), std::string(64, 'f')});
  zlib.digest = std::string(64, 'e');
  const auto bom = rendered(manifest({zlib}));
  const auto& c = bom["components"][0];
  CHECK(c["supplier"] == json::parse(R"({"name": "Jean-loup Gailly and Mark Adler"})"));
  CHECK(
      c["authors"] ==
      json::parse(
          R"([{"name": "Mark Adler", "email": "madler@alumni.caltech.edu"}, {"name": "Jean-loup Gailly"}])"));
  CHECK(c["licenses"] == json::parse(R"([{"expression": "Zlib"}])"));
  CHECK(c["hashes"] ==
        json::parse(R"([{"alg": "SHA-256", "content": ")" + std::string(64, 'e') + R"("}])"));
  CHECK(property(c, "git-trail:soup:support-level") == "maintained");
  CHECK(property(c, "cdx:lifecycle:milestone:endOfSupport") == "2030-12-31");
  CHECK(property(c, "git-trail:soup:anomaly-review") == "2026-01-10");
  CHECK(property(c, "git-trail:soup:class") == "C");
  CHECK(property(c, "git-trail:soup:id") == "SOUP-1");
  CHECK(c["externalReferences"][0]["type"] == "issue-tracker");
}

TEST_CASE("cyclonedx: a discovered component's bom-ref is its purl without the version, the "
          "same after an upgrade")
{
  const auto before = rendered(manifest({discovered(npm("left-pad", "1.3.0"))}));
  const auto after = rendered(manifest({discovered(npm("left-pad", "1.4.0"))}));
  CHECK(refs_of(before) == std::vector<std::string>{"pkg:npm/left-pad"});
  CHECK(refs_of(after) == std::vector<std::string>{"pkg:npm/left-pad"});
  CHECK(after["components"][0]["purl"] == "pkg:npm/left-pad@1.4.0");
  CHECK(property(after["components"][0], "git-trail:soup:support-level") == "unknown");
  // Two versions of one package: each names its version.
  const auto both = rendered(
      manifest({discovered(npm("left-pad", "1.3.0")), discovered(npm("left-pad", "1.4.0"))}));
  CHECK(refs_of(both) ==
        std::vector<std::string>{"pkg:npm/left-pad@1.3.0", "pkg:npm/left-pad@1.4.0"});
  // One version found twice (two lock files): one component, both places named.
  auto again = npm("left-pad", "1.3.0");
  again.where = {"web/package-lock.json", 9, 0};
  const auto twice = rendered(manifest({discovered(npm("left-pad", "1.3.0")), discovered(again)}));
  CHECK(refs_of(twice) == std::vector<std::string>{"pkg:npm/left-pad"});
  CHECK(property(twice["components"][0], "git-trail:soup:pin") ==
        "npm left-pad 1.3.0 (package-lock.json:7)|npm left-pad 1.3.0 (web/package-lock.json:9)");
}

TEST_CASE("cyclonedx: a component covered by a record is not listed again")
{
  auto express = record("SOUP-2", "express", "4.19.2");
  express.components.push_back(npm("express", "4.19.2"));
  const auto bom = rendered(manifest({express, discovered(npm("express", "4.19.2"))}));
  CHECK(refs_of(bom) == std::vector<std::string>{"soup:SOUP-2"});
  // The record has no purl: it takes the covered component's, at the same version.
  CHECK(bom["components"][0]["purl"] == "pkg:npm/express@4.19.2");
}

TEST_CASE("cyclonedx: depends_on within one ecosystem becomes dependencies; the product depends "
          "on the top-level components")
{
  auto express = record("SOUP-2", "express", "4.19.2");
  express.components.push_back(npm("express", "4.19.2", {"body-parser", "missing-one"}));
  const auto bom = rendered(manifest({express,
                                      discovered(npm("body-parser", "1.20.2", {"bytes"})),
                                      discovered(npm("bytes", "3.1.2"))}));
  CHECK(refs_of(bom) ==
        std::vector<std::string>{"soup:SOUP-2", "pkg:npm/body-parser", "pkg:npm/bytes"});
  CHECK(bom["dependencies"] == json::parse(R"([
    {"ref": "product", "dependsOn": ["soup:SOUP-2"]},
    {"ref": "soup:SOUP-2", "dependsOn": ["pkg:npm/body-parser"]},
    {"ref": "pkg:npm/body-parser", "dependsOn": ["pkg:npm/bytes"]}])"));
  CHECK(property(bom["components"][0], "git-trail:soup:unresolved-dependency") == "missing-one");
  // Another ecosystem's component of the same name is no dependency.
  auto cargo = npm("bytes", "1.0.0");
  cargo.ecosystem = "cargo";
  cargo.purl = soup::make_purl("cargo", "", "bytes", "1.0.0");
  const auto other =
      rendered(manifest({discovered(npm("body-parser", "1.20.2", {"bytes"})), discovered(cargo)}));
  CHECK(other["dependencies"] ==
        json::parse(
            R"([{"ref": "product", "dependsOn": ["pkg:npm/body-parser", "pkg:cargo/bytes"]}])"));
}

TEST_CASE("cyclonedx: vulnerabilities with their analysis affect the component's bom-ref")
{
  auto zlib = record("SOUP-1", "zlib", "1.3.1");
  soup::Vulnerability v;
  v.id = "CVE-2023-45853";
  v.aliases = {"GHSA-mq29-j5xf-cjwr"};
  v.summary = "MiniZip integer overflow";
  v.severity = "critical";
  v.state = "not_affected";
  v.justification = "code_not_present";
  v.responses = {"will_not_fix"};
  v.detail = "minizip is not built";
  v.where = {"security/zlib.vex.json", 12, 0};
  zlib.vulnerabilities.push_back(v);
  soup::Vulnerability open;
  open.id = "OSV-2024-1";
  open.severity = "7.5";
  auto left_pad = discovered(npm("left-pad", "1.3.0"));
  left_pad.vulnerabilities.push_back(open);
  const auto bom = rendered(manifest({zlib, left_pad}));
  CHECK(bom["vulnerabilities"] == json::parse(R"([
    {"id": "CVE-2023-45853",
     "source": {"name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-2023-45853"},
     "references": [{"id": "GHSA-mq29-j5xf-cjwr",
                     "source": {"name": "GitHub", "url": "https://github.com/advisories/GHSA-mq29-j5xf-cjwr"}}],
     "ratings": [{"severity": "critical"}],
     "description": "MiniZip integer overflow",
     "analysis": {"state": "not_affected", "justification": "code_not_present",
                  "response": ["will_not_fix"], "detail": "minizip is not built"},
     "affects": [{"ref": "soup:SOUP-1"}],
     "properties": [{"name": "git-trail:vex:file", "value": "security/zlib.vex.json:12"}]},
    {"id": "OSV-2024-1",
     "source": {"name": "OSV", "url": "https://osv.dev/vulnerability/OSV-2024-1"},
     "ratings": [{"score": 7.5}],
     "affects": [{"ref": "pkg:npm/left-pad"}]}])"));
}

TEST_CASE("cyclonedx: the same manifest gives the same bytes; the serial number follows the "
          "manifest")
{
  auto zlib = record("SOUP-1", "zlib", "1.3.1");
  const auto m = manifest({zlib});
  const auto one = render::manifest_cyclonedx(m, std::string(64, 'd'));
  CHECK(one == render::manifest_cyclonedx(m, std::string(64, 'd')));
  const auto serial = json::parse(one)["serialNumber"].get<std::string>();
  CHECK(serial.starts_with("urn:uuid:"));
  CHECK(serial.substr(23, 1) == "8"); // RFC 9562 version 8
  CHECK(json::parse(render::manifest_cyclonedx(m, std::string(64, 'e')))["serialNumber"] != serial);
  CHECK(json::parse(one)["metadata"]["timestamp"] == "2026-01-01T14:00:00+01:00");
}
