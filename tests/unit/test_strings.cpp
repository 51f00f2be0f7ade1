#include "core/util/strings.hpp"

#include <doctest/doctest.h>

using namespace trail::util;

TEST_CASE("strings: trim and split")
{
  CHECK(trim("  a b \t\n") == "a b");
  CHECK(trim_right("a \r\n") == "a");
  CHECK(split("a,,b", ',') == std::vector<std::string_view>{"a", "", "b"});
  CHECK(split_lines("a\nb\n") == std::vector<std::string_view>{"a", "b"});
  CHECK(split_lines("").empty());
  CHECK(join({"a", "b", "c"}, ", ") == "a, b, c");
}

TEST_CASE("strings: invalid UTF-8 becomes U+FFFD, valid UTF-8 is kept")
{
  CHECK(sanitize_utf8("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(sanitize_utf8("caf\xe9!") == "caf\xef\xbf\xbd!");
  CHECK(sanitize_utf8("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");                 // overlong
  CHECK(sanitize_utf8("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); // surrogate
  CHECK(sanitize_utf8("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
}

TEST_CASE("strings: did you mean")
{
  const std::vector<std::string_view> keys = {"relation", "kinds", "values", "role"};
  CHECK(closest_match("relaton", keys) == "relation");
  CHECK(closest_match("KINDS", keys) == "kinds");
  CHECK(closest_match("pattern", keys).empty());
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("titel", "title") == 1); // a transposition is one typo
  CHECK(closest_match("titel", {"title", "status"}) == "title");
  CHECK(iequals("Signed-Off-By", "signed-off-by"));
}

TEST_CASE("strings: markup escaping for XML and HTML")
{
  CHECK(escape_markup("a & <b> \"c\" 'd'") == "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;");
  CHECK(escape_markup("bell\x07 tab\t") == "bell\xEF\xBF\xBD tab\t");
  CHECK(escape_markup("caf\xe9") == "caf\xEF\xBF\xBD");
}

TEST_CASE("strings: short ids, natural order and Markdown cells")
{
  CHECK(short_id("0123456789abcdef0123456789abcdef01234567") == "0123456789ab");
  CHECK(short_id("abc") == "abc");
  CHECK(natural_less("v1.9", "v1.10"));
  CHECK_FALSE(natural_less("v1.10", "v1.9"));
  CHECK(natural_less("SRS-007", "SRS-8"));
  CHECK(markdown_cell("a|b\r\nc", "<br>") == "a\\|b<br>c");
  CHECK(markdown_cell("a\nb", " ") == "a b");
  CHECK(markdown_cell("caf\xe9", " ") == "caf\xEF\xBF\xBD");
}
