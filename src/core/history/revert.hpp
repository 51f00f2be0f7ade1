#pragma once

#include "core/git/repository.hpp"
#include "core/message/trailers.hpp"
#include "core/policy/policy.hpp"
#include "core/rules/rules.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace trail::history {

// Returns the paths a commit changes, or nullopt when they cannot be computed.
using PathsFn = std::function<std::optional<std::vector<std::string>>()>;

// When FACTS is a revert (git's "This reverts commit <id>." line), gives it the links of the
// commits it reverts (their own and, for a revert of a revert, the ones they inherit) in
// FACTS.inherited_links. They are inherited only when every reverted commit is in REPO and the
// revert changes no path (PATHS, called only for a revert) that they do not change; otherwise
// FACTS.revert_note says why, for the hints. Fails closed: nothing is inherited when in doubt.
void inherit_revert_links(const git::Repository& repo,
                          const policy::Policy& policy,
                          const message::TrailerOptions& trailer_options,
                          const PathsFn& paths,
                          rules::CommitFacts& facts);

} // namespace trail::history
