#include "json/value.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace jlkit::json {

void* Arena::alloc(size_t bytes, size_t align) {
  for (;;) {
    if (block_ < blocks_.size()) {
      Block& b = blocks_[block_];
      size_t start = (used_ + align - 1) & ~(align - 1);
      if (start + bytes <= b.size) {
        used_ = start + bytes;
        return b.data.get() + start;
      }
      ++block_;
      used_ = 0;
      continue;
    }
    size_t size = std::max(kBlock, bytes + align);
    blocks_.push_back(Block{std::unique_ptr<char[]>(new char[size]), size});
  }
}

namespace {

int cmp_num(double a, double b) { return a < b ? -1 : (a == b ? 0 : 1); }

int cmp_str(std::string_view a, std::string_view b) {
  int r = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (r != 0) return r;
  return a.size() < b.size() ? -1 : (a.size() == b.size() ? 0 : 1);
}

std::vector<const Val*> sorted_members(const Val& obj) {
  std::vector<const Val*> m;
  m.reserve(obj.n);
  for (uint32_t i = 0; i < obj.n; ++i) m.push_back(&obj.kids[i]);
  std::sort(m.begin(), m.end(), [](const Val* x, const Val* y) { return cmp_str(x->key_sv(), y->key_sv()) < 0; });
  return m;
}

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, then mixed
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return mix(h);
}

}  // namespace

int compare(const Val& a, const Val& b) {
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  switch (a.kind) {
    case Kind::kNumber:
      return cmp_num(a.num, b.num);
    case Kind::kString:
      return cmp_str(a.sv(), b.sv());
    case Kind::kArray: {
      uint32_t n = std::min(a.n, b.n);
      for (uint32_t i = 0; i < n; ++i)
        if (int r = compare(a.kids[i], b.kids[i])) return r;
      return a.n < b.n ? -1 : (a.n == b.n ? 0 : 1);
    }
    case Kind::kObject: {
      auto ka = sorted_members(a), kb = sorted_members(b);
      size_t n = std::min(ka.size(), kb.size());
      for (size_t i = 0; i < n; ++i)
        if (int r = cmp_str(ka[i]->key_sv(), kb[i]->key_sv())) return r;
      if (ka.size() != kb.size()) return ka.size() < kb.size() ? -1 : 1;
      for (size_t i = 0; i < n; ++i)
        if (int r = compare(*ka[i], *kb[i])) return r;
      return 0;
    }
    default:
      return 0;
  }
}

bool equal(const Val& a, const Val& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Kind::kNumber) return a.num == b.num;
  if (a.kind == Kind::kString) return a.n == b.n && std::memcmp(a.str, b.str, a.n) == 0;
  if (a.kind == Kind::kArray || a.kind == Kind::kObject) {
    if (a.n != b.n) return false;
    return compare(a, b) == 0;
  }
  return true;
}

uint64_t hash(const Val& v) {
  switch (v.kind) {
    case Kind::kNull:
    case Kind::kFalse:
    case Kind::kTrue:
      return mix(static_cast<uint64_t>(v.kind) + 1);
    case Kind::kNumber: {
      double d = v.num == 0 ? 0.0 : v.num;  // -0 == 0
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return mix(bits ^ 0x9e3779b97f4a7c15ULL);
    }
    case Kind::kString:
      return hash_bytes(v.sv());
    case Kind::kArray: {
      uint64_t h = 0x1234567;
      for (uint32_t i = 0; i < v.n; ++i) h = mix(h * 31 + hash(v.kids[i]));
      return h;
    }
    case Kind::kObject: {
      uint64_t h = 0x7654321;
      for (uint32_t i = 0; i < v.n; ++i) h += mix(hash_bytes(v.kids[i].key_sv()) ^ hash(v.kids[i]));
      return mix(h);
    }
  }
  return 0;
}

const Val* find_member(const Val& obj, std::string_view key) {
  for (uint32_t i = 0; i < obj.n; ++i) {
    const Val& m = obj.kids[i];
    if (m.key_len == key.size() && std::memcmp(m.key, key.data(), key.size()) == 0) return &m;
  }
  return nullptr;
}

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::kNull: return "null";
    case Kind::kFalse:
    case Kind::kTrue: return "boolean";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kArray: return "array";
    case Kind::kObject: return "object";
  }
  return "null";
}

