// The readers of the other ecosystems' lock files (issue 14): package-lock.json, Cargo.lock,
// verifies: GT-35
// go.sum, requirements*.txt, poetry.lock and uv.lock, on texts in each format's real shape.
#include "core/soup/parsers.hpp"
#include "core/util/strings.hpp"
#include "expect.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using trail::soup::Component;
using trail::soup::ManifestFile;
using trail::soup::Problems;

namespace {

using Parser = void (*)(const ManifestFile&, std::vector<Component>&, Problems&);

// One line per component: name, version, purl, file:line, then what is set of digest,
// development, can move, url, path and dependencies.
std::string show(const Component& c)
{
  std::string out = c.ecosystem + " " + c.name + " " + (c.version.empty() ? "-" : c.version) + " " +
                    (c.purl.empty() ? "-" : c.purl) + " " + c.where.file + ":" +
                    std::to_string(c.where.line);
  if (!c.digest.empty()) {
    out += " " + c.digest;
  }
  if (c.development) {
    out += " dev";
  }
  if (c.mutable_pin) {
    out += " can-move";
  }
  if (!c.url.empty()) {
    out += " url=" + c.url;
  }
  if (!c.path.empty()) {
    out += " path=" + c.path;
  }
  if (!c.depends_on.empty()) {
    out += " deps=" + trail::util::join(c.depends_on, ",");
  }
  return out;
}

struct Read
{
  std::vector<std::string> components;
  Problems problems;
};

Read read(Parser parse, const std::string& path, const std::string& text)
{
  std::vector<Component> found;
  Read out;
  parse({path, text}, found, out.problems);
  for (const auto& c : found) {
    out.components.push_back(show(c));
  }
  return out;
}

using Lines = std::vector<std::string>;

} // namespace

using trail::unit::operator<<;

// --- package-lock.json ------------------------------------------------------------------------

TEST_CASE("package-lock.json version 1: nested dependencies, scoped, dev, git and file entries")
{
  const std::string text = R"x({
  "name": "pump-ui",
  "version": "1.0.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "@babel/code-frame": {
      "version": "7.22.13",
      "resolved": "https://registry.npmjs.org/@babel/code-frame/-/code-frame-7.22.13.tgz",
      "integrity": "sha512-XktuhWlJ5g+3TJXc5upd9Ks1HutSArik6jf2eAjYFdIOS7DZQbfCjPGiUHl9AAiSvAx+IkUIgS+YYLyX1hRXDg==",
      "dev": true,
      "requires": {
        "chalk": "^2.4.2"
      }
    },
    "chalk": {
      "version": "2.4.2",
      "resolved": "https://registry.npmjs.org/chalk/-/chalk-2.4.2.tgz",
      "integrity": "sha512-Mti+f9lpJNcwF4tWV8/OrTTtF1gZi+f8FqlyAdouralcFWFQWF2+NgCHShjkCb+IFBLq9buZwE1xckQU4peSuw==",
      "requires": {
        "ansi-styles": "^3.2.1",
        "supports-color": "^5.3.0"
      },
      "dependencies": {
        "ansi-styles": {
          "version": "3.2.1",
          "resolved": "https://registry.npmjs.org/ansi-styles/-/ansi-styles-3.2.1.tgz",
          "integrity": "sha512-VT0ZI6kZRdTh8YyJw3SMbYm/u+NqfsAxEpWO0Pf9sq8/e94WxxOpPKx9FR1FlyCtOVDNOQ+8ntlqFxiRc+r5qA=="
        }
      }
    },
    "left-pad": {
      "version": "git+https://github.com/left-pad/left-pad.git#2fca6157ca2f8a2a9f3b6e3a8b2d5c0e6f1a9b7c",
      "from": "git+https://github.com/left-pad/left-pad.git#v1.3.0"
    },
    "shared-utils": {
      "version": "file:../shared-utils"
    }
  }
}
)x";
  const auto got = read(trail::soup::parse_package_lock, "ui/package-lock.json", text);
  CHECK(
      got.components ==
      Lines{"npm @babel/code-frame 7.22.13 pkg:npm/%40babel/code-frame@7.22.13 "
            "ui/package-lock.json:7 "
            "sha512-XktuhWlJ5g+3TJXc5upd9Ks1HutSArik6jf2eAjYFdIOS7DZQbfCjPGiUHl9AAiSvAx+"
            "IkUIgS+YYLyX1hRXDg== dev "
            "url=https://registry.npmjs.org/@babel/code-frame/-/code-frame-7.22.13.tgz "
            "deps=chalk",
            "npm chalk 2.4.2 pkg:npm/chalk@2.4.2 ui/package-lock.json:16 "
            "sha512-Mti+f9lpJNcwF4tWV8/OrTTtF1gZi+f8FqlyAdouralcFWFQWF2+"
            "NgCHShjkCb+IFBLq9buZwE1xckQU4peSuw== "
            "url=https://registry.npmjs.org/chalk/-/chalk-2.4.2.tgz "
            "deps=ansi-styles,supports-color",
            "npm ansi-styles 3.2.1 pkg:npm/ansi-styles@3.2.1 ui/package-lock.json:25 "
            "sha512-VT0ZI6kZRdTh8YyJw3SMbYm/u+NqfsAxEpWO0Pf9sq8/e94WxxOpPKx9FR1FlyCtOVDNOQ+"
            "8ntlqFxiRc+r5qA== url=https://registry.npmjs.org/ansi-styles/-/ansi-styles-3.2.1.tgz",
            "npm left-pad 2fca6157ca2f8a2a9f3b6e3a8b2d5c0e6f1a9b7c "
            "pkg:github/left-pad/left-pad@2fca6157ca2f8a2a9f3b6e3a8b2d5c0e6f1a9b7c "
            "ui/package-lock.json:32 url=https://github.com/left-pad/left-pad.git"});
  CHECK(got.problems == Problems{});
}

