#include "core/util/file.hpp"

#include "core/util/error.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>

namespace trail::util {

namespace fs = std::filesystem;

// Every file read here is one the user named or wrote (a policy, a message, a report): one that
// cannot be read is a usage or configuration error (exit 2), never an internal one.
std::string read_file(const fs::path& path)
{
  auto content = read_file_if_exists(path);
  if (!content) {
    throw UsageError("cannot read " + path.string() + ": " + std::strerror(ENOENT));
  }
  return *content;
}

std::optional<std::string> read_file_if_exists(const fs::path& path)
{
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw UsageError("cannot read " + path.string() + ": " + std::strerror(EISDIR));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) {
      return std::nullopt;
    }
    throw UsageError("cannot read " + path.string() + ": " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    throw UsageError("cannot read " + path.string() + ": " +
                     std::strerror(errno != 0 ? errno : EIO));
  }
  return std::move(buffer).str();
}

std::string read_stdin()
{
  std::ostringstream buffer;
  buffer << std::cin.rdbuf();
  return std::move(buffer).str();
}

void write_file_atomic(const fs::path& path, std::string_view content, std::optional<fs::perms> mode)
{
  // A device, a pipe or a socket (-o /dev/stdout, -o /dev/null, a FIFO) is written to as it
  // is: renaming a file over it would replace it, and "whole or not at all" means nothing there.
  std::error_code status_error;
  const auto status = fs::status(path, status_error);
  if (!status_error && fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status)) {
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
    return;
  }
  std::random_device random;
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(random());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
    }
  }
  std::error_code ec;
  if (mode) {
    fs::permissions(tmp, *mode, ec);
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error("cannot write " + path.string() + ": " + ec.message());
  }
}

} // namespace trail::util
