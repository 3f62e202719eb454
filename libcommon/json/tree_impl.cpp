// Built twice, like materialize_impl.cpp: JLKIT_ARCH_NS names the copy.
#include <simdjson.h>

#include <cstring>

#include "json/tree.hpp"

namespace jlkit::json::JLKIT_ARCH_NS {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

class Impl final : public TreeParser {
 public:
  int parse(const char* data, size_t len, size_t capacity, const Proj& want, bool validate, Tree& tree) override {
    tree.reset();
    tree_ = &tree;
    validate_ = validate;
    end_ = data + len;
    od::document doc;
    error_code err = parser_.iterate(data, len, capacity).get(doc);
    if (err) return err;
    od::object o;
    if ((err = doc.get_object().get(o))) return err;
    int root = tree.add_node(false, -1);
    if ((err = object(o, want, root))) return err;
    const char* loc;
    if (doc.current_location().get(loc) == SUCCESS) return simdjson::TRAILING_CONTENT;
    tree.finish(data, end_);
    return SUCCESS;
  }

 private:
  static bool deeper(const Proj* p) { return p && (p->full || !p->keys.empty() || p->each); }

  error_code object(od::object& o, const Proj& p, int node) {
    for (auto fr : o) {
      od::field f;
      error_code err = std::move(fr).get(f);
      if (err) return err;
      od::value v = f.value();
      if (!tree_->add_key(node, f.key().raw(), v.raw_json_token().data())) return simdjson::STRING_ERROR;
      const Member& m = tree_->node(node).members.back();
      const Proj* child = p.full ? &p : p.find(m.key.data(), m.key.size());
      if (!child) child = p.each.get();
      if ((err = member(v, child, node))) return err;
    }
    return SUCCESS;
  }

  error_code array(od::array& a, const Proj* each, int node) {
    for (auto vr : a) {
      od::value v;
      error_code err = std::move(vr).get(v);
      if (err) return err;
      tree_->add_element(node, v.raw_json_token().data());
      if ((err = member(v, each, node))) return err;
    }
    return SUCCESS;
  }

  // The value of the last member added to `parent`: descended into where
  // the trie leads, else checked (when validating) and left as text.
  error_code member(od::value& v, const Proj* p, int parent) {
    if (deeper(p)) {
      od::json_type t;
      error_code err = v.type().get(t);
      if (err) return err;
      if (t == od::json_type::object) {
        od::object o;
        if ((err = v.get_object().get(o))) return err;
        int child = tree_->add_node(false, parent);
        tree_->node(parent).members.back().node = child;
        return object(o, *p, child);
      }
      if (t == od::json_type::array && p->each && !p->full) {
        od::array a;
        if ((err = v.get_array().get(a))) return err;
        int child = tree_->add_node(true, parent);
        tree_->node(parent).members.back().node = child;
        return array(a, p->each.get(), child);
      }
    }
    return validate_ ? check(v) : SUCCESS;
  }

  // Full validation of a value the walk does not keep.
  error_code check(od::value& v) {
    od::json_type t;
    error_code err = v.type().get(t);
    if (err) return err;
    switch (t) {
      case od::json_type::object: {
        od::object o;
        if ((err = v.get_object().get(o))) return err;
        for (auto fr : o) {
          od::field f;
          if ((err = std::move(fr).get(f))) return err;
          std::string_view key;
          if ((err = f.unescaped_key().get(key))) return err;
          od::value fv = f.value();
          if ((err = check(fv))) return err;
        }
        return SUCCESS;
      }
      case od::json_type::array: {
        od::array a;
        if ((err = v.get_array().get(a))) return err;
        for (auto vr : a) {
          od::value e;
          if ((err = std::move(vr).get(e))) return err;
          if ((err = check(e))) return err;
        }
        return SUCCESS;
      }
      case od::json_type::number:
        return is_json_number(trim_json_space(v.raw_json_token())) ? SUCCESS : simdjson::NUMBER_ERROR;
      case od::json_type::string: {
        // Stage 1 has checked UTF-8, control characters and where the string
        // ends; only escapes are left, and most strings have none.
        std::string_view raw = v.raw_json_token();
        if (!std::memchr(raw.data(), '\\', raw.size())) return SUCCESS;
        std::string_view s;
        return v.get_string().get(s);
      }
      case od::json_type::boolean: {
        bool b;
        return v.get_bool().get(b);
      }
      case od::json_type::null: {
        bool is_null;
        if ((err = v.is_null().get(is_null))) return err;
        return is_null ? SUCCESS : simdjson::N_ATOM_ERROR;
      }
    }
    return simdjson::INCORRECT_TYPE;
  }

  od::parser parser_;
  Tree* tree_ = nullptr;
  bool validate_ = true;
  const char* end_ = nullptr;
};

}  // namespace

std::unique_ptr<TreeParser> make_tree_parser() { return std::make_unique<Impl>(); }

}  // namespace jlkit::json::JLKIT_ARCH_NS
