#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

namespace trail::util {

// A SHA-256 digest computed piece by piece (mbedTLS underneath; its header stays private).
class Sha256
{
public:
  // Starts an empty digest.
  Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  ~Sha256();

  // Adds DATA to the digest; throws Error once hex() has finished it.
  void update(std::string_view data);
  // Finishes the digest and returns it as 64 lowercase hex digits; later calls return the
  // same value.
  std::string hex();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

// Returns the SHA-256 of DATA as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

// Returns the SHA-1 of DATA (the checksum git writes at the end of its index, pack and
// commit-graph files), or nullopt when STOP is requested first (checked every mebibyte).
std::optional<std::array<uint8_t, 20>> sha1_of(std::string_view data, std::stop_token stop = {});

} // namespace trail::util
