// verifies: GT-18
// The release renderings of the gate, verify and SOUP reports (release_report), on reports
// built in memory.

#include "core/release/gate.hpp"
#include "core/release/verify.hpp"
#include "core/render/release_report.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace trail;

namespace {

release::VerifyReport verified()
{
  release::VerifyReport r;
  r.tag = "v1.0.0";
  r.tag_object = "1111";
  r.target = "2222";
  r.manifest_commit = "2222";
  r.declared_digest = "abcd";
  r.actual_digest = "abcd";
  r.files_checked = 3;
  return r;
}

} // namespace

TEST_CASE("gate_text: passed, with the class note when none is declared")
{
  release::GateReport gate;
  gate.safety_class = "B";
  gate.commits_checked = 4;
  CHECK(render::gate_text(gate, "v1.0.0") ==
        "release gate for v1.0.0: passed (class B, 4 commit(s) checked)\n");
  gate.class_declared = false;
  gate.safety_class = "C";
  CHECK(render::gate_text(gate, "v1.0.0") ==
        "note: [project] safety_class is not declared; the release gate applies class C\n"
        "release gate for v1.0.0: passed (class C, 4 commit(s) checked)\n");
}

TEST_CASE("gate_text and gate_json: refused, each problem with its hint")
{
  release::GateReport gate;
  gate.safety_class = "C";
  gate.commits_checked = 2;
  gate.failures.push_back(
      {"tag", "tag 'v1' already exists", "choose another version", "tag.free", {"5.8.4"}});
  gate.failures.push_back({"clean", "the tree is \"dirty\"", "", "clean", {}});
  gate.notes.push_back({"skipped", "test 'a::b' (r.xml)"});
  CHECK(render::gate_text(gate, "v1") == "release v1 refused: 2 problem(s)\n"
                                         "  [tag] tag 'v1' already exists (IEC 62304 5.8.4)\n"
                                         "      hint: choose another version\n"
                                         "  [clean] the tree is \"dirty\"\n"
                                         "  skipped: test 'a::b' (r.xml)\n");
  CHECK(render::gate_json(gate, "v1") ==
        "{\"version\":\"v1\",\"passed\":false,\"safety_class\":\"C\",\"class_declared\":true,"
        "\"commits_checked\":2,\"failures\":[{\"check\":\"tag\",\"id\":\"tag.free\",\"clauses\":["
        "\"5.8.4\"],\"message\":\"tag 'v1' already exists\",\"hint\":\"choose another "
        "version\"},{\"check\":\"clean\",\"id\":\"clean\",\"clauses\":[],\"message\":\"the tree "
        "is \\\"dirty\\\"\",\"hint\":\"\"}],\"notes\":[{\"kind\":\"skipped\",\"message\":\"test "
        "'a::b' (r.xml)\"}]}\n");
}

TEST_CASE("verify_text: verified, with the evidence compared and a delivered copy")
{
  auto r = verified();
  r.evidence_claimed = 1;
  r.evidence_compared = true;
  r.delivered_checked = 3;
  release::DeliveredCoverage coverage;
  coverage.dir = "../d";
  coverage.files = 3;
  coverage.configuration_items = {"app"};
  coverage.tree_outside_items = {"README"};
  r.delivered = coverage;
  CHECK(render::verify_text(r) ==
        "tag v1.0.0 -> 2222\n"
        "manifest sha256 abcd (matches the tag)\n"
        "signature: none\n"
        "verification evidence: compared with the reports given (1 report(s) claimed)\n"
        "delivered copy ../d:\n"
        "  compared: 3 file(s) of configuration items (1: app) and SOUP items (0)\n"
        "  submodules: 0\n"
        "  not covered: files in ../d outside every configuration and SOUP item: 0\n"
        "  not covered: files of the release tree in no configuration or SOUP item: 1: README\n"
        "verified: the tag, its manifest and 3 file(s) agree; 3 file(s) of the delivered copy "
        "match\n");
}

TEST_CASE("verify_text: a submodule of the delivered copy not checked is INCOMPLETE unless "
          "accepted")
{
  auto r = verified();
  release::DeliveredCoverage coverage;
  coverage.dir = "../d";
  coverage.files = 1;
  coverage.submodules = {"vendor/lib"};
  coverage.unchecked_submodules = {"vendor/lib (an empty folder: the submodule's content is not "
                                   "in ../d)"};
  for (int i = 0; i < 12; ++i) {
    coverage.outside_items.push_back("f" + std::to_string(i));
  }
  r.delivered = coverage;
  CHECK(r.verdict() == "incomplete");
  CHECK(render::verify_text(r) ==
        "tag v1.0.0 -> 2222\n"
        "manifest sha256 abcd (matches the tag)\n"
        "signature: none\n"
        "verification evidence: none claimed\n"
        "delivered copy ../d:\n"
        "  compared: 1 file(s) of configuration items (0) and SOUP items (0)\n"
        "  submodules: 1: vendor/lib\n"
        "  not checked: submodule vendor/lib (an empty folder: the submodule's content is not in "
        "../d)\n"
        "  not covered: files in ../d outside every configuration and SOUP item: 12: f0, f1, f2, "
        "f3, f4, f5, f6, f7, f8, f9, and 2 more\n"
        "  not covered: files of the release tree in no configuration or SOUP item: 0\n"
        "INCOMPLETE: the tag, its manifest and 3 file(s) agree; 1 file(s) of the delivered copy "
        "match, but 1 submodule(s) of the delivered copy not checked "
        "(--allow-unchecked-submodules accepts it)\n");
  r.submodules_accepted = true;
  CHECK(r.verdict() == "verified");
}

