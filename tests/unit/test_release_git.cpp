// The git layer's release support (tree manifests, status, tags, signing) against git itself,
// on repositories built by the test with git commands.

#include "core/git/repository.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

using Env = std::map<std::string, std::string>;

// Sets environment variables for the life of the object and restores them afterwards.
class ScopedEnv
{
public:
  explicit ScopedEnv(const std::map<std::string, std::string>& values)
  {
    for (const auto& [name, value] : values) {
      const char* old = std::getenv(name.c_str());
      m_saved.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      setenv(name.c_str(), value.c_str(), 1);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv()
  {
    for (const auto& [name, value] : m_saved) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }

private:
  std::vector<std::pair<std::string, std::optional<std::string>>> m_saved;
};

std::string type_name(git::TreeEntry::Type type)
{
  switch (type) {
  case git::TreeEntry::Type::file:
    return "file";
  case git::TreeEntry::Type::executable:
    return "executable";
  case git::TreeEntry::Type::symlink:
    return "symlink";
  case git::TreeEntry::Type::gitlink:
    return "gitlink";
  }
  return "?";
}

std::vector<std::string> paths_of(const std::vector<git::TreeEntry>& entries)
{
  std::vector<std::string> paths;
  for (const auto& entry : entries) {
    paths.push_back(entry.path);
  }
  return paths;
}

// Returns the message of the error FN throws (fails when it throws none).
template<typename Fn>
std::string error_of(Fn&& fn)
{
  try {
    fn();
  } catch (const Error& error) {
    return error.what();
  }
  FAIL("expected an error");
  return {};
}

} // namespace

TEST_CASE("release git: commits carry both dates and their time zones")
{
  TempRepo repo;
  repo.write("a.txt", "1");
  const std::string id = repo.commit_all(
      "first",
      {{"GIT_COMMITTER_DATE", "1700000000 +0130"}, {"GIT_AUTHOR_DATE", "1600000000 -0500"}});
  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto info = git_repo.commit(id);
  CHECK(info.committer_time == 1700000000);
  CHECK(info.committer_offset == 90);
  CHECK(info.author_time == 1600000000);
  CHECK(info.author_offset == -300);

  git::WalkSpec spec;
  size_t seen = 0;
  git_repo.walk(spec, [&](const git::CommitInfo& walked) {
    CHECK(walked.committer_time == 1700000000);
    CHECK(walked.committer_offset == 90);
    CHECK(walked.author_offset == -300);
    ++seen;
    return true;
  });
  CHECK(seen == 1);
}

TEST_CASE(
    "release git: tree entries agree with git ls-tree, gitlinks, executables and symlinks included")
{
  TempRepo repo;
  repo.write("a.txt", "alpha\n");
  repo.write("z.txt", "zulu\n");
  repo.write("\xc3\xa9t\xc3\xa9.txt", "summer\n"); // sorts after z.txt bytewise
  repo.write("a-b/x.txt", "x\n");
  repo.write("a/b.txt", "b\n");
  repo.write("docs/guide.md", "# guide\n");
  repo.write("docs/deep/more.md", "# more\n");
  repo.write("bin/run.sh", "#!/bin/sh\n");
  fs::permissions(repo.path / "bin/run.sh", fs::perms::owner_exec, fs::perm_options::add);
  fs::create_symlink("a.txt", repo.path / "link");
  const std::string first = repo.commit_all("files");
  repo.git({"update-index", "--add", "--cacheinfo", "160000," + first + ",vendor/lib"});
  repo.git({"commit", "-q", "-m", "submodule"}); // not `add -A`: it would drop the gitlink

  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto entries = git_repo.tree_entries("HEAD", {});

  // git ls-tree -r -z: "MODE TYPE ID\tPATH\0"
  std::vector<std::string> expected;
  const std::string listing = repo.git({"ls-tree", "-r", "-z", "HEAD"});
  for (const auto record : util::split(listing, '\0')) {
    if (!record.empty()) {
      expected.emplace_back(record);
    }
  }
  std::vector<std::string> ours;
  for (const auto& entry : entries) {
    const std::string mode = entry.type == git::TreeEntry::Type::file         ? "100644 blob "
                             : entry.type == git::TreeEntry::Type::executable ? "100755 blob "
                             : entry.type == git::TreeEntry::Type::symlink    ? "120000 blob "
                                                                              : "160000 commit ";
    ours.push_back(mode + entry.id + "\t" + entry.path);
  }
  CHECK(ours == expected);
  CHECK(paths_of(entries) == std::vector<std::string>{"a-b/x.txt",
                                                      "a.txt",
                                                      "a/b.txt",
                                                      "bin/run.sh",
                                                      "docs/deep/more.md",
                                                      "docs/guide.md",
                                                      "link",
                                                      "vendor/lib",
                                                      "z.txt",
                                                      "\xc3\xa9t\xc3\xa9.txt"});
  for (const auto& entry : entries) {
    const std::string type = type_name(entry.type);
    if (entry.path == "bin/run.sh") {
      CHECK(type == "executable");
    } else if (entry.path == "link") {
      CHECK(type == "symlink");
      CHECK(git_repo.read_blob(entry.id) == "a.txt");
    } else if (entry.path == "vendor/lib") {
      CHECK(type == "gitlink");
      CHECK(entry.id == first);
    } else {
      CHECK_MESSAGE(type == "file", entry.path);
    }
    if (entry.path == "a.txt") {
      CHECK(git_repo.read_blob(entry.id) == "alpha\n");
    }
  }

  CHECK(paths_of(git_repo.tree_entries("HEAD", {"docs/*.md"})) ==
        std::vector<std::string>{"docs/guide.md"});
  CHECK(paths_of(git_repo.tree_entries("HEAD", {"docs/**"})) ==
        std::vector<std::string>{"docs/deep/more.md", "docs/guide.md"});
  CHECK(paths_of(git_repo.tree_entries("HEAD", {"*.txt"})) ==
        std::vector<std::string>{"a.txt", "z.txt", "\xc3\xa9t\xc3\xa9.txt"});
  CHECK(paths_of(git_repo.tree_entries("HEAD", {"vendor/*", "bin/*.sh"})) ==
        std::vector<std::string>{"bin/run.sh", "vendor/lib"});
  CHECK(paths_of(git_repo.tree_entries("HEAD", {"**/*.md", "link"})) ==
        std::vector<std::string>{"docs/deep/more.md", "docs/guide.md", "link"});
  CHECK(git_repo.tree_entries("HEAD", {"nothing/*"}).empty());
  CHECK(git_repo.tree_entries(first, {"vendor/*"}).empty());

  CHECK(git_repo.commit_tree("HEAD") == repo.line({"rev-parse", "HEAD^{tree}"}));
  CHECK(git_repo.commit_tree(first) == repo.line({"rev-parse", first + "^{tree}"}));
  CHECK_THROWS_AS(git_repo.commit_tree("no-such-rev"), UsageError);
  CHECK_THROWS_AS(git_repo.read_blob("not-an-id"), UsageError);
  CHECK_THROWS_AS(git_repo.read_blob(first), GitError); // a commit, not a blob
}

TEST_CASE("release git: uncommitted changes follow git status")
{
  TempRepo repo;
  repo.write(".gitignore", "*.log\nbuild/\n");
  repo.write("a.txt", "1\n");
  repo.write("b.txt", "1\n");
  repo.commit_all("first");
  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.uncommitted_changes().empty());

