#pragma once

#include <cstddef>
#include <filesystem>
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

// Throws the UsageError write_file_atomic would throw for PATH when that can be told without
// writing: PATH is a folder, or its folder does not exist.
void check_writable(const std::filesystem::path& path);

} // namespace trail::util
