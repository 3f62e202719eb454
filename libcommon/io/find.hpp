// Substring search for short needles in short haystacks (a key in a line),
// where glibc's memmem spends most of its time setting up. Compares two bytes
// of the needle against 16 positions at once (SSE2, part of every x86-64) and
// checks the rest only where both agree. The two bytes are the needle's
// rarest in JSON records (byte_rank).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jlkit {

// Finds one needle (non-empty) in many haystacks; the rare pair is chosen once.
class Finder {
 public:
  Finder() = default;
  explicit Finder(std::string needle);
  const std::string& needle() const { return needle_; }

  // Offset of the first occurrence in `hay`, or npos. Out of line: a
  // small function of its own keeps the two patterns in registers.
  size_t find(std::string_view hay) const;

 private:
  std::string needle_;
  size_t p1_ = 0, p2_ = 0;
};

}  // namespace jlkit
