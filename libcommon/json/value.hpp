// Materialised JSON values for the predicate evaluator: a small trivially
// copyable node that points into the input (strings unescaped by simdjson),
// into constants, or into a per-record arena. Comparison, equality and
// hashing follow jq 1.6 (kind order null < false < true < number < string <
// array < object; numbers are doubles; object keys compared sorted).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json/text.hpp"

namespace jlkit::json {

enum class Kind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

struct Val {
  const char* key = nullptr;  // member key when inside an object
  uint32_t key_len = 0;
  Kind kind = Kind::kNull;
  bool partial = false;  // container: only the members the predicate reads are present
  uint32_t n = 0;        // string length, or number of kids present
  union {
    double num;
    const char* str;
    const Val* kids;
  };
  Val() : num(0) {}

  static Val null() { return Val(); }
  static Val boolean(bool b) {
    Val v;
    v.kind = b ? Kind::kTrue : Kind::kFalse;
    return v;
  }
  static Val number(double d) {
    Val v;
    v.kind = Kind::kNumber;
    v.num = d;
    return v;
  }
  static Val string(std::string_view s) {
    Val v;
    v.kind = Kind::kString;
    v.str = s.data();
    v.n = static_cast<uint32_t>(s.size());
    return v;
  }
  std::string_view sv() const { return {str, n}; }
  std::string_view key_sv() const { return {key, key_len}; }
  bool truthy() const { return kind != Kind::kNull && kind != Kind::kFalse; }
  bool is_container() const { return kind == Kind::kArray || kind == Kind::kObject; }
};

// Bump allocator with stable addresses; reset() keeps its blocks for reuse,
// so steady-state evaluation allocates nothing.
class Arena {
 public:
  void* alloc(size_t bytes, size_t align = alignof(std::max_align_t));
  Val* vals(size_t n) { return static_cast<Val*>(alloc(n * sizeof(Val), alignof(Val))); }
  char* chars(size_t n) { return static_cast<char*>(alloc(n ? n : 1, 1)); }
  std::string_view copy(std::string_view s) {
    char* p = chars(s.size());
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }
  void reset() {
    block_ = 0;
    used_ = 0;
  }

 private:
  static constexpr size_t kBlock = 64 * 1024;
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  std::vector<Block> blocks_;
  size_t block_ = 0;
  size_t used_ = 0;
};

// jq's ordering: negative, zero or positive.
int compare(const Val& a, const Val& b);
// jq's `==`.
bool equal(const Val& a, const Val& b);
// Consistent with equal(): equal values hash alike.
uint64_t hash(const Val& v);

// Member lookup in an object (last duplicate wins at materialisation).
const Val* find_member(const Val& obj, std::string_view key);

// Name of the kind as jq's `type` prints it.
std::string_view kind_name(Kind k);

// Compact JSON text of a value, for messages (jq-like number formatting).
std::string to_json(const Val& v);

// An array of copies of `items` (keys cleared) in the arena.
Val make_array(Arena& arena, const Val* items, size_t n);

// Parses one JSON text into an arena (for constants: --argjson, --slurpfile).
// Returns false and a message on error. Several whitespace-separated values
// are accepted when `many` is set; they are returned as an array.
bool parse_constant(std::string_view text, bool many, Arena& arena, Val& out, std::string& error);

}  // namespace jlkit::json
