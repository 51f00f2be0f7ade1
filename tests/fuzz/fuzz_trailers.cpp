// libFuzzer target: message::parse_trailers with options chosen by the input's first bytes.
// Contract: any bytes give a list of trailers (never an exception), each with a line inside the
// message.
#include "core/message/trailers.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  using trail::message::TrailerOptions;
  TrailerOptions options;
  if (size >= 2) {
    // Byte 0: the switches; byte 1: the comment character.
    const uint8_t flags = data[0];
    static constexpr std::string_view k_separators[] = {":", ":=", "#:", ":%=", "=", ": \t"};
    options.separators = std::string(k_separators[(flags & 0x7) % std::size(k_separators)]);
    options.divider = (flags & 0x08) != 0;
    options.keep_leading_blank_lines = (flags & 0x10) != 0;
    if ((flags & 0x20) != 0) {
      options.configured_keys = {"Signed-off-by", "Implements", "Verifies"};
    }
    if ((flags & 0x40) != 0) {
      options.comment_char = static_cast<char>(data[1]);
    }
    data += 2;
    size -= 2;
  }
  const std::string_view message(reinterpret_cast<const char*>(data), size);
  const auto trailers = trail::message::parse_trailers(message, options);
  size_t lines = 1;
  for (const char c : message) {
    lines += c == '\n' ? 1 : 0;
  }
  for (const auto& trailer : trailers) {
    if (trailer.line == 0 || trailer.line > lines) {
      std::abort(); // a trailer must start on a line of the message
    }
  }
  return 0;
}
