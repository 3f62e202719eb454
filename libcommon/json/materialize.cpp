#include "json/materialize.hpp"

#include <simdjson.h>

namespace jlkit::json {

bool use_haswell() {
#ifdef JLKIT_HAVE_HASWELL
  static const bool yes = [] {
    auto impl = simdjson::get_available_implementations()["haswell"];
    return impl && impl->supported_by_runtime_system();
  }();
  return yes;
#else
  return false;
#endif
}

std::unique_ptr<RecordParser> make_record_parser() {
#ifdef JLKIT_HAVE_HASWELL
  if (use_haswell()) return haswell::make_record_parser();
#endif
  return generic::make_record_parser();
}

const char* parse_error_message(int code) {
  switch (code) {
    case simdjson::TAPE_ERROR: return "malformed JSON (unexpected character or missing comma, colon or bracket)";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "malformed JSON (unclosed object or array)";
    case simdjson::TRAILING_CONTENT: return "malformed JSON (unexpected content after the value)";
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::STRING_ERROR: return "malformed JSON string (bad escape or unpaired surrogate)";
    case simdjson::UNESCAPED_CHARS: return "malformed JSON string (unescaped control character)";
    case simdjson::UNCLOSED_STRING: return "malformed JSON string (unclosed string)";
    case simdjson::NUMBER_ERROR: return "malformed JSON number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "malformed JSON literal (expected true, false or null)";
    case simdjson::EMPTY: return "no JSON value";
    case simdjson::DEPTH_ERROR: return "JSON nested too deeply";
    default: return simdjson::error_message(static_cast<simdjson::error_code>(code));
  }
}

}  // namespace jlkit::json
