// Hashed set of JSON values for membership tests against large constant
// lists (`IN($ids[])`): O(1) per lookup whatever the list size.
#pragma once

#include <vector>

#include "json/value.hpp"

namespace jlkit::json {

class ValueSet {
 public:
  explicit ValueSet(const Val* values, size_t count);
  bool contains(const Val& v) const;
  size_t size() const { return count_; }
  // The first value of the list as given (jq's evaluation order needs it).
  const Val* first() const { return count_ ? values_ : nullptr; }

 private:
  const Val* values_;
  size_t count_;
  std::vector<uint32_t> slots_;  // index+1 into values_, 0 = empty
  uint64_t mask_ = 0;
};

}  // namespace jlkit::json
