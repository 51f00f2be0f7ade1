// Python: requirements*.txt (pip), poetry.lock and uv.lock (docs/soup.md, "Other ecosystems").
#include "core/soup/lock_text.hpp"
#include "core/soup/parsers.hpp"
#include "core/util/strings.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <set>

namespace trail::soup {
namespace {

std::string_view file_name(std::string_view path)
{
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

// --- requirements*.txt --------------------------------------------------------------------

// True when the file's name marks it as needed only to develop or test: one of the words of
// its name before ".txt" (split at '-', '_' and '.'; "requirements-dev.txt",
// "test-requirements.txt") is in this list.
bool development_file(std::string_view path)
{
  static const std::set<std::string, std::less<>> k_words = {"dev",
                                                             "devel",
                                                             "develop",
                                                             "development",
                                                             "test",
                                                             "tests",
                                                             "testing",
                                                             "lint",
                                                             "doc",
                                                             "docs",
                                                             "ci",
                                                             "typing"};
  auto name = file_name(path);
  if (name.find("requirements") == std::string_view::npos || !name.ends_with(".txt")) {
    return false;
  }
  name = name.substr(0, name.size() - 4);
  std::string word;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '-' || name[i] == '_' || name[i] == '.') {
      if (k_words.contains(lock::pep503(word))) {
        return true;
      }
      word.clear();
    } else {
      word += name[i];
    }
  }
  return false;
}

// One logical line of a requirements file: continuation lines joined, its first line's number.
struct Logical
{
  std::string text;
  int line = 0;
};

std::vector<Logical> logical_lines(std::string_view content)
{
  std::vector<Logical> out;
  int number = 0;
  bool continued = false;
  for (const auto physical : util::split_lines(content)) {
    ++number;
    auto text = util::trim_right(physical);
    if (!continued) {
      out.push_back({{}, number});
    }
    continued = text.ends_with('\\');
    if (continued) {
      text.remove_suffix(1);
    }
    out.back().text += std::string(text);
    if (continued) {
      out.back().text += ' ';
    }
  }
  return out;
}

// Cuts a comment: '#' at the start or after whitespace ("#egg=" in a URL stays).
std::string_view strip_comment(std::string_view text)
{
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#' && (i == 0 || is_space(text[i - 1]))) {
      return util::trim(text.substr(0, i));
    }
  }
  return util::trim(text);
}

class RequirementsReader
{
public:
  RequirementsReader(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
      : m_file(file), m_out(out), m_problems(problems), m_development(development_file(file.path))
  {
  }
  void read();

private:
  void report(int line, std::string_view what)
  {
    lock::report(m_problems, m_file.path, line, what);
  }
  void option(std::string_view text, int line);
  // A requirement given by URL: NAME (empty: from #egg=), the URL, the hashes of --hash.
  void url_requirement(std::string name,
                       std::string_view url,
                       std::vector<std::string> hashes,
                       int line);
  void requirement(std::string_view text, int line);
  Component start(const std::string& name, int line) const
  {
    Component c;
    c.ecosystem = "pypi";
    c.name = name;
    c.where = {m_file.path, line, 0};
    c.development = m_development;
    return c;
  }

  const ManifestFile& m_file;
  std::vector<Component>& m_out;
  Problems& m_problems;
  bool m_development;
};

// Splits "REQUIREMENT --hash=sha256:X --hash sha256:Y" into the requirement and its hashes;
// reports other per-requirement options it does not know.
std::string_view take_hashes(std::string_view text, std::vector<std::string>& hashes)
{
  size_t cut = std::string_view::npos;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (is_space(text[i - 1]) && text[i] == '-' && text[i + 1] == '-') {
      cut = i;
      break;
    }
  }
  if (cut == std::string_view::npos) {
    return text;
  }
  std::vector<std::string_view> words;
  for (const auto word : util::split(text.substr(cut), ' ')) {
    if (!util::trim(word).empty()) {
      words.push_back(util::trim(word));
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].starts_with("--hash=")) {
      hashes.emplace_back(words[i].substr(7));
    } else if (words[i] == "--hash" && i + 1 < words.size()) {
      hashes.emplace_back(words[++i]);
    }
  }
  return util::trim(text.substr(0, cut));
}

