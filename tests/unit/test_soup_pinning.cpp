#include "core/soup/pinning.hpp"
// verifies: GT-36
#include "expect.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace trail;
using soup::Component;
using soup::Record;

namespace {

const std::string k_fmt_commit(40, 'a');
const std::string k_pin_commit(40, 'b');

Component component(const char* ecosystem,
                    const char* name,
                    const char* version,
                    config::Location where,
                    const char* purl = "",
                    const char* path = "")
{
  Component c;
  c.ecosystem = ecosystem;
  c.name = name;
  c.version = version;
  c.where = std::move(where);
  c.purl = purl;
  c.path = path;
  return c;
}

Component fmt_submodule()
{
  return component(
      "submodule", "fmt", k_fmt_commit.c_str(), {".gitmodules", 4, 0}, "", "external/fmt");
}

Record record(const char* id, const char* title, int line)
{
  Record r;
  r.id = id;
  r.title = title;
  r.where = {"docs/soup.toml", line, 1};
  return r;
}

// Facts as a repository would give them: the revision's date, when each pin changed, the
// submodule's tags.
struct Fake
{
  std::string date = "2026-02-01";
  soup::PinChange change{k_pin_commit, "2026-01-10", {}};
  std::optional<std::vector<std::string>> tags = std::vector<std::string>{"v10.6.0"};

  soup::PinFacts facts() const
  {
    soup::PinFacts f;
    f.revision_date = date;
    f.pin_changed = [this](const Component&) {
      return change;
    };
    f.tags_at = [this](const Component&) {
      return tags;
    };
    return f;
  }
};

std::string text(const soup::Pinning& p)
{
  std::string out;
  for (const auto& c : p.components) {
    out += "component " + soup::component_key(c.component) + " -> " +
           (c.record.empty() ? "none" : c.record + " by " + c.match) +
           (c.not_soup.empty() ? "" : " (not SOUP: " + c.not_soup + ")") + "\n";
  }
  for (const auto& problem : p.problems) {
    out += problem.rule + " [" + problem.component + ", " + problem.record + "] " +
           problem.message + "\n  fix: " + problem.fix + "\n";
  }
  for (const auto& line : p.unmatched) {
    out += "note: " + line + "\n";
  }
  return out;
}

std::string pin_text(const std::vector<Component>& components,
                     const std::vector<Record>& records,
                     const Fake& fake = {})
{
  soup::Discovery d;
  d.components = components;
  return text(soup::pin(d, records, fake.facts()));
}

} // namespace

