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

// End (one past) of the JSON value starting at `pos` (no leading space), or
// npos. Checks structure only: strings close, brackets balance; scalars are
// taken up to the next delimiter. For text already validated by a parser.
size_t skip_json_value(std::string_view text, size_t pos);

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
