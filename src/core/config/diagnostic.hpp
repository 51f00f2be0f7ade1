#pragma once

// Problems in the files the user writes (trail.toml, registry files), each reported as
// "file:line:col: error: message" with the offending line and a caret under the column.

#include "core/config/location.hpp"
#include "core/util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace trail::config {

// One problem in a file the user wrote, with the offending line kept for display.
struct FileDiagnostic
{
  Location where;
  std::string message;
  std::string line_text; // the whole line at where.line, without its newline
};

// Returns line NUMBER (1-based) of TEXT without its newline; empty when there is none.
std::string_view line_at(std::string_view text, int number);

// Formats D as "file:line:col: error: message", then the line and a caret under the column.
std::string format_file_diagnostic(const FileDiagnostic& d);

// Every problem found in the files the user wrote (the policy, the registry files); what()
// holds them all, formatted, in file order. A usage error: exit 2.
class ConfigError : public UsageError
{
public:
  explicit ConfigError(std::vector<FileDiagnostic> diagnostics);
  // Returns the problems sorted by file, then line, then column.
  const std::vector<FileDiagnostic>& diagnostics() const noexcept
  {
    return m_diagnostics;
  }

private:
  std::vector<FileDiagnostic> m_diagnostics;
};

} // namespace trail::config