TEST_CASE("pinning: each component to its record, every rule with its message and fix")
{
  auto fmt = record("SOUP-1", "fmt library", 1);
  fmt.soup.paths = {"external/fmt"};
  fmt.soup.version = "10.5.1";
  auto zlib = record("SOUP-2", "zlib", 10);
  zlib.soup.purl = "pkg:github/madler/zlib";
  zlib.soup.version = "1.3.1"; // the pin says v1.3.1: the same version
  zlib.soup.anomaly_review = "2026-01-01";
  zlib.soup.end_of_support = "2026-01-15";
  auto gtest = record("SOUP-3", "GoogleTest", 20);
  gtest.soup.not_soup = "test only";
  auto lodash = record("SOUP-4", "lodash", 30);
  lodash.soup.purl = "pkg:npm/lodash";
  auto gtest_pin = component("cmake", "googletest", "main", {"CMakeLists.txt", 20, 0});
  gtest_pin.mutable_pin = true; // not SOUP: no problem, even a moving pin
  const std::vector<Component> found = {
      fmt_submodule(),
      component(
          "cmake", "zlib", "v1.3.1", {"CMakeLists.txt", 12, 0}, "pkg:github/madler/zlib@v1.3.1"),
      gtest_pin,
      component("npm", "left-pad", "1.3.0", {"package-lock.json", 9, 0}, "pkg:npm/left-pad@1.3.0"),
  };
  CHECK(pin_text(found, {fmt, zlib, gtest, lodash}) ==
        "component submodule:fmt -> SOUP-1 by paths\n"
        "component cmake:zlib -> SOUP-2 by purl\n"
        "component cmake:googletest -> SOUP-3 by title (not SOUP: test only)\n"
        "component npm:left-pad -> none\n"
        "version [submodule:fmt, SOUP-1] .gitmodules:4: submodule fmt is at v10.6.0 (commit "
        "aaaaaaaaaaaa) but SOUP-1 (docs/soup.toml:1) records version 10.5.1\n"
        "  fix: set version = \"10.6.0\" in SOUP-1 (and review its anomalies for it), or check "
        "out 10.5.1 in external/fmt\n"
        "stale-review [cmake:zlib, SOUP-2] docs/soup.toml:10: SOUP-2's anomaly_review 2026-01-01 "
        "is older than commit bbbbbbbbbbbb (2026-01-10), which pinned zlib at v1.3.1\n"
        "  fix: review the supplier's anomaly list for this version and set anomaly_review in "
        "SOUP-2\n"
        "end-of-support [cmake:zlib, SOUP-2] docs/soup.toml:10: SOUP-2's end_of_support "
        "2026-01-15 is before the revision's date 2026-02-01 (zlib)\n"
        "  fix: move to a supported version, or record the supplier's extended support in "
        "end_of_support\n"
        "undeclared [npm:left-pad, ] package-lock.json:9: npm left-pad 1.3.0 is not covered by a "
        "SOUP record\n"
        "  fix: add a soup item with purl = \"pkg:npm/left-pad\" to the registry\n"
        "note: docs/soup.toml:30: SOUP-4 (purl = pkg:npm/lodash) covers nothing discovered\n");
}

TEST_CASE("pinning: a review on the day of the pin's change, and an end of support on the "
          "revision's day, are not problems")
{
  auto zlib = record("SOUP-2", "zlib", 10);
  zlib.soup.version = "1.3.1";
  zlib.soup.anomaly_review = "2026-01-10";
  zlib.soup.end_of_support = "2026-02-01";
  CHECK(pin_text({component("cmake", "ZLIB", "1.3.1", {"CMakeLists.txt", 12, 0})}, {zlib}) ==
        "component cmake:ZLIB -> SOUP-2 by title\n");
}

TEST_CASE("pinning: paths win over purl and title; among equals the first record")
{
  auto by_title = record("SOUP-1", "fmt", 1);
  by_title.soup.version = "10.6.0";
  auto by_paths = record("SOUP-2", "formatting", 5);
  by_paths.soup.paths = {"external/**"};
  by_paths.soup.version = "10.6.0";
  auto again = by_paths;
  again.id = "SOUP-3";
  CHECK(pin_text({fmt_submodule()}, {by_title, by_paths, again}) ==
        "component submodule:fmt -> SOUP-2 by paths\n"
        "note: docs/soup.toml:5: SOUP-3 (paths = [external/**]) covers nothing discovered\n");
}

