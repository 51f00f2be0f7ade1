// verifies: GT-28
// git-trail's own reader of loose objects (src/core/git/loose_objects.cpp), through the
// Repository API, against git's answers on a repository whose objects are all loose.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

// The file of the loose object ID in REPO.
std::string object_file(const TempRepo& repo, const std::string& id)
{
  return (repo.path / ".git" / "objects" / id.substr(0, 2) / id.substr(2)).string();
}

} // namespace

TEST_CASE("loose objects read by git-trail's reader are byte for byte what git reads")
{
  TempRepo repo;
  std::mt19937 random(42);
  std::string big;
  for (int i = 0; i < 300000; ++i) {
    big += static_cast<char>(random() & 0xff); // incompressible: larger than its zlib stream
  }
  repo.write("empty", "");
  repo.write("big.bin", big);
  repo.write("text.txt", std::string(100000, 'a') + "\n"); // compresses 1000:1
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "First", "-m", "Implements: SRS-1"});
  repo.write("text.txt", "changed\n");
  repo.git({"commit", "-q", "-am", "Second"});
  REQUIRE(repo.line({"count-objects"}).starts_with("8 objects")); // all loose

  const auto opened = git::Repository::open_at(repo.path.string());
  const std::string head = opened.resolve_commit("HEAD");
  CHECK(head == repo.line({"rev-parse", "HEAD"}));
  const auto commit = opened.commit(head);
  const std::string stored = repo.git({"cat-file", "commit", "HEAD"});
  CHECK(commit.message == stored.substr(stored.find("\n\n") + 2));
  CHECK(opened.commit(commit.parents.at(0)).message == "First\n\nImplements: SRS-1\n");
  for (const char* file : {"empty", "big.bin", "text.txt"}) {
    const std::string id = repo.line({"rev-parse", std::string("HEAD~1:") + file});
    CHECK(opened.read_blob(id) == repo.git({"cat-file", "blob", id}));
  }
  // A short id goes through the reader's prefix lookup.
  CHECK(opened.resolve_commit(head.substr(0, 8)) == head);
}

TEST_CASE("a truncated loose object is an Error naming it (exit 3), not a loop or 'missing'")
{
  TempRepo repo;
  repo.write("a", std::string(5000, 'x') + "y\n");
  repo.git({"add", "a"});
  repo.git({"commit", "-q", "-m", "One"});
  const std::string blob = repo.line({"rev-parse", "HEAD:a"});
  const std::string file = object_file(repo, blob);
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
