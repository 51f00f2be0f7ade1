#!/usr/bin/env bash
# verifies: GT-35
# SOUP discovery of C and C++ sources (docs/soup.md, "C and C++ sources"): CMake, vcpkg, Conan,
# west, PlatformIO, vendored directories and a submodule in one repository, read from the tree.
source "$(dirname "$0")/lib.sh"

# The digest of a vendored directory: the sha256sum-style listing of its files, hashed.
listing_digest() {
  local dir=$1
  echo "sha256:$(git ls-tree -r HEAD "$dir" | while read -r _mode _type id path; do
    printf '%s  %s\n' "$(git cat-file blob "$id" | sha256sum | cut -d' ' -f1)" "$path"
  done | sha256sum | cut -d' ' -f1)"
}

cpp_repo() {
  git init -q sub
  (cd sub && write parson.c 'int parson;' && git add -A && git commit -q -m "parson")
  git init -q repo
  cd repo
  write CMakeLists.txt \
    'cmake_minimum_required(VERSION 3.24)' \
    'project(pump C CXX)' \
    'include(FetchContent)' \
    'set(FMT_TAG 10.2.1)' \
    'FetchContent_Declare(fmt' \
    '  GIT_REPOSITORY https://github.com/fmtlib/fmt.git' \
    '  GIT_TAG ${FMT_TAG})' \
    'FetchContent_Declare(zlib' \
    '  URL https://zlib.net/fossils/zlib-1.3.1.tar.gz' \
    '  URL_HASH SHA256=9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23)' \
    'include(cmake/deps.cmake)'
  write cmake/deps.cmake \
    '# Test-only dependencies through CPM.' \
    'CPMAddPackage("gh:catchorg/Catch2@3.5.2")' \
    'FetchContent_Declare(json GIT_REPOSITORY https://github.com/nlohmann/json GIT_TAG develop)'
  write vcpkg.json \
    '{' \
    '  "dependencies": [' \
    '    "openssl",' \
    '    { "name": "spdlog", "version>=": "1.13.0" }' \
    '  ],' \
    '  "overrides": [ { "name": "openssl", "version": "3.2.1" } ],' \
    '  "builtin-baseline": "3426db05b996481ca31e95fff3734cf23e0f51bc"' \
    '}'
  write conan/conanfile.txt '[requires]' 'poco/1.13.3' '' '[tool_requires]' 'cmake/3.28.1'
  write conan/conan.lock \
    '{' \
    '    "version": "0.5",' \
    '    "requires": [' \
    '        "poco/1.13.3#7b4ba8dcdd3c7c4c0d0e1a5a9a1c4c2d%1710000000.0"' \
    '    ]' \
    '}'
  write tools/conanfile.py \
    'from conan import ConanFile' \
    'class Tools(ConanFile):' \
    '    requires = "cli11/2.4.1"' \
    '    def requirements(self):' \
    '        self.test_requires("gtest/1.14.0")'
  write firmware/west.yml \
    'manifest:' \
    '  defaults:' \
    '    remote: upstream' \
    '  remotes:' \
    '    - name: upstream' \
    '      url-base: https://github.com/zephyrproject-rtos' \
    '  projects:' \
    '    - name: zephyr' \
    '      revision: v3.6.0' \
    '    - name: hal_nordic' \
    '      revision: 5b9e4a7a6c4a5d3b2c1e0f9a8b7c6d5e4f3a2b1c' \
    '      path: modules/hal/nordic'
  write firmware/platformio.ini \
    '[env:pump]' \
    'platform = espressif32' \
    'lib_deps =' \
    '    bblanchon/ArduinoJson@6.21.5' \
    '    knolleary/PubSubClient@^2.8' \
    '    symlink://../shared'
  write third_party/mbedtls/LICENSE 'Apache-2.0'
  write third_party/mbedtls/include/mbedtls/build_info.h \
    '#ifndef MBEDTLS_BUILD_INFO_H' \
    '#define MBEDTLS_VERSION_STRING "3.6.0"' \
    '#endif'
  # The vendored code's own build is not read.
  write third_party/mbedtls/CMakeLists.txt 'FetchContent_Declare(inner URL https://x/inner-1.0.zip)'
  write third_party/zlib/zlib.h '#define ZLIB_VERSION "1.3.1"'
  write third_party/zlib/adler32.c 'int adler;'
  write examples/CMakeLists.txt \
    'FetchContent_Declare(demo GIT_REPOSITORY https://github.com/acme/demo GIT_TAG v1.0)'
  git -c protocol.file.allow=always submodule --quiet add ../sub ext/parson
  git add -A
  git commit -q -m "Pump controller with its dependencies"
}

