#pragma once

#include <string>
#include <string_view>

namespace trail::render {

// What the .TH line of a manual page names.
struct ManPage
{
  std::string name;    // "trail.toml"
  int section = 5;     // 5: file formats
  std::string summary; // the NAME line's text after "name - "
  std::string source;  // the footer: "git-trail 0.1.0"
  std::string manual;  // the header: "git-trail manual"
};

// Escapes TEXT for roff body text: backslashes, a leading '.' or '\'', and '-' as a minus sign
// (so option names and keys stay ASCII when man renders them).
std::string roff_escape(std::string_view text);

// Converts the Markdown of git-trail's docs/ (headings, paragraphs, bullet and numbered lists,
// fenced code, pipe tables, `code`, **bold**, *emphasis* and [links](...)) into a roff manual
// page. The first-level heading becomes the title and is dropped; second-level headings are
// sections (.SH), third-level ones subsections (.SS). A table row becomes a tagged paragraph:
// its first cell is the tag, its other cells follow under their column headings. A link keeps
// its text and drops its target. Deterministic: the same Markdown gives the same page (no date).
std::string markdown_to_roff(std::string_view markdown, const ManPage& page);

} // namespace trail::render
