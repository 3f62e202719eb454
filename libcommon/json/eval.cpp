#include "json/eval.hpp"
#include "json/value_set.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace jlkit::json {

namespace {

size_t codepoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// jq 1.6 compares strings for contains() with strstr: both end at a NUL.
std::string_view c_string(std::string_view s) {
  const void* nul = std::memchr(s.data(), 0, s.size());
  return nul ? s.substr(0, static_cast<const char*>(nul) - s.data()) : s;
}

}  // namespace

Evaluator::Verdict Evaluator::matches(const Node* root, const Val& in) {
  bool matched = false;
  auto on_output = [&](const Val& v) {
    if (!v.truthy()) return Status::kOk;
    matched = true;
    return Status::kStop;
  };
  collect_.clear();
  Status st = eval(root, in, sink(on_output));
  if (matched) return Verdict::kMatch;
  return st == Status::kError ? Verdict::kError : Verdict::kNoMatch;
}

std::string Evaluator::error_message() const {
  if (error_.kind == Kind::kString) return std::string(error_.sv());
  return to_json(error_) + " (not a string)";
}

Evaluator::Status Evaluator::raise(const Val& v) {
  if (v.kind == Kind::kNull) return Status::kOk;  // jq 1.6: error(null) backtracks like empty
  error_ = v;
  return Status::kError;
}

Evaluator::Status Evaluator::fail(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  size_t len = n < 0 ? 0 : std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1);
  error_ = Val::string(arena_.copy(std::string_view(buf, len)));
  return Status::kError;
}

Evaluator::Status Evaluator::cannot_iterate(const Val& v) {
  return fail("Cannot iterate over %s", describe(v).c_str());
}

std::string Evaluator::describe(const Val& v) const {
  std::string text = v.partial ? std::string(v.kind == Kind::kArray ? "[...]" : "{...}") : to_json(v);
  if (text.size() > 11) text = text.substr(0, 10) + "...";
  return std::string(kind_name(v.kind)) + " (" + text + ")";
}

Evaluator::Status Evaluator::eval(const Node* n, const Val& in, Sink emit) {
  switch (n->op) {
    case Op::kIdentity: return emit(in);
    case Op::kLiteral:
    case Op::kVar: return emit(n->lit);
    case Op::kField: {
      Val key = Val::string(n->str);
      auto f = [&](const Val& t) {
        Val r;
        Status st;
        if (!index(t, key, r, st)) return n->opt ? Status::kOk : st;
        return emit(r);
      };
      return eval(n->a, in, sink(f));
    }
    case Op::kIndex: {
      auto outer = [&](const Val& key) {
        auto inner = [&](const Val& t) {
          Val r;
          Status st;
          if (!index(t, key, r, st)) return n->opt ? Status::kOk : st;
          return emit(r);
        };
        return eval(n->a, in, sink(inner));
      };
      return eval(n->b, in, sink(outer));
    }
    case Op::kIterate: {
      auto f = [&](const Val& t) {
        if (t.kind != Kind::kArray && t.kind != Kind::kObject)
          return n->opt ? Status::kOk : cannot_iterate(t);
        for (uint32_t i = 0; i < t.n; ++i) {
          Status st = emit(t.kids[i]);
          if (st != Status::kOk) return st;
        }
        return Status::kOk;
      };
      return eval(n->a, in, sink(f));
    }
    case Op::kTry: {
      // jq 1.6 also catches errors raised downstream of the body.
      Status st = eval(n->a, in, emit);
      if (st != Status::kError) return st;
      if (!n->b) return Status::kOk;
      Val e = error_;
      return eval(n->b, e, emit);
    }
    case Op::kPipe: {
      auto f = [&](const Val& v) { return eval(n->b, v, emit); };
      return eval(n->a, in, sink(f));
    }
    case Op::kComma: {
      Status st = eval(n->a, in, emit);
      if (st != Status::kOk) return st;
      return eval(n->b, in, emit);
    }
    case Op::kAnd:
    case Op::kOr: {
      bool is_and = n->op == Op::kAnd;
      auto rhs = [&](const Val& b) { return emit(Val::boolean(b.truthy())); };
      auto lhs = [&](const Val& a) {
        if (a.truthy() != is_and) return emit(Val::boolean(!is_and));
        return eval(n->b, in, sink(rhs));
      };
      return eval(n->a, in, sink(lhs));
    }
    case Op::kAlt: {
      bool any = false;
      auto f = [&](const Val& v) {
        if (!v.truthy()) return Status::kOk;
        any = true;
        return emit(v);
      };
      Status st = eval(n->a, in, sink(f));
      if (st != Status::kOk || any) return st;
      return eval(n->b, in, emit);
    }
    case Op::kCmp:
    case Op::kArith: {
      // jq evaluates the right operand in the outer loop.
      auto outer = [&](const Val& b) {
        auto inner = [&](const Val& a) {
          Val r;
          Status st = binop(n->bin, a, b, r);
          if (st != Status::kOk) return st;
          return emit(r);
        };
        return eval(n->a, in, sink(inner));
      };
      return eval(n->b, in, sink(outer));
    }
    case Op::kNeg: {
      auto f = [&](const Val& v) {
        if (v.kind != Kind::kNumber) return fail("%s cannot be negated", describe(v).c_str());
        return emit(Val::number(-v.num));
      };
      return eval(n->a, in, sink(f));
    }
    case Op::kIf: {
      auto f = [&](const Val& c) { return eval(c.truthy() ? n->b : n->c, in, emit); };
      return eval(n->a, in, sink(f));
    }
    case Op::kArray: {
      if (!n->a) return emit(make_array(arena_, nullptr, 0));
      size_t base;
      Status st = collect(n->a, in, base);
      if (st != Status::kOk) return st;
      Val arr = make_array(arena_, collect_.data() + base, collect_.size() - base);
      collect_.resize(base);
      return emit(arr);
    }
    case Op::kCall: return call(n, in, emit);
  }
  return Status::kOk;
}

