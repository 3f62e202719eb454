#include "json/digest.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

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

// Decoded body of a JSON string whose text is `t` (quotes included).
bool string_body(std::string_view t, Arena& scratch, std::string_view& body, std::string& tmp) {
  std::string_view raw = t.substr(1, t.size() - 2);
  if (raw.find('\\') == std::string_view::npos) {
    body = raw;
    return true;
  }
  tmp.clear();
  if (unescape_json(raw, tmp) != std::string_view::npos) return false;
  body = scratch.copy(tmp);
  return true;
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
      if (t.size() < 2 || json_string_end(t, 0) != t.size() - 1 || !string_body(t, scratch, body, tmp)) return false;
      append_string(body, out);
      return true;
    }
    case TextKind::kArray:
    case TextKind::kObject: break;
    case TextKind::kInvalid: return false;
  }
  bool object = t[0] == '{';
  // Members (key, value text) or elements (value text).
  std::vector<std::pair<std::string_view, std::string_view>> items;
  size_t i = 1, n = t.size();
  auto ws = [&] {
    while (i < n && is_json_space(t[i])) ++i;
  };
  ws();
  char close = object ? '}' : ']';
  if (i < n && t[i] == close) {
    ++i;
  } else {
    for (;;) {
      std::string_view key;
      if (object) {
        if (i >= n || t[i] != '"') return false;
        size_t ke = json_string_end(t, i);
        if (ke == std::string_view::npos || !string_body(t.substr(i, ke + 1 - i), scratch, key, tmp)) return false;
        i = ke + 1;
        ws();
        if (i >= n || t[i] != ':') return false;
        ++i;
        ws();
      }
      size_t e = skip_json_value(t, i);
      if (e == std::string_view::npos) return false;
      items.emplace_back(key, t.substr(i, e - i));
      i = e;
      ws();
      if (i < n && t[i] == ',') {
        ++i;
        ws();
        continue;
      }
      if (i < n && t[i] == close) {
        ++i;
        break;
      }
      return false;
    }
  }
  if (i != n) return false;
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

ValueDigest::ValueDigest() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) throw std::bad_alloc();
}

ValueDigest::~ValueDigest() { EVP_MD_CTX_free(ctx_); }

bool ValueDigest::add(std::string_view json) {
  arena_.reset();
  return append_canonical(json, buf_, arena_);
}

std::string_view ValueDigest::finish() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1 || EVP_DigestUpdate(ctx_, buf_.data(), buf_.size()) != 1 ||
      EVP_DigestFinal_ex(ctx_, md, &len) != 1)
    throw std::runtime_error("SHA-256 failed");
  static const char digits[] = "0123456789abcdef";
  for (int k = 0; k < 8; ++k) {
    hex_[2 * k] = digits[md[k] >> 4];
    hex_[2 * k + 1] = digits[md[k] & 15];
  }
  return {hex_, 16};
}

}  // namespace jlkit::json
