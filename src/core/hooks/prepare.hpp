#pragma once

#include "core/message/trailers.hpp"
#include "core/policy/policy.hpp"

#include <optional>
#include <string>

namespace trail::hooks {

// Returns the trailer line ("Implements: SRS-12") that BRANCH implies under POLICY's
// [prepare] section, or nullopt when the policy does not ask for one or the branch names none.
std::optional<std::string> branch_link_trailer(const policy::Policy& policy,
                                               const std::string& branch);

// Returns MESSAGE (the file git hands prepare-commit-msg) with TRAILER added to its trailer
// block, above git's comment lines; unchanged when the message already carries that trailer.
std::string add_trailer(const std::string& message,
                        const std::string& trailer,
                        const message::TrailerOptions& options);

} // namespace trail::hooks
