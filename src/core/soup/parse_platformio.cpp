// PlatformIO's platformio.ini (docs/soup.md, "C and C++ sources"): `lib_deps` of the [env] and
// [env:NAME] sections, with `${section.option}` references to other sections.

#include "core/soup/cpp_common.hpp"
#include "core/soup/parsers.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <map>
#include <set>

namespace trail::soup {
namespace {

struct ValueLine
{
  std::string text;
  int line;
};

struct Option
{
  std::vector<ValueLine> lines; // the value split at newlines (a multi-line value)
  int line = 0;                 // of the key
};

using Sections = std::map<std::string, std::map<std::string, Option>>;

// Removes an inline comment: "; ..." preceded by a blank.
std::string_view strip_inline(std::string_view s)
{
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == ';' && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
      return util::trim(s.substr(0, i));
    }
  }
  return util::trim(s);
}

bool read_ini(const ManifestFile& file,
              Sections& sections,
              std::vector<std::string>& order,
              Problems& problems)
{
  std::string section;
  Option* current = nullptr;
  int number = 0;
  for (auto raw : util::split_lines(file.content)) {
    ++number;
    const auto trimmed = util::trim(raw);
    if (trimmed.empty()) {
      continue;
    }
    if (trimmed.front() == ';' || trimmed.front() == '#') {
      continue;
    }
    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (indented && current != nullptr) {
      current->lines.push_back({std::string(strip_inline(trimmed)), number});
      continue;
    }
    current = nullptr;
    if (trimmed.front() == '[') {
      const auto close = trimmed.find(']');
      if (close == std::string_view::npos) {
        cpp::problem(problems, file, number, "unterminated section header");
        return false;
      }
      section = std::string(util::trim(trimmed.substr(1, close - 1)));
      if (sections.count(section) == 0) {
        order.push_back(section);
      }
      sections[section];
      continue;
    }
    const auto eq = trimmed.find_first_of("=:");
    if (eq == std::string_view::npos || section.empty()) {
      cpp::problem(problems,
                   file,
                   number,
                   section.empty() ? "an option outside any section" : "expected 'option = value'");
      return false;
    }
    const std::string key(util::trim(trimmed.substr(0, eq)));
    auto& option = sections[section][key] = Option{};
    option.line = number;
    if (const auto value = strip_inline(trimmed.substr(eq + 1)); !value.empty()) {
      option.lines.push_back({std::string(value), number});
    }
    current = &option;
  }
  return true;
}

// The dependencies of one lib_deps value: one per line, or per ", " on a line; `${s.o}` lines
// replaced by the lines of that option (DEPTH guards against a reference loop).
bool dependencies(const Sections& sections,
                  const Option& option,
                  const ManifestFile& file,
                  std::vector<ValueLine>& out,
                  Problems& problems,
                  int depth = 0)
{
  static const re2::RE2 k_reference(R"(\$\{([^.}]+)\.([^}]+)\})");
  for (const auto& value : option.lines) {
    std::string section;
    std::string key;
    if (re2::RE2::FullMatch(value.text, k_reference, &section, &key)) {
      const auto s = sections.find(section);
      const auto o = s == sections.end() ? nullptr : &s->second;
      const auto found = o ? o->find(key) : std::map<std::string, Option>::const_iterator();
      if (o == nullptr || found == o->end() || depth > 8) {
        cpp::problem(problems,
                     file,
                     value.line,
                     depth > 8 ? "references nest too deep" : value.text + " names no option");
        return false;
      }
      if (!dependencies(sections, found->second, file, out, problems, depth + 1)) {
        return false;
      }
      continue;
    }
    if (value.text.find("${") != std::string::npos) {
      cpp::problem(problems,
                   file,
                   value.line,
                   "'" + value.text + "': a reference inside a value is not read");
      return false;
    }
    // PlatformIO also accepts several dependencies on one line separated by ", ".
    size_t start = 0;
    while (start <= value.text.size()) {
      const auto comma = value.text.find(", ", start);
      const auto part = util::trim(
          std::string_view(value.text)
              .substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!part.empty()) {
        out.push_back({std::string(part), value.line});
      }
      if (comma == std::string::npos) {
        break;
      }
      start = comma + 2;
    }
  }
  return true;
}

