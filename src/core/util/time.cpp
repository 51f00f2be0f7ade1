#include "core/util/time.hpp"

#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>

namespace trail::util {

namespace {

struct Civil
{
  int64_t year;
  unsigned month, day, hour, minute, second;
};

// Converts seconds since the epoch to the proleptic Gregorian calendar (no time zone database:
// the offset is applied by the caller), after Howard Hinnant's days-from-civil inverse.
Civil to_civil(int64_t time)
{
  int64_t days = time / 86400;
  int64_t seconds = time % 86400;
  if (seconds < 0) {
    seconds += 86400;
    --days;
  }
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return {year,
          month,
          day,
          static_cast<unsigned>(seconds / 3600),
          static_cast<unsigned>(seconds / 60 % 60),
          static_cast<unsigned>(seconds % 60)};
}

// Days from 1970-01-01 to the given civil date (the inverse of to_civil).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day)
{
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

} // namespace

bool valid_date(int year, int month, int day)
{
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= k_days[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::optional<std::pair<int64_t, int>> parse_iso8601(std::string_view text)
{
  static const re2::RE2 form(
      R"((\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2}))");
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::string zone;
  if (!re2::RE2::FullMatch(text, form, &year, &month, &day, &hour, &minute, &second, &zone)) {
    return std::nullopt;
  }
  if (!valid_date(year, month, day) || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  int offset = 0;
  if (zone != "Z") {
    std::string digits;
    for (char c : zone.substr(1)) {
      if (c != ':') {
        digits += c;
      }
    }
    const int zone_minutes = std::stoi(digits.substr(2, 2));
    if (zone_minutes > 59) {
      return std::nullopt;
    }
    offset = std::stoi(digits.substr(0, 2)) * 60 + zone_minutes;
    if (zone[0] == '-') {
      offset = -offset;
    }
  }
  const int64_t local =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
      hour * 3600 + minute * 60 + second;
  return std::make_pair(local - int64_t{offset} * 60, offset);
}

std::string iso8601(int64_t time, int offset_minutes)
{
  const Civil c = to_civil(time + int64_t{offset_minutes} * 60);
  const int magnitude = std::abs(offset_minutes);
  char buffer[40];
  std::snprintf(buffer,
                sizeof buffer,
                "%04lld-%02u-%02uT%02u:%02u:%02u%c%02d:%02d",
                static_cast<long long>(c.year),
                c.month,
                c.day,
                c.hour,
                c.minute,
                c.second,
                offset_minutes < 0 ? '-' : '+',
                magnitude / 60,
                magnitude % 60);
  return buffer;
}

std::string iso8601_utc(int64_t time)
{
  const Civil c = to_civil(time);
  char buffer[40];
  std::snprintf(buffer,
                sizeof buffer,
                "%04lld-%02u-%02uT%02u:%02u:%02uZ",
                static_cast<long long>(c.year),
                c.month,
                c.day,
                c.hour,
                c.minute,
                c.second);
  return buffer;
}

std::string iso_date(int64_t time, int offset_minutes)
{
  return iso8601(time, offset_minutes).substr(0, 10);
}

} // namespace trail::util
