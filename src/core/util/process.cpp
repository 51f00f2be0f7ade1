#include "core/util/process.hpp"

#include <filesystem>
#include <unistd.h>

namespace trail::util {

std::string self_executable(const std::string& fallback)
{
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? fallback : path.string();
}

bool stderr_is_terminal()
{
  return isatty(STDERR_FILENO) == 1;
}

} // namespace trail::util
