#include "core/render/soup_report.hpp"

namespace trail::render {

std::string discovery_text(const soup::Discovery& found, const std::string& commit)
{
  std::string out = "SOUP found in the tree of " + commit.substr(0, 12) + ": " +
                    std::to_string(found.components.size()) + " component" +
                    (found.components.size() == 1 ? "" : "s") + "\n";
  for (const auto& c : found.components) {
    out += "  " + c.ecosystem + "  " + c.name + "  " +
           (c.version.empty() ? "(no version)" : c.version);
    if (c.mutable_pin) {
      out += " (can move)";
    }
    if (c.development) {
      out += " (development only)";
    }
    out +=
        "\n    at " + c.where.file + (c.where.line > 0 ? ":" + std::to_string(c.where.line) : "");
    if (!c.purl.empty()) {
      out += "  " + c.purl;
    }
    if (!c.digest.empty()) {
      out += "  " + c.digest;
    }
    out += "\n";
  }
  for (const auto& p : found.problems) {
    out += "problem: " + p + "\n";
  }
  return out;
}

nlohmann::ordered_json discovery_json(const soup::Discovery& found, const std::string& commit)
{
  nlohmann::ordered_json out;
  out["commit"] = commit;
  auto& list = out["components"] = nlohmann::ordered_json::array();
  for (const auto& c : found.components) {
    nlohmann::ordered_json j;
    j["ecosystem"] = c.ecosystem;
    j["name"] = c.name;
    j["version"] = c.version;
    j["purl"] = c.purl;
    j["url"] = c.url;
    j["path"] = c.path;
    j["digest"] = c.digest;
    j["file"] = c.where.file;
    j["line"] = c.where.line;
    j["development"] = c.development;
    j["mutable_pin"] = c.mutable_pin;
    j["depends_on"] = c.depends_on;
    list.push_back(std::move(j));
  }
  out["problems"] = found.problems;
  return out;
}

} // namespace trail::render