  repo.write("debug.log", "ignored\n");
  repo.write("build/out.o", "ignored\n");
  CHECK(git_repo.uncommitted_changes().empty());

  repo.write("a.txt", "2\n");
  CHECK(git_repo.uncommitted_changes() == std::vector<std::string>{"modified: a.txt"});

  repo.write("new.txt", "new\n");
  repo.write("newdir/x.txt", "new\n");
  CHECK(git_repo.uncommitted_changes() ==
        std::vector<std::string>{"modified: a.txt", "untracked: new.txt", "untracked: newdir/"});

  repo.git({"add", "new.txt"});
  fs::remove(repo.path / "b.txt");
  CHECK(git_repo.uncommitted_changes() ==
        std::vector<std::string>{
            "modified: a.txt", "deleted: b.txt", "staged: new.txt", "untracked: newdir/"});
  CHECK(git_repo.uncommitted_changes().size() ==
        util::split_lines(repo.git({"status", "--porcelain"})).size());

  repo.git({"add", "-A"});
  repo.write("a.txt", "3\n");
  CHECK(git_repo.uncommitted_changes() == std::vector<std::string>{"staged: a.txt",
                                                                   "modified: a.txt",
                                                                   "staged: b.txt",
                                                                   "staged: new.txt",
                                                                   "staged: newdir/x.txt"});
  repo.commit_all("second");
  CHECK(git_repo.uncommitted_changes().empty());

