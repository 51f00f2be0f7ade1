// Expected outputs were checked against git 2.39.5: `git stripspace` (whitespace),
// `git stripspace -s` (strip) and `git commit --cleanup=<mode> -e -F` for the scissors cuts.

#include "core/message/cleanup.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <string>

using trail::message::cleanup_message;
using trail::message::CleanupMode;
using trail::message::parse_cleanup_mode;
using trail::message::subject_line;

namespace {

constexpr std::string_view k_scissors = "# ------------------------ >8 ------------------------\n";

} // namespace

TEST_CASE("cleanup: parse_cleanup_mode knows git's names")
{
  CleanupMode mode = CleanupMode::verbatim;
  SUBCASE("default depends on whether the message was edited")
  {
    REQUIRE(parse_cleanup_mode("default", mode));
    CHECK(mode == CleanupMode::automatic);
    CHECK(effective_cleanup(mode, true) == CleanupMode::strip);
    CHECK(effective_cleanup(mode, false) == CleanupMode::whitespace);
    CHECK(effective_cleanup(CleanupMode::scissors, false) == CleanupMode::whitespace);
    CHECK(effective_cleanup(CleanupMode::scissors, true) == CleanupMode::scissors);
    CHECK(effective_cleanup(CleanupMode::strip, false) == CleanupMode::strip);
  }
  SUBCASE("each mode by name")
  {
    REQUIRE(parse_cleanup_mode("whitespace", mode));
    CHECK(mode == CleanupMode::whitespace);
    REQUIRE(parse_cleanup_mode("scissors", mode));
    CHECK(mode == CleanupMode::scissors);
    REQUIRE(parse_cleanup_mode("strip", mode));
    CHECK(mode == CleanupMode::strip);
    REQUIRE(parse_cleanup_mode("verbatim", mode));
    CHECK(mode == CleanupMode::verbatim);
  }
  SUBCASE("unknown or differently cased names are refused and leave MODE alone")
  {
    CHECK_FALSE(parse_cleanup_mode("Strip", mode));
    CHECK_FALSE(parse_cleanup_mode("", mode));
    CHECK_FALSE(parse_cleanup_mode("none", mode));
    CHECK(mode == CleanupMode::verbatim);
  }
}

TEST_CASE("cleanup: whitespace mode is git stripspace")
{
  const auto clean = [](std::string_view raw) {
    return cleanup_message(raw, CleanupMode::whitespace);
  };
  SUBCASE("trailing blanks go, runs of empty lines become one, trailing empty lines go")
  {
    CHECK(clean("Title  \n\n\n\nBody\t\n\n\n") == "Title\n\nBody\n");
  }
  SUBCASE("leading empty and blank lines go")
  {
    CHECK(clean("\n\n  \nTitle\n") == "Title\n");
  }
  SUBCASE("a message of blanks becomes empty")
  {
    CHECK(clean("  \n \n") == "");
    CHECK(clean("") == "");
  }
  SUBCASE("a missing final newline is added")
  {
    CHECK(clean("Title") == "Title\n");
  }
  SUBCASE("CRLF becomes LF, since the carriage return is trailing whitespace")
  {
    CHECK(clean("Title\r\n\r\nBody\r\n") == "Title\n\nBody\n");
  }
  SUBCASE("indentation stays")
  {
    CHECK(clean("Title\n\n  indented  \n") == "Title\n\n  indented\n");
  }
  SUBCASE("comment lines and the scissors line stay")
  {
    const std::string raw = std::string("Title\n# comment\n").append(k_scissors).append("diff\n");
    CHECK(clean(raw) == raw);
  }
}

TEST_CASE("cleanup: strip mode also drops comment lines")
{
  SUBCASE("only lines that start with the comment character")
  {
    CHECK(cleanup_message("Title\n# comment\n #not comment\nBody", CleanupMode::strip) ==
          "Title\n #not comment\nBody\n");
  }
  SUBCASE("a message of comments becomes empty")
  {
    CHECK(cleanup_message("# only comments\n#\n", CleanupMode::strip) == "");
  }
  SUBCASE("empty lines around a dropped comment collapse")
  {
    CHECK(cleanup_message("Title\n\n# c\n\nBody\n", CleanupMode::strip) == "Title\n\nBody\n");
  }
  SUBCASE("the comment character is configurable")
  {
    CHECK(cleanup_message("Title\n; comment\n# kept\n", CleanupMode::strip, ';') ==
          "Title\n# kept\n");
  }
  SUBCASE("the scissors line is only a comment line: what follows it stays (git without -v)")
  {
    const std::string raw = std::string("Title\n\n# c\n").append(k_scissors).append("diff\n");
    CHECK(cleanup_message(raw, CleanupMode::strip) == "Title\n\ndiff\n");
    CHECK(cleanup_message(trail::message::cut_at_scissors(raw), CleanupMode::strip) == "Title\n");
  }
}

