#include "core/util/error.hpp"
#include "core/util/file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using trail::util::AtomicFile;
using trail::util::read_file;
using trail::util::write_file_atomic;

namespace {

// A fresh folder under the system's temporary folder, removed at the end of the test.
struct TempDir
{
  fs::path path;
  TempDir()
  {
    std::string pattern = (fs::temp_directory_path() / "trail-file.XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir()
  {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

size_t entries(const fs::path& dir)
{
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) {
    ++n;
  }
  return n;
}

} // namespace

TEST_SUITE_BEGIN("file");

TEST_CASE("file: write_file_atomic writes a new file and replaces an old one, leaving nothing else")
{
  TempDir dir;
  const fs::path file = dir.path / "out.md";
  write_file_atomic(file, "first\n");
  CHECK(read_file(file) == "first\n");
  write_file_atomic(file, "second\n", fs::perms::owner_read | fs::perms::owner_write);
  CHECK(read_file(file) == "second\n");
  CHECK((fs::status(file).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("file: write_file_atomic into a missing folder fails and leaves no file")
{
  TempDir dir;
  const std::string expected =
      "cannot write " + (dir.path / "no" / "out.md").string() + ": No such file or directory";
  CHECK_THROWS_WITH(write_file_atomic(dir.path / "no" / "out.md", "x"), expected.c_str());
  CHECK(entries(dir.path) == 0);
}

TEST_CASE("file: write_file_atomic writes through a FIFO instead of replacing it")
{
  TempDir dir;
  const fs::path fifo = dir.path / "pipe";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] { received = read_file(fifo); });
  write_file_atomic(fifo, "through the pipe\n");
  reader.join();
  CHECK(received == "through the pipe\n");
  CHECK(fs::is_fifo(fifo));
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("file: write_file_atomic keeps the permissions of the file it replaces")
{
  TempDir dir;
  const fs::path file = dir.path / "secret.json";
  write_file_atomic(file, "old\n");
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  write_file_atomic(file, "new\n");
  CHECK(read_file(file) == "new\n");
  CHECK((fs::status(file).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("file: write_file_atomic writes through a symbolic link; the link stays a link")
{
  TempDir dir;
  fs::create_directory(dir.path / "real");
  const fs::path target = dir.path / "real" / "report.xml";
  write_file_atomic(target, "old\n");
  const fs::path link = dir.path / "report.xml";
  fs::create_symlink("real/report.xml", link);
  write_file_atomic(link, "new\n");
  CHECK(fs::is_symlink(fs::symlink_status(link)));
  CHECK(read_file(target) == "new\n");
  CHECK(entries(dir.path / "real") == 1);
}

TEST_CASE("file: write_file_atomic onto a folder says so (exit 2), not 'Success'")
{
  TempDir dir;
  fs::create_directory(dir.path / "out");
  const std::string expected = "cannot write " + (dir.path / "out").string() + ": Is a directory";
  CHECK_THROWS_WITH_AS(
      write_file_atomic(dir.path / "out", "x"), expected.c_str(), trail::UsageError);
  CHECK(entries(dir.path / "out") == 0);
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("file: write_file_atomic onto a full device reports the error")
{
  if (!fs::exists("/dev/full")) {
    return; // not Linux
  }
  CHECK_THROWS_WITH_AS(write_file_atomic("/dev/full", "x"),
                       "cannot write /dev/full: No space left on device",
                       trail::UsageError);
}

TEST_CASE("file: an AtomicFile written piece by piece appears whole at commit, not before")
{
  TempDir dir;
  const fs::path file = dir.path / "out.md";
  write_file_atomic(file, "old\n");
  {
    AtomicFile out(file);
    out.write("new ");
    out.write("content\n");
    CHECK(read_file(file) == "old\n");
    out.commit();
  }
  CHECK(read_file(file) == "new content\n");
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("file: an AtomicFile given up before commit leaves the target and no temporary file")
{
  TempDir dir;
  const fs::path file = dir.path / "out.md";
  write_file_atomic(file, "old\n");
  try {
    AtomicFile out(file);
    out.write("half a chang");
    throw std::runtime_error("the renderer failed");
  } catch (const std::runtime_error&) {
  }
  CHECK(read_file(file) == "old\n");
  CHECK(entries(dir.path) == 1);
  {
    AtomicFile out(dir.path / "new.md");
    out.write("never committed");
  }
  CHECK(!fs::exists(dir.path / "new.md"));
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("file: an AtomicFile onto a full device reports the error when it writes")
{
  if (!fs::exists("/dev/full")) {
    return; // not Linux
  }
  AtomicFile out("/dev/full");
  CHECK_THROWS_WITH_AS(
      out.write("x"), "cannot write /dev/full: No space left on device", trail::UsageError);
}

TEST_SUITE_END();
