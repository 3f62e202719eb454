#include "json/value_set.hpp"

namespace jlkit::json {

ValueSet::ValueSet(const Val* values, size_t count) : values_(values), count_(count) {
  size_t cap = 16;
  while (cap < count * 2) cap <<= 1;
  slots_.assign(cap, 0);
  mask_ = cap - 1;
  for (size_t i = 0; i < count; ++i) {
    if (contains(values[i])) continue;
    for (uint64_t h = hash(values[i]) & mask_;; h = (h + 1) & mask_) {
      if (slots_[h] == 0) {
        slots_[h] = static_cast<uint32_t>(i + 1);
        break;
      }
    }
  }
}

bool ValueSet::contains(const Val& v) const {
  for (uint64_t h = hash(v) & mask_;; h = (h + 1) & mask_) {
    uint32_t s = slots_[h];
    if (s == 0) return false;
    if (equal(values_[s - 1], v)) return true;
  }
}

}  // namespace jlkit::json
