#pragma once

#include "core/policy/policy.hpp"
#include "core/util/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace trail::policy {

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

// Every problem found while loading a policy; what() holds them all, formatted.
class PolicyError : public UsageError
{
public:
  explicit PolicyError(std::vector<FileDiagnostic> diagnostics);
  // Returns the problems in file order.
  const std::vector<FileDiagnostic>& diagnostics() const noexcept
  {
    return m_diagnostics;
  }

private:
  std::vector<FileDiagnostic> m_diagnostics;
};

// Parses and fully validates a policy from TEXT read from PATH; throws PolicyError listing
// every problem (syntax, unknown keys with a "did you mean", types, RE2 patterns, relations,
// kinds, globs).
Policy parse_policy(std::string_view text, const std::string& path);

// Returns the embedded default policy (templates/trail.toml), used when there is no trail.toml.
Policy default_policy();

} // namespace trail::policy
