// The C and C++ manifest readers and vendored directories of SOUP discovery (docs/soup.md,
// verifies: GT-35
// "C and C++ sources"), on fixtures in each format's real shape.

#include "core/git/repository.hpp"
#include "core/soup/parsers.hpp"
#include "core/soup/vendored.hpp"
#include "core/util/digest.hpp"
#include "temp_repo.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using trail::soup::Component;
using trail::soup::ManifestFile;
using trail::soup::Problems;

namespace {

// One line per component: LINE NAME VERSION PURL [digest] [url] [flags].
std::string describe(const std::vector<Component>& list)
{
  std::string out;
  for (const auto& c : list) {
    out += std::to_string(c.where.line) + " " + c.ecosystem + " " + c.name + " " +
           (c.version.empty() ? "-" : c.version) + " " + (c.purl.empty() ? "-" : c.purl);
    if (!c.digest.empty()) {
      out += " digest=" + c.digest;
    }
    if (!c.url.empty()) {
      out += " url=" + c.url;
    }
    if (c.development) {
      out += " dev";
    }
    if (c.mutable_pin) {
      out += " moves";
    }
    if (c.where.file != "m") {
      out += " file=" + c.where.file;
    }
    out += "\n";
  }
  return out;
}

struct Result
{
  std::string components;
  std::string problems; // one per line
};

Result read(void (*parse)(const ManifestFile&, std::vector<Component>&, Problems&),
            const std::string& text)
{
  std::vector<Component> out;
  Problems problems;
  parse({"m", text}, out, problems);
  std::string lines;
  for (const auto& p : problems) {
    lines += p + "\n";
  }
  return {describe(out), lines};
}

} // namespace

