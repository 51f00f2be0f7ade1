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

// Where vcpkg takes a port from: the registry whose `packages` name it (an exact name wins over
// the longest "prefix*" pattern), else the default registry.
struct Registries
{
  struct Registry
  {
    std::string baseline;
    std::string repository; // a git registry's URL
    std::vector<std::string> packages;
  };
  std::string default_baseline;
  std::vector<Registry> named;

  // The registry for PORT, or null for the default one.
  const Registry* for_port(const std::string& port) const
  {
    const Registry* best = nullptr;
    size_t best_length = 0;
    for (const auto& r : named) {
      for (const auto& pattern : r.packages) {
        if (pattern == port) {
          return &r;
        }
        if (!pattern.empty() && pattern.back() == '*' &&
            port.starts_with(std::string_view(pattern).substr(0, pattern.size() - 1)) &&
            pattern.size() > best_length) {
          best = &r;
          best_length = pattern.size();
        }
      }
    }
    return best;
  }
};

// Reads a vcpkg configuration object (embedded in vcpkg.json or vcpkg-configuration.json).
void read_configuration(const Json& config, Registries& out)
{
  if (const auto* registry = cpp::member(config, "default-registry")) {
    out.default_baseline = cpp::string_member(*registry, "baseline");
  }
  if (const auto* list = cpp::member(config, "registries"); list && list->is_array()) {
    for (const auto& r : *list) {
      Registries::Registry one{
          cpp::string_member(r, "baseline"), cpp::string_member(r, "repository"), {}};
      if (const auto* packages = cpp::member(r, "packages"); packages && packages->is_array()) {
        for (const auto& p : *packages) {
          if (p.is_string()) {
            one.packages.push_back(p.get<std::string>());
          }
        }
      }
      out.named.push_back(std::move(one));
    }
  }
}

// The registries: `builtin-baseline` for the default one when given, the configuration
// (embedded `vcpkg-configuration`, else the vcpkg-configuration.json beside the manifest) for
// the rest. Both an embedded configuration and a file is an error, as it is to vcpkg.
Registries registries_of(const Json& root, const ManifestFile& file, Problems& problems)
{
  Registries out;
  const auto* embedded = cpp::member(root, "vcpkg-configuration");
  if (embedded != nullptr) {
    read_configuration(*embedded, out);
    if (file.companion != nullptr) {
      cpp::problem(problems,
                   file,
                   cpp::line_at(file.content, file.content.find("\"vcpkg-configuration\"")),
                   "the manifest embeds \"vcpkg-configuration\" and " + file.companion->path +
                       " exists too: vcpkg refuses both, so which registries apply is unknown");
    }
  } else if (file.companion != nullptr) {
    const auto config = cpp::parse_json(*file.companion, problems);
    if (!config.is_discarded()) {
      if (!config.is_object()) {
        cpp::problem(problems, *file.companion, 1, "a vcpkg configuration is a JSON object");
      } else {
        read_configuration(config, out);
      }
    }
  }
  if (auto b = cpp::string_member(root, "builtin-baseline"); !b.empty()) {
    out.default_baseline = b;
  }
  return out;
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
  const auto registries = registries_of(root, file, problems);

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
        const auto* registry = registries.for_port(name);
        const std::string& baseline = registry ? registry->baseline : registries.default_baseline;
        if (registry != nullptr) {
          c.url = registry->repository;
        }
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
