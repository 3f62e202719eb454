#define PCRE2_CODE_UNIT_WIDTH 8
#include "json/regex.hpp"

#include <pcre2.h>

namespace jlkit::json {

struct Regex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_data* match = nullptr;
  uint32_t match_options = 0;
};

std::unique_ptr<Regex> Regex::compile(std::string_view pattern, std::string_view flags, std::string& error) {
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK;
  uint32_t match_options = 0;
  for (char f : flags) {
    switch (f) {
      case 'g': case 'l': case 's': break;  // no effect on whether a match exists
      case 'i': options |= PCRE2_CASELESS; break;
      case 'x': options |= PCRE2_EXTENDED; break;
      case 'n': match_options |= PCRE2_NOTEMPTY; break;
      case 'p': options |= PCRE2_DOTALL; break;
      default:
        error = std::string(flags) + " is not a valid modifier string";
        return nullptr;
    }
  }
  // Oniguruma's Perl syntax (jq's) reads the unknown escape \u as a plain
  // 'u'; PCRE2 rejects it.
  std::string translated;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      if (pattern[i + 1] == 'u') translated += 'u';
      else translated += pattern.substr(i, 2);
      ++i;
      continue;
    }
    translated += pattern[i];
  }
  pattern = translated;
  int code_error = 0;
  PCRE2_SIZE offset = 0;
  // The pattern itself may hold invalid UTF-8 only if the expression did; the
  // expression text is checked, so NO_UTF_CHECK is safe for the subject only.
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options & ~PCRE2_NO_UTF_CHECK, &code_error, &offset, nullptr);
  if (!code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code_error, buf, sizeof buf);
    error = std::string(reinterpret_cast<char*>(buf)) + " at offset " + std::to_string(offset) + " of the regex";
    return nullptr;
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter if JIT is unavailable
  std::unique_ptr<Regex> re(new Regex);
  re->impl_ = new Impl;
  re->impl_->code = code;
  re->impl_->match = pcre2_match_data_create_from_pattern(code, nullptr);
  re->impl_->match_options = match_options;
  return re;
}

Regex::~Regex() {
  if (!impl_) return;
  pcre2_match_data_free(impl_->match);
  pcre2_code_free(impl_->code);
  delete impl_;
}

bool Regex::search(std::string_view subject) {
  // Subjects come from validated JSON strings: valid UTF-8.
  int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0,
                       impl_->match_options | PCRE2_NO_UTF_CHECK, impl_->match, nullptr);
  return rc >= 0;
}

int Regex::captures() const {
  uint32_t n = 0;
  pcre2_pattern_info(impl_->code, PCRE2_INFO_CAPTURECOUNT, &n);
  return static_cast<int>(n);
}

bool Regex::search(std::string_view subject, std::vector<std::string_view>& groups) {
  if (!search(subject)) return false;
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(impl_->match);
  uint32_t pairs = pcre2_get_ovector_count(impl_->match);
  size_t n = static_cast<size_t>(captures()) + 1;
  groups.assign(n, std::string_view());
  for (size_t g = 0; g < n && g < pairs; ++g)
    if (ov[2 * g] != PCRE2_UNSET) groups[g] = subject.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
  return true;
}

}  // namespace jlkit::json
