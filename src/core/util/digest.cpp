#include "core/util/digest.hpp"

#include "core/util/error.hpp"

#include <algorithm>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

namespace trail::util {

namespace {

// mbedTLS 2.x names the calls that report errors *_ret (the others are deprecated); 3.x
// dropped the suffix.
#if MBEDTLS_VERSION_MAJOR >= 3
int sha256_starts(mbedtls_sha256_context* ctx)
{
  return mbedtls_sha256_starts(ctx, 0);
}
int sha256_update(mbedtls_sha256_context* ctx, const unsigned char* data, size_t size)
{
  return mbedtls_sha256_update(ctx, data, size);
}
int sha256_finish(mbedtls_sha256_context* ctx, unsigned char* out)
{
  return mbedtls_sha256_finish(ctx, out);
}
int sha1_starts(mbedtls_sha1_context* ctx)
{
  return mbedtls_sha1_starts(ctx);
}
int sha1_update(mbedtls_sha1_context* ctx, const unsigned char* data, size_t size)
{
  return mbedtls_sha1_update(ctx, data, size);
}
int sha1_finish(mbedtls_sha1_context* ctx, unsigned char* out)
{
  return mbedtls_sha1_finish(ctx, out);
}
#else
int sha256_starts(mbedtls_sha256_context* ctx)
{
  return mbedtls_sha256_starts_ret(ctx, 0);
}
int sha256_update(mbedtls_sha256_context* ctx, const unsigned char* data, size_t size)
{
  return mbedtls_sha256_update_ret(ctx, data, size);
}
int sha256_finish(mbedtls_sha256_context* ctx, unsigned char* out)
{
  return mbedtls_sha256_finish_ret(ctx, out);
}
int sha1_starts(mbedtls_sha1_context* ctx)
{
  return mbedtls_sha1_starts_ret(ctx);
}
int sha1_update(mbedtls_sha1_context* ctx, const unsigned char* data, size_t size)
{
  return mbedtls_sha1_update_ret(ctx, data, size);
}
int sha1_finish(mbedtls_sha1_context* ctx, unsigned char* out)
{
  return mbedtls_sha1_finish_ret(ctx, out);
}
#endif

void check_mbedtls(int result, const char* what, const char* digest = "SHA-256")
{
  if (result != 0) {
    throw Error(std::string(digest) + ": " + what + " failed (mbedTLS error " +
                std::to_string(result) + ")");
  }
}

} // namespace

struct Sha256::State
{
  mbedtls_sha256_context context;
  std::string result; // set once finished

  State()
  {
    mbedtls_sha256_init(&context);
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State()
  {
    mbedtls_sha256_free(&context);
  }
};

Sha256::Sha256() : m_state(std::make_unique<State>())
{
  check_mbedtls(sha256_starts(&m_state->context), "start");
}

Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::update(std::string_view data)
{
  if (!m_state) {
    throw Error("SHA-256: update of a moved-from digest");
  }
  if (!m_state->result.empty()) {
    throw Error("SHA-256: update after the digest was finished");
  }
  check_mbedtls(sha256_update(&m_state->context,
                              reinterpret_cast<const unsigned char*>(data.data()),
                              data.size()),
                "update");
}

std::string Sha256::hex()
{
  if (!m_state) {
    throw Error("SHA-256: hex of a moved-from digest");
  }
  if (m_state->result.empty()) {
    unsigned char digest[32];
    check_mbedtls(sha256_finish(&m_state->context, digest), "finish");
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string text;
    text.reserve(2 * sizeof digest);
    for (const unsigned char byte : digest) {
      text += k_digits[byte >> 4];
      text += k_digits[byte & 0x0f];
    }
    m_state->result = std::move(text);
  }
  return m_state->result;
}

std::string sha256_hex(std::string_view data)
{
  Sha256 digest;
  digest.update(data);
  return digest.hex();
}

std::optional<std::array<uint8_t, 20>> sha1_of(std::string_view data, std::stop_token stop)
{
  struct Context
  {
    mbedtls_sha1_context context;
    Context()
    {
      mbedtls_sha1_init(&context);
    }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    ~Context()
    {
      mbedtls_sha1_free(&context);
    }
  } sha1;
  check_mbedtls(sha1_starts(&sha1.context), "start", "SHA-1");
  constexpr size_t k_piece = size_t{1} << 20;
  for (size_t at = 0; at < data.size(); at += k_piece) {
    if (stop.stop_requested()) {
      return std::nullopt;
    }
    const size_t size = std::min(k_piece, data.size() - at);
    check_mbedtls(
        sha1_update(&sha1.context, reinterpret_cast<const unsigned char*>(data.data() + at), size),
        "update",
        "SHA-1");
  }
  std::array<uint8_t, 20> out{};
  check_mbedtls(sha1_finish(&sha1.context, out.data()), "finish", "SHA-1");
  return out;
}

} // namespace trail::util
