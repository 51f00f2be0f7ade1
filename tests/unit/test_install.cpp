#include "core/hooks/install.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>

using namespace trail;
namespace fs = std::filesystem;

namespace {

// A temporary folder removed at the end of the test case.
struct TempDir
{
  fs::path path = fs::temp_directory_path() / ("trail-unit-" + std::to_string(std::random_device{}()));
  TempDir()
  {
    fs::create_directories(path);
  }
  ~TempDir()
  {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const std::vector<std::string> k_hooks = {"commit-msg"};

} // namespace

TEST_CASE("install: the shim names the binary and is executable")
{
  TempDir dir;
  const auto report = hooks::install_hooks(dir.path, k_hooks, {"/opt/bin/git-trail", false});
  CHECK(report == std::vector<std::string>{"commit-msg: installed"});
  const auto shim = util::read_file(dir.path / "commit-msg");
  CHECK(shim.starts_with("#!/bin/sh\n"));
  CHECK(shim.find("trail=\"${GIT_TRAIL:-/opt/bin/git-trail}\"") != std::string::npos);
  CHECK(shim.find("exec \"$trail\" hook commit-msg \"$@\"") != std::string::npos);
  CHECK((fs::status(dir.path / "commit-msg").permissions() & fs::perms::owner_exec) != fs::perms::none);
  CHECK(hooks::hook_status(dir.path, k_hooks, "/opt/bin/git-trail")[0].state == hooks::HookState::current);
  CHECK(hooks::hook_status(dir.path, k_hooks, "/usr/bin/git-trail")[0].state == hooks::HookState::outdated);
}

TEST_CASE("install: an outdated shim is updated")
{
  TempDir dir;
  hooks::install_hooks(dir.path, k_hooks, {"/old/git-trail", false});
  CHECK(hooks::install_hooks(dir.path, k_hooks, {"/new/git-trail", false}) == std::vector<std::string>{"commit-msg: updated"});
  CHECK(util::read_file(dir.path / "commit-msg") == hooks::render_shim("commit-msg", "/new/git-trail"));
}

TEST_CASE("install: a foreign hook blocks install unless chained, and chaining is undone")
{
  TempDir dir;
  util::write_file_atomic(dir.path / "commit-msg", "#!/bin/sh\nexit 0\n");
  CHECK_THROWS_AS(hooks::install_hooks(dir.path, k_hooks, {"/bin/git-trail", false}), UsageError);
  CHECK(util::read_file(dir.path / "commit-msg") == "#!/bin/sh\nexit 0\n");
  hooks::install_hooks(dir.path, k_hooks, {"/bin/git-trail", true});
  CHECK(util::read_file(dir.path / "commit-msg.chained") == "#!/bin/sh\nexit 0\n");
  CHECK(hooks::hook_status(dir.path, k_hooks, "/bin/git-trail")[0].chained);
  CHECK(hooks::uninstall_hooks(dir.path, k_hooks) ==
        std::vector<std::string>{"commit-msg: removed; the chained hook is back in place"});
  CHECK(util::read_file(dir.path / "commit-msg") == "#!/bin/sh\nexit 0\n");
  CHECK_FALSE(fs::exists(dir.path / "commit-msg.chained"));
}

TEST_CASE("install: uninstall leaves foreign hooks alone")
{
  TempDir dir;
  util::write_file_atomic(dir.path / "commit-msg", "#!/bin/sh\n");
  CHECK(hooks::uninstall_hooks(dir.path, k_hooks) ==
        std::vector<std::string>{"commit-msg: left alone (not written by git-trail)"});
  CHECK(fs::exists(dir.path / "commit-msg"));
}

TEST_CASE("install: an unknown hook name is a usage error")
{
  CHECK_THROWS_AS(hooks::render_shim("post-checkout", "/bin/git-trail"), UsageError);
}
