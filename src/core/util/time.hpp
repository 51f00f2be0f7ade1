#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace trail::util {

// Returns TIME (seconds since the epoch) as ISO 8601 in the zone OFFSET minutes east of UTC:
// "2026-11-26T09:30:00+01:00", as `git log --date=iso-strict` writes it.
std::string iso8601(int64_t time, int offset_minutes);

// Returns TIME as ISO 8601 in UTC with a Z: "2026-11-26T08:30:00Z".
std::string iso8601_utc(int64_t time);

// Returns the date part of TIME in the zone OFFSET minutes east of UTC: "2026-11-26".
std::string iso_date(int64_t time, int offset_minutes);

// Returns true when YEAR-MONTH-DAY exists in the proleptic Gregorian calendar.
bool valid_date(int year, int month, int day);

// Parses "2026-01-31T12:00:00Z", "2026-01-31 12:00:00+01:00" or "...+0100" (the ISO 8601
// forms git accepts in GIT_COMMITTER_DATE) into seconds since the epoch and the offset in
// minutes east of UTC; nullopt for anything else, including a time with no zone.
std::optional<std::pair<int64_t, int>> parse_iso8601(std::string_view text);

} // namespace trail::util