TEST_CASE("cmake: FetchContent, ExternalProject and CPM in their real shapes")
{
  const auto r = read(trail::soup::parse_cmake, R"(cmake_minimum_required(VERSION 3.24)
project(pump_controller CXX)

include(FetchContent)

set(FMT_TAG 10.2.1)
#[[ A bracket comment is skipped:
FetchContent_Declare(ignored GIT_REPOSITORY https://example.com/x.git GIT_TAG v1)
]]
FetchContent_Declare(
  fmt
  GIT_REPOSITORY https://github.com/fmtlib/fmt.git
  GIT_TAG        ${FMT_TAG} # the release
)
fetchcontent_declare(googletest
  GIT_REPOSITORY "https://github.com/google/googletest.git"
  GIT_TAG f8d7d77c06936315286eb55f8de22cd23c188571)
FetchContent_Declare(zlib
  URL https://zlib.net/fossils/zlib-1.3.1.tar.gz
  URL_HASH SHA256=9A93B2B7DFDAC77CEBA5A558A580E74667DD6FEDE4585B91EEFB60F03B72DF23
)
FetchContent_Declare(json GIT_REPOSITORY https://github.com/nlohmann/json GIT_TAG develop)
ExternalProject_Add(mbedtls_ext
  URL [[https://github.com/Mbed-TLS/mbedtls/releases/download/v3.6.0/mbedtls-3.6.0.tar.bz2]]
  URL_HASH SHA256=3ecf94fcfdaacafb757786a01b7538a61750ebd85c4b024f56ff8ba1490fcd38
  CONFIGURE_COMMAND ""
)
FetchContent_Declare(cli11 GIT_REPOSITORY https://github.com/CLIUtils/CLI11 GIT_TAG ${CLI11_TAG})
CPMAddPackage("gh:gabime/spdlog@1.13.0")
CPMAddPackage(
  NAME Catch2
  VERSION 3.5.2
  GITHUB_REPOSITORY catchorg/Catch2
)
if(WITH_LZ4)
  set(LZ4_TAG v1.9.4)
endif()
FetchContent_Declare(lz4 GIT_REPOSITORY https://github.com/lz4/lz4.git GIT_TAG ${LZ4_TAG})
FetchContent_Declare(local_copy SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/third_party/x)
function(declare_dependency NAME)
  FetchContent_Declare(${NAME} ${ARGN})
endfunction()
)");
  CHECK(r.components ==
        R"x(10 cmake fmt 10.2.1 pkg:github/fmtlib/fmt@10.2.1 url=https://github.com/fmtlib/fmt.git
15 cmake googletest f8d7d77c06936315286eb55f8de22cd23c188571 pkg:github/google/googletest@f8d7d77c06936315286eb55f8de22cd23c188571 digest=f8d7d77c06936315286eb55f8de22cd23c188571 url=https://github.com/google/googletest.git
18 cmake zlib 1.3.1 pkg:generic/zlib@1.3.1?download_url=https%3A%2F%2Fzlib.net%2Ffossils%2Fzlib-1.3.1.tar.gz digest=sha256:9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23 url=https://zlib.net/fossils/zlib-1.3.1.tar.gz
22 cmake json develop pkg:github/nlohmann/json@develop url=https://github.com/nlohmann/json moves
23 cmake mbedtls_ext 3.6.0 pkg:generic/mbedtls_ext@3.6.0?download_url=https%3A%2F%2Fgithub.com%2FMbed-TLS%2Fmbedtls%2Freleases%2Fdownload%2Fv3.6.0%2Fmbedtls-3.6.0.tar.bz2 digest=sha256:3ecf94fcfdaacafb757786a01b7538a61750ebd85c4b024f56ff8ba1490fcd38 url=https://github.com/Mbed-TLS/mbedtls/releases/download/v3.6.0/mbedtls-3.6.0.tar.bz2
28 cmake cli11 ${CLI11_TAG} - url=https://github.com/CLIUtils/CLI11 moves
29 cmake spdlog 1.13.0 pkg:github/gabime/spdlog@1.13.0 url=https://github.com/gabime/spdlog
30 cmake Catch2 3.5.2 pkg:github/catchorg/Catch2@3.5.2 url=https://github.com/catchorg/Catch2
38 cmake lz4 ${LZ4_TAG} - url=https://github.com/lz4/lz4.git moves
)x");
  CHECK(r.problems == "");
}

TEST_CASE("cmake: malformed input is a problem with its line, never a crash")
{
  CHECK(read(trail::soup::parse_cmake, "set(A 1)\nFetchContent_Declare(fmt\n  GIT_TAG 1.0\n")
            .problems == "m:2: unterminated call to FetchContent_Declare (no closing ')')\n");
  CHECK(read(trail::soup::parse_cmake, "FetchContent_Declare(fmt URL \"https://x\n").problems ==
        "m:1: unterminated quoted argument\n");
  CHECK(read(trail::soup::parse_cmake, "#[==[ never closed ]]\nset(A 1)\n").problems ==
        "m:1: unterminated bracket\n");
  CHECK(read(trail::soup::parse_cmake, "project x\n").problems ==
        "m:1: command project without '('\n");
  CHECK(read(trail::soup::parse_cmake,
             "FetchContent_Declare(zlib URL https://x/zlib-1.3.tar.gz URL_HASH 1234)\n")
            .problems == "m:1: URL_HASH '1234' is not ALGO=HEX\n");
  CHECK(read(trail::soup::parse_cmake, "CPMAddPackage(\"fmt\")\n").problems ==
        "m:1: CPMAddPackage argument 'fmt' is not [gh:|gl:|bb:]OWNER/REPO[@VERSION][#TAG] or a "
        "URL\n");
}

TEST_CASE("vcpkg: dependencies, overrides and the builtin baseline")
{
  const auto r = read(trail::soup::parse_vcpkg, R"({
  "$schema": "https://raw.githubusercontent.com/microsoft/vcpkg-tool/main/docs/vcpkg.schema.json",
  "name": "pump-controller",
  "version": "2.1.0",
  "dependencies": [
    "fmt",
    {
      "name": "openssl",
      "version>=": "3.0.8"
    },
    { "name": "zlib", "features": [] },
    { "name": "gtest", "host": true }
  ],
  "overrides": [
    { "name": "fmt", "version": "10.1.1", "port-version": 1 },
    { "name": "liblzma", "version": "5.4.1" }
  ],
  "builtin-baseline": "3426db05b996481ca31e95fff3734cf23e0f51bc"
}
)");
  CHECK(r.components == R"x(6 vcpkg fmt 10.1.1#1 pkg:vcpkg/fmt@10.1.1%231
8 vcpkg openssl baseline 3426db05b996481ca31e95fff3734cf23e0f51bc >= 3.0.8 pkg:vcpkg/openssl?baseline=3426db05b996481ca31e95fff3734cf23e0f51bc
11 vcpkg zlib baseline 3426db05b996481ca31e95fff3734cf23e0f51bc pkg:vcpkg/zlib?baseline=3426db05b996481ca31e95fff3734cf23e0f51bc
12 vcpkg gtest baseline 3426db05b996481ca31e95fff3734cf23e0f51bc pkg:vcpkg/gtest?baseline=3426db05b996481ca31e95fff3734cf23e0f51bc dev
16 vcpkg liblzma 5.4.1 pkg:vcpkg/liblzma@5.4.1
)x");
  CHECK(r.problems == "");
}

TEST_CASE("vcpkg: without a baseline the versions can move; broken JSON is a problem")
{
  const auto r = read(trail::soup::parse_vcpkg, R"({
  "dependencies": [ "fmt", { "name": "openssl", "version>=": "3.0.8" } ]
})");
  CHECK(r.components == R"x(2 vcpkg fmt - pkg:vcpkg/fmt moves
2 vcpkg openssl >= 3.0.8 pkg:vcpkg/openssl moves
)x");
  CHECK(r.problems == "");
  CHECK(
      read(trail::soup::parse_vcpkg, "{\n  \"dependencies\": [\n    \"fmt\",\n  ]\n}\n").problems ==
      R"x(m:4: not valid JSON: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal
)x");
  CHECK(read(trail::soup::parse_vcpkg, "{\"dependencies\": [ 3 ]}").problems ==
        "m:1: a dependency is a port name or an object with a \"name\"\n");
}

TEST_CASE("vcpkg: the registries of vcpkg-configuration.json beside the manifest")
{
  // The default registry's baseline, and a git registry that serves the ports its
  // `packages` patterns name (an exact name beats the longest "prefix*" pattern).
  const ManifestFile configuration{"vcpkg-configuration.json", R"({
  "default-registry": {
    "kind": "git",
    "repository": "https://github.com/microsoft/vcpkg",
    "baseline": "c9e2aa851e987698519cb5fb7d2b4cf5ef8a1a8b"
  },
  "registries": [
    {
      "kind": "git",
      "repository": "https://git.example.org/med/vcpkg-registry",
      "baseline": "0f3f7e7a3a8c1b44a1f86e4b3c5e37f6e6d1d2a9",
      "packages": [ "med-*", "zlib" ]
    }
  ]
})"};
  ManifestFile manifest{"m", R"({
  "dependencies": [
    "fmt",
    "zlib",
    { "name": "med-pumpctl", "version>=": "2.1.0" }
  ]
})"};
  manifest.companion = &configuration;
  std::vector<Component> out;
  Problems problems;
  trail::soup::parse_vcpkg(manifest, out, problems);
  CHECK(
      describe(out) ==
      R"x(3 vcpkg fmt baseline c9e2aa851e987698519cb5fb7d2b4cf5ef8a1a8b pkg:vcpkg/fmt?baseline=c9e2aa851e987698519cb5fb7d2b4cf5ef8a1a8b
4 vcpkg zlib baseline 0f3f7e7a3a8c1b44a1f86e4b3c5e37f6e6d1d2a9 pkg:vcpkg/zlib?baseline=0f3f7e7a3a8c1b44a1f86e4b3c5e37f6e6d1d2a9 url=https://git.example.org/med/vcpkg-registry
5 vcpkg med-pumpctl baseline 0f3f7e7a3a8c1b44a1f86e4b3c5e37f6e6d1d2a9 >= 2.1.0 pkg:vcpkg/med-pumpctl?baseline=0f3f7e7a3a8c1b44a1f86e4b3c5e37f6e6d1d2a9 url=https://git.example.org/med/vcpkg-registry
)x");
  CHECK(problems.empty());

  // A builtin-baseline names the default registry's baseline itself.
  ManifestFile with_builtin{"m",
                            R"({ "builtin-baseline": "1111111111111111111111111111111111111111",
  "dependencies": [ "fmt" ] })"};
  with_builtin.companion = &configuration;
  out.clear();
  trail::soup::parse_vcpkg(with_builtin, out, problems);
  CHECK(describe(out) == "2 vcpkg fmt baseline 1111111111111111111111111111111111111111 "
                         "pkg:vcpkg/fmt?baseline=1111111111111111111111111111111111111111\n");

  // An embedded configuration and a file: vcpkg refuses both, so does discovery.
  ManifestFile both{"m", R"({
  "vcpkg-configuration": { "default-registry": { "kind": "builtin", "baseline": "2222222222222222222222222222222222222222" } },
  "dependencies": [ "fmt" ]
})"};
  both.companion = &configuration;
  out.clear();
  trail::soup::parse_vcpkg(both, out, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "m:2: the manifest embeds \"vcpkg-configuration\" and vcpkg-configuration.json "
        "exists too: vcpkg refuses both, so which registries apply is unknown");

  // A broken configuration file is a problem at its own line.
  const ManifestFile broken{"vcpkg-configuration.json", "{\n  \"default-registry\": {\n}\n"};
  ManifestFile reads_broken{"m", R"({ "dependencies": [ "fmt" ] })"};
  reads_broken.companion = &broken;
  problems.clear();
  out.clear();
  trail::soup::parse_vcpkg(reads_broken, out, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].starts_with("vcpkg-configuration.json:4: not valid JSON"));
}

