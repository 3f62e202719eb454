// s3ls: list objects as JSON lines (or URLs), page by page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "aws/config.hpp"

namespace jlkit::aws {

struct LsOptions {
  AwsFlags aws;
  std::vector<std::string> urls;
  bool urls_only = false, nul = false, summarize = false, request_payer = false;
  std::string delimiter, since, until, start_after, shard;
  uint64_t min_size = 0, max_size = UINT64_MAX;
  uint64_t limit = UINT64_MAX;
};

// `*` matches within a path segment, `**` across segments.
bool glob_match(std::string_view pattern, std::string_view key);

// "2024-05-01T00:00:00Z" or relative to now: 30s, 15m, 6h, 7d, 2w. Throws
// a usage error naming `option`.
int64_t parse_time_bound(const std::string& text, int64_t now, const char* option);

// The shard (0..n-1) of a key: FNV-1a 64 of its bytes, modulo n.
uint64_t shard_of(std::string_view key, uint64_t n);

int run_ls(const LsOptions& options);

}  // namespace jlkit::aws
