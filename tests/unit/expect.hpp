#pragma once

// Helpers for exact expectations in unit tests: what an error thrown by git-trail was (its
// exact type, message and exit code, asserted in one comparison: a UsageError where a GitError
// belongs fails, as does a changed text), and doctest printing of the standard types tests
// compare (vectors, pairs, optionals), so a failed CHECK shows both values, not "{?}".

#include "core/util/error.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace trail::unit {

struct Thrown
{
  std::string type;    // "UsageError", "GitError", "IncompleteError" or "Error"
  std::string message; // what()
  int exit_code = -1;  // Error::exit_code()
  bool operator==(const Thrown&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const Thrown& thrown)
{
  return out << thrown.type << "(exit " << thrown.exit_code << "): " << thrown.message;
}

// Runs FN and returns the git-trail Error it throws; "none" when it throws nothing.
template<typename Fn>
Thrown thrown(Fn&& fn)
{
  try {
    fn();
  } catch (const UsageError& e) {
    return {"UsageError", e.what(), e.exit_code()};
  } catch (const GitError& e) {
    return {"GitError", e.what(), e.exit_code()};
  } catch (const IncompleteError& e) {
    return {"IncompleteError", e.what(), e.exit_code()};
  } catch (const Error& e) {
    return {"Error", e.what(), e.exit_code()};
  }
  return {"none", "", -1};
}

} // namespace trail::unit

namespace doctest {

template<typename A, typename B>
struct StringMaker<std::pair<A, B>>
{
  static String convert(const std::pair<A, B>& value)
  {
    return String("(") + StringMaker<A>::convert(value.first) + ", " +
           StringMaker<B>::convert(value.second) + ")";
  }
};

template<typename T>
struct StringMaker<std::vector<T>>
{
  static String convert(const std::vector<T>& values)
  {
    String text = "{";
    for (size_t i = 0; i < values.size(); ++i) {
      text += String(i == 0 ? "\n  " : ",\n  ") + StringMaker<T>::convert(values[i]);
    }
    return text + (values.empty() ? "}" : "\n}");
  }
};

template<typename T>
struct StringMaker<std::optional<T>>
{
  static String convert(const std::optional<T>& value)
  {
    return value ? StringMaker<T>::convert(*value) : String("nullopt");
  }
};

template<>
struct StringMaker<std::nullopt_t>
{
  static String convert(std::nullopt_t)
  {
    return "nullopt";
  }
};

} // namespace doctest
