// Markdown headings, as far as a plan's sections need them (plans.hpp).

#include "core/plans/plans.hpp"
#include "core/util/strings.hpp"

#include <cctype>

namespace trail::plans {

namespace {

// Returns the number of leading spaces of LINE (tabs count as 4, as CommonMark's indent does).
size_t indent_of(std::string_view line)
{
  size_t width = 0;
  for (const char c : line) {
    if (c == ' ') {
      ++width;
    } else if (c == '\t') {
      width += 4 - width % 4;
    } else {
      break;
    }
  }
  return width;
}

// A fence opening or closing: its character, its length and what follows it.
struct Fence
{
  char mark = 0;
  size_t length = 0;
  std::string_view info;
};

std::optional<Fence> fence_of(std::string_view line)
{
  if (indent_of(line) > 3) {
    return std::nullopt;
  }
  const std::string_view rest = util::trim(line);
  if (rest.empty() || (rest[0] != '`' && rest[0] != '~')) {
    return std::nullopt;
  }
  const char mark = rest[0];
  size_t length = 0;
  while (length < rest.size() && rest[length] == mark) {
    ++length;
  }
  if (length < 3) {
    return std::nullopt;
  }
  const std::string_view info = util::trim(rest.substr(length));
  if (mark == '`' && info.find('`') != std::string_view::npos) {
    return std::nullopt; // inline code, not a fence
  }
  return Fence{mark, length, info};
}

// Returns the heading of an ATX line ("## Scope ##"), or nullopt.
std::optional<Heading> atx_heading(std::string_view line, int number)
{
  if (indent_of(line) > 3) {
    return std::nullopt;
  }
  std::string_view rest = util::trim(line);
  size_t level = 0;
  while (level < rest.size() && rest[level] == '#') {
    ++level;
  }
  if (level == 0 || level > 6 ||
      (level < rest.size() && rest[level] != ' ' && rest[level] != '\t')) {
    return std::nullopt;
  }
  rest = util::trim(rest.substr(level));
  // A closing sequence of #s counts only after a space (or as the whole content).
  size_t end = rest.size();
  while (end > 0 && rest[end - 1] == '#') {
    --end;
  }
  if (end == 0 || rest[end - 1] == ' ' || rest[end - 1] == '\t') {
    rest = util::trim(rest.substr(0, end));
  }
  return Heading{static_cast<int>(level), std::string(rest), number};
}

// Returns 1 for a "===" underline, 2 for a "---" underline, 0 otherwise.
int setext_level(std::string_view line)
{
  if (indent_of(line) > 3) {
    return 0;
  }
  const std::string_view rest = util::trim(line);
  if (rest.empty() || (rest[0] != '=' && rest[0] != '-')) {
    return 0;
  }
  for (const char c : rest) {
    if (c != rest[0]) {
      return 0;
    }
  }
  return rest[0] == '=' ? 1 : 2;
}

// Lines that start a block other than a paragraph: a list item, a quote, a thematic break or
// an HTML block. They cannot be a setext heading's text.
bool starts_other_block(std::string_view line)
{
  const std::string_view rest = util::trim(line);
  if (rest.empty()) {
    return true;
  }
  if (rest[0] == '>' || rest[0] == '<') {
    return true;
  }
  if ((rest[0] == '-' || rest[0] == '*' || rest[0] == '+') &&
      (rest.size() == 1 || rest[1] == ' ' || rest[1] == '\t')) {
    return true;
  }
  size_t digits = 0;
  while (digits < rest.size() && digits < 9 &&
         std::isdigit(static_cast<unsigned char>(rest[digits]))) {
    ++digits;
  }
  if (digits > 0 && digits < rest.size() && (rest[digits] == '.' || rest[digits] == ')') &&
      (digits + 1 == rest.size() || rest[digits + 1] == ' ' || rest[digits + 1] == '\t')) {
    return true;
  }
  const auto only = [&](char mark) {
    size_t count = 0;
    for (const char c : rest) {
      if (c == mark) {
        ++count;
      } else if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return count >= 3;
  };
  return only('*') || only('_') || only('-');
}

} // namespace

std::vector<Heading> markdown_headings(std::string_view text)
{
  std::vector<Heading> headings;
  std::optional<Fence> open; // the fence of the code block we are in
  std::string paragraph;     // the paragraph being read, joined with spaces
  int paragraph_line = 0;    // its first line; 0 when not in a paragraph
  int number = 0;
  for (const std::string_view raw : util::split_lines(text)) {
    ++number;
    const std::string_view line =
        !raw.empty() && raw.back() == '\r' ? raw.substr(0, raw.size() - 1) : raw;
    if (open) {
      const auto fence = fence_of(line);
      if (fence && fence->mark == open->mark && fence->length >= open->length &&
          fence->info.empty()) {
        open.reset();
      }
      continue;
    }
    if (auto fence = fence_of(line)) {
      open = fence;
      paragraph_line = 0;
      continue;
    }
    if (auto heading = atx_heading(line, number)) {
      headings.push_back(std::move(*heading));
      paragraph_line = 0;
      continue;
    }
    if (paragraph_line > 0) {
      if (const int level = setext_level(line)) {
        headings.push_back({level, paragraph, paragraph_line});
        paragraph_line = 0;
        continue;
      }
    }
    if (util::trim(line).empty()) {
      paragraph_line = 0;
      continue;
    }
    if (paragraph_line > 0 && indent_of(line) <= 3 && starts_other_block(line)) {
      paragraph_line = 0; // a list item or a quote ends the paragraph
      continue;
    }
    if (paragraph_line > 0) {
      paragraph += ' ';
      paragraph += util::trim(line);
      continue;
    }
    if (indent_of(line) > 3 || starts_other_block(line)) {
      continue; // indented code, a list item, a quote, a break: not a heading's text
    }
    paragraph = std::string(util::trim(line));
    paragraph_line = number;
  }
  return headings;
}

std::string section_key(std::string_view text)
{
  std::string_view rest = util::trim(text);
  // Leading numbering: "1", "1.2", "1.2.", "2)", "A.1": groups of digits (or one letter
  // followed by a dot) separated by dots, then spaces.
  size_t i = 0;
  bool numbered = false;
  for (;;) {
    size_t j = i;
    while (j < rest.size() && std::isdigit(static_cast<unsigned char>(rest[j]))) {
      ++j;
    }
    if (j == i && i + 1 < rest.size() && std::isalpha(static_cast<unsigned char>(rest[i])) &&
        rest[i + 1] == '.') {
      j = i + 1; // "A." of "A.1"
    }
    if (j == i) {
      break;
    }
    numbered = true;
    i = j;
    if (i < rest.size() && (rest[i] == '.' || rest[i] == ')')) {
      ++i;
      if (rest[i - 1] == ')') {
        break;
      }
      continue;
    }
    break;
  }
  if (numbered && i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) {
    rest = util::trim(rest.substr(i));
  }
  std::string key;
  bool space = false;
  for (const char c : rest) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !key.empty()) {
      key += ' ';
    }
    space = false;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

} // namespace trail::plans
