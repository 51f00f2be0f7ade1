#include "core/render/diagnostics.hpp"

#include "core/util/strings.hpp"

#include <nlohmann/json.hpp>

namespace trail::render {

std::string diagnostics_text(const std::vector<rules::Diagnostic>& diagnostics)
{
  std::string out;
  for (const auto& d : diagnostics) {
    out += "  " + d.rule + ": " + d.message;
    if (d.line > 0) {
      out += " (line " + std::to_string(d.line) + ")";
    }
    out += "\n";
    if (!d.hint.empty()) {
      out += "      " + d.hint + "\n";
    }
  }
  return out;
}

std::string diagnostics_json(const std::vector<rules::Diagnostic>& diagnostics)
{
  auto array = nlohmann::json::array();
  for (const auto& d : diagnostics) {
    nlohmann::json item = {{"rule", d.rule},
                           {"message", util::sanitize_utf8(d.message)},
                           {"hint", util::sanitize_utf8(d.hint)}};
    if (!d.commit.empty()) {
      item["commit"] = d.commit;
    }
    if (d.line > 0) {
      item["line"] = d.line;
    }
    array.push_back(std::move(item));
  }
  return array.dump();
}

} // namespace trail::render
