// Parses one record with simdjson On-Demand and keeps the parts a projection
// names as Val trees. Compiled once per instruction set (AVX2 and generic)
// and chosen at run time, since On-Demand is inlined into the caller.
#pragma once

#include <cstddef>
#include <memory>

#include "json/projection.hpp"
#include "json/value.hpp"

namespace jlkit::json {

class RecordParser {
 public:
  virtual ~RecordParser() = default;
  // `data` has `capacity` readable bytes (>= len + padding). Returns 0 or a
  // simdjson error code (TRAILING_CONTENT when more follows the value).
  virtual int parse(const char* data, size_t len, size_t capacity, const Proj& proj, Arena& arena, Val& out) = 0;
};

std::unique_ptr<RecordParser> make_record_parser();

// Whether the AVX2 (haswell) copies of the On-Demand code can run here.
bool use_haswell();

// Message for an error code from parse().
const char* parse_error_message(int code);

namespace haswell { std::unique_ptr<RecordParser> make_record_parser(); }
namespace generic { std::unique_ptr<RecordParser> make_record_parser(); }

}  // namespace jlkit::json
