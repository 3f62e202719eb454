// Substring search for short needles in short haystacks (a key in a line),
// where glibc's memmem spends most of its time setting up. Compares two bytes
// of the needle against 16 positions at once (SSE2, part of every x86-64) and
// checks the rest only where both agree. The two bytes are the second and the
// second last: needles are mostly quoted keys, and quotes are everywhere.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jlkit {

// Offset of the first occurrence of `needle` (non-empty) in `hay`, or npos.
inline size_t find_bytes(std::string_view hay, std::string_view needle) {
  const size_t k = needle.size();
  if (k == 0 || k > hay.size()) return k == 0 ? 0 : std::string_view::npos;
  const char* h = hay.data();
  const char* n = needle.data();
  size_t i = 0;
  const size_t last = hay.size() - k;  // last possible start
#if defined(__SSE2__)
  if (k >= 2) {
    const size_t p1 = k >= 4 ? 1 : 0, p2 = k >= 4 ? k - 2 : k - 1;
    const __m128i first = _mm_set1_epi8(n[p1]);
    const __m128i second = _mm_set1_epi8(n[p2]);
    // Both 16-byte loads stay inside hay: start + p2 + 16 <= size.
    for (; i + 15 <= last; i += 16) {
      __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + p1));
      __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + p2));
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