// Appends every output of n to collect_ (from `base`); on error the partial
// list stays for the caller to inspect, then is dropped by it.
Evaluator::Status Evaluator::collect(const Node* n, const Val& in, size_t& base) {
  base = collect_.size();
  auto f = [&](const Val& v) {
    collect_.push_back(v);
    return Status::kOk;
  };
  return eval(n, in, sink(f)) == Status::kError ? Status::kError : Status::kOk;
}

bool Evaluator::index(const Val& t, const Val& key, Val& out, Status& st) {
  out = Val();
  if (t.kind == Kind::kNull) {
    if (key.kind == Kind::kString || key.kind == Kind::kNumber || key.kind == Kind::kNull) return true;
    st = fail("Cannot index null with %s", kind_name(key.kind).data());
    return false;
  }
  if (t.kind == Kind::kObject && key.kind == Kind::kString) {
    if (const Val* m = find_member(t, key.sv())) {
      out = *m;
      out.key = nullptr;
      out.key_len = 0;
    }
    return true;
  }
  if (t.kind == Kind::kArray && key.kind == Kind::kNumber) {
    double d = key.num;
    if (d != std::floor(d) || std::isnan(d)) return true;  // jq 1.6: a non-integer index gives null
    double i = d < 0 ? d + t.n : d;
    if (i >= 0 && i < t.n) out = t.kids[static_cast<size_t>(i)];
    return true;
  }
  if (key.kind == Kind::kString)
    st = fail("Cannot index %s with string \"%.*s\"", kind_name(t.kind).data(), static_cast<int>(std::min<uint32_t>(key.n, 200)), key.str);
  else
    st = fail("Cannot index %s with %s", kind_name(t.kind).data(), kind_name(key.kind).data());
  return false;
}

Evaluator::Status Evaluator::binop(BinOp op, const Val& a, const Val& b, Val& out) {
  switch (op) {
    case BinOp::kEq: out = Val::boolean(equal(a, b)); return Status::kOk;
    case BinOp::kNe: out = Val::boolean(!equal(a, b)); return Status::kOk;
    case BinOp::kLt: out = Val::boolean(compare(a, b) < 0); return Status::kOk;
    case BinOp::kLe: out = Val::boolean(compare(a, b) <= 0); return Status::kOk;
    case BinOp::kGt: out = Val::boolean(compare(a, b) > 0); return Status::kOk;
    case BinOp::kGe: out = Val::boolean(compare(a, b) >= 0); return Status::kOk;
    default: return arith(op, a, b, out);
  }
}

