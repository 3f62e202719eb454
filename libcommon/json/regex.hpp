// PCRE2 (UTF + UCP, JIT) with jq's flag letters, so `test()` follows jq's
// Oniguruma in syntax and in Unicode classes (\w, \s match non-ASCII).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace jlkit::json {

class Regex {
 public:
  // Compiles `pattern` with jq flags ("gixsnlp"); on failure returns nullptr
  // and sets `error` (message and offset).
  static std::unique_ptr<Regex> compile(std::string_view pattern, std::string_view flags, std::string& error);
  ~Regex();

  // True when the pattern matches somewhere in `subject` (valid UTF-8).
  bool search(std::string_view subject);
  // Number of capture groups.
  int captures() const;
  // Searches; on a match fills groups[1..captures()] (a group that did not
  // take part has a null data()). Views point into `subject`.
  bool search(std::string_view subject, std::vector<std::string_view>& groups);

 private:
  Regex() = default;
  struct Impl;
  Impl* impl_ = nullptr;
};

}  // namespace jlkit::json
