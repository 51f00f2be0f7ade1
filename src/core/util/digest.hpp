#pragma once

#include <memory>
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

} // namespace trail::util
