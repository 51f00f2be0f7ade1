// Unit tests: soup::compare_versions and soup::diff_components (`git trail soup diff`).
// verifies: GT-34
#include "core/soup/diff.hpp"
#include "core/soup/version.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using trail::soup::compare_versions;
using trail::soup::Component;
using trail::soup::ComponentChange;
using trail::soup::diff_components;
using trail::soup::kind_name;

TEST_CASE("soup version order: numbers, a leading v, pre-releases, trailing zeros")
{
  CHECK(compare_versions("1.2.10", "1.2.9") == 1);
  CHECK(compare_versions("1.2.9", "1.2.10") == -1);
  CHECK(compare_versions("v10.6.0", "10.6.0") == 0);
  CHECK(compare_versions("1.0", "1.0.0") == 0);
  CHECK(compare_versions("1.0.1", "1.0") == 1);
  CHECK(compare_versions("1.0.0-rc1", "1.0.0") == -1);
  CHECK(compare_versions("1.0.0", "1.0.0-rc1") == 1);
  CHECK(compare_versions("1.0.0-alpha", "1.0.0-beta") == -1);
  CHECK(compare_versions("1.0.0rc2", "1.0.0rc10") == -1);
  CHECK(compare_versions("2.0.post1", "2.0") == 1);
  CHECK(compare_versions("1.2.3+build.7", "1.2.3") == 0);
  CHECK(compare_versions("010.2", "10.2") == 0);
  CHECK(compare_versions("2024.01.15", "2023.12.31") == 1);
}

TEST_CASE("soup version order: what cannot be ordered says so")
{
  CHECK_FALSE(compare_versions("0123456789abcdef0123456789abcdef01234567", "1.2.3").has_value());
  CHECK_FALSE(compare_versions("3426db05b996", "5c0f5d3e8a1b").has_value());
  CHECK_FALSE(compare_versions("main", "develop").has_value());
  CHECK_FALSE(compare_versions("", "1.0").has_value());
  CHECK(compare_versions("", "") == 0);
}

namespace {

Component component(std::string ecosystem,
                    std::string name,
                    std::string version,
                    std::string file,
                    int line,
                    std::string digest = "")
{
  Component c;
  c.ecosystem = std::move(ecosystem);
  c.name = std::move(name);
  c.version = std::move(version);
  c.where = {std::move(file), line, 0};
  c.digest = std::move(digest);
  return c;
}

std::string text_of(const std::vector<ComponentChange>& changes)
{
  std::string out;
  for (const auto& c : changes) {
    const Component& any = c.after ? *c.after : *c.before;
    out += std::string(kind_name(c.kind)) + " " + any.ecosystem + " " + any.name + " " +
           (c.before ? c.before->version : "-") + " -> " + (c.after ? c.after->version : "-") +
           "\n";
  }
  return out;
}

} // namespace

TEST_CASE(
    "soup diff: added, removed, upgraded, downgraded, changed, re-pinned; moves are no change")
{
  const std::vector<Component> before = {
      component("cmake", "fmt", "10.1.0", "CMakeLists.txt", 4),
      component("cmake", "json", "3.11.3", "CMakeLists.txt", 9),
      component("vendored", "zlib", "1.3.1", "third_party/zlib/zlib.h", 40, "sha256:aaa"),
      component("npm", "left-pad", "1.3.0", "package-lock.json", 12),
      component(
          "submodule", "mbedtls", "1111111111111111111111111111111111111aaa", ".gitmodules", 1),
      component("pypi", "requests", "2.31.0", "requirements.txt", 1),
      component("cargo", "serde", "1.0.197", "Cargo.lock", 5),
  };
  const std::vector<Component> after = {
      component("cmake", "fmt", "10.2.1", "CMakeLists.txt", 6),   // upgraded, and moved
      component("cmake", "json", "3.11.3", "CMakeLists.txt", 12), // only moved
      component("vendored", "zlib", "1.3.1", "third_party/zlib/zlib.h", 40, "sha256:bbb"),
      component(
          "submodule", "mbedtls", "2222222222222222222222222222222222222bbb", ".gitmodules", 1),
      component("pypi", "requests", "2.28.0", "requirements.txt", 1),
      component("cargo", "serde", "1.0.197", "Cargo.lock", 5),
      component("go", "golang.org/x/net", "v0.21.0", "go.sum", 1),
  };
  CHECK(text_of(diff_components(before, after)) ==
        "upgraded cmake fmt 10.1.0 -> 10.2.1\n"
        "added go golang.org/x/net - -> v0.21.0\n"
        "removed npm left-pad 1.3.0 -> -\n"
        "downgraded pypi requests 2.31.0 -> 2.28.0\n"
        "changed submodule mbedtls 1111111111111111111111111111111111111aaa -> "
        "2222222222222222222222222222222222222bbb\n"
        "re-pinned vendored zlib 1.3.1 -> 1.3.1\n");
}

TEST_CASE("soup diff: one package twice in a file pairs equal versions first")
{
  const std::vector<Component> before = {
      component("npm", "debug", "2.6.9", "package-lock.json", 10),
      component("npm", "debug", "4.3.4", "package-lock.json", 30),
  };
  const std::vector<Component> after = {
      component("npm", "debug", "4.3.4", "package-lock.json", 10),
      component("npm", "debug", "2.6.9", "package-lock.json", 31),
      component("npm", "debug", "4.3.5", "package-lock.json", 50),
  };
  CHECK(text_of(diff_components(before, after)) == "added npm debug - -> 4.3.5\n");
  // The same component in another file is another component.
  const std::vector<Component> other = {
      component("npm", "debug", "2.6.9", "web/package-lock.json", 10)};
  CHECK(text_of(diff_components({before[0]}, other)) ==
        "removed npm debug 2.6.9 -> -\nadded npm debug - -> 2.6.9\n");
}
