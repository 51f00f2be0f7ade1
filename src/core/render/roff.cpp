#include "core/render/roff.hpp"

#include "core/util/strings.hpp"

#include <cctype>
#include <vector>

namespace trail::render {
namespace {

bool starts_with(std::string_view s, std::string_view prefix)
{
  return s.substr(0, prefix.size()) == prefix;
}

// Escapes one character of text into OUT (the part of roff_escape that inline markup shares).
void escape_char(std::string& out, char c)
{
  if (c == '\\') {
    out += "\\e";
  } else if (c == '-') {
    out += "\\-";
  } else {
    out += c;
  }
}

// The inline markup of TEXT (one paragraph, its lines joined) as roff: `code` and **bold** in
// bold, *emphasis* in italics, [text](target) as its text. Unclosed markers stay as they are.
std::string inline_roff(std::string_view text)
{
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '`') {
      const size_t end = text.find('`', i + 1);
      if (end != std::string_view::npos) {
        out += "\\fB";
        for (size_t k = i + 1; k < end; ++k) {
          escape_char(out, text[k]);
        }
        out += "\\fR";
        i = end + 1;
        continue;
      }
    } else if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
      const size_t end = text.find("**", i + 2);
      if (end != std::string_view::npos && end > i + 2) {
        out += "\\fB" + inline_roff(text.substr(i + 2, end - i - 2)) + "\\fR";
        i = end + 2;
        continue;
      }
    } else if (c == '*' && i + 1 < text.size() && text[i + 1] != ' ') {
      const size_t end = text.find('*', i + 1);
      if (end != std::string_view::npos && text[end - 1] != ' ') {
        out += "\\fI" + inline_roff(text.substr(i + 1, end - i - 1)) + "\\fR";
        i = end + 1;
        continue;
      }
    } else if (c == '[') {
      // The text may hold a code span with brackets ("[`[project]`](#project)").
      const size_t close = text.find("](", i + 1);
      if (close != std::string_view::npos) {
        const size_t end = text.find(')', close + 2);
        if (end != std::string_view::npos) {
          out += inline_roff(text.substr(i + 1, close - i - 1));
          i = end + 1;
          continue;
        }
      }
    }
    escape_char(out, c);
    ++i;
  }
  return out;
}

// A line of roff text: one that would start with '.' or '\'' is protected with \&.
std::string text_line(const std::string& roff)
{
  if (!roff.empty() && (roff[0] == '.' || roff[0] == '\'')) {
    return "\\&" + roff + "\n";
  }
  return roff + "\n";
}

std::vector<std::string> table_cells(std::string_view line)
{
  line = util::trim(line);
  if (starts_with(line, "|")) {
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '|') {
    line.remove_suffix(1);
  }
  std::vector<std::string> cells;
  std::string cell;
  bool in_code = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '`') {
      in_code = !in_code;
    }
    if (c == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (c == '|' && !in_code) {
      cells.emplace_back(util::trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  cells.emplace_back(util::trim(cell));
  return cells;
}

bool is_table_rule(std::string_view line)
{
  line = util::trim(line);
  if (!starts_with(line, "|")) {
    return false;
  }
  for (const char c : line) {
    if (c != '|' && c != '-' && c != ':' && c != ' ') {
      return false;
    }
  }
  return true;
}

// "1. " or "12. " at the start of LINE: the length of the marker, else 0.
size_t numbered_marker(std::string_view line)
{
  size_t i = 0;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])) != 0) {
    ++i;
  }
  if (i > 0 && i + 1 < line.size() && line[i] == '.' && line[i + 1] == ' ') {
    return i + 2;
  }
  return 0;
}

std::string heading_text(std::string_view line, size_t level)
{
  return inline_roff(util::trim(line.substr(level + 1)));
}

} // namespace

std::string roff_escape(std::string_view text)
{
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) {
      out += "\\&";
    }
    escape_char(out, c);
    line_start = c == '\n';
  }
  return out;
}

