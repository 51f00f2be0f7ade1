#include "core/audit/checklist.hpp"

#include "core/config/diagnostic.hpp"
#include "core/config/toml_reader.hpp"
#include "core/policy/policy.hpp"
#include "core/policy/vocabulary.hpp"
#include "core/standard/table.hpp"
#include "core/util/digest.hpp"
#include "core/util/embedded.hpp"
#include "core/util/error.hpp"

#include <toml++/toml.h>

#include <algorithm>

namespace trail::audit {

namespace {

constexpr std::string_view k_path = "templates/audit.toml";
constexpr std::string_view k_top_keys[] = {"lines"};
constexpr std::string_view k_line_keys[] = {"area", "activity", "clauses", "evidence"};

enum class Type
{
  text,
  list,
  boolean,
};

// One parameter a query accepts.
struct Param
{
  std::string_view name;
  Type type;
  bool required;
  std::vector<std::string_view> choices; // empty: any value
};

// One query and the parameters it accepts.
struct QuerySpec
{
  std::string_view name;
  std::vector<Param> params;
};

const std::vector<std::string_view> k_roles = {
    "requirement", "risk-control", "soup", "change-request", "problem-report", "test"};
const std::vector<std::string_view> k_soup_fields = {"manufacturer",
                                                     "version",
                                                     "release_date",
                                                     "license",
                                                     "purl",
                                                     "cpe",
                                                     "requirements",
                                                     "needs",
                                                     "anomaly_list",
                                                     "anomaly_review",
                                                     "support",
                                                     "end_of_support",
                                                     "verification"};
const std::vector<std::string_view> k_plans = {"development",
                                               "maintenance",
                                               "configuration-management",
                                               "risk-management",
                                               "verification",
                                               "documentation",
                                               "problem-resolution"};
const std::vector<std::string_view> k_problem_fields = {
    "type", "scope", "severity", "informed", "verification", "evaluation"};

const std::vector<QuerySpec>& specs()
{
  static const std::vector<QuerySpec> all = {
      {"policy", {{"keys", Type::list, true, {}}}},
      {"items", {{"role", Type::text, true, k_roles}, {"none_in_draft", Type::boolean, false, {}}}},
      {"links",
       {{"role", Type::text, true, k_roles},
        {"relation",
         Type::text,
         true,
         {std::begin(policy::k_relations), std::end(policy::k_relations)}}}},
      {"verified", {{"role", Type::text, true, {"requirement", "risk-control"}}}},
      {"results", {}},
      {"soup", {{"fields", Type::list, true, k_soup_fields}}},
      {"classes", {}},
      {"configuration-items", {}},
      {"history", {}},
      {"trailers",
       {{"role", Type::text, false, {"approval"}},
        {"relation",
         Type::text,
         false,
         {std::begin(policy::k_relations), std::end(policy::k_relations)}},
        {"since", Type::text, false, {"release"}}}},
      {"approvals", {{"since", Type::text, false, {"release"}}}},
      {"release", {{"signed", Type::boolean, false, {}}}},
      {"anomalies", {}},
      {"impact", {}},
      {"changelog", {}},
      {"build", {}},
      {"tools", {}},
      {"document", {{"path", Type::text, true, {}}, {"headings", Type::list, false, {}}}},
      {"plan", {{"plan", Type::text, true, k_plans}, {"sections", Type::list, false, {}}}},
      {"problems", {{"fields", Type::list, false, k_problem_fields}}},
      {"problem-trends", {}},
  };
  return all;
}

const QuerySpec* find_spec(std::string_view name)
{
  for (const auto& spec : specs()) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

// Stores the value of PARAM into QUERY.
void store(Query& query, std::string_view param, const std::string& text)
{
  if (param == "role") {
    query.role = text;
  } else if (param == "relation") {
    query.relation = text;
  } else if (param == "since") {
    query.since = text;
  } else if (param == "path") {
    query.path = text;
  } else if (param == "plan") {
    query.plan = text;
  }
}

void store(Query& query, std::string_view param, std::vector<std::string> list)
{
  if (param == "keys") {
    query.keys = std::move(list);
  } else if (param == "fields") {
    query.fields = std::move(list);
  } else if (param == "headings") {
    query.headings = std::move(list);
  } else if (param == "sections") {
    query.sections = std::move(list);
  }
}

void store(Query& query, std::string_view param, bool value)
{
  if (param == "none_in_draft") {
    query.none_in_draft = value;
  } else if (param == "signed") {
    query.signed_ = value;
  }
}

std::optional<Query>
read_query(config::TomlReader& reader, const toml::table& table, const std::string& context)
{
  const auto name = reader.required_text(table, "query", context);
  if (!name) {
    return std::nullopt;
  }
  std::vector<std::string_view> names = query_names();
  if (!reader.check_choice(
          *name, "unknown query", config::key_path(context, "query"), names, true)) {
    return std::nullopt;
  }
  const QuerySpec& spec = *find_spec(name->value);
  std::vector<std::string_view> allowed = {"query"};
  for (const auto& p : spec.params) {
    allowed.push_back(p.name);
  }
  reader.check_keys(table, context, allowed);
  Query query;
  query.name = name->value;
  query.where = reader.locate(table.source());
  const size_t before = reader.problem_count();
  for (const auto& p : spec.params) {
    const std::string path = config::key_path(context, p.name);
    if (p.required && !table.contains(p.name)) {
      reader.report_missing(table, p.name, context);
      continue;
    }
    switch (p.type) {
    case Type::text:
      if (auto t = reader.text(table, p.name, context)) {
        if (t->value.empty()) {
          reader.report(t->where, path + " is empty");
        } else if (p.choices.empty() ||
                   reader.check_choice(
                       *t, "unknown " + std::string(p.name), path, p.choices, true)) {
          store(query, p.name, t->value);
        }
      }
      break;
    case Type::list:
      if (auto list = reader.text_list(table, p.name, context)) {
        std::vector<std::string> values;
        for (const auto& item : list->items) {
          if (item.value.empty()) {
            reader.report(item.where, "an entry of " + path + " is empty");
          } else if (p.choices.empty() ||
                     reader.check_choice(
                         item, "unknown " + std::string(p.name), path, p.choices, true)) {
            values.push_back(item.value);
          }
        }
        if (list->items.empty() && p.required) {
          reader.report(list->where, path + " is empty: name at least one");
        }
        store(query, p.name, std::move(values));
      }
      break;
    case Type::boolean:
      if (auto b = reader.boolean(table, p.name, context)) {
        store(query, p.name, *b);
      }
      break;
    }
  }
  if (query.name == "trailers" && reader.problem_count() == before) {
    if (query.role.empty() == query.relation.empty()) {
      reader.report(table.source(),
                    context + " needs exactly one of role = \"approval\" or relation = \"...\"");
    }
    if (query.since.empty()) {
      query.since = "release";
    }
  }
  return query;
}

} // namespace

const std::vector<std::string_view>& query_names()
{
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& spec : specs()) {
      out.push_back(spec.name);
    }
    return out;
  }();
  return names;
}

