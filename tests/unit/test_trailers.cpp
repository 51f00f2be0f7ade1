// verifies: GT-10
// Every expected answer here was checked against git 2.39.5: log mode through a commit stored
// byte for byte (git hash-object -t commit) and `git log -1 --format='%(trailers:only,unfold)'`
// (with the same -c settings where options differ), divider mode through
// `git interpret-trailers --parse`.

#include "core/message/trailers.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using trail::message::parse_trailers;
using trail::message::Trailer;
using trail::message::TrailerOptions;

namespace {

struct Expected
{
  std::string_view key;
  std::string_view value;
  size_t line;
};

// Checks that MESSAGE parses to exactly EXPECTED (keys, values and lines, in order).
void check(std::string_view message,
           const std::vector<Expected>& expected,
           const TrailerOptions& options = {})
{
  INFO("message: \"", std::string(message), "\"");
  const std::vector<Trailer> got = parse_trailers(message, options);
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].key == expected[i].key);
    CHECK(got[i].value == expected[i].value);
    CHECK(got[i].line == expected[i].line);
  }
}

TrailerOptions divider_options()
{
  TrailerOptions options;
  options.divider = true;
  options.keep_leading_blank_lines = true;
  return options;
}

TrailerOptions configured(std::vector<std::string> keys)
{
  TrailerOptions options;
  options.configured_keys = std::move(keys);
  return options;
}

} // namespace

TEST_CASE("trailers: the last paragraph is the block when every line is a trailer")
{
  SUBCASE("after a body")
  {
    check("Title\n\nBody text.\n\nSigned-off-by: A U Thor <a@example.com>\n"
          "Reviewed-by: R <r@example.com>\n",
          {{"Signed-off-by", "A U Thor <a@example.com>", 5},
           {"Reviewed-by", "R <r@example.com>", 6}});
  }
  SUBCASE("right after the title")
  {
    check("Title\n\nImplements: SRS-1\nRefs: PR-2\n",
          {{"Implements", "SRS-1", 3}, {"Refs", "PR-2", 4}});
  }
  SUBCASE("without a final newline")
  {
    check("Title\n\nImplements: SRS-1", {{"Implements", "SRS-1", 3}});
  }
  SUBCASE("repeated keys stay, in order")
  {
    check("Title\n\nImplements: SRS-1\nImplements: SRS-2\n",
          {{"Implements", "SRS-1", 3}, {"Implements", "SRS-2", 4}});
  }
  SUBCASE("a colon inside the value")
  {
    check("Title\n\nRefs: http://example.com:8080/x\n", {{"Refs", "http://example.com:8080/x", 3}});
  }
}

TEST_CASE("trailers: the title paragraph never holds trailers")
{
  SUBCASE("a one-line message")
  {
    check("Implements: SRS-1\n", {});
  }
  SUBCASE("no blank line after the title")
  {
    check("Title\nImplements: SRS-1\n", {});
  }
  SUBCASE("comment lines before the first blank line are skipped, not a title")
  {
    check("# comment\n\nImplements: SRS-1\n", {{"Implements", "SRS-1", 3}});
  }
  SUBCASE("empty and blank messages")
  {
    check("", {});
    check("\n\n  \n", {});
  }
}

TEST_CASE("trailers: only the last paragraph counts")
{
  SUBCASE("an earlier trailer paragraph is ignored")
  {
    check("Title\n\nImplements: SRS-1\n\nprose\n\nRefs: PR-2\n", {{"Refs", "PR-2", 7}});
  }
  SUBCASE("prose at the end means no trailers at all")
  {
    check("Title\n\nImplements: SRS-1\n\nprose at the end\n", {});
  }
  SUBCASE("a whitespace-only line separates paragraphs")
  {
    check("Title\n\nImplements: SRS-1\n \n  SRS-2\n", {});
  }
}

