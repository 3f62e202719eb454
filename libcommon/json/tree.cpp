#include "json/tree.hpp"

#include <simdjson.h>

#include <cstring>

#include "json/materialize.hpp"

namespace jlkit::json {

void Tree::reset() {
  bloom_ready_ = false;
  for (size_t i = 0; i < used_; ++i) nodes_[i].members.clear();
  used_ = 0;
  arena_.reset();
}

int Tree::add_node(bool array, int parent) {
  if (used_ == nodes_.size()) nodes_.emplace_back();
  TreeNode& n = nodes_[used_];
  n.array = array;
  n.edited = false;
  n.parent = parent;
  n.text = {};
  n.members.clear();
  return static_cast<int>(used_++);
}

bool Tree::decode_key(Member& m) {
  scratch_.clear();
  if (unescape_json(m.key_raw, scratch_) != std::string_view::npos) return false;
  m.key = arena_.copy(scratch_);
  return true;
}

void Tree::finish(int idx, const char* begin, const char* end) {
  TreeNode& n = nodes_[idx];
  n.text = std::string_view(begin, static_cast<size_t>(end - begin));
  auto& ms = n.members;
  for (size_t i = 0; i < ms.size(); ++i) {
    // Back from the next member (or the closing bracket) over the separator.
    const char* q = i + 1 < ms.size() ? ms[i + 1].begin : end - 1;
    if (i + 1 < ms.size()) {
      while (is_json_space(q[-1])) --q;
      --q;  // the comma
    }
    while (is_json_space(q[-1])) --q;
    Member& m = ms[i];
    const char* v = m.value.data();
    m.value = std::string_view(v, static_cast<size_t>(q - v));
    m.tight = n.array || (m.key_raw.data() == m.begin + 1 && v == m.key_raw.data() + m.key_raw.size() + 2);
    if (m.node >= 0) finish(m.node, v, q);
  }
}

bool Tree::expand(int parent, Member& m) {
  if (m.node >= 0) return true;
  std::string_view t = m.value;
  TextKind k = text_kind(t);
  if (k != TextKind::kObject && k != TextKind::kArray) return false;
  int idx = add_node(k == TextKind::kArray, parent);
  bool ok = each_json_item(t, [&](std::string_view key, std::string_view value) {
    if (key.empty()) {
      add_element(idx, value.data());
      return true;
    }
    return add_key(idx, key.data() + 1, value.data());
  });
  if (!ok) return false;
  m.node = idx;
  finish(idx, t.data(), t.data() + t.size());
  return true;
}

Member* Tree::lookup(int node, const PathStep& s) {
  TreeNode& n = nodes_[node];
  if (s.is_index()) {
    if (!n.array || static_cast<uint64_t>(s.index) >= n.members.size()) return nullptr;
    return &n.members[static_cast<size_t>(s.index)];
  }
  if (n.array) return nullptr;
  for (size_t i = n.members.size(); i-- > 0;) {
    Member& m = n.members[i];
    if (!m.dropped && m.key == s.key) return &m;
  }
  return nullptr;
}

// The node holding the last step of `p`, or -1.
int Tree::parent_of(const Path& p) {
  int node = 0;
  for (size_t i = 0; i + 1 < p.steps.size(); ++i) {
    Member* m = lookup(node, p.steps[i]);
    if (!m || !expand(node, *m)) return -1;
    node = m->node;
  }
  return node;
}

const Member* Tree::find(const Path& p) {
  if (p.steps.empty()) {
    root_member_ = Member();
    root_member_.node = 0;
    root_member_.value = nodes_[0].text;
    return &root_member_;
  }
  int node = parent_of(p);
  return node < 0 ? nullptr : lookup(node, p.steps.back());
}

std::string_view Tree::text(const Member& m) {
  if (m.node < 0 || !nodes_[m.node].edited) return m.value;
  scratch_.clear();
  write(m.node, scratch_);
  return arena_.copy(scratch_);
}

void Tree::mark_edited(int node) {
  for (; node >= 0 && !nodes_[node].edited; node = nodes_[node].parent) nodes_[node].edited = true;
}

void Tree::set(std::string_view name, std::string_view key_raw, std::string_view json) {
  TreeNode& r = nodes_[0];
  // Most names set are new: a small Bloom filter of the root's keys saves
  // scanning the members for them.
  auto bit = [](std::string_view k) { return uint64_t{1} << ((k.size() * 7 + static_cast<unsigned char>(k.back())) & 63); };
  if (!bloom_ready_) {
    bloom_ = 0;
    for (auto& m : r.members)
      if (!m.key.empty()) bloom_ |= bit(m.key);
    bloom_ready_ = true;
  }
  Member* last = nullptr;
  for (size_t i = (bloom_ & bit(name)) ? 0 : r.members.size(); i < r.members.size(); ++i) {
    Member& m = r.members[i];
    if (m.dropped || m.key != name) continue;
    if (last) last->dropped = true;
    last = &m;
  }
  if (!last) {
    bloom_ |= bit(name);
    r.members.emplace_back();
    last = &r.members.back();
    last->key = name;
    last->key_raw = key_raw;
  }
  last->value = json;
  last->node = -1;
  last->changed = true;
  r.edited = true;
}

bool Tree::drop(const Path& p) {
  int node = parent_of(p);
  if (node < 0 || nodes_[node].array || p.steps.empty()) return false;
  bool any = false;
  for (auto& m : nodes_[node].members) {
    if (!m.dropped && m.key == p.steps.back().key) m.dropped = any = true;
  }
  if (any) mark_edited(node);
  return any;
}

void Tree::keep(const Proj& p) { keep(0, p); }

bool Tree::keep(int node, const Proj& p) {
  bool any = false, dropped = false;
  auto& ms = nodes_[node].members;
  for (size_t i = 0; i < ms.size(); ++i) {
    if (ms[i].dropped) continue;
    const Proj* child = p.find(ms[i].key.data(), ms[i].key.size());
    bool kept = child && (child->end || (expand(node, ms[i]) && keep(ms[i].node, *child)));
    if (kept) any = true;
    else ms[i].dropped = dropped = true;
  }
  if (dropped) mark_edited(node);
  return any;
}

void Tree::write(int idx, std::string& out) {
  const TreeNode& n = nodes_[idx];
  if (!n.edited) {
    out.append(n.text);
    return;
  }
  out += n.array ? '[' : '{';
  bool first = true;
  // Untouched members that were adjacent in the input are copied as one run.
  const char* run_begin = nullptr;
  const char* run_end = nullptr;
  for (const Member& m : n.members) {
    if (m.dropped) continue;
    bool below_edited = m.node >= 0 && nodes_[m.node].edited;
    bool verbatim = m.tight && !m.changed && !below_edited;
    const char* m_end = m.value.data() + m.value.size();
    if (verbatim && run_begin && m.begin == run_end + 1 && *run_end == ',') {
      run_end = m_end;
      continue;
    }
    if (run_begin) out.append(run_begin, static_cast<size_t>(run_end - run_begin));
    run_begin = nullptr;
    if (!first) out += ',';
    first = false;
    if (verbatim) {
      run_begin = m.begin;
      run_end = m_end;
      continue;
    }
    if (!n.array) {
      out += '"';
      out.append(m.key_raw);
      out += "\":";
    }
    if (below_edited) write(m.node, out);
    else out.append(m.value);
  }
  if (run_begin) out.append(run_begin, static_cast<size_t>(run_end - run_begin));
  out += n.array ? ']' : '}';
}

void want_path(Proj& root, const Path& p) {
  Proj* n = &root;
  for (const auto& s : p.steps) n = s.is_index() ? n->elements() : n->key(s.key);
  n->end = true;
}

const char* tree_error_message(int code) {
  if (code == simdjson::INCORRECT_TYPE) return "the record is not a JSON object";
  return parse_error_message(code);
}

}  // namespace jlkit::json
