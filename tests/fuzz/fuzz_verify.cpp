// libFuzzer target: `git trail verify` over a real repository. At start-up it builds a small
// class C product in a temporary folder (the policy, registry and files of
// tests/integration/release_fixture.sh, two commits, releases v0.9.0 and v1.0.0 made by our own
// release code: build_manifest, manifest_text, compose_tag_message, create_tag), then each input
// becomes the message of release tag v1.0.0 and goes through release::verify_tag, the function
// `git trail verify` and the server hook run, in-process, followed by the text and JSON
// reports the command prints.
//
// The first byte of an input chooses what the rest is:
//   bits 0-1  0: the whole tag message
//             1: the manifest text, put between the markers of the real message with its
//                Manifest-SHA256 recomputed (so verify goes past the digest check)
//             2: a JSON merge patch (RFC 7386) applied to the real manifest, digest recomputed
//                (wrong types, missing and extra fields deep in a valid manifest)
//             3: as 1, without recomputing the digest
//   bit 2     also check the delivered copy (verify --dir) against the product's work tree
//   bit 3     require a signature (verify --require-signature)
// Contract: a report, or one of our own errors (trail::Error and its subclasses: what the
// command prints as "git-trail: error: ..."). Any other exception, a crash, a sanitizer report
// or a hang is a finding. Seeds: corpus/verify/ (TRAIL_FUZZ_VERIFY_SEEDS=DIR writes the real
// message and manifest there at start-up, the way the committed seeds were made).
#include "core/git/repository.hpp"
#include "core/release/manifest.hpp"
#include "core/release/manifest_json.hpp"
#include "core/release/tag_message.hpp"
#include "core/release/verify.hpp"
#include "core/render/release_report.hpp"
#include "core/util/digest.hpp"
#include "core/util/error.hpp"
#include "core/util/file.hpp"
#include "core/util/process.hpp"
#include "core/workspace/workspace.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace trail;

struct Fixture
{
  std::string dir;
  std::unique_ptr<git::Repository> repo;
  workspace::MessageSettings settings;
  git::TagObject tag;   // v1.0.0 as stored
  std::string before;   // the message up to and including the begin marker's line
  std::string manifest; // the manifest text between the markers
  std::string between;  // from the end marker up to the digest's value
  std::string after;    // after the digest's value
};

Fixture* g_fixture = nullptr;

void must(const std::vector<std::string>& argv)
{
  const auto result = util::run_process(argv);
  if (result.exit_code != 0) {
    std::fprintf(
        stderr, "fuzz_verify set-up: %s failed: %s\n", argv[1].c_str(), result.err.c_str());
    std::abort();
  }
}

void put(const std::string& dir, const std::string& path, std::string_view text)
{
  fs::create_directories(fs::path(dir + "/" + path).parent_path());
  util::write_file_atomic(dir + "/" + path, text);
}

void commit(const std::string& dir, const std::string& message, int tick)
{
  const std::string date = std::to_string(1767268800 + tick * 3600) + " +0100";
  setenv("GIT_AUTHOR_DATE", date.c_str(), 1);
  setenv("GIT_COMMITTER_DATE", date.c_str(), 1);
  must({"git", "-C", dir, "add", "-A"});
  must({"git", "-C", dir, "commit", "-q", "--no-verify", "-m", message});
}

void make_release(Fixture& f, const std::string& version)
{
  const std::string head = *f.repo->head().commit;
  const auto policy = workspace::load_policy_at(*f.repo, head, std::nullopt);
  release::ManifestOptions options;
  options.rev = head;
  options.version = version;
  options.exclude_tag = version;
  const auto manifest = release::build_manifest(*f.repo, policy, f.settings, options);
  const std::string text = release::manifest_text(manifest);
  f.repo->create_tag(
      version, head, release::compose_tag_message(manifest, text, util::sha256_hex(text)));
}

