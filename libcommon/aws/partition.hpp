// s3put --partition-by: one stream of JSON records split into S3 objects by
// the values of fields, Hive-style (prefix/year=2024/month=05/part-RUN-00001.jsonl),
// with memory bounded by options however many partitions the input has.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aws/put.hpp"
#include "json/record_reader.hpp"

namespace jlkit::aws {

struct PartitionOptions {
  PutOptions put;        // url: the prefix; part size, concurrency, checksum, headers, gzip
  json::InputOptions io;  // the records (stdin or put.input) and what to do with bad ones
  std::string by;        // PATH or NAME=PATH, comma-separated
  uint64_t max_memory = uint64_t{256} << 20;  // data held for all open partitions
  size_t max_open = 64;                      // partitions with an object being written
  std::string run_id;                        // "" : UTC time and a random suffix
};

// Appends a value as a Hive partition directory name has it: characters that are
// special in paths or to Hive (/ = % " # ' * : ? \ [ ] ^ { } and control
// characters) as %XX; empty becomes __HIVE_DEFAULT_PARTITION__.
void append_hive_value(std::string& out, std::string_view value);

int run_partitioned(const PartitionOptions& options);

}  // namespace jlkit::aws
