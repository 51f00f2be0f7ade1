#include "core/util/file.hpp"

#include "core/util/error.hpp"
#include "core/util/fd.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace trail::util {

namespace fs = std::filesystem;

int read_up_to(int fd, size_t limit, std::string& content)
{
  char buffer[65536];
  while (content.size() <= limit) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return errno;
    }
    if (n == 0) {
      break;
    }
    content.append(buffer, static_cast<size_t>(n));
  }
  return 0;
}

// Every file read here is one the user named or wrote (a policy, a message, a report): one that
// cannot be read is a usage or configuration error (exit 2), never an internal one.
std::string read_file(const fs::path& path, size_t limit)
{
  auto content = read_file_if_exists(path, limit);
  if (!content) {
    throw UsageError("cannot read " + path.string() + ": " + std::strerror(ENOENT));
  }
  return *content;
}

namespace {

[[noreturn]] void read_failed(const fs::path& path, int error)
{
  throw UsageError("cannot read " + path.string() + ": " + std::strerror(error));
}

std::string mebibytes(size_t bytes)
{
  return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

} // namespace

namespace {

[[noreturn]] void too_large(const fs::path& path, size_t limit)
{
  throw UsageError("cannot read " + path.string() + ": larger than " + mebibytes(limit) +
                   ", the most git-trail reads from such a file");
}

// An open file and what fstat says of it.
struct OpenFile
{
  Fd fd;
  struct stat info;
};

// Opens PATH for reading, or returns nullopt when it does not exist; throws UsageError naming
// the path and the reason when it cannot be opened or is a folder.
std::optional<OpenFile> open_existing(const fs::path& path)
{
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return std::nullopt;
    }
    read_failed(path, errno);
  }
  OpenFile file{Fd(fd), {}};
  if (::fstat(fd, &file.info) != 0) {
    read_failed(path, errno);
  }
  if (S_ISDIR(file.info.st_mode)) {
    read_failed(path, EISDIR);
  }
  return file;
}

// Reads the whole of FILE (PATH) into memory, at most LIMIT bytes.
std::string read_whole(const OpenFile& file, const fs::path& path, size_t limit)
{
  const bool regular = S_ISREG(file.info.st_mode);
  if (regular && static_cast<uint64_t>(file.info.st_size) > limit) {
    too_large(path, limit);
  }
  std::string content;
  if (regular) {
    content.reserve(static_cast<size_t>(file.info.st_size));
  }
  if (const int error = read_up_to(file.fd.get(), limit, content); error != 0) {
    read_failed(path, error);
  }
  if (content.size() > limit) {
    too_large(path, limit);
  }
  return content;
}

} // namespace

std::optional<std::string> read_file_if_exists(const fs::path& path, size_t limit)
{
  // POSIX calls, so that a folder, an endless device (/dev/zero) or a file larger than LIMIT is
  // refused with its reason instead of read as empty or read until memory runs out. A pipe
  // (a FIFO, a process substitution) is read like a file: its writer decides when it ends.
  const auto file = open_existing(path);
  if (!file) {
    return std::nullopt;
  }
  return read_whole(*file, path, limit);
}

std::optional<MappedFile> MappedFile::open_if_exists(const fs::path& path, size_t limit)
{
  const auto file = open_existing(path);
  if (!file) {
    return std::nullopt;
  }
  const auto size = static_cast<uint64_t>(file->info.st_size);
  if (!S_ISREG(file->info.st_mode) || size == 0) {
    // A FIFO or device is read as read_file reads it; an empty file cannot be mapped.
    return of(read_whole(*file, path, limit));
  }
  if (size > limit) {
    too_large(path, limit);
  }
  void* map = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_PRIVATE, file->fd.get(), 0);
  if (map == MAP_FAILED) {
    read_failed(path, errno);
  }
  MappedFile mapped;
  mapped.m_map = map;
  mapped.m_view = std::string_view(static_cast<const char*>(map), static_cast<size_t>(size));
  return mapped;
}

