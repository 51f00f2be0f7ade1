#pragma once

// The checklist mapping (docs/audit.md): each activity of the IEC 62304 checklist with its
// clauses and the evidence queries that show it, as data (templates/audit.toml, embedded; a
// team's tailored copy named by [audit] checklist or --checklist).

#include "core/config/location.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::audit {

// One evidence query of a line, with its parameters (each query reads only its own).
struct Query
{
  std::string name;                  // "policy", "items", "links", ... (query_names())
  std::vector<std::string> keys;     // policy: trail.toml keys that must be set
  std::string role;                  // items, links, verified, trailers: a kind role / "approval"
  bool none_in_draft = false;        // items: no item of the role is in a draft state
  std::string relation;              // links, trailers: a link relation
  std::string since;                 // trailers: "release"
  std::vector<std::string> fields;   // soup, problems: record fields that must be filled
  bool signed_ = false;              // release: the tag must be signed
  std::string path;                  // document: a file of the repository
  std::vector<std::string> headings; // document: Markdown headings it must have
  std::string plan;                  // plan: "development", "maintenance", ...
  std::vector<std::string> sections; // plan: sections (headings) the plan must have
  config::Location where;            // the query's inline table in the mapping
};

// One activity of the checklist.
struct ChecklistLine
{
  std::string area;
  std::string activity;
  std::vector<std::string> clauses;
  std::vector<Query> queries;
  config::Location where; // its [[lines]] entry
};

// The whole mapping.
struct Checklist
{
  std::string source; // "<built-in checklist>" or the file it was read from
  std::string digest; // SHA-256 of its bytes
  std::vector<ChecklistLine> lines;
};

// The name the built-in checklist goes by in reports and errors.
inline constexpr std::string_view k_builtin_checklist = "<built-in checklist>";

// Returns the names of the evidence queries a mapping may use.
const std::vector<std::string_view>& query_names();

// Parses the mapping in TEXT (read from PATH, named in errors); throws config::ConfigError with
// every problem at file:line:col: unknown keys (with a "did you mean"), unknown query names,
// missing or wrong parameters, clauses that are not clause numbers or that IEC 62304's Table A.1
// (standard::iec62304()) does not know.
Checklist parse_checklist(std::string_view text, const std::string& path);

// Returns the text of the built-in mapping (templates/audit.toml).
std::string_view builtin_checklist_text();

// Returns the built-in mapping, parsed.
Checklist builtin_checklist();

} // namespace trail::audit
