#include "json/projection.hpp"

#include <cstring>

namespace jlkit::json {

Proj* Proj::key(const std::string& k) {
  if (full) return this;  // children of a full node are full
  for (auto& [name, p] : keys)
    if (name == k) return p.get();
  keys.emplace_back(k, std::make_unique<Proj>());
  return keys.back().second.get();
}

Proj* Proj::elements() {
  if (full) return this;
  if (!each) each = std::make_unique<Proj>();
  return each.get();
}

namespace {

// The projection nodes a value may come from; empty when it is not part of
// the record (a literal, a computed value, or a part already fully kept).
using Ctx = std::vector<Proj*>;

void mark_full(const Ctx& c) {
  for (Proj* p : c) p->full = true;
}

bool is_constant_scalar(const Node* n) {
  return (n->op == Op::kLiteral || n->op == Op::kVar) && !n->lit.is_container();
}

Ctx join(Ctx a, const Ctx& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Ctx analyze(const Node* n, const Ctx& in) {
  switch (n->op) {
    case Op::kIdentity: return in;
    case Op::kField: {
      Ctx out;
      for (Proj* p : analyze(n->a, in)) out.push_back(p->key(n->str));
      return out;
    }
    case Op::kIndex: {
      Ctx t = analyze(n->a, in);
      mark_full(analyze(n->b, in));
      if (n->b->op == Op::kLiteral && n->b->lit.kind == Kind::kNumber) {
        Ctx out;
        for (Proj* p : t) out.push_back(p->elements());
        return out;
      }
      mark_full(t);
      return {};
    }
    case Op::kIterate: {
      Ctx out;
      for (Proj* p : analyze(n->a, in)) out.push_back(p->elements());
      return out;
    }
    case Op::kTry: {
      Ctx out = analyze(n->a, in);
      if (n->b) out = join(out, analyze(n->b, {}));
      return out;
    }
    case Op::kLiteral:
    case Op::kVar: return {};
    case Op::kPipe: return analyze(n->b, analyze(n->a, in));
    case Op::kComma:
    case Op::kAlt: return join(analyze(n->a, in), analyze(n->b, in));
    case Op::kAnd:
    case Op::kOr:
      analyze(n->a, in);
      analyze(n->b, in);
      return {};
    case Op::kCmp: {
      Ctx a = analyze(n->a, in), b = analyze(n->b, in);
      // Against a scalar constant the kind decides for containers.
      if (!is_constant_scalar(n->a) && !is_constant_scalar(n->b)) {
        mark_full(a);
        mark_full(b);
      }
      return {};
    }
    case Op::kArith:
      mark_full(analyze(n->a, in));
      mark_full(analyze(n->b, in));
      return {};
    case Op::kNeg: mark_full(analyze(n->a, in)); return {};
    case Op::kIf:
      analyze(n->a, in);
      return join(analyze(n->b, in), analyze(n->c, in));
    case Op::kArray:
      if (n->a) mark_full(analyze(n->a, in));
      return {};
    case Op::kCall: break;
  }
  const auto& args = n->args;
  switch (n->func) {
    case Func::kEmpty:
    case Func::kNot:
    case Func::kType:
    case Func::kUtf8ByteLength:
    case Func::kAsciiDowncase:
    case Func::kAsciiUpcase:
    case Func::kToNumber:
      return {};
    case Func::kError0: mark_full(in); return {};
    case Func::kError1: mark_full(analyze(args[0], in)); return {};
    case Func::kLength:
      for (Proj* p : in) p->count = true;
      return {};
    case Func::kHas: {
      const Node* k = args[0];
      if (k->op == Op::kLiteral && k->lit.kind == Kind::kString) {
        for (Proj* p : in) p->key(std::string(k->lit.sv()));
      } else if (k->op == Op::kLiteral && k->lit.kind == Kind::kNumber) {
        for (Proj* p : in) p->count = true;
      } else {
        mark_full(in);
        mark_full(analyze(k, in));
      }
      return {};
    }
    case Func::kTest:
    case Func::kStartsWith:
    case Func::kEndsWith:
      for (const Node* a : args) mark_full(analyze(a, in));
      return {};
    case Func::kLtrimstr:
    case Func::kRtrimstr:
      mark_full(analyze(args[0], in));
      return in;  // a non-string input passes through unchanged
    case Func::kContains:
      mark_full(in);
      mark_full(analyze(args[0], in));
      return {};
    case Func::kSelect:
      analyze(args[0], in);
      return in;
    case Func::kAny0:
    case Func::kAll0: {
      for (Proj* p : in) p->elements();
      return {};
    }
    case Func::kAny1:
    case Func::kAll1: {
      Ctx elems;
      for (Proj* p : in) elems.push_back(p->elements());
      analyze(args[0], elems);
      return {};
    }
    case Func::kAny2:
    case Func::kAll2:
      analyze(args[1], analyze(args[0], in));
      return {};
    case Func::kIn1:
    case Func::kIn2: {
      Ctx items = n->func == Func::kIn1 ? in : analyze(args[0], in);
      // Compared (or hashed) as whole values.
      mark_full(items);
      mark_full(analyze(args.back(), items));
      return {};
    }
  }
  return {};
}

void merge(Proj& dst, const Proj& src) {
  dst.full |= src.full;
  dst.count |= src.count;
  for (auto& [k, p] : src.keys) merge(*dst.key(k), *p);
  if (src.each) merge(*dst.elements(), *src.each);
}

// Folds `each` into the named members, drops detail under full nodes, and
// turns `count` into a shallow `each` so every member is present.
void finalize(Proj& p) {
  if (p.full) {
    p.keys.clear();
    p.each.reset();
    return;
  }
  if (p.count && !p.each) p.each = std::make_unique<Proj>();
  if (p.each) {
    finalize(*p.each);
    for (auto& [k, child] : p.keys) merge(*child, *p.each);
  }
  for (auto& [k, child] : p.keys) finalize(*child);
}

}  // namespace

std::unique_ptr<Proj> project(const Expr& expr, bool strict) {
  auto root = std::make_unique<Proj>();
  if (strict) {
    root->full = true;
    return root;
  }
  analyze(expr.root, {root.get()});
  finalize(*root);
  return root;
}

}  // namespace jlkit::json
