// Rolling-buffer line reader: hands out whole lines as views into its buffer
// (no copy), always followed by at least kReadPadding readable bytes so the
// JSON parser can run on them in place. The buffer grows only when a line does
// not fit, up to max_line bytes (and the CR of a CRLF line end); a longer line
// is an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "io/source.hpp"

namespace jlkit {

// At least simdjson's SIMDJSON_PADDING (64 in 3.x); checked where both are seen.
inline constexpr size_t kReadPadding = 64;

class LineReader {
 public:
  static constexpr size_t kInitialSize = 1 << 20;
  static constexpr size_t kReadSize = 256 << 10;

  LineReader(std::unique_ptr<Source> source, std::string name, size_t max_line);

  // The next line without its '\n' (a '\r' before it is left to the caller).
  // The last line may lack a '\n'. Returns false at end of input.
  bool next(std::string_view& line);

  // Bytes readable from p (inside the last line returned) to the end of the
  // allocation: always >= the rest of the line + kReadPadding.
  size_t readable_from(const char* p) const { return static_cast<size_t>(buf_.get() + cap_ + kReadPadding - p); }

  // Physical number of the last line returned (1-based).
  uint64_t line_number() const { return line_no_; }
  const std::string& name() const { return name_; }

 private:
  bool refill();
  [[noreturn]] void too_long(uint64_t line_no) const;
  void check_length(std::string_view line) const;

  std::unique_ptr<Source> source_;
  std::string name_;
  size_t max_line_;
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0;
  size_t start_ = 0;  // first byte not yet handed out
  size_t scan_ = 0;   // bytes before this offset are known to hold no '\n'
  size_t end_ = 0;    // end of valid data
  bool eof_ = false;
  uint64_t line_no_ = 0;
};

}  // namespace jlkit