TEST_CASE("conan: conanfile.txt requires and tool requires")
{
  const auto r = read(trail::soup::parse_conanfile_txt, R"([requires]
zlib/1.3.1
# a pinned recipe revision:
fmt/10.2.1#f0a2b7c8d43e45e6b0b3e3e0c1a2d3e4
openssl/[>=3.0 <4]
poco/1.12.4@acme/stable

[tool_requires]
cmake/3.28.1

[generators]
CMakeDeps
CMakeToolchain
)");
  CHECK(r.components == R"x(2 conan zlib 1.3.1 pkg:conan/zlib@1.3.1
4 conan fmt 10.2.1 pkg:conan/fmt@10.2.1 digest=f0a2b7c8d43e45e6b0b3e3e0c1a2d3e4
5 conan openssl [>=3.0 <4] pkg:conan/openssl moves
6 conan poco 1.12.4 pkg:conan/poco@1.12.4?channel=stable&user=acme
9 conan cmake 3.28.1 pkg:conan/cmake@3.28.1 dev
)x");
  CHECK(r.problems == "");
  CHECK(read(trail::soup::parse_conanfile_txt, "[requires]\nzlib 1.3\n").problems ==
        "m:2: 'zlib 1.3' is not a Conan reference NAME/VERSION[@USER/CHANNEL][#REVISION]\n");
}

