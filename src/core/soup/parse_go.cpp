// go.sum: the hashes of the modules of the build (docs/soup.md, "Other ecosystems").
#include "core/soup/lock_text.hpp"
#include "core/soup/parsers.hpp"
#include "core/util/strings.hpp"

#include <exception>
#include <map>

namespace trail::soup {
namespace {

void read_go_sum(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  // Each line is "MODULE VERSION h1:HASH" (the module's files: its code is in the build) or
  // "MODULE VERSION/go.mod h1:HASH" (only its go.mod, read to choose versions). A module
  // version is a component when its files are hashed; a version named only by its go.mod was
  // considered and not built.
  std::map<std::string, size_t> index; // "module version" -> position in OUT
  int number = 0;
  for (const auto line : util::split_lines(file.content)) {
    ++number;
    const auto trimmed = util::trim(line);
    if (trimmed.empty()) {
      continue;
    }
    std::vector<std::string_view> fields;
    for (const auto field : util::split(trimmed, ' ')) {
      if (!util::trim(field).empty()) {
        fields.push_back(util::trim(field));
      }
    }
    if (fields.size() != 3 || !fields[2].starts_with("h1:")) {
      lock::report(problems, file.path, number, "not a go.sum line 'MODULE VERSION h1:HASH'");
      continue;
    }
    if (fields[1].ends_with("/go.mod")) {
      continue;
    }
    const std::string module(fields[0]);
    const std::string version(fields[1]);
    const auto key = module + " " + version;
    if (const auto found = index.find(key); found != index.end()) {
      if (out[found->second].digest != fields[2]) {
        lock::report(problems, file.path, number, "a second, different hash for " + key);
      }
      continue;
    }
    Component c;
    c.ecosystem = "go";
    c.name = module;
    c.version = version;
    c.digest = std::string(fields[2]);
    c.where = {file.path, number, 0};
    const auto slash = module.rfind('/');
    c.purl = slash == std::string::npos
                 ? make_purl("golang", "", module, version)
                 : make_purl("golang", module.substr(0, slash), module.substr(slash + 1), version);
    index[key] = out.size();
    out.push_back(std::move(c));
  }
}

} // namespace

void parse_go_sum(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  try {
    read_go_sum(file, out, problems);
  } catch (const std::exception& error) {
    lock::report(problems, file.path, 0, std::string("cannot read: ") + error.what());
  }
}

} // namespace trail::soup