std::string markdown_to_roff(std::string_view markdown, const ManPage& page)
{
  const std::string upper = util::to_upper(page.name);
  std::string out = ".\\\" Written by `git trail man` from git-trail's docs/.\n";
  out += ".TH " + roff_escape(upper) + " " + std::to_string(page.section) + " \"\" \"" +
         roff_escape(page.source) + "\" \"" + roff_escape(page.manual) + "\"\n.nh\n.ad l\n";
  out += ".SH NAME\n" + roff_escape(page.name) + " \\- " + roff_escape(page.summary) + "\n";

  const auto lines = util::split_lines(markdown);
  std::string paragraph;   // the lines of the paragraph being read, joined by spaces
  std::string item_marker; // the list item being read: "\\(bu" or "3."
  const auto flush = [&]() {
    // A list item that is only a link within the page (a table of contents) has no use in a
    // manual page, which man pages through by its section headings.
    const bool contents_entry = !item_marker.empty() && starts_with(paragraph, "[") &&
                                paragraph.back() == ')' &&
                                paragraph.find("](#") != std::string::npos;
    if (!paragraph.empty() && !contents_entry) {
      out += item_marker.empty() ? ".PP\n" : ".IP " + item_marker + " 4\n";
      out += text_line(inline_roff(paragraph));
    }
    paragraph.clear();
    item_marker.clear();
  };
  bool seen_title = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const std::string_view trimmed = util::trim(line);
    if (starts_with(trimmed, "```")) {
      flush();
      out += ".PP\n.RS 4\n.nf\n";
      for (++i; i < lines.size() && !starts_with(util::trim(lines[i]), "```"); ++i) {
        std::string code;
        for (const char c : lines[i]) {
          escape_char(code, c);
        }
        out += text_line(code);
      }
      out += ".fi\n.RE\n";
      continue;
    }
    if (trimmed.empty()) {
      flush();
      continue;
    }
    if (starts_with(line, "# ")) {
      flush();
      if (seen_title) {
        out += ".SH " + heading_text(line, 1) + "\n";
      }
      seen_title = true;
      continue;
    }
    if (starts_with(line, "## ")) {
      flush();
      out += ".SH " + heading_text(line, 2) + "\n";
      continue;
    }
    if (starts_with(line, "### ") || starts_with(line, "#### ")) {
      flush();
      out += ".SS " + heading_text(line, line[3] == '#' ? 4 : 3) + "\n";
      continue;
    }
    if (starts_with(trimmed, "|") && i + 1 < lines.size() && is_table_rule(lines[i + 1])) {
      flush();
      const auto headers = table_cells(line);
      for (i += 2; i < lines.size() && starts_with(util::trim(lines[i]), "|"); ++i) {
        const auto cells = table_cells(lines[i]);
        out += ".TP\n" + text_line(cells.empty() ? "" : inline_roff(cells[0]));
        for (size_t k = 1; k < cells.size(); ++k) {
          if (cells[k].empty()) {
            continue;
          }
          const std::string& header = k < headers.size() ? headers[k] : std::string();
          // The last column (or one with no heading) is the meaning: plain text; the others
          // say what they are ("type: string").
          const bool plain = header.empty() || k + 1 == cells.size();
          out += text_line((plain ? "" : inline_roff(header) + ": ") + inline_roff(cells[k]));
          if (k + 1 < cells.size()) {
            out += ".br\n";
          }
        }
      }
      --i;
      continue;
    }
    const size_t number = numbered_marker(trimmed);
    if (starts_with(trimmed, "- ") || starts_with(trimmed, "* ") || number > 0) {
      flush();
      item_marker = number > 0 ? std::string(trimmed.substr(0, number - 1)) : "\\(bu";
      paragraph = std::string(trimmed.substr(number > 0 ? number : 2));
      continue;
    }
    if (!paragraph.empty()) {
      paragraph += ' ';
    }
    paragraph += std::string(trimmed);
  }
  flush();
  return out;
}

} // namespace trail::render
