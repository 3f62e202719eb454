#include "json/text.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace jlkit::json {

std::string_view trim_json_space(std::string_view s) {
  while (!s.empty() && is_json_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_json_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_json_number(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digit = [&](size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
  if (i < n && s[i] == '-') ++i;
  if (!digit(i)) return false;
  if (s[i] == '0') ++i;
  else while (digit(i)) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == n;
}

bool parse_json_number(std::string_view s, double& out) {
  // Integers of up to 15 digits are exact in a double: no strtod needed.
  size_t neg = !s.empty() && s[0] == '-';
  if (s.size() > neg && s.size() - neg <= 15 && (s[neg] != '0' || s.size() == neg + 1)) {
    uint64_t v = 0;
    size_t i = neg;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') v = v * 10 + static_cast<uint64_t>(s[i++] - '0');
    if (i == s.size()) {
      out = neg ? -static_cast<double>(v) : static_cast<double>(v);
      return true;
    }
  }
  if (s.size() > 1024 || !is_json_number(s)) return false;
  char buf[1032];  // strtod needs a terminator; the input is not terminated
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = 0;
  out = std::strtod(buf, nullptr);
  return true;
}

bool parse_hex(std::string_view digits, uint32_t& out) {
  out = 0;
  for (char h : digits) {
    out <<= 4;
    if (h >= '0' && h <= '9') out |= h - '0';
    else if (h >= 'a' && h <= 'f') out |= h - 'a' + 10;
    else if (h >= 'A' && h <= 'F') out |= h - 'A' + 10;
    else return false;
  }
  return true;
}

size_t encode_utf8(uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

size_t json_string_end(std::string_view text, size_t open) {
  const char* p = text.data();
  size_t i = open + 1, n = text.size();
  for (;;) {
    const void* q = std::memchr(p + i, '"', n - i);
    if (!q) return std::string_view::npos;
    size_t at = static_cast<const char*>(q) - p;
    // The quote is escaped when an odd number of backslashes precede it.
    size_t bs = 0;
    while (at - bs > open + 1 && p[at - bs - 1] == '\\') ++bs;
    if (bs % 2 == 0) return at;
    i = at + 1;
  }
}

size_t unescape_json(std::string_view body, std::string& out, bool lone_surrogate_ok) {
  size_t i = 0, n = body.size();
  auto hex4 = [&](size_t at, uint32_t& v) { return at + 4 <= n && parse_hex(body.substr(at, 4), v); };
  while (i < n) {
    const void* q = std::memchr(body.data() + i, '\\', n - i);
    size_t bs = q ? static_cast<const char*>(q) - body.data() : n;
    out.append(body.data() + i, bs - i);
    if (bs == n) break;
    if (bs + 1 >= n) return bs;
    char e = body[bs + 1];
    i = bs + 2;
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp;
        if (!hex4(i, cp)) return bs;
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00) {
          uint32_t lo;
          if (i + 6 <= n && body[i] == '\\' && body[i + 1] == 'u' && hex4(i + 2, lo) && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp < 0xE000) {
          if (!lone_surrogate_ok) return bs;
          cp = 0xFFFD;
        }
        char utf8[4];
        out.append(utf8, encode_utf8(cp, utf8));
        break;
      }
      default: return bs;
    }
  }
  return std::string_view::npos;
}

bool json_string_value(std::string_view json, std::string& scratch, std::string_view& out) {
  if (json.size() < 2 || json.front() != '"' || json.back() != '"') return false;
  std::string_view body = json.substr(1, json.size() - 2);
  if (body.find('\\') == std::string_view::npos) {
    out = body;
    return true;
  }
  scratch.clear();
  if (unescape_json(body, scratch) != std::string_view::npos) return false;
  out = scratch;
  return true;
}

size_t skip_json_value(std::string_view text, size_t pos) {
  size_t n = text.size();
  if (pos >= n) return std::string_view::npos;
  char c = text[pos];
  if (c == '"') {
    size_t e = json_string_end(text, pos);
    return e == std::string_view::npos ? e : e + 1;
  }
  if (c == '{' || c == '[') {
    // Depth only: what is inside was checked by the parser that produced it.
    size_t depth = 0;
    for (size_t i = pos; i < n; ++i) {
      char d = text[i];
      if (d == '"') {
        i = json_string_end(text, i);
        if (i == std::string_view::npos) return i;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return std::string_view::npos;
  }
  size_t i = pos;
  while (i < n && !is_json_space(text[i]) && text[i] != ',' && text[i] != '}' && text[i] != ']' && text[i] != ':') ++i;
  return i == pos ? std::string_view::npos : i;
}

namespace {

// A string or scalar token at t[i]: checked, and i moved past it.
bool json_token(std::string_view t, size_t& i, std::string& scratch) {
  if (t[i] == '"') {
    size_t e = json_string_end(t, i);
    std::string_view s;
    if (e == std::string_view::npos || !json_string_value(t.substr(i, e + 1 - i), scratch, s)) return false;
    i = e + 1;
    return true;
  }
  size_t b = i;
  while (i < t.size() && !is_json_space(t[i]) && t[i] != ',' && t[i] != ':' && t[i] != ']' && t[i] != '}' &&
         t[i] != '[' && t[i] != '{' && t[i] != '"')
    ++i;
  std::string_view w = t.substr(b, i - b);
  return w == "true" || w == "false" || w == "null" || is_json_number(w);
}

}  // namespace

// One pass, whatever the nesting: a container's items are not skipped over
// first and then walked again.
bool is_json_value(std::string_view t, std::string& scratch) {
  enum { kValue, kValueOrClose, kKey, kKeyOrClose, kColon, kAfter } state = kValue;
  constexpr size_t kMaxDepth = 1024;
  uint64_t objects[kMaxDepth / 64] = {};  // bit d: the container at depth d is an object
  size_t depth = 0, i = 0, n = t.size();
  auto object = [&] { return (objects[(depth - 1) / 64] >> ((depth - 1) % 64)) & 1; };
  for (;;) {
    while (i < n && is_json_space(t[i])) ++i;
    if (i == n) return state == kAfter && depth == 0;
    char c = t[i];
    switch (state) {
      case kValueOrClose:
      case kValue:
        if (c == ']' && state == kValueOrClose) break;  // closes below
        if (c == '{' || c == '[') {
          if (depth == kMaxDepth) return false;
          uint64_t bit = uint64_t{1} << (depth % 64);
          objects[depth / 64] = c == '{' ? objects[depth / 64] | bit : objects[depth / 64] & ~bit;
          ++depth;
          state = c == '{' ? kKeyOrClose : kValueOrClose;
          ++i;
          continue;
        }
        if (!json_token(t, i, scratch)) return false;
        state = kAfter;
        continue;
      case kKeyOrClose:
      case kKey:
        if (c == '}' && state == kKeyOrClose) break;
        if (c != '"' || !json_token(t, i, scratch)) return false;
        state = kColon;
        continue;
      case kColon:
        if (c != ':') return false;
        ++i;
        state = kValue;
        continue;
      case kAfter:
        if (depth == 0) return false;  // more after the value
        if (c == ',') {
          ++i;
          state = object() ? kKey : kValue;
          continue;
        }
        if (c != (object() ? '}' : ']')) return false;
        break;
    }
    // A closing bracket that matches the open container.
    --depth;
    ++i;
    state = kAfter;
  }
}

}  // namespace jlkit::json