// Object addition (shallow: b's members replace a's) and multiplication
// (deep: objects under the same key are merged recursively).
Val Evaluator::merge(const Val& a, const Val& b, bool deep) {
  std::vector<Val> members(a.kids, a.kids + a.n);
  for (uint32_t i = 0; i < b.n; ++i) {
    const Val& m = b.kids[i];
    size_t j = 0;
    while (j < members.size() && members[j].key_sv() != m.key_sv()) ++j;
    if (j == members.size()) {
      members.push_back(m);
    } else if (deep && members[j].kind == Kind::kObject && m.kind == Kind::kObject) {
      Val merged = merge(members[j], m, true);
      merged.key = m.key;
      merged.key_len = m.key_len;
      members[j] = merged;
    } else {
      members[j] = m;
    }
  }
  Val* kids = arena_.vals(members.size());
  std::copy(members.begin(), members.end(), kids);
  Val v;
  v.kind = Kind::kObject;
  v.kids = kids;
  v.n = static_cast<uint32_t>(members.size());
  return v;
}

Evaluator::Status Evaluator::arith(BinOp op, const Val& a, const Val& b, Val& out) {
  const Kind ak = a.kind, bk = b.kind;
  auto type_error = [&](const char* what) {
    return fail("%s and %s cannot be %s", describe(a).c_str(), describe(b).c_str(), what);
  };
  if (ak == Kind::kNumber && bk == Kind::kNumber) {
    switch (op) {
      case BinOp::kAdd: out = Val::number(a.num + b.num); return Status::kOk;
      case BinOp::kSub: out = Val::number(a.num - b.num); return Status::kOk;
      case BinOp::kMul: out = Val::number(a.num * b.num); return Status::kOk;
      case BinOp::kDiv:
        if (b.num == 0) return type_error("divided because the divisor is zero");
        out = Val::number(a.num / b.num);
        return Status::kOk;
      case BinOp::kMod: {
        auto to_int = [](double d) -> intmax_t {
          if (std::isnan(d)) return 0;
          if (d >= 9.2e18) return INTMAX_MAX;
          if (d <= -9.2e18) return INTMAX_MIN;
          return static_cast<intmax_t>(d);
        };
        intmax_t x = to_int(a.num), y = to_int(b.num);
        if (y == 0) return type_error("divided because the divisor is zero");
        out = Val::number(y == -1 ? 0.0 : static_cast<double>(x % y));
        return Status::kOk;
      }
      default: break;
    }
  }
  switch (op) {
    case BinOp::kAdd: {
      if (ak == Kind::kNull) { out = b; return Status::kOk; }
      if (bk == Kind::kNull) { out = a; return Status::kOk; }
      if (ak == Kind::kString && bk == Kind::kString) {
        char* p = arena_.chars(a.n + b.n);
        std::memcpy(p, a.str, a.n);
        std::memcpy(p + a.n, b.str, b.n);
        out = Val::string(std::string_view(p, a.n + b.n));
        return Status::kOk;
      }
      if (ak == Kind::kArray && bk == Kind::kArray) {
        std::vector<Val> items(a.kids, a.kids + a.n);
        items.insert(items.end(), b.kids, b.kids + b.n);
        out = make_array(arena_, items.data(), items.size());
        return Status::kOk;
      }
      if (ak == Kind::kObject && bk == Kind::kObject) {
        out = merge(a, b, false);
        return Status::kOk;
      }
      return type_error("added");
    }
    case BinOp::kSub:
      if (ak == Kind::kArray && bk == Kind::kArray) {
        std::vector<Val> items;
        for (uint32_t i = 0; i < a.n; ++i) {
          bool drop = false;
          for (uint32_t j = 0; j < b.n && !drop; ++j) drop = equal(a.kids[i], b.kids[j]);
          if (!drop) items.push_back(a.kids[i]);
        }
        out = make_array(arena_, items.data(), items.size());
        return Status::kOk;
      }
      return type_error("subtracted");
    case BinOp::kMul:
      if ((ak == Kind::kString && bk == Kind::kNumber) || (ak == Kind::kNumber && bk == Kind::kString)) {
        const Val& s = ak == Kind::kString ? a : b;
        double times = ak == Kind::kString ? b.num : a.num;
        // jq 1.6: for (n = times - 1; n > 0; n--) append; null when n < 0.
        double t = std::min(times - 1, 1e9);
        int n = static_cast<int>(t);
        if (n < 0) {
          out = Val::null();
          return Status::kOk;
        }
        size_t copies = static_cast<size_t>(n) + 1;
        if (copies * s.n > (1u << 30)) return fail("string repetition too large");
        size_t total = copies * s.n;
        char* p = arena_.chars(total);
        // By doubling: a copy per repetition took minutes for "x" * 1e9.
        if (total) std::memcpy(p, s.str, s.n);
        for (size_t done = s.n; done < total; done *= 2) std::memcpy(p + done, p, std::min(done, total - done));
        out = Val::string(std::string_view(p, total));
        return Status::kOk;
      }
      if (ak == Kind::kObject && bk == Kind::kObject) {
        out = merge(a, b, true);
        return Status::kOk;
      }
      return type_error("multiplied");
    case BinOp::kDiv:
      if (ak == Kind::kString && bk == Kind::kString) {
        std::vector<Val> parts;
        std::string_view s = a.sv(), sep = b.sv();
        if (!s.empty()) {
          size_t start = 0;
          for (;;) {
            size_t at = sep.empty() ? std::string_view::npos : s.find(sep, start);
            if (at == std::string_view::npos) {
              parts.push_back(Val::string(s.substr(start)));
              break;
            }
            parts.push_back(Val::string(s.substr(start, at - start)));
            start = at + sep.size();
          }
        }
        out = make_array(arena_, parts.data(), parts.size());
        return Status::kOk;
      }
      return type_error("divided");
    case BinOp::kMod: return type_error("divided");
    default: break;
  }
  return type_error("combined");
}

