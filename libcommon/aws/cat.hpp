// s3cat: the bytes of many objects, in order, with parallel ranged reads and
// prefetching bounded to about (concurrency + 1) x part size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "aws/config.hpp"

namespace jlkit::aws {

struct CatOptions {
  AwsFlags aws;
  std::vector<std::string> urls;  // empty: read the list from stdin
  std::string decompress = "auto";  // auto | gzip | none
  bool raw = false;
  std::string source_field;
  bool skip_missing = false;
  int concurrency = 4;
  uint64_t part_size = 8u << 20;
  bool line_buffered = false;
  bool progress = false;  // --progress: the objects' bytes (before decoding), on stderr
};

int run_cat(const CatOptions& options);

}  // namespace jlkit::aws
