// verifies: GT-21
// Verifying a release tag (verify_release) on repositories built by the test: a tag made from
// a manifest verifies; each kind of tampering is a problem; claims not compared are incomplete.

#include "core/git/repository.hpp"
#include "core/release/manifest.hpp"
#include "core/release/manifest_json.hpp"
#include "core/release/tag_message.hpp"
#include "core/release/verify.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/util/strings.hpp"
#include "core/workspace/workspace.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace trail;
using namespace trail::unit;
namespace fs = std::filesystem;

namespace {

const char* const k_policy = R"([project]
name = "Pump"
safety_class = "A"
[[configuration_items]]
name = "dosing"
paths = ["src/dosing/**"]
class = "A"
)";

// A repository with two files in a configuration item, released as TAG with a manifest.
struct VerifyFixture
{
  TempRepo repo;
  std::string head;

  VerifyFixture()
  {
    repo.write("trail.toml", k_policy);
    repo.write("src/dosing/limit.c", "int limit = 5;\n");
    repo.write("src/dosing/rate.c", "int rate = 1;\n");
    head = repo.commit_all("Start");
  }
  // Tags REV as NAME with the manifest of REV, its digest replaced by DIGEST when given.
  void release(const std::string& name,
               const std::string& rev = "HEAD",
               const std::string& digest = "") const
  {
    const auto git_repo = git::Repository::open_at(repo.path.string());
    const auto policy = workspace::load_policy_at(git_repo, rev, std::nullopt);
    release::ManifestOptions options;
    options.rev = rev;
    options.version = name;
    const auto m = release::build_manifest(git_repo, policy, workspace::MessageSettings{}, options);
    const auto text = release::manifest_text(m);
    const auto message =
        release::compose_tag_message(m, text, digest.empty() ? util::sha256_hex(text) : digest);
    repo.git({"tag", "-a", "--cleanup=verbatim", "-F", "-", name, rev}, message);
  }
  release::VerifyReport verify(release::VerifyOptions options) const
  {
    const auto git_repo = git::Repository::open_at(repo.path.string());
    return release::verify_release(git_repo, workspace::MessageSettings{}, options);
  }
  release::VerifyReport verify(const std::string& tag) const
  {
    release::VerifyOptions options;
    options.tag = tag;
    return verify(options);
  }
};

std::string problems(const release::VerifyReport& report)
{
  std::string text;
  for (const auto& p : report.problems) {
    text += "[" + p.check + "] " + p.message + "\n";
  }
  return text;
}

} // namespace

TEST_CASE("a tag made from its manifest verifies")
{
  VerifyFixture fixture;
  fixture.release("v1.0.0");
  const auto report = fixture.verify("v1.0.0");
  CHECK(problems(report) == "");
  CHECK(report.verdict() == "verified");
  CHECK(report.target == fixture.head);
  CHECK(report.manifest_commit == fixture.head);
  CHECK(report.declared_digest == report.actual_digest);
  CHECK_FALSE(report.is_signed);
  CHECK(report.files_checked == 2);
  CHECK(report.evidence_claimed == 0);
}

TEST_CASE("a tag without a manifest, or an unknown tag")
{
  VerifyFixture fixture;
  fixture.repo.git({"tag", "-a", "-m", "hand-made", "v1.0.2"});
  CHECK(problems(fixture.verify("v1.0.2")) ==
        "[tag] the message of tag 'v1.0.2' holds no git-trail manifest\n");
  std::string error;
  try {
    (void)fixture.verify("v9");
  } catch (const UsageError& e) {
    error = e.what();
  }
  CHECK(error == "no tag named 'v9' (git tag --list shows the tags)");
}

TEST_CASE("a manifest whose digest is not the declared one")
{
  VerifyFixture fixture;
  fixture.release("v1.0.0", "HEAD", std::string(64, '0'));
  const auto report = fixture.verify("v1.0.0");
  CHECK(report.verdict() == "not verified");
  CHECK(report.declared_digest == std::string(64, '0'));
  CHECK(problems(report) == "[digest] the manifest in the tag was edited: its SHA-256 is " +
                                report.actual_digest + " but the tag says " + std::string(64, '0') +
                                "\n");
}

TEST_CASE("a tag that points at another commit than its manifest describes")
{
  VerifyFixture fixture;
  const auto git_repo = git::Repository::open_at(fixture.repo.path.string());
  const auto policy = workspace::load_policy_at(git_repo, "HEAD", std::nullopt);
  release::ManifestOptions options;
  options.version = "v1.0.0";
  const auto m = release::build_manifest(git_repo, policy, workspace::MessageSettings{}, options);
  const auto text = release::manifest_text(m);
  fixture.repo.write("src/dosing/limit.c", "int limit = 50;\n");
  const auto later = fixture.repo.commit_all("Raise the limit");
  fixture.repo.git({"tag", "-a", "--cleanup=verbatim", "-F", "-", "v1.0.0", later},
                   release::compose_tag_message(m, text, util::sha256_hex(text)));
  CHECK(problems(fixture.verify("v1.0.0")) ==
        "[moved] tag 'v1.0.0' points at " + later + ", but its manifest describes " + fixture.head +
            ": the tag was moved or its message copied\n"
            "[file] modified: src/dosing/limit.c (manifest.configuration_items[dosing].files): the "
            "manifest says sha256 " +
            util::sha256_hex("int limit = 5;\n") + ", the tree has " +
            util::sha256_hex("int limit = 50;\n") +
            "\n"
            "[manifest] manifest.changes[" +
            later + "] is computed from the tree but not in the manifest\n");
}

TEST_CASE("require_signature: an unsigned tag is a problem")
{
  VerifyFixture fixture;
  fixture.release("v1.0.0");
  release::VerifyOptions options;
  options.tag = "v1.0.0";
  options.require_signature = true;
  CHECK(problems(fixture.verify(options)) ==
        "[signature] tag 'v1.0.0' is not signed, and the policy requires signed release tags\n");
}

TEST_CASE("a delivered copy is compared file by file")
{
  VerifyFixture fixture;
  fixture.release("v1.0.0");
  const auto delivered = fixture.repo.dir.path / "delivered";
  fs::create_directories(delivered / "src" / "dosing");
  util::write_file_atomic(delivered / "src" / "dosing" / "limit.c", "int limit = 5;\n");
  util::write_file_atomic(delivered / "src" / "dosing" / "rate.c", "int rate = 2;\n");
  release::VerifyOptions options;
  options.tag = "v1.0.0";
  options.delivered = delivered.string();
  const auto report = fixture.verify(options);
  CHECK(problems(report) == "[delivered] modified in " + delivered.string() +
                                ": src/dosing/rate.c (sha256 " +
                                util::sha256_hex("int rate = 2;\n") + ", the manifest says " +
                                util::sha256_hex("int rate = 1;\n") + ")\n");
  util::write_file_atomic(delivered / "src" / "dosing" / "rate.c", "int rate = 1;\n");
  const auto good = fixture.verify(options);
  CHECK(problems(good) == "");
  CHECK(good.delivered_checked == 2);
}