TEST_CASE("package-lock.json version 3: packages, the root, links, dev, devOptional, nested "
          "installs, a git dependency and one component per name, version and integrity")
{
  const std::string text = R"x({
  "name": "pump-ui",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "pump-ui",
      "version": "1.0.0",
      "workspaces": [
        "packages/widgets"
      ],
      "dependencies": {
        "@types/node": "^20.8.0",
        "debug": "^4.3.4"
      },
      "devDependencies": {
        "mocha": "^10.2.0"
      }
    },
    "node_modules/@types/node": {
      "version": "20.8.10",
      "resolved": "https://registry.npmjs.org/@types/node/-/node-20.8.10.tgz",
      "integrity": "sha512-TlgT8JntpcbmKUFzjhsyhGfP2fsiz1Mv56im6enJ905xG1DAYesxJaeSbGqQmAw8OWPdhyJGhGSQGKRNJ45u9w==",
      "dependencies": {
        "undici-types": "~5.26.4"
      }
    },
    "node_modules/debug": {
      "version": "4.3.4",
      "resolved": "https://registry.npmjs.org/debug/-/debug-4.3.4.tgz",
      "integrity": "sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ==",
      "dependencies": {
        "ms": "2.1.2"
      },
      "peerDependenciesMeta": {
        "supports-color": {
          "optional": true
        }
      }
    },
    "node_modules/fsevents": {
      "version": "2.3.3",
      "resolved": "https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz",
      "integrity": "sha512-5xoDfX+fL7faATnagmWPpbFtwh/R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw==",
      "devOptional": true,
      "optional": true,
      "os": [
        "darwin"
      ]
    },
    "node_modules/mocha": {
      "version": "10.2.0",
      "resolved": "https://registry.npmjs.org/mocha/-/mocha-10.2.0.tgz",
      "integrity": "sha512-IDY7fl/BecMwFHzoqF2sg/SHHANeBoMMXFlS9r0OXKDssYE1M5O43wUY/9BVPeIvfH2zmEbBfseqN9gBQZzXkg==",
      "dev": true,
      "dependencies": {
        "debug": "4.3.4",
        "ms": "2.1.3"
      },
      "optionalDependencies": {
        "fsevents": "~2.3.2"
      }
    },
    "node_modules/mocha/node_modules/ms": {
      "version": "2.1.3",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
      "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==",
      "dev": true
    },
    "node_modules/ms": {
      "version": "2.1.2",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz",
      "integrity": "sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w=="
    },
    "node_modules/widgets": {
      "resolved": "packages/widgets",
      "link": true
    },
    "packages/widgets": {
      "name": "widgets",
      "version": "0.1.0"
    },
    "node_modules/undici-types": {
      "version": "5.26.5",
      "resolved": "https://registry.npmjs.org/undici-types/-/undici-types-5.26.5.tgz",
      "integrity": "sha512-JlCMO+ehdEIKqlFxk6IfVoAUVmgz7cU7zD/h9XZ0qzeosSHmUJVOzSQvvYSYWXkFXC+IfLKSIffhv0sVZup6pA=="
    },
    "node_modules/aliased/node_modules/undici-types": {
      "version": "5.26.5",
      "resolved": "https://registry.npmjs.org/undici-types/-/undici-types-5.26.5.tgz",
      "integrity": "sha512-JlCMO+ehdEIKqlFxk6IfVoAUVmgz7cU7zD/h9XZ0qzeosSHmUJVOzSQvvYSYWXkFXC+IfLKSIffhv0sVZup6pA=="
    },
    "node_modules/string-width-cjs": {
      "name": "string-width",
      "version": "4.2.3",
      "resolved": "https://registry.npmjs.org/string-width/-/string-width-4.2.3.tgz",
      "integrity": "sha512-wKyQRQpjJ0sIp62ErSZdGsjMJWsap5oRNihHhu6G7JVO/9jIB6UyevL+tXuOqrng8j/cxKTWyWUwvSTriiZz/g=="
    },
    "node_modules/pump-proto": {
      "version": "0.2.0",
      "resolved": "git+ssh://git@github.com/pump-org/pump-proto.git#9f8e7d6c5b4a39281706f5e4d3c2b1a098765432",
      "license": "MIT"
    }
  }
}
)x";
  const auto got = read(trail::soup::parse_package_lock, "package-lock.json", text);
  CHECK(got.components ==
        Lines{"npm @types/node 20.8.10 pkg:npm/%40types/node@20.8.10 package-lock.json:21 "
              "sha512-"
              "TlgT8JntpcbmKUFzjhsyhGfP2fsiz1Mv56im6enJ905xG1DAYesxJaeSbGqQmAw8OWPdhyJGhGSQGKRNJ45u"
              "9w== "
              "url=https://registry.npmjs.org/@types/node/-/node-20.8.10.tgz deps=undici-types",
              "npm debug 4.3.4 pkg:npm/debug@4.3.4 package-lock.json:29 "
              "sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/"
              "vCNNhehwxfkQ== "
              "url=https://registry.npmjs.org/debug/-/debug-4.3.4.tgz deps=ms",
              "npm fsevents 2.3.3 pkg:npm/fsevents@2.3.3 package-lock.json:42 "
              "sha512-5xoDfX+fL7faATnagmWPpbFtwh/"
              "R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw== "
              "dev url=https://registry.npmjs.org/fsevents/-/fsevents-2.3.3.tgz",
              "npm mocha 10.2.0 pkg:npm/mocha@10.2.0 package-lock.json:52 "
              "sha512-IDY7fl/BecMwFHzoqF2sg/SHHANeBoMMXFlS9r0OXKDssYE1M5O43wUY/"
              "9BVPeIvfH2zmEbBfseqN9gBQZzXkg== "
              "dev url=https://registry.npmjs.org/mocha/-/mocha-10.2.0.tgz deps=debug,ms,fsevents",
              "npm ms 2.1.3 pkg:npm/ms@2.1.3 package-lock.json:65 "
              "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/"
              "tXtF3WRTlA== "
              "dev url=https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
              "npm ms 2.1.2 pkg:npm/ms@2.1.2 package-lock.json:71 "
              "sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/"
              "RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w== "
              "url=https://registry.npmjs.org/ms/-/ms-2.1.2.tgz",
              "npm undici-types 5.26.5 pkg:npm/undici-types@5.26.5 package-lock.json:84 "
              "sha512-JlCMO+ehdEIKqlFxk6IfVoAUVmgz7cU7zD/"
              "h9XZ0qzeosSHmUJVOzSQvvYSYWXkFXC+IfLKSIffhv0sVZup6pA== "
              "url=https://registry.npmjs.org/undici-types/-/undici-types-5.26.5.tgz",
              "npm string-width 4.2.3 pkg:npm/string-width@4.2.3 package-lock.json:94 "
              "sha512-wKyQRQpjJ0sIp62ErSZdGsjMJWsap5oRNihHhu6G7JVO/9jIB6UyevL+tXuOqrng8j/"
              "cxKTWyWUwvSTriiZz/g== "
              "url=https://registry.npmjs.org/string-width/-/string-width-4.2.3.tgz",
              "npm pump-proto 9f8e7d6c5b4a39281706f5e4d3c2b1a098765432 "
              "pkg:github/pump-org/pump-proto@9f8e7d6c5b4a39281706f5e4d3c2b1a098765432 "
              "package-lock.json:100 url=ssh://git@github.com/pump-org/pump-proto.git"});
  CHECK(got.problems == Problems{});
}