begin "every C and C++ source is found, with version, purl, file:line and digest"
cpp_repo
head=$(git rev-parse --short=12 HEAD)
sub=$(git -C ../sub rev-parse HEAD)
run git trail soup --discovered
expect_rc 0
expect_eq "discovered" "SOUP found in the tree of $head: 19 components
  submodule  ext/parson  $sub
    at .gitmodules:1  pkg:generic/sub@$sub?vcs_url=../sub  $sub
  cmake  fmt  10.2.1
    at CMakeLists.txt:5  pkg:github/fmtlib/fmt@10.2.1
  cmake  zlib  1.3.1
    at CMakeLists.txt:8  pkg:generic/zlib@1.3.1?download_url=https%3A%2F%2Fzlib.net%2Ffossils%2Fzlib-1.3.1.tar.gz  sha256:9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23
  cmake  Catch2  3.5.2
    at cmake/deps.cmake:2  pkg:github/catchorg/Catch2@3.5.2
  cmake  json  develop (can move)
    at cmake/deps.cmake:3  pkg:github/nlohmann/json@develop
  conan  poco  1.13.3
    at conan/conan.lock:4  pkg:conan/poco@1.13.3  7b4ba8dcdd3c7c4c0d0e1a5a9a1c4c2d
  conan  poco  1.13.3
    at conan/conanfile.txt:2  pkg:conan/poco@1.13.3
  conan  cmake  3.28.1 (development only)
    at conan/conanfile.txt:5  pkg:conan/cmake@3.28.1
  cmake  demo  v1.0
    at examples/CMakeLists.txt:1  pkg:github/acme/demo@v1.0
  platformio  bblanchon/ArduinoJson  6.21.5
    at firmware/platformio.ini:4  pkg:generic/bblanchon/ArduinoJson@6.21.5
  platformio  knolleary/PubSubClient  ^2.8 (can move)
    at firmware/platformio.ini:5  pkg:generic/knolleary/PubSubClient
  west  zephyr  v3.6.0
    at firmware/west.yml:8  pkg:github/zephyrproject-rtos/zephyr@v3.6.0
  west  hal_nordic  5b9e4a7a6c4a5d3b2c1e0f9a8b7c6d5e4f3a2b1c
    at firmware/west.yml:10  pkg:github/zephyrproject-rtos/hal_nordic@5b9e4a7a6c4a5d3b2c1e0f9a8b7c6d5e4f3a2b1c  5b9e4a7a6c4a5d3b2c1e0f9a8b7c6d5e4f3a2b1c
  vendored  mbedtls  3.6.0
    at third_party/mbedtls/include/mbedtls/build_info.h:2  pkg:generic/mbedtls@3.6.0  $(listing_digest third_party/mbedtls)
  vendored  zlib  1.3.1
    at third_party/zlib/zlib.h:1  pkg:generic/zlib@1.3.1  $(listing_digest third_party/zlib)
  conan  cli11  2.4.1
    at tools/conanfile.py:3  pkg:conan/cli11@2.4.1
  conan  gtest  1.14.0 (development only)
    at tools/conanfile.py:5  pkg:conan/gtest@1.14.0
  vcpkg  openssl  3.2.1
    at vcpkg.json:3  pkg:vcpkg/openssl@3.2.1
  vcpkg  spdlog  baseline 3426db05b996481ca31e95fff3734cf23e0f51bc >= 1.13.0
    at vcpkg.json:4  pkg:vcpkg/spdlog?baseline=3426db05b996481ca31e95fff3734cf23e0f51bc" "$OUT"

