// Cargo.lock: one [[package]] per crate of the build (docs/soup.md, "Other ecosystems").
#include "core/soup/lock_text.hpp"
#include "core/soup/parsers.hpp"

#include <exception>
#include <map>

namespace trail::soup {
namespace {

// The checksums of a version 1 lock file, kept apart in [metadata]:
// "checksum NAME VERSION (SOURCE)" = "HEX".
std::map<std::string, std::string> metadata_checksums(const toml::table& root)
{
  std::map<std::string, std::string> out;
  if (const auto* metadata = root.get_as<toml::table>("metadata")) {
    for (const auto& [key, value] : *metadata) {
      const std::string_view text = key.str();
      if (text.starts_with("checksum ") && value.is_string()) {
        out[std::string(text.substr(9))] = value.as_string()->get();
      }
    }
  }
  return out;
}

void read_cargo(const ManifestFile& file,
                const toml::table& root,
                std::vector<Component>& out,
                Problems& problems)
{
  const auto* node = root.get("package");
  if (node == nullptr) {
    return; // a workspace without dependencies
  }
  const auto* packages = node->as_array();
  if (packages == nullptr) {
    lock::report(problems, file.path, lock::line_of(*node), "'package' is not [[package]] tables");
    return;
  }
  const auto checksums = metadata_checksums(root);
  for (const auto& item : *packages) {
    const auto* package = item.as_table();
    if (package == nullptr) {
      lock::report(problems, file.path, lock::line_of(item), "a [[package]] is not a table");
      continue;
    }
    const int line = lock::line_of(item);
    Component c;
    c.ecosystem = "cargo";
    c.name = lock::text_at(*package, "name", file.path, problems);
    c.version = lock::text_at(*package, "version", file.path, problems);
    const auto source = lock::text_at(*package, "source", file.path, problems);
    if (c.name.empty()) {
      lock::report(problems, file.path, line, "a [[package]] without a name");
      continue;
    }
    if (source.empty()) {
      continue; // a crate of the workspace (or a path dependency): the project's own code
    }
    c.where = {file.path, line, 0};
    auto checksum = lock::text_at(*package, "checksum", file.path, problems);
    if (checksum.empty()) {
      if (const auto found = checksums.find(c.name + " " + c.version + " (" + source + ")");
          found != checksums.end()) {
        checksum = found->second;
      }
    }
    if (!checksum.empty()) {
      c.digest = "sha256:" + checksum;
    }
    if (source.starts_with("git+")) {
      // "git+URL?branch=main#COMMIT": the commit is what the lock fixes.
      auto [url, commit] = lock::split_git_source(source);
      c.url = std::move(url);
      c.version = std::move(commit);
      c.purl = purl_of_url(c.url, c.version);
      c.mutable_pin = c.version.empty();
    } else {
      // "registry+URL" or "sparse+URL": a registry (crates.io or the team's own).
      const auto plus = source.find('+');
      c.url = plus == std::string::npos ? source : source.substr(plus + 1);
      c.purl = make_purl("cargo", "", c.name, c.version);
    }
    if (const auto* dependencies = package->get_as<toml::array>("dependencies")) {
      // "name", "name version" or (version 1) "name version (source)".
      for (const auto& dependency : *dependencies) {
        if (const auto* text = dependency.as_string()) {
          const std::string& value = text->get();
          c.depends_on.push_back(value.substr(0, value.find(' ')));
        }
      }
    }
    out.push_back(std::move(c));
  }
}

} // namespace

void parse_cargo_lock(const ManifestFile& file, std::vector<Component>& out, Problems& problems)
{
  try {
    if (const auto root = lock::parse_toml(file, problems)) {
      read_cargo(file, *root, out, problems);
    }
  } catch (const std::exception& error) {
    lock::report(problems, file.path, 0, std::string("cannot read: ") + error.what());
  }
}

} // namespace trail::soup
