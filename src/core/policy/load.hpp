#pragma once

#include "core/config/diagnostic.hpp"
#include "core/policy/policy.hpp"

#include <string>
#include <string_view>

namespace trail::policy {

// The names these had before they moved to src/core/config/, for the callers that still use
// them; new code names config::ConfigError, config::FileDiagnostic and so on.
using PolicyError = config::ConfigError;
using config::FileDiagnostic;
using config::format_file_diagnostic;
using config::line_at;

// Parses and fully validates a policy from TEXT read from PATH; throws config::ConfigError
// listing every problem (syntax, unknown keys with a "did you mean", types, RE2 patterns,
// relations, kinds, globs).
Policy parse_policy(std::string_view text, const std::string& path);

// Returns the embedded default policy (templates/trail.toml), used when there is no trail.toml.
Policy default_policy();

} // namespace trail::policy