TEST_CASE("conan: conanfile.py literals only, never executed")
{
  const auto r = read(trail::soup::parse_conanfile_py, R"(from conan import ConanFile
from conan.tools.cmake import cmake_layout


class PumpController(ConanFile):
    """requires = "not/0.1" inside a docstring is not read."""
    settings = "os", "compiler", "build_type", "arch"
    requires = "zlib/1.3.1", "fmt/10.2.1"
    tool_requires = ("cmake/3.28.1",
                     "ninja/1.11.1")

    def requirements(self):
        self.requires("openssl/3.2.1")
        self.requires("spdlog/1.13.0", transitive_headers=True)
        if self.options.with_tests:
            self.test_requires("gtest/1.14.0")

    def build_requirements(self):
        self.tool_requires("protobuf/3.21.12")
)");
  CHECK(r.components == R"x(8 conan zlib 1.3.1 pkg:conan/zlib@1.3.1
8 conan fmt 10.2.1 pkg:conan/fmt@10.2.1
9 conan cmake 3.28.1 pkg:conan/cmake@3.28.1 dev
10 conan ninja 1.11.1 pkg:conan/ninja@1.11.1 dev
13 conan openssl 3.2.1 pkg:conan/openssl@3.2.1
14 conan spdlog 1.13.0 pkg:conan/spdlog@1.13.0
16 conan gtest 1.14.0 pkg:conan/gtest@1.14.0 dev
19 conan protobuf 3.21.12 pkg:conan/protobuf@3.21.12 dev
)x");
  CHECK(r.problems == "");
  const auto bad = read(trail::soup::parse_conanfile_py, R"(class A(ConanFile):
    requires = deps()

    def requirements(self):
        self.requires(f"boost/{self.version}")
        self.requires("zlib/" + ZLIB)
)");
  CHECK(bad.components == "");
  CHECK(
      bad.problems ==
      R"x(m:2: requires is not a literal string, list or tuple of strings: not read (conanfile.py is never executed)
m:5: self.requires() with a reference that is not a literal string: not read (conanfile.py is never executed)
m:6: self.requires() with a reference that is not a literal string: not read (conanfile.py is never executed)
)x");
  CHECK(read(trail::soup::parse_conanfile_py, "x = \"open\n").problems ==
        "m:1: unterminated string\n");
}

