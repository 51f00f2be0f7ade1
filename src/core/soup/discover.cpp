#include "core/soup/discover.hpp"

#include "core/soup/parsers.hpp"
#include "core/soup/vendored.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace trail::soup {
namespace {

using Parser = void (*)(const ManifestFile&, std::vector<Component>&, Problems&);

// The manifest formats, by the name of the file (its last path segment).
struct Format
{
  bool (*matches)(std::string_view file_name);
  Parser parse;
};

bool ends_with(std::string_view s, std::string_view tail)
{
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

const Format k_formats[] = {
    {[](std::string_view n) { return n == "CMakeLists.txt" || ends_with(n, ".cmake"); },
     parse_cmake},
    {[](std::string_view n) { return n == "vcpkg.json"; }, parse_vcpkg},
    {[](std::string_view n) { return n == "conanfile.txt"; }, parse_conanfile_txt},
    {[](std::string_view n) { return n == "conanfile.py"; }, parse_conanfile_py},
    {[](std::string_view n) { return n == "conan.lock"; }, parse_conan_lock},
    {[](std::string_view n) { return n == "west.yml"; }, parse_west},
    {[](std::string_view n) { return n == "platformio.ini"; }, parse_platformio},
    {[](std::string_view n) { return n == "package-lock.json"; }, parse_package_lock},
    {[](std::string_view n) { return n == "Cargo.lock"; }, parse_cargo_lock},
    {[](std::string_view n) { return n == "go.sum"; }, parse_go_sum},
    {[](std::string_view n) { return n.starts_with("requirements") && ends_with(n, ".txt"); },
     parse_requirements},
    {[](std::string_view n) { return n == "poetry.lock"; }, parse_poetry_lock},
    {[](std::string_view n) { return n == "uv.lock"; }, parse_uv_lock},
};

std::string_view file_name(std::string_view path)
{
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool under_any(const std::vector<std::string>& globs, const std::string& path)
{
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    // A glob names a file or a folder: a folder covers everything under it.
    if (util::glob_match(glob, path)) {
      return true;
    }
    for (auto slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      if (util::glob_match(glob, std::string_view(path).substr(0, slash))) {
        return true;
      }
    }
    return false;
  });
}

} // namespace

std::vector<Submodule> parse_gitmodules(std::string_view text)
{
  static const re2::RE2 section(R"re(\s*\[\s*submodule\s+"((?:[^"\\]|\\.)*)"\s*\]\s*)re");
  static const re2::RE2 entry(R"(\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*?)\s*)");
  std::vector<Submodule> out;
  int number = 0;
  for (auto line : util::split_lines(text)) {
    ++number;
    const auto trimmed = util::trim(line);
    if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') {
      continue;
    }
    std::string name;
    std::string key;
    std::string value;
    if (re2::RE2::FullMatch(line, section, &name)) {
      out.push_back({name, {}, {}, number});
    } else if (!out.empty() && re2::RE2::FullMatch(line, entry, &key, &value)) {
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      if (util::iequals(key, "path")) {
        out.back().path = value;
      } else if (util::iequals(key, "url")) {
        out.back().url = value;
      }
    }
  }
  return out;
}

Discovery
discover(const git::Repository& repo, const std::string& commit, const policy::Soup& settings)
{
  Discovery out;
  // One walk over the whole tree: gitlinks, manifest files and the vendored directories'
  // files all come from it.
  std::vector<git::TreeEntry> entries;
  repo.for_each_entry(commit, {}, [&](const git::TreeEntry& entry) {
    if (!under_any(settings.ignore, entry.path)) {
      entries.push_back(entry);
    }
  });
  std::sort(
      entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path < b.path; });

  // Vendored directories first: manifests inside them belong to the vendored code's own
  // build and are not read.
  const auto vendored = find_vendored(repo, entries, settings, out.components, out.problems);

  // Submodules: every gitlink, with its name and URL when .gitmodules declares it.
  std::map<std::string, Submodule> declared;
  if (const auto gitmodules = repo.read_file_at(commit, ".gitmodules")) {
    for (auto& s : parse_gitmodules(*gitmodules)) {
      if (!s.path.empty()) {
        declared[s.path] = s;
      }
    }
  }
  for (const auto& entry : entries) {
    if (entry.type == git::TreeEntry::Type::gitlink) {
      Component c;
      c.ecosystem = "submodule";
      c.name = entry.path;
      c.version = entry.id;
      c.path = entry.path;
      c.digest = entry.id;
      c.where = {".gitmodules", 0, 0};
      if (const auto found = declared.find(entry.path); found != declared.end()) {
        c.name = found->second.name;
        c.url = found->second.url;
        c.where.line = found->second.line;
      } else {
        c.where = {entry.path, 0, 0}; // a gitlink .gitmodules does not declare
      }
      c.purl = purl_of_url(c.url, c.version);
      out.components.push_back(std::move(c));
      continue;
    }
    if (under_any(vendored, entry.path)) {
      continue;
    }
    const auto name = file_name(entry.path);
    for (const auto& format : k_formats) {
      if (format.matches(name)) {
        format.parse({entry.path, repo.read_blob(entry.id)}, out.components, out.problems);
        break;
      }
    }
  }
  std::stable_sort(out.components.begin(), out.components.end(), [](const auto& a, const auto& b) {
    return std::tie(a.where.file, a.where.line, a.name) <
           std::tie(b.where.file, b.where.line, b.name);
  });
  return out;
}

std::vector<Component> read_manifest(const std::string& path, const std::string& content)
{
  std::vector<Component> out;
  Problems problems;
  const auto name = file_name(path);
  for (const auto& format : k_formats) {
    if (format.matches(name)) {
      format.parse({path, content}, out, problems);
      break;
    }
  }
  return out;
}

} // namespace trail::soup