  TempRepo bare(true);
  const auto bare_repo = git::Repository::open_at(bare.path.string());
  CHECK_THROWS_AS(bare_repo.uncommitted_changes(), UsageError);
}

TEST_CASE("release git: finding and listing tags")
{
  TempRepo repo;
  repo.write("a.txt", "1");
  const std::string c1 = repo.commit_all("first");
  repo.write("a.txt", "2");
  const std::string c2 = repo.commit_all("second");
  repo.git({"tag", "light", c1});
  repo.git({"tag", "-a", "-m", "Annotated\n\nbody", "ann", c2},
           {},
           {{"GIT_COMMITTER_DATE", "1700000000 -0230"}});
  repo.git({"tag", "-a", "-m", "nested", "release/1.0", "ann"});
  repo.git({"tag", "treetag", c2 + "^{tree}"});

  const auto git_repo = git::Repository::open_at(repo.path.string());
  const auto light = git_repo.find_tag("light");
  REQUIRE(light.has_value());
  CHECK(light->name == "light");
  CHECK_FALSE(light->annotated);
  CHECK(light->id == c1);
  CHECK(light->target == c1);
  CHECK(light->message.empty());
  CHECK(light->tagger_name.empty());

  const auto ann = git_repo.find_tag("ann");
  REQUIRE(ann.has_value());
  CHECK(ann->annotated);
  CHECK(ann->id == repo.line({"rev-parse", "refs/tags/ann"}));
  CHECK(ann->id != c2);
  CHECK(ann->target == c2);
  CHECK(ann->tagger_name == "T");
  CHECK(ann->tagger_email == "t@x");
  CHECK(ann->tagger_time == 1700000000);
  CHECK(ann->tagger_offset == -150);
  CHECK(ann->message == "Annotated\n\nbody\n");

  const auto nested = git_repo.find_tag("release/1.0");
  REQUIRE(nested.has_value());
  CHECK(nested->annotated);
  CHECK(nested->target == c2);

  const auto tree_tag = git_repo.find_tag("treetag");
  REQUIRE(tree_tag.has_value());
  CHECK(tree_tag->target.empty());

  CHECK_FALSE(git_repo.find_tag("missing").has_value());
  CHECK_THROWS_AS(git_repo.find_tag("bad..name"), UsageError);

  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(git_repo.tags() == Pairs{{"ann", c2}, {"light", c1}, {"release/1.0", c2}});
}

TEST_CASE("release git: ancestry")
{
  TempRepo repo;
  const std::string c1 = repo.commit_all("first");
  const std::string c2 = repo.commit_all("second");
  repo.git({"switch", "-q", "-c", "side", c1});
  const std::string side = repo.commit_all("side");
  repo.git({"tag", "-a", "-m", "t", "v1", c1});

  const auto git_repo = git::Repository::open_at(repo.path.string());
  CHECK(git_repo.is_ancestor(c1, c2));
  CHECK_FALSE(git_repo.is_ancestor(c2, c1));
  CHECK(git_repo.is_ancestor(c2, c2));
  CHECK(git_repo.is_ancestor("v1", "main")); // tags peel to their commit
  CHECK_FALSE(git_repo.is_ancestor(side, c2));
  CHECK_FALSE(git_repo.is_ancestor(c2, side));
  CHECK_THROWS_AS(git_repo.is_ancestor("no-such-rev", c2), UsageError);
}