TEST_CASE("conan: conan.lock, Conan 2 and Conan 1")
{
  const auto r = read(trail::soup::parse_conan_lock, R"({
    "version": "0.5",
    "requires": [
        "zlib/1.3.1#f52e03ae3d251dec704634230cd806a2%1708593606.497",
        "openssl/3.2.1#c0db8a1e1e6b7e4a0a6e2b7e1f2c3d4e%1709000000.0"
    ],
    "build_requires": [
        "cmake/3.28.1#92f79424d7b65b12a84a2180866c3a78%1705419519.585"
    ],
    "python_requires": [],
    "config_requires": []
})");
  CHECK(r.components ==
        R"x(4 conan zlib 1.3.1 pkg:conan/zlib@1.3.1 digest=f52e03ae3d251dec704634230cd806a2
5 conan openssl 3.2.1 pkg:conan/openssl@3.2.1 digest=c0db8a1e1e6b7e4a0a6e2b7e1f2c3d4e
8 conan cmake 3.28.1 pkg:conan/cmake@3.28.1 digest=92f79424d7b65b12a84a2180866c3a78 dev
)x");
  CHECK(r.problems == "");
  const auto v1 = read(trail::soup::parse_conan_lock, R"({
 "graph_lock": {
  "nodes": {
   "0": {
    "options": "",
    "requires": ["1"],
    "path": "conanfile.txt"
   },
   "1": {
    "ref": "zlib/1.2.13#13c96f538b52e1600c40b88994de240f",
    "options": "shared=False"
   },
   "2": {
    "ref": "cmake/3.25.0",
    "context": "build"
   }
  },
  "revisions_enabled": true
 },
 "version": "0.4"
})");
  CHECK(v1.components ==
        R"x(10 conan zlib 1.2.13 pkg:conan/zlib@1.2.13 digest=13c96f538b52e1600c40b88994de240f
14 conan cmake 3.25.0 pkg:conan/cmake@3.25.0 dev
)x");
  CHECK(v1.problems == "");
  CHECK(
      read(trail::soup::parse_conan_lock, "{\n  \"requires\": [\n    \"zlib/1.3.1\"\n").problems ==
      R"x(m:4: not valid JSON: syntax error while parsing array - unexpected end of input; expected ']'
)x");
}

TEST_CASE("west: a Zephyr-like manifest")
{
  const auto r = read(trail::soup::parse_west, R"(# The west manifest of the pump firmware.
manifest:
  version: "1.0"

  defaults:
    remote: upstream
    revision: main

  remotes:
    - name: upstream
      url-base: https://github.com/zephyrproject-rtos
    - name: acme
      url-base: git@git.acme.example:firmware

  projects:
    - name: zephyr
      revision: v3.6.0
      import:
        name-allowlist: [cmsis, hal_nordic]
    - name: cmsis
      revision: 4b96cbb174678dcd3ca86e11e1f24bc5f8726da0  # pinned
      path: modules/hal/cmsis
      groups:
        - hal
    - name: hal_nordic
      repo-path: hal_nordic
      revision: 'v4.0.0'
    - name: sensors
      remote: acme
      repo-path: drivers/sensors
    - name: mcuboot
      url: https://github.com/mcu-tools/mcuboot
      revision: "v2.1.0"

  self:
    path: pump
)");
  CHECK(
      r.components ==
      R"x(16 west zephyr v3.6.0 pkg:github/zephyrproject-rtos/zephyr@v3.6.0 url=https://github.com/zephyrproject-rtos/zephyr
20 west cmsis 4b96cbb174678dcd3ca86e11e1f24bc5f8726da0 pkg:github/zephyrproject-rtos/cmsis@4b96cbb174678dcd3ca86e11e1f24bc5f8726da0 digest=4b96cbb174678dcd3ca86e11e1f24bc5f8726da0 url=https://github.com/zephyrproject-rtos/cmsis
25 west hal_nordic v4.0.0 pkg:github/zephyrproject-rtos/hal_nordic@v4.0.0 url=https://github.com/zephyrproject-rtos/hal_nordic
28 west sensors main pkg:generic/sensors@main?vcs_url=git%40git.acme.example%3Afirmware/drivers/sensors url=git@git.acme.example:firmware/drivers/sensors moves
31 west mcuboot v2.1.0 pkg:github/mcu-tools/mcuboot@v2.1.0 url=https://github.com/mcu-tools/mcuboot
)x");
  // zephyr's own west.yml (fetched by west, not in this tree) brings cmsis and hal_nordic:
  // what an import brings is not listed, and that is said.
  CHECK(r.problems == "m:16: project zephyr imports the manifest it holds (import:), which "
                      "git-trail does not follow: the projects it brings are not listed. Commit "
                      "`west manifest --resolve` output as west-resolved.yml beside m to list "
                      "them\n");
  CHECK(read(trail::soup::parse_west,
             "manifest:\n  projects:\n    - name: x\n      remote: nowhere\n")
            .problems == "m:3: project x: remote 'nowhere' is not declared\n");
  CHECK(read(trail::soup::parse_west, "manifest:\n  projects:\n    - name: x\n       url: y\n")
            .problems == "m:4: unexpected indentation\n");
  CHECK(read(trail::soup::parse_west, "manifest:\n  description: |\n    text\n").problems ==
        "m:2: YAML '|' is not read by git-trail's west reader\n");
}