MappedFile MappedFile::of(std::string bytes)
{
  MappedFile file;
  file.m_held = std::make_unique<std::string>(std::move(bytes));
  file.m_view = *file.m_held;
  return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_view(std::exchange(other.m_view, {})), m_map(std::exchange(other.m_map, nullptr)),
      m_held(std::move(other.m_held))
{
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
  if (this != &other) {
    release();
    m_view = std::exchange(other.m_view, {});
    m_map = std::exchange(other.m_map, nullptr);
    m_held = std::move(other.m_held);
  }
  return *this;
}

MappedFile::~MappedFile()
{
  release();
}

void MappedFile::release() noexcept
{
  if (m_map != nullptr) {
    ::munmap(m_map, m_view.size());
    m_map = nullptr;
  }
  m_held.reset();
  m_view = {};
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

AtomicFile::AtomicFile(const fs::path& requested, std::optional<fs::perms> mode)
    : m_requested(requested)
{
  // A symbolic link is written through: the file it points to is replaced, the link stays.
  std::error_code ec;
  m_path = requested;
  if (fs::is_symlink(fs::symlink_status(requested, ec))) {
    m_path = fs::weakly_canonical(requested, ec);
    if (ec) {
      write_failed(requested, ec.value());
    }
  }
  // A device, a pipe or a socket (-o /dev/stdout, -o /dev/null, a FIFO) is written to as it
  // is: renaming a file over it would replace it, and "whole or not at all" means nothing there.
  struct stat existing
  {
  };
  const bool exists = ::stat(m_path.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) {
    write_failed(requested, EISDIR);
  }
  if (exists && !S_ISREG(existing.st_mode)) {
    m_device = true;
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CLOEXEC);
    if (m_fd < 0) {
      write_failed(requested, errno);
    }
    return;
  }
  // The permissions: MODE, else those of the file being replaced, else 0666 less the umask (the
  // kernel applies it to a new file).
  m_set_bits = mode.has_value() || exists;
  m_bits = mode ? static_cast<unsigned>(*mode) : (existing.st_mode & 07777);
  const fs::path folder = m_path.has_parent_path() ? m_path.parent_path() : fs::path(".");
  std::random_device random;
  m_tmp = m_path.string() + ".tmp-" + std::to_string(random());
  // Linux: the content is written to an unnamed file (O_TMPFILE), which vanishes if the process
  // dies while writing; it gets a name only once it is whole and synced, just before the rename.
  // Where the file system cannot do that, or /proc is not mounted (the name is given through it),
  // a named temporary file is written instead.
  m_fd = ::access("/proc/self/fd", X_OK) != 0
             ? -1
             : ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, m_set_bits ? 0600 : 0666);
  if (m_fd < 0) {
    m_fd = ::open(m_tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, m_set_bits ? 0600 : 0666);
    m_named = m_fd >= 0;
  }
  if (m_fd < 0) {
    write_failed(requested, errno);
  }
}

AtomicFile::~AtomicFile()
{
  if (m_fd >= 0) {
    ::close(m_fd);
  }
  if (m_named) {
    ::unlink(m_tmp.c_str()); // not committed: the target is left as it was
  }
}

void AtomicFile::write(std::string_view data)
{
  if (m_fd < 0) {
    throw Error("AtomicFile::write after commit");
  }
  if (const int error = write_all(m_fd, data); error != 0) {
    fail(error);
  }
}

void AtomicFile::fail(int error)
{
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
  if (m_named) {
    ::unlink(m_tmp.c_str());
    m_named = false;
  }
  write_failed(m_requested, error);
}

void AtomicFile::commit()
{
  if (m_fd < 0) {
    throw Error("AtomicFile::commit twice");
  }
  const int fd = m_fd;
  m_fd = -1;
  if (m_device) {
    if (::close(fd) != 0) {
      fail(errno);
    }
    return;
  }
  int error = 0;
  if (m_set_bits && ::fchmod(fd, static_cast<mode_t>(m_bits)) != 0) {
    error = errno;
  }
  if (error == 0 && ::fsync(fd) != 0) {
    error = errno;
  }
  if (error == 0 && !m_named) {
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, m_tmp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      error = errno;
    } else {
      m_named = true;
    }
  }
  if (::close(fd) != 0 && error == 0) {
    error = errno;
  }
  if (error == 0 && ::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
    error = errno;
  }
  if (error != 0) {
    fail(error);
  }
  m_named = false; // renamed: nothing left to remove
}

void write_file_atomic(const fs::path& path,
                       std::string_view content,
                       std::optional<fs::perms> mode)
{
  AtomicFile file(path, mode);
  file.write(content);
  file.commit();
}

TempDir::TempDir()
{
  const char* tmpdir = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") + "/git-trail.XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw Error("cannot make a temporary folder " + pattern + ": " + std::strerror(errno));
  }
  m_path = pattern;
}

TempDir::~TempDir()
{
  std::error_code ignored;
  fs::remove_all(m_path, ignored);
}

fs::path TempDir::write(const std::string& name, std::string_view content) const
{
  const fs::path file = m_path / name;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error("cannot write " + file.string() + ": " + std::strerror(errno));
  }
  const Fd owned(fd);
  if (const int error = write_all(fd, content); error != 0) {
    throw Error("cannot write " + file.string() + ": " + std::strerror(error));
  }
  return file;
}

} // namespace trail::util