TEST_CASE("release git: create_tag stores the message verbatim and never moves a tag")
{
  TempRepo repo;
  const std::string c1 = repo.commit_all("first");
  const std::string c2 = repo.commit_all("second");
  const auto git_repo = git::Repository::open_at(repo.path.string());

  const std::string message =
      "Release 1.0\n\n  indented\n# not a comment\ntrailing spaces   \n\n\n";
  std::string id;
  {
    const ScopedEnv env(Env{{"GIT_COMMITTER_DATE", "1700000000 +0130"}});
    id = git_repo.create_tag("v1.0", "main~1", message);
  }
  CHECK(id == repo.line({"rev-parse", "refs/tags/v1.0"}));
  CHECK(repo.git({"cat-file", "-t", id}) == "tag\n");
  CHECK(repo.git({"cat-file", "-p", id}) ==
        "object " + c1 + "\ntype commit\ntag v1.0\ntagger T <t@x> 1700000000 +0130\n\n" + message);
  const auto found = git_repo.find_tag("v1.0");
  REQUIRE(found.has_value());
  CHECK(found->message == message);
  CHECK(found->tagger_offset == 90);
  CHECK_FALSE(git_repo.tag_object(id).is_signed);

  const std::string refused = error_of([&] { git_repo.create_tag("v1.0", c2, "moved"); });
  CHECK(refused == "tag 'v1.0' already exists (at " + c1 + "); git-trail never moves a tag");
  CHECK(repo.line({"rev-parse", "refs/tags/v1.0"}) == id);

  repo.git({"tag", "light", c1});
  CHECK(error_of([&] { git_repo.create_tag("light", c2, "x"); }) ==
        "tag 'light' already exists (at " + c1 + "); git-trail never moves a tag");
  CHECK(repo.line({"rev-parse", "refs/tags/light"}) == c1);

  {
    const ScopedEnv env(Env{{"GIT_COMMITTER_NAME", "Release Bot"},
                            {"GIT_COMMITTER_EMAIL", "bot@example.org"},
                            {"GIT_COMMITTER_DATE", "@1700000123 -0800"}});
    const std::string bot = git_repo.create_tag("v2.0", c2, "");
    CHECK(repo.git({"cat-file", "-p", bot}) ==
          "object " + c2 +
              "\ntype commit\ntag v2.0\ntagger Release Bot <bot@example.org> 1700000123 -0800\n\n");
  }
  {
    const ScopedEnv env(Env{{"GIT_COMMITTER_DATE", "yesterday"}});
    CHECK_THROWS_AS(git_repo.create_tag("v3.0", c2, "x"), UsageError);
  }
  CHECK_FALSE(git_repo.find_tag("v3.0").has_value());
  CHECK_THROWS_AS(git_repo.create_tag("-v3", c2, "x"), UsageError);
  CHECK_THROWS_AS(git_repo.create_tag("v3..0", c2, "x"), UsageError);
  CHECK_THROWS_AS(git_repo.create_tag("v3.0", "no-such-rev", "x"), UsageError);
  CHECK_FALSE(git_repo.find_tag("v3.0").has_value());
}

