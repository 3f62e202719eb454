// Stable digests of JSON values for de-duplication keys: equal values give
// equal digests however they are written ("a" and "\u0061", 1 and 1.0 and
// 1e0, members in any order), and a list of values is encoded so that
// ("x","yz") and ("xy","z") differ.
//
// The canonical encoding, so the digest can be recomputed elsewhere:
//   null `n`, false `f`, true `t`;
//   number `N` [`-`] DIGITS `e` EXP `;` with value 0.DIGITS x 10^EXP, DIGITS
//     without leading or trailing zeros (zero is `N0;`);
//   string `S` LENGTH `:` UTF-8 bytes (LENGTH in bytes, decimal);
//   array `A` COUNT `:` elements;
//   object `O` COUNT `:` then for each member, sorted by key bytes, the key
//     as a string and the value (a repeated key: the last one counts).
// The digest is the first 8 bytes of SHA-256 over the encodings of the
// values in order, as 16 lowercase hex digits.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/checksum.hpp"
#include "json/value.hpp"

namespace jlkit::json {

// Appends the canonical encoding of valid JSON text; false if malformed.
bool append_canonical(std::string_view json, std::string& out, Arena& scratch);

class ValueDigest {
 public:
  ValueDigest();
  ValueDigest(const ValueDigest&) = delete;
  ValueDigest& operator=(const ValueDigest&) = delete;

  void begin() { buf_.clear(); }
  // Adds a value given as JSON text; false if malformed.
  bool add(std::string_view json);
  // 16 hex digits.
  std::string_view finish();

 private:
  std::unique_ptr<Checksum> sha256_;
  std::string buf_;
  Arena arena_;
  char hex_[16];
};

}  // namespace jlkit::json