const char* const k_policy = R"([project]
name = "Infusion pump"
safety_class = "C"
[kinds.requirement]
pattern = 'SRS-\d+'
states = ["draft", "approved", "retired"]
require_links = ["implements", "verifies"]
[kinds.problem-report]
pattern = 'PR-\d+'
states = ["open", "resolved", "closed"]
[kinds.change-request]
pattern = 'CR-\d+'
[kinds.risk-control]
pattern = 'RC-\d+'
[kinds.soup]
pattern = 'SOUP-\d+'
[trailers]
Implements = { relation = "implements", kinds = ["requirement", "risk-control"] }
Verifies = { relation = "verifies", kinds = ["requirement"] }
Fixes = { relation = "fixes", kinds = ["problem-report"] }
Change-Request = { relation = "authorized-by", kinds = ["change-request"] }
Safety-Impact = { values = ["none", "low", "high"] }
Safety-Rationale = { role = "text" }
SOUP-Change = { role = "text" }
[registry]
files = ["docs/*.toml"]
[[registry.file_links]]
files = ["tests/**"]
pattern = '(verifies):\s*(SRS-\d+)'
[[configuration_items]]
name = "dosing"
paths = ["src/dosing/**"]
class = "C"
[[rules]]
id = "dosing-needs-link"
when = { paths = ["src/dosing/**"] }
require = { any_relation = ["implements", "fixes"] }
[release]
branches = ["main"]
build = "cmake -B build && cmake --build build"
environment = ["Debian 12", "GCC 12.2"]
)";

const char* const k_registry = R"([[items]]
id = "SRS-1"
title = "Dose limit"
status = "approved"
class = "C"
[[items]]
id = "PR-1"
title = "Alarm late"
status = "open"
severity = "minor"
evaluation = "200 ms late, within the 1 s budget of RC-1"
[[items]]
id = "CR-1"
title = "Add a dose limit"
[[items]]
id = "RC-1"
title = "Alarm within 1 s"
[[items]]
id = "SOUP-1"
title = "zlib"
manufacturer = "Jean-loup Gailly and Mark Adler"
version = "1.2.13"
license = "Zlib"
purl = "pkg:generic/zlib@1.2.13"
anomaly_review = 2026-01-01
support = "maintained"
end_of_support = "2030-12-31"
paths = ["vendor/zlib/**"]
)";

Fixture* make_fixture()
{
  auto f = std::make_unique<Fixture>();
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/fuzz-verify.XXXXXX";
  if (!mkdtemp(pattern.data())) {
    std::perror("fuzz_verify set-up: mkdtemp");
    std::abort();
  }
  f->dir = pattern;
  // A fixed identity and no user or system configuration, as in the integration suites.
  setenv("HOME", f->dir.c_str(), 1);
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  setenv("GIT_AUTHOR_NAME", "Ada Author", 1);
  setenv("GIT_AUTHOR_EMAIL", "ada@example.com", 1);
  setenv("GIT_COMMITTER_NAME", "Ada Author", 1);
  setenv("GIT_COMMITTER_EMAIL", "ada@example.com", 1);
  unsetenv("GIT_DIR");
  unsetenv("GIT_WORK_TREE");
  unsetenv("GIT_INDEX_FILE");
  unsetenv("GIT_TRAIL_POLICY");
  const std::string product = f->dir + "/product";
  must({"git", "init", "-q", "-b", "main", product});
  put(product, "trail.toml", k_policy);
  put(product, "docs/items.toml", k_registry);
  put(product, "src/dosing/limit.c", "int limit = 5;\n");
  put(product, "vendor/zlib/zlib.c", "/* zlib */\n");
  put(product, "tests/limit_test.c", "// verifies: SRS-1\n");
  put(product, "README", "Infusion pump\n");
  commit(product, "Start the pump\n\nImplements: SRS-1\nChange-Request: CR-1\n", 1);
  f->repo = std::make_unique<git::Repository>(git::Repository::open_at(product));
  // What read_message_settings returns for this repository (no trailer.*, core.commentChar or
  // commit.cleanup set), without calling it: libgit2 1.5.1's git_config_foreach_match leaks a
  // PCRE2 match block per configuration entry a pattern does not match (fixed upstream by
  // libgit2 pull request 6382), which LeakSanitizer would report as this target's leak.
  f->settings = workspace::MessageSettings{};
  make_release(*f, "v0.9.0");
  put(product, "src/dosing/limit.c", "int limit = 4;\n");
  put(product, "src/dosing/alarm.c", "void alarm(void) {}\n");
  commit(
      product,
      "Lower the dose limit\n\nFixes: PR-1\nSafety-Impact: low\nSafety-Rationale: lower is safer\n",
      2);
  make_release(*f, "v1.0.0");
  f->tag = *f->repo->find_tag("v1.0.0");

  // The real message, cut where an input is put in.
  const std::string& message = f->tag.message;
  const std::string begin_line = std::string(release::k_manifest_begin) + "\n";
  const std::string end_line = std::string(release::k_manifest_end) + "\n";
  const std::string digest_key = std::string(release::k_digest_trailer) + ": ";
  const size_t begin = message.find(begin_line);
  const size_t end = message.find(end_line, begin);
  const size_t digest = message.find(digest_key, end);
  if (begin == std::string::npos || end == std::string::npos || digest == std::string::npos) {
    std::fprintf(stderr, "fuzz_verify set-up: unexpected tag message:\n%s\n", message.c_str());
    std::abort();
  }
  f->before = message.substr(0, begin + begin_line.size());
  f->manifest = message.substr(begin + begin_line.size(), end - begin - begin_line.size());
  f->between = message.substr(end, digest + digest_key.size() - end);
  f->after = message.substr(digest + digest_key.size() + 64);

  // Sanity: the real release verifies, or the target tests nothing.
  release::VerifyOptions options;
  options.tag = "v1.0.0";
  const auto report = release::verify_tag(*f->repo, f->settings, f->tag, options);
  if (!report.passed()) {
    std::fprintf(stderr,
                 "fuzz_verify set-up: the real release does not verify:\n%s\n",
                 render::verify_text(report).c_str());
    std::abort();
  }
  if (const char* seeds = std::getenv("TRAIL_FUZZ_VERIFY_SEEDS"); seeds && *seeds) {
    util::write_file_atomic(std::string(seeds) + "/release-message",
                            std::string(1, '\0') + message);
    util::write_file_atomic(std::string(seeds) + "/release-manifest", "\x01" + f->manifest);
    util::write_file_atomic(std::string(seeds) + "/release-manifest-dir", "\x05" + f->manifest);
  }
  return f.release();
}

