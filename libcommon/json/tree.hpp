// A record as an editable tree of spans into its own text. Parsing lists
// every member of the root object and descends only where a path of the
// command line leads; everything else stays a span of the original bytes,
// so an edited record is written back with its untouched members verbatim.
// New values are JSON text in the tree's arena. Nothing is allocated per
// record once the pools have grown to the records' shape.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json/path.hpp"
#include "json/projection.hpp"
#include "json/value.hpp"

namespace jlkit::json {

struct Member {
  std::string_view key_raw;  // between the quotes, escapes as written (array elements: empty)
  std::string_view key;      // decoded
  std::string_view value;    // JSON text of the value
  const char* begin = nullptr;  // where the member's original text starts (null: a new member)
  int node = -1;                // the value read as a container: Tree::node()
  bool tight = false;           // original text is exactly "key":value, no spaces
  bool dropped = false;
  bool changed = false;  // value replaced or new
};

struct TreeNode {
  bool array = false;
  bool edited = false;  // written from its members, not as `text`
  int parent = -1;
  std::string_view text;
  std::vector<Member> members;
};

class Tree {
 public:
  // ---- building (the parsers) ----
  void reset();
  int add_node(bool array, int parent);
  TreeNode& node(int i) { return nodes_[i]; }
  const TreeNode& node(int i) const { return nodes_[i]; }
  Arena& arena() { return arena_; }
  // Appends a member of an object: its key text starts after the quote at
  // `raw`, its value at `value`. False when the key has a bad escape.
  bool add_key(int node, const char* raw, const char* value) {
    // Between the key and its value there is only `"`, `:` and spaces.
    const char* q = value;
    while (is_json_space(q[-1])) --q;
    --q;  // the colon
    while (is_json_space(q[-1])) --q;
    --q;  // the closing quote
    Member& m = nodes_[node].members.emplace_back();
    m.begin = raw - 1;
    m.value = std::string_view(value, 0);
    const std::string_view key(raw, static_cast<size_t>(q - raw));  // not m.key = m.key_raw: a store-forwarding stall
    m.key_raw = key;
    m.key = key;
    for (const char* c = raw; c < q; ++c)
      if (*c == '\\') return decode_key(m);
    return true;
  }
  void add_element(int node, const char* value) { nodes_[node].members.push_back(element(value)); }
  // Sets the value ends and node texts once the root's span is known.
  void finish(const char* begin, const char* end) { finish(0, begin, end); }

  // ---- reading ----
  // The member a path leads to (nullptr when absent). Values that were not
  // descended into are parsed when a path goes through them. `.` is the
  // root, returned as a member whose value is the current record text.
  const Member* find(const Path& p);
  // The current JSON text of a member's value (edits below it included).
  std::string_view text(const Member& m);

  // ---- editing ----
  // Replaces the root member `name` where it stands (dropping earlier
  // duplicates) or appends it.
  // `key_raw` is `name` escaped for JSON, without the quotes.
  void set(std::string_view name, std::string_view key_raw, std::string_view json);
  // Drops the member at `p` (every duplicate); false when absent.
  bool drop(const Path& p);
  // Keeps only the members on the paths of `keep` (Proj.end marks where a
  // path ends); an object on the way is kept only when something in it is.
  void keep(const Proj& keep);

  // Appends the record as one line of JSON (no newline).
  void write(std::string& out) { write(0, out); }

 private:
  static Member element(const char* value) {
    Member m;
    m.begin = value;
    m.value = std::string_view(value, 0);
    return m;
  }
  void finish(int node, const char* begin, const char* end);
  bool expand(int parent, Member& m);
  bool decode_key(Member& m);
  Member* lookup(int node, const PathStep& s);
  int parent_of(const Path& p);
  void mark_edited(int node);
  bool keep(int node, const Proj& p);
  void write(int node, std::string& out);

  std::deque<TreeNode> nodes_;  // stable addresses while nodes are added
  size_t used_ = 0;
  Arena arena_;
  bool bloom_ready_ = false;
  uint64_t bloom_ = 0;  // of the root's keys, for set()
  Member root_member_;
  std::string scratch_;
};

// Adds `p` to a trie of wanted paths; marks its end.
void want_path(Proj& root, const Path& p);

// Reads one record into a Tree (simdjson's stage 1, then a walk over its
// structural positions: json/tree_parse.cpp).
class TreeParser {
 public:
  virtual ~TreeParser() = default;
  // `data` has `capacity` readable bytes (>= len + padding). The record must
  // be an object. Below the root, objects and arrays are descended into
  // where `want` leads (Proj.full: every object). With `validate` every
  // value is checked, not only the structure. Returns 0 or a simdjson error
  // code (INCORRECT_TYPE: not an object).
  virtual int parse(const char* data, size_t len, size_t capacity, const Proj& want, bool validate, Tree& tree) = 0;
};

std::unique_ptr<TreeParser> make_tree_parser();

// Message for a parse() error code.
const char* tree_error_message(int code);

}  // namespace jlkit::json
