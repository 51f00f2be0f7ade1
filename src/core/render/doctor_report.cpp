#include "core/render/doctor_report.hpp"

#include <nlohmann/json.hpp>

namespace trail::render {

namespace {

const char* status_name(doctor::Status status)
{
  switch (status) {
  case doctor::Status::ok:
    return "ok";
  case doctor::Status::warning:
    return "warning";
  case doctor::Status::problem:
    return "problem";
  }
  return "problem";
}

std::string padded(std::string text, size_t width)
{
  if (text.size() < width) {
    text.append(width - text.size(), ' ');
  } else {
    text += ' ';
  }
  return text;
}

std::string counted(size_t n, const char* what)
{
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

} // namespace

std::string doctor_text(const doctor::Diagnosis& diagnosis)
{
  constexpr size_t k_status = 9;
  constexpr size_t k_check = 20;
  std::string out = "git-trail doctor: " + diagnosis.repository + "\n";
  for (const auto& f : diagnosis.findings) {
    out += padded(status_name(f.status), k_status) + padded(f.check, k_check) + f.detail + "\n";
    if (!f.fix.empty()) {
      // A fix of several lines (the ways to pin a server's policy) keeps its own indentation.
      std::string indent(k_status + k_check, ' ');
      std::string fix = "fix: " + f.fix;
      for (size_t at = fix.find('\n'); at != std::string::npos; at = fix.find('\n', at + 1)) {
        fix.insert(at + 1, indent);
      }
      out += indent + fix + "\n";
    }
  }
  const size_t problems = diagnosis.count(doctor::Status::problem);
  const size_t warnings = diagnosis.count(doctor::Status::warning);
  out += "git-trail doctor: ";
  if (problems == 0 && warnings == 0) {
    out += "everything is in place\n";
  } else {
    out += counted(problems, "problem") + ", " + counted(warnings, "warning") + "\n";
  }
  return out;
}

std::string doctor_json(const doctor::Diagnosis& diagnosis)
{
  nlohmann::ordered_json doc;
  doc["repository"] = diagnosis.repository;
  doc["bare"] = diagnosis.bare;
  doc["problems"] = diagnosis.count(doctor::Status::problem);
  doc["warnings"] = diagnosis.count(doctor::Status::warning);
  auto& findings = doc["findings"] = nlohmann::ordered_json::array();
  for (const auto& f : diagnosis.findings) {
    nlohmann::ordered_json j;
    j["check"] = f.check;
    j["status"] = status_name(f.status);
    j["detail"] = f.detail;
    j["fix"] = f.fix;
    findings.push_back(j);
  }
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace trail::render
