#include "core/soup/version.hpp"

#include <cctype>
#include <string>
#include <vector>

namespace trail::soup {
namespace {

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
  return letter; // all digits is a number ("20240101"), not a commit id
}

// One run of a version: a number, or text.
struct Part
{
  bool number = false;
  std::string text; // digits without leading zeros, or the text lower-cased
};

std::vector<Part> parts_of(std::string_view v)
{
  std::vector<Part> out;
  size_t i = 0;
  while (i < v.size()) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (std::isdigit(c)) {
      size_t j = i;
      while (j < v.size() && std::isdigit(static_cast<unsigned char>(v[j]))) {
        ++j;
      }
      std::string digits(v.substr(i, j - i));
      digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
      out.push_back({true, digits});
      i = j;
    } else if (std::isalpha(c)) {
      size_t j = i;
      std::string text;
      while (j < v.size() && std::isalpha(static_cast<unsigned char>(v[j]))) {
        text += static_cast<char>(std::tolower(static_cast<unsigned char>(v[j])));
        ++j;
      }
      out.push_back({false, text});
      i = j;
    } else {
      ++i; // separators: '.', '-', '_', '~'
    }
  }
  return out;
}

std::string_view normalise(std::string_view v)
{
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V') && v.size() > 1 &&
      std::isdigit(static_cast<unsigned char>(v[1]))) {
    v.remove_prefix(1);
  }
  if (const auto plus = v.find('+'); plus != std::string_view::npos) {
    v = v.substr(0, plus);
  }
  return v;
}

int compare_numbers(const std::string& a, const std::string& b)
{
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

// Text after the numbers: a pre-release comes before the release ("rc" < end); "post" and
// "p" (patch levels, as in 1.2.3p1 or .post1) come after it.
int tail_rank(const Part& p)
{
  return p.text == "post" || p.text == "p" || p.text == "pl" ? 1 : -1;
}

} // namespace

std::optional<int> compare_versions(std::string_view a, std::string_view b)
{
  a = normalise(a);
  b = normalise(b);
  if (a == b) {
    return 0;
  }
  if (is_hex_id(a) || is_hex_id(b)) {
    return std::nullopt;
  }
  const auto pa = parts_of(a);
  const auto pb = parts_of(b);
  if (pa.empty() || pb.empty() || !pa.front().number || !pb.front().number) {
    return std::nullopt;
  }
  for (size_t i = 0;; ++i) {
    if (i == pa.size() && i == pb.size()) {
      return 0;
    }
    if (i == pa.size() || i == pb.size()) {
      // The longer one goes on: trailing zeros add nothing (1.0 == 1.0.0), another number
      // makes it newer (1.0.1 > 1.0), a pre-release older (1.0rc1 < 1.0).
      const auto& rest = i == pa.size() ? pb : pa;
      const int sign = i == pa.size() ? -1 : 1;
      size_t j = i;
      while (j < rest.size() && rest[j].number && rest[j].text == "0") {
        ++j;
      }
      if (j == rest.size()) {
        return 0;
      }
      return sign * (rest[j].number ? 1 : tail_rank(rest[j]));
    }
    const Part& x = pa[i];
    const Part& y = pb[i];
    if (x.number && y.number) {
      if (const int c = compare_numbers(x.text, y.text); c != 0) {
        return c;
      }
    } else if (x.number != y.number) {
      return x.number ? 1 : -1; // 1.0.1 > 1.0rc1: a number goes past a pre-release
    } else if (x.text != y.text) {
      return x.text < y.text ? -1 : 1; // alpha < beta < rc, as text
    }
  }
}

} // namespace trail::soup
