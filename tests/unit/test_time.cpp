#include "core/util/time.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

using namespace trail::util;

namespace {

// 2026-01-01T12:00:00Z.
constexpr int64_t k_new_year_noon = 1767268800;

using Parsed = std::optional<std::pair<int64_t, int>>;

Parsed at(int64_t time, int offset)
{
  return std::make_pair(time, offset);
}

} // namespace

TEST_SUITE_BEGIN("time");

TEST_CASE("time: iso8601 with a zero offset")
{
  CHECK(iso8601(k_new_year_noon, 0) == "2026-01-01T12:00:00+00:00");
  CHECK(iso8601(0, 0) == "1970-01-01T00:00:00+00:00");
  CHECK(iso8601(1700000000, 0) == "2023-11-14T22:13:20+00:00");
}

TEST_CASE("time: iso8601 with positive offsets shows the local time")
{
  CHECK(iso8601(k_new_year_noon, 60) == "2026-01-01T13:00:00+01:00");
  CHECK(iso8601(k_new_year_noon, 330) == "2026-01-01T17:30:00+05:30");
  CHECK(iso8601(k_new_year_noon, 765) == "2026-01-02T00:45:00+12:45");
  CHECK(iso8601(k_new_year_noon, 14 * 60) == "2026-01-02T02:00:00+14:00");
}

TEST_CASE("time: iso8601 with negative offsets")
{
  CHECK(iso8601(k_new_year_noon, -330) == "2026-01-01T06:30:00-05:30");
  CHECK(iso8601(k_new_year_noon, -300) == "2026-01-01T07:00:00-05:00");
  // Less than an hour west: the sign is still written.
  CHECK(iso8601(k_new_year_noon, -30) == "2026-01-01T11:30:00-00:30");
  // Back across midnight and the year boundary.
  CHECK(iso8601(k_new_year_noon, -13 * 60) == "2025-12-31T23:00:00-13:00");
  CHECK(iso8601(0, -60) == "1969-12-31T23:00:00-01:00");
}

TEST_CASE("time: iso8601 handles leap days and times before the epoch")
{
  CHECK(iso8601(951782400, 0) == "2000-02-29T00:00:00+00:00");
  CHECK(iso8601(1709164800 - 1, 0) == "2024-02-28T23:59:59+00:00");
  CHECK(iso8601(1709164800, 0) == "2024-02-29T00:00:00+00:00");
  CHECK(iso8601(-1, 0) == "1969-12-31T23:59:59+00:00");
  CHECK(iso8601(4102444799, 0) == "2099-12-31T23:59:59+00:00");
}

TEST_CASE("time: iso8601_utc writes a Z")
{
  CHECK(iso8601_utc(k_new_year_noon) == "2026-01-01T12:00:00Z");
  CHECK(iso8601_utc(0) == "1970-01-01T00:00:00Z");
  CHECK(iso8601_utc(-1) == "1969-12-31T23:59:59Z");
  CHECK(iso8601_utc(1700000000) == "2023-11-14T22:13:20Z");
}

TEST_CASE("time: iso_date is the date in the given zone")
{
  CHECK(iso_date(k_new_year_noon, 0) == "2026-01-01");
  CHECK(iso_date(k_new_year_noon, 12 * 60) == "2026-01-02");
  CHECK(iso_date(k_new_year_noon, -13 * 60) == "2025-12-31");
  CHECK(iso_date(0, 0) == "1970-01-01");
}