bool is_local_path(std::string_view target)
{
  return target.starts_with('.') || target.starts_with('/') || target.starts_with("file:") ||
         target.find("://") == std::string_view::npos;
}

void RequirementsReader::option(std::string_view text, int line)
{
  // "-r FILE", "--requirement=FILE", "-rFILE".
  std::string_view name = text;
  std::string_view value;
  if (const auto end = text.find_first_of(" \t="); end != std::string_view::npos) {
    name = text.substr(0, end);
    value = util::trim(text.substr(end + 1));
  } else if (text.size() > 2 && text[1] != '-') {
    name = text.substr(0, 2);
    value = util::trim(text.substr(2));
  }
  static const std::set<std::string_view> k_no_components = {"-i",
                                                             "--index-url",
                                                             "--extra-index-url",
                                                             "--no-index",
                                                             "-f",
                                                             "--find-links",
                                                             "--trusted-host",
                                                             "--no-binary",
                                                             "--only-binary",
                                                             "--prefer-binary",
                                                             "--pre",
                                                             "--require-hashes",
                                                             "--use-feature",
                                                             "-c",
                                                             "--constraint"};
  if (name == "-r" || name == "--requirement") {
    // Not followed: every *requirements*.txt of the tree is read by itself. A file of
    // another name would be missed: say so.
    const auto target = file_name(value);
    if (target.find("requirements") == std::string_view::npos || !target.ends_with(".txt")) {
      report(line,
             "'" + std::string(text) +
                 "' names a file git-trail does not read (only *requirements*.txt files are)");
    }
  } else if (name == "-e" || name == "--editable") {
    std::vector<std::string> hashes;
    const auto target = take_hashes(value, hashes);
    if (!is_local_path(target)) {
      url_requirement({}, target, hashes, line);
    } // else the project's own code, installed in place
  } else if (!k_no_components.contains(name)) {
    report(line, "unknown option '" + std::string(name) + "'");
  }
}

void RequirementsReader::url_requirement(std::string name,
                                         std::string_view url,
                                         std::vector<std::string> hashes,
                                         int line)
{
  std::string target(url);
  // The fragment: "#egg=NAME&subdirectory=DIR" or "#sha256=HEX".
  if (const auto hash = target.find('#'); hash != std::string::npos) {
    for (const auto part : util::split(std::string_view(target).substr(hash + 1), '&')) {
      if (part.starts_with("egg=") && name.empty()) {
        name = std::string(part.substr(4));
      } else if (part.starts_with("sha256=")) {
        hashes.push_back("sha256:" + std::string(part.substr(7)));
      }
    }
    target = target.substr(0, hash);
  }
  if (name.empty()) {
    report(line, "a URL requirement without a name: '" + std::string(url) + "' (add #egg=NAME)");
    return;
  }
  Component c = start(name, line);
  if (!hashes.empty()) {
    c.digest = hashes.front();
  }
  static const RE2 k_vcs(R"(^(git|hg|svn|bzr)\+(.*)$)");
  std::string scheme;
  std::string rest;
  if (RE2::FullMatch(target, k_vcs, &scheme, &rest)) {
    // VCS+URL@REF: the '@' after the host names the revision.
    const auto host = rest.find("://");
    const auto path = rest.find('/', host == std::string::npos ? 0 : host + 3);
    const auto at = rest.rfind('@');
    if (path != std::string::npos && at != std::string::npos && at > path) {
      c.version = rest.substr(at + 1);
      rest = rest.substr(0, at);
    }
    c.url = rest;
    c.mutable_pin = !is_commit_id(c.version);
    c.purl = purl_of_url(c.url, c.version);
  } else {
    // An archive's URL: its content is fixed only by a hash.
    c.url = target;
    c.mutable_pin = c.digest.empty();
    c.purl = make_purl("pypi", "", lock::pep503(c.name), "");
  }
  m_out.push_back(std::move(c));
}

