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
    std::string out = cpp::string_member(entry, std::string(key) + suffix);
    if (out.empty()) {
      continue;
    }
    if (const auto* port = cpp::member(entry, "port-version");
        *suffix == '\0' && port != nullptr && port->is_number_integer()) {
      if (const auto n = port->get<long long>(); n > 0) {
        out += "#" + std::to_string(n);
      }
    }
    return out;
  }
  return {};
}

// The baseline: `builtin-baseline`, else the default registry's baseline of an embedded
// `vcpkg-configuration`.
std::string baseline_of(const Json& root)
{
  if (auto b = cpp::string_member(root, "builtin-baseline"); !b.empty()) {
    return b;
  }
  if (const auto* config = cpp::member(root, "vcpkg-configuration")) {
    if (const auto* registry = cpp::member(*config, "default-registry")) {
      return cpp::string_member(*registry, "baseline");
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
  if (const auto* it = cpp::member(root, "overrides")) {
    size_t cursor = 0;
    cpp::next_string_line(text, "overrides", cursor);
    if (!it->is_array()) {
      cpp::problem(problems, file, cpp::line_at(text, cursor), "\"overrides\" is not an array");
    } else {
      for (const auto& entry : *it) {
        const auto name = cpp::string_member(entry, "name");
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
  if (const auto* it = cpp::member(root, "dependencies")) {
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
        } else if (entry.is_object()) {
          name = cpp::string_member(entry, "name");
          minimum = exact_version(entry, ">=");
          const auto* h = cpp::member(entry, "host");
          host = h != nullptr && h->is_boolean() && h->get<bool>();
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