TEST_CASE("package-lock.json that is not one: the problem names the file and line")
{
  CHECK(read(trail::soup::parse_package_lock,
             "web/package-lock.json",
             "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/a\": {\n"
             "      \"version\": \"1.0.0\"\n    }\n  \n")
            .problems ==
        Problems{"web/package-lock.json:7: invalid JSON: syntax error while parsing object - "
                 "unexpected end of input; expected '}'"});
  CHECK(read(trail::soup::parse_package_lock,
             "package-lock.json",
             "{\n  \"lockfileVersion\": 4,\n  \"packages\": {}\n}\n")
            .problems ==
        Problems{"package-lock.json:2: lockfileVersion 4 is not one git-trail reads (1, 2 or 3)"});
  CHECK(read(trail::soup::parse_package_lock,
             "package-lock.json",
             "{\n  \"lockfileVersion\": 3,\n  \"packages\": [\n  ]\n}\n")
            .problems == Problems{"package-lock.json:3: 'packages' is not an object"});
  const auto wrong = read(trail::soup::parse_package_lock,
                          "package-lock.json",
                          "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n"
                          "    \"node_modules/a\": 7,\n"
                          "    \"node_modules/b\": {\"version\": 2}\n  }\n}\n");
  CHECK(wrong.problems == Problems{"package-lock.json:4: the entry of 'a' is not an object",
                                   "package-lock.json:5: 'version' is not a string"});
  CHECK(wrong.components == Lines{"npm b - pkg:npm/b package-lock.json:5 can-move"});
  CHECK(read(trail::soup::parse_package_lock, "package-lock.json", "[1, 2]").problems ==
        Problems{"package-lock.json:1: not a package-lock.json: the top is not an object"});
}

