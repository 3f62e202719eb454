// When to retry and how long to wait: transient failures (connection
// errors, timeouts, 500/502/503/504, 429, S3's SlowDown and RequestTimeout)
// are retried with exponential backoff and full jitter, a bounded number of
// times; everything else fails at once.
#pragma once

#include <string>

#include "http/client.hpp"

namespace jlkit::http {

struct RetryPolicy {
  int attempts = 5;      // in all, the first included (--retries)
  int base_ms = 200;     // first backoff ceiling
  int max_ms = 20000;    // backoff ceiling
};

// `transport_error` as returned by Client::perform; `code` the service's
// error code from the body when there is one.
bool is_transient(const std::string& transport_error, long status, const std::string& code);

// Sleeps before attempt number `attempt` (1 = the first retry).
void backoff(const RetryPolicy& policy, int attempt);

}  // namespace jlkit::http
