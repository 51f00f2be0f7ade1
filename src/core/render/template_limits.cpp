#include "core/render/template_limits.hpp"

#include "core/util/error.hpp"

#include <cctype>
#include <vector>

namespace trail::render {

namespace {

bool is_space(char c)
{
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::string_view trim(std::string_view s)
{
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

} // namespace

bool parse_set_delimiters(std::string_view contents, std::string& begin, std::string& end)
{
  if (contents.size() < 5 || contents.back() != '=') {
    return false;
  }
  const std::string_view inner = trim(contents.substr(1, contents.size() - 2));
  const size_t space = inner.find(' ');
  if (space == std::string_view::npos) {
    return false;
  }
  const size_t next = inner.find_first_not_of(' ', space + 1);
  if (next == std::string_view::npos) {
    return false;
  }
  const std::string_view first = inner.substr(0, space);
  const std::string_view second = inner.substr(next);
  for (const std::string_view delimiter : {first, second}) {
    for (const char c : delimiter) {
      if (c == '=' || is_space(c)) {
        return false;
      }
    }
  }
  begin = std::string(first);
  end = std::string(second);
  return true;
}

std::string template_position(std::string_view text, size_t offset)
{
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

void check_template_limits(std::string_view text, const std::string& name)
{
  if (text.size() > k_template_max_bytes) {
    throw UsageError(name + ": error: template is larger than " +
                     std::to_string(k_template_max_bytes) + " bytes (" +
                     std::to_string(text.size()) + " bytes)");
  }
  std::string begin = "{{";
  std::string end = "}}";
  size_t depth = 0;
  size_t position = 0;
  while (true) {
    const size_t tag = text.find(begin, position);
    if (tag == std::string_view::npos) {
      return;
    }
    size_t contents = tag + begin.size();
    // {{{name}}} (only with the default delimiters) ends at "}}}".
    const bool triple =
        begin == "{{" && end == "}}" && contents < text.size() && text[contents] == '{';
    if (triple) {
      ++contents;
    }
    const std::string_view closing = triple ? std::string_view("}}}") : std::string_view(end);
    const size_t tag_end = text.find(closing, contents);
    if (tag_end == std::string_view::npos) {
      return; // an unclosed tag: the parser says so
    }
    const std::string_view inside = trim(text.substr(contents, tag_end - contents));
    position = tag_end + closing.size();
    if (triple || inside.empty()) {
      continue;
    }
    if (inside.front() == '=') {
      if (!parse_set_delimiters(inside, begin, end)) {
        return; // an invalid set-delimiter tag: the parser says so
      }
    } else if (inside.front() == '#' || inside.front() == '^') {
      if (++depth > k_template_max_depth) {
        throw UsageError(name + ":" + template_position(text, tag) +
                         ": error: template nests sections more than " +
                         std::to_string(k_template_max_depth) + " deep");
      }
    } else if (inside.front() == '/') {
      if (depth == 0) {
        return; // an unopened section: the parser says so
      }
      --depth;
    }
  }
}

} // namespace trail::render
