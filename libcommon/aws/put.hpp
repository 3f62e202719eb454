// s3put: stream stdin (or a file) into one S3 object; multipart with
// parallel parts for anything longer than one part, aborted on failure.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "aws/config.hpp"

namespace jlkit::aws {

struct PutOptions {
  AwsFlags aws;
  std::string url;
  std::string input;  // "" : stdin
  int concurrency = 4;
  uint64_t part_size = 8u << 20;
  std::string checksum = "crc32c";  // crc32c | crc32 | sha256 | md5 | none
  std::string content_type, content_encoding, cache_control, storage_class, acl, sse, sse_kms_key_id;
  std::vector<std::pair<std::string, std::string>> metadata;
  bool if_none_match = false;
  bool gzip = false;
};

// The size of part `n` (0-based) when parts start at `base`: doubled every
// 1,000 parts (capped at S3's 5 GiB), so 10,000 parts reach S3's 5 TiB
// object limit from an 8 MiB start.
uint64_t part_size_for(uint64_t base, uint64_t n);

int run_put(const PutOptions& options);

}  // namespace jlkit::aws
