#include "core/config/toml_reader.hpp"

#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <algorithm>

namespace trail::config {

namespace {

bool is_bare_key(std::string_view key)
{
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::string_view type_name(toml::node_type type)
{
  switch (type) {
  case toml::node_type::table:
    return "a table";
  case toml::node_type::array:
    return "an array";
  case toml::node_type::string:
    return "a string";
  case toml::node_type::integer:
    return "an integer";
  case toml::node_type::floating_point:
    return "a float";
  case toml::node_type::boolean:
    return "a boolean";
  case toml::node_type::date:
    return "a date";
  case toml::node_type::time:
    return "a time";
  case toml::node_type::date_time:
    return "a date-time";
  case toml::node_type::none:
    break;
  }
  return "nothing";
}

template<typename T>
constexpr std::string_view expected_name()
{
  if constexpr (std::is_same_v<T, toml::table>) {
    return "a table";
  } else if constexpr (std::is_same_v<T, toml::array>) {
    return "an array";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "a string";
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return "an integer";
  } else {
    static_assert(std::is_same_v<T, bool>);
    return "a boolean";
  }
}

bool is_continuation_byte(char c)
{
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Returns the byte offset in LINE of the 1-based COLUMN, which toml++ counts in code points.
size_t byte_offset_of_column(std::string_view line, int column)
{
  size_t offset = 0;
  for (int i = 1; i < column && offset < line.size(); ++i) {
    ++offset;
    while (offset < line.size() && is_continuation_byte(line[offset])) {
      ++offset;
    }
  }
  return offset;
}

int count_code_points(std::string_view s)
{
  return static_cast<int>(
      std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation_byte(c); }));
}

std::string quoted_list(const std::vector<std::string_view>& candidates)
{
  std::string out;
  for (const auto candidate : candidates) {
    out += out.empty() ? "" : ", ";
    out += candidate;
  }
  return out;
}

} // namespace

std::string key_path(std::string_view context, std::string_view key)
{
  std::string path(context);
  if (!path.empty()) {
    path += '.';
  }
  if (is_bare_key(key)) {
    return path.append(key);
  }
  return path.append("\"").append(key).append("\"");
}

std::string index_path(std::string_view context, size_t index)
{
  return std::string(context) + "[" + std::to_string(index) + "]";
}

std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table)
{
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [key, node] : table) {
    entries.emplace_back(&key, &node);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& pa = a.first->source().begin;
    const auto& pb = b.first->source().begin;
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  return entries;
}

TomlReader::TomlReader(std::string_view text, std::string path)
    : m_path(std::move(path)), m_lines(util::split(text, '\n'))
{
}

std::string_view TomlReader::line(int number) const
{
  if (number < 1 || static_cast<size_t>(number) > m_lines.size()) {
    return {};
  }
  std::string_view text = m_lines[static_cast<size_t>(number) - 1];
  if (!text.empty() && text.back() == '\r') {
    text.remove_suffix(1);
  }
  return text;
}

Location TomlReader::locate(const toml::source_region& where) const
{
  return {m_path, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column)};
}

void TomlReader::report(const toml::source_region& where, std::string message)
{
  Location location = locate(where);
  const std::string_view text = line(location.line);
  m_diagnostics.push_back({std::move(location), std::move(message), std::string(text)});
}

void TomlReader::report_in_string(const Text& text, size_t offset, std::string message)
{
  report(text.where, std::move(message));
  FileDiagnostic& diagnostic = m_diagnostics.back();
  const std::string_view source = diagnostic.line_text;
  const size_t start = byte_offset_of_column(source, diagnostic.where.column);
  // Only a string written without escapes maps byte for byte onto the line.
  const bool literal = start < source.size() && (source[start] == '"' || source[start] == '\'') &&
                       source.substr(start + 1, text.value.size()) == text.value;
  if (literal) {
    diagnostic.where.column += 1 + count_code_points(text.value.substr(0, offset));
  }
}

std::vector<FileDiagnostic> TomlReader::take_diagnostics()
{
  return std::exchange(m_diagnostics, {});
}

void TomlReader::check_keys(const toml::table& table,
                            std::string_view context,
                            std::span<const std::string_view> allowed)
{
  const std::vector<std::string_view> candidates(allowed.begin(), allowed.end());
  for (const auto& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) {
      continue;
    }
    std::string message =
        context.empty() ? "unknown top-level key '" + std::string(key.str()) + "'"
                        : "unknown key '" + std::string(key.str()) + "' in " + std::string(context);
    const std::string_view hint = util::closest_match(key.str(), candidates);
    if (!hint.empty()) {
      message += "; did you mean '" + std::string(hint) + "'?";
      m_suggestions.emplace_back(&table, hint);
    }
    report(key.source(), std::move(message));
  }
}

