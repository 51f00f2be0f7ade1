#include "core/release/manifest_json.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace trail;

namespace {

std::string error_of(const std::string& text)
{
  try {
    (void)release::parse_manifest_json(text);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "no error";
}

// A manifest whose "changes" holds DEPTH nested arrays.
std::string nested(size_t depth)
{
  return "{\"manifest\": \"git-trail/release-manifest/1\", \"changes\": " +
         std::string(depth, '[') + std::string(depth, ']') + "}";
}

} // namespace

TEST_CASE("parse_manifest_json reads what manifest_text writes")
{
  const std::string text = "{\"manifest\": \"git-trail/release-manifest/1\", \"revision\": "
                           "{\"commit\": \"c1\"}, \"previous_release\": null, "
                           "\"configuration_items\": [{\"paths\": [\"src/**\"], \"files\": "
                           "[{\"path\": \"src/a.c\", \"sha256\": \"s\"}]}]}";
  const auto doc = release::parse_manifest_json(text);
  CHECK(doc["revision"]["commit"] == "c1");
  CHECK(error_of(text) == "no error");
}

// The red team's report: 200,000 nested arrays in a tag's manifest overflowed verify's stack.
TEST_CASE("a manifest nested 200,000 deep is refused before anything walks it")
{
  CHECK(error_of(nested(200000)) ==
        "the manifest in the tag is malformed: arrays and objects nest more than 64 deep (line 1, "
        "column 120 of the manifest)");
  CHECK(error_of(nested(63)) == "no error");
  // Brackets inside strings do not count.
  CHECK(error_of("{\"manifest\": \"git-trail/release-manifest/1\", \"x\": \"" +
                 std::string(100, '[') + "\\\"\"}") == "no error");
}

TEST_CASE("a manifest that is not JSON, or not ours, is refused with what is wrong")
{
  CHECK(error_of("{").rfind("the manifest in the tag is not valid JSON: ", 0) == 0);
  CHECK(error_of("[]") == "the manifest in the tag is not a git-trail/release-manifest/1 document");
  CHECK(error_of("{\"manifest\": 1}") ==
        "the manifest in the tag is not a git-trail/release-manifest/1 document");
}

// verify reads these fields by name; a wrong type used to escape as an internal error.
TEST_CASE("fields verify reads must have the type the manifest writes")
{
  const std::string head = "{\"manifest\": \"git-trail/release-manifest/1\", ";
  CHECK(error_of(head + "\"revision\": []}") ==
        "the manifest in the tag is malformed: revision is not an object");
  CHECK(error_of(head + "\"revision\": {\"commit\": 7}}") ==
        "the manifest in the tag is malformed: revision.commit is not a string");
  CHECK(error_of(head + "\"product\": {\"version\": null}}") ==
        "the manifest in the tag is malformed: product.version is not a string");
  CHECK(error_of(head + "\"tool\": \"x\"}") ==
        "the manifest in the tag is malformed: tool is not an object");
  CHECK(error_of(head + "\"previous_release\": {\"commit\": []}}") ==
        "the manifest in the tag is malformed: previous_release.commit is not a string");
  CHECK(error_of(head + "\"configuration_items\": [{\"paths\": [1]}]}") ==
        "the manifest in the tag is malformed: configuration_items[0].paths is not an array of "
        "strings");
  CHECK(error_of(head + "\"soup\": [{\"files\": [{\"sha256\": 1}]}]}") ==
        "the manifest in the tag is malformed: soup[0].files[0].sha256 is not a string");
  CHECK(error_of(head + "\"soup\": {}}") ==
        "the manifest in the tag is malformed: soup is not an array");
}
