#include "core/release/manifest.hpp"
#include "core/release/manifest_json.hpp"
#include "core/release/tag_message.hpp"
#include "core/util/digest.hpp"
#include "core/util/strings.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

using namespace trail;
using release::Manifest;
using release::parse_tag_message;

namespace {

// A release with two configuration items, one SOUP item, three changes, one problem report
// resolved and two residual anomalies.
Manifest sample_manifest()
{
  Manifest m;
  m.product = "pump";
  m.version = "v1.2.0";
  m.safety_class = "B";
  m.commit = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
  m.tree = "7ee57ee57ee57ee57ee57ee57ee57ee57ee57ee5";
  m.date = "2026-01-01T13:00:00+01:00";
  m.tool_version = "0.9.0";
  m.policy_source = "trail.toml";
  m.policy_digest = "ab";
  m.previous_tag = "v1.1.0";
  m.previous_commit = "0123456789012345678901234567890123456789";
  m.items.resize(2);
  m.items[0].name = "core";
  m.items[1].name = "ui";
  m.soup.resize(1);
  m.soup[0].id = "SOUP-1";
  m.soup[0].source = "registry";
  m.changes.resize(3);
  m.resolved.resize(1);
  m.resolved[0].id = "PR-1";
  m.residual.resize(2);
  m.residual[0].id = "PR-2";
  m.residual[1].id = "PR-3";
  m.build = "cmake --build build";
  return m;
}

constexpr const char* k_pgp_signature = "-----BEGIN PGP SIGNATURE-----\n"
                                        "\n"
                                        "iQEzBAABCAAdFiEEexampleexampleexampleexample\n"
                                        "=AbCd\n"
                                        "-----END PGP SIGNATURE-----\n";

constexpr const char* k_ssh_signature = "-----BEGIN SSH SIGNATURE-----\n"
                                        "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg\n"
                                        "-----END SSH SIGNATURE-----\n";

} // namespace

TEST_SUITE_BEGIN("tag-message");

TEST_CASE("tag message: the composed message, exactly")
{
  const Manifest m = sample_manifest();
  const std::string text = "{\n  \"manifest\": 1\n}\n";
  CHECK(release::compose_tag_message(m, text, "d1g3st") ==
        "Release v1.2.0 of pump\n"
        "\n"
        "Commit:   c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00\n"
        "Tree:     7ee57ee57ee57ee57ee57ee57ee57ee57ee57ee5\n"
        "Previous: v1.1.0 (0123456789012345678901234567890123456789)\n"
        "Class:    B\n"
        "Contents: 2 configuration item(s), 1 SOUP item(s)\n"
        "Changes:  3 commit(s), 1 problem report(s) resolved, 2 residual anomaly(ies)\n"
        "\n"
        "The release manifest follows; `git trail verify v1.2.0` checks it against the tree.\n"
        "\n"
        "-----BEGIN GIT-TRAIL MANIFEST-----\n"
        "{\n"
        "  \"manifest\": 1\n"
        "}\n"
        "-----END GIT-TRAIL MANIFEST-----\n"
        "\n"
        "Manifest-SHA256: d1g3st\n");
}

TEST_CASE("tag message: the previous release line for a first release and an untagged one")
{
  Manifest m = sample_manifest();
  m.previous_tag.reset();
  m.previous_commit.reset();
  const std::string first = release::compose_tag_message(m, "{}\n", "x");
  REQUIRE(util::split_lines(first).size() > 4);
  CHECK(util::split_lines(first)[4] == "Previous: none (first release)");

  m.previous_commit = "0123456";
  const std::string untagged = release::compose_tag_message(m, "{}\n", "x");
  REQUIRE(util::split_lines(untagged).size() > 4);
  CHECK(util::split_lines(untagged)[4] == "Previous: unknown (0123456)");
}

TEST_CASE("tag message: parse reads back the manifest text and digest byte for byte")
{
  const Manifest m = sample_manifest();
  const std::string text = release::manifest_text(m);
  const std::string digest = util::sha256_hex(text);
  const auto stored = parse_tag_message(release::compose_tag_message(m, text, digest));
  REQUIRE(stored.has_value());
  CHECK(stored->text == text);
  CHECK(stored->declared_digest == digest);
  CHECK_FALSE(stored->has_signature);
  CHECK(util::sha256_hex(stored->text) == stored->declared_digest);
}

TEST_CASE("tag message: blank lines, trailing spaces and a fake trailer inside the manifest")
{
  // Only the trailer after the end marker counts; the text keeps every byte.
  const std::string text = "line one  \n"
                           "\n"
                           "\n"
                           "Manifest-SHA256: not-this-one\n"
                           "\ttabbed\n";
  const auto stored =
      parse_tag_message(release::compose_tag_message(sample_manifest(), text, "the-digest"));
  REQUIRE(stored.has_value());
  CHECK(stored->text == text);
  CHECK(stored->declared_digest == "the-digest");
  CHECK_FALSE(stored->has_signature);
}

TEST_CASE("tag message: an empty manifest between the markers")
{
  const auto stored = parse_tag_message("-----BEGIN GIT-TRAIL MANIFEST-----\n"
                                        "-----END GIT-TRAIL MANIFEST-----\n"
                                        "\n"
                                        "Manifest-SHA256: e3b0\n");
  REQUIRE(stored.has_value());
  CHECK(stored->text == "");
  CHECK(stored->declared_digest == "e3b0");
}

