#include "core/config/diagnostic.hpp"

#include <algorithm>
#include <string>
#include <tuple>

namespace trail::config {

namespace {

// The gutter is at least this wide so that short files line up like long ones.
constexpr size_t k_gutter_width = 5;

// Returns the spaces (and tabs, where LINE has them) that put a caret under COLUMN.
std::string caret_indent(std::string_view line, int column)
{
  std::string indent;
  int code_point = 1;
  for (size_t i = 0; i < line.size() && code_point < column; ++i) {
    const bool continuation = (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
    if (continuation) {
      continue;
    }
    indent += line[i] == '\t' ? '\t' : ' ';
    ++code_point;
  }
  // A problem at the end of a line (a missing value, say) sits just past its last character.
  indent.append(static_cast<size_t>(std::max(0, column - code_point)), ' ');
  return indent;
}

std::vector<FileDiagnostic>& sort_by_position(std::vector<FileDiagnostic>& diagnostics)
{
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const auto& a, const auto& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) <
           std::tie(b.where.file, b.where.line, b.where.column);
  });
  return diagnostics;
}

std::string format_all(const std::vector<FileDiagnostic>& diagnostics)
{
  std::string out;
  for (const auto& diagnostic : diagnostics) {
    out += out.empty() ? "" : "\n";
    out += format_file_diagnostic(diagnostic);
  }
  return out;
}

} // namespace

std::string_view line_at(std::string_view text, int number)
{
  for (int line = 1; line < number; ++line) {
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      return {};
    }
    text.remove_prefix(end + 1);
  }
  if (number < 1) {
    return {};
  }
  const size_t end = text.find('\n');
  auto line = text.substr(0, end);
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

std::string format_file_diagnostic(const FileDiagnostic& d)
{
  std::string out = d.where.file;
  if (d.where.line > 0) {
    out += ":" + std::to_string(d.where.line);
  }
  if (d.where.line > 0 && d.where.column > 0) {
    out += ":" + std::to_string(d.where.column);
  }
  out += ": error: " + d.message;
  if (d.where.line <= 0) {
    return out;
  }
  std::string number = std::to_string(d.where.line);
  const size_t width = std::max(k_gutter_width, number.size());
  number.insert(0, width - number.size(), ' ');
  out += "\n" + number + " |";
  if (!d.line_text.empty()) {
    out += " " + d.line_text;
  }
  if (d.where.column > 0) {
    out += "\n" + std::string(width, ' ') + " | " + caret_indent(d.line_text, d.where.column) + "^";
  }
  return out;
}

ConfigError::ConfigError(std::vector<FileDiagnostic> diagnostics)
    : UsageError(format_all(sort_by_position(diagnostics))), m_diagnostics(std::move(diagnostics))
{
}

} // namespace trail::config