namespace {

// jq 1.6 jv_contains: kinds must match at every level (a mismatch below the
// top is simply false).
bool contains_value(const Val& a, const Val& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::kObject:
      for (uint32_t i = 0; i < b.n; ++i) {
        const Val* m = find_member(a, b.kids[i].key_sv());
        if (!m || !contains_value(*m, b.kids[i])) return false;
      }
      return true;
    case Kind::kArray:
      for (uint32_t j = 0; j < b.n; ++j) {
        bool found = false;
        for (uint32_t i = 0; i < a.n && !found; ++i) found = contains_value(a.kids[i], b.kids[j]);
        if (!found) return false;
      }
      return true;
    case Kind::kString:
      return c_string(a.sv()).find(c_string(b.sv())) != std::string_view::npos;
    default:
      return equal(a, b);
  }
}

}  // namespace

Evaluator::Status Evaluator::contains(const Val& a, const Val& b, bool& out) {
  if (a.kind != b.kind) return fail("%s and %s cannot have their containment checked", describe(a).c_str(), describe(b).c_str());
  out = contains_value(a, b);
  return Status::kOk;
}

Regex* Evaluator::regex_for(std::string_view pattern, std::string_view flags, Status& st) {
  // The lookup key reuses one buffer: no allocation once the cache is warm.
  regex_key_.assign(flags);
  regex_key_ += '\0';
  regex_key_.append(pattern);
  auto it = regex_cache_.find(regex_key_);
  if (it != regex_cache_.end()) return it->second.get();
  std::string key = regex_key_;
  std::string error;
  auto re = Regex::compile(pattern, flags, error);
  if (!re) {
    st = fail("%s (in a regex computed from the record)", error.c_str());
    return nullptr;
  }
  if (regex_cache_.size() >= 256) regex_cache_.clear();  // bounded
  return regex_cache_.emplace(std::move(key), std::move(re)).first->second.get();
}