Checklist parse_checklist(std::string_view text, const std::string& path)
{
  config::TomlReader reader(text, path);
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& error) {
    reader.report(error.source(), std::string(error.description()));
    throw config::ConfigError(reader.take_diagnostics());
  }
  reader.check_keys(root, "", k_top_keys);
  Checklist checklist;
  checklist.source = path;
  checklist.digest = util::sha256_hex(text);
  const auto lines = reader.table_list(root, "lines");
  if (lines.empty() && reader.clean()) {
    reader.report(root.source(), "the checklist has no [[lines]]");
  }
  const standard::Table& table = standard::iec62304();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == nullptr) {
      continue;
    }
    const toml::table& t = *lines[i];
    const std::string context = config::index_path("lines", i);
    reader.check_keys(t, context, k_line_keys);
    ChecklistLine line;
    line.where = reader.locate(t.source());
    if (auto area = reader.required_text(t, "area", context)) {
      line.area = area->value;
    }
    if (auto activity = reader.required_text(t, "activity", context)) {
      line.activity = activity->value;
    }
    if (auto clauses = reader.text_list(t, "clauses", context)) {
      for (const auto& c : clauses->items) {
        if (!standard::is_clause(c.value)) {
          reader.report(c.where,
                        "'" + c.value + "' in " + config::key_path(context, "clauses") +
                            " is not a clause number (digits separated by dots, e.g. 5.8.3)");
        } else if (!table.knows(c.value)) {
          reader.report(c.where,
                        "unknown clause '" + c.value + "' in " +
                            config::key_path(context, "clauses") + ": IEC 62304's Table A.1 (" +
                            table.source + ") has no such clause");
        } else {
          line.clauses.push_back(c.value);
        }
      }
      if (clauses->items.empty()) {
        reader.report(clauses->where, context + " names no clause");
      }
    } else {
      reader.report_missing(t, "clauses", context);
    }
    if (t.contains("evidence")) {
      const auto queries = reader.table_list(t, "evidence");
      const toml::node* evidence = t.get("evidence");
      if (queries.empty() && evidence != nullptr && evidence->is_array()) {
        reader.report(evidence->source(),
                      config::key_path(context, "evidence") + " names no query");
      }
      for (size_t q = 0; q < queries.size(); ++q) {
        if (queries[q] == nullptr) {
          continue;
        }
        const std::string qcontext = config::index_path(config::key_path(context, "evidence"), q);
        if (auto query = read_query(reader, *queries[q], qcontext)) {
          line.queries.push_back(std::move(*query));
        }
      }
    } else {
      reader.report_missing(t, "evidence", context);
    }
    checklist.lines.push_back(std::move(line));
  }
  if (!reader.clean()) {
    throw config::ConfigError(reader.take_diagnostics());
  }
  return checklist;
}

std::string_view builtin_checklist_text()
{
  const auto text = util::embedded_file(k_path);
  if (!text) {
    throw Error("the built-in checklist (templates/audit.toml) is not embedded in this build");
  }
  return *text;
}

Checklist builtin_checklist()
{
  auto checklist = parse_checklist(builtin_checklist_text(), std::string(k_path));
  checklist.source = std::string(k_builtin_checklist);
  return checklist;
}

} // namespace trail::audit
