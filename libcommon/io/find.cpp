#include "io/find.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jlkit {

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