TEST_CASE("west: imports are said unless a resolved manifest sits beside the file")
{
  const std::string text = "manifest:\n"
                           "  remotes:\n"
                           "    - name: upstream\n"
                           "      url-base: https://github.com/zephyrproject-rtos\n"
                           "  projects:\n"
                           "    - name: zephyr\n"
                           "      remote: upstream\n"
                           "      revision: v3.6.0\n"
                           "      import: true\n"
                           "    - name: tools\n"
                           "      remote: upstream\n"
                           "      import: false\n"
                           "  self:\n"
                           "    import: submanifests\n";
  const auto alone = read(trail::soup::parse_west, text);
  CHECK(alone.problems ==
        "m:14: self imports other manifest files (import:), which git-trail does not follow: the "
        "projects it brings are not listed. Commit `west manifest --resolve` output as "
        "west-resolved.yml beside m to list them\n"
        "m:6: project zephyr imports the manifest it holds (import:), which git-trail does not "
        "follow: the projects it brings are not listed. Commit `west manifest --resolve` output "
        "as west-resolved.yml beside m to list them\n");
  // The projects written here are listed all the same.
  CHECK(
      alone.components ==
      R"x(6 west zephyr v3.6.0 pkg:github/zephyrproject-rtos/zephyr@v3.6.0 url=https://github.com/zephyrproject-rtos/zephyr
10 west tools master pkg:github/zephyrproject-rtos/tools@master url=https://github.com/zephyrproject-rtos/tools moves
)x");
  // With west-resolved.yml beside it, that file lists what the imports bring.
  const ManifestFile resolved{"west-resolved.yml", "manifest:\n  projects: []\n"};
  ManifestFile with{"m", text};
  with.companion = &resolved;
  std::vector<Component> out;
  Problems problems;
  trail::soup::parse_west(with, out, problems);
  CHECK(problems.empty());
  CHECK(out.size() == 2);
}

TEST_CASE("platformio: lib_deps of every env")
{
  const auto r = read(trail::soup::parse_platformio, R"(; PlatformIO Project Configuration File
[platformio]
default_envs = pump_v2

[common]
lib_deps =
    bblanchon/ArduinoJson@^6.21.3

[env]
framework = arduino
lib_deps =
    ${common.lib_deps}
    knolleary/PubSubClient@2.8

[env:pump_v2]
platform = espressif32
board = esp32dev
lib_deps =
    ${env.lib_deps}
    adafruit/Adafruit BME280 Library@2.2.4 ; the pressure sensor
    https://github.com/me-no-dev/AsyncTCP.git#v1.1.4
    Wire
    symlink://../shared/pumplib

[env:native]
platform = native
lib_deps = throwtheswitch/Unity@~2.5.2, fmt=https://github.com/fmtlib/fmt.git#master
)");
  CHECK(r.components ==
        R"x(7 platformio bblanchon/ArduinoJson ^6.21.3 pkg:generic/bblanchon/ArduinoJson moves
13 platformio knolleary/PubSubClient 2.8 pkg:generic/knolleary/PubSubClient@2.8
20 platformio adafruit/Adafruit BME280 Library 2.2.4 pkg:generic/adafruit/Adafruit%20BME280%20Library@2.2.4
21 platformio AsyncTCP v1.1.4 pkg:github/me-no-dev/AsyncTCP@v1.1.4 url=https://github.com/me-no-dev/AsyncTCP.git
22 platformio Wire - pkg:generic/Wire moves
27 platformio throwtheswitch/Unity ~2.5.2 pkg:generic/throwtheswitch/Unity moves
27 platformio fmt master pkg:github/fmtlib/fmt@master url=https://github.com/fmtlib/fmt.git moves
)x");
  CHECK(r.problems == "");
  CHECK(read(trail::soup::parse_platformio, "[env:x\nlib_deps = a\n").problems ==
        "m:1: unterminated section header\n");
  CHECK(read(trail::soup::parse_platformio, "[env:x]\nlib_deps = ${nowhere.lib_deps}\n").problems ==
        "m:2: ${nowhere.lib_deps} names no option\n");
}

