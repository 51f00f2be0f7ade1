// git-trail's own reader of loose objects (src/core/git/loose_objects.cpp), through the
// Repository API, against git's answers on a repository whose objects are all loose.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

using namespace trail;
namespace fs = std::filesystem;

namespace {

// A temporary repository, removed at the end of the test case.
struct LooseRepo
{
  fs::path path =
      fs::temp_directory_path() / ("trail-unit-loose-" + std::to_string(std::random_device{}()));
  LooseRepo()
  {
    fs::create_directories(path);
    git("init -q -b main .");
  }
  ~LooseRepo()
  {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  // Runs git with fixed ARGS (no user input) in the repository; returns its output.
  std::string git(const std::string& args) const
  {
    const std::string command =
        "cd '" + path.string() +
        "' && GIT_CONFIG_NOSYSTEM=1 HOME=/nonexistent git -c user.name=T -c user.email=t@x " + args;
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
      output.append(buffer, n);
    }
    REQUIRE(pclose(pipe) == 0);
    return output;
  }
  void write(const std::string& file, const std::string& content) const
  {
    fs::create_directories((path / file).parent_path());
    util::write_file_atomic(path / file, content);
  }
  std::string object_file(const std::string& id) const
  {
    return (path / ".git" / "objects" / id.substr(0, 2) / id.substr(2)).string();
  }
};

std::string trimmed(std::string text)
{
  while (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  return text;
}

} // namespace

TEST_CASE("loose objects read by git-trail's reader are byte for byte what git reads")
{
  LooseRepo repo;
  std::mt19937 random(42);
  std::string big;
  for (int i = 0; i < 300000; ++i) {
    big += static_cast<char>(random() & 0xff); // incompressible: larger than its zlib stream
  }
  repo.write("empty", "");
  repo.write("big.bin", big);
  repo.write("text.txt", std::string(100000, 'a') + "\n"); // compresses 1000:1
  repo.git("add -A");
  repo.git("commit -q -m 'First' -m 'Implements: SRS-1'");
  repo.write("text.txt", "changed\n");
  repo.git("commit -q -am Second");
  REQUIRE(trimmed(repo.git("count-objects")).starts_with("8 objects")); // all loose

  const auto opened = git::Repository::open_at(repo.path.string());
  const std::string head = opened.resolve_commit("HEAD");
  CHECK(head == trimmed(repo.git("rev-parse HEAD")));
  const auto commit = opened.commit(head);
  CHECK(commit.message ==
        repo.git("cat-file commit HEAD").substr(repo.git("cat-file commit HEAD").find("\n\n") + 2));
  CHECK(opened.commit(commit.parents.at(0)).message == "First\n\nImplements: SRS-1\n");
  for (const char* file : {"empty", "big.bin", "text.txt"}) {
    const std::string id = trimmed(repo.git(std::string("rev-parse HEAD~1:") + file));
    CHECK(opened.read_blob(id) == repo.git("cat-file blob " + id));
  }
  // A short id goes through the reader's prefix lookup.
  CHECK(opened.resolve_commit(head.substr(0, 8)) == head);
}

TEST_CASE("a truncated loose object is an Error naming it (exit 3), not a loop or 'missing'")
{
  LooseRepo repo;
  repo.write("a", std::string(5000, 'x') + "y\n");
  repo.git("add a");
  repo.git("commit -q -m One");
  const std::string blob = trimmed(repo.git("rev-parse HEAD:a"));
  const std::string file = repo.object_file(blob);
  const std::string whole = util::read_file(file);
  fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
  util::write_file_atomic(file, whole.substr(0, whole.size() / 2));

  const auto opened = git::Repository::open_at(repo.path.string());
  try {
    (void)opened.read_blob(blob);
    FAIL("a truncated object must not read");
  } catch (const Error& e) {
    CHECK(e.exit_code() == k_exit_internal);
    CHECK(std::string(e.what()) ==
          "corrupt object " + blob + " (" + fs::canonical(file).string() +
              "): the compressed data ends before the object does (a truncated file); run `git "
              "fsck` to see the damage");
  }
  // The error is reported once: the next read of a sound object succeeds.
  CHECK(opened.commit(opened.resolve_commit("HEAD")).message == "One\n");
}
