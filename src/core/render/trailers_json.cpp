#include "core/render/trailers_json.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

namespace trail::render {

std::string trailers_json_line(const std::optional<std::string>& commit,
                               const std::vector<message::Trailer>& trailers,
                               const links::Extraction* links)
{
  nlohmann::ordered_json object;
  if (commit) {
    object["commit"] = *commit;
  }
  auto& list = object["trailers"] = nlohmann::ordered_json::array();
  for (const auto& trailer : trailers) {
    list.push_back(
        {{"key", util::sanitize_utf8(trailer.key)}, {"value", util::sanitize_utf8(trailer.value)}});
  }
  if (links) {
    auto& link_list = object["links"] = nlohmann::ordered_json::array();
    for (const auto& link : links->links) {
      link_list.push_back(
          {{"relation", link.relation}, {"kind", link.kind}, {"id", util::sanitize_utf8(link.id)}});
    }
  }
  return object.dump();
}

} // namespace trail::render
