// verifies: GT-16
#include "core/policy/load.hpp"
#include "core/registry/registry.hpp"
#include "core/trace/trace.hpp"
#include "core/util/strings.hpp"

#include <doctest/doctest.h>

using namespace trail;

namespace {

const char* const k_policy = R"(
[kinds.requirement]
pattern = 'SRS-\d+'
states = ["draft", "approved"]
[kinds.system]
pattern = 'SYS-\d+'
external = true
)";

std::string errors_of(const policy::Policy& policy, std::vector<registry::SourceFile> files)
{
  try {
    (void)registry::load_registry(policy, files);
  } catch (const policy::PolicyError& error) {
    return error.what();
  }
  FAIL("the registry loaded without an error");
  return {};
}

} // namespace

TEST_CASE("registry: items load with kind, status, class and links")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto reg = registry::load_registry(
      policy,
      {{"docs/r.toml",
        "[[items]]\nid = \"SRS-1\"\ntitle = \"Alarm\"\nstatus = \"approved\"\nclass = \"C\"\n"
        "links = { derives-from = [\"SYS-4\"] }\n"}});
  const auto* item = reg.find("SRS-1");
  REQUIRE(item != nullptr);
  CHECK(item->kind == "requirement");
  CHECK(item->status == "approved");
  CHECK(item->safety_class == "C");
  REQUIRE(item->links.size() == 1);
  CHECK(item->links[0].type == "derives-from");
  CHECK(item->links[0].target == "SYS-4"); // external kind: need not be defined
  CHECK(item->where.file == "docs/r.toml");
  CHECK(item->where.line == 1);
  CHECK(reg.find("SRS-2") == nullptr);
}

TEST_CASE("registry: every problem in every file, with its location")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  CHECK(errors_of(policy,
                  {{"a.toml", "[[items]]\nid = \"XYZ-1\"\n"},
                   {"b.toml", "[[items]]\nid = \"SRS-1\"\ntitel = \"x\"\n"}}) ==
        "a.toml:2:6: error: 'XYZ-1' matches the pattern of no kind in trail.toml; give its kind "
        "with kind = \"...\" or fix the ID\n"
        "    2 | id = \"XYZ-1\"\n"
        "      |      ^\n"
        "b.toml:1:1: error: missing required key 'status' in items[0]\n"
        "    1 | [[items]]\n"
        "      | ^\n"
        "b.toml:3:1: error: unknown key 'titel' in items[0]; did you mean 'title'?\n"
        "    3 | titel = \"x\"\n"
        "      | ^");
}

TEST_CASE("registry: a TOML syntax error names the file")
{
  const auto policy = policy::parse_policy(k_policy, "trail.toml");
  const auto text = errors_of(policy, {{"docs/bad.toml", "[[items]\n"}});
  CHECK(text.starts_with("docs/bad.toml:1:"));
}

TEST_CASE("trace: natural order of IDs")
{
  CHECK(util::natural_less("SRS-2", "SRS-10"));
  CHECK_FALSE(util::natural_less("SRS-10", "SRS-2"));
  CHECK(util::natural_less("SRS-9", "SRS-09a"));
  CHECK(util::natural_less("A-1", "B-0"));
  CHECK_FALSE(util::natural_less("SRS-1", "SRS-1"));
}

// --- SOUP records, severity and evaluation ------------------------------------------------

namespace {

const char* const k_soup_policy = R"(
[kinds.requirement]
pattern = 'SRS-\d+'
states = ["draft", "approved"]
[kinds.problem-report]
pattern = 'PR-\d+'
[kinds.soup]
pattern = 'SOUP-\d+'
[kinds.library]
pattern = 'LIB-\d+'
role = "soup"
)";

} // namespace

