#include "core/soup/cpp_common.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace trail::soup::cpp {

int line_at(std::string_view text, size_t offset)
{
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

int LineCounter::at(size_t offset)
{
  offset = std::min(offset, m_text.size());
  if (offset < m_offset) {
    m_offset = 0;
    m_line = 1;
  }
  m_line += static_cast<int>(std::count(m_text.begin() + static_cast<std::ptrdiff_t>(m_offset),
                                        m_text.begin() + static_cast<std::ptrdiff_t>(offset),
                                        '\n'));
  m_offset = offset;
  return m_line;
}

bool ref_can_move(std::string_view ref)
{
  if (ref.empty()) {
    return true;
  }
  const bool hex = ref.size() >= 7 && std::all_of(ref.begin(), ref.end(), [](char c) {
                     return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                   });
  if (hex) {
    return false;
  }
  return std::none_of(
      ref.begin(), ref.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string version_of_archive(std::string_view url)
{
  auto end = url.find_first_of("?#");
  std::string_view path = url.substr(0, end);
  const auto slash = path.rfind('/');
  const std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  // NAME-VERSION.EXT or VERSION.EXT (GitHub's archive/refs/tags/v1.2.3.tar.gz).
  static const re2::RE2 k_archive(
      R"((?:.*?[-_])?[vV]?(\d+(?:\.\d+)+(?:[-.]?[A-Za-z0-9]+)*?)(?:[-.]src|[-.]source)?)"
      R"(\.(?:tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2|tar\.zst|tar|zip|7z))");
  std::string version;
  if (re2::RE2::FullMatch(name, k_archive, &version)) {
    return version;
  }
  return {};
}

void problem(Problems& problems, const ManifestFile& file, int line, const std::string& what)
{
  problems.push_back(file.path + ":" + std::to_string(line) + ": " + what);
}

nlohmann::ordered_json parse_json(const ManifestFile& file, Problems& problems)
{
  try {
    return nlohmann::ordered_json::parse(file.content);
  } catch (const nlohmann::json::parse_error& e) {
    const auto line = line_at(file.content, e.byte > 0 ? e.byte - 1 : 0);
    // The library's message names the byte and the token; keep its explanation only.
    std::string what = e.what();
    if (const auto colon = what.rfind(": "); colon != std::string::npos) {
      what = what.substr(colon + 2);
    }
    problem(problems, file, line, "not valid JSON: " + what);
  } catch (const std::exception& e) {
    problem(problems, file, 1, std::string("not valid JSON: ") + e.what());
  }
  return nlohmann::ordered_json(nlohmann::ordered_json::value_t::discarded);
}

const nlohmann::ordered_json* member(const nlohmann::ordered_json& object, const std::string& key)
{
  if (!object.is_object() || !object.contains(key)) {
    return nullptr;
  }
  return &object.at(key);
}

std::string string_member(const nlohmann::ordered_json& object, const std::string& key)
{
  const auto* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

int next_string_line(std::string_view json, std::string_view text, size_t& cursor)
{
  const std::string needle = nlohmann::ordered_json(std::string(text)).dump();
  const auto at = json.find(needle, cursor);
  if (at == std::string_view::npos) {
    return 0;
  }
  cursor = at + needle.size();
  return line_at(json, at);
}

} // namespace trail::soup::cpp
