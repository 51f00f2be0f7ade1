// Diagnostics for people and for programs (src/core/render/diagnostics.cpp): the text a hook
// prints and the JSON array `--format json` writes, exact to the byte.

#include "core/render/diagnostics.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace trail;

namespace {

rules::Diagnostic
diagnostic(std::string rule, std::string commit, std::string message, std::string hint, size_t line)
{
  rules::Diagnostic d;
  d.rule = std::move(rule);
  d.commit = std::move(commit);
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.line = line;
  return d;
}

const std::string k_id = "0123456789abcdef0123456789abcdef01234567";

} // namespace

TEST_CASE("diagnostics: text is one indented line each, the line number when known, then the hint")
{
  CHECK(render::diagnostics_text({}).empty());
  const std::vector<rules::Diagnostic> diagnostics{
      diagnostic(
          "require-link", k_id, "no requirement is linked", "Implements: <requirement ID>", 0),
      diagnostic("bad-id", "", "'SRS-x' is not a requirement ID", "", 4),
      diagnostic("subject-length", "", "the subject is 81 characters long", "shorten it to 72", 1),
  };
  CHECK(render::diagnostics_text(diagnostics) ==
        "  require-link: no requirement is linked\n"
        "      Implements: <requirement ID>\n"
        "  bad-id: 'SRS-x' is not a requirement ID (line 4)\n"
        "  subject-length: the subject is 81 characters long (line 1)\n"
        "      shorten it to 72\n");
  // The text is written as it is (a terminal shows what the message holds); the commit is not
  // part of it.
  CHECK(render::diagnostics_text({diagnostic("r", k_id, "bad \xff byte", "h\xfe", 0)}) ==
        "  r: bad \xff byte\n      h\xfe\n");
}

TEST_CASE("diagnostics: JSON is an array of objects; commit and line only when known")
{
  CHECK(render::diagnostics_json({}) == "[]");
  const std::vector<rules::Diagnostic> diagnostics{
      diagnostic(
          "require-link", k_id, "no requirement is linked", "Implements: <requirement ID>", 3),
      diagnostic("bad-id", "", "quote \" and \\ and\nnewline", "", 0),
  };
  CHECK(
      render::diagnostics_json(diagnostics) ==
      "[{\"commit\":\"" + k_id +
          "\",\"hint\":\"Implements: <requirement ID>\",\"line\":3,\"message\":\"no requirement "
          "is linked\",\"rule\":\"require-link\"},"
          "{\"hint\":\"\",\"message\":\"quote \\\" and \\\\ and\\nnewline\",\"rule\":\"bad-id\"}]");
  const auto parsed = nlohmann::json::parse(render::diagnostics_json(diagnostics));
  CHECK(parsed.at(1).at("message") == "quote \" and \\ and\nnewline");
  CHECK_FALSE(parsed.at(1).contains("commit"));
  CHECK_FALSE(parsed.at(1).contains("line"));
}

TEST_CASE("diagnostics: bytes that are not UTF-8 in a message or hint become U+FFFD in JSON")
{
  // A commit message in Latin-1 quoted in a diagnostic must not make the JSON invalid (or throw).
  const std::string json =
      render::diagnostics_json({diagnostic("bad-id", "", "'SRS-\xe9' is unknown", "\xff", 2)});
  CHECK(json == "[{\"hint\":\"\xef\xbf\xbd\",\"line\":2,\"message\":\"'SRS-\xef\xbf\xbd' is "
                "unknown\",\"rule\":\"bad-id\"}]");
  CHECK(nlohmann::json::parse(json).at(0).at("message") == "'SRS-\xef\xbf\xbd' is unknown");
}
