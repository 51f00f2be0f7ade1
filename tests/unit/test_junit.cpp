#include "core/results/junit.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>

using namespace trail;

namespace {

// Returns DEPTH <testsuite> elements nested in one another, a test case in the innermost.
std::string nested_suites(size_t depth)
{
  std::string text;
  for (size_t i = 0; i < depth; ++i) {
    text += "<testsuite>";
  }
  text += "<testcase name=\"deep\"/>";
  for (size_t i = 0; i < depth; ++i) {
    text += "</testsuite>";
  }
  return text;
}

std::string error_of(const std::string& text)
{
  try {
    (void)results::parse_junit_report(text, "deep.xml");
  } catch (const UsageError& error) {
    return error.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("parse_junit_report reads outcomes, suites and properties from text")
{
  const auto report = results::parse_junit_report(
      "<testsuites><testsuite name=\"u\"><properties><property name=\"k\" value=\"v\"/>"
      "</properties><testcase classname=\"c\" name=\"a\"/><testcase name=\"b\"><failure "
      "message=\"m\"/></testcase><testsuite name=\"inner\"><testcase name=\"c\"><skipped/>"
      "</testcase></testsuite></testsuite></testsuites>",
      "r.xml");
  REQUIRE(report.tests.size() == 3);
  CHECK(report.tests[0].outcome == results::Outcome::passed);
  CHECK(report.tests[1].outcome == results::Outcome::failed);
  CHECK(report.tests[1].message == "m");
  CHECK(report.tests[2].suite == "inner");
  CHECK(report.tests[2].outcome == results::Outcome::skipped);
  CHECK(report.tests[2].source == "r.xml");
  REQUIRE(report.properties.size() == 1);
  CHECK(report.properties[0].second == "v");
}

TEST_CASE("suites nested as deep as the limit allows are read")
{
  const auto report =
      results::parse_junit_report(nested_suites(results::k_max_suite_depth), "ok.xml");
  REQUIRE(report.tests.size() == 1);
  CHECK(report.tests[0].name == "deep");
}

// The red team's report: 100,000 nested <testsuite> elements overflowed the stack of `trace`.
TEST_CASE("suites nested 100,000 deep are an error with file:line:col, not a stack overflow")
{
  CHECK(error_of(nested_suites(100000)) ==
        "deep.xml:1:2818: error: not a JUnit report: <testsuite> elements nest more than 256 "
        "deep");
}

TEST_CASE("other elements nested 100,000 deep are read without recursion")
{
  std::string text = "<testsuite><testcase name=\"a\"/>";
  for (size_t i = 0; i < 100000; ++i) {
    text += "<x>";
  }
  for (size_t i = 0; i < 100000; ++i) {
    text += "</x>";
  }
  text += "</testsuite>";
  const auto report = results::parse_junit_report(text, "x.xml");
  CHECK(report.tests.size() == 1);
}

TEST_CASE("<error> is a failure, <skipped> a skip, each with its message; attributes are kept")
{
  const auto report = results::parse_junit_report(
      "<testsuite name=\"s\"><testcase classname=\"pkg.mod\" name=\"t1\" file=\"tests/a.py\">"
      "<error message=\"boom\"/></testcase><testcase name=\"t2\"><skipped message=\"later\"/>"
      "</testcase><testcase name=\"t3\"/></testsuite>",
      "e.xml");
  REQUIRE(report.tests.size() == 3);
  CHECK(report.tests[0].suite == "s");
  CHECK(report.tests[0].classname == "pkg.mod");
  CHECK(report.tests[0].file == "tests/a.py");
  CHECK(report.tests[0].outcome == results::Outcome::failed);
  CHECK(report.tests[0].message == "boom");
  CHECK(report.tests[1].outcome == results::Outcome::skipped);
  CHECK(report.tests[1].message == "later");
  CHECK(report.tests[2].outcome == results::Outcome::passed);
  CHECK(report.tests[2].message == "");
  CHECK(std::string(results::outcome_name(report.tests[0].outcome)) == "failed");
  CHECK(std::string(results::outcome_name(report.tests[1].outcome)) == "skipped");
  CHECK(std::string(results::outcome_name(report.tests[2].outcome)) == "passed");
}

TEST_CASE("a report that is not XML, or not JUnit, is a usage error with file:line:col")
{
  const auto error = [](std::string_view text) {
    try {
      (void)results::parse_junit_report(text, "r.xml");
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error("<testsuite>\n  <testcase name=\"a\">\n</testsuite>") ==
        "r.xml:3:3: error: not well-formed XML: Start-end tags mismatch");
  CHECK(error("<?xml version=\"1.0\"?>\n<html><body/></html>") ==
        "r.xml:2:2: error: not a JUnit report: the root element is <html>, not <testsuites> or "
        "<testsuite>");
}

TEST_CASE("bind_to_tree adds the tree property, replacing one that is there")
{
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("trail-unit-junit-" + std::to_string(std::random_device{}()) + ".xml"))
                               .string();
  util::write_file_atomic(path,
                          "<testsuite name=\"s\"><properties><property name=\"git-trail.tree\" "
                          "value=\"old\"/><property name=\"k\" value=\"v\"/></properties>"
                          "<testcase name=\"a\"/></testsuite>");
  const auto text = results::bind_to_tree(path, "abc123");
  std::filesystem::remove(path);
  CHECK(text == "<?xml version=\"1.0\"?>\n"
                "<testsuite name=\"s\">\n"
                "  <properties>\n"
                "    <property name=\"k\" value=\"v\" />\n"
                "    <property name=\"git-trail.tree\" value=\"abc123\" />\n"
                "  </properties>\n"
                "  <testcase name=\"a\" />\n"
                "</testsuite>\n");
  const auto report = results::parse_junit_report(text, "bound.xml");
  REQUIRE(report.properties.size() == 2);
  CHECK(report.properties[1].first == results::k_tree_property);
  CHECK(report.properties[1].second == "abc123");
}

TEST_CASE("bind_to_tree puts <properties> first in a suite that has none")
{
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("trail-unit-junit-" + std::to_string(std::random_device{}()) + ".xml"))
                               .string();
  util::write_file_atomic(path, "<testsuites><testsuite name=\"s\"/></testsuites>");
  const auto text = results::bind_to_tree(path, "t1");
  std::filesystem::remove(path);
  CHECK(text == "<?xml version=\"1.0\"?>\n"
                "<testsuites>\n"
                "  <properties>\n"
                "    <property name=\"git-trail.tree\" value=\"t1\" />\n"
                "  </properties>\n"
                "  <testsuite name=\"s\" />\n"
                "</testsuites>\n");
}