// --- Cargo.lock -------------------------------------------------------------------------------

TEST_CASE("Cargo.lock: registry and git crates are components, the workspace's crates are not")
{
  const std::string text = R"x(# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 3

[[package]]
name = "anyhow"
version = "1.0.75"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "a4668cab20f66d8d020e1fbc0ebe47217433c1b6c8f2040faf858554e394ace6"

[[package]]
name = "pump-control"
version = "0.4.0"
dependencies = [
 "anyhow",
 "pump-hal",
 "serde 1.0.190",
 "tinyvec",
]

[[package]]
name = "pump-hal"
version = "0.1.0"

[[package]]
name = "serde"
version = "1.0.190"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "91d3c334ca1ee894a2c6f6ad698fe8c435b76d504b13d436f0685d648d6d96f7"
dependencies = [
 "serde_derive",
]

[[package]]
name = "serde"
version = "0.9.15"
source = "sparse+https://cargo.example.com/index/"
checksum = "34b623917345a631dc9608d5194cc206b3fe6c3554cd1c75b937e55e285254af"

[[package]]
name = "tinyvec"
version = "1.6.0"
source = "git+https://github.com/Lokathor/tinyvec?branch=main#6ea2a0dd02cbd5a0b3d2fd5b5e8e3ed4c6c3a8ef"
)x";
  const auto got = read(trail::soup::parse_cargo_lock, "Cargo.lock", text);
  CHECK(got.components ==
        Lines{"cargo anyhow 1.0.75 pkg:cargo/anyhow@1.0.75 Cargo.lock:5 "
              "sha256:a4668cab20f66d8d020e1fbc0ebe47217433c1b6c8f2040faf858554e394ace6 "
              "url=https://github.com/rust-lang/crates.io-index",
              "cargo serde 1.0.190 pkg:cargo/serde@1.0.190 Cargo.lock:25 "
              "sha256:91d3c334ca1ee894a2c6f6ad698fe8c435b76d504b13d436f0685d648d6d96f7 "
              "url=https://github.com/rust-lang/crates.io-index deps=serde_derive",
              "cargo serde 0.9.15 pkg:cargo/serde@0.9.15 Cargo.lock:34 "
              "sha256:34b623917345a631dc9608d5194cc206b3fe6c3554cd1c75b937e55e285254af "
              "url=https://cargo.example.com/index/",
              "cargo tinyvec 6ea2a0dd02cbd5a0b3d2fd5b5e8e3ed4c6c3a8ef "
              "pkg:github/Lokathor/tinyvec@6ea2a0dd02cbd5a0b3d2fd5b5e8e3ed4c6c3a8ef Cargo.lock:40 "
              "url=https://github.com/Lokathor/tinyvec"});
  CHECK(got.problems == Problems{});
}

TEST_CASE("Cargo.lock version 1: dependencies with their source, checksums in [metadata]")
{
  const std::string text = R"x([[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "libc 0.2.66 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "libc"
version = "0.2.66"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum libc 0.2.66 (registry+https://github.com/rust-lang/crates.io-index)" = "d515b1f41455adea1313a4a2ac8a8a477634fbae63cc6100e3aebb207ce61558"
)x";
  const auto got = read(trail::soup::parse_cargo_lock, "Cargo.lock", text);
  CHECK(got.components ==
        Lines{"cargo libc 0.2.66 pkg:cargo/libc@0.2.66 Cargo.lock:8 "
              "sha256:d515b1f41455adea1313a4a2ac8a8a477634fbae63cc6100e3aebb207ce61558 "
              "url=https://github.com/rust-lang/crates.io-index"});
  CHECK(got.problems == Problems{});
}

TEST_CASE("Cargo.lock that is not one: the problem names the file and line")
{
  CHECK(read(trail::soup::parse_cargo_lock,
             "rust/Cargo.lock",
             "version = 3\n\n[[package]]\nname = \"anyhow\"\nversion = 1.0.75\n")
            .problems ==
        Problems{"rust/Cargo.lock:5: invalid TOML in floating-point: expected decimal digit or "
                 "exponent, saw '.'"});
  CHECK(read(trail::soup::parse_cargo_lock, "Cargo.lock", "version = 3\npackage = \"anyhow\"\n")
            .problems == Problems{"Cargo.lock:2: 'package' is not [[package]] tables"});
  const auto wrong =
      read(trail::soup::parse_cargo_lock,
           "Cargo.lock",
           "[[package]]\nversion = \"1.0.0\"\nsource = \"registry+https://x\"\n\n"
           "[[package]]\nname = \"a\"\nversion = 1\nsource = \"registry+https://x\"\n");
  CHECK(wrong.problems == Problems{"Cargo.lock:1: a [[package]] without a name",
                                   "Cargo.lock:7: 'version' is not a string"});
  CHECK(wrong.components == Lines{"cargo a - pkg:cargo/a Cargo.lock:5 url=https://x"});
}

