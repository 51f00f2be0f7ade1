#!/usr/bin/env bash
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
expect_eq "discovered" "SOUP found in the tree of $head: 24 components
  submodule  ext/parson  $sub
    at .gitmodules:1  pkg:generic/sub@$sub?vcs_url=$(cd .. && pwd | sed 's|/|/|g')/sub  $sub
" "$OUT"
done_testing