namespace {

void append_json(std::string& out, const Val& v) {
  switch (v.kind) {
    case Kind::kNull: out += "null"; break;
    case Kind::kFalse: out += "false"; break;
    case Kind::kTrue: out += "true"; break;
    case Kind::kNumber: {
      char buf[32];
      double d = v.num;
      if (std::isnan(d)) {
        out += "null";
      } else {
        if (std::isinf(d)) d = d > 0 ? 1.7976931348623157e308 : -1.7976931348623157e308;
        std::snprintf(buf, sizeof buf, "%.17g", d);
        // Prefer the shortest text that reads back the same, as jq prints.
        for (int prec = 1; prec <= 17; ++prec) {
          char shortest[32];
          std::snprintf(shortest, sizeof shortest, "%.*g", prec, d);
          if (std::strtod(shortest, nullptr) == d) {
            std::memcpy(buf, shortest, sizeof shortest);
            break;
          }
        }
        out += buf;
      }
      break;
    }
    case Kind::kString: append_json_string(out, v.sv()); break;
    case Kind::kArray:
      out += '[';
      for (uint32_t i = 0; i < v.n; ++i) {
        if (i) out += ',';
        append_json(out, v.kids[i]);
      }
      out += ']';
      break;
    case Kind::kObject:
      out += '{';
      for (uint32_t i = 0; i < v.n; ++i) {
        if (i) out += ',';
        append_json_string(out, v.kids[i].key_sv());
        out += ':';
        append_json(out, v.kids[i]);
      }
      out += '}';
      break;
  }
}

// DOM element -> Val, copying strings into the arena.
void from_dom(simdjson::dom::element e, Arena& arena, Val& out) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::NULL_VALUE: out.kind = Kind::kNull; break;
    case T::BOOL: out.kind = bool(e.get_bool().value_unsafe()) ? Kind::kTrue : Kind::kFalse; break;
    case T::INT64: out.kind = Kind::kNumber; out.num = double(e.get_int64().value_unsafe()); break;
    case T::UINT64: out.kind = Kind::kNumber; out.num = double(e.get_uint64().value_unsafe()); break;
    case T::DOUBLE: out.kind = Kind::kNumber; out.num = e.get_double().value_unsafe(); break;
    case T::STRING: {
      std::string_view s = arena.copy(e.get_string().value_unsafe());
      out.kind = Kind::kString;
      out.str = s.data();
      out.n = static_cast<uint32_t>(s.size());
      break;
    }
    case T::ARRAY: {
      auto arr = e.get_array().value_unsafe();
      size_t n = arr.size();
      Val* kids = arena.vals(n);
      size_t i = 0;
      for (auto child : arr) {
        new (&kids[i]) Val();
        from_dom(child, arena, kids[i]);
        ++i;
      }
      out.kind = Kind::kArray;
      out.kids = kids;
      out.n = static_cast<uint32_t>(n);
      break;
    }
    case T::OBJECT: {
      auto obj = e.get_object().value_unsafe();
      size_t n = obj.size();
      Val* kids = arena.vals(n);
      size_t used = 0;
      for (auto field : obj) {
        Val v;
        from_dom(field.value, arena, v);
        std::string_view k = arena.copy(field.key);
        v.key = k.data();
        v.key_len = static_cast<uint32_t>(k.size());
        size_t j = 0;
        while (j < used && kids[j].key_sv() != k) ++j;  // duplicate key: last wins, first place
        kids[j] = v;
        if (j == used) ++used;
      }
      out.kind = Kind::kObject;
      out.kids = kids;
      out.n = static_cast<uint32_t>(used);
      break;
    }
  }
}

}  // namespace

Val make_array(Arena& arena, const Val* items, size_t n) {
  Val* kids = arena.vals(n);
  for (size_t i = 0; i < n; ++i) {
    kids[i] = items[i];
    kids[i].key = nullptr;
    kids[i].key_len = 0;
  }
  Val v;
  v.kind = Kind::kArray;
  v.kids = kids;
  v.n = static_cast<uint32_t>(n);
  return v;
}

std::string to_json(const Val& v) {
  std::string out;
  append_json(out, v);
  return out;
}

bool parse_constant(std::string_view text, bool many, Arena& arena, Val& out, std::string& error) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  if (!many) {
    simdjson::dom::element e;
    auto err = parser.parse(padded).get(e);
    if (err) {
      error = simdjson::error_message(err);
      return false;
    }
    out = Val();
    from_dom(e, arena, out);
    return true;
  }
  std::vector<Val> values;
  simdjson::dom::document_stream stream;
  auto err = parser.parse_many(padded, std::max<size_t>(padded.size(), 1 << 20)).get(stream);
  if (err) {
    error = simdjson::error_message(err);
    return false;
  }
  for (auto doc : stream) {
    simdjson::dom::element e;
    if ((err = doc.get(e))) {
      error = simdjson::error_message(err);
      return false;
    }
    Val v;
    from_dom(e, arena, v);
    values.push_back(v);
  }
  out = make_array(arena, values.data(), values.size());
  return true;
}

}  // namespace jlkit::json
