#pragma once

#include "core/config/location.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::standard {

// One row of IEC 62304's Table A.1: clauses and the safety classes they apply to.
struct Row
{
  // The clauses the row covers; a clause covers its sub-clauses ("7.3" covers "7.3.1").
  std::vector<std::string> clauses;
  std::string title;
  std::vector<std::string> classes;       // the classes applied (the stricter reading)
  std::vector<std::string> table_classes; // what the reconstructed table says, when it differs
  std::string confidence;                 // "high", "medium-high", "medium" or "low"
  config::Location where;
};

// The table as data: templates/iec62304.toml, embedded in the binary.
struct Table
{
  std::string source;
  std::vector<Row> rows;

  // Returns the row whose clause covers CLAUSE most closely, or null.
  const Row* find(std::string_view clause) const;
  // Returns true when CLAUSE is covered by a row, or covers one ("5.8" covers "5.8.1").
  bool knows(std::string_view clause) const;
};

// A project's change to the classes of a clause ([standard] "5.8.3" = ["B", "C"] in trail.toml).
struct ClassOverride
{
  std::string clause;
  std::vector<std::string> classes;
  config::Location where;
};

// Returns true when PREFIX is CLAUSE or one of its parents ("5.8" covers "5.8.3", not "5.80").
bool covers(std::string_view prefix, std::string_view clause);

// Returns true when TEXT is a clause number: digits, dot-separated ("5.8.3").
bool is_clause(std::string_view text);

// Parses the table in TEXT (read from PATH, named in errors); throws config::ConfigError with
// every problem at file:line:col.
Table parse_table(std::string_view text, const std::string& path);

// Returns the embedded table (templates/iec62304.toml), parsed once.
const Table& iec62304();

// Returns the classes CLAUSE applies to: the override whose clause covers it most closely,
// else the table's row; nothing when neither knows the clause.
std::optional<std::vector<std::string>> classes_for(const Table& table,
                                                    const std::vector<ClassOverride>& overrides,
                                                    std::string_view clause);

// Returns true when CLAUSE applies to SAFETY_CLASS; a clause nobody knows applies (fail closed).
bool applies(const Table& table,
             const std::vector<ClassOverride>& overrides,
             std::string_view clause,
             std::string_view safety_class);

} // namespace trail::standard
