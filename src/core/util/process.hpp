#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trail::util {

// Returns the absolute path of the running executable, or FALLBACK when it cannot be found.
std::string self_executable(const std::string& fallback);

// Returns the value of environment variable NAME, or nullopt when it is unset or empty.
std::optional<std::string> environment(const char* name);

// Returns the absolute path of the executable file NAME as a shell's `command -v` finds it: NAME
// itself when it holds a '/', else the first folder of $PATH that has it; nullopt when none.
std::optional<std::string> find_program(const std::string& name);

// Returns true when standard error is a terminal (for progress output).
bool stderr_is_terminal();

// What a program run by run_process did.
struct ProcessResult
{
  int exit_code = 0; // the exit status, or 128 + the signal number when a signal ended it
  std::string out;   // everything it wrote to standard output
  std::string err;   // everything it wrote to standard error
};

// Runs ARGV[0] (searched in PATH, never through a shell) with the arguments ARGV[1...],
// INPUT on its standard input, and the environment of this process with EXTRA_ENV's
// variables set on top; waits for it and returns its exit code and all of its output.
// Throws Error naming the program when it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv,
                          std::string_view input = {},
                          const std::map<std::string, std::string>& extra_env = {});

} // namespace trail::util
