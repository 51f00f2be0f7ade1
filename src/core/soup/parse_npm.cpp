// package-lock.json (npm 5 and later): lockfileVersion 1 nests "dependencies"; 2 and 3 list
// every installed folder under "packages" (docs/soup.md, "Other ecosystems").
#include "core/soup/lock_text.hpp"
#include "core/soup/parsers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <set>
#include <tuple>

namespace trail::soup {
namespace {

using nlohmann::json;

constexpr char k_sep = '\x1f';

class NpmReader
{
public:
  NpmReader(const ManifestFile& file, Problems& problems)
      : m_file(file), m_problems(problems), m_lines(lock::json_key_lines(file.content))
  {
  }

  void read(const json& root, std::vector<Component>& out);

private:
  int line(const std::string& key_path) const
  {
    const auto found = m_lines.find(key_path);
    return found == m_lines.end() ? 0 : found->second;
  }
  void report(const std::string& key_path, std::string_view what)
  {
    lock::report(m_problems, m_file.path, line(key_path), what);
  }
  // The string at KEY of ENTRY (at KEY_PATH); empty when absent, reported when not a string.
  std::string text(const json& entry, const char* key, const std::string& key_path);
  bool flag(const json& entry, const char* key) const
  {
    const auto found = entry.find(key);
    return found != entry.end() && found->is_boolean() && found->get<bool>();
  }
  std::vector<std::string> names(const json& entry, const char* key) const;
  // One installed package NAME described by ENTRY, found at KEY_PATH.
  // DEPENDS_KEY names the key listing what it depends on ("requires" in lockfileVersion 1).
  void add(const std::string& name,
           const json& entry,
           const std::string& key_path,
           const char* depends_key);
  void read_packages(const json& packages);
  void read_dependencies(const json& dependencies, const std::string& prefix);

