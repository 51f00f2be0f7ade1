// verifies: GT-2
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
  fs::path path =
      fs::temp_directory_path() / ("trail-unit-" + std::to_string(std::random_device{}()));
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
  CHECK(shim.find("\nrecorded='/opt/bin/git-trail'\n") != std::string::npos);
  CHECK(shim.find("exec \"$trail\" hook commit-msg \"$@\"") != std::string::npos);
  CHECK((fs::status(dir.path / "commit-msg").permissions() & fs::perms::owner_exec) !=
        fs::perms::none);
  CHECK(hooks::hook_status(dir.path, k_hooks, "/opt/bin/git-trail")[0].state ==
        hooks::HookState::current);
  CHECK(hooks::hook_status(dir.path, k_hooks, "/usr/bin/git-trail")[0].state ==
        hooks::HookState::outdated);
}

TEST_CASE("install: an outdated shim is updated")
{
  TempDir dir;
  hooks::install_hooks(dir.path, k_hooks, {"/old/git-trail", false});
  CHECK(hooks::install_hooks(dir.path, k_hooks, {"/new/git-trail", false}) ==
        std::vector<std::string>{"commit-msg: updated"});
  CHECK(util::read_file(dir.path / "commit-msg") ==
        hooks::render_shim("commit-msg", "/new/git-trail"));
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

TEST_CASE("install: a portable shim records no path and status tells the kinds apart")
{
  TempDir dir;
  const auto report = hooks::install_hooks(dir.path, k_hooks, {"/opt/bin/git-trail", false, true});
  CHECK(report == std::vector<std::string>{"commit-msg: installed (portable)"});
  const auto shim = util::read_file(dir.path / "commit-msg");
  CHECK(shim.find("\nrecorded=''\n") != std::string::npos);
  CHECK(shim.find("/opt/bin") == std::string::npos);
  const auto status = hooks::hook_status(dir.path, k_hooks, "/opt/bin/git-trail")[0];
  CHECK(status.state == hooks::HookState::current);
  CHECK(status.portable);
  CHECK(hooks::install_hooks(dir.path, k_hooks, {"/opt/bin/git-trail", false, true}) ==
        std::vector<std::string>{"commit-msg: already installed (portable)"});
  CHECK(hooks::install_hooks(dir.path, k_hooks, {"/opt/bin/git-trail", false, false}) ==
        std::vector<std::string>{"commit-msg: updated (records /opt/bin/git-trail)"});
  CHECK_FALSE(hooks::hook_status(dir.path, k_hooks, "/opt/bin/git-trail")[0].portable);
}

TEST_CASE("install: a recorded path is quoted for the shell")
{
  const auto shim = hooks::render_shim("commit-msg", "/opt/it's here/git-trail");
  CHECK(shim.find("\nrecorded='/opt/it'\\''s here/git-trail'\n") != std::string::npos);
}

TEST_CASE("install: a hooks folder inside the working tree")
{
  TempDir dir;
  CHECK(hooks::inside_working_tree(dir.path / ".githooks", dir.path));
  CHECK(hooks::inside_working_tree(dir.path / ".husky" / "_", dir.path));
  CHECK_FALSE(hooks::inside_working_tree(dir.path / ".git" / ".." / ".." / "hooks", dir.path));
  CHECK_FALSE(hooks::inside_working_tree(dir.path.parent_path() / "hooks", dir.path));
  CHECK_FALSE(hooks::inside_working_tree(dir.path / ".git" / "hooks", dir.path));
}

TEST_CASE("install: install_problems lists every obstacle and changes nothing")
{
  TempDir dir;
  const std::vector<std::string> both = {"commit-msg", "pre-push"};
  util::write_file_atomic(dir.path / "commit-msg", "#!/bin/sh\n");
  util::write_file_atomic(dir.path / "pre-push", "#!/bin/sh\n");
  util::write_file_atomic(dir.path / "pre-push.chained", "#!/bin/sh\n");
  const auto unchained = hooks::install_problems(dir.path, both, {"/bin/git-trail", false});
  REQUIRE(unchained.size() == 2);
  CHECK(unchained[0].starts_with("commit-msg: "));
  CHECK(unchained[1].starts_with("pre-push: "));
  const auto chained = hooks::install_problems(dir.path, both, {"/bin/git-trail", true});
  CHECK(chained == std::vector<std::string>{
                       "pre-push: cannot chain " + (dir.path / "pre-push").string() + ", " +
                       (dir.path / "pre-push.chained").string() + " already exists"});
  CHECK_THROWS_AS(hooks::install_hooks(dir.path, both, {"/bin/git-trail", true}), UsageError);
  CHECK_FALSE(fs::exists(dir.path / "commit-msg.chained"));
}

TEST_CASE("install: recorded_binary reads back the path a shim records, quotes included")
{
  CHECK(hooks::recorded_binary(hooks::render_shim("commit-msg", "/usr/bin/git-trail")) ==
        std::optional<std::string>("/usr/bin/git-trail"));
  CHECK(hooks::recorded_binary(hooks::render_shim("pre-push", "/opt/it's here/git-trail")) ==
        std::optional<std::string>("/opt/it's here/git-trail"));
  CHECK(hooks::recorded_binary(hooks::render_shim("pre-receive", "")) ==
        std::optional<std::string>(""));
  CHECK_FALSE(hooks::recorded_binary("#!/bin/sh\nrecorded='/x'\n"));
  CHECK_FALSE(hooks::recorded_binary("#!/bin/sh\n# git-trail shim: commit-msg (old)\nexec x\n"));
}