TEST_CASE("release git: signed tags with an SSH key, verified and tampered with")
{
  if (util::run_process({"sh", "-c", "command -v ssh-keygen"}).exit_code != 0) {
    MESSAGE("ssh-keygen not found: SSH signing not tested");
    return;
  }
  TempRepo repo;
  const std::string c1 = repo.commit_all("first");
  const TempDir keys;
  const fs::path key = keys.path / "key";
  const auto made = util::run_process(
      {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "trail-test", "-f", key.string()});
  REQUIRE(made.exit_code == 0);
  const std::string public_key(util::trim(util::read_file(key.string() + ".pub")));
  const fs::path allowed = keys.path / "allowed_signers";
  util::write_file_atomic(allowed, "t@x " + public_key + "\n");
  repo.git({"config", "gpg.format", "ssh"});
  repo.git({"config", "user.signingkey", key.string() + ".pub"});
  repo.git({"config", "gpg.ssh.allowedSignersFile", allowed.string()});

  const auto git_repo = git::Repository::open_at(repo.path.string());
  const std::string message = "Signed release\n\n  kept as written\n# not a comment\n";
  const std::string id = git_repo.create_signed_tag("v1.0", "main", message);
  CHECK(id == repo.line({"rev-parse", "refs/tags/v1.0"}));
  const auto tag = git_repo.find_tag("v1.0");
  REQUIRE(tag.has_value());
  CHECK(tag->annotated);
  CHECK(tag->target == c1);
  CHECK(tag->message.starts_with(message + "-----BEGIN SSH SIGNATURE-----\n"));
  CHECK(git_repo.tag_object(id).is_signed);

  // No structured binding: doctest's macros capture in lambdas, which clang 14 refuses for one.
  const auto verified = git_repo.verify_tag_signature("v1.0");
  const bool ok = verified.first;
  const std::string& report = verified.second;
  CHECK_MESSAGE(ok, report);
  CHECK(report.find("Good") != std::string::npos);

  CHECK(error_of([&] { git_repo.create_signed_tag("v1.0", c1, "again"); }) ==
        "tag 'v1.0' already exists (at " + c1 + "); git-trail never moves a tag");
  CHECK(repo.line({"rev-parse", "refs/tags/v1.0"}) == id);
  CHECK_THROWS_AS(git_repo.create_signed_tag("v1.1", c1, "no final newline"), UsageError);
  CHECK_FALSE(git_repo.find_tag("v1.1").has_value());
  const std::string empty = git_repo.create_signed_tag("v1.2", c1, "");
  CHECK(git_repo.find_tag("v1.2")->message.starts_with("-----BEGIN SSH SIGNATURE-----\n"));
  CHECK(git_repo.verify_tag_signature("v1.2").first);

  // The same tag with one word changed, written back as a new object: the signature no longer
  // matches.
  std::string content = repo.git({"cat-file", "tag", id});
  const auto at = content.find("Signed release");
  REQUIRE(at != std::string::npos);
  content.replace(at, 14, "Signed relapse");
  const std::string forged(util::trim(repo.git({"mktag"}, content)));
  REQUIRE(forged.size() == 40);
  repo.git({"update-ref", "refs/tags/forged", forged});
  const auto [forged_ok, forged_report] = git_repo.verify_tag_signature("forged");
  CHECK_FALSE(forged_ok);
  CHECK_FALSE(forged_report.empty());

  // Tags without a signature do not verify; a missing tag is a usage error.
  git_repo.create_tag("unsigned", c1, "plain\n");
  CHECK_FALSE(git_repo.verify_tag_signature("unsigned").first);
  repo.git({"tag", "light", c1});
  CHECK_FALSE(git_repo.verify_tag_signature("light").first);
  CHECK_THROWS_AS(git_repo.verify_tag_signature("missing"), UsageError);

  // A signing key that cannot be used: git's own complaint is quoted.
  repo.git({"config", "user.signingkey", (keys.path / "no-such-key.pub").string()});
  const std::string failed = error_of([&] { git_repo.create_signed_tag("v2.0", c1, "x\n"); });
  // git 2.44 and later fail; older versions write the tag unsigned, which is removed again.
  CHECK_MESSAGE(failed.starts_with("cannot create signed tag 'v2.0': git tag -s "), failed);
  CHECK_MESSAGE(failed.find("no-such-key.pub") != std::string::npos, failed);
  CHECK_FALSE(git_repo.find_tag("v2.0").has_value());
  CHECK(repo.git({"tag", "--list", "v2.0"}).empty());
}

TEST_CASE("release git: tags in a bare repository")
{
  if (util::run_process({"sh", "-c", "command -v ssh-keygen"}).exit_code != 0) {
    MESSAGE("ssh-keygen not found: SSH signing not tested");
    return;
  }
  TempRepo work;
  const std::string c1 = work.commit_all("first");
  TempRepo bare(true);
  work.git({"push", "-q", bare.path.string(), "main"});
  const TempDir keys;
  const fs::path key = keys.path / "key";
  REQUIRE(util::run_process({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.string()})
              .exit_code == 0);
  const std::string public_key(util::trim(util::read_file(key.string() + ".pub")));
  util::write_file_atomic(keys.path / "allowed", "t@x " + public_key + "\n");
  bare.git({"config", "gpg.format", "ssh"});
  bare.git({"config", "user.signingkey", key.string() + ".pub"});
  bare.git({"config", "gpg.ssh.allowedSignersFile", (keys.path / "allowed").string()});

  const auto git_repo = git::Repository::open_at(bare.path.string());
  REQUIRE(git_repo.is_bare());
  const std::string plain = git_repo.create_tag("v1.0", "main", "plain\n");
  const std::string sign = git_repo.create_signed_tag("v1.1", "main", "signed\n");
  CHECK(plain == bare.line({"rev-parse", "refs/tags/v1.0"}));
  CHECK(sign == bare.line({"rev-parse", "refs/tags/v1.1"}));
  CHECK(git_repo.verify_tag_signature("v1.1").first);
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(git_repo.tags() == Pairs{{"v1.0", c1}, {"v1.1", c1}});
}
