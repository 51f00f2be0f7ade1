#pragma once

// Typed reads out of parsed TOML that collect every problem with its file, line and column
// instead of stopping at the first one; the policy and registry loaders read through it.

#include "core/config/diagnostic.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trail::config {

// A string from the file with the place it was written.
struct Text
{
  std::string value;
  toml::source_region where;
};

// An array of strings from the file, with the place of the array itself.
struct TextList
{
  std::vector<Text> items;
  toml::source_region where;
};

// Returns CONTEXT.KEY, quoting KEY when it is not a bare TOML key ("" context: KEY alone).
std::string key_path(std::string_view context, std::string_view key);
// Returns CONTEXT[INDEX].
std::string index_path(std::string_view context, size_t index);
// Returns the entries of TABLE in the order they were written (toml++ keeps them sorted).
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table);

// Reads typed values out of tables parsed from one file and records what is wrong with them.
// Each reader returns nothing both when the key is absent and when it is wrong (reported).
class TomlReader
{
public:
  // Keeps TEXT (which must outlive the reader) to show offending lines; PATH names the file.
  TomlReader(std::string_view text, std::string path);

  // Records MESSAGE at the start of WHERE.
  void report(const toml::source_region& where, std::string message);
  // Records MESSAGE at byte OFFSET inside the string TEXT, or at its start when the file
  // does not spell the string literally (escapes, multi-line strings).
  void report_in_string(const Text& text, size_t offset, std::string message);
  // Returns where WHERE starts, in this file.
  Location locate(const toml::source_region& where) const;
  // Returns the problems recorded so far, leaving none.
  std::vector<FileDiagnostic> take_diagnostics();
  // Returns true when no problem has been recorded.
  bool clean() const
  {
    return m_diagnostics.empty();
  }
  // Returns how many problems have been recorded so far.
  size_t problem_count() const
  {
    return m_diagnostics.size();
  }

  // Reports each key of TABLE (named CONTEXT) that is not in ALLOWED, with a "did you mean".
  void check_keys(const toml::table& table,
                  std::string_view context,
                  std::span<const std::string_view> allowed);
  // Returns true when an unknown key of TABLE was reported with "did you mean 'KEY'?": KEY is
  // then as good as present, and saying it is missing too would report one typo twice.
  bool suggested(const toml::table& table, std::string_view key) const;
  // Reports that TABLE (named CONTEXT) lacks the required KEY, unless a typo explains it.
  void report_missing(const toml::table& table, std::string_view key, std::string_view context);
  // Reports VALUE (at WHERE) when it is not one of CANDIDATES; LEAD starts the message
  // ("unknown kind"). SUGGEST picks "did you mean" over listing the candidates.
  bool check_choice(const Text& value,
                    std::string_view lead,
                    std::string_view context,
                    const std::vector<std::string_view>& candidates,
                    bool suggest);

  // Returns NODE as a table, or reports that PATH should be one.
  const toml::table* as_table(const toml::node& node, std::string_view path);
  // Returns the table at KEY of PARENT (named CONTEXT).
  const toml::table*
  table(const toml::table& parent, std::string_view key, std::string_view context);
  // Returns the array of tables at KEY of PARENT; elements that are not tables are reported.
  std::vector<const toml::table*> table_list(const toml::table& parent, std::string_view key);
  // Returns the string at KEY of TABLE.
  std::optional<Text>
  text(const toml::table& table, std::string_view key, std::string_view context);
  // Returns the string at KEY of TABLE, reporting it when missing.
  std::optional<Text>
  required_text(const toml::table& table, std::string_view key, std::string_view context);
  // Returns the boolean at KEY of TABLE.
  std::optional<bool>
  boolean(const toml::table& table, std::string_view key, std::string_view context);
  // Returns the integer at KEY of TABLE.
  std::optional<int64_t>
  integer(const toml::table& table, std::string_view key, std::string_view context);
  // Returns the array of strings at KEY of TABLE; elements that are not strings are reported.
  std::optional<TextList>
  text_list(const toml::table& table, std::string_view key, std::string_view context);

  // Reports TEXT (named PATH) when it is not a valid glob.
  void check_glob(const Text& text, std::string_view path);

private:
  template<typename T>
  const toml::node* typed(const toml::table& table, std::string_view key, std::string_view context);
  void report_wrong_type(const toml::node& node, std::string_view path, std::string_view expected);
  std::string_view line(int number) const;

  std::string m_path;
  std::vector<std::string_view> m_lines;
  std::vector<FileDiagnostic> m_diagnostics;
  std::vector<std::pair<const toml::table*, std::string_view>> m_suggestions;
};

} // namespace trail::config