TEST_CASE("trailers: a mixed paragraph needs a git-generated or configured key and 25% trailers")
{
  SUBCASE("no generated key: one prose line spoils the block")
  {
    check("Title\n\nImplements: SRS-1\nthis line is prose\n", {});
  }
  SUBCASE("Signed-off-by with three prose lines is enough")
  {
    check("Title\n\none\ntwo\nthree\nSigned-off-by: A <a@x>\n", {{"Signed-off-by", "A <a@x>", 6}});
  }
  SUBCASE("Signed-off-by with four prose lines is not")
  {
    check("Title\n\none\ntwo\nthree\nfour\nSigned-off-by: A <a@x>\n", {});
  }
  SUBCASE("the generated prefix is case-sensitive")
  {
    check("Title\n\none\ntwo\nsigned-off-by: A <a@x>\n", {});
  }
  SUBCASE("the generated prefix needs the space after the colon")
  {
    check("Title\n\none\nSigned-off-by:A <a@x>\n", {});
  }
  SUBCASE("a trailer and Signed-off-by against three prose lines")
  {
    check("Title\n\na\nb\nc\nImplements: SRS-1\nSigned-off-by: A\n d\n",
          {{"Implements", "SRS-1", 6}, {"Signed-off-by", "A d", 7}});
  }
  SUBCASE("keys are reported as written, whatever their case")
  {
    check("Title\n\nSigned-off-by: A\nsigned-off-by: B\n",
          {{"Signed-off-by", "A", 3}, {"signed-off-by", "B", 4}});
  }
}

TEST_CASE("trailers: the cherry-pick line counts as git-generated but is not reported")
{
  constexpr std::string_view k_cherry =
      "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n";
  SUBCASE("alone")
  {
    check(std::string("Title\n\nBody.\n\n").append(k_cherry), {});
  }
  SUBCASE("it lets a mixed paragraph count")
  {
    check(std::string("Title\n\nImplements: SRS-1\nprose one\nprose two\n").append(k_cherry),
          {{"Implements", "SRS-1", 3}});
  }
}

TEST_CASE("trailers: configured keys count like Signed-off-by")
{
  SUBCASE("a configured key makes a mixed paragraph a block")
  {
    check("Title\n\nReviewed-by: R\none\ntwo\nthree\n",
          {{"Reviewed-by", "R", 3}},
          configured({"Reviewed-by"}));
  }
  SUBCASE("without configuration the same paragraph is prose")
  {
    check("Title\n\nReviewed-by: R\none\ntwo\nthree\n", {});
  }
  SUBCASE("a case-insensitive prefix matches and takes the configured spelling")
  {
    check("Title\n\nreview: R\nreviewed-by: S\n",
          {{"Reviewed-by", "R", 3}, {"Reviewed-by", "S", 4}},
          configured({"Reviewed-by"}));
  }
  SUBCASE("blanks before the separator defeat the match in the vote")
  {
    check("Title\n\nReviewed-by : R\none\n", {}, configured({"Reviewed-by"}));
  }
}

TEST_CASE("trailers: continuation lines fold into the trailer above")
{
  SUBCASE("spaces and tabs, each newline and indent becomes one space")
  {
    check("Title\n\nImplements: SRS-1,\n  SRS-2,\n\tSRS-3\nRefs: PR-1\n",
          {{"Implements", "SRS-1, SRS-2, SRS-3", 3}, {"Refs", "PR-1", 6}});
  }
  SUBCASE("an empty value takes its continuation")
  {
    check("Title\n\nImplements:\n  SRS-1\n", {{"Implements", "SRS-1", 3}});
  }
  SUBCASE("indented lines above every trailer count as prose")
  {
    check("Title\n\n  indented prose\nImplements: SRS-1\n", {});
  }
  SUBCASE("...which Signed-off-by outweighs")
  {
    check("Title\n\n  indented prose\nSigned-off-by: A <a@x>\n", {{"Signed-off-by", "A <a@x>", 4}});
    check("Title\n\nprose\n  more\nSigned-off-by: A\n", {{"Signed-off-by", "A", 5}});
  }
  SUBCASE("an indented comment-like line is a continuation, not a comment")
  {
    check("Title\n\nImplements: SRS-1\n #  ----------------------- >8 ------------------------\n"
          "Refs: PR-9\n",
          {{"Implements", "SRS-1 #  ----------------------- >8 ------------------------", 3},
           {"Refs", "PR-9", 5}});
  }
}

TEST_CASE("trailers: comment lines")
{
  SUBCASE("inside the block they are skipped")
  {
    check("Title\n\nImplements: SRS-1\n# a comment\nRefs: PR-1\n",
          {{"Implements", "SRS-1", 3}, {"Refs", "PR-1", 5}});
  }
  SUBCASE("they stop a continuation: the indented line after one is not folded")
  {
    check("Title\n\nSigned-off-by: A <a@x>\n# a comment\n  continued?\n",
          {{"Signed-off-by", "A <a@x>", 3}});
  }
  SUBCASE("...and that indented line then counts as prose in the vote")
  {
    check("Title\n\nImplements: SRS-1\n# a comment\n  continued?\n", {});
  }
  SUBCASE("trailing comment and empty lines are not part of the message")
  {
    check("Title\n\nImplements: SRS-1\n\n# Please enter the commit message\n#\n\n",
          {{"Implements", "SRS-1", 3}});
  }
  SUBCASE("a paragraph of comments alone has no trailers")
  {
    check("Title\n\n# Implements: SRS-1\n", {});
  }
  SUBCASE("the comment character is configurable")
  {
    TrailerOptions options;
    options.comment_char = ';';
    check("Title\n\nImplements: SRS-1\n; note\nRefs: PR-1\n",
          {{"Implements", "SRS-1", 3}, {"Refs", "PR-1", 5}},
          options);
  }
}