void RequirementsReader::requirement(std::string_view text, int line)
{
  std::vector<std::string> hashes;
  text = take_hashes(text, hashes);
  // NAME[EXTRAS] @ URL ; MARKER
  static const RE2 k_url_form(
      R"(([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@\s*(\S+)\s*(?:;.*)?)");
  // NAME[EXTRAS] SPECIFIER ; MARKER (the specifier may be in parentheses)
  static const RE2 k_form(
      R"(([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*\(?\s*((?:[<>=!~][^;()]*)?)\)?\s*(?:;.*)?)");
  // A bare URL (VCS or archive) naming its package with #egg=NAME.
  static const RE2 k_bare_url(R"((?:(?:git|hg|svn|bzr)\+)?[A-Za-z][A-Za-z0-9+.-]*://\S+)");
  std::string name;
  std::string url;
  std::string specifier;
  if (RE2::FullMatch(text, k_bare_url)) {
    url_requirement({}, text, hashes, line);
    return;
  }
  if (RE2::FullMatch(text, k_url_form, &name, &url)) {
    if (is_local_path(url)) {
      return; // the project's own code
    }
    url_requirement(name, url, hashes, line);
    return;
  }
  if (!RE2::FullMatch(text, k_form, &name, &specifier)) {
    if (!text.starts_with('.') && !text.starts_with('/')) { // else a file or folder of the tree
      report(line, "not a requirement: '" + std::string(text) + "'");
    }
    return;
  }
  std::erase_if(specifier, is_space);
  static const RE2 k_pinned(R"(===?([^,*]+))");
  Component c = start(name, line);
  std::string version;
  if (RE2::FullMatch(specifier, k_pinned, &version)) {
    c.version = version;
    c.purl = make_purl("pypi", "", lock::pep503(name), version);
  } else {
    // A range, a wildcard or nothing: the version installed can change; the specifier is
    // kept as the version text.
    c.version = specifier;
    c.mutable_pin = true;
    c.purl = make_purl("pypi", "", lock::pep503(name), "");
  }
  if (!hashes.empty()) {
    c.digest = hashes.front();
  }
  m_out.push_back(std::move(c));
}

void RequirementsReader::read()
{
  for (const auto& logical : logical_lines(m_file.content)) {
    const auto text = strip_comment(logical.text);
    if (text.empty()) {
      continue;
    }
    if (text.starts_with('-')) {
      option(text, logical.line);
    } else {
      requirement(text, logical.line);
    }
  }
}

// --- poetry.lock and uv.lock --------------------------------------------------------------

std::vector<std::string> names_of(const toml::node* node)
{
  std::vector<std::string> out;
  if (node == nullptr) {
    return out;
  }
  if (const auto* table = node->as_table()) { // poetry: NAME = "SPECIFIER"
    for (const auto& [key, _] : *table) {
      out.emplace_back(key.str());
    }
  } else if (const auto* array = node->as_array()) { // uv: { name = "NAME", ... }
    for (const auto& item : *array) {
      if (const auto* entry = item.as_table()) {
        if (const auto* name = entry->get_as<std::string>("name")) {
          out.push_back(name->get());
        }
      }
    }
  }
  return out;
}

// The hash of a sdist (FILE ends in .tar.gz, .zip, .tar.bz2 or .tar.xz) when FILES has one,
// else of its first file; FILE_KEY names the key holding the file name or URL.
std::string pick_hash(const toml::array* files, std::string_view file_key)
{
  if (files == nullptr) {
    return {};
  }
  std::string first;
  for (const auto& item : *files) {
    const auto* entry = item.as_table();
    if (entry == nullptr) {
      continue;
    }
    const auto* file = entry->get_as<std::string>(file_key);
    const auto* hash = entry->get_as<std::string>("hash");
    if (hash == nullptr) {
      continue;
    }
    const std::string name = file == nullptr ? std::string() : file->get();
    for (const std::string_view tail : {".tar.gz", ".zip", ".tar.bz2", ".tar.xz"}) {
      if (name.ends_with(tail)) {
        return hash->get();
      }
    }
    if (first.empty()) {
      first = hash->get();
    }
  }
  return first;
}

