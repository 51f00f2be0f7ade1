#pragma once

#include <string>

namespace trail::config {

// Where a value was written in a file the user wrote: file, 1-based line and column (0 when
// unknown).
struct Location
{
  std::string file;
  int line = 0;
  int column = 0;
};

} // namespace trail::config
