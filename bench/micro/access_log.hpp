// The input every micro-benchmark reads: ~4 MB of access-log JSON lines like
// bench/gen_access_log.py writes, built once in memory (the same bytes on
// every run).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jlkit::bench {

struct AccessLog {
  std::string text;  // the lines, each ending in '\n', then kReadPadding spaces
  size_t bytes = 0;  // of the lines (what a run over a file of them reads)
  std::vector<std::string_view> records;  // each line without its '\n'

  // Bytes readable from a record's start (padding included), as
  // LineReader::readable_from gives the parsers.
  size_t capacity(std::string_view record) const {
    return static_cast<size_t>(text.data() + text.size() - record.data());
  }
  // The input as a file would hold it (no padding).
  std::string_view lines() const { return std::string_view(text.data(), bytes); }
};

const AccessLog& access_log();

// Distinct records the log repeats (records[i] == records[i % sample_count()]).
size_t sample_count();

}  // namespace jlkit::bench
