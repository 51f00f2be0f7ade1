// vcpkg.json (docs/soup.md, "C and C++ sources"): dependencies, overrides and the baseline.

#include "core/soup/cpp_common.hpp"
#include "core/soup/parsers.hpp"

#include <map>

namespace trail::soup {
namespace {

using Json = nlohmann::ordered_json;

// The exact version an override or a version constraint names: "version", "version-semver",
// "version-date" or "version-string", with "#PORT" when a port-version is given.
std::string exact_version(const Json& entry, const char* suffix = "")
{
  for (const char* key : {"version", "version-semver", "version-date", "version-string"}) {
    const auto full = std::string(key) + suffix;
    if (const auto it = entry.find(full); it != entry.end() && it->is_string()) {
      std::string out = it->get<std::string>();
      if (const auto port = entry.find("port-version"); *suffix == '\0' && port != entry.end() &&
                                                        port->is_number_integer() &&
                                                        port->get<long long>() > 0) {
        out += "#" + std::to_string(port->get<long long>());
      }
      return out;
    }
  }
  return {};
}

// The baseline: `builtin-baseline`, else the default registry's baseline of an embedded
// `vcpkg-configuration`.
std::string baseline_of(const Json& root)
{
  if (const auto it = root.find("builtin-baseline"); it != root.end() && it->is_string()) {
    return it->get<std::string>();
  }
  if (const auto config = root.find("vcpkg-configuration");
      config != root.end() && config->is_object()) {
    if (const auto registry = config->find("default-registry");
        registry != config->end() && registry->is_object()) {
      if (const auto b = registry->find("baseline"); b != registry->end() && b->is_string()) {
        return b->get<std::string>();
      }
    }
  }
  return {};
}

} // namespace

void parse_vcpkg(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  const auto root = cpp::parse_json(file, problems);
  if (root.is_discarded()) {
    return;
  }
  const std::string_view text = file.content;
  if (!root.is_object()) {
    cpp::problem(problems, file, 1, "a vcpkg manifest is a JSON object");
    return;
  }
  const auto baseline = baseline_of(root);

  // Overrides: the exact version that wins.
  struct Override
  {
    std::string version;
    int line = 0;
    bool used = false;
  };
  std::map<std::string, Override> overrides;
  std::vector<std::string> override_order;
  if (const auto it = root.find("overrides"); it != root.end()) {
    size_t cursor = 0;
    cpp::next_string_line(text, "overrides", cursor);
    if (!it->is_array()) {
      cpp::problem(problems, file, cpp::line_at(text, cursor), "\"overrides\" is not an array");
    } else {
      for (const auto& entry : *it) {
        const auto name = entry.is_object() && entry.contains("name") && entry["name"].is_string()
                              ? entry["name"].get<std::string>()
                              : std::string();
        size_t at = cursor;
        const int line = name.empty() ? 0 : cpp::next_string_line(text, name, at);
        const auto version = name.empty() ? std::string() : exact_version(entry);
        if (name.empty() || version.empty()) {
          cpp::problem(problems,
                       file,
                       line > 0 ? line : cpp::line_at(text, cursor),
                       "an override needs a \"name\" and a \"version\"");
          continue;
        }
        cursor = at;
        if (overrides.emplace(name, Override{version, line, false}).second) {
          override_order.push_back(name);
        }
      }
    }
  }

  size_t cursor = 0;
  if (const auto it = root.find("dependencies"); it != root.end()) {
    cpp::next_string_line(text, "dependencies", cursor);
    if (!it->is_array()) {
      cpp::problem(problems, file, cpp::line_at(text, cursor), "\"dependencies\" is not an array");
    } else {
      for (const auto& entry : *it) {
        std::string name;
        std::string minimum;
        bool host = false;
        if (entry.is_string()) {
          name = entry.get<std::string>();
        } else if (entry.is_object() && entry.contains("name") && entry["name"].is_string()) {
          name = entry["name"].get<std::string>();
          minimum = exact_version(entry, ">=");
          host = entry.contains("host") && entry["host"].is_boolean() && entry["host"].get<bool>();
        }
        size_t at = cursor;
        const int line = name.empty() ? 0 : cpp::next_string_line(text, name, at);
        if (name.empty()) {
          cpp::problem(problems,
                       file,
                       cpp::line_at(text, cursor),
                       "a dependency is a port name or an object with a \"name\"");
          continue;
        }
        cursor = at;
        Component c;
        c.ecosystem = "vcpkg";
        c.name = name;
        c.where = {file.path, line, 0};
        c.development = host;
        std::string qualifiers;
        if (const auto o = overrides.find(name); o != overrides.end()) {
          c.version = o->second.version;
          o->second.used = true;
        } else if (!baseline.empty()) {
          // The registry's version at the baseline commit (at least MINIMUM): fixed, but only
          // the registry knows which it is.
          c.version = "baseline " + baseline + (minimum.empty() ? "" : " >= " + minimum);
          qualifiers = "?baseline=" + baseline;
        } else {
          c.version = minimum.empty() ? std::string() : ">= " + minimum;
          c.mutable_pin = true;
        }
        const bool exact = overrides.count(name) > 0;
        c.purl = make_purl("vcpkg", "", name, exact ? c.version : std::string()) + qualifiers;
        out.push_back(std::move(c));
      }
    }
  }
  // An override of a port no dependency names pins a dependency of a dependency.
  for (const auto& name : override_order) {
    const auto& o = overrides.at(name);
    if (!o.used) {
      Component c;
      c.ecosystem = "vcpkg";
      c.name = name;
      c.version = o.version;
      c.where = {file.path, o.line, 0};
      c.purl = make_purl("vcpkg", "", name, o.version);
      out.push_back(std::move(c));
    }
  }
}

} // namespace trail::soup