const toml::array*
package_array(const ManifestFile& file, const toml::table& root, Problems& problems)
{
  const auto* node = root.get("package");
  if (node == nullptr) {
    return nullptr;
  }
  if (const auto* array = node->as_array()) {
    return array;
  }
  lock::report(problems, file.path, lock::line_of(*node), "'package' is not [[package]] tables");
  return nullptr;
}

// The pypi component of one [[package]] of a poetry or uv lock file: name, version and line;
// nullopt (and a problem) when it is not a table or has no name.
std::optional<Component> package_component(const ManifestFile& file,
                                           const toml::node& item,
                                           const toml::table* package,
                                           Problems& problems)
{
  if (package == nullptr) {
    lock::report(problems, file.path, lock::line_of(item), "a [[package]] is not a table");
    return std::nullopt;
  }
  Component c;
  c.ecosystem = "pypi";
  c.name = lock::text_at(*package, "name", file.path, problems);
  c.version = lock::text_at(*package, "version", file.path, problems);
  c.where = {file.path, lock::line_of(item), 0};
  if (c.name.empty()) {
    lock::report(problems, file.path, c.where.line, "a [[package]] without a name");
    return std::nullopt;
  }
  return c;
}

void read_poetry(const ManifestFile& file,
                 const toml::table& root,
                 std::vector<Component>& out,
                 Problems& problems)
{
  const auto* packages = package_array(file, root, problems);
  if (packages == nullptr) {
    return;
  }
  const auto* metadata_files = root.at_path("metadata.files").as_table(); // poetry 1.0, 1.1
  for (const auto& item : *packages) {
    const auto* package = item.as_table();
    auto named = package_component(file, item, package, problems);
    if (!named) {
      continue;
    }
    Component c = std::move(*named);
    // poetry 1.x: category = "dev"; newer: groups = ["dev", ...] without "main".
    if (lock::text_at(*package, "category", file.path, problems) == "dev") {
      c.development = true;
    }
    if (const auto* groups = package->get_as<toml::array>("groups")) {
      bool main = false;
      for (const auto& group : *groups) {
        main = main || group.value_or(std::string_view()) == "main";
      }
      c.development = !main;
    }
    const toml::array* files = package->get_as<toml::array>("files");
    if (files == nullptr && metadata_files != nullptr) {
      files = metadata_files->get_as<toml::array>(c.name);
    }
    c.digest = pick_hash(files, "file");
    c.purl = make_purl("pypi", "", lock::pep503(c.name), c.version);
    if (const auto* source = package->get_as<toml::table>("source")) {
      const auto type = lock::text_at(*source, "type", file.path, problems);
      const auto url = lock::text_at(*source, "url", file.path, problems);
      if (type == "directory") {
        continue; // a folder of the project's own tree
      }
      c.url = url;
      if (type == "git") {
        c.version = lock::text_at(*source, "resolved_reference", file.path, problems);
        c.mutable_pin = !is_commit_id(c.version);
        c.purl = purl_of_url(c.url, c.version);
      } else if (type == "file") {
        c.path = url; // an archive kept in the tree
        c.url.clear();
      }
    }
    c.depends_on = names_of(package->get("dependencies"));
    out.push_back(std::move(c));
  }
}

