#include "io/find.hpp"

#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jlkit {

namespace {

// How common a byte is in JSON records (higher: more common), roughly:
// structure and spaces everywhere, then digits (timestamps, numbers, ids)
// and the commonest letters and URL punctuation, then other lowercase.
int byte_rank(unsigned char c) {
  if (c == '"' || c == ':' || c == ',' || c == ' ') return 5;
  if ((c >= '0' && c <= '9') || std::strchr("etaoinsrlhdcu-./_", c)) return c ? 4 : 1;
  if (c >= 'a' && c <= 'z') return 3;
  return 1;
}

// The two positions of `needle` (size >= 2) to look for first: its rarest
// byte, and the next rarest, as far from it as can be (neighbours go
// together too often: "st" is in "status" and in "request").
void rare_pair(std::string_view needle, size_t& p1, size_t& p2) {
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

}  // namespace

Finder::Finder(std::string needle) : needle_(std::move(needle)) {
  if (needle_.size() >= 2) rare_pair(needle_, p1_, p2_);
}

size_t Finder::find(std::string_view hay) const {
  const size_t k = needle_.size();
  if (k == 0 || k > hay.size()) return k == 0 ? 0 : std::string_view::npos;
  const char* h = hay.data();
  const char* n = needle_.data();
  size_t i = 0;
  const size_t last = hay.size() - k;  // last possible start
#if defined(__SSE2__)
  if (k >= 2) {
    const __m128i first = _mm_set1_epi8(n[p1_]);
    const __m128i second = _mm_set1_epi8(n[p2_]);
    // Both 16-byte loads stay inside hay: start + p2 + 16 <= size.
    for (; i + 15 <= last; i += 16) {
      __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + p1_));
      __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + p2_));
      unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, second))));
      while (mask) {
        unsigned bit = static_cast<unsigned>(__builtin_ctz(mask));
        if (std::memcmp(h + i + bit, n, k) == 0) return i + bit;
        mask &= mask - 1;
      }
    }
  }
#endif
  for (; i <= last; ++i) {
    const void* p = std::memchr(h + i, n[0], last - i + 1);
    if (!p) break;
    i = static_cast<size_t>(static_cast<const char*>(p) - h);
    if (std::memcmp(h + i + 1, n + 1, k - 1) == 0) return i;
  }
  return std::string_view::npos;
}

}  // namespace jlkit
