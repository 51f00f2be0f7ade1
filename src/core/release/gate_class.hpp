#pragma once

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/registry/registry.hpp"
#include "core/release/gate.hpp"
#include "core/release/manifest.hpp"

#include <optional>
#include <vector>

namespace trail::release {

// The release gate's class check (IEC 62304 4.3, 5.3.5): every configuration item of POLICY
// and every item of REGISTRY whose class is below the system's must say why
// (`class_rationale`) and, for a software item of a class C system, what segregates it
// (`segregation`); without them the system's class applies (classes::decide) and the release is
// refused. One failure (check "class") per item, configuration items first.
std::vector<GateFailure> check_classes(const policy::Policy& policy,
                                       const std::optional<registry::Registry>& registry);

// The same for the revision MANIFEST describes, its registry read from the repository.
std::vector<GateFailure>
check_classes(const git::Repository& repo, const policy::Policy& policy, const Manifest& manifest);

} // namespace trail::release
