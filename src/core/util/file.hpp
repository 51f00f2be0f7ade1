#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace trail::util {

// Reads the whole file at PATH; throws UsageError naming the path and the reason when it cannot
// (a missing file, a folder, no permission: exit 2).
std::string read_file(const std::filesystem::path& path);
// Reads the whole file at PATH, or returns nullopt when it does not exist; throws UsageError
// when it exists but cannot be read.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);
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
