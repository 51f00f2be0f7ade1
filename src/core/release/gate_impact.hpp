#pragma once

#include "core/git/repository.hpp"
#include "core/policy/policy.hpp"
#include "core/release/gate.hpp"
#include "core/release/manifest.hpp"
#include "core/workspace/workspace.hpp"

#include <vector>

namespace trail::release {

// The gate's check "changed risk controls re-verified on this tree" (IEC 62304 7.4.2, 7.4.3, by way
// of the change impact of 7.4.1): every risk control that the changes since the previous release
// touch (impact/impact.hpp: an implementing commit or a file link in a changed file) must have a
// test that passed in a report of MANIFEST's evidence bound to the released tree, and no test
// whose latest outcome failed. History that cannot be read (a shallow clone) refuses the
// release: what was touched is then not known. The caller applies it to the classes that need
// it (the gate's clause table); it checks whatever MANIFEST it is given.
std::vector<GateFailure> check_changed_risk_controls(const git::Repository& repo,
                                                     const policy::Policy& policy,
                                                     const workspace::MessageSettings& settings,
                                                     const Manifest& manifest);

} // namespace trail::release
