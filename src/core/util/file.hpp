#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace trail::util {

// The most read_file reads by default: far above any policy, registry, message or template, far
// below what an endless device (/dev/zero) would cost in memory.
inline constexpr size_t k_max_read_bytes = size_t{64} * 1024 * 1024;
// The most read from a test report (JUnit XML from a large suite can be big).
inline constexpr size_t k_max_report_bytes = size_t{1024} * 1024 * 1024;

// Reads the whole file at PATH; throws UsageError naming the path and the reason when it cannot
// (a missing file, a folder, no permission, more than LIMIT bytes: exit 2).
std::string read_file(const std::filesystem::path& path, size_t limit = k_max_read_bytes);
// Reads the whole file at PATH, or returns nullopt when it does not exist; throws UsageError
// when it exists but cannot be read, as read_file does.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path,
                                               size_t limit = k_max_read_bytes);
// A file's bytes, mapped read-only when it is a regular file (pages are read as they are used,
// none copied: the index of a large repository is read this way at every commit), else held in
// memory. The view stays valid, and unchanged, for the object's life, across moves; git
// replaces the files read this way (the index) by renaming a new file over them, which leaves
// a mapping of the old one intact.
class MappedFile
{
public:
  // Maps the file at PATH, or returns nullopt when it does not exist; throws UsageError when
  // it exists but cannot be read, or holds more than LIMIT bytes, as read_file does.
  static std::optional<MappedFile> open_if_exists(const std::filesystem::path& path,
                                                  size_t limit = k_max_read_bytes);
  // Bytes already in memory (tests, and what cannot be mapped).
  static MappedFile of(std::string bytes);

  std::string_view view() const
  {
    return m_view;
  }

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

private:
  MappedFile() = default;
  void release() noexcept;
  std::string_view m_view;
  void* m_map = nullptr;               // the mapping (m_view's bytes), or nullptr
  std::unique_ptr<std::string> m_held; // the bytes when not mapped
};

// Appends what FD holds to CONTENT until its end, or until CONTENT holds more than LIMIT bytes
// (so a caller tells "too large" by CONTENT.size() > LIMIT without reading an endless file);
// returns 0, or the errno of the failed read.
int read_up_to(int fd, size_t limit, std::string& content);
// Reads all of standard input.
std::string read_stdin();
// Writes CONTENT to PATH atomically (temporary file in the same folder, synced, then renamed),
// so the file appears whole or not at all; a symbolic link is written through, a device or FIFO
// is written as it is. MODE, when given, sets the permission bits; else a replaced file keeps
// its own. Throws UsageError naming the path and the reason (exit 2): a folder, a missing
// folder, a full disk, no permission.
void write_file_atomic(const std::filesystem::path& path,
                       std::string_view content,
                       std::optional<std::filesystem::perms> mode = std::nullopt);

// A file written piece by piece that appears whole or not at all, as write_file_atomic writes
// one: the pieces go to a temporary file in the same folder, which commit() syncs and renames
// over PATH; destroyed without commit() (an error while the content was produced), it leaves
// PATH as it was and no temporary file behind. Symbolic links, devices, FIFOs and MODE as
// write_file_atomic. Throws UsageError naming the path and the reason (exit 2).
class AtomicFile
{
public:
  explicit AtomicFile(const std::filesystem::path& path,
                      std::optional<std::filesystem::perms> mode = std::nullopt);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  // Appends DATA to the file.
  void write(std::string_view data);
  // Makes the file whole at PATH.
  void commit();

private:
  [[noreturn]] void fail(int error);

  std::filesystem::path m_requested; // as the caller named it, for errors
  std::filesystem::path m_path;      // a symbolic link resolved
  std::filesystem::path m_tmp;       // the temporary file's name
  int m_fd = -1;                     // open until commit()
  bool m_device = false;             // a device or FIFO, written as it is
  bool m_named = false;              // the temporary file has a name (to remove on failure)
  bool m_set_bits = false;           // set the permission bits to m_bits
  unsigned m_bits = 0;
};

// Throws the UsageError write_file_atomic would throw for PATH when that can be told without
// writing: PATH is a folder, or its folder does not exist.
void check_writable(const std::filesystem::path& path);

// A folder of this process's own under $TMPDIR (else /tmp), made private (0700) and removed
// with everything in it when the object goes; for the files a program run by run_process
// must read by name (a signature, an allowed-signers list).
class TempDir
{
public:
  // Makes the folder; throws Error naming the reason when it cannot.
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const
  {
    return m_path;
  }
  // Writes CONTENT to the file NAME in the folder (created or replaced, mode 0600); returns
  // its path.
  std::filesystem::path write(const std::string& name, std::string_view content) const;

private:
  std::filesystem::path m_path;
};

} // namespace trail::util
