// One line of `git trail trailers` output (src/core/render/trailers_json.cpp): the JSON
// contract of docs/cli.md, keys in their documented order, exact to the byte.

#include "core/render/trailers_json.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace trail;

namespace {

message::Trailer trailer(std::string key, std::string value, size_t line)
{
  message::Trailer t;
  t.key = std::move(key);
  t.value = std::move(value);
  t.line = line;
  return t;
}

links::Link link(std::string relation, std::string kind, std::string id)
{
  links::Link l;
  l.relation = std::move(relation);
  l.kind = std::move(kind);
  l.id = std::move(id);
  l.trailer = "Implements";
  l.line = 3;
  return l;
}

const std::string k_id = "0123456789abcdef0123456789abcdef01234567";

} // namespace

TEST_CASE("trailers json: commit, trailers and links in that order; each only when given")
{
  const std::vector<message::Trailer> trailers{trailer("Implements", "SRS-1, SRS-2", 3),
                                               trailer("Signed-off-by", "T <t@x>", 4)};
  links::Extraction extraction;
  extraction.links = {link("implements", "requirement", "SRS-1"),
                      link("implements", "requirement", "SRS-2")};

  CHECK(render::trailers_json_line(k_id, trailers, &extraction) ==
        "{\"commit\":\"" + k_id +
            "\",\"trailers\":[{\"key\":\"Implements\",\"value\":\"SRS-1, SRS-2\"},"
            "{\"key\":\"Signed-off-by\",\"value\":\"T <t@x>\"}],"
            "\"links\":[{\"relation\":\"implements\",\"kind\":\"requirement\",\"id\":\"SRS-1\"},"
            "{\"relation\":\"implements\",\"kind\":\"requirement\",\"id\":\"SRS-2\"}]}");
  // --message-file: no commit; no policy: no links.
  CHECK(render::trailers_json_line(std::nullopt, trailers, nullptr) ==
        "{\"trailers\":[{\"key\":\"Implements\",\"value\":\"SRS-1, SRS-2\"},"
        "{\"key\":\"Signed-off-by\",\"value\":\"T <t@x>\"}]}");
  // Nothing found is still a whole object, with empty arrays.
  const links::Extraction none;
  CHECK(render::trailers_json_line(k_id, {}, &none) ==
        "{\"commit\":\"" + k_id + "\",\"trailers\":[],\"links\":[]}");
  CHECK(render::trailers_json_line(std::nullopt, {}, nullptr) == "{\"trailers\":[]}");
}

TEST_CASE("trailers json: escapes, and bytes that are not UTF-8 as U+FFFD, one line always")
{
  const std::vector<message::Trailer> trailers{
      trailer("Note", "a \"quoted\" \\ value\twith a tab", 2),
      trailer("Ref\xe9", "caf\xe9", 3), // Latin-1
  };
  links::Extraction extraction;
  extraction.links = {link("refs", "ticket", "T-\xff")};
  const std::string line = render::trailers_json_line(std::nullopt, trailers, &extraction);
  CHECK(line ==
        "{\"trailers\":[{\"key\":\"Note\",\"value\":\"a \\\"quoted\\\" \\\\ value\\twith a "
        "tab\"},{\"key\":\"Ref\xef\xbf\xbd\",\"value\":\"caf\xef\xbf\xbd\"}],"
        "\"links\":[{\"relation\":\"refs\",\"kind\":\"ticket\",\"id\":\"T-\xef\xbf\xbd\"}]}");
  CHECK(line.find('\n') == std::string::npos);
  const auto parsed = nlohmann::json::parse(line);
  CHECK(parsed.at("trailers").at(0).at("value") == "a \"quoted\" \\ value\twith a tab");
}
