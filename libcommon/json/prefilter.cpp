#include "json/prefilter.hpp"

#include <cstring>
#include <string>
#include <vector>

#include "io/find.hpp"
#include "json/text.hpp"

namespace jlkit::json {

struct Prefilter::Check {
  enum Kind { kAll, kAny, kContains, kKeyValue } kind = kAll;
  std::vector<Check> kids;  // kAll, kAny
  Finder needle;            // kContains: bytes; kKeyValue: the quoted key
  // kKeyValue: the comparison and its literal (a number, or the literal's
  // JSON text for strings and booleans).
  BinOp cmp = BinOp::kEq;
  bool number = false;
  double num = 0;
  std::string text;

  bool holds(std::string_view line) const;
  bool value_may_match(std::string_view token) const;
};

namespace {

using Check = Prefilter::Check;

bool plain(std::string_view s) {
  for (unsigned char c : s)
    if (c == '"' || c == '\\' || c < 0x20) return false;
  return !s.empty();
}

// Keys of a path from the input (.a.b[0][]), or false when n is not a path.
bool path_keys(const Node* n, std::vector<std::string>& keys) {
  switch (n->op) {
    case Op::kIdentity: return true;
    case Op::kField:
      if (!path_keys(n->a, keys)) return false;
      keys.push_back(n->str);
      return true;
    case Op::kIterate: return path_keys(n->a, keys);
    case Op::kIndex: return n->b->op == Op::kLiteral && n->b->lit.kind == Kind::kNumber && path_keys(n->a, keys);
    default: return false;
  }
}

Check make(Check::Kind kind, std::string needle = {}, std::vector<Check> kids = {}) {
  Check c;
  c.kind = kind;
  c.needle = Finder(std::move(needle));
  c.kids = std::move(kids);
  return c;
}

Check always() { return make(Check::kAll); }
bool is_always(const Check& c) { return c.kind == Check::kAll && c.kids.empty(); }

Check contains(std::string bytes) { return make(Check::kContains, std::move(bytes)); }

// Every condition in `kids` (those that rule nothing out are dropped).
Check all_of(std::vector<Check> kids) {
  Check out = always();
  for (auto& k : kids) {
    if (is_always(k)) continue;
    if (k.kind == Check::kAll) {
      for (auto& g : k.kids) out.kids.push_back(std::move(g));
    } else {
      out.kids.push_back(std::move(k));
    }
  }
  if (out.kids.size() == 1) return std::move(out.kids[0]);
  return out;
}

// The line holds the quoted key of every step of the path (only steps that
// are plain keys can be searched for).
Check keys_present(const std::vector<std::string>& keys) {
  std::vector<Check> kids;
  for (auto& k : keys)
    if (plain(k)) kids.push_back(contains('"' + k + '"'));
  return all_of(std::move(kids));
}

Check build(const Node* n, const std::vector<std::string>& in);

// path <op> literal, with the literal on either side.
Check comparison(const Node* n, const std::vector<std::string>& in) {
  const Node* path = n->a->op == Op::kLiteral ? n->b : n->a;
  const Node* lit = n->a->op == Op::kLiteral ? n->a : n->b;
  if (lit->op != Op::kLiteral) return always();
  BinOp op = n->bin;
  if (lit == n->a) {  // 5 < .a is .a > 5
    if (op == BinOp::kLt) op = BinOp::kGt;
    else if (op == BinOp::kLe) op = BinOp::kGe;
    else if (op == BinOp::kGt) op = BinOp::kLt;
    else if (op == BinOp::kGe) op = BinOp::kLe;
  }
  Kind kind = lit->lit.kind;
  bool ordered = op == BinOp::kGt || op == BinOp::kGe;
  // A missing key is null: == null, != and < hold for it, so they rule out nothing.
  if (!(op == BinOp::kEq && (kind == Kind::kNumber || kind == Kind::kString || kind == Kind::kTrue ||
                             kind == Kind::kFalse)) &&
      !(ordered && kind == Kind::kNumber))
    return always();
  std::vector<std::string> keys = in;
  if (!path_keys(path, keys)) return always();
  if (kind == Kind::kString && !plain(lit->lit.sv())) return always();
  std::string value_text = kind == Kind::kString  ? '"' + std::string(lit->lit.sv()) + '"'
                           : kind == Kind::kTrue  ? std::string("true")
                           : kind == Kind::kFalse ? std::string("false")
                                                  : std::string();
  if (path->op != Op::kField || !plain(keys.back())) {
    // Inside an array (or at the root): only the value's bytes can be looked for.
    std::vector<Check> kids{keys_present(keys)};
    if (op == BinOp::kEq && kind != Kind::kNumber) kids.push_back(contains(value_text));
    return all_of(std::move(kids));
  }
  Check c = make(Check::kKeyValue, '"' + keys.back() + '"');
  c.cmp = op;
  c.number = kind == Kind::kNumber;
  c.num = lit->lit.num;
  c.text = value_text;
  // A string is looked for whole first: rarer than its key, so most lines
  // are ruled out by one search.
  if (kind == Kind::kString) return all_of({contains(std::move(value_text)), std::move(c)});
  return c;
}

// Conditions for f(literal) on the value at `in`.
Check call(const Node* n, const std::vector<std::string>& in) {
  const Node* arg = n->args.empty() ? nullptr : n->args[0];
  bool literal_string = arg && arg->op == Op::kLiteral && arg->lit.kind == Kind::kString && plain(arg->lit.sv());
  std::string s = literal_string ? std::string(arg->lit.sv()) : std::string();
  switch (n->func) {
    case Func::kSelect: return build(arg, in);
    case Func::kTest: return keys_present(in);
    case Func::kStartsWith:
      return literal_string ? all_of({keys_present(in), contains('"' + s)}) : keys_present(in);
    case Func::kEndsWith:
      return literal_string ? all_of({keys_present(in), contains(s + '"')}) : keys_present(in);
    case Func::kContains:  // only a string contains a string; null contains null
      return literal_string ? all_of({keys_present(in), contains(s)}) : always();
    case Func::kHas: {
      if (!literal_string) return always();
      std::vector<std::string> keys = in;
      keys.push_back(s);
      return keys_present(keys);
    }
    case Func::kAny2: {
      std::vector<std::string> keys = in;
      if (n->set || n->args[0]->op != Op::kIterate || !path_keys(n->args[0], keys)) return always();
      return all_of({keys_present(keys), build(n->args[1], keys)});
    }
    default: return always();
  }
}

Check build(const Node* n, const std::vector<std::string>& in) {
  switch (n->op) {
    case Op::kAnd: return all_of({build(n->a, in), build(n->b, in)});
    case Op::kOr: {
      Check a = build(n->a, in), b = build(n->b, in);
      if (is_always(a) || is_always(b)) return always();
      std::vector<Check> kids;
      kids.push_back(std::move(a));
      kids.push_back(std::move(b));
      return make(Check::kAny, {}, std::move(kids));
    }
    case Op::kPipe: {
      std::vector<std::string> keys = in;
      return path_keys(n->a, keys) ? build(n->b, keys) : always();
    }
    case Op::kCmp: return comparison(n, in);
    case Op::kCall: return call(n, in);
    default: return always();
  }
}

}  // namespace

bool Check::value_may_match(std::string_view v) const {
  if (!number) return v.substr(0, text.size()) == text;
  switch (text_kind(v)) {
    case TextKind::kString:
    case TextKind::kArray:
    case TextKind::kObject: return cmp != BinOp::kEq;  // ordered after every number
    case TextKind::kNumber: break;
    default: return false;  // null and booleans order before numbers
  }
  size_t end = skip_json_value(v, 0);
  double x;
  // Not a number after all: the parser says what is wrong with the line.
  if (end == std::string_view::npos || !parse_json_number(v.substr(0, end), x)) return true;
  switch (cmp) {
    case BinOp::kEq: return x == num;
    case BinOp::kGt: return x > num;
    case BinOp::kGe: return x >= num;
    default: return true;
  }
}

bool Check::holds(std::string_view line) const {
  switch (kind) {
    case kAll:
      for (auto& k : kids)
        if (!k.holds(line)) return false;
      return true;
    case kAny:
      for (auto& k : kids)
        if (k.holds(line)) return true;
      return false;
    case kContains: return needle.find(line) != std::string_view::npos;
    case kKeyValue: {
      const char* p = line.data();
      const char* end = p + line.size();
      for (size_t at; (at = needle.find(std::string_view(p, static_cast<size_t>(end - p)))) != std::string_view::npos;) {
        p += at + needle.needle().size();
        while (p < end && is_json_space(*p)) ++p;
        if (p == end || *p != ':') continue;  // a string value, not a key
        ++p;
        while (p < end && is_json_space(*p)) ++p;
        if (value_may_match(std::string_view(p, static_cast<size_t>(end - p)))) return true;
      }
      return false;
    }
  }
  return true;
}

Prefilter::Prefilter(const Node* root) : check_(std::make_unique<Check>(build(root, {}))) {}
Prefilter::~Prefilter() = default;

bool Prefilter::active() const { return !is_always(*check_); }

bool Prefilter::may_match(std::string_view line) const {
  if (line.size() < 2 || line.front() != '{' || line.back() != '}') return true;
  return check_->holds(line) || std::memchr(line.data(), '\\', line.size()) != nullptr;
}

}  // namespace jlkit::json