// Returns true when INPUT nests brackets deeper than LIMIT (counting those in strings too): the
// merge patch below recurses as deep as the patch, and that recursion is this harness's, not
// git-trail's (deep manifests reach verify through modes 0 and 1).
bool too_deep(std::string_view input, size_t limit)
{
  size_t depth = 0;
  for (const char c : input) {
    if (c == '[' || c == '{') {
      if (++depth > limit) {
        return true;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

std::string with_manifest(const Fixture& f, const std::string& text, bool recompute)
{
  std::string body = text;
  if (body.empty() || body.back() != '\n') {
    body += '\n';
  }
  const std::string digest = recompute ? util::sha256_hex(body) : std::string(64, '0');
  return f.before + body + f.between + digest + f.after;
}

void remove_fixture()
{
  if (g_fixture) {
    std::error_code ignored;
    fs::remove_all(g_fixture->dir, ignored);
  }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/)
{
  g_fixture = make_fixture();
  std::atexit(remove_fixture);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  if (size == 0) {
    return 0;
  }
  const Fixture& f = *g_fixture;
  const uint8_t switches = data[0];
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  git::TagObject tag = f.tag;
  switch (switches & 3) {
  case 0:
    tag.message = input;
    break;
  case 1:
    tag.message = with_manifest(f, input, true);
    break;
  case 2: {
    if (too_deep(input, 32)) {
      return 0;
    }
    auto patch = nlohmann::ordered_json::parse(input, nullptr, false);
    if (patch.is_discarded()) {
      return 0;
    }
    auto manifest = nlohmann::ordered_json::parse(f.manifest);
    manifest.merge_patch(patch);
    tag.message = with_manifest(
        f, manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace), true);
    break;
  }
  default:
    tag.message = with_manifest(f, input, false);
    break;
  }
  release::VerifyOptions options;
  options.tag = "v1.0.0";
  if (switches & 4) {
    options.delivered = f.repo->workdir();
  }
  options.require_signature = (switches & 8) != 0;
  try {
    const auto report = release::verify_tag(*f.repo, f.settings, tag, options);
    (void)render::verify_text(report);
    (void)render::verify_json(report);
  } catch (const trail::Error&) {
    // our own errors are what the command prints; anything else escapes and aborts
  }
  return 0;
}
