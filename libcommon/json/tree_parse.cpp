// Reads a record into a Tree by walking simdjson's stage-1 output (the
// positions of every bracket, colon, comma, string and scalar, found with
// SIMD and checked for UTF-8, string ends and control characters) with a
// small grammar loop. On-Demand does the same walk through iterator objects
// whose copies cost more than the walk itself (store-forwarding stalls on
// every member); here a member costs a few loads. Stage 1 is dispatched by
// simdjson at run time, so this file is compiled once.
#include <simdjson.h>

#include <cstring>

#include "json/text.hpp"
#include "json/tree.hpp"

namespace jlkit::json {

namespace {

using simdjson::error_code;
using simdjson::SUCCESS;

class StructuralParser final : public TreeParser {
 public:
  int parse(const char* data, size_t len, size_t /*capacity*/, const Proj& want, bool validate, Tree& tree) override {
    if (!stage1_ || len > stage1_->capacity()) {
      size_t cap = std::max<size_t>(len, stage1_ ? 2 * stage1_->capacity() : 1 << 16);
      if (!stage1_) {
        if (simdjson::get_active_implementation()->create_dom_parser_implementation(cap, kMaxDepth, stage1_))
          return simdjson::MEMALLOC;
      } else if (stage1_->set_capacity(cap)) {
        return simdjson::MEMALLOC;
      }
    }
    tree.reset();
    error_code err = stage1_->stage1(reinterpret_cast<const uint8_t*>(data), len, simdjson::stage1_mode::regular);
    if (err) return err;
    data_ = data;
    len_ = len;
    idx_ = stage1_->structural_indexes.get();
    n_ = stage1_->n_structural_indexes;
    pos_ = 0;
    tree_ = &tree;
    validate_ = validate;
    if (at(0) != '{') return simdjson::INCORRECT_TYPE;
    int root = tree.add_node(false, -1);
    if ((err = object(want, root, 1))) return err;
    if (pos_ != n_) return simdjson::TRAILING_CONTENT;
    tree.finish(data, data + len);
    return SUCCESS;
  }

 private:
  static constexpr size_t kMaxDepth = 1024;

  static bool deeper(const Proj* p) { return p && (p->full || !p->keys.empty() || p->each); }

  // The byte at structural `i`; 0 past the last one (a NUL byte in the
  // text is a structural of its own, and never valid).
  char at(uint32_t i) const { return i < n_ ? data_[idx_[i]] : '\0'; }
  error_code end_or_tape(uint32_t i) const { return i < n_ ? simdjson::TAPE_ERROR : simdjson::INCOMPLETE_ARRAY_OR_OBJECT; }
  const char* ptr(uint32_t i) const { return data_ + idx_[i]; }
  // The text of the string or scalar at structural `i`: up to the next
  // structural, without the spaces before it.
  std::string_view token(uint32_t i) const {
    const char* b = ptr(i);
    const char* e = data_ + (i + 1 < n_ ? idx_[i + 1] : len_);
    while (e > b && is_json_space(e[-1])) --e;
    return std::string_view(b, static_cast<size_t>(e - b));
  }
  // Walks the container whose bracket is at pos_: item() is called with
  // pos_ at each member's key (objects) or at each element, and moves past
  // it; the separators and the closing bracket are checked here.
  template <class F>
  error_code items(char close, size_t depth, F&& item) {
    if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
    if (at(++pos_) == close) {
      ++pos_;
      return SUCCESS;
    }
    for (;;) {
      if (error_code err = item()) return err;
      char c = at(pos_++);
      if (c == close) return SUCCESS;
      if (c != ',') return end_or_tape(pos_ - 1);
    }
  }

  // A member's key and colon at pos_: false when they are not there.
  bool key_here() const { return at(pos_) == '"' && at(pos_ + 1) == ':'; }
  error_code key_error() const { return end_or_tape(at(pos_) == '"' ? pos_ + 1 : pos_); }

