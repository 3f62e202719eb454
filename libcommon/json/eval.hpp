// Evaluates a parsed expression on materialised values with jq 1.6's
// semantics: generators, left-to-right output order, errors that stop the
// record, and 1.6's quirks where they change which records are selected
// (any/all pull the generator once more after the deciding element; try also
// catches errors raised downstream of its body; error(null) behaves as empty).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "json/expr.hpp"
#include "json/regex.hpp"
#include "json/value.hpp"

namespace jlkit::json {

class Evaluator {
 public:
  enum class Verdict { kNoMatch, kMatch, kError };

  // `arena` holds values computed while evaluating one record; the caller
  // resets it between records.
  explicit Evaluator(Arena& arena) : arena_(arena) {}

  // True when some output of `root` is truthy before any error.
  Verdict matches(const Node* root, const Val& in);

  // The error of the last kError verdict, as jq would print it.
  std::string error_message() const;

 private:
  enum class Status : uint8_t { kOk, kStop, kError };
  struct Sink {
    Status (*fn)(void*, const Val&);
    void* ctx;
    Status operator()(const Val& v) const { return fn(ctx, v); }
  };
  template <class F>
  static Sink sink(F& f) {
    return {[](void* c, const Val& v) { return (*static_cast<F*>(c))(v); }, &f};
  }

  Status eval(const Node* n, const Val& in, Sink emit);
  Status call(const Node* n, const Val& in, Sink emit);
  Status any_all(const Node* n, const Val& in, Sink emit, bool any);
  Status in_one(const Node* n, const Node* s, const Val& x, bool& found);
  Status collect(const Node* n, const Val& in, size_t& base);

  Status fail(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  Status raise(const Val& v);
  Status cannot_iterate(const Val& v);
  std::string describe(const Val& v) const;  // "number (5)"

  bool index(const Val& t, const Val& key, Val& out, Status& st);
  Status binop(BinOp op, const Val& a, const Val& b, Val& out);
  Status arith(BinOp op, const Val& a, const Val& b, Val& out);
  Val merge(const Val& a, const Val& b, bool deep);
  Status contains(const Val& a, const Val& b, bool& out);
  Regex* regex_for(std::string_view pattern, std::string_view flags, Status& st);

  Arena& arena_;
  Val error_;
  std::vector<Val> collect_;
  std::unordered_map<std::string, std::unique_ptr<Regex>> regex_cache_;
  std::string regex_key_;
};

}  // namespace jlkit::json
