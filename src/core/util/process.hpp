#pragma once

#include <string>

namespace trail::util {

// Returns the absolute path of the running executable, or FALLBACK when it cannot be found.
std::string self_executable(const std::string& fallback);

// Returns true when standard error is a terminal (for progress output).
bool stderr_is_terminal();

} // namespace trail::util