TEST_CASE("tag message: a signature after the trailer is noticed and the digest still found")
{
  const Manifest m = sample_manifest();
  const std::string text = release::manifest_text(m);
  const std::string digest = util::sha256_hex(text);
  const std::string message = release::compose_tag_message(m, text, digest);

  SUBCASE("PGP")
  {
    const auto stored = parse_tag_message(message + k_pgp_signature);
    REQUIRE(stored.has_value());
    CHECK(stored->has_signature);
    CHECK(stored->declared_digest == digest);
    CHECK(stored->text == text);
  }
  SUBCASE("SSH")
  {
    const auto stored = parse_tag_message(message + k_ssh_signature);
    REQUIRE(stored.has_value());
    CHECK(stored->has_signature);
    CHECK(stored->declared_digest == digest);
    CHECK(stored->text == text);
  }
  SUBCASE("X.509")
  {
    const auto stored = parse_tag_message(message + "-----BEGIN SIGNED MESSAGE-----\n"
                                                    "MIIGxAYJKoZIhvcNAQcCoIIGtTCCBrECAQExDTAL\n"
                                                    "-----END SIGNED MESSAGE-----\n");
    REQUIRE(stored.has_value());
    CHECK(stored->has_signature);
    CHECK(stored->declared_digest == digest);
  }
}

TEST_CASE("tag message: the approvals the gate counted follow the digest and read back")
{
  const Manifest m = sample_manifest();
  const std::string text = release::manifest_text(m);
  const std::string digest = util::sha256_hex(text);
  const std::vector<std::string> approvals = {
      std::string(40, 'a') + " approved as QA by Quinn QA <quinn@example.com>",
      std::string(40, 'b') + " approved as Safety by Sam Safety <sam@example.com>"};
  const std::string message = release::compose_tag_message(m, text, digest, approvals);
  const std::string tail = "-----END GIT-TRAIL MANIFEST-----\n\nManifest-SHA256: " + digest +
                           "\nRelease-Approval: " + approvals[0] +
                           "\nRelease-Approval: " + approvals[1] + "\n";
  REQUIRE(message.size() > tail.size());
  CHECK(message.substr(message.size() - tail.size()) == tail);
  // The manifest and its digest are those of a tag without approvals.
  const auto stored = parse_tag_message(message + k_ssh_signature);
  REQUIRE(stored.has_value());
  CHECK(stored->text == text);
  CHECK(stored->declared_digest == digest);
  CHECK(stored->approvals == approvals);
  // A line inside the manifest or the signature names no approval.
  const auto inside = parse_tag_message("-----BEGIN GIT-TRAIL MANIFEST-----\n"
                                        "Release-Approval: inside\n"
                                        "-----END GIT-TRAIL MANIFEST-----\n"
                                        "Manifest-SHA256: e3b0\n"
                                        "-----BEGIN PGP SIGNATURE-----\n"
                                        "Release-Approval: forged\n"
                                        "-----END PGP SIGNATURE-----\n");
  REQUIRE(inside.has_value());
  CHECK(inside->approvals.empty());
}

TEST_CASE("tag message: a trailer-like line inside the signature is not the digest")
{
  const std::string message = "-----BEGIN GIT-TRAIL MANIFEST-----\n"
                              "{}\n"
                              "-----END GIT-TRAIL MANIFEST-----\n"
                              "-----BEGIN PGP SIGNATURE-----\n"
                              "Manifest-SHA256: forged\n"
                              "-----END PGP SIGNATURE-----\n";
  const auto stored = parse_tag_message(message);
  REQUIRE(stored.has_value());
  CHECK(stored->text == "{}\n");
  CHECK(stored->has_signature);
  CHECK(stored->declared_digest == "");
}

TEST_CASE("tag message: no markers, or a begin marker without an end, hold no manifest")
{
  CHECK(parse_tag_message("") == std::nullopt);
  CHECK(parse_tag_message("Release v1 of pump\n\nManifest-SHA256: abc\n") == std::nullopt);
  CHECK(parse_tag_message("Release v1\n"
                          "\n"
                          "-----BEGIN GIT-TRAIL MANIFEST-----\n"
                          "{}\n"
                          "\n"
                          "Manifest-SHA256: abc\n") == std::nullopt);
  // The begin marker as the very last line, with no newline after it.
  CHECK(parse_tag_message("x\n-----BEGIN GIT-TRAIL MANIFEST-----") == std::nullopt);
  // An end marker alone.
  CHECK(parse_tag_message("{}\n-----END GIT-TRAIL MANIFEST-----\n") == std::nullopt);
  // A marker must be a whole line.
  CHECK(parse_tag_message(" -----BEGIN GIT-TRAIL MANIFEST-----\n"
                          "{}\n"
                          "-----END GIT-TRAIL MANIFEST-----\n") == std::nullopt);
}

TEST_CASE("tag message: a missing trailer leaves the declared digest empty")
{
  const auto stored = parse_tag_message("Release v1 of pump\n"
                                        "\n"
                                        "-----BEGIN GIT-TRAIL MANIFEST-----\n"
                                        "{\n"
                                        "  \"a\": 1\n"
                                        "}\n"
                                        "-----END GIT-TRAIL MANIFEST-----\n");
  REQUIRE(stored.has_value());
  CHECK(stored->text == "{\n  \"a\": 1\n}\n");
  CHECK(stored->declared_digest == "");
  CHECK_FALSE(stored->has_signature);
}

TEST_SUITE_END();