// jq 1.6 defines any/all as
//   def any(gen; cond): [label $out | foreach gen as $i (false;
//       if . then break $out elif $i | cond then true else . end;
//       if . then . else empty end)] | length == 1;
//   def all(gen; cond): [... (true; if .|not then break $out elif $i | cond
//       then . else false end; if .|not then . else empty end)] | length == 0;
//   def any(cond): any(.[]; cond);  def any: any(.);  (all likewise)
// so the generator is pulled once more after the deciding element, every
// output of cond counts, and any/2 is false when cond yields true twice.
Evaluator::Status Evaluator::any_all(const Node* n, const Val& in, Sink emit, bool any) {
  bool state = !any;  // any: seen true; all: still true
  uint64_t emitted = 0;
  const Node* cond = n->func == Func::kAny2 || n->func == Func::kAll2 ? n->args[1]
                     : (n->func == Func::kAny1 || n->func == Func::kAll1) ? n->args[0] : nullptr;
  auto on_cond = [&](const Val& c) {
    // Each output of cond becomes the state; any emits on true, all on false.
    state = c.truthy();
    emitted += state == any;
    return Status::kOk;
  };
  auto on_item = [&](const Val& item) {
    if (state == any) return Status::kStop;  // decided: break $out
    if (!cond) return on_cond(item);
    return eval(cond, item, sink(on_cond));
  };
  Status st;
  if (n->func == Func::kAny2 || n->func == Func::kAll2) {
    st = eval(n->args[0], in, sink(on_item));
  } else {
    if (in.kind != Kind::kArray && in.kind != Kind::kObject) return cannot_iterate(in);
    st = Status::kOk;
    for (uint32_t i = 0; i < in.n && st == Status::kOk; ++i) st = on_item(in.kids[i]);
  }
  if (st == Status::kError) return st;
  return emit(Val::boolean(any ? emitted == 1 : emitted == 0));
}

// jq 1.6: def IN(s): reduce (first(select(. == s)) | true) as $v (false; ...);
//         def IN(src; s): reduce (src | IN(s)) as $v (false; ...);
// IN(s) stops at the first equal output of s; IN(src; s) runs all of src.
Evaluator::Status Evaluator::in_one(const Node* n, const Node* s, const Val& x, bool& found) {
  if (n->set) {
    found = n->set->contains(x);
    return Status::kOk;
  }
  found = false;
  auto f = [&](const Val& v) {
    if (!equal(x, v)) return Status::kOk;
    found = true;
    return Status::kStop;
  };
  Status st = eval(s, x, sink(f));
  return st == Status::kStop ? Status::kOk : st;
}