TEST_CASE("pinning: a submodule's version by its revision, its commit, or its tags")
{
  auto fmt = record("SOUP-1", "fmt", 1);
  fmt.soup.version = "10.5.1";
  Fake fake;
  SUBCASE("a revision naming the commit decides, whatever the tags")
  {
    fmt.soup.revision = k_fmt_commit.substr(0, 7);
    CHECK(pin_text({fmt_submodule()}, {fmt}, fake) ==
          "component submodule:fmt -> SOUP-1 by title\n");
  }
  SUBCASE("a revision naming a tag at the commit")
  {
    fmt.soup.revision = "v10.6.0";
    CHECK(pin_text({fmt_submodule()}, {fmt}, fake) ==
          "component submodule:fmt -> SOUP-1 by title\n");
  }
  SUBCASE("a revision that is not the commit")
  {
    fmt.soup.revision = "cccccccc";
    CHECK(pin_text({fmt_submodule()}, {fmt}, fake) ==
          "component submodule:fmt -> SOUP-1 by title\n"
          "version [submodule:fmt, SOUP-1] .gitmodules:4: submodule fmt is at commit "
          "aaaaaaaaaaaa but SOUP-1 (docs/soup.toml:1) records revision cccccccc\n"
          "  fix: set revision = \"" +
              k_fmt_commit +
              "\" in SOUP-1 (and review its anomalies for this version), or check out "
              "cccccccc in external/fmt\n");
  }
  SUBCASE("a version that is the commit id")
  {
    fmt.soup.version = k_fmt_commit;
    fake.tags = std::nullopt;
    CHECK(pin_text({fmt_submodule()}, {fmt}, fake) ==
          "component submodule:fmt -> SOUP-1 by title\n");
  }
  SUBCASE("a tag with the record's version")
  {
    fake.tags = std::vector<std::string>{"release-x", "v10.5.1"};
    CHECK(pin_text({fmt_submodule()}, {fmt}, fake) ==
          "component submodule:fmt -> SOUP-1 by title\n");
  }
  SUBCASE("the submodule's repository is not here: cannot tell, never a match")
  {
    fake.tags = std::nullopt;
    CHECK(pin_text({fmt_submodule()}, {fmt}, fake) ==
          "component submodule:fmt -> SOUP-1 by title\n"
          "version [submodule:fmt, SOUP-1] .gitmodules:4: cannot tell whether submodule fmt at "
          "commit aaaaaaaaaaaa is version 10.5.1 of SOUP-1 (docs/soup.toml:1): the submodule's "
          "repository is not here (git submodule update --init)\n"
          "  fix: add revision = \"" +
              k_fmt_commit + "\" to SOUP-1 (the commit its version 10.5.1 is)\n");
  }
  SUBCASE("no tag at the commit: cannot tell")
  {
    fake.tags = std::vector<std::string>{};
    CHECK(pin_text({fmt_submodule()}, {fmt}, fake) ==
          "component submodule:fmt -> SOUP-1 by title\n"
          "version [submodule:fmt, SOUP-1] .gitmodules:4: cannot tell whether submodule fmt at "
          "commit aaaaaaaaaaaa is version 10.5.1 of SOUP-1 (docs/soup.toml:1): no tag of the "
          "submodule's repository is at commit aaaaaaaaaaaa\n"
          "  fix: add revision = \"" +
              k_fmt_commit + "\" to SOUP-1 (the commit its version 10.5.1 is)\n");
  }
}

TEST_CASE("pinning: versions of other ecosystems, leniently; what cannot be told is a problem")
{
  auto zlib = record("SOUP-2", "zlib", 10);
  zlib.soup.version = "1.3.0";
  auto pinned = component("cmake", "zlib", "v1.3.1", {"CMakeLists.txt", 12, 0});
  pinned.digest = "sha256:" + std::string(64, 'e');
  CHECK(pin_text({pinned}, {zlib}) ==
        "component cmake:zlib -> SOUP-2 by title\n"
        "version [cmake:zlib, SOUP-2] CMakeLists.txt:12: zlib is pinned at v1.3.1 but SOUP-2 "
        "(docs/soup.toml:10) records version 1.3.0\n"
        "  fix: set version = \"1.3.1\" in SOUP-2 (and review its anomalies for it), or pin zlib "
        "at 1.3.0\n");
  // A record that names the exact hash of the content.
  zlib.soup.version = pinned.digest;
  CHECK(pin_text({pinned}, {zlib}) == "component cmake:zlib -> SOUP-2 by title\n");
  // A revision that is not the pin, though the version is.
  zlib.soup.version = "1.3.1";
  zlib.soup.revision = "v1.3.2";
  CHECK(pin_text({pinned}, {zlib}) ==
        "component cmake:zlib -> SOUP-2 by title\n"
        "version [cmake:zlib, SOUP-2] CMakeLists.txt:12: zlib is pinned at v1.3.1 but SOUP-2 "
        "(docs/soup.toml:10) records revision v1.3.2\n"
        "  fix: set revision = \"v1.3.1\" in SOUP-2 (and review its anomalies for it), or pin "
        "zlib at v1.3.2\n");
  zlib.soup.revision.clear();
  // Nothing pinned.
  CHECK(pin_text({component("cmake", "zlib", "", {"CMakeLists.txt", 12, 0})}, {zlib}) ==
        "component cmake:zlib -> SOUP-2 by title\n"
        "version [cmake:zlib, SOUP-2] CMakeLists.txt:12: cannot tell whether zlib (no version) is "
        "the version SOUP-2 (docs/soup.toml:10) records: CMakeLists.txt:12 pins no version\n"
        "  fix: pin an exact version in CMakeLists.txt\n");
  // A record without a version.
  zlib.soup.version.clear();
  CHECK(pin_text({pinned}, {zlib}) ==
        "component cmake:zlib -> SOUP-2 by title\n"
        "version [cmake:zlib, SOUP-2] CMakeLists.txt:12: cannot tell whether zlib v1.3.1 is the "
        "version SOUP-2 (docs/soup.toml:10) records: it has neither version nor revision\n"
        "  fix: set version\n");
}

