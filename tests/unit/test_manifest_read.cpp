// verifies: GT-20
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

// A whole manifest as manifest_text writes it: one configuration item with one file, one
// registry SOUP item, no changes.
release::Manifest sample()
{
  release::Manifest m;
  m.commit = "c1";
  release::ConfigurationItem item;
  item.name = "core";
  item.paths = {"src/**"};
  item.files = {{"src/a.c", "100644", "b1", "s"}};
  m.items = {item};
  release::SoupItem soup;
  soup.id = "SOUP-1";
  soup.source = "registry";
  m.soup = {soup};
  return m;
}

// The sample's text with EDIT applied to its JSON.
template<typename Edit>
std::string edited(Edit edit)
{
  auto doc = release::manifest_to_json(sample());
  edit(doc);
  return doc.dump(2) + "\n";
}

} // namespace

TEST_CASE("parse_manifest_json reads what manifest_text writes")
{
  const std::string text = release::manifest_text(sample());
  const auto doc = release::parse_manifest_json(text);
  CHECK(doc["revision"]["commit"] == "c1");
  CHECK(error_of(text) == "no error");
  CHECK(error_of(release::manifest_text(release::Manifest{})) == "no error");
}

// The red team's r7: a name that is not UTF-8 was stored as U+FFFD and never verified again.
TEST_CASE("a file name that is not UTF-8 is kept exactly, beside a readable path")
{
  auto m = sample();
  m.items[0].files = {{"src/caf\xe9.c", "100644", "b1", "s"},
                      {"src/caf\xe8.c", "100644", "b2", "t"}};
  const auto doc = release::parse_manifest_json(release::manifest_text(m));
  const auto& files = doc["configuration_items"][0]["files"];
  CHECK(files[0]["path"] == "src/caf\xef\xbf\xbd.c");
  CHECK(files[0]["path_hex"] == "7372632f636166e92e63");
  CHECK(files[1]["path"] == files[0]["path"]);
  CHECK(release::file_entry_path(files[0]) == "src/caf\xe9.c");
  CHECK(release::file_entry_path(files[1]) == "src/caf\xe8.c");
  // A valid UTF-8 name is written as before, with no path_hex.
  CHECK(release::manifest_to_json(sample())["configuration_items"][0]["files"][0].dump() ==
        "{\"path\":\"src/a.c\",\"mode\":\"100644\",\"object\":\"b1\",\"sha256\":\"s\"}");
  CHECK(error_of(edited([](auto& d) {
          d["configuration_items"][0]["files"][0]["path_hex"] = "7372632f612e63"; // valid UTF-8
        })) == "the manifest in the tag is malformed: configuration_items[0].files[0].path_hex is "
               "not the hex of a name that is not UTF-8 and reads as path");
  CHECK(error_of(
            edited([](auto& d) { d["configuration_items"][0]["files"][0]["path_hex"] = "zz"; })) ==
        "the manifest in the tag is malformed: configuration_items[0].files[0].path_hex is not the "
        "hex of a name that is not UTF-8 and reads as path");
}

TEST_CASE("file paths must name a file inside the release")
{
  const auto with_path = [](const char* path) {
    return error_of(
        edited([&](auto& d) { d["configuration_items"][0]["files"][0]["path"] = path; }));
  };
  const std::string at =
      "the manifest in the tag is malformed: configuration_items[0].files[0].path ";
  CHECK(with_path("../x") == at + "\"../x\" is not a path inside the release: a \"..\" component");
  CHECK(with_path("src/./x") ==
        at + "\"src/./x\" is not a path inside the release: a \".\" component");
  CHECK(with_path("/etc/passwd") ==
        at + "\"/etc/passwd\" is not a path inside the release: absolute");
  CHECK(with_path("src/") == at + "\"src/\" is not a path inside the release: an empty component");
  CHECK(with_path("") == at + "\"\" is not a path inside the release: empty");
  CHECK(release::path_problem("src/a..b/.c") == "");
}

TEST_CASE("a key twice in one object is refused, named by its JSON path")
{
  const std::string text = release::manifest_text(sample());
  // The text with the first line that holds KEY written twice.
  const auto twice = [&](const std::string& key) {
    const auto at = text.find(key);
    REQUIRE(at != std::string::npos);
    const auto begin = text.rfind('\n', at) + 1;
    const auto end = text.find('\n', at) + 1;
    return error_of(text.substr(0, end) + text.substr(begin, end - begin) + text.substr(end));
  };
  CHECK(twice("\"manifest\": ") ==
        "the manifest in the tag is malformed: duplicate key \"manifest\" in the top-level object");
  CHECK(twice("\"commit\": ") ==
        "the manifest in the tag is malformed: duplicate key \"commit\" in revision");
  CHECK(twice("\"object\": ") ==
        "the manifest in the tag is malformed: duplicate key \"object\" in "
        "configuration_items[0].files[0]");
  CHECK(twice("\"license\": ") ==
        "the manifest in the tag is malformed: duplicate key \"license\" in soup[0]");
}