// --- go.sum -----------------------------------------------------------------------------------

TEST_CASE("go.sum: one component per module version whose files are hashed")
{
  const std::string text =
      "github.com/davecgh/go-spew v1.1.1 h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c=\n"
      "github.com/davecgh/go-spew v1.1.1/go.mod h1:J7Y8YcW2NihsgmVo/mv3lAwl/skON4iLHjSsI+c5H38=\n"
      "github.com/go-chi/chi/v5 v5.0.10 h1:rLz5avzKpjqxrYwXNfmjkrYYXOyLJd37pz53UFHC6vk=\n"
      "github.com/go-chi/chi/v5 v5.0.10/go.mod h1:DslCQbL2OYiznFReuXYUmQ2hGd1aDpCnlMNITLSKoi8=\n"
      "github.com/stretchr/objx v0.1.0/go.mod h1:HFkY916IF+rwdDfMAkV7OtwuqBVzrE8GR6GFx+wExME=\n"
      "\n"
      "golang.org/x/net v0.17.0 h1:pVaXccu2ozPjCXewfr1S7xoSfDs5ASpgmAp4pBLiIII=\n"
      "golang.org/x/net v0.17.0 h1:pVaXccu2ozPjCXewfr1S7xoSfDs5ASpgmAp4pBLiIII=\n"
      "golang.org/x/net v0.17.0/go.mod h1:NxSsAGuq816PNPmqtQdLE42eU2Fs7NoRIZrHJAlaCOE=\n"
      "gopkg.in/yaml.v3 v3.0.0-20200313102051-9f266ea9e77c "
      "h1:dUUwHk2QECo/6vqA44rthZ8ie2QXMNeKRTHCNY2nXvo=\n"
      "rsc.io/quote v1.5.2+incompatible h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=\n";
  const auto got = read(trail::soup::parse_go_sum, "svc/go.sum", text);
  CHECK(got.components ==
        Lines{"go github.com/davecgh/go-spew v1.1.1 pkg:golang/github.com/davecgh/go-spew@v1.1.1 "
              "svc/go.sum:1 h1:vj9j/u1bqnvCEfJOwUhtlOARqs3+rkHYY13jYWTU97c=",
              "go github.com/go-chi/chi/v5 v5.0.10 pkg:golang/github.com/go-chi/chi/v5@v5.0.10 "
              "svc/go.sum:3 h1:rLz5avzKpjqxrYwXNfmjkrYYXOyLJd37pz53UFHC6vk=",
              "go golang.org/x/net v0.17.0 pkg:golang/golang.org/x/net@v0.17.0 svc/go.sum:7 "
              "h1:pVaXccu2ozPjCXewfr1S7xoSfDs5ASpgmAp4pBLiIII=",
              "go gopkg.in/yaml.v3 v3.0.0-20200313102051-9f266ea9e77c "
              "pkg:golang/gopkg.in/yaml.v3@v3.0.0-20200313102051-9f266ea9e77c svc/go.sum:10 "
              "h1:dUUwHk2QECo/6vqA44rthZ8ie2QXMNeKRTHCNY2nXvo=",
              "go rsc.io/quote v1.5.2+incompatible pkg:golang/rsc.io/quote@v1.5.2%2Bincompatible "
              "svc/go.sum:11 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y="});
  CHECK(got.problems == Problems{});
}

TEST_CASE("go.sum lines that are not 'module version h1:hash', and a second hash")
{
  const auto got =
      read(trail::soup::parse_go_sum,
           "go.sum",
           "golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=\n"
           "golang.org/x/text v0.14.0\n"
           "golang.org/x/text v0.14.0 sha256:abc\n"
           "golang.org/x/text v0.14.0 h1:AAAAw1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=\n");
  CHECK(got.components == Lines{"go golang.org/x/text v0.14.0 pkg:golang/golang.org/x/text@v0.14.0 "
                                "go.sum:1 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ="});
  CHECK(got.problems ==
        Problems{"go.sum:2: not a go.sum line 'MODULE VERSION h1:HASH'",
                 "go.sum:3: not a go.sum line 'MODULE VERSION h1:HASH'",
                 "go.sum:4: a second, different hash for golang.org/x/text v0.14.0"});
}

// --- requirements*.txt ------------------------------------------------------------------------