begin "the JSON list carries every field"
git init -q repo && cd repo
write vcpkg.json '{' '  "dependencies": [ "fmt" ],' '  "overrides": [ { "name": "fmt", "version": "10.2.1" } ]' '}'
write third_party/zlib/zlib.h '#define ZLIB_VERSION "1.3.1"'
git add -A && git commit -q -m "deps"
run git trail soup --discovered --format json
expect_rc 0
expect_eq "json" "{
  \"commit\": \"$(git rev-parse HEAD)\",
  \"components\": [
    {
      \"ecosystem\": \"vendored\",
      \"name\": \"zlib\",
      \"version\": \"1.3.1\",
      \"purl\": \"pkg:generic/zlib@1.3.1\",
      \"url\": \"\",
      \"path\": \"third_party/zlib\",
      \"digest\": \"$(listing_digest third_party/zlib)\",
      \"file\": \"third_party/zlib/zlib.h\",
      \"line\": 1,
      \"development\": false,
      \"mutable\": false,
      \"depends_on\": []
    },
    {
      \"ecosystem\": \"vcpkg\",
      \"name\": \"fmt\",
      \"version\": \"10.2.1\",
      \"purl\": \"pkg:vcpkg/fmt@10.2.1\",
      \"url\": \"\",
      \"path\": \"\",
      \"digest\": \"\",
      \"file\": \"vcpkg.json\",
      \"line\": 2,
      \"development\": false,
      \"mutable\": false,
      \"depends_on\": []
    }
  ],
  \"problems\": []
}" "$OUT"

begin "[soup] vendored and ignore are honoured"
# Only firmware/* is vendored: third_party/mbedtls's own CMakeLists.txt is read like any other.
cpp_repo
write trail.toml '[soup]' 'vendored = ["firmware/*"]' 'ignore = ["examples/**", "conan/**", "tools/**", "cmake/**"]'
write firmware/lwip/COPYING 'BSD'
git add -A && git commit -q -m "Only firmware/* is vendored"
head=$(git rev-parse --short=12 HEAD)
sub=$(git -C ../sub rev-parse HEAD)
run git trail soup --discovered
expect_rc 0
expect_eq "discovered" "SOUP found in the tree of $head: 11 components
  submodule  ext/parson  $sub
    at .gitmodules:1  pkg:generic/sub@$sub?vcs_url=../sub  $sub
  cmake  fmt  10.2.1
    at CMakeLists.txt:5  pkg:github/fmtlib/fmt@10.2.1
  cmake  zlib  1.3.1
    at CMakeLists.txt:8  pkg:generic/zlib@1.3.1?download_url=https%3A%2F%2Fzlib.net%2Ffossils%2Fzlib-1.3.1.tar.gz  sha256:9a93b2b7dfdac77ceba5a558a580e74667dd6fede4585b91eefb60f03b72df23
  vendored  lwip  (no version)
    at firmware/lwip/COPYING  pkg:generic/lwip  $(listing_digest firmware/lwip)
  platformio  bblanchon/ArduinoJson  6.21.5
    at firmware/platformio.ini:4  pkg:generic/bblanchon/ArduinoJson@6.21.5
  platformio  knolleary/PubSubClient  ^2.8 (can move)
    at firmware/platformio.ini:5  pkg:generic/knolleary/PubSubClient
  west  zephyr  v3.6.0
    at firmware/west.yml:8  pkg:github/zephyrproject-rtos/zephyr@v3.6.0
  west  hal_nordic  5b9e4a7a6c4a5d3b2c1e0f9a8b7c6d5e4f3a2b1c
    at firmware/west.yml:10  pkg:github/zephyrproject-rtos/hal_nordic@5b9e4a7a6c4a5d3b2c1e0f9a8b7c6d5e4f3a2b1c  5b9e4a7a6c4a5d3b2c1e0f9a8b7c6d5e4f3a2b1c
  cmake  inner  1.0 (can move)
    at third_party/mbedtls/CMakeLists.txt:1  pkg:generic/inner@1.0?download_url=https%3A%2F%2Fx%2Finner-1.0.zip
  vcpkg  openssl  3.2.1
    at vcpkg.json:3  pkg:vcpkg/openssl@3.2.1
  vcpkg  spdlog  baseline 3426db05b996481ca31e95fff3734cf23e0f51bc >= 1.13.0
    at vcpkg.json:4  pkg:vcpkg/spdlog?baseline=3426db05b996481ca31e95fff3734cf23e0f51bc" "$OUT"

