#include "core/soup/discover.hpp"

#include "core/soup/parsers.hpp"
#include "core/soup/vendored.hpp"
#include "core/util/glob.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
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

// A file named NAME.EXT.cmake (config.h.cmake, version.hpp.cmake) is a template for
// configure_file, not CMake code.
bool is_cmake_script(std::string_view n)
{
  if (n == "CMakeLists.txt") {
    return true;
  }
  if (!ends_with(n, ".cmake")) {
    return false;
  }
  const auto stem = n.substr(0, n.size() - 6);
  const auto dot = stem.rfind('.');
  static constexpr std::string_view k_templates[] = {
      "h", "hh", "hpp", "hxx", "c", "cc", "cpp", "cxx", "in", "txt", "pc", "json", "xml", "rc"};
  return dot == std::string_view::npos ||
         std::find(std::begin(k_templates), std::end(k_templates), stem.substr(dot + 1)) ==
             std::end(k_templates);
}

const Format k_formats[] = {
    {is_cmake_script, parse_cmake},
    {[](std::string_view n) { return n == "vcpkg.json"; }, parse_vcpkg},
    {[](std::string_view n) { return n == "conanfile.txt"; }, parse_conanfile_txt},
    {[](std::string_view n) { return n == "conanfile.py"; }, parse_conanfile_py},
    {[](std::string_view n) { return n == "conan.lock"; }, parse_conan_lock},
    {[](std::string_view n) { return n == "west.yml" || n == "west-resolved.yml"; }, parse_west},
    {[](std::string_view n) { return n == "platformio.ini"; }, parse_platformio},
    {[](std::string_view n) { return n == "package-lock.json"; }, parse_package_lock},
    {[](std::string_view n) { return n == "Cargo.lock"; }, parse_cargo_lock},
    {[](std::string_view n) { return n == "go.sum"; }, parse_go_sum},
    {[](std::string_view n) {
       return n.find("requirements") != std::string_view::npos && ends_with(n, ".txt");
     },
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
        std::string content = repo.read_blob(entry.id);
        // A UTF-8 byte order mark, as editors on Windows write it, is not part of the text.
        if (content.starts_with("\xEF\xBB\xBF")) {
          content.erase(0, 3);
        }
        const size_t before = out.problems.size();
        ManifestFile file{entry.path, std::move(content)};
        // The file read with it (vcpkg-configuration.json, west-resolved.yml), if any.
        std::optional<ManifestFile> companion_file;
        if (const auto sibling = companion_of(entry.path); !sibling.empty()) {
          const auto at = std::lower_bound(
              entries.begin(), entries.end(), sibling, [](const auto& e, const std::string& p) {
                return e.path < p;
              });
          if (at != entries.end() && at->path == sibling &&
              (at->type == git::TreeEntry::Type::file ||
               at->type == git::TreeEntry::Type::executable)) {
            companion_file = ManifestFile{sibling, repo.read_blob(at->id)};
            if (companion_file->content.starts_with("\xEF\xBB\xBF")) {
              companion_file->content.erase(0, 3);
            }
            file.companion = &*companion_file;
          }
        }
        format.parse(file, out.components, out.problems);
        // Problems quote the file: keep the report valid UTF-8 whatever bytes it holds.
        for (size_t i = before; i < out.problems.size(); ++i) {
          out.problems[i] = util::sanitize_utf8(out.problems[i]);
        }
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

std::string companion_of(std::string_view path)
{
  const auto name = file_name(path);
  const auto folder = std::string(path.substr(0, path.size() - name.size()));
  if (name == "vcpkg.json") {
    return folder + "vcpkg-configuration.json";
  }
  if (name == "west.yml") {
    return folder + "west-resolved.yml";
  }
  return {};
}

std::vector<Component> read_manifest(const std::string& path,
                                     const std::string& content,
                                     const std::optional<std::string>& companion)
{
  std::vector<Component> out;
  Problems problems;
  const auto name = file_name(path);
  ManifestFile companion_file;
  ManifestFile file{path, content};
  if (companion) {
    companion_file = {companion_of(path), *companion};
    file.companion = &companion_file;
  }
  for (const auto& format : k_formats) {
    if (format.matches(name)) {
      format.parse(file, out, problems);
      break;
    }
  }
  return out;
}

} // namespace trail::soup
