// The --on-error policy for malformed records, shared by every JSON-lines
// program: fail (stop with FILE:LINE: what), skip (count, report at the end)
// or keep:FILE (write them verbatim to FILE, report at the end).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cli/options.hpp"
#include "io/writer.hpp"

namespace jlkit {

class BadRecords {
 public:
  explicit BadRecords(const OnErrorPolicy& policy);

  // Throws the run-stopping Error under the fail policy.
  void report(const std::string& input, uint64_t line, std::string_view text, std::string_view what);
  // Flushes the keep file and prints the summary line when any were seen.
  void finish();
  uint64_t count() const { return count_; }

 private:
  OnErrorPolicy policy_;
  std::unique_ptr<Writer> keep_;
  uint64_t count_ = 0;
  std::string first_;
};

}  // namespace jlkit
