#include "core/results/junit.hpp"

#include "core/util/error.hpp"
#include "core/util/file.hpp"

#include <cstring>
#include <pugixml.hpp>
#include <sstream>

namespace trail::results {

namespace {

// Returns "line:column" of byte OFFSET in TEXT.
std::string position(std::string_view text, ptrdiff_t offset)
{
  size_t line = 1;
  size_t column = 1;
  for (ptrdiff_t i = 0; i < offset && static_cast<size_t>(i) < text.size(); ++i) {
    if (text[static_cast<size_t>(i)] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

using Properties = std::vector<std::pair<std::string, std::string>>;

void read_properties(const pugi::xml_node& node, Properties* out)
{
  if (out == nullptr) {
    return;
  }
  for (const auto& property : node.child("properties").children("property")) {
    out->emplace_back(property.attribute("name").as_string(),
                      property.attribute("value").as_string());
  }
}

void read_suite(const pugi::xml_node& suite,
                const std::string& path,
                std::string_view text,
                size_t depth,
                std::vector<TestCase>& out,
                Properties* properties)
{
  read_properties(suite, properties);
  for (const auto& child : suite.children()) {
    if (std::strcmp(child.name(), "testsuite") == 0) {
      if (depth + 1 >= k_max_suite_depth) {
        throw UsageError(path + ":" + position(text, static_cast<ptrdiff_t>(child.offset_debug())) +
                         ": error: not a JUnit report: <testsuite> elements nest more than " +
                         std::to_string(k_max_suite_depth) + " deep");
      }
      read_suite(child, path, text, depth + 1, out, properties);
      continue;
    }
    if (std::strcmp(child.name(), "testcase") != 0) {
      continue;
    }
    TestCase test;
    test.suite = suite.attribute("name").as_string();
    test.classname = child.attribute("classname").as_string();
    test.name = child.attribute("name").as_string();
    test.file = child.attribute("file").as_string();
    test.source = path;
    if (auto failure = child.child("failure"); failure) {
      test.outcome = Outcome::failed;
      test.message = failure.attribute("message").as_string();
    } else if (auto error = child.child("error"); error) {
      test.outcome = Outcome::failed;
      test.errored = true;
      test.message = error.attribute("message").as_string();
    } else if (auto skipped = child.child("skipped"); skipped) {
      test.outcome = Outcome::skipped;
      test.message = skipped.attribute("message").as_string();
    }
    out.push_back(std::move(test));
  }
}

} // namespace

std::string bind_to_tree(const std::string& path, const std::string& tree)
{
  (void)read_junit_report(path); // the same errors as reading it: file, line, column
  pugi::xml_document doc;
  const std::string text = util::read_file(path, util::k_max_report_bytes);
  doc.load_buffer(text.data(),
                  text.size(),
                  pugi::parse_default | pugi::parse_declaration | pugi::parse_comments);
  pugi::xml_node root = doc.document_element();
  pugi::xml_node properties = root.child("properties");
  if (!properties) {
    // JUnit puts <properties> first in a suite.
    properties = root.prepend_child("properties");
  }
  for (pugi::xml_node property = properties.child("property"); property;) {
    pugi::xml_node next = property.next_sibling("property");
    if (std::strcmp(property.attribute("name").as_string(), k_tree_property) == 0) {
      properties.remove_child(property);
    }
    property = next;
  }
  pugi::xml_node property = properties.append_child("property");
  property.append_attribute("name") = k_tree_property;
  property.append_attribute("value") = tree.c_str();
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

const char* outcome_name(Outcome outcome)
{
  switch (outcome) {
  case Outcome::passed:
    return "passed";
  case Outcome::failed:
    return "failed";
  case Outcome::skipped:
    return "skipped";
  }
  return "passed";
}

std::vector<TestCase> read_junit(const std::string& path)
{
  return read_junit_report(path).tests;
}

Report read_junit_report(const std::string& path)
{
  std::string text;
  try {
    text = util::read_file(path, util::k_max_report_bytes);
  } catch (const Error& error) {
    // A report the user named that cannot be read is a usage error, not an internal one.
    throw UsageError(error.what());
  }
  return parse_junit_report(text, path);
}

Report parse_junit_report(std::string_view text, const std::string& path)
{
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(text.data(), text.size());
  if (!parsed) {
    throw UsageError(path + ":" + position(text, parsed.offset) +
                     ": error: not well-formed XML: " + parsed.description());
  }
  const auto root = doc.document_element();
  if (std::strcmp(root.name(), "testsuites") != 0 && std::strcmp(root.name(), "testsuite") != 0) {
    throw UsageError(path + ":" + position(text, static_cast<ptrdiff_t>(root.offset_debug())) +
                     ": error: not a JUnit report: the root element is <" + root.name() +
                     ">, not <testsuites> or <testsuite>");
  }
  Report report;
  report.path = path;
  if (std::strcmp(root.name(), "testsuite") == 0) {
    read_suite(root, path, text, 0, report.tests, &report.properties);
  } else {
    read_properties(root, &report.properties);
    for (const auto& suite : root.children("testsuite")) {
      read_suite(suite, path, text, 1, report.tests, &report.properties);
    }
  }
  return report;
}

} // namespace trail::results
