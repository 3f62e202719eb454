// s3put: stream stdin (or a file) into one S3 object; multipart with
// parallel parts for anything longer than one part, aborted on failure.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "aws/config.hpp"
#include "aws/upload.hpp"

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
  bool progress = false;  // --progress: the input bytes read, on stderr
};

// The headers, checksum and conditions of objects written for `o` (the
// Content-Type from `key` unless given).
ObjectSettings object_settings(const PutOptions& o, const std::string& key);

// Usage errors in the part size and concurrency.
void check_put_options(const PutOptions& options);

int run_put(const PutOptions& options);

}  // namespace jlkit::aws