TEST_CASE("time: parse_iso8601 reads the forms git accepts")
{
  CHECK(parse_iso8601("2026-01-01T12:00:00Z") == at(k_new_year_noon, 0));
  CHECK(parse_iso8601("2026-01-01 12:00:00+01:00") == at(k_new_year_noon - 3600, 60));
  CHECK(parse_iso8601("2026-01-01T13:00:00+01:00") == at(k_new_year_noon, 60));
  CHECK(parse_iso8601("2026-01-01T13:00:00+0100") == at(k_new_year_noon, 60));
  CHECK(parse_iso8601("2026-01-01T06:30:00-05:30") == at(k_new_year_noon, -330));
  CHECK(parse_iso8601("2026-01-01T06:30:00-0530") == at(k_new_year_noon, -330));
  CHECK(parse_iso8601("2026-01-01T12:00:00+00:00") == at(k_new_year_noon, 0));
  CHECK(parse_iso8601("2026-01-01T12:00:00-00:00") == at(k_new_year_noon, 0));
  CHECK(parse_iso8601("1969-12-31T23:59:59Z") == at(-1, 0));
  CHECK(parse_iso8601("2000-02-29T00:00:00Z") == at(951782400, 0));
}

TEST_CASE("time: parse_iso8601 ignores fractional seconds")
{
  CHECK(parse_iso8601("2026-01-01T12:00:00.5Z") == at(k_new_year_noon, 0));
  CHECK(parse_iso8601("2026-01-01T13:00:00.123456+01:00") == at(k_new_year_noon, 60));
}

TEST_CASE("time: parse_iso8601 rejects anything else")
{
  CHECK(parse_iso8601("2026-01-01T12:00:00") == std::nullopt); // no zone
  CHECK(parse_iso8601("2026-01-01 12:00:00") == std::nullopt);
  CHECK(parse_iso8601("2026-13-01T12:00:00Z") == std::nullopt); // month 13
  CHECK(parse_iso8601("2026-00-01T12:00:00Z") == std::nullopt);
  CHECK(parse_iso8601("2026-01-00T12:00:00Z") == std::nullopt);
  CHECK(parse_iso8601("2026-01-32T12:00:00Z") == std::nullopt);
  CHECK(parse_iso8601("2026-01-01T24:00:00Z") == std::nullopt);
  CHECK(parse_iso8601("2026-01-01T12:60:00Z") == std::nullopt);
  CHECK(parse_iso8601("2026-01-01") == std::nullopt);
  CHECK(parse_iso8601("garbage") == std::nullopt);
  CHECK(parse_iso8601("") == std::nullopt);
  CHECK(parse_iso8601("1767268800 +0000") == std::nullopt); // git's raw form
  CHECK(parse_iso8601("2026-01-01T12:00:00+1") == std::nullopt);
  CHECK(parse_iso8601("2026-01-01T12:00:00Zjunk") == std::nullopt);
  CHECK(parse_iso8601(" 2026-01-01T12:00:00Z") == std::nullopt);
}

TEST_CASE("time: parse_iso8601 rejects dates and zones that do not exist")
{
  CHECK_FALSE(parse_iso8601("2026-02-30T00:00:00Z").has_value());
  CHECK_FALSE(parse_iso8601("2026-04-31T00:00:00Z").has_value());
  CHECK_FALSE(parse_iso8601("2025-02-29T00:00:00Z").has_value());
  CHECK(parse_iso8601("2024-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_iso8601("2026-01-01T00:00:00+01:99").has_value());
  CHECK(trail::util::valid_date(2000, 2, 29));
  CHECK_FALSE(trail::util::valid_date(1900, 2, 29));
  CHECK_FALSE(trail::util::valid_date(2026, 0, 1));
}

TEST_CASE("time: parse_iso8601 reads back what iso8601 writes")
{
  const int64_t times[] = {0, -1, 1, k_new_year_noon, 951782400, 1700000000, 4102444799};
  const int offsets[] = {0, 60, -60, 330, -330, -30, 765, 14 * 60, -12 * 60};
  for (const int64_t time : times) {
    for (const int offset : offsets) {
      const std::string text = iso8601(time, offset);
      INFO(text);
      CHECK(parse_iso8601(text) == at(time, offset));
    }
    CHECK(parse_iso8601(iso8601_utc(time)) == at(time, 0));
  }
}

TEST_SUITE_END();
