#include "core/policy/load.hpp"
#include "core/registry/file_links.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace trail;

namespace {

// The links found, one "path:line relation id" per link, in the order scan_file_links gives.
std::string scan(const std::string& policy_text, const std::vector<registry::SourceFile>& files)
{
  const auto policy = policy::parse_policy(policy_text, "trail.toml");
  std::ostringstream out;
  for (const auto& link : registry::scan_file_links(policy, files)) {
    out << link.path << ":" << link.line << " " << link.relation << " " << link.id << "\n";
  }
  return out.str();
}

const char* const k_fixed_relation = R"([kinds.requirement]
pattern = 'SRS-\d+'
[[registry.file_links]]
files = ["tests/**"]
pattern = 'verifies:\s*(SRS-\d+)'
relation = "verifies"
)";

const char* const k_captured_relation = R"([kinds.requirement]
pattern = 'SRS-\d+'
[[registry.file_links]]
files = ["tests/*.c", "spec/*.md"]
pattern = '(?i)(verifies|implements|covers):\s*(SRS-\d+)'
)";

} // namespace

TEST_CASE("scan_file_links: a rule with a fixed relation, every match of every line of covered "
          "files")
{
  CHECK(scan(k_fixed_relation,
             {{"tests/alarm_test.c",
               "// verifies: SRS-1\nint x;\n// verifies: SRS-2 verifies:SRS-3\n"},
              {"src/alarm.c", "// verifies: SRS-9\n"},
              {"tests/sub/log_test.c", "verifies:   SRS-4"}}) ==
        "tests/alarm_test.c:1 verifies SRS-1\n"
        "tests/alarm_test.c:3 verifies SRS-2\n"
        "tests/alarm_test.c:3 verifies SRS-3\n"
        "tests/sub/log_test.c:1 verifies SRS-4\n");
}

TEST_CASE("scan_file_links: a captured relation counts only when it is a known relation, in any "
          "case")
{
  CHECK(scan(k_captured_relation,
             {{"tests/a.c", "// Verifies: SRS-1\n// IMPLEMENTS: SRS-2\n// covers: SRS-3\n"},
              {"spec/b.md", "implements: SRS-4\r\n"},
              {"tests/deep/c.c", "verifies: SRS-5\n"}}) == "tests/a.c:1 verifies SRS-1\n"
                                                           "tests/a.c:2 implements SRS-2\n"
                                                           "spec/b.md:1 implements SRS-4\n");
}

TEST_CASE("scan_file_links: no rules, no files, no match")
{
  CHECK(scan("[kinds.requirement]\npattern = 'SRS-\\d+'\n", {{"tests/a.c", "verifies: SRS-1\n"}})
            .empty());
  CHECK(scan(k_fixed_relation, {}).empty());
  CHECK(scan(k_fixed_relation, {{"tests/a.c", ""}, {"tests/b.c", "verifies SRS-1\n"}}).empty());
}

TEST_CASE("scan_file_links: a pattern that can match the empty string ends")
{
  // An empty match consumes nothing; the scan must still move on and end.
  const char* const policy = R"([kinds.requirement]
pattern = 'SRS-\d+'
[[registry.file_links]]
files = ["tests/**"]
pattern = '(SRS-\d+)?'
relation = "verifies"
)";
  CHECK(scan(policy, {{"tests/a.c", "x SRS-1 y SRS-2\n\nSRS-3"}}) ==
        "tests/a.c:1 verifies SRS-1\n"
        "tests/a.c:1 verifies SRS-2\n"
        "tests/a.c:3 verifies SRS-3\n");
}

TEST_CASE("file_link_globs: every glob of every rule, in order")
{
  const auto policy = policy::parse_policy(
      std::string(k_captured_relation) + "[[registry.file_links]]\nfiles = [\"t/**\"]\n"
                                         "pattern = 'v: (SRS-\\d+)'\nrelation = \"verifies\"\n",
      "trail.toml");
  CHECK(registry::file_link_globs(policy) ==
        std::vector<std::string>{"tests/*.c", "spec/*.md", "t/**"});
}
