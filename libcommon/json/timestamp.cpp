#include "json/timestamp.hpp"

#include <ctime>

#include <cmath>
#include <cstdio>

#include "json/text.hpp"

namespace jlkit::json {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), and back.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

int days_in_month(int64_t y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool digits(size_t n, int& out) {
    if (i_ + n > s_.size()) return false;
    out = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = s_[i_ + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    i_ += n;
    return true;
  }
  bool eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool done() const { return i_ == s_.size(); }
  void skip_digits() {
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
  }
  size_t pos() const { return i_; }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

bool parse_iso8601(std::string_view text, int64_t& epoch_seconds) {
  Cursor c(text);
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!c.digits(4, year)) return false;
  bool basic = !c.eat('-');
  if (!c.digits(2, month) || (!basic && !c.eat('-')) || !c.digits(2, day)) return false;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
  if (!c.done()) {
    if (!(c.eat('T') || c.eat('t') || (!basic && c.eat(' ')))) return false;
    if (!c.digits(2, hour) || (!basic && !c.eat(':')) || !c.digits(2, minute)) return false;
    if (basic ? (c.peek() >= '0' && c.peek() <= '9') : c.eat(':')) {
      if (!c.digits(2, second)) return false;
      if (c.eat('.') || c.eat(',')) {
        size_t before = c.pos();
        c.skip_digits();
        if (c.pos() == before) return false;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return false;
    if (second == 60) second = 59;  // a leap second stays in its minute
  }
  int offset = 0;  // seconds east of UTC
  if (c.peek() == '+' || c.peek() == '-') {
    int sign = c.peek() == '-' ? -1 : 1;
    c.eat(c.peek());
    int oh, om = 0;
    if (!c.digits(2, oh)) return false;
    if (!c.done()) {
      c.eat(':');
      if (!c.digits(2, om)) return false;
    }
    if (oh > 23 || om > 59) return false;
    offset = sign * (oh * 3600 + om * 60);
  } else if (!c.eat('Z')) {
    c.eat('z');
  }
  if (!c.done()) return false;
  epoch_seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  return true;
}

bool parse_epoch(std::string_view number, bool millis, int64_t& epoch_seconds) {
  double v;
  if (!parse_json_number(number, v)) return false;
  if (millis) v /= 1000;
  // Years 0 to 9999 either way of the epoch are plenty; beyond is a mistake.
  if (!(std::fabs(v) < 253402300800.0)) return false;
  epoch_seconds = static_cast<int64_t>(std::floor(v));
  return true;
}

CivilTime civil_from_epoch(int64_t s) {
  int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
  int64_t rem = s - days * 86400;
  CivilTime t;
  civil_from_days(days, t.year, t.month, t.day);
  t.hour = static_cast<int>(rem / 3600);
  t.minute = static_cast<int>(rem % 3600 / 60);
  t.second = static_cast<int>(rem % 60);
  return t;
}

std::string format_utc(int64_t epoch_seconds) {
  CivilTime t = civil_from_epoch(epoch_seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", static_cast<long long>(t.year), t.month, t.day,
                t.hour, t.minute, t.second);
  return buf;
}

std::string utc_now(const char* strftime_format) {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, strftime_format, &tm);
  return buf;
}

}  // namespace jlkit::json
