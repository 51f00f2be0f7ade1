#include "core/results/junit.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

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
