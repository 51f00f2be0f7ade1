#include "core/util/file.hpp"

#include "core/util/error.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
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

namespace {

// Writes all of CONTENT to FD; returns 0, or the errno of the failed write.
int write_all(int fd, std::string_view content)
{
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

[[noreturn]] void write_failed(const fs::path& path, int error)
{
  // An output path is one the user named: a failure to write it is theirs to fix (exit 2).
  throw UsageError("cannot write " + path.string() + ": " + std::strerror(error));
}

} // namespace

void check_writable(const fs::path& path)
{
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    write_failed(path, EISDIR);
  }
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    write_failed(path, ENOENT);
  }
}

void write_file_atomic(const fs::path& requested, std::string_view content, std::optional<fs::perms> mode)
{
  // A symbolic link is written through: the file it points to is replaced, the link stays.
  std::error_code ec;
  fs::path path = requested;
  if (fs::is_symlink(fs::symlink_status(requested, ec))) {
    path = fs::weakly_canonical(requested, ec);
    if (ec) {
      write_failed(requested, ec.value());
    }
  }
  // A device, a pipe or a socket (-o /dev/stdout, -o /dev/null, a FIFO) is written to as it
  // is: renaming a file over it would replace it, and "whole or not at all" means nothing there.
  struct stat existing
  {
  };
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) {
    write_failed(requested, EISDIR);
  }
  if (exists && !S_ISREG(existing.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      write_failed(requested, errno);
    }
    const int error = write_all(fd, content);
    const int closed = ::close(fd) == 0 ? 0 : errno;
    if (error != 0 || closed != 0) {
      write_failed(requested, error != 0 ? error : closed);
    }
    return;
  }
  // The permissions: MODE, else those of the file being replaced, else 0666 less the umask (the
  // kernel applies it to a new file).
  const bool set_bits = mode.has_value() || exists;
  const mode_t bits = mode ? static_cast<mode_t>(*mode) : (existing.st_mode & 07777);
  std::random_device random;
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(random());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, set_bits ? 0600 : 0666);
  if (fd < 0) {
    write_failed(requested, errno);
  }
  int error = write_all(fd, content);
  if (error == 0 && set_bits && ::fchmod(fd, bits) != 0) {
    error = errno;
  }
  if (error == 0 && ::fsync(fd) != 0) {
    error = errno;
  }
  if (::close(fd) != 0 && error == 0) {
    error = errno;
  }
  if (error == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) {
    error = errno;
  }
  if (error != 0) {
    ::unlink(tmp.c_str());
    write_failed(requested, error);
  }
}

} // namespace trail::util
