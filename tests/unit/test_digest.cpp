// SHA-256 against the FIPS 180-2 test vectors.

#include "core/util/digest.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace trail;

TEST_CASE("digest: SHA-256 of the standard test vectors")
{
  CHECK(util::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(util::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(util::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(util::sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(util::sha256_hex(std::string("a\0b", 3)) != util::sha256_hex("a"));
}

TEST_CASE("digest: SHA-256 fed in pieces equals the digest of the whole")
{
  util::Sha256 digest;
  digest.update("a");
  digest.update("");
  digest.update("bc");
  const std::string hex = digest.hex();
  CHECK(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(digest.hex() == hex); // finishing is done once
  CHECK_THROWS_AS(digest.update("more"), Error);

  util::Sha256 empty;
  CHECK(empty.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  util::Sha256 moved_from;
  moved_from.update("ab");
  util::Sha256 moved = std::move(moved_from);
  moved.update("c");
  CHECK(moved.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
