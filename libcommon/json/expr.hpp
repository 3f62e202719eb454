// The predicate language: a subset of jq, parsed into a tree. Anything jq
// accepts but this subset does not is rejected at parse time (a usage error),
// never given a different meaning.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/regex.hpp"
#include "json/value.hpp"
#include "json/value_set.hpp"

namespace jlkit::json {

struct Proj;

enum class Op : uint8_t {
  kIdentity,
  kField,    // a[str]          (.foo, ."foo", .["foo"] with a literal)
  kIndex,    // a[b]            (b evaluated against the same input as a)
  kIterate,  // a[]
  kTry,      // try a [catch b], and postfix ?
  kLiteral,  // lit
  kVar,      // $name (lit holds the bound value)
  kPipe,     // a | b
  kComma,    // a, b
  kAnd,
  kOr,
  kAlt,      // a // b
  kCmp,      // a <op> b
  kArith,    // a <op> b
  kNeg,      // -a
  kIf,       // if a then b else c end (elif chains nest in c)
  kArray,    // [a]
  kCall,     // func(args)
};

enum class Func : uint8_t {
  kEmpty, kError0, kError1, kNot, kLength, kUtf8ByteLength, kType, kHas, kTest, kStartsWith, kEndsWith,
  kContains, kAsciiDowncase, kAsciiUpcase, kLtrimstr, kRtrimstr, kToNumber, kSelect,
  kAny0, kAny1, kAny2, kAll0, kAll1, kAll2, kIn1, kIn2,
};

// Comparison and arithmetic operators share one field.
enum class BinOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kDiv, kMod };

struct Node {
  Op op;
  BinOp bin = BinOp::kEq;
  Func func = Func::kEmpty;
  size_t pos = 0;                      // column in the expression, for messages
  Node* a = nullptr;
  Node* b = nullptr;
  Node* c = nullptr;
  std::vector<Node*> args;             // kCall
  std::string str;                     // kField key, kVar name
  Val lit;                             // kLiteral / kVar value
  Regex* regex = nullptr;              // kCall test with a literal pattern
  const ValueSet* set = nullptr;       // IN over a constant list: hashed membership
  bool opt = false;                    // .a? .[e]? .[]?: this step's own errors give no output
};

// Owns the nodes of one parsed expression and the constants they point to.
struct Expr {
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<std::unique_ptr<Regex>> regexes;
  std::vector<std::unique_ptr<ValueSet>> sets;
  Arena constants;
  Node* root = nullptr;
  std::string text;
};

// Variables bound on the command line ($name), values living in `arena`.
using Variables = std::unordered_map<std::string, Val>;

// Parses `text`; throws a usage Error pointing at the column on failure.
std::unique_ptr<Expr> parse_expr(std::string_view text, const Variables& vars);

}  // namespace jlkit::json
