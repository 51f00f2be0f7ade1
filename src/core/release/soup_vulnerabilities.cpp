#include "core/release/soup_vulnerabilities.hpp"

#include "core/util/strings.hpp"

#include <algorithm>

namespace trail::release {

namespace {

void add(std::vector<soup::Vulnerability>& to, std::vector<soup::Vulnerability> found)
{
  for (auto& v : found) {
    const bool known = std::any_of(
        to.begin(), to.end(), [&](const soup::Vulnerability& w) { return w.id == v.id; });
    if (!known) {
      to.push_back(std::move(v));
    }
  }
}

// The version of ITEM in use: the record's version, or the submodule's pinned commit.
std::string version_of(const SoupItem& item)
{
  return item.record.version;
}

} // namespace

void attach_vulnerabilities(const soup::VulnerabilityIndex& index, std::vector<SoupItem>& items)
{
  if (index.vex.empty() && index.osv.empty()) {
    return;
  }
  for (auto& item : items) {
    std::vector<soup::Vulnerability> found;
    if (item.source == "registry") {
      if (!item.record.purl.empty()) {
        add(found,
            soup::vulnerabilities_affecting(index,
                                            {item.record.purl, item.record.version, {}, {}}));
      }
    } else if (item.source == "submodule" && !item.url.empty()) {
      add(found,
          soup::vulnerabilities_affecting(
              index,
              {soup::purl_of_url(item.url, item.record.version), item.record.version, {}, {}}));
    }
    for (const auto& c : item.components) {
      add(found, soup::vulnerabilities_affecting(index, {c.purl, c.version, c.name, c.ecosystem}));
    }
    item.vulnerabilities = std::move(found);
  }
}

std::vector<UnevaluatedVulnerability>
unevaluated_vulnerabilities(const std::vector<SoupItem>& items)
{
  std::vector<UnevaluatedVulnerability> out;
  for (const auto& item : items) {
    for (const auto& v : item.vulnerabilities) {
      if (auto reason = soup::missing_evaluation(v); !reason.empty()) {
        out.push_back({item.id, item.title, version_of(item), item.safety_class, v, reason});
      }
    }
  }
  return out;
}

std::string describe(const UnevaluatedVulnerability& u)
{
  const auto& v = u.vulnerability;
  std::string out = u.item + (u.title.empty() || u.title == u.item ? "" : " (" + u.title + ")") +
                    " " + u.version + ": " + v.id + " " + u.reason + " (" + v.where.file + ":" +
                    std::to_string(v.where.line) + ")";
  if (!v.fixed.empty()) {
    out += "; fixed in " + util::join(v.fixed, ", ");
  }
  return out;
}

} // namespace trail::release