TEST_CASE("requirements.txt: every line form")
{
  const std::string text = R"x(# This file is autogenerated by pip-compile with Python 3.11
--index-url https://pypi.org/simple
--extra-index-url https://pypi.example.com/simple
-r requirements-base.txt
-c constraints.txt

requests==2.31.0 \
    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f \
    --hash=sha256:942c5a758f98d790eaed1a29cb6eefc7ffb0d1cf7af05c3d2791656dbd6ad1e1
    # via -r requirements.in
Django[argon2,bcrypt] >= 4.2, < 5.0  # the LTS line
zope.interface~=6.0
Typing_Extensions==4.8.0 ; python_version < "3.11"
six
numpy==1.26.*
attrs (===23.1.0)
-e git+https://github.com/pump-org/pump-tools.git@v1.2.0#egg=pump-tools
-e .
--editable ./libs/pump-model
pump-core @ git+https://github.com/pump-org/pump-core.git@0123456789abcdef0123456789abcdef01234567
https://files.example.com/pkgs/fancy_widgets-1.0.tar.gz#egg=fancy_widgets&sha256=1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988
./vendor/wheels/localthing-1.0-py3-none-any.whl
)x";
  const auto got = read(trail::soup::parse_requirements, "requirements.txt", text);
  CHECK(got.components ==
        Lines{"pypi requests 2.31.0 pkg:pypi/requests@2.31.0 requirements.txt:7 "
              "sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f",
              "pypi Django >=4.2,<5.0 pkg:pypi/django requirements.txt:11 can-move",
              "pypi zope.interface ~=6.0 pkg:pypi/zope-interface requirements.txt:12 can-move",
              "pypi Typing_Extensions 4.8.0 pkg:pypi/typing-extensions@4.8.0 requirements.txt:13",
              "pypi six - pkg:pypi/six requirements.txt:14 can-move",
              "pypi numpy ==1.26.* pkg:pypi/numpy requirements.txt:15 can-move",
              "pypi attrs 23.1.0 pkg:pypi/attrs@23.1.0 requirements.txt:16",
              "pypi pump-tools v1.2.0 pkg:github/pump-org/pump-tools@v1.2.0 requirements.txt:17 "
              "can-move url=https://github.com/pump-org/pump-tools.git",
              "pypi pump-core 0123456789abcdef0123456789abcdef01234567 "
              "pkg:github/pump-org/pump-core@0123456789abcdef0123456789abcdef01234567 "
              "requirements.txt:20 url=https://github.com/pump-org/pump-core.git",
              "pypi fancy_widgets - pkg:pypi/fancy-widgets requirements.txt:21 "
              "sha256:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988 "
              "url=https://files.example.com/pkgs/fancy_widgets-1.0.tar.gz"});
  CHECK(got.problems == Problems{});
}

TEST_CASE("requirements files named for development, and lines git-trail cannot read")
{
  for (const auto* name : {"requirements-dev.txt",
                           "py/requirements_test.txt",
                           "requirements.docs.txt",
                           "requirements-ci-py311.txt"}) {
    INFO(name);
    CHECK(read(trail::soup::parse_requirements, name, "pytest==7.4.3\n").components ==
          Lines{"pypi pytest 7.4.3 pkg:pypi/pytest@7.4.3 " + std::string(name) + ":1 dev"});
  }
  CHECK(read(trail::soup::parse_requirements, "requirements-prod.txt", "gunicorn==21.2.0\n")
            .components == Lines{"pypi gunicorn 21.2.0 pkg:pypi/gunicorn@21.2.0 "
                                 "requirements-prod.txt:1"});
  const auto got = read(trail::soup::parse_requirements,
                        "requirements.txt",
                        "-r base.in\n--frobnicate\n!!! not a package\n"
                        "git+https://github.com/pump-org/nameless.git@v1\n");
  CHECK(got.components == Lines{});
  CHECK(got.problems ==
        Problems{"requirements.txt:1: '-r base.in' names a file git-trail does not read (only "
                 "*requirements*.txt files are)",
                 "requirements.txt:2: unknown option '--frobnicate'",
                 "requirements.txt:3: not a requirement: '!!! not a package'",
                 "requirements.txt:4: a URL requirement without a name: "
                 "'git+https://github.com/pump-org/nameless.git@v1' (add #egg=NAME)"});
}

// --- poetry.lock ------------------------------------------------------------------------------