TEST_CASE("vendored: a directory with a licence or a version header, digested like a SOUP record")
{
  trail::unit::TempRepo repo;
  repo.write("third_party/zlib/LICENSE", "zlib license\n");
  repo.write("third_party/zlib/zlib.h",
             "#ifndef ZLIB_H\n#define ZLIB_H\n\n#define ZLIB_VERSION \"1.3.1\"\n#endif\n");
  repo.write("third_party/mbedtls/LICENSE", "Apache-2.0\n");
  repo.write("third_party/mbedtls/include/mbedtls/build_info.h",
             "/* build info */\n#define MBEDTLS_VERSION_NUMBER 0x03060000\n"
             "#define MBEDTLS_VERSION_STRING \"3.6.0\"\n");
  repo.write("third_party/mbedtls/CMakeLists.txt", "FetchContent_Declare(x URL y)\n");
  repo.write("third_party/tinycbor/src/tinycbor-version.h", "#define TINYCBOR_VERSION 1\n");
  repo.write("third_party/tinycbor/src/tinycbor_version.h",
             "#define TINYCBOR_VERSION_STRING \"0.6.0\"\n");
  repo.write("third_party/notes/README.md", "no licence, no header\n");
  repo.write("external/cjson/COPYING.txt", "MIT\n");
  repo.write("src/main.c", "int main(void) { return 0; }\n");
  const auto commit = repo.commit_all("vendored code");
  const auto git_repo = trail::git::Repository::open_at(repo.path.string());
  const auto entries = git_repo.tree_entries(commit, {});
  std::vector<Component> out;
  Problems problems;
  trail::policy::Soup settings;
  const auto dirs = trail::soup::find_vendored(git_repo, entries, settings, out, problems);
  // third_party/notes: nothing identifies it, so it is listed by its folder (last).
  CHECK(dirs == std::vector<std::string>{"external/cjson",
                                         "third_party/mbedtls",
                                         "third_party/tinycbor",
                                         "third_party/zlib",
                                         "third_party/notes"});
  CHECK(problems.empty());
  // The digest is the one a SOUP record with paths = ["third_party/zlib/**"] gets (files_of).
  const auto listing = [&](const std::string& dir) {
    std::string text;
    for (const auto& e : git_repo.tree_entries(commit, {dir + "/**"})) {
      text += trail::util::sha256_hex(git_repo.read_blob(e.id)) + "  " + e.path + "\n";
    }
    return "sha256:" + trail::util::sha256_hex(text);
  };
  std::string expected;
  expected += "0 vendored cjson - pkg:generic/cjson digest=" + listing("external/cjson") +
              " file=external/cjson/COPYING.txt\n";
  expected += "3 vendored mbedtls 3.6.0 pkg:generic/mbedtls@3.6.0 digest=" +
              listing("third_party/mbedtls") +
              " file=third_party/mbedtls/include/mbedtls/build_info.h\n";
  expected += "1 vendored tinycbor 0.6.0 pkg:generic/tinycbor@0.6.0 digest=" +
              listing("third_party/tinycbor") +
              " file=third_party/tinycbor/src/tinycbor_version.h\n";
  expected += "4 vendored zlib 1.3.1 pkg:generic/zlib@1.3.1 digest=" + listing("third_party/zlib") +
              " file=third_party/zlib/zlib.h\n";
  expected += "0 vendored notes - pkg:generic/notes digest=" + listing("third_party/notes") +
              " file=third_party/notes/\n";
  CHECK(describe(out) == expected);
  REQUIRE(out.size() == dirs.size());
  for (size_t i = 0; i < out.size(); ++i) {
    CHECK(out[i].path == dirs[i]);
  }
}