  const ManifestFile& m_file;
  Problems& m_problems;
  std::map<std::string, int> m_lines;
  std::vector<Component> m_found;
};

std::string NpmReader::text(const json& entry, const char* key, const std::string& key_path)
{
  const auto found = entry.find(key);
  if (found == entry.end() || found->is_null()) {
    return {};
  }
  if (!found->is_string()) {
    report(key_path, "'" + std::string(key) + "' is not a string");
    return {};
  }
  return found->get<std::string>();
}

std::vector<std::string> NpmReader::names(const json& entry, const char* key) const
{
  std::vector<std::string> out;
  const auto found = entry.find(key);
  if (found != entry.end() && found->is_object()) {
    for (const auto& [name, _] : found->items()) {
      out.push_back(name);
    }
  }
  return out;
}

void NpmReader::add(const std::string& name,
                    const json& entry,
                    const std::string& key_path,
                    const char* depends_key)
{
  if (!entry.is_object()) {
    report(key_path, "the entry of '" + name + "' is not an object");
    return;
  }
  Component c;
  c.ecosystem = "npm";
  c.name = text(entry, "name", key_path);
  if (c.name.empty()) {
    c.name = name;
  }
  c.version = text(entry, "version", key_path);
  c.url = text(entry, "resolved", key_path);
  c.digest = text(entry, "integrity", key_path);
  c.development = flag(entry, "dev") || flag(entry, "devOptional");
  c.where = {m_file.path, line(key_path), 0};
  c.depends_on = names(entry, depends_key);
  for (auto& optional : names(entry, "optionalDependencies")) {
    c.depends_on.push_back(std::move(optional));
  }
  if (c.version.empty()) {
    c.mutable_pin = true;
  }
  // A git dependency: lockfileVersion 1 writes its URL and commit as the version, 2 and 3 as
  // `resolved`. The commit is what the lock fixes.
  const auto is_git = [](std::string_view text) {
    return text.starts_with("git+") || text.starts_with("github:") || text.starts_with("git://");
  };
  const std::string git = is_git(c.version) ? c.version : is_git(c.url) ? c.url : std::string();
  if (!git.empty()) {
    auto [url, commit] = lock::split_git_source(git);
    if (url.starts_with("github:")) {
      url = "https://github.com/" + url.substr(7);
    }
    c.url = url;
    c.version = commit;
    c.purl = purl_of_url(c.url, c.version);
    c.mutable_pin = !is_commit_id(commit);
  } else {
    // "@scope/name": the scope is the purl's namespace (percent-encoded by make_purl).
    const auto slash = c.name.find('/');
    const bool scoped = c.name.starts_with('@') && slash != std::string::npos;
    c.purl = make_purl("npm",
                       scoped ? std::string_view(c.name).substr(0, slash) : std::string_view(),
                       scoped ? std::string_view(c.name).substr(slash + 1) : c.name,
                       c.version);
  }
  m_found.push_back(std::move(c));
}

void NpmReader::read_packages(const json& packages)
{
  static constexpr std::string_view k_folder = "node_modules/";
  for (const auto& [key, entry] : packages.items()) {
    const std::string key_path = std::string("packages") + k_sep + key;
    // "" is the project itself; a folder outside node_modules is a workspace member's source.
    const auto folder = key.rfind(k_folder);
    if (folder == std::string::npos) {
      continue;
    }
    if (entry.is_object() && flag(entry, "link")) {
      continue; // a workspace member linked into node_modules: the project's own code
    }
    add(key.substr(folder + k_folder.size()), entry, key_path, "dependencies");
  }
}

void NpmReader::read_dependencies(const json& dependencies, const std::string& prefix)
{
  for (const auto& [name, entry] : dependencies.items()) {
    const std::string key_path = prefix + k_sep + name;
    if (entry.is_object()) {
      const auto version = entry.find("version");
      const bool local = version != entry.end() && version->is_string() &&
                         (version->get<std::string>().starts_with("file:") ||
                          version->get<std::string>().starts_with("link:"));
      if (local) {
        continue; // a folder of the project's own tree
      }
    }
    add(name, entry, key_path, "requires");
    if (entry.is_object()) {
      if (const auto nested = entry.find("dependencies");
          nested != entry.end() && nested->is_object()) {
        read_dependencies(*nested, key_path + k_sep + "dependencies");
      }
    }
  }
}

void NpmReader::read(const json& root, std::vector<Component>& out)
{
  if (!root.is_object()) {
    lock::report(m_problems, m_file.path, 1, "not a package-lock.json: the top is not an object");
    return;
  }
  const auto version = root.find("lockfileVersion");
  if (version != root.end() && (!version->is_number_integer() || version->get<long long>() < 1 ||
                                version->get<long long>() > 3)) {
    report("lockfileVersion",
           "lockfileVersion " + version->dump() + " is not one git-trail reads (1, 2 or 3)");
    return;
  }
  const auto packages = root.find("packages");
  const auto dependencies = root.find("dependencies");
  if (packages != root.end()) {
    if (!packages->is_object()) {
      report("packages", "'packages' is not an object");
      return;
    }
    read_packages(*packages);
  } else if (dependencies != root.end()) {
    if (!dependencies->is_object()) {
      report("dependencies", "'dependencies' is not an object");
      return;
    }
    read_dependencies(*dependencies, "dependencies");
  }
  // One component per name, version and integrity: npm may install the same package at
  // several paths (each path is kept when versions or integrity differ); the first line wins.
  std::stable_sort(m_found.begin(), m_found.end(), [](const auto& a, const auto& b) {
    return a.where.line < b.where.line;
  });
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (auto& c : m_found) {
    if (seen.emplace(c.name, c.version, c.digest).second) {
      out.push_back(std::move(c));
    }
  }
}

} // namespace

void parse_package_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  try {
    json root;
    try {
      root = json::parse(file.content);
    } catch (const json::parse_error& error) {
      // error.byte is 1-based: the byte after the last one read.
      // what(): "[json.exception.parse_error.101] parse error at line 3, column 5: WHAT".
      std::string what = error.what();
      if (const auto colon = what.find(": "); colon != std::string::npos) {
        what = what.substr(colon + 2);
      }
      lock::report(problems,
                   file.path,
                   lock::line_at(file.content, error.byte == 0 ? 0 : error.byte - 1),
                   "invalid JSON: " + what);
      return;
    }
    NpmReader(file, problems).read(root, out);
  } catch (const std::exception& error) {
    lock::report(problems, file.path, 0, std::string("cannot read: ") + error.what());
  }
}

} // namespace trail::soup
