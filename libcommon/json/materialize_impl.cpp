// Built twice (see libcommon/CMakeLists.txt): JLKIT_ARCH_NS names the copy;
// the compile flags decide which simdjson kernel `ondemand` is.
#include <simdjson.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "json/materialize.hpp"

namespace jlkit::json::JLKIT_ARCH_NS {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

// simdjson rejects numbers beyond double range; jq 1.6 reads them as ±inf
// (and prints them as ±DBL_MAX).
error_code parse_big_number(std::string_view raw, double& out) {
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
    raw.remove_suffix(1);
  size_t i = 0, n = raw.size();
  auto digit = [&](size_t k) { return k < n && raw[k] >= '0' && raw[k] <= '9'; };
  if (i < n && raw[i] == '-') ++i;
  if (!digit(i)) return simdjson::NUMBER_ERROR;
  if (raw[i] == '0') ++i;
  else while (digit(i)) ++i;
  if (i < n && raw[i] == '.') {
    ++i;
    if (!digit(i)) return simdjson::NUMBER_ERROR;
    while (digit(i)) ++i;
  }
  if (i < n && (raw[i] == 'e' || raw[i] == 'E')) {
    ++i;
    if (i < n && (raw[i] == '+' || raw[i] == '-')) ++i;
    if (!digit(i)) return simdjson::NUMBER_ERROR;
    while (digit(i)) ++i;
  }
  if (i != n || n > 1024) return simdjson::NUMBER_ERROR;
  char buf[1032];
  std::memcpy(buf, raw.data(), n);
  buf[n] = 0;
  double d = std::strtod(buf, nullptr);
  out = d;
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
    od::json_type t;
    if ((err = doc.type().get(t))) return err;
    out = Val();
    switch (t) {
      case od::json_type::object: {
        od::object o;
        if ((err = doc.get_object().get(o))) return err;
        if ((err = object(o, proj, out))) return err;
        break;
      }
      case od::json_type::array: {
        od::array a;
        if ((err = doc.get_array().get(a))) return err;
        if ((err = array(a, proj, out))) return err;
        break;
      }
      case od::json_type::number: {
        out.kind = Kind::kNumber;
        err = doc.get_double().get(out.num);
        if (err == simdjson::NUMBER_ERROR) {
          std::string_view raw;
          if (doc.raw_json_token().get(raw)) return err;
          err = parse_big_number(raw, out.num);
        }
        if (err) return err;
        break;
      }
      case od::json_type::string: {
        std::string_view s;
        if ((err = doc.get_string().get(s))) return err;
        out = Val::string(s);
        break;
      }
      case od::json_type::boolean: {
        bool b;
        if ((err = doc.get_bool().get(b))) return err;
        out = Val::boolean(b);
        break;
      }
      case od::json_type::null: {
        bool is_null;
        if ((err = doc.is_null().get(is_null))) return err;
        if (!is_null) return simdjson::N_ATOM_ERROR;
        break;
      }
    }
    // The value must end the text; more means several values on the line.
    const char* loc;
    if (doc.current_location().get(loc) == SUCCESS) return simdjson::TRAILING_CONTENT;
    return SUCCESS;
  }

 private:
  error_code value(od::value v, const Proj& p, Val& out) {
    od::json_type t;
    error_code err = v.type().get(t);
    if (err) return err;
    switch (t) {
      case od::json_type::object: {
        if (!p.full && p.keys.empty() && !p.each) {
          out.kind = Kind::kObject;
          out.partial = true;
          return SUCCESS;
        }
        od::object o;
        if ((err = v.get_object().get(o))) return err;
        return object(o, p, out);
      }
      case od::json_type::array: {
        if (!p.full && !p.each) {
          out.kind = Kind::kArray;
          out.partial = true;
          return SUCCESS;
        }
        od::array a;
        if ((err = v.get_array().get(a))) return err;
        return array(a, p, out);
      }
      case od::json_type::number: {
        out.kind = Kind::kNumber;
        err = v.get_double().get(out.num);
        if (err == simdjson::NUMBER_ERROR) err = parse_big_number(v.raw_json_token(), out.num);
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
  error_code object(od::object& o, const Proj& p, Val& out) {
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
      if ((err = value(f.value(), *child, v))) return err;
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

  error_code array(od::array& a, const Proj& p, Val& out) {
    size_t base = stack_.size();
    const Proj* child = p.full ? &p : p.each.get();
    for (auto vr : a) {
      od::value v;
      error_code err = std::move(vr).get(v);
      if (err) return err;
      if (!child) continue;
      Val x;
      if ((err = value(v, *child, x))) return err;
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
