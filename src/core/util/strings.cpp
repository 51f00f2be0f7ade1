#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <numeric>

namespace trail::util {

namespace {

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char ascii_lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Returns the length of the valid UTF-8 sequence starting at S[0], or 0 if it is invalid.
size_t utf8_sequence_length(std::string_view s)
{
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) {
    return 1;
  }
  size_t len = 0;
  unsigned min = 0;
  unsigned cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (s.size() < len) {
    return 0;
  }
  for (size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

} // namespace

std::string_view trim_right(std::string_view s)
{
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view trim(std::string_view s)
{
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  return trim_right(s);
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    const size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string_view> split_lines(std::string_view s)
{
  if (s.empty()) {
    return {};
  }
  if (s.back() == '\n') {
    s.remove_suffix(1);
  }
  return split(s, '\n');
}

std::string join(const std::vector<std::string>& parts, std::string_view sep)
{
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += sep;
    }
    out += parts[i];
  }
  return out;
}

std::string sanitize_utf8(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const size_t len = utf8_sequence_length(s);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      s.remove_prefix(1);
    } else {
      out.append(s.substr(0, len));
      s.remove_prefix(len);
    }
  }
  return out;
}

std::string escape_markup(std::string_view s)
{
  std::string out;
  for (const char c : sanitize_utf8(s)) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
        out += "\xEF\xBF\xBD";
      } else {
        out += c;
      }
    }
  }
  return out;
}

bool iequals(std::string_view s, std::string_view other)
{
  return s.size() == other.size() &&
         std::equal(s.begin(), s.end(), other.begin(), [](char a, char b) {
           return ascii_lower(a) == ascii_lower(b);
         });
}

std::string to_lower(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string to_upper(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b, size_t max)
{
  // Optimal string alignment: insertions, deletions, substitutions and transpositions of two
  // neighbours ("titel" -> "title") each cost one, as typos do.
  std::vector<size_t> before(b.size() + 1);
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> row(b.size() + 1);
  std::iota(previous.begin(), previous.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    size_t best = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j - 1] + 1, previous[j] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
          ascii_lower(a[i - 2]) == ascii_lower(b[j - 1])) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
      best = std::min(best, row[j]);
    }
    if (best > max) {
      return max + 1;
    }
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}

std::string_view closest_match(std::string_view word,
                               const std::vector<std::string_view>& candidates)
{
  // Allow roughly one typo per three characters, as ninja's "did you mean" does.
  const size_t allowed = std::max<size_t>(1, word.size() / 3);
  std::string_view best;
  size_t best_distance = allowed + 1;
  for (const auto candidate : candidates) {
    const size_t distance = edit_distance(word, candidate, allowed);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

namespace {
constexpr std::string_view k_base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
} // namespace

// Decodes standard base64 (with or without padding); nullopt on any other character.
std::optional<std::string> base64_decode(std::string_view text)
{
  const std::string_view k_alphabet = k_base64_alphabet;
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const size_t value = k_alphabet.find(c);
    if (value == std::string_view::npos) {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string base64_encode(std::string_view bytes)
{
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t left = bytes.size() - i;
    const uint32_t n = (uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                       (left > 1 ? uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8 : 0) |
                       (left > 2 ? uint32_t{static_cast<unsigned char>(bytes[i + 2])} : 0);
    out += k_base64_alphabet[(n >> 18) & 63];
    out += k_base64_alphabet[(n >> 12) & 63];
    out += left > 1 ? k_base64_alphabet[(n >> 6) & 63] : '=';
    out += left > 2 ? k_base64_alphabet[n & 63] : '=';
  }
  return out;
}

std::optional<std::string_view> read_ssh_string(std::string_view blob, size_t& at)
{
  if (at > blob.size() || blob.size() - at < 4) {
    return std::nullopt;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data() + at);
  const size_t size = (size_t{p[0]} << 24) | (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
  if (blob.size() - at - 4 < size) {
    return std::nullopt;
  }
  const auto out = blob.substr(at + 4, size);
  at += 4 + size;
  return out;
}

std::string short_id(std::string_view id)
{
  return std::string(id.substr(0, 12));
}

bool natural_less(std::string_view a, std::string_view b)
{
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
    const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (da && db) {
      size_t ei = i;
      size_t ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) {
        ++ei;
      }
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) {
        ++ej;
      }
      // Compare the numbers without converting: strip leading zeros, then length, then digits.
      auto na = a.substr(i, ei - i);
      auto nb = b.substr(j, ej - j);
      while (na.size() > 1 && na.front() == '0') {
        na.remove_prefix(1);
      }
      while (nb.size() > 1 && nb.front() == '0') {
        nb.remove_prefix(1);
      }
      if (na.size() != nb.size()) {
        return na.size() < nb.size();
      }
      if (na != nb) {
        return na < nb;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] != b[j]) {
      return a[i] < b[j];
    }
    ++i, ++j;
  }
  return a.size() - i < b.size() - j;
}

std::string markdown_cell(std::string_view s, std::string_view line_break)
{
  std::string out;
  for (const char c : sanitize_utf8(s)) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += line_break;
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

} // namespace trail::util