Evaluator::Status Evaluator::call(const Node* n, const Val& in, Sink emit) {
  const auto& args = n->args;
  switch (n->func) {
    case Func::kEmpty: return Status::kOk;
    case Func::kError0: return raise(in);
    case Func::kError1: {
      auto f = [&](const Val& m) { return raise(m); };
      return eval(args[0], in, sink(f));
    }
    case Func::kNot: return emit(Val::boolean(!in.truthy()));
    case Func::kLength:
      switch (in.kind) {
        case Kind::kNull: return emit(Val::number(0));
        case Kind::kTrue:
        case Kind::kFalse: return fail("%s has no length", describe(in).c_str());
        case Kind::kNumber: return emit(Val::number(std::fabs(in.num)));
        case Kind::kString: return emit(Val::number(static_cast<double>(codepoints(in.sv()))));
        default: return emit(Val::number(in.n));
      }
    case Func::kUtf8ByteLength:
      if (in.kind != Kind::kString) return fail("%s only strings have UTF-8 byte length", describe(in).c_str());
      return emit(Val::number(in.n));
    case Func::kType: return emit(Val::string(kind_name(in.kind)));
    case Func::kHas: {
      auto f = [&](const Val& k) {
        if (in.kind == Kind::kNull) return emit(Val::boolean(false));
        if (in.kind == Kind::kObject && k.kind == Kind::kString) return emit(Val::boolean(find_member(in, k.sv()) != nullptr));
        if (in.kind == Kind::kArray && k.kind == Kind::kNumber) {
          double i = std::trunc(k.num);  // jq 1.6 casts to int
          return emit(Val::boolean(i >= 0 && i < in.n));
        }
        return fail("Cannot check whether %s has a %s key", kind_name(in.kind).data(), kind_name(k.kind).data());
      };
      return eval(args[0], in, sink(f));
    }
    case Func::kTest: {
      if (n->regex) {
        if (in.kind != Kind::kString) return fail("%s cannot be matched, as it is not a string", describe(in).c_str());
        return emit(Val::boolean(n->regex->search(in.sv())));
      }
      auto with_flags = [&](const Val& re, const Val& flags) {
        if (in.kind != Kind::kString) return fail("%s cannot be matched, as it is not a string", describe(in).c_str());
        if (re.kind != Kind::kString) return fail("%s cannot be matched, as it is not a string", describe(re).c_str());
        if (flags.kind != Kind::kString && flags.kind != Kind::kNull)
          return fail("%s is not a string", describe(flags).c_str());
        Status st = Status::kOk;
        Regex* r = regex_for(re.sv(), flags.kind == Kind::kString ? flags.sv() : std::string_view(), st);
        if (!r) return st;
        return emit(Val::boolean(r->search(in.sv())));
      };
      auto on_re = [&](const Val& re) {
        if (args.size() == 1) return with_flags(re, Val::null());
        auto on_flags = [&](const Val& fl) { return with_flags(re, fl); };
        return eval(args[1], in, sink(on_flags));
      };
      return eval(args[0], in, sink(on_re));
    }
    case Func::kStartsWith:
    case Func::kEndsWith: {
      bool starts = n->func == Func::kStartsWith;
      auto f = [&](const Val& s) {
        if (in.kind != Kind::kString || s.kind != Kind::kString)
          return fail(starts ? "startswith() requires string inputs" : "endswith() requires string inputs");
        std::string_view x = in.sv(), y = s.sv();
        bool r = x.size() >= y.size() && (starts ? x.compare(0, y.size(), y) == 0 : x.compare(x.size() - y.size(), y.size(), y) == 0);
        return emit(Val::boolean(r));
      };
      return eval(args[0], in, sink(f));
    }
    case Func::kLtrimstr:
    case Func::kRtrimstr: {
      bool left = n->func == Func::kLtrimstr;
      auto f = [&](const Val& s) {
        if (in.kind != Kind::kString || s.kind != Kind::kString) return emit(in);
        std::string_view x = in.sv(), y = s.sv();
        if (left && x.substr(0, y.size()) == y) return emit(Val::string(x.substr(y.size())));
        if (!left && x.size() >= y.size() && x.substr(x.size() - y.size()) == y) return emit(Val::string(x.substr(0, x.size() - y.size())));
        return emit(in);
      };
      return eval(args[0], in, sink(f));
    }
    case Func::kAsciiDowncase:
    case Func::kAsciiUpcase: {
      bool down = n->func == Func::kAsciiDowncase;
      if (in.kind != Kind::kString) return fail(down ? "ascii_downcase input must be a string" : "ascii_upcase input must be a string");
      char* p = arena_.chars(in.n);
      for (uint32_t i = 0; i < in.n; ++i) {
        char c = in.str[i];
        if (down && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (!down && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        p[i] = c;
      }
      return emit(Val::string(std::string_view(p, in.n)));
    }
    case Func::kToNumber: {
      if (in.kind == Kind::kNumber) return emit(in);
      double d;
      if (in.kind == Kind::kString && parse_json_number(trim_json_space(in.sv()), d)) return emit(Val::number(d));
      if (in.kind == Kind::kString) return fail("Cannot parse '%.*s' as JSON", static_cast<int>(std::min<uint32_t>(in.n, 200)), in.str);
      return fail("%s cannot be parsed as a number", describe(in).c_str());
    }
    case Func::kContains: {
      auto f = [&](const Val& b) {
        bool r = false;
        Status st = contains(in, b, r);
        if (st != Status::kOk) return st;
        return emit(Val::boolean(r));
      };
      return eval(args[0], in, sink(f));
    }
    case Func::kSelect: {
      auto f = [&](const Val& c) { return c.truthy() ? emit(in) : Status::kOk; };
      return eval(args[0], in, sink(f));
    }
    case Func::kAny0:
    case Func::kAny1:
    case Func::kAny2: return any_all(n, in, emit, true);
    case Func::kAll0:
    case Func::kAll1:
    case Func::kAll2: return any_all(n, in, emit, false);
    case Func::kIn1: {
      bool found;
      Status st = in_one(n, args[0], in, found);
      if (st != Status::kOk) return st;
      return emit(Val::boolean(found));
    }
    case Func::kIn2: {
      bool any = false;
      auto f = [&](const Val& x) {
        bool found;
        Status st = in_one(n, args[1], x, found);
        any = any || found;
        return st;
      };
      Status st = eval(args[0], in, sink(f));
      if (st != Status::kOk) return st;
      return emit(Val::boolean(any));
    }
  }
  return Status::kOk;
}

}  // namespace jlkit::json