void read_uv(const ManifestFile& file,
             const toml::table& root,
             std::vector<Component>& out,
             Problems& problems)
{
  const auto* packages = package_array(file, root, problems);
  if (packages == nullptr) {
    return;
  }
  // Development: what only the projects' dev-dependencies reach (uv marks no package itself).
  std::map<std::string, std::vector<std::string>> depends;
  std::vector<std::string> main_roots;
  std::vector<std::string> dev_roots;
  std::vector<Component> found;
  for (const auto& item : *packages) {
    const auto* package = item.as_table();
    auto named = package_component(file, item, package, problems);
    if (!named) {
      continue;
    }
    Component c = std::move(*named);
    c.depends_on = names_of(package->get("dependencies"));
    auto& edges = depends[lock::pep503(c.name)];
    for (const auto& name : c.depends_on) {
      edges.push_back(lock::pep503(name));
    }
    if (const auto* optional = package->get_as<toml::table>("optional-dependencies")) {
      for (const auto& [_, list] : *optional) {
        for (const auto& name : names_of(&list)) {
          edges.push_back(lock::pep503(name));
        }
      }
    }
    const auto* source = package->get_as<toml::table>("source");
    if (source == nullptr) {
      lock::report(problems, file.path, c.where.line, "'" + c.name + "' has no source");
      continue;
    }
    if (source->contains("editable") || source->contains("virtual") ||
        source->contains("directory") || source->contains("path")) {
      // The project itself, a workspace member or a folder or file of the tree.
      for (const auto& name : edges) {
        main_roots.push_back(name);
      }
      if (const auto* dev = package->get_as<toml::table>("dev-dependencies")) {
        for (const auto& [_, list] : *dev) {
          for (const auto& name : names_of(&list)) {
            dev_roots.push_back(lock::pep503(name));
          }
        }
      }
      continue;
    }
    if (const auto* git = source->get_as<std::string>("git")) {
      auto [url, commit] = lock::split_git_source(git->get());
      c.url = std::move(url);
      c.version = std::move(commit);
      c.mutable_pin = !is_commit_id(c.version);
      c.purl = purl_of_url(c.url, c.version);
    } else {
      if (const auto* registry = source->get_as<std::string>("registry")) {
        c.url = registry->get();
      } else if (const auto* url = source->get_as<std::string>("url")) {
        c.url = url->get();
      }
      c.purl = make_purl("pypi", "", lock::pep503(c.name), c.version);
    }
    if (const auto* sdist = package->get_as<toml::table>("sdist")) {
      if (const auto* hash = sdist->get_as<std::string>("hash")) {
        c.digest = hash->get();
      }
    }
    if (c.digest.empty()) {
      c.digest = pick_hash(package->get_as<toml::array>("wheels"), "url");
    }
    found.push_back(std::move(c));
  }
  // Everything the projects' own dependencies reach is needed to run; what only their
  // dev-dependencies reach is development-only.
  const auto reach = [&](std::vector<std::string> todo) {
    std::set<std::string> seen;
    while (!todo.empty()) {
      auto name = std::move(todo.back());
      todo.pop_back();
      if (seen.insert(name).second) {
        for (const auto& next : depends[name]) {
          todo.push_back(next);
        }
      }
    }
    return seen;
  };
  const auto needed = reach(main_roots);
  const auto dev = reach(dev_roots);
  for (auto& c : found) {
    const auto name = lock::pep503(c.name);
    c.development = !needed.contains(name) && dev.contains(name);
    out.push_back(std::move(c));
  }
}

template<typename Read>
void read_toml_lock(const ManifestFile& file,
                    std::vector<Component>& out,
                    Problems& problems,
                    Read read)
{
  try {
    if (const auto root = lock::parse_toml(file, problems)) {
      read(file, *root, out, problems);
    }
  } catch (const std::exception& error) {
    lock::report(problems, file.path, 0, std::string("cannot read: ") + error.what());
  }
}

} // namespace

void parse_requirements(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  try {
    RequirementsReader(file, out, problems).read();
  } catch (const std::exception& error) {
    lock::report(problems, file.path, 0, std::string("cannot read: ") + error.what());
  }
}

void parse_poetry_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  read_toml_lock(file, out, problems, read_poetry);
}

void parse_uv_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  read_toml_lock(file, out, problems, read_uv);
}

} // namespace trail::soup