// The red team's report: 200,000 nested arrays in a tag's manifest overflowed verify's stack.
TEST_CASE("a manifest nested 200,000 deep is refused before anything walks it")
{
  CHECK(error_of(nested(200000)) ==
        "the manifest in the tag is malformed: arrays and objects nest more than 64 deep (line 1, "
        "column 120 of the manifest)");
  // 63 nested arrays in a field of the top-level object: 64 levels, the bound.
  CHECK(error_of(edited([](auto& d) {
          d["x"] = nlohmann::ordered_json::array();
          auto* at = &d["x"];
          for (int i = 1; i < 63; ++i) {
            at->push_back(nlohmann::ordered_json::array());
            at = &(*at)[0];
          }
        })) == "no error");
  // Brackets inside strings do not count.
  CHECK(error_of(edited([](auto& d) { d["x"] = std::string(100, '[') + "\""; })) == "no error");
}

TEST_CASE("a manifest that is not JSON, or not ours, is refused with what is wrong")
{
  CHECK(error_of("{").rfind("the manifest in the tag is not valid JSON: ", 0) == 0);
  CHECK(error_of("[]") == "the manifest in the tag is not a git-trail/release-manifest/1 document");
  CHECK(error_of("{\"manifest\": 1}") ==
        "the manifest in the tag is not a git-trail/release-manifest/1 document");
}

// verify reads these fields by name; a wrong type used to escape as an internal error. The
// whole document is checked in one pass, every field manifest_to_json writes.
TEST_CASE("every field must be there with the type the manifest writes")
{
  const std::string bad = "the manifest in the tag is malformed: ";
  CHECK(error_of(edited([](auto& d) { d["revision"] = nlohmann::ordered_json::array(); })) ==
        bad + "revision is not an object");
  CHECK(error_of(edited([](auto& d) { d["revision"]["commit"] = 7; })) ==
        bad + "revision.commit is not a string");
  CHECK(error_of(edited([](auto& d) { d["product"]["version"] = nullptr; })) ==
        bad + "product.version is not a string");
  CHECK(error_of(edited([](auto& d) { d["tool"] = "x"; })) == bad + "tool is not an object");
  CHECK(error_of(edited([](auto& d) {
          d["previous_release"] = {{"tag", "v1"}, {"commit", nlohmann::ordered_json::array()}};
        })) == bad + "previous_release.commit is not a string");
  CHECK(error_of(edited([](auto& d) { d["configuration_items"][0]["paths"] = {1}; })) ==
        bad + "configuration_items[0].paths is not an array of strings");
  CHECK(error_of(edited([](auto& d) { d["configuration_items"][0]["files"][0]["sha256"] = 1; })) ==
        bad + "configuration_items[0].files[0].sha256 is not a string");
  CHECK(error_of(edited([](auto& d) { d["soup"] = nlohmann::ordered_json::object(); })) ==
        bad + "soup is not an array");
  CHECK(error_of(edited([](auto& d) { d["soup"][0]["source"] = "elsewhere"; })) ==
        bad + "soup[0].source is neither \"registry\" nor \"submodule\" nor an ecosystem of SOUP "
              "discovery");
  CHECK(error_of(edited([](auto& d) { d.erase("changes"); })) ==
        bad + "the field \"changes\" is missing");
  CHECK(error_of(edited([](auto& d) { d["configuration_items"][0].erase("sha256"); })) ==
        bad + "configuration_items[0] has no field \"sha256\"");
  CHECK(error_of(edited([](auto& d) {
          d["verification"]["reports"] = {{{"file", "r.xml"},
                                           {"sha256", "s"},
                                           {"tree", "t"},
                                           {"bound_to_release", true},
                                           {"tests", -1},
                                           {"passed", 0},
                                           {"failed", 0},
                                           {"skipped", 0}}};
        })) == bad + "verification.reports[0].tests is not a count (a whole number of at least 0)");
}

// Class decisions (classes/): written only when there is something to say, read back typed.
TEST_CASE("a configuration item's declared class, rationale and stricter files round-trip")
{
  auto m = sample();
  m.items[0].safety_class = "C";
  m.items[0].declared_class = "A";
  m.items[0].class_rationale = "shows values";
  m.items[0].segregation = "own process";
  m.items[0].stricter_files = {{"src/a.c", "C", {"dosing"}}};
  const std::string text = release::manifest_text(m);
  CHECK(error_of(text) == "no error");
  const auto doc = release::parse_manifest_json(text);
  const auto& item = doc["configuration_items"][0];
  CHECK(item["declared_class"] == "A");
  CHECK(item["class_rationale"] == "shows values");
  CHECK(item["segregation"] == "own process");
  CHECK(item["stricter_files"].dump() == R"([{"path":"src/a.c","class":"C","items":["dosing"]}])");
  // Absent when empty: a manifest without them keeps its shape.
  const auto plain = release::manifest_to_json(sample())["configuration_items"][0];
  CHECK_FALSE(plain.contains("declared_class"));
  CHECK_FALSE(plain.contains("class_rationale"));
  CHECK_FALSE(plain.contains("segregation"));
  CHECK_FALSE(plain.contains("stricter_files"));
  const std::string bad = "the manifest in the tag is malformed: ";
  CHECK(error_of(edited([](auto& d) { d["configuration_items"][0]["segregation"] = 1; })) ==
        bad + "configuration_items[0].segregation is not a string");
  CHECK(error_of(edited([](auto& d) {
          d["configuration_items"][0]["stricter_files"] = {{{"path", "src/a.c"}, {"class", "C"}}};
        })) == bad + "configuration_items[0].stricter_files[0] has no field \"items\"");
}