TEST_CASE("trailers: the scissors line ends the message")
{
  SUBCASE("trailers below it are gone")
  {
    check("Title\n\nImplements: SRS-1\n# ------------------------ >8 ------------------------\n"
          "Refs: PR-9\n",
          {{"Implements", "SRS-1", 3}});
  }
  SUBCASE("a diff below it does not matter")
  {
    check("Title\n\nImplements: SRS-1\n# ------------------------ >8 ------------------------\n"
          "\ndiff --git a/x b/x\n\nSigned-off-by: Z\n",
          {{"Implements", "SRS-1", 3}});
  }
  SUBCASE("at the very start nothing is left")
  {
    check("# ------------------------ >8 ------------------------\nTitle\n\nImplements: SRS-1\n",
          {});
  }
  SUBCASE("with text after it on the line it is only a comment")
  {
    check("Title\n\nImplements: SRS-1\n"
          "# ------------------------ >8 ------------------------ diff below\nRefs: PR-9\n",
          {{"Implements", "SRS-1", 3}, {"Refs", "PR-9", 5}});
  }
  SUBCASE("with CRLF it is only a comment")
  {
    check("Title\n\nImplements: SRS-1\n# ------------------------ >8 ------------------------\r\n"
          "Refs: PR-9\n",
          {{"Implements", "SRS-1", 3}, {"Refs", "PR-9", 5}});
  }
  SUBCASE("it uses the configured comment character")
  {
    TrailerOptions options;
    options.comment_char = ';';
    check("Title\n\nImplements: SRS-1\n; ------------------------ >8 ------------------------\n"
          "Refs: PR-9\n",
          {{"Implements", "SRS-1", 3}},
          options);
  }
}

TEST_CASE("trailers: an old Conflicts: block at the end is skipped")
{
  SUBCASE("at the end")
  {
    check("Title\n\nImplements: SRS-1\n\nConflicts:\n\tsrc/a.c\n\tsrc/b.c\n",
          {{"Implements", "SRS-1", 3}});
  }
  SUBCASE("followed by prose it is an ordinary paragraph")
  {
    check("Title\n\nImplements: SRS-1\n\nConflicts:\n\tsrc/a.c\nmore prose\n", {});
  }
}

TEST_CASE("trailers: the --- divider")
{
  constexpr std::string_view k_notes = "Title\n\nImplements: SRS-1\n\n---\nnotes\n";
  SUBCASE("off (git log): the paragraph after it is the last one")
  {
    check(k_notes, {});
    check("Title\n\nBody\n---\n\nImplements: SRS-1\n", {{"Implements", "SRS-1", 6}});
  }
  SUBCASE("on (interpret-trailers): the message ends at it")
  {
    check(k_notes, {{"Implements", "SRS-1", 3}}, divider_options());
    check("Title\n\nBody\n---\n\nImplements: SRS-1\n", {}, divider_options());
  }
  SUBCASE("on: followed by a space, it still divides")
  {
    check("Title\n\nImplements: SRS-1\n--- \nnotes: x\n",
          {{"Implements", "SRS-1", 3}},
          divider_options());
  }
  SUBCASE("on: four dashes, text after the dashes or no newline at the end do not divide")
  {
    check("Title\n\nImplements: SRS-1\n----\n", {}, divider_options());
    check("Title\n\nImplements: SRS-1\n---notes\n", {}, divider_options());
    check("Title\n\nImplements: SRS-1\n---", {}, divider_options());
  }
  SUBCASE("on: comment lines before it are skipped")
  {
    check("Title\n\nImplements: SRS-1\n# comment\n---\nfoo\n",
          {{"Implements", "SRS-1", 3}},
          divider_options());
  }
  SUBCASE("on: a divider inside the title leaves only the title")
  {
    check("Title\n---\nImplements: SRS-1\n", {}, divider_options());
  }
}

