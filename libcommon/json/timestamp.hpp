// Timestamps as records carry them: ISO-8601 text (with fractional seconds
// and a zone, converted to UTC) or epoch seconds / milliseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace jlkit::json {

struct CivilTime {
  int64_t year;
  int month, day, hour, minute, second;
};

// `YYYY-MM-DD`, then optionally `T` (or a space) and `HH:MM[:SS[.frac]]`,
// then optionally `Z`, `±HH:MM`, `±HHMM` or `±HH` (no zone: UTC); also the
// basic form `YYYYMMDDTHHMMSS[Z]`. Gives whole seconds since the epoch (UTC,
// fractions dropped). False when `text` is not such a timestamp.
bool parse_iso8601(std::string_view text, int64_t& epoch_seconds);

// A JSON number (as text) of seconds or milliseconds since the epoch, to
// whole seconds (rounded down). False when not a number or out of range.
bool parse_epoch(std::string_view number, bool millis, int64_t& epoch_seconds);

CivilTime civil_from_epoch(int64_t epoch_seconds);

// `YYYY-MM-DDTHH:MM:SSZ`.
std::string format_utc(int64_t epoch_seconds);

// The current UTC time in a strftime format (C locale names): request dates,
// run ids.
std::string utc_now(const char* strftime_format);

}  // namespace jlkit::json