TEST_CASE("cleanup: scissors mode cuts at the scissors line but keeps comments")
{
  SUBCASE("cut")
  {
    const std::string raw = std::string("Title\n\n# c\n").append(k_scissors).append("diff\n");
    CHECK(cleanup_message(raw, CleanupMode::scissors) == "Title\n\n# c\n");
  }
  SUBCASE("the scissors line must be whole and at the start of a line")
  {
    const std::string raw = "Title\n # ------------------------ >8 ------------------------\n"
                            "# ------------------------ >8 ------------------------ x\nkept\n";
    CHECK(cleanup_message(raw, CleanupMode::scissors) == raw);
  }
  SUBCASE("with another comment character")
  {
    CHECK(cleanup_message("Title\n; ------------------------ >8 ------------------------\nx\n",
                          CleanupMode::scissors,
                          ';') == "Title\n");
  }
  SUBCASE("a scissors line first leaves nothing")
  {
    CHECK(cleanup_message(std::string(k_scissors).append("diff\n"), CleanupMode::scissors) == "");
  }
}

TEST_CASE("cleanup: verbatim mode changes nothing")
{
  const std::string_view raw = "\n Title  \r\n# c\n\n\n";
  CHECK(cleanup_message(raw, CleanupMode::verbatim) == raw);
}

TEST_CASE("cleanup: subject_line is the first line")
{
  SUBCASE("of a cleaned message")
  {
    CHECK(subject_line("Title\n\nBody\n") == "Title");
    CHECK(subject_line("Title") == "Title");
  }
  SUBCASE("of a raw message, past blank lines and without trailing whitespace")
  {
    CHECK(subject_line("\n  \nTitle \r\nBody\n") == "Title");
  }
  SUBCASE("of nothing")
  {
    CHECK(subject_line("") == "");
    CHECK(subject_line("\n\n") == "");
  }
}

// src/core/message/scissors.cpp: the cut `git commit -v` makes at the scissors line, in every
// cleanup mode.
TEST_CASE("cleanup: cut_at_scissors keeps what precedes the first whole scissors line")
{
  using trail::message::cut_at_scissors;
  const std::string cut(k_scissors.substr(2, k_scissors.size() - 3)); // without "# " and "\n"

  SUBCASE("the cut git commit -v makes, checked against git")
  {
    trail::unit::TempRepo repo;
    repo.write("a.txt", "a\n");
    const auto git_cuts = [&](const std::string& raw, char comment_char) {
      trail::util::write_file_atomic(repo.dir.path / "message", raw);
      repo.write("a.txt", raw + "changed\n");
      repo.git({"add", "a.txt"});
      repo.git({"-c",
                std::string("core.commentChar=") + comment_char,
                "commit",
                "-q",
                "-v",
                "-e",
                "--allow-empty",
                "--allow-empty-message",
                "--cleanup=verbatim",
                "-F",
                (repo.dir.path / "message").string()},
               {},
               {{"GIT_EDITOR", "true"}});
      const std::string stored = repo.git({"cat-file", "commit", "HEAD"});
      return stored.substr(stored.find("\n\n") + 2);
    };
    const std::string mid = std::string("Title\n\nBody\n").append(k_scissors).append("below\n");
    CHECK(cut_at_scissors(mid) == "Title\n\nBody\n");
    CHECK(git_cuts(mid, '#') == "Title\n\nBody\n");
    const std::string twice = std::string("Title\n")
                                  .append(k_scissors)
                                  .append("one\n")
                                  .append(k_scissors)
                                  .append("two\n");
    CHECK(cut_at_scissors(twice) == "Title\n");
    CHECK(git_cuts(twice, '#') == "Title\n");
    const std::string first = std::string(k_scissors).append("below\n");
    CHECK(cut_at_scissors(first).empty());
    CHECK(git_cuts(first, '#').empty());
    const std::string other = "Title\n# " + cut + "\nkept\n; " + cut + "\nbelow\n";
    CHECK(cut_at_scissors(other, ';') == "Title\n# " + cut + "\nkept\n");
    CHECK(git_cuts(other, ';') == "Title\n# " + cut + "\nkept\n");
    // A line that only looks like one is not a cut: the cut is at the real line after it.
    const std::string fake =
        "Title\n # " + cut + "\n# " + cut + " x\n" + std::string(k_scissors) + "z\n";
    CHECK(cut_at_scissors(fake) == "Title\n # " + cut + "\n# " + cut + " x\n");
    CHECK(git_cuts(fake, '#') == "Title\n # " + cut + "\n# " + cut + " x\n");
  }
  SUBCASE("no whole scissors line: nothing is cut")
  {
    for (const std::string& raw : {std::string("Title\n\nBody\n"),
                                   std::string(),
                                   "Title\n # " + cut + "\nx\n",   // indented
                                   "Title\n# " + cut + " x\ny\n",  // more after it
                                   "Title\n# " + cut + "\r\ny\n",  // CRLF
                                   "Title\n# " + cut,              // no newline at the end
                                   "Title # " + cut + "\nx\n",     // not at a line start
                                   "Title\n#" + cut + "\nx\n",     // no space
                                   "Title\n; " + cut + "\nx\n"}) { // another comment char
      CHECK_MESSAGE(cut_at_scissors(raw) == raw, raw);
    }
  }
}
