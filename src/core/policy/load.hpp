#pragma once

#include "core/config/diagnostic.hpp"
#include "core/policy/policy.hpp"

#include <string>
#include <string_view>
#include <vector>

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

// The keys each table of trail.toml accepts (TABLE "" is the top level, "kinds.NAME" a kind's
// table, "rules.require" a rule's require table), as the loader checks them: the list
// docs/configuration.md, and so trail.toml(5), must document (tests/unit/test_roff.cpp).
struct PolicyTableKeys
{
  std::string_view table;
  std::vector<std::string_view> keys;
};
std::vector<PolicyTableKeys> policy_keys();

} // namespace trail::policy
