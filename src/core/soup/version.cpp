#include "core/soup/version.hpp"

#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace trail::soup {
namespace {

struct ParsedVersion
{
  std::vector<std::string> numbers; // the dotted numeric release, digits only
  int kind = 0;                     // -1 pre-release, 0 none, 1 any other suffix
  std::string suffix;
};

ParsedVersion parse_version(std::string_view v)
{
  ParsedVersion out;
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V') && v.size() > 1 &&
      std::isdigit(static_cast<unsigned char>(v[1]))) {
    v.remove_prefix(1);
  }
  v = v.substr(0, v.find('+'));
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i;
    while (j < v.size() && std::isdigit(static_cast<unsigned char>(v[j]))) {
      ++j;
    }
    if (j == i) {
      break;
    }
    std::string number(v.substr(i, j - i));
    number.erase(0, std::min(number.find_first_not_of('0'), number.size() - 1));
    out.numbers.push_back(std::move(number));
    i = j;
    if (i + 1 < v.size() && v[i] == '.' && std::isdigit(static_cast<unsigned char>(v[i + 1]))) {
      ++i;
      continue;
    }
    break;
  }
  std::string_view rest = v.substr(i);
  if (rest.empty()) {
    return out;
  }
  const char lead = rest.front();
  std::string_view word = rest;
  if (lead == '-' || lead == '~') {
    out.kind = -1; // semver's and Debian's pre-release
    word.remove_prefix(1);
  } else {
    if (lead == '.' || lead == '_') {
      word.remove_prefix(1);
    }
    const std::string w = util::to_lower(word);
    const auto starts = [&](std::string_view p) {
      return w.starts_with(p) &&
             (w.size() == p.size() || std::isdigit(static_cast<unsigned char>(w[p.size()])) ||
              w[p.size()] == '.' || w[p.size()] == '-');
    };
    const bool letter_then_digit = w.size() >= 2 && std::isdigit(static_cast<unsigned char>(w[1]));
    out.kind = starts("alpha") || starts("beta") || starts("rc") || starts("pre") ||
                       starts("preview") || starts("dev") || starts("snapshot") ||
                       ((w.starts_with('a') || w.starts_with('b') || w.starts_with('c')) &&
                        letter_then_digit)
                   ? -1
                   : 1;
  }
  out.suffix = util::to_lower(word);
  return out;
}

int compare_numbers(const std::string& a, const std::string& b)
{
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  return a.compare(b) < 0 ? -1 : a == b ? 0 : 1;
}

// Runs of digits and of other characters, separators dropped.
std::vector<std::string> runs(std::string_view s)
{
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    const bool digit = std::isdigit(static_cast<unsigned char>(s[i])) != 0;
    if (!digit && !std::isalpha(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) != 0) == digit &&
           (digit || std::isalpha(static_cast<unsigned char>(s[j])))) {
      ++j;
    }
    std::string run(s.substr(i, j - i));
    if (digit) {
      run.erase(0, std::min(run.find_first_not_of('0'), run.size() - 1));
    }
    out.push_back(std::move(run));
    i = j;
  }
  return out;
}

bool is_number(const std::string& s)
{
  return !s.empty() && std::isdigit(static_cast<unsigned char>(s.front()));
}

// A commit id or an abbreviation of one: hex digits with at least one letter (all digits is a
// number, "20240101").
bool is_hex_id(std::string_view s)
{
  if (s.size() < 7 || s.size() > 64) {
    return false;
  }
  bool letter = false;
  for (const char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
    letter = letter || std::isalpha(static_cast<unsigned char>(c));
  }
  return letter;
}

} // namespace

int version_order(std::string_view a, std::string_view b)
{
  const auto x = parse_version(a);
  const auto y = parse_version(b);
  const size_t n = std::max(x.numbers.size(), y.numbers.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string& p = i < x.numbers.size() ? x.numbers[i] : "0";
    const std::string& q = i < y.numbers.size() ? y.numbers[i] : "0";
    if (const int c = compare_numbers(p, q); c != 0) {
      return c;
    }
  }
  if (x.kind != y.kind) {
    return x.kind < y.kind ? -1 : 1;
  }
  const auto r = runs(x.suffix);
  const auto s = runs(y.suffix);
  for (size_t i = 0; i < std::min(r.size(), s.size()); ++i) {
    const bool rn = is_number(r[i]);
    const bool sn = is_number(s[i]);
    int c = 0;
    if (rn && sn) {
      c = compare_numbers(r[i], s[i]);
    } else if (rn != sn) {
      c = rn ? -1 : 1;
    } else {
      c = r[i] < s[i] ? -1 : r[i] == s[i] ? 0 : 1;
    }
    if (c != 0) {
      return c;
    }
  }
  if (r.size() != s.size()) {
    return r.size() < s.size() ? -1 : 1;
  }
  return 0;
}

std::optional<int> compare_versions(std::string_view a, std::string_view b)
{
  const auto plain = [](std::string_view v) {
    if (v.size() > 1 && (v.front() == 'v' || v.front() == 'V') &&
        std::isdigit(static_cast<unsigned char>(v[1]))) {
      v.remove_prefix(1);
    }
    return v;
  };
  if (plain(a) == plain(b)) {
    return 0;
  }
  if (is_hex_id(a) || is_hex_id(b) || plain(a).empty() || plain(b).empty() ||
      !std::isdigit(static_cast<unsigned char>(plain(a).front())) ||
      !std::isdigit(static_cast<unsigned char>(plain(b).front()))) {
    return std::nullopt;
  }
  const int order = version_order(a, b);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

} // namespace trail::soup
