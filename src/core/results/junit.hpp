#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trail::results {

// What a test run said of one test.
enum class Outcome
{
  passed,
  failed,
  skipped
};

// One <testcase> of a JUnit XML report.
struct TestCase
{
  std::string suite;     // the enclosing <testsuite name>
  std::string classname; // doctest, pytest and others put the file or module here
  std::string name;
  std::string file; // the file attribute, when the runner writes one
  Outcome outcome = Outcome::passed;
  // The runner reported an <error> (the test could not run as written), not a <failure>; the
  // outcome is failed either way.
  bool errored = false;
  std::string message; // the failure or skip message
  std::string source;  // the report it came from
};

// A whole report: its tests and the <property> elements of its suites, in document order
// (a run records there what it tested, e.g. git-trail.tree = the tree id it was built from).
struct Report
{
  std::string path;
  std::vector<TestCase> tests;
  std::vector<std::pair<std::string, std::string>> properties;
};

// Reads the report at PATH with its properties; throws as read_junit does.
Report read_junit_report(const std::string& path);

// Parses the JUnit XML TEXT of the report at PATH (named in messages only); throws UsageError
// as read_junit does, also for suites nested deeper than k_max_suite_depth.
Report parse_junit_report(std::string_view text, const std::string& path);

// How deep <testsuite> elements may nest; no test runner nests more than a few levels, and a
// bound keeps a hostile report from exhausting the stack.
inline constexpr size_t k_max_suite_depth = 256;

// Reads the JUnit XML report at PATH (the format every test runner writes: <testsuites>,
// nested <testsuite>s, <testcase> with <failure>, <error> or <skipped>). Throws UsageError
// naming the file, line and column when it is not well-formed or not JUnit.
std::vector<TestCase> read_junit(const std::string& path);

// The property that binds a report to the tree it tested (see docs/release.md).
inline constexpr const char* k_tree_property = "git-trail.tree";

// Returns the report at PATH with a <property name="git-trail.tree" value="TREE"/> in the
// properties of its root element (replacing one that is there), as text to write back. Throws
// UsageError like read_junit for a file that is not a JUnit report.
std::string bind_to_tree(const std::string& path, const std::string& tree);

// Returns "passed", "failed" or "skipped".
const char* outcome_name(Outcome outcome);

} // namespace trail::results