begin "a malformed manifest is named with its line and the list is incomplete (exit 4)"
git init -q repo && cd repo
write CMakeLists.txt 'project(x)' 'FetchContent_Declare(fmt' '  GIT_REPOSITORY https://github.com/fmtlib/fmt.git' '  GIT_TAG 10.2.1'
write vcpkg.json '{' '  "dependencies": [ "fmt", ]' '}'
write platformio.ini '[env:a]' 'lib_deps = bblanchon/ArduinoJson@6.21.5'
git add -A && git commit -q -m "broken"
head=$(git rev-parse --short=12 HEAD)
run git trail soup --discovered
expect_rc 4
expect_eq "discovered" "SOUP found in the tree of $head: 1 component
  platformio  bblanchon/ArduinoJson  6.21.5
    at platformio.ini:2  pkg:generic/bblanchon/ArduinoJson@6.21.5
problem: CMakeLists.txt:2: unterminated call to FetchContent_Declare (no closing ')')
problem: vcpkg.json:2: not valid JSON: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal" "$OUT"

begin "a byte order mark and configure_file templates are no problem"
git init -q bom && cd bom
printf '\xef\xbb\xbfinclude(FetchContent)\nFetchContent_Declare(fmt\n  GIT_REPOSITORY https://github.com/fmtlib/fmt.git\n  GIT_TAG 10.2.1)\n' > deps.cmake
write config.h.cmake '/* generated */' '#cmakedefine HAVE_ZLIB @HAVE_ZLIB@'
git add -A && git commit -q -m "deps"
run git trail soup --discovered
expect_rc 0
expect_eq "discovered" "SOUP found in the tree of $(git rev-parse --short=12 HEAD): 1 component
  cmake  fmt  10.2.1
    at deps.cmake:2  pkg:github/fmtlib/fmt@10.2.1" "$OUT"

begin "a vendored folder nothing identifies is listed by its folder, so a record must cover it"
git init -q repo && cd repo
write third_party/CMakeLists.txt 'add_subdirectory(zlib)'
write third_party/zlib/zlib.h '#define ZLIB_VERSION "1.3.1"'
write third_party/mystery/README 'copied from a forum post'
write third_party/mystery/src/crc.c 'int crc;'
# A folder of recognised libraries is no component of its own: each library is one.
write vendor/libs/ring/LICENSE 'MIT'
write vendor/libs/ring/ring.c 'int ring;'
write vendor/libs/queue/COPYING 'BSD'
write trail.toml '[soup]' 'vendored = ["third_party/*", "vendor/**"]'
git add -A && git commit -q -m "Third-party code"
run git trail soup --discovered
expect_rc 0
expect_eq "discovered" "SOUP found in the tree of $(git rev-parse --short=12 HEAD): 4 components
  vendored  mystery  (no version)
    at third_party/mystery/  pkg:generic/mystery  $(listing_digest third_party/mystery)
  vendored  zlib  1.3.1
    at third_party/zlib/zlib.h:1  pkg:generic/zlib@1.3.1  $(listing_digest third_party/zlib)
  vendored  queue  (no version)
    at vendor/libs/queue/COPYING  pkg:generic/queue  $(listing_digest vendor/libs/queue)
  vendored  ring  (no version)
    at vendor/libs/ring/LICENSE  pkg:generic/ring  $(listing_digest vendor/libs/ring)" "$OUT"
