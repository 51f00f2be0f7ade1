#include "core/soup/lock_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <vector>

namespace trail::soup::lock {

void report(Problems& problems, const std::string& path, int line, std::string_view what)
{
  problems.push_back(path + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                     std::string(what));
}

std::optional<toml::table> parse_toml(const ManifestFile& file, Problems& problems)
{
  try {
    return toml::parse(std::string_view(file.content), std::string_view(file.path));
  } catch (const toml::parse_error& error) {
    std::string what(error.description());
    constexpr std::string_view prefix = "Error while parsing ";
    what = what.starts_with(prefix) ? "invalid TOML in " + what.substr(prefix.size())
                                    : "invalid TOML: " + what;
    report(problems, file.path, static_cast<int>(error.source().begin.line), what);
  } catch (const std::exception& error) {
    report(problems, file.path, 0, std::string("cannot read: ") + error.what());
  }
  return std::nullopt;
}

int line_of(const toml::node& node)
{
  return static_cast<int>(node.source().begin.line);
}

std::string
text_at(const toml::table& table, std::string_view key, const std::string& path, Problems& problems)
{
  const auto* node = table.get(key);
  if (node == nullptr) {
    return {};
  }
  if (const auto* value = node->as_string()) {
    return value->get();
  }
  report(problems, path, line_of(*node), "'" + std::string(key) + "' is not a string");
  return {};
}

int line_at(std::string_view text, size_t offset)
{
  // The end of the input is on the last line, not on the empty one after its last newline.
  offset = std::min(offset, text.empty() ? 0 : text.size() - 1);
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    line += text[i] == '\n' ? 1 : 0;
  }
  return line;
}

std::map<std::string, int> json_key_lines(std::string_view text)
{
  struct Frame
  {
    bool object = false;
    bool tracked = false; // reached from the root through objects only
    std::string prefix;   // the keys leading to it, each followed by '\x1f'
    std::string key;      // the last key read in it
    bool expect_key = false;
  };
  std::map<std::string, int> out;
  std::vector<Frame> stack;
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '{' || c == '[') {
      Frame frame;
      frame.object = c == '{';
      frame.expect_key = frame.object;
      if (stack.empty()) {
        frame.tracked = frame.object;
      } else if (stack.back().object && stack.back().tracked) {
        frame.tracked = frame.object;
        frame.prefix = stack.back().prefix + stack.back().key + '\x1f';
      }
      stack.push_back(std::move(frame));
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) {
        stack.pop_back();
      }
    } else if (c == ',') {
      if (!stack.empty() && stack.back().object) {
        stack.back().expect_key = true;
      }
    } else if (c == ':') {
      if (!stack.empty()) {
        stack.back().expect_key = false;
      }
    } else if (c == '"') {
      const size_t start = i;
      bool escaped = false;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') {
          escaped = true;
          ++i;
        }
      }
      if (stack.empty() || !stack.back().object || !stack.back().expect_key) {
        continue;
      }
      auto& frame = stack.back();
      const auto token = text.substr(start, i + 1 - start);
      if (escaped) {
        try {
          frame.key = nlohmann::json::parse(token).get<std::string>();
        } catch (const std::exception&) {
          frame.key = std::string(token.substr(1, token.size() - 2));
        }
      } else {
        frame.key = std::string(token.substr(1, token.size() - 2));
      }
      if (frame.tracked) {
        out.emplace(frame.prefix + frame.key, line);
      }
    }
  }
  return out;
}

std::string pep503(std::string_view name)
{
  std::string out;
  bool run = false;
  for (const char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!run) {
        out += '-';
      }
      run = true;
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      run = false;
    }
  }
  return out;
}

std::pair<std::string, std::string> split_git_source(std::string_view source)
{
  if (source.starts_with("git+")) {
    source.remove_prefix(4);
  }
  std::string commit;
  if (const auto hash = source.find('#'); hash != std::string_view::npos) {
    commit = std::string(source.substr(hash + 1));
    source = source.substr(0, hash);
  }
  if (const auto query = source.find('?'); query != std::string_view::npos) {
    source = source.substr(0, query);
  }
  return {std::string(source), commit};
}

} // namespace trail::soup::lock
