#pragma once

#include "core/doctor/doctor.hpp"

#include <string>

namespace trail::render {

// The diagnosis for a terminal: one line per finding (status, check, what was found), the fix
// under it, and a summary line with the number of problems and warnings.
std::string doctor_text(const doctor::Diagnosis& diagnosis);

// The diagnosis as one JSON document (docs/cli.md, "git trail doctor").
std::string doctor_json(const doctor::Diagnosis& diagnosis);

} // namespace trail::render
