// Built twice (see libcommon/CMakeLists.txt): JLKIT_ARCH_NS names the copy;
// the compile flags decide which simdjson kernel `ondemand` is.
#include <simdjson.h>

#include <cstring>
#include <vector>

#include "json/materialize.hpp"

namespace jlkit::json::JLKIT_ARCH_NS {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

// The raw text of a value that get_double() refused (document and value
// differ in how they return it).
error_code raw_token(od::document& d, std::string_view& raw) { return d.raw_json_token().get(raw); }
error_code raw_token(od::value& v, std::string_view& raw) {
  raw = v.raw_json_token();
  return SUCCESS;
}

class Impl final : public RecordParser {
 public:
  int parse(const char* data, size_t len, size_t capacity, const Proj& proj, Arena& arena, Val& out) override {
    arena_ = &arena;
    stack_.clear();
    od::document doc;
    error_code err = parser_.iterate(data, len, capacity).get(doc);
    if (err) return err;
    out = Val();
    // The root container is always walked, to reach its end.
    if ((err = value(doc, proj, out, true, 1))) return err;
    // The value must end the text; more means several values on the line.
    const char* loc;
    if (doc.current_location().get(loc) == SUCCESS) return simdjson::TRAILING_CONTENT;
    return SUCCESS;
  }

 private:
  // V is od::document (the root) or od::value.
  // Deeper than this is an error, not a stack overflow.
  static constexpr size_t kMaxDepth = 1024;

  template <class V>
  error_code value(V& v, const Proj& p, Val& out, bool walk, size_t depth) {
    if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
    od::json_type t;
    error_code err = v.type().get(t);
    if (err) return err;
    switch (t) {
      case od::json_type::object: {
        if (!walk && !p.full && p.keys.empty() && !p.each) {
          out.kind = Kind::kObject;
          out.partial = true;
          return SUCCESS;
        }
        od::object o;
        if ((err = v.get_object().get(o))) return err;
        return object(o, p, out, depth);
      }
      case od::json_type::array: {
        if (!walk && !p.full && !p.each) {
          out.kind = Kind::kArray;
          out.partial = true;
          return SUCCESS;
        }
        od::array a;
        if ((err = v.get_array().get(a))) return err;
        return array(a, p, out, depth);
      }
      case od::json_type::number: {
        out.kind = Kind::kNumber;
        err = v.get_double().get(out.num);
        if (err == simdjson::NUMBER_ERROR) {
          // simdjson refuses numbers beyond the double range; jq reads them as ±inf.
          std::string_view raw;
          if (raw_token(v, raw) == SUCCESS && parse_json_number(trim_json_space(raw), out.num)) err = SUCCESS;
        }
        return err;
      }
      case od::json_type::string: {
        std::string_view s;
        if ((err = v.get_string().get(s))) return err;
        out.kind = Kind::kString;
        out.str = s.data();
        out.n = static_cast<uint32_t>(s.size());
        return SUCCESS;
      }
      case od::json_type::boolean: {
        bool b;
        if ((err = v.get_bool().get(b))) return err;
        out.kind = b ? Kind::kTrue : Kind::kFalse;
        return SUCCESS;
      }
      case od::json_type::null: {
        bool is_null;
        if ((err = v.is_null().get(is_null))) return err;
        out.kind = Kind::kNull;
        return is_null ? SUCCESS : simdjson::N_ATOM_ERROR;
      }
    }
    return simdjson::INCORRECT_TYPE;
  }

  // Walks every member (so structure errors at this level are seen) and keeps
  // the ones the projection names; a repeated key replaces the earlier value
  // in place, as jq does.
  error_code object(od::object& o, const Proj& p, Val& out, size_t depth) {
    size_t base = stack_.size();
    for (auto fr : o) {
      od::field f;
      error_code err = std::move(fr).get(f);
      if (err) return err;
      const char* k = f.key().raw();
      const char* q = k;
      while (*q != '"' && *q != '\\') ++q;
      std::string_view key(k, static_cast<size_t>(q - k));
      if (*q == '\\' && (err = f.unescaped_key().get(key))) return err;
      const Proj* child = p.full ? &p : p.find(key.data(), key.size());
      if (!child) child = p.each.get();
      if (!child) continue;
      Val v;
      od::value fv = f.value();
      if ((err = value(fv, *child, v, false, depth + 1))) return err;
      v.key = key.data();
      v.key_len = static_cast<uint32_t>(key.size());
      size_t i = base;
      while (i < stack_.size() && stack_[i].key_sv() != key) ++i;
      if (i < stack_.size()) stack_[i] = v;
      else stack_.push_back(v);
    }
    out.kind = Kind::kObject;
    out.partial = !(p.full || p.each);
    pop_kids(base, out);
    return SUCCESS;
  }

  error_code array(od::array& a, const Proj& p, Val& out, size_t depth) {
    size_t base = stack_.size();
    const Proj* child = p.full ? &p : p.each.get();
    for (auto vr : a) {
      od::value v;
      error_code err = std::move(vr).get(v);
      if (err) return err;
      if (!child) continue;
      Val x;
      if ((err = value(v, *child, x, false, depth + 1))) return err;
      stack_.push_back(x);
    }
    out.kind = Kind::kArray;
    out.partial = child == nullptr;
    pop_kids(base, out);
    return SUCCESS;
  }

  void pop_kids(size_t base, Val& out) {
    size_t n = stack_.size() - base;
    Val* kids = arena_->vals(n);
    if (n) std::memcpy(static_cast<void*>(kids), stack_.data() + base, n * sizeof(Val));
    out.kids = kids;
    out.n = static_cast<uint32_t>(n);
    stack_.resize(base);
  }

  od::parser parser_;
  std::vector<Val> stack_;
  Arena* arena_ = nullptr;
};

}  // namespace

std::unique_ptr<RecordParser> make_record_parser() { return std::make_unique<Impl>(); }

}  // namespace jlkit::json::JLKIT_ARCH_NS
