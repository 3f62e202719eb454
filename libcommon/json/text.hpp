// Helpers on raw JSON text, shared by the readers, the jq literal parser,
// record editing and the CSV writer. They work on bytes as written: no
// parser state, no allocation unless a string has escapes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jlkit::json {

inline bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// Without leading and trailing JSON whitespace.
std::string_view trim_json_space(std::string_view s);

// True when `text` is exactly an RFC 8259 number.
bool is_json_number(std::string_view text);
// An RFC 8259 number, exactly; beyond the double range it reads as ±inf, as
// jq 1.6 does. False when `text` is not a number.
bool parse_json_number(std::string_view text, double& out);

// Hex digits to a value; false on a non-hex character.
bool parse_hex(std::string_view digits, uint32_t& out);
// UTF-8 encoding of a code point into out[0..3]; returns the length.
size_t encode_utf8(uint32_t cp, char* out);
// `s` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view s);

// Index of the quote closing the string whose opening quote is at `open`,
// or npos when it does not close.
size_t json_string_end(std::string_view text, size_t open);

// Decodes a JSON string body (the bytes between the quotes), appending to
// `out`. Returns npos, or the offset of the backslash of a bad escape. A lone
// surrogate is an error unless `lone_surrogate_ok`, which gives U+FFFD (jq's
// reading of its own literals).
size_t unescape_json(std::string_view body, std::string& out, bool lone_surrogate_ok = false);

// The decoded text of the JSON string `json` (quotes included): a view into
// `json` when it has no escapes, else into `scratch`. False when malformed.
bool json_string_value(std::string_view json, std::string& scratch, std::string_view& out);

// End (one past) of the JSON value starting at `pos` (no leading space), or
// npos. Checks structure only: strings close, brackets balance; scalars are
// taken up to the next delimiter. For text already validated by a parser.
size_t skip_json_value(std::string_view text, size_t pos);

// Calls f(key, value) for each member of the JSON object `t`, or f({}, value)
// for each element of the array `t`: `key` is the key's text with its
// quotes, `value` the member's text. `t` must end at its closing bracket.
// Checks structure only, like skip_json_value(); false when malformed or
// when f returns false.
template <class F>
bool each_json_item(std::string_view t, F&& f) {
  size_t i = 1, n = t.size();
  auto ws = [&] {
    while (i < n && is_json_space(t[i])) ++i;
  };
  bool object = !t.empty() && t[0] == '{';
  char close = object ? '}' : ']';
  if (t.empty() || (t[0] != '{' && t[0] != '[')) return false;
  ws();
  if (i < n && t[i] == close) return i + 1 == n;
  for (;;) {
    std::string_view key;
    if (object) {
      if (i >= n || t[i] != '"') return false;
      size_t end = json_string_end(t, i);
      if (end == std::string_view::npos) return false;
      key = t.substr(i, end + 1 - i);
      i = end + 1;
      ws();
      if (i >= n || t[i] != ':') return false;
      ++i;
      ws();
    }
    size_t e = skip_json_value(t, i);
    if (e == std::string_view::npos || !f(key, t.substr(i, e - i))) return false;
    i = e;
    ws();
    if (i < n && t[i] == ',') {
      ++i;
      ws();
      continue;
    }
    return i + 1 == n && t[i] == close;
  }
}

// True when `text` is exactly one RFC 8259 value, checked fully in one pass:
// structure, numbers, literals and escapes (no unpaired surrogates), nested
// at most 1024 deep (as the parsers allow). UTF-8 and unescaped control
// characters are left to stage 1 of the parser that produced the text.
// `scratch` is working space.
bool is_json_value(std::string_view text, std::string& scratch);

// What a raw value is, from its first byte.
enum class TextKind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject, kInvalid };
inline TextKind text_kind(std::string_view value) {
  if (value.empty()) return TextKind::kInvalid;
  switch (value[0]) {
    case '"': return TextKind::kString;
    case '{': return TextKind::kObject;
    case '[': return TextKind::kArray;
    case 't': return TextKind::kTrue;
    case 'f': return TextKind::kFalse;
    case 'n': return TextKind::kNull;
    default: return (value[0] == '-' || (value[0] >= '0' && value[0] <= '9')) ? TextKind::kNumber : TextKind::kInvalid;
  }
}

}  // namespace jlkit::json