bool exact(std::string_view version)
{
  static const re2::RE2 k_exact(R"(\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?)");
  return re2::RE2::FullMatch(version, k_exact);
}

void add_dependency(const ValueLine& dep, const ManifestFile& file, std::vector<Component>& out)
{
  std::string spec = dep.text;
  if (spec.starts_with("symlink://") || spec.starts_with("file://")) {
    return; // local code: in the tree, or outside it (nothing to pin)
  }
  Component c;
  c.ecosystem = "platformio";
  c.where = {file.path, dep.line, 0};
  // NAME=URL names a dependency fetched from a URL.
  std::string given_name;
  static const re2::RE2 k_named(R"(([A-Za-z0-9_.-]+)\s*=\s*(\S.*))");
  std::string rest;
  if (re2::RE2::FullMatch(spec, k_named, &given_name, &rest) &&
      rest.find("://") != std::string::npos) {
    spec = rest;
  } else {
    given_name.clear();
  }
  if (spec.find("://") != std::string::npos || spec.starts_with("git@")) {
    std::string url = spec;
    std::string ref;
    if (const auto hash = url.find('#'); hash != std::string::npos) {
      ref = url.substr(hash + 1);
      url = url.substr(0, hash);
    }
    if (url.starts_with("git+")) {
      url = url.substr(4);
    }
    c.url = url;
    const auto archive_version = cpp::version_of_archive(url);
    std::string name = url;
    while (!name.empty() && name.back() == '/') {
      name.pop_back();
    }
    name = name.substr(name.find_last_of("/:") + 1);
    if (name.ends_with(".git")) {
      name.resize(name.size() - 4);
    }
    c.name = given_name.empty() ? name : given_name;
    if (!archive_version.empty() && ref.empty()) {
      c.version = archive_version;
      c.mutable_pin = true; // nothing fixes what the URL serves
      c.purl = make_purl("generic", "", c.name, c.version);
    } else {
      c.version = ref;
      c.mutable_pin = cpp::ref_can_move(ref);
      if (is_commit_id(ref)) {
        c.digest = ref;
      }
      c.purl = purl_of_url(url, ref);
    }
    out.push_back(std::move(c));
    return;
  }
  // [OWNER/]NAME[@VERSION]: the PlatformIO registry.
  std::string owner;
  std::string name = spec;
  std::string version;
  if (const auto at = name.find('@'); at != std::string::npos) {
    version = std::string(util::trim(std::string_view(name).substr(at + 1)));
    name = std::string(util::trim(std::string_view(name).substr(0, at)));
  }
  if (const auto slash = name.find('/'); slash != std::string::npos) {
    owner = name.substr(0, slash);
    name = name.substr(slash + 1);
  }
  c.name = owner.empty() ? name : owner + "/" + name;
  c.version = version;
  c.mutable_pin = !exact(version);
  c.purl = make_purl("generic", owner, name, c.mutable_pin ? std::string() : version);
  out.push_back(std::move(c));
}

} // namespace

void parse_platformio(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  Sections sections;
  std::vector<std::string> order;
  std::set<std::pair<int, std::string>> seen; // a [common] value several envs reference
  if (!read_ini(file, sections, order, problems)) {
    return;
  }
  for (const auto& name : order) {
    if (name != "env" && !name.starts_with("env:")) {
      continue;
    }
    const auto& options = sections.at(name);
    const auto lib_deps = options.find("lib_deps");
    if (lib_deps == options.end()) {
      continue;
    }
    std::vector<ValueLine> deps;
    if (!dependencies(sections, lib_deps->second, file, deps, problems)) {
      continue;
    }
    for (const auto& dep : deps) {
      if (seen.emplace(dep.line, dep.text).second) {
        add_dependency(dep, file, out);
      }
    }
  }
}

} // namespace trail::soup