# No record covers it: soup says so, and names the folder.
run git trail soup
expect_rc 1
expect_eq "undeclared" "  vendored:mystery  mystery
      vendored mystery (no version) (third_party/mystery/)
      missing: a SOUP record in the registry (a soup item whose paths, purl or title covers vendored:mystery)
      problem: third_party/mystery/: vendored mystery (no version) is not covered by a SOUP record
          fix: add a soup item with paths = [\"third_party/mystery\"] to the registry" \
  "$(printf '%s\n' "$OUT" | sed -n 2,6p)"
# Saying it is not third-party code ends it.
write trail.toml '[soup]' 'vendored = ["third_party/*", "vendor/**"]' 'ignore = ["third_party/mystery"]'
git add -A && git commit -q -m "third_party/mystery is our own code"
run git trail soup --discovered
expect_rc 0
expect_eq "count" "SOUP found in the tree of $(git rev-parse --short=12 HEAD): 3 components" "$(printf '%s\n' "$OUT" | head -1)"

begin "vcpkg reads the registries of the vcpkg-configuration.json beside its manifest"
git init -q repo && cd repo
write app/vcpkg.json '{' '  "dependencies": [ "fmt", "med-pumpctl" ]' '}'
write app/vcpkg-configuration.json '{' \
  '  "default-registry": { "kind": "git", "repository": "https://github.com/microsoft/vcpkg",' \
  '                        "baseline": "c9e2aa851e987698519cb5fb7d2b4cf5ef8a1a8b" },' \
  '  "registries": [ { "kind": "git", "repository": "https://git.example.org/med/registry",' \
  '                    "baseline": "0f3f7e7a3a8c1b44a1f86e4b3c5e37f6e6d1d2a9", "packages": [ "med-*" ] } ]' \
  '}'
git add -A && git commit -q -m "vcpkg with registries"
git tag one
run git trail soup --discovered
expect_rc 0
expect_eq "discovered" "SOUP found in the tree of $(git rev-parse --short=12 HEAD): 2 components
  vcpkg  fmt  baseline c9e2aa851e987698519cb5fb7d2b4cf5ef8a1a8b
    at app/vcpkg.json:2  pkg:vcpkg/fmt?baseline=c9e2aa851e987698519cb5fb7d2b4cf5ef8a1a8b
  vcpkg  med-pumpctl  baseline 0f3f7e7a3a8c1b44a1f86e4b3c5e37f6e6d1d2a9
    at app/vcpkg.json:2  pkg:vcpkg/med-pumpctl?baseline=0f3f7e7a3a8c1b44a1f86e4b3c5e37f6e6d1d2a9" "$OUT"
# Moving the default registry's baseline changes fmt's pin, though vcpkg.json is unchanged.
sed -i 's/c9e2aa851e987698519cb5fb7d2b4cf5ef8a1a8b/d5ec5285a8c1ac1ba7c6f51b9b7ffc3d4a1e1a2b/' app/vcpkg-configuration.json
git add -A && git commit -q -m "New vcpkg baseline"
run git trail soup diff one..HEAD
expect_rc 0
expect_eq "diff" "SOUP from one ($(git rev-parse --short=12 one)) to HEAD ($(git rev-parse --short=12 HEAD)): 1 change
  changed: fmt (vcpkg) baseline c9e2aa851e987698519cb5fb7d2b4cf5ef8a1a8b -> baseline d5ec5285a8c1ac1ba7c6f51b9b7ffc3d4a1e1a2b at app/vcpkg.json:2
    record at one: no record
    record at HEAD: no record" "$OUT"

done_testing
