// Option values every program parses the same way (sizes, --on-error). The
// option parser itself lives in tools/; these take plain strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace jlkit {

// "512", "512K", "8M", "8MiB", "1G" (K/M/G/T are powers of 1024). Throws a
// usage error naming `option` on anything else.
uint64_t parse_size(std::string_view text, std::string_view option);

struct OnErrorPolicy {
  enum Mode { kFail, kSkip, kKeep } mode = kFail;
  std::string keep_path;  // kKeep: where bad records are written verbatim
};

// "fail", "skip" or "keep:FILE".
OnErrorPolicy parse_on_error(std::string_view text);

}  // namespace jlkit