TEST_CASE("poetry.lock of poetry 1.1: category, [metadata.files], a git source")
{
  const std::string text = R"x([[package]]
name = "certifi"
version = "2023.7.22"
description = "Python package for providing Mozilla's CA Bundle."
category = "main"
optional = false
python-versions = ">=3.6"

[[package]]
name = "pytest"
version = "7.4.3"
description = "pytest: simple powerful testing with Python"
category = "dev"
optional = false
python-versions = ">=3.7"

[package.dependencies]
colorama = {version = "*", markers = "sys_platform == \"win32\""}
iniconfig = "*"

[[package]]
name = "pump-model"
version = "0.3.0"
description = ""
category = "main"
optional = false
python-versions = "^3.8"
develop = false

[package.source]
type = "git"
url = "https://github.com/pump-org/pump-model.git"
reference = "main"
resolved_reference = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

[metadata]
lock-version = "1.1"
python-versions = "^3.8"
content-hash = "0f7d9a1e4c3b2a19d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5"

[metadata.files]
certifi = [
    {file = "certifi-2023.7.22-py3-none-any.whl", hash = "sha256:92d6037539857d8206b8f6ae472e8b77db8058fec5937a1ef3f54304089edbb9"},
    {file = "certifi-2023.7.22.tar.gz", hash = "sha256:539cc1d13202e33ca466e88b2807e29f4c13049d6d87031a3c110744495cb082"},
]
pytest = [
    {file = "pytest-7.4.3-py3-none-any.whl", hash = "sha256:0d009c083ea859a71b76adf7c1d502e4bc170b80a8ef002da5806527b9591fac"},
]
pump-model = []
)x";
  const auto got = read(trail::soup::parse_poetry_lock, "poetry.lock", text);
  CHECK(got.components ==
        Lines{"pypi certifi 2023.7.22 pkg:pypi/certifi@2023.7.22 poetry.lock:1 "
              "sha256:539cc1d13202e33ca466e88b2807e29f4c13049d6d87031a3c110744495cb082",
              "pypi pytest 7.4.3 pkg:pypi/pytest@7.4.3 poetry.lock:9 "
              "sha256:0d009c083ea859a71b76adf7c1d502e4bc170b80a8ef002da5806527b9591fac dev "
              "deps=colorama,iniconfig",
              "pypi pump-model 4b825dc642cb6eb9a060e54bf8d69288fbee4904 "
              "pkg:github/pump-org/pump-model@4b825dc642cb6eb9a060e54bf8d69288fbee4904 "
              "poetry.lock:21 url=https://github.com/pump-org/pump-model.git"});
  CHECK(got.problems == Problems{});
}

TEST_CASE("poetry.lock of poetry 2: groups, files in the package, a directory source")
{
  const std::string text =
      R"x(# This file is automatically @generated by Poetry 2.0.1 and should not be changed by hand.

[[package]]
name = "charset-normalizer"
version = "3.3.2"
description = "The Real First Universal Charset Detector."
optional = false
python-versions = ">=3.7.0"
groups = ["main"]
files = [
    {file = "charset_normalizer-3.3.2-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", hash = "sha256:0b2b64d2bb6d3fb9112bafa732def486049e63de9618b5843bcdd081d8144cd8"},
    {file = "charset-normalizer-3.3.2.tar.gz", hash = "sha256:f30c3cb33b24454a82faecaf01b19c18562b1e89558fb6c56de4d9118a032fd5"},
]

[[package]]
name = "Flask_Cors"
version = "4.0.0"
description = "A Flask extension adding a decorator for CORS support"
optional = false
python-versions = "*"
groups = ["main", "dev"]
files = [
    {file = "Flask_Cors-4.0.0-py2.py3-none-any.whl", hash = "sha256:bc3492bfd6368d27cfe79c7821df5a8a319e1a6d5eab277a3794be19bdc51783"},
]

[package.dependencies]
Flask = ">=0.9"

[[package]]
name = "mypy"
version = "1.7.0"
description = "Optional static typing for Python"
optional = false
python-versions = ">=3.8"
groups = ["dev"]
files = [
    {file = "mypy-1.7.0-cp311-cp311-manylinux_2_17_x86_64.whl", hash = "sha256:5da84d7bf257fd8f66b4f759a904fd2c5a765f70d8b52dde62b521972a0a2357"},
    {file = "mypy-1.7.0-py3-none-any.whl", hash = "sha256:96650d9a4c651bc2a4991cf46f100973f656d69edc7faf91844e87fe627f793e"},
]

[[package]]
name = "pump-model"
version = "0.1.0"
description = ""
optional = false
python-versions = "^3.11"
groups = ["main"]
files = []
develop = true

[package.source]
type = "directory"
url = "libs/pump-model"

[metadata]
lock-version = "2.1"
python-versions = ">=3.11"
content-hash = "6a1c0a5e6f2b3d4c5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d"
)x";
  const auto got = read(trail::soup::parse_poetry_lock, "app/poetry.lock", text);
  CHECK(got.components ==
        Lines{"pypi charset-normalizer 3.3.2 pkg:pypi/charset-normalizer@3.3.2 app/poetry.lock:3 "
              "sha256:f30c3cb33b24454a82faecaf01b19c18562b1e89558fb6c56de4d9118a032fd5",
              "pypi Flask_Cors 4.0.0 pkg:pypi/flask-cors@4.0.0 app/poetry.lock:15 "
              "sha256:bc3492bfd6368d27cfe79c7821df5a8a319e1a6d5eab277a3794be19bdc51783 "
              "deps=Flask",
              "pypi mypy 1.7.0 pkg:pypi/mypy@1.7.0 app/poetry.lock:29 "
              "sha256:5da84d7bf257fd8f66b4f759a904fd2c5a765f70d8b52dde62b521972a0a2357 dev"});
  CHECK(got.problems == Problems{});
}

