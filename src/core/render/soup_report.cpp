#include "core/render/soup_report.hpp"

#include "core/soup/pinning.hpp"

namespace trail::render {
namespace {

std::string at(const soup::Component& c)
{
  return soup::where_text(c.where);
}

std::string version_of(const soup::Component& c)
{
  return c.version.empty() ? "(no version)" : c.version;
}

nlohmann::ordered_json component_json(const soup::Component& c)
{
  nlohmann::ordered_json j;
  j["version"] = c.version;
  j["purl"] = c.purl;
  j["digest"] = c.digest;
  j["url"] = c.url;
  j["file"] = c.where.file;
  j["line"] = c.where.line;
  return j;
}

nlohmann::ordered_json record_json(const std::optional<release::RecordAt>& r)
{
  if (!r) {
    return nullptr;
  }
  nlohmann::ordered_json j;
  j["id"] = r->id;
  j["title"] = r->title;
  j["version"] = r->version;
  j["anomaly_review"] = r->anomaly_review;
  j["support"] = r->support;
  j["end_of_support"] = r->end_of_support;
  j["not_soup"] = r->not_soup;
  return j;
}

} // namespace

std::string soup_record_text(const std::optional<release::RecordAt>& r)
{
  if (!r) {
    return "no record";
  }
  std::string out = r->id + " (" + r->title + ")";
  if (!r->not_soup.empty()) {
    return out + ", not SOUP: " + r->not_soup;
  }
  out += ", version " + (r->version.empty() ? std::string("unknown") : r->version);
  out +=
      ", anomaly review " + (r->anomaly_review.empty() ? std::string("none") : r->anomaly_review);
  out += ", support " + (r->support.empty() ? std::string("unknown") : r->support);
  if (!r->end_of_support.empty()) {
    out += " until " + r->end_of_support;
  }
  return out;
}

std::string soup_change_line(const soup::ComponentChange& c)
{
  const soup::Component& any = c.after ? *c.after : *c.before;
  std::string out =
      std::string(soup::kind_name(c.kind)) + ": " + any.name + " (" + any.ecosystem + ")";
  switch (c.kind) {
  case soup::ComponentChange::Kind::added:
  case soup::ComponentChange::Kind::repinned:
    return out + " " + version_of(*c.after) + " at " + at(*c.after);
  case soup::ComponentChange::Kind::removed:
    return out + " " + version_of(*c.before) + ", was at " + at(*c.before);
  default:
    return out + " " + version_of(*c.before) + " -> " + version_of(*c.after) + " at " +
           at(*c.after);
  }
}

std::vector<std::string> soup_change_details(const soup::ComponentChange& c)
{
  std::vector<std::string> out;
  if (c.kind != soup::ComponentChange::Kind::repinned) {
    return out;
  }
  const auto shown = [](const std::string& s) {
    return s.empty() ? std::string("(none)") : s;
  };
  if (c.before->digest != c.after->digest) {
    out.push_back("content " + shown(c.before->digest) + " -> " + shown(c.after->digest));
  }
  if (c.before->url != c.after->url) {
    out.push_back("source " + shown(c.before->url) + " -> " + shown(c.after->url));
  }
  return out;
}

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
    j["mutable"] = c.mutable_pin;
    j["depends_on"] = c.depends_on;
    list.push_back(std::move(j));
  }
  out["problems"] = found.problems;
  return out;
}

std::string
soup_diff_text(const release::SoupDiff& diff, const std::string& from, const std::string& to)
{
  const auto n = diff.entries.size();
  std::string out =
      "SOUP from " + from + " (" + diff.from.substr(0, 12) + ") to " + to + " (" +
      diff.to.substr(0, 12) + "): " +
      (n == 0 ? std::string("no change") : std::to_string(n) + " change" + (n == 1 ? "" : "s")) +
      "\n";
  for (const auto& e : diff.entries) {
    const auto& c = e.change;
    out += "  " + soup_change_line(c) + "\n";
    for (const auto& detail : soup_change_details(c)) {
      out += "    " + detail + "\n";
    }
    if (c.before) {
      out += "    record at " + from + ": " + soup_record_text(e.record_before) + "\n";
    }
    if (c.after) {
      out += "    record at " + to + ": " + soup_record_text(e.record_after) + "\n";
    }
  }
  for (const auto& p : diff.problems) {
    out += "problem: " + p + "\n";
  }
  return out;
}

nlohmann::ordered_json
soup_diff_json(const release::SoupDiff& diff, const std::string& from, const std::string& to)
{
  nlohmann::ordered_json out;
  out["from"] = {{"rev", from}, {"commit", diff.from}};
  out["to"] = {{"rev", to}, {"commit", diff.to}};
  auto& changes = out["changes"] = nlohmann::ordered_json::array();
  for (const auto& e : diff.entries) {
    const auto& c = e.change;
    const soup::Component& any = c.after ? *c.after : *c.before;
    nlohmann::ordered_json j;
    j["change"] = soup::kind_name(c.kind);
    j["ecosystem"] = any.ecosystem;
    j["name"] = any.name;
    j["before"] = c.before ? component_json(*c.before) : nlohmann::ordered_json(nullptr);
    j["after"] = c.after ? component_json(*c.after) : nlohmann::ordered_json(nullptr);
    j["record_before"] = record_json(e.record_before);
    j["record_after"] = record_json(e.record_after);
    changes.push_back(std::move(j));
  }
  out["problems"] = diff.problems;
  return out;
}

} // namespace trail::render