TEST_CASE("trailers: key grammar")
{
  SUBCASE("blanks between key and separator are allowed and trimmed")
  {
    check("Title\n\nImplements : SRS-1\nRefs\t: PR-1\n",
          {{"Implements", "SRS-1", 3}, {"Refs", "PR-1", 4}});
  }
  SUBCASE("letters, digits and hyphens")
  {
    check("Title\n\nCVE-2023-1234: fixed\n", {{"CVE-2023-1234", "fixed", 3}});
  }
  SUBCASE("a blank inside the key, a leading blank, an underscore or a non-ASCII byte: prose")
  {
    check("Title\n\nReported by: someone\n", {});
    check("Title\n\n Implements: SRS-1\n", {});
    check("Title\n\nChange_Request: CR-1\n", {});
    check("Title\n\nRevis\xc3\xa9-par: X\n", {});
  }
  SUBCASE("an empty key is prose")
  {
    check("Title\n\n: SRS-1\n", {});
  }
  SUBCASE("a bare URL looks like a trailer to git")
  {
    check("Title\n\nhttps://example.com/issue/1\n", {{"https", "//example.com/issue/1", 3}});
  }
}

TEST_CASE("trailers: separators are configurable")
{
  SUBCASE("'#' is not a separator by default")
  {
    check("Title\n\nBug #42\n", {});
  }
  SUBCASE("with ':#', blanks may come before '#'")
  {
    TrailerOptions options;
    options.separators = ":#";
    check("Title\n\nBug #42\nImplements: SRS-1\n",
          {{"Bug", "42", 3}, {"Implements", "SRS-1", 4}},
          options);
  }
  SUBCASE("with '=' only, ':' lines are prose")
  {
    TrailerOptions options;
    options.separators = "=";
    check("Title\n\nImplements=SRS-1\nRefs: PR-1\n", {}, options);
  }
}

TEST_CASE("trailers: values")
{
  SUBCASE("empty values")
  {
    check("Title\n\nImplements:\nRefs:   \nFixes: PR-3\n",
          {{"Implements", "", 3}, {"Refs", "", 4}, {"Fixes", "PR-3", 5}});
  }
  SUBCASE("trimmed at both ends, inner blanks kept")
  {
    check("Title\n\nImplements:   SRS-1   SRS-2  \t\n", {{"Implements", "SRS-1   SRS-2", 3}});
  }
  SUBCASE("UTF-8 and Latin-1 bytes pass through untouched")
  {
    check("Title\n\nReviewed-by: J\xc3\xb6rg <j@x>\n", {{"Reviewed-by", "J\xc3\xb6rg <j@x>", 3}});
    check("Title\n\nReviewed-by: J\xf6rg <j@x>\n", {{"Reviewed-by", "J\xf6rg <j@x>", 3}});
  }
  SUBCASE("a whitespace-only last line is dropped")
  {
    check("Title\n\nImplements: SRS-1\n   \n", {{"Implements", "SRS-1", 3}});
  }
}

TEST_CASE("trailers: CRLF line ends")
{
  SUBCASE("the carriage return is trimmed off each value")
  {
    check("Title\r\n\r\nImplements: SRS-1\r\nRefs: PR-1\r\n",
          {{"Implements", "SRS-1", 3}, {"Refs", "PR-1", 4}});
  }
  SUBCASE("a folded value keeps the inner carriage return, as git does")
  {
    check("Title\r\n\r\nImplements: SRS-1\r\n  SRS-2\r\n", {{"Implements", "SRS-1\r SRS-2", 3}});
  }
  SUBCASE("trailing CRLF blank lines are dropped")
  {
    check("Title\r\n\r\nImplements: SRS-1\r\n\r\n", {{"Implements", "SRS-1", 3}});
  }
}

TEST_CASE("trailers: leading blank lines")
{
  SUBCASE("git log skips them, so the first text is the title")
  {
    check("\n\nImplements: SRS-1\n", {});
  }
  SUBCASE("interpret-trailers keeps them, so the title paragraph is empty")
  {
    check("\n\nImplements: SRS-1\n", {{"Implements", "SRS-1", 3}}, divider_options());
  }
  SUBCASE("lines are still counted from the first byte")
  {
    check("\n \nTitle\n\nImplements: SRS-1\n", {{"Implements", "SRS-1", 5}});
  }
}

TEST_CASE("trailers: bytes after a NUL do not exist for git")
{
  using namespace std::string_view_literals;
  check("Title\n\nImplements: SRS-1\n\0\nprose\n"sv, {{"Implements", "SRS-1", 3}});
}