TEST_CASE("verify_text: claimed evidence not compared is INCOMPLETE unless accepted")
{
  auto r = verified();
  r.is_signed = true;
  r.signature_ok = true;
  r.evidence_claimed = 2;
  CHECK(r.verdict() == "incomplete");
  CHECK(render::verify_text(r) ==
        "tag v1.0.0 -> 2222\n"
        "manifest sha256 abcd (matches the tag)\n"
        "signature: good\n"
        "verification evidence: not compared (2 report(s) claimed; pass --results FILE... to "
        "compare)\n"
        "INCOMPLETE: the tag, its manifest and 3 file(s) agree, but the verification evidence "
        "claimed was not compared: a claim is not evidence (--results compares it; "
        "--allow-incomplete accepts it)\n");
  r.incomplete_accepted = true;
  CHECK(r.verdict() == "verified");
  const auto text = render::verify_text(r);
  CHECK(text.substr(text.find("verified: ")) ==
        "verified: the tag, its manifest and 3 file(s) agree; the verification evidence claimed "
        "was not compared (accepted with --allow-incomplete)\n");
}

TEST_CASE("verify_text: problems, a bad or unchecked signature, a digest that differs, notes")
{
  auto r = verified();
  r.actual_digest = "ffff";
  r.is_signed = true;
  r.notes.push_back("made by git-trail 0.0.9");
  r.problems.push_back({"digest", "the manifest's SHA-256 is not the one the tag declares"});
  r.problems.push_back({"file", "src/a.c differs"});
  CHECK(r.verdict() == "not verified");
  CHECK(render::verify_text(r) ==
        "tag v1.0.0 -> 2222\n"
        "manifest sha256 ffff\n"
        "signature: BAD\n"
        "note: made by git-trail 0.0.9\n"
        "verification evidence: none claimed\n"
        "NOT VERIFIED: 2 problem(s)\n"
        "  [digest] the manifest's SHA-256 is not the one the tag declares\n"
        "  [file] src/a.c differs\n");
  r.signature_unchecked = "gpg.ssh.allowedSignersFile is not set";
  r.target.clear();
  const auto text = render::verify_text(r);
  CHECK(text.substr(0, text.find("note:")) ==
        "tag v1.0.0 -> ?\n"
        "manifest sha256 ffff\n"
        "cannot check signature: gpg.ssh.allowedSignersFile is not set\n");
}

TEST_CASE("verify_json carries the verdict and every field")
{
  auto r = verified();
  r.evidence_claimed = 1;
  r.signature_unchecked = "no key";
  CHECK(render::verify_json(r) ==
        "{\"tag\":\"v1.0.0\",\"tag_object\":\"1111\",\"target\":\"2222\",\"manifest_commit\":"
        "\"2222\",\"declared_sha256\":\"abcd\",\"actual_sha256\":\"abcd\",\"signed\":false,"
        "\"signature_ok\":false,\"signature_unchecked\":\"no key\",\"files_checked\":3,"
        "\"delivered_checked\":0,\"evidence_claimed\":1,\"evidence_compared\":false,"
        "\"incomplete_accepted\":false,\"verdict\":\"incomplete\",\"verified\":false,"
        "\"problems\":[],\"notes\":[]}\n");
}

TEST_CASE("soup_text: registry and submodule items, missing fields counted")
{
  release::SoupItem lib;
  lib.id = "SOUP-1";
  lib.source = "registry";
  lib.title = "zlib";
  lib.safety_class = "B";
  lib.record.version = "1.3";
  lib.record.license = "Zlib";
  lib.missing = {"manufacturer"};
  release::SoupItem sub;
  sub.id = "submodule:vendor/x";
  sub.source = "submodule";
  sub.record.version = "abc";
  sub.url = "https://example.com/x";
  sub.described_by = "SOUP-1";
  CHECK(render::soup_text({lib, sub}, "0123456789abcdef") ==
        "SOUP at 0123456789ab: 2 item(s)\n"
        "  SOUP-1  zlib\n"
        "      version 1.3, unknown, license Zlib, class B\n"
        "      anomaly list unknown (reviewed unknown), support unknown until unknown\n"
        "      missing: manufacturer\n"
        "  submodule:vendor/x\n"
        "      submodule at commit abc from https://example.com/x, described by SOUP-1\n"
        "1 incomplete\n");
  CHECK(render::soup_text({}, "0123456789abcdef") ==
        "SOUP at 0123456789ab: 0 item(s)\nevery SOUP record is complete\n");
}