  // pos_ at '{' of an object kept in the tree as `node`.
  error_code object(const Proj& p, int node, size_t depth) {
    return items('}', depth, [&]() -> error_code {
      if (!key_here()) return key_error();
      const char* key = ptr(pos_) + 1;
      pos_ += 2;
      if (pos_ >= n_) return simdjson::INCOMPLETE_ARRAY_OR_OBJECT;
      if (!tree_->add_key(node, key, ptr(pos_))) return simdjson::STRING_ERROR;
      const Member& m = tree_->node(node).members.back();
      const Proj* child = p.full ? &p : p.find(m.key.data(), m.key.size());
      return member(child ? child : p.each.get(), node, depth);
    });
  }

  error_code array(const Proj* each, int node, size_t depth) {
    return items(']', depth, [&]() -> error_code {
      if (pos_ >= n_) return simdjson::INCOMPLETE_ARRAY_OR_OBJECT;
      tree_->add_element(node, ptr(pos_));
      return member(each, node, depth);
    });
  }

  // The value at pos_, the last member added to `parent`: descended into
  // where the trie leads, else checked (when validating) or skipped.
  error_code member(const Proj* p, int parent, size_t depth) {
    char c = at(pos_);
    if (deeper(p)) {
      if (c == '{') {
        int child = tree_->add_node(false, parent);
        tree_->node(parent).members.back().node = child;
        return object(*p, child, depth + 1);
      }
      if (c == '[' && p->each && !p->full) {
        int child = tree_->add_node(true, parent);
        tree_->node(parent).members.back().node = child;
        return array(p->each.get(), child, depth + 1);
      }
    }
    return validate_ ? check(depth + 1) : skip();
  }

  // Past the value at pos_; containers by their brackets only (as
  // On-Demand skips them).
  error_code skip() {
    char c = at(pos_);
    if (c != '{' && c != '[') {
      if (!c || c == ',' || c == ':' || c == '}' || c == ']') return end_or_tape(pos_);
      ++pos_;
      return SUCCESS;
    }
    size_t depth = 0;
    do {
      if (pos_ >= n_) return simdjson::INCOMPLETE_ARRAY_OR_OBJECT;
      c = data_[idx_[pos_++]];
      if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') --depth;
    } while (depth);
    return SUCCESS;
  }

  // Full validation of the value at pos_, moving past it.
  error_code check(size_t depth) {
    char c = at(pos_);
    error_code err;
    switch (c) {
      case '{':
        return items('}', depth, [&]() -> error_code {
          if (!key_here()) return key_error();
          if (error_code e = check_string(pos_)) return e;
          pos_ += 2;
          return check(depth + 1);
        });
      case '[': return items(']', depth, [&] { return check(depth + 1); });
      case '"': err = check_string(pos_); break;
      case 't': err = token(pos_) == "true" ? SUCCESS : simdjson::T_ATOM_ERROR; break;
      case 'f': err = token(pos_) == "false" ? SUCCESS : simdjson::F_ATOM_ERROR; break;
      case 'n': err = token(pos_) == "null" ? SUCCESS : simdjson::N_ATOM_ERROR; break;
      case '-':
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        err = is_json_number(token(pos_)) ? SUCCESS : simdjson::NUMBER_ERROR;
        break;
      default: return end_or_tape(pos_);
    }
    ++pos_;
    return err;
  }

  // Stage 1 has checked UTF-8, control characters and where the string
  // ends; only escapes are left, and most strings have none.
  error_code check_string(uint32_t i) {
    std::string_view t = token(i);
    if (t.size() < 2 || t.back() != '"') return simdjson::TAPE_ERROR;
    t = t.substr(1, t.size() - 2);
    if (!std::memchr(t.data(), '\\', t.size())) return SUCCESS;
    scratch_.clear();
    return unescape_json(t, scratch_) == std::string_view::npos ? SUCCESS : simdjson::STRING_ERROR;
  }

  std::unique_ptr<simdjson::internal::dom_parser_implementation> stage1_;
  const char* data_ = nullptr;
  size_t len_ = 0;
  const uint32_t* idx_ = nullptr;
  uint32_t n_ = 0;
  uint32_t pos_ = 0;
  Tree* tree_ = nullptr;
  bool validate_ = false;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<TreeParser> make_tree_parser() { return std::make_unique<StructuralParser>(); }

}  // namespace jlkit::json