TEST_CASE("pinning: a pin that can move, and a pin whose history cannot be read")
{
  auto zlib = record("SOUP-2", "zlib", 10);
  zlib.soup.version = "1.3.1";
  zlib.soup.anomaly_review = "2026-01-20";
  auto moving = component("cmake", "zlib", "develop", {"CMakeLists.txt", 12, 0});
  moving.mutable_pin = true;
  Fake fake;
  fake.change = {{}, {}, "the history is shallow: it stops at commit cccccccccccc"};
  CHECK(pin_text({moving}, {zlib}, fake) ==
        "component cmake:zlib -> SOUP-2 by title\n"
        "mutable [cmake:zlib, SOUP-2] CMakeLists.txt:12: zlib is pinned to develop, which can "
        "move: the version in use is not fixed (SOUP-2, docs/soup.toml:10)\n"
        "  fix: pin an exact version, tag or commit id (or commit a lock file)\n"
        "stale-review [cmake:zlib, SOUP-2] CMakeLists.txt:12: cannot tell whether SOUP-2's "
        "anomaly_review 2026-01-20 (docs/soup.toml:10) is older than the last change to zlib's "
        "pin: the history is shallow: it stops at commit cccccccccccc\n"
        "  fix: fetch the whole history (git fetch --unshallow) and run it again\n");
}

TEST_CASE("pinning: a vendored directory is covered by paths; an undeclared one is told so")
{
  auto vendored = component("vendored", "mbedtls", "3.6.0", {"third_party/mbedtls/LICENSE", 0, 0});
  vendored.path = "third_party/mbedtls";
  CHECK(pin_text({vendored}, {}) ==
        "component vendored:mbedtls -> none\n"
        "undeclared [vendored:mbedtls, ] third_party/mbedtls/LICENSE: vendored mbedtls 3.6.0 is "
        "not covered by a SOUP record\n"
        "  fix: add a soup item with paths = [\"third_party/mbedtls\"] to the registry\n");
  auto record_of = record("SOUP-5", "Mbed TLS", 40);
  record_of.soup.paths = {"third_party/mbedtls/**"};
  record_of.soup.version = "3.6.0";
  CHECK(pin_text({vendored}, {record_of}) == "component vendored:mbedtls -> SOUP-5 by paths\n");
  // Neither path nor purl: the fix names a title.
  CHECK(pin_text({component("conan", "boost", "1.85.0", {"conanfile.txt", 2, 0})}, {}) ==
        "component conan:boost -> none\n"
        "undeclared [conan:boost, ] conanfile.txt:2: conan boost 1.85.0 is not covered by a SOUP "
        "record\n"
        "  fix: add a soup item with title = \"boost\" to the registry\n");
}

TEST_CASE("pinning: what needs a review (soup --stale)")
{
  soup::Pinning p;
  for (const char* rule : {"undeclared", "version", "mutable", "stale-review", "end-of-support"}) {
    p.problems.push_back({rule, "c", "r", rule, "fix"});
  }
  std::vector<std::string> rules;
  for (const auto& problem : soup::needs_review(p)) {
    rules.push_back(problem.rule);
  }
  CHECK(rules == std::vector<std::string>{"version", "stale-review", "end-of-support"});
}