TEST_CASE("registry: a SOUP item keeps every SOUP field")
{
  const auto policy = policy::parse_policy(k_soup_policy, "trail.toml");
  const auto reg = registry::load_registry(policy, {{"docs/soup.toml", R"([[items]]
id = "SOUP-1"
title = "zlib"
status = "approved"
class = "B"
manufacturer = "Jean-loup Gailly and Mark Adler"
version = "1.3.1"
release_date = 2024-01-22
license = "Zlib"
purl = "pkg:github/madler/zlib@v1.3.1"
cpe = "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"
requirements = "Deflate and inflate streams"
needs = "A C99 compiler"
anomaly_list = "https://github.com/madler/zlib/issues"
anomaly_review = "2026-01-15"
support = "maintained"
end_of_support = 2030-12-31
verification = "Round-trip tests in tests/zlib"
paths = ["third_party/zlib/**", "cmake/zlib.cmake"]
)"}});
  const auto* item = reg.find("SOUP-1");
  REQUIRE(item != nullptr);
  CHECK(item->kind == "soup");
  CHECK(item->title == "zlib");
  CHECK(item->status == "approved");
  CHECK(item->safety_class == "B");
  const registry::SoupRecord& soup = item->soup;
  CHECK(soup.manufacturer == "Jean-loup Gailly and Mark Adler");
  CHECK(soup.version == "1.3.1");
  CHECK(soup.release_date == "2024-01-22");
  CHECK(soup.license == "Zlib");
  CHECK(soup.purl == "pkg:github/madler/zlib@v1.3.1");
  CHECK(soup.cpe == "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*");
  CHECK(soup.requirements == "Deflate and inflate streams");
  CHECK(soup.needs == "A C99 compiler");
  CHECK(soup.anomaly_list == "https://github.com/madler/zlib/issues");
  CHECK(soup.anomaly_review == "2026-01-15");
  CHECK(soup.support == "maintained");
  CHECK(soup.end_of_support == "2030-12-31");
  CHECK(soup.verification == "Round-trip tests in tests/zlib");
  CHECK(soup.paths == std::vector<std::string>{"third_party/zlib/**", "cmake/zlib.cmake"});
}

TEST_CASE("registry: SOUP dates as TOML dates or strings, other support levels, any soup kind")
{
  const auto policy = policy::parse_policy(k_soup_policy, "trail.toml");
  const auto reg = registry::load_registry(policy, {{"docs/soup.toml", R"([[items]]
id = "LIB-7"
release_date = "2019-03-05"
anomaly_review = 2026-02-01
end_of_support = "2020-12-31"
support = "not-maintained"

[[items]]
id = "SOUP-2"
support = "abandoned"
)"}});
  const auto* lib = reg.find("LIB-7");
  REQUIRE(lib != nullptr);
  CHECK(lib->kind == "library");
  CHECK(lib->soup.release_date == "2019-03-05");
  CHECK(lib->soup.anomaly_review == "2026-02-01");
  CHECK(lib->soup.end_of_support == "2020-12-31");
  CHECK(lib->soup.support == "not-maintained");
  CHECK(lib->soup.manufacturer.empty());
  CHECK(lib->soup.paths.empty());
  const auto* soup = reg.find("SOUP-2");
  REQUIRE(soup != nullptr);
  CHECK(soup->soup.support == "abandoned");
  CHECK(soup->soup.release_date.empty());
}

TEST_CASE("registry: a SOUP field on an item that is not SOUP names the key and the kind")
{
  const auto policy = policy::parse_policy(k_soup_policy, "trail.toml");
  CHECK(errors_of(policy,
                  {{"r.toml",
                    "[[items]]\nid = \"SRS-1\"\nstatus = \"approved\"\nversion = \"1.0\"\n"
                    "paths = [\"src/**\"]\n"}}) ==
        "r.toml:4:11: error: items[0].version is a SOUP field, but kind 'requirement' does not "
        "have role = \"soup\"\n"
        "    4 | version = \"1.0\"\n"
        "      |           ^\n"
        "r.toml:5:9: error: items[0].paths is a SOUP field, but kind 'requirement' does not have "
        "role = \"soup\"\n"
        "    5 | paths = [\"src/**\"]\n"
        "      |         ^");
  CHECK(errors_of(policy, {{"p.toml", "[[items]]\nid = \"PR-1\"\nlicense = \"MIT\"\n"}}) ==
        "p.toml:3:11: error: items[0].license is a SOUP field, but kind 'problem-report' does not "
        "have role = \"soup\"\n"
        "    3 | license = \"MIT\"\n"
        "      |           ^");
  CHECK(errors_of(policy, {{"x.toml", "[[items]]\nid = \"XYZ-1\"\nlicense = \"MIT\"\n"}}) ==
        "x.toml:2:6: error: 'XYZ-1' matches the pattern of no kind in trail.toml; give its kind "
        "with kind = \"...\" or fix the ID\n"
        "    2 | id = \"XYZ-1\"\n"
        "      |      ^\n"
        "x.toml:3:11: error: items[0].license is a SOUP field, but the item has no kind\n"
        "    3 | license = \"MIT\"\n"
        "      |           ^");
}

TEST_CASE("registry: a SOUP date must be a date")
{
  const auto policy = policy::parse_policy(k_soup_policy, "trail.toml");
  CHECK(errors_of(policy,
                  {{"s.toml", "[[items]]\nid = \"SOUP-1\"\nrelease_date = \"2026-13-01\"\n"}}) ==
        "s.toml:3:16: error: items[0].release_date must be a date like 2026-01-31\n"
        "    3 | release_date = \"2026-13-01\"\n"
        "      |                ^");
  CHECK(errors_of(policy, {{"s.toml", "[[items]]\nid = \"SOUP-1\"\nrelease_date = 42\n"}}) ==
        "s.toml:3:16: error: items[0].release_date must be a date like 2026-01-31\n"
        "    3 | release_date = 42\n"
        "      |                ^");
  CHECK(errors_of(policy,
                  {{"s.toml", "[[items]]\nid = \"SOUP-1\"\nrelease_date = \"2026-02-30\"\n"}}) ==
        "s.toml:3:16: error: items[0].release_date must be a date like 2026-01-31\n"
        "    3 | release_date = \"2026-02-30\"\n"
        "      |                ^");
  CHECK(errors_of(policy,
                  {{"s.toml", "[[items]]\nid = \"SOUP-1\"\nanomaly_review = \"15.01.2026\"\n"}}) ==
        "s.toml:3:18: error: items[0].anomaly_review must be a date like 2026-01-31\n"
        "    3 | anomaly_review = \"15.01.2026\"\n"
        "      |                  ^");
  CHECK(errors_of(
            policy,
            {{"s.toml", "[[items]]\nid = \"SOUP-1\"\nend_of_support = 2030-12-31T00:00:00Z\n"}}) ==
        "s.toml:3:18: error: items[0].end_of_support must be a date like 2026-01-31\n"
        "    3 | end_of_support = 2030-12-31T00:00:00Z\n"
        "      |                  ^");
}

TEST_CASE("registry: an unknown level of support")
{
  const auto policy = policy::parse_policy(k_soup_policy, "trail.toml");
  CHECK(
      errors_of(policy, {{"s.toml", "[[items]]\nid = \"SOUP-1\"\nsupport = \"maintaned\"\n"}}) ==
      "s.toml:3:11: error: unknown level of support 'maintaned' in items[0].support; did you mean "
      "'maintained'?\n"
      "    3 | support = \"maintaned\"\n"
      "      |           ^");
  CHECK(errors_of(policy, {{"s.toml", "[[items]]\nid = \"SOUP-1\"\nsupport = \"eol\"\n"}}) ==
        "s.toml:3:11: error: unknown level of support 'eol' in items[0].support; expected one of "
        "maintained, not-maintained, abandoned\n"
        "    3 | support = \"eol\"\n"
        "      |           ^");
}

TEST_CASE("registry: SOUP text fields and paths are type-checked")
{
  const auto policy = policy::parse_policy(k_soup_policy, "trail.toml");
  CHECK(errors_of(policy, {{"s.toml", "[[items]]\nid = \"SOUP-1\"\nversion = 1.3\n"}}) ==
        "s.toml:3:11: error: wrong type for items[0].version: expected a string, found a float\n"
        "    3 | version = 1.3\n"
        "      |           ^");
  CHECK(errors_of(policy, {{"s.toml", "[[items]]\nid = \"SOUP-1\"\npaths = [\"lib/[x\"]\n"}}) ==
        "s.toml:3:15: error: invalid glob in items[0].paths: unclosed '['\n"
        "    3 | paths = [\"lib/[x\"]\n"
        "      |               ^");
}

TEST_CASE("registry: severity and evaluation of problem reports")
{
  const auto policy = policy::parse_policy(k_soup_policy, "trail.toml");
  const auto reg = registry::load_registry(policy, {{"docs/problems.toml", R"([[items]]
id = "PR-1"
title = "Alarm sounds late"
status = "open"
severity = "major"
evaluation = "The alarm is redundant with the display; no unacceptable risk"

[[items]]
id = "PR-2"
status = "closed"
)"}});
  const auto* open = reg.find("PR-1");
  REQUIRE(open != nullptr);
  CHECK(open->kind == "problem-report");
  CHECK(open->status == "open");
  CHECK(open->severity == "major");
  CHECK(open->evaluation == "The alarm is redundant with the display; no unacceptable risk");
  const auto* closed = reg.find("PR-2");
  REQUIRE(closed != nullptr);
  CHECK(closed->severity.empty());
  CHECK(closed->evaluation.empty());
  CHECK(
      errors_of(policy, {{"p.toml", "[[items]]\nid = \"PR-1\"\nseverity = 3\n"}}) ==
      "p.toml:3:12: error: wrong type for items[0].severity: expected a string, found an integer\n"
      "    3 | severity = 3\n"
      "      |            ^");
}
