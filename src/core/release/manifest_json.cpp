#include "core/release/manifest_json.hpp"

namespace trail::release {

namespace {

using nlohmann::ordered_json;

ordered_json or_unknown(const std::string& s)
{
  return s.empty() ? ordered_json(k_unknown) : ordered_json(s);
}

ordered_json files_json(const std::vector<ManifestFile>& files)
{
  ordered_json out = ordered_json::array();
  for (const auto& f : files) {
    ordered_json file;
    file["path"] = f.path;
    file["mode"] = f.mode;
    file["object"] = f.object;
    if (!f.sha256.empty()) {
      file["sha256"] = f.sha256;
    }
    out.push_back(std::move(file));
  }
  return out;
}

ordered_json problem_json(const ProblemReport& p)
{
  ordered_json out;
  out["id"] = p.id;
  out["title"] = or_unknown(p.title);
  out["status"] = or_unknown(p.status);
  out["severity"] = or_unknown(p.severity);
  out["class"] = p.safety_class;
  out["evaluation"] = or_unknown(p.evaluation);
  out["fixed_by"] = p.fixed_by;
  return out;
}

} // namespace

nlohmann::ordered_json soup_to_json(const SoupItem& s)
{
  const auto& r = s.record;
  ordered_json out;
  out["id"] = s.id;
  out["source"] = s.source;
  out["title"] = or_unknown(s.title);
  out["class"] = s.safety_class;
  if (s.source == "registry") {
    out["status"] = or_unknown(s.status);
    out["manufacturer"] = or_unknown(r.manufacturer);
    out["version"] = or_unknown(r.version);
    out["release_date"] = or_unknown(r.release_date);
    out["license"] = or_unknown(r.license);
    out["purl"] = or_unknown(r.purl);
    out["cpe"] = or_unknown(r.cpe);
    out["requirements"] = or_unknown(r.requirements);
    out["needs"] = or_unknown(r.needs);
    out["anomaly_list"] = or_unknown(r.anomaly_list);
    out["anomaly_review"] = or_unknown(r.anomaly_review);
    out["support"] = or_unknown(r.support);
    out["end_of_support"] = or_unknown(r.end_of_support);
    out["verification"] = or_unknown(r.verification);
    out["paths"] = r.paths;
  } else {
    out["commit"] = r.version;
    out["url"] = or_unknown(s.url);
    out["described_by"] =
        s.described_by.empty() ? ordered_json(nullptr) : ordered_json(s.described_by);
  }
  out["files"] = files_json(s.files);
  out["sha256"] = s.digest.empty() ? ordered_json(nullptr) : ordered_json(s.digest);
  out["missing"] = s.missing;
  return out;
}

nlohmann::ordered_json manifest_to_json(const Manifest& m)
{
  ordered_json out;
  out["manifest"] = k_manifest_format;
  out["product"] = {{"name", m.product}, {"version", m.version}, {"safety_class", m.safety_class}};
  out["revision"] = {{"commit", m.commit}, {"tree", m.tree}, {"date", m.date}};
  out["tool"] = {{"name", "git-trail"}, {"version", m.tool_version}};
  out["policy"] = {{"source", m.policy_source}, {"sha256", m.policy_digest}};
  if (m.previous_commit) {
    out["previous_release"] = {
        {"tag", m.previous_tag ? ordered_json(*m.previous_tag) : ordered_json(k_unknown)},
        {"commit", *m.previous_commit}};
  } else {
    out["previous_release"] = nullptr;
  }

  ordered_json items = ordered_json::array();
  for (const auto& item : m.items) {
    ordered_json entry;
    entry["name"] = item.name;
    entry["class"] = item.safety_class;
    entry["paths"] = item.paths;
    entry["sha256"] = item.digest;
    entry["files"] = files_json(item.files);
    items.push_back(std::move(entry));
  }
  out["configuration_items"] = std::move(items);

  ordered_json soup = ordered_json::array();
  for (const auto& s : m.soup) {
    soup.push_back(soup_to_json(s));
  }
  out["soup"] = std::move(soup);

  ordered_json changes = ordered_json::array();
  for (const auto& c : m.changes) {
    ordered_json entry;
    entry["commit"] = c.commit;
    entry["subject"] = c.subject;
    entry["author"] = c.author;
    entry["date"] = c.date;
    ordered_json links = ordered_json::array();
    for (const auto& link : c.links) {
      links.push_back({{"relation", link.relation}, {"kind", link.kind}, {"id", link.id}});
    }
    entry["links"] = std::move(links);
    if (!c.safety_impact.empty()) {
      entry["safety_impact"] = c.safety_impact;
    }
    changes.push_back(std::move(entry));
  }
  out["changes"] = std::move(changes);
  if (!m.shallow_boundary.empty()) {
    // Said only when it happens, so a complete manifest keeps its shape.
    out["changes_incomplete"] = {{"reason", "shallow clone: history stops at these commits"},
                                 {"boundary", m.shallow_boundary}};
  }

  ordered_json resolved = ordered_json::array();
  for (const auto& p : m.resolved) {
    resolved.push_back(problem_json(p));
  }
  out["problems_resolved"] = std::move(resolved);
  ordered_json residual = ordered_json::array();
  for (const auto& p : m.residual) {
    residual.push_back(problem_json(p));
  }
  out["residual_anomalies"] = std::move(residual);

  ordered_json verification;
  ordered_json reports = ordered_json::array();
  for (const auto& e : m.evidence) {
    reports.push_back({{"file", e.file},
                       {"sha256", e.sha256},
                       {"tree", e.tree},
                       {"bound_to_release", e.bound},
                       {"tests", e.tests},
                       {"passed", e.passed},
                       {"failed", e.failed},
                       {"skipped", e.skipped}});
  }
  verification["reports"] = std::move(reports);
  if (m.verification_assessed) {
    ordered_json requirements = ordered_json::array();
    for (const auto& r : m.requirements) {
      requirements.push_back({{"id", r.id},
                              {"title", or_unknown(r.title)},
                              {"status", or_unknown(r.status)},
                              {"class", r.safety_class},
                              {"passed", r.passed},
                              {"failed", r.failed},
                              {"skipped", r.skipped},
                              {"gaps", r.gaps}});
    }
    verification["requirements"] = std::move(requirements);
  } else {
    verification["requirements"] = k_unknown;
  }
  out["verification"] = std::move(verification);
  out["build"] = {{"procedure", m.build},
                  {"environment",
                   m.environment.empty() ? ordered_json(k_unknown) : ordered_json(m.environment)}};
  return out;
}

std::string manifest_text(const Manifest& manifest)
{
  // Bytes that are not UTF-8 were replaced when the model was built; dump must not throw.
  return manifest_to_json(manifest).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

} // namespace trail::release
