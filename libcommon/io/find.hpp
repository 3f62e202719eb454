// Substring search for short needles in short haystacks (a key in a line),
// where glibc's memmem spends most of its time setting up. Compares two bytes
// of the needle against 16 positions at once (SSE2, part of every x86-64) and
// checks the rest only where both agree. The two bytes are the needle's
// rarest in JSON records (byte_rank).
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>


namespace jlkit {

// How common a byte is in JSON records (higher: more common), roughly:
// structure and spaces everywhere, then digits (timestamps, numbers, ids)
// and the commonest letters and URL punctuation, then other lowercase.
inline int byte_rank(unsigned char c) {
  if (c == '"' || c == ':' || c == ',' || c == ' ') return 5;
  if ((c >= '0' && c <= '9') || std::strchr("etaoinsrlhdcu-./_", c)) return c ? 4 : 1;
  if (c >= 'a' && c <= 'z') return 3;
  return 1;
}

// The two positions of `needle` (size >= 2) to look for first: its rarest
// byte, and the next rarest, as far from it as can be (neighbours go
// together too often: "st" is in "status" and in "request").
inline void rare_pair(std::string_view needle, size_t& p1, size_t& p2) {
  auto rank = [&](size_t i) { return byte_rank(static_cast<unsigned char>(needle[i])); };
  auto gap = [&](size_t i) { return i > p1 ? i - p1 : p1 - i; };
  p1 = 0;
  for (size_t i = 1; i < needle.size(); ++i)
    if (rank(i) < rank(p1)) p1 = i;
  p2 = p1 == 0 ? 1 : 0;
  for (size_t i = 0; i < needle.size(); ++i)
    if (i != p1 && (rank(i) < rank(p2) || (rank(i) == rank(p2) && gap(i) > gap(p2)))) p2 = i;
  if (p1 > p2) std::swap(p1, p2);
}

// Finds one needle (non-empty) in many haystacks; the rare pair is chosen once.
class Finder {
 public:
  Finder() = default;
  explicit Finder(std::string needle) : needle_(std::move(needle)) {
    if (needle_.size() >= 2) rare_pair(needle_, p1_, p2_);
  }
  const std::string& needle() const { return needle_; }

  // Offset of the first occurrence in `hay`, or npos. Out of line: a
  // small function of its own keeps the two patterns in registers.
  size_t find(std::string_view hay) const;

 private:
  std::string needle_;
  size_t p1_ = 0, p2_ = 0;
};

}  // namespace jlkit
