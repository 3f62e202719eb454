#include "json/digest.hpp"

#include <algorithm>

#include "json/text.hpp"

namespace jlkit::json {

namespace {

// `t` is a valid JSON number.
void append_number(std::string_view t, std::string& out) {
  size_t i = 0, n = t.size();
  bool negative = t[0] == '-';
  if (negative) ++i;
  auto digits = [&] {
    size_t from = i;
    while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
    return t.substr(from, i - from);
  };
  std::string_view int_part = digits(), frac_part;
  if (i < n && t[i] == '.') {
    ++i;
    frac_part = digits();
  }
  int64_t exp = 0;
  if (i < n) {  // e or E
    ++i;
    bool neg_exp = t[i] == '-';
    if (t[i] == '+' || t[i] == '-') ++i;
    for (char c : digits()) exp = std::min<int64_t>(exp * 10 + (c - '0'), int64_t{1} << 50);
    if (neg_exp) exp = -exp;
  }
  size_t start = out.size() + 1 + negative;
  out += 'N';
  if (negative) out += '-';
  out.append(int_part);
  out.append(frac_part);
  // value = 0.DIGITS x 10^point; then strip zeros at both ends.
  int64_t point = static_cast<int64_t>(int_part.size()) + exp;
  size_t lead = 0;
  while (start + lead < out.size() && out[start + lead] == '0') ++lead;
  out.erase(start, lead);
  point -= static_cast<int64_t>(lead);
  while (out.size() > start && out.back() == '0') out.pop_back();
  if (out.size() == start) {  // zero, whatever its sign or exponent
    out.resize(start - 1 - negative);
    out += "N0;";
    return;
  }
  out += 'e';
  out += std::to_string(point);
  out += ';';
}

void append_string(std::string_view body, std::string& out) {
  out += 'S';
  out += std::to_string(body.size());
  out += ':';
  out.append(body);
}

bool canonical(std::string_view t, std::string& out, Arena& scratch, std::string& tmp) {
  t = trim_json_space(t);
  switch (text_kind(t)) {
    case TextKind::kNull: out += 'n'; return t == "null";
    case TextKind::kFalse: out += 'f'; return t == "false";
    case TextKind::kTrue: out += 't'; return t == "true";
    case TextKind::kNumber:
      if (!is_json_number(t)) return false;
      append_number(t, out);
      return true;
    case TextKind::kString: {
      std::string_view body;
      if (json_string_end(t, 0) != t.size() - 1 || !json_string_value(t, tmp, body)) return false;
      append_string(body, out);
      return true;
    }
    case TextKind::kArray:
    case TextKind::kObject: break;
    case TextKind::kInvalid: return false;
  }
  bool object = t[0] == '{';
  // Members (decoded key, value text) or elements (value text).
  std::vector<std::pair<std::string_view, std::string_view>> items;
  bool ok = each_json_item(t, [&](std::string_view key_text, std::string_view value) {
    std::string_view key;
    if (object) {
      if (!json_string_value(key_text, tmp, key)) return false;
      if (key.data() == tmp.data()) key = scratch.copy(key);  // tmp is reused
    }
    items.emplace_back(key, value);
    return true;
  });
  if (!ok) return false;
  if (object) {
    // Sorted by key; of equal keys the last written counts.
    std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.first < b.first; });
    size_t kept = 0;
    for (size_t k = 0; k < items.size(); ++k) {
      if (k + 1 < items.size() && items[k + 1].first == items[k].first) continue;
      items[kept++] = items[k];
    }
    items.resize(kept);
  }
  out += object ? 'O' : 'A';
  out += std::to_string(items.size());
  out += ':';
  for (auto& [key, value] : items) {
    if (object) append_string(key, out);
    if (!canonical(value, out, scratch, tmp)) return false;
  }
  return true;
}

}  // namespace

bool append_canonical(std::string_view json, std::string& out, Arena& scratch) {
  std::string tmp;
  return canonical(json, out, scratch, tmp);
}

ValueDigest::ValueDigest() : sha256_(Checksum::make("sha256")) {}

bool ValueDigest::add(std::string_view json) {
  arena_.reset();
  return append_canonical(json, buf_, arena_);
}

std::string_view ValueDigest::finish() {
  unsigned char md[64];
  sha256_->reset();
  sha256_->update(buf_);
  sha256_->finish(md);
  hex_encode(md, 8, hex_);
  return {hex_, 16};
}

}  // namespace jlkit::json