bool TomlReader::suggested(const toml::table& table, std::string_view key) const
{
  return std::find(m_suggestions.begin(), m_suggestions.end(), std::pair(&table, key)) !=
         m_suggestions.end();
}

void TomlReader::report_missing(const toml::table& table,
                                std::string_view key,
                                std::string_view context)
{
  if (suggested(table, key)) {
    return;
  }
  report(table.source(),
         "missing required key '" + std::string(key) + "' in " + std::string(context));
}

bool TomlReader::check_choice(const Text& value,
                              std::string_view lead,
                              std::string_view context,
                              const std::vector<std::string_view>& candidates,
                              bool suggest)
{
  if (std::find(candidates.begin(), candidates.end(), value.value) != candidates.end()) {
    return true;
  }
  std::string message =
      std::string(lead) + " '" + value.value + "' in " + std::string(context) + "; ";
  const std::string_view hint = suggest ? util::closest_match(value.value, candidates) : "";
  if (!hint.empty()) {
    message += "did you mean '" + std::string(hint) + "'?";
  } else if (candidates.empty()) {
    message += "none are defined";
  } else {
    message += "expected one of " + quoted_list(candidates);
  }
  report(value.where, std::move(message));
  return false;
}

void TomlReader::report_wrong_type(const toml::node& node,
                                   std::string_view path,
                                   std::string_view expected)
{
  report(node.source(),
         "wrong type for " + std::string(path) + ": expected " + std::string(expected) +
             ", found " + std::string(type_name(node.type())));
}

template<typename T>
const toml::node*
TomlReader::typed(const toml::table& table, std::string_view key, std::string_view context)
{
  const toml::node* node = table.get(key);
  if (node == nullptr || node->is<T>()) {
    return node;
  }
  report_wrong_type(*node, key_path(context, key), expected_name<T>());
  return nullptr;
}

const toml::table* TomlReader::as_table(const toml::node& node, std::string_view path)
{
  if (!node.is_table()) {
    report_wrong_type(node, path, "a table");
  }
  return node.as_table();
}

const toml::table*
TomlReader::table(const toml::table& parent, std::string_view key, std::string_view context)
{
  const toml::node* node = typed<toml::table>(parent, key, context);
  return node ? node->as_table() : nullptr;
}

std::vector<const toml::table*> TomlReader::table_list(const toml::table& parent,
                                                       std::string_view key)
{
  const toml::node* node = parent.get(key);
  if (node == nullptr) {
    return {};
  }
  if (!node->is_array()) {
    report_wrong_type(*node, key, "an array of tables");
    return {};
  }
  std::vector<const toml::table*> tables;
  const toml::array& array = *node->as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    tables.push_back(as_table(array[i], index_path(key, i)));
  }
  return tables;
}

std::optional<Text>
TomlReader::text(const toml::table& table, std::string_view key, std::string_view context)
{
  const toml::node* node = typed<std::string>(table, key, context);
  if (node == nullptr) {
    return std::nullopt;
  }
  return Text{*node->value<std::string>(), node->source()};
}

std::optional<Text>
TomlReader::required_text(const toml::table& table, std::string_view key, std::string_view context)
{
  if (!table.contains(key)) {
    report_missing(table, key, context);
    return std::nullopt;
  }
  return text(table, key, context);
}

std::optional<bool>
TomlReader::boolean(const toml::table& table, std::string_view key, std::string_view context)
{
  const toml::node* node = typed<bool>(table, key, context);
  return node ? node->value<bool>() : std::nullopt;
}

std::optional<int64_t>
TomlReader::integer(const toml::table& table, std::string_view key, std::string_view context)
{
  const toml::node* node = typed<int64_t>(table, key, context);
  return node ? node->value<int64_t>() : std::nullopt;
}

std::optional<TextList>
TomlReader::text_list(const toml::table& table, std::string_view key, std::string_view context)
{
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  const std::string path = key_path(context, key);
  if (!node->is_array()) {
    report_wrong_type(*node, path, "an array of strings");
    return std::nullopt;
  }
  TextList list{{}, node->source()};
  const toml::array& array = *node->as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      report_wrong_type(array[i], index_path(path, i), "a string");
      continue;
    }
    list.items.push_back({*array[i].value<std::string>(), array[i].source()});
  }
  return list;
}

void TomlReader::check_glob(const Text& text, std::string_view path)
{
  const auto error = util::glob_error(text.value);
  if (!error) {
    return;
  }
  report_in_string(
      text, error->second, "invalid glob in " + std::string(path) + ": " + error->first);
}

} // namespace trail::config
