// A necessary condition on a record's raw text for a predicate to be true,
// checked without parsing: most lines of a selective filter are ruled out by
// a search for a key and a look at the few bytes after it.
//
// Only single-line objects without backslashes are ruled out (in them every
// key and string appears as its plain bytes); anything else "may match" and
// is parsed. The condition mirrors the predicate's and/or structure:
//   .a.k == L      some `"k"` : TOKEN in the line with TOKEN equal to L
//                  (a number compared as a number, whatever its spelling)
//   .a.k > N       some `"k"` : TOKEN with TOKEN > N or not a scalar (jq
//                  orders strings, arrays and objects after numbers)
//   .a[] == "s"    the line contains `"s"` and `"a"`
//   test/startswith/endswith/contains/has   the key, and literal bytes
// It is sound, not exact: several `"k"` in the line (nested, or duplicate
// keys) only make more lines "may match".
#pragma once

#include <memory>
#include <string_view>

#include "json/expr.hpp"

namespace jlkit::json {

class Prefilter {
 public:
  explicit Prefilter(const Node* root);
  ~Prefilter();
  Prefilter(const Prefilter&) = delete;
  Prefilter& operator=(const Prefilter&) = delete;

  // Whether anything can be ruled out at all.
  bool active() const;
  // False only when the line cannot match.
  bool may_match(std::string_view line) const;

  struct Check;

 private:
  std::unique_ptr<Check> check_;
};

}  // namespace jlkit::json