// --- uv.lock ----------------------------------------------------------------------------------

TEST_CASE("uv.lock: the project is no component, sdist digests, git sources, dev-only "
          "dependencies")
{
  const std::string text = R"x(version = 1
requires-python = ">=3.11"

[[package]]
name = "certifi"
version = "2023.11.17"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/d4/91/certifi-2023.11.17.tar.gz", hash = "sha256:9b469f3a900bf28dc19b8cfbf8019bf47f7fdd1a65a1d4ffb98fc14166beb4d1", size = 163637 }
wheels = [
    { url = "https://files.pythonhosted.org/packages/64/62/certifi-2023.11.17-py3-none-any.whl", hash = "sha256:e036ab49d5b79556f99cfc2d9320b34cfbe5be05c5871b51de9329f0603b0474", size = 162530 },
]

[[package]]
name = "iniconfig"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/ef/a6/iniconfig-2.0.0-py3-none-any.whl", hash = "sha256:b6a85871a79d2e3b22d2d1b94ac2824226a63c6b741c88f7ae975f18b6778374", size = 5892 },
]

[[package]]
name = "pump-app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "requests" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
    { name = "urllib3" },
]

[package.metadata]
requires-dist = [{ name = "requests", specifier = ">=2.31" }]

[[package]]
name = "pytest"
version = "7.4.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "iniconfig" },
]
sdist = { url = "https://files.pythonhosted.org/packages/38/d4/pytest-7.4.3.tar.gz", hash = "sha256:d989d136982de4e3b29dabcc838ad581c64e8ed52c11fbe86ddebd9da0818cd5", size = 1357116 }

[[package]]
name = "requests"
version = "2.31.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "certifi" },
    { name = "urllib3" },
]

[[package]]
name = "urllib3"
version = "2.1.0"
source = { git = "https://github.com/urllib3/urllib3?rev=main#1b2c3d4e5f60718293a4b5c6d7e8f90112233445" }
)x";
  const auto got = read(trail::soup::parse_uv_lock, "uv.lock", text);
  CHECK(got.components ==
        Lines{"pypi certifi 2023.11.17 pkg:pypi/certifi@2023.11.17 uv.lock:4 "
              "sha256:9b469f3a900bf28dc19b8cfbf8019bf47f7fdd1a65a1d4ffb98fc14166beb4d1 "
              "url=https://pypi.org/simple",
              "pypi iniconfig 2.0.0 pkg:pypi/iniconfig@2.0.0 uv.lock:13 "
              "sha256:b6a85871a79d2e3b22d2d1b94ac2824226a63c6b741c88f7ae975f18b6778374 dev "
              "url=https://pypi.org/simple",
              "pypi pytest 7.4.3 pkg:pypi/pytest@7.4.3 uv.lock:38 "
              "sha256:d989d136982de4e3b29dabcc838ad581c64e8ed52c11fbe86ddebd9da0818cd5 dev "
              "url=https://pypi.org/simple deps=iniconfig",
              "pypi requests 2.31.0 pkg:pypi/requests@2.31.0 uv.lock:47 "
              "url=https://pypi.org/simple deps=certifi,urllib3",
              "pypi urllib3 1b2c3d4e5f60718293a4b5c6d7e8f90112233445 "
              "pkg:github/urllib3/urllib3@1b2c3d4e5f60718293a4b5c6d7e8f90112233445 uv.lock:56 "
              "url=https://github.com/urllib3/urllib3"});
  CHECK(got.problems == Problems{});
}

TEST_CASE("poetry.lock and uv.lock that are not ones: the problem names the file and line")
{
  CHECK(read(trail::soup::parse_poetry_lock,
             "poetry.lock",
             "[[package]]\nname = \"certifi\"\nversion = \"2023.7.22\"\n[[package]\n")
            .problems ==
        Problems{"poetry.lock:4: invalid TOML in table header: expected ']', saw '\\n'"});
  CHECK(read(trail::soup::parse_uv_lock,
             "uv.lock",
             "version = 1\n\n[[package]]\nname = \"certifi\"\nversion = \"2023.11.17\"\n")
            .problems == Problems{"uv.lock:3: 'certifi' has no source"});
  CHECK(read(trail::soup::parse_uv_lock, "uv.lock", "version = 1\n[package]\nname = \"x\"\n")
            .problems == Problems{"uv.lock:2: 'package' is not [[package]] tables"});
}
