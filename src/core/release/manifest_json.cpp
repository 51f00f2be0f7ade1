#include "core/release/manifest_json.hpp"

#include "core/util/error.hpp"

#include <algorithm>

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

namespace {

[[noreturn]] void malformed(const std::string& what)
{
  throw UsageError("the manifest in the tag is malformed: " + what);
}

// Refuses TEXT when its arrays and objects nest deeper than k_max_manifest_depth, before any
// parser or recursive walk sees it.
void check_depth(std::string_view text)
{
  size_t depth = 0;
  size_t line = 1;
  size_t column = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (c == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > k_max_manifest_depth) {
        malformed("arrays and objects nest more than " + std::to_string(k_max_manifest_depth) +
                  " deep (line " + std::to_string(line) + ", column " + std::to_string(column) +
                  " of the manifest)");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// Checks that DOC.NAME, when present, is an object whose FIELDS, when present, are strings.
void expect_object(const ordered_json& doc,
                   const std::string& name,
                   std::initializer_list<const char*> fields,
                   bool nullable = false)
{
  const auto at = doc.find(name);
  if (at == doc.end() || (nullable && at->is_null())) {
    return;
  }
  if (!at->is_object()) {
    malformed(name + " is not an object");
  }
  for (const char* field : fields) {
    const auto value = at->find(field);
    if (value != at->end() && !value->is_string()) {
      malformed(name + "." + field + " is not a string");
    }
  }
}

// Checks DOC.NAME, when present: an array of objects whose files and paths are as written.
void expect_groups(const ordered_json& doc, const std::string& name)
{
  const auto at = doc.find(name);
  if (at == doc.end()) {
    return;
  }
  if (!at->is_array()) {
    malformed(name + " is not an array");
  }
  for (size_t i = 0; i < at->size(); ++i) {
    const auto& group = (*at)[i];
    const std::string where = name + "[" + std::to_string(i) + "]";
    if (!group.is_object()) {
      malformed(where + " is not an object");
    }
    if (const auto paths = group.find("paths"); paths != group.end()) {
      if (!paths->is_array() ||
          !std::all_of(paths->begin(), paths->end(), [](const auto& p) { return p.is_string(); })) {
        malformed(where + ".paths is not an array of strings");
      }
    }
    const auto files = group.find("files");
    if (files == group.end()) {
      continue;
    }
    if (!files->is_array()) {
      malformed(where + ".files is not an array");
    }
    for (size_t j = 0; j < files->size(); ++j) {
      const auto& file = (*files)[j];
      const std::string at_file = where + ".files[" + std::to_string(j) + "]";
      if (!file.is_object()) {
        malformed(at_file + " is not an object");
      }
      for (const char* field : {"path", "mode", "object", "sha256"}) {
        const auto value = file.find(field);
        if (value != file.end() && !value->is_string()) {
          malformed(at_file + "." + field + " is not a string");
        }
      }
    }
  }
}

} // namespace

nlohmann::ordered_json parse_manifest_json(std::string_view text)
{
  check_depth(text);
  ordered_json doc;
  try {
    doc = ordered_json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    throw UsageError(std::string("the manifest in the tag is not valid JSON: ") + error.what());
  }
  const auto format = doc.is_object() ? doc.find("manifest") : doc.end();
  if (!doc.is_object() || format == doc.end() || *format != k_manifest_format) {
    throw UsageError("the manifest in the tag is not a " + std::string(k_manifest_format) +
                     " document");
  }
  expect_object(doc, "revision", {"commit", "tree", "date"});
  expect_object(doc, "product", {"name", "version", "safety_class"});
  expect_object(doc, "tool", {"name", "version"});
  expect_object(doc, "previous_release", {"tag", "commit"}, true);
  expect_groups(doc, "configuration_items");
  expect_groups(doc, "soup");
  return doc;
}

} // namespace trail::release
