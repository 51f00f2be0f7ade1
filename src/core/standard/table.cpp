#include "core/standard/table.hpp"

#include "core/config/diagnostic.hpp"
#include "core/config/toml_reader.hpp"
#include "core/util/embedded.hpp"
#include "core/util/error.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace trail::standard {

namespace {

constexpr std::string_view k_path = "templates/iec62304.toml";
constexpr std::string_view k_top_keys[] = {"rows"};
constexpr std::string_view k_row_keys[] = {
    "clauses", "title", "classes", "table_classes", "confidence"};
constexpr std::string_view k_classes[] = {"A", "B", "C"};
constexpr std::string_view k_confidences[] = {"high", "medium-high", "medium", "low"};

std::vector<std::string> read_classes(config::TomlReader& reader,
                                      const toml::table& table,
                                      std::string_view key,
                                      const std::string& context)
{
  std::vector<std::string> out;
  if (auto list = reader.text_list(table, key, context)) {
    for (const auto& c : list->items) {
      if (reader.check_choice(c,
                              "invalid safety class",
                              config::key_path(context, key),
                              {std::begin(k_classes), std::end(k_classes)},
                              false)) {
        out.push_back(c.value);
      }
    }
  }
  return out;
}

} // namespace

bool is_clause(std::string_view text)
{
  if (text.empty() || text.front() == '.' || text.back() == '.') {
    return false;
  }
  char previous = '.';
  for (const char c : text) {
    if (c == '.' ? previous == '.' : !(c >= '0' && c <= '9')) {
      return false;
    }
    previous = c;
  }
  return true;
}

bool covers(std::string_view prefix, std::string_view clause)
{
  return clause == prefix || (clause.size() > prefix.size() && clause.starts_with(prefix) &&
                              clause[prefix.size()] == '.');
}

const Row* Table::find(std::string_view clause) const
{
  const Row* best = nullptr;
  size_t best_length = 0;
  for (const auto& row : rows) {
    for (const auto& c : row.clauses) {
      if (covers(c, clause) && c.size() > best_length) {
        best = &row;
        best_length = c.size();
      }
    }
  }
  return best;
}

bool Table::knows(std::string_view clause) const
{
  if (find(clause) != nullptr) {
    return true;
  }
  return std::any_of(rows.begin(), rows.end(), [&](const Row& row) {
    return std::any_of(row.clauses.begin(), row.clauses.end(), [&](const std::string& c) {
      return covers(clause, c);
    });
  });
}

Table parse_table(std::string_view text, const std::string& path)
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
  Table table;
  table.source = path;
  std::set<std::string> seen;
  const auto rows = reader.table_list(root, "rows");
  if (rows.empty() && reader.clean()) {
    reader.report(root.source(), "the table has no [[rows]]");
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] == nullptr) {
      continue;
    }
    const toml::table& t = *rows[i];
    const std::string context = config::index_path("rows", i);
    reader.check_keys(t, context, k_row_keys);
    Row row;
    row.where = reader.locate(t.source());
    if (auto clauses = reader.text_list(t, "clauses", context)) {
      for (const auto& c : clauses->items) {
        if (!is_clause(c.value)) {
          reader.report(c.where,
                        "'" + c.value + "' in " + config::key_path(context, "clauses") +
                            " is not a clause number (digits separated by dots, e.g. 5.8.3)");
        } else if (!seen.insert(c.value).second) {
          reader.report(c.where, "clause " + c.value + " is in more than one row");
        } else {
          row.clauses.push_back(c.value);
        }
      }
      if (clauses->items.empty()) {
        reader.report(clauses->where, context + " names no clause");
      }
    } else {
      reader.report_missing(t, "clauses", context);
    }
    if (auto title = reader.required_text(t, "title", context)) {
      row.title = title->value;
    }
    if (!t.contains("classes")) {
      reader.report_missing(t, "classes", context);
    }
    row.classes = read_classes(reader, t, "classes", context);
    row.table_classes = read_classes(reader, t, "table_classes", context);
    if (auto confidence = reader.required_text(t, "confidence", context)) {
      if (reader.check_choice(*confidence,
                              "unknown confidence",
                              config::key_path(context, "confidence"),
                              {std::begin(k_confidences), std::end(k_confidences)},
                              false)) {
        row.confidence = confidence->value;
      }
    }
    table.rows.push_back(std::move(row));
  }
  if (!reader.clean()) {
    throw config::ConfigError(reader.take_diagnostics());
  }
  return table;
}

const Table& iec62304()
{
  static const Table table = [] {
    const auto text = util::embedded_file(k_path);
    if (!text) {
      throw Error("the clause table (templates/iec62304.toml) is not embedded in this build");
    }
    return parse_table(*text, std::string(k_path));
  }();
  return table;
}

std::optional<std::vector<std::string>> classes_for(const Table& table,
                                                    const std::vector<ClassOverride>& overrides,
                                                    std::string_view clause)
{
  const ClassOverride* best = nullptr;
  for (const auto& o : overrides) {
    if (covers(o.clause, clause) && (best == nullptr || o.clause.size() > best->clause.size())) {
      best = &o;
    }
  }
  if (best != nullptr) {
    return best->classes;
  }
  if (const Row* row = table.find(clause)) {
    return row->classes;
  }
  return std::nullopt;
}

bool applies(const Table& table,
             const std::vector<ClassOverride>& overrides,
             std::string_view clause,
             std::string_view safety_class)
{
  const auto classes = classes_for(table, overrides, clause);
  return !classes || std::find(classes->begin(), classes->end(), safety_class) != classes->end();
}

} // namespace trail::standard
