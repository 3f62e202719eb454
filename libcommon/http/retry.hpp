// When to retry and how long to wait: transient failures (connection
// errors but an untrusted certificate, timeouts, 500/502/503/504, 429, S3's
// SlowDown and RequestTimeout)
// are retried with exponential backoff and full jitter, a bounded number of
// times; everything else fails at once.
#pragma once

#include <string>

#include "cli/error.hpp"
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

// Calls `attempt(resp)` (one request; returns the transport error, "" when an
// answer came) until a 2xx, a failure that is not transient, or the last
// attempt. `code(resp)` is the service's error code of a failed answer.
// `whole(resp)` says whether a 2xx answer's body is complete: one cut short
// on the way but complete by its own Content-Length is retried like a
// dropped connection. Returns the number of attempts made; `resp` and `err`
// hold the last.
template <class Attempt, class Code, class Whole>
int with_retries(const RetryPolicy& policy, bool verbose, const std::string& what, Attempt&& attempt, Code&& code,
                 Whole&& whole, Response& resp, std::string& err) {
  for (int n = 1;; ++n) {
    resp = Response();
    err = attempt(resp);
    if (err.empty() && resp.status >= 200 && resp.status < 300) {
      if (whole(resp)) return n;
      err = "incomplete or malformed answer (" + std::to_string(resp.body.size()) + " bytes)";
    }
    if (!is_transient(err, resp.status, code(resp)) || n >= policy.attempts) return n;
    if (verbose) print_warning(what + ": retrying after " + (err.empty() ? "HTTP " + std::to_string(resp.status) : err));
    backoff(policy, n);
  }
}

template <class Attempt, class Code>
int with_retries(const RetryPolicy& policy, bool verbose, const std::string& what, Attempt&& attempt, Code&& code,
                 Response& resp, std::string& err) {
  return with_retries(policy, verbose, what, attempt, code, [](const Response&) { return true; }, resp, err);
}

}  // namespace jlkit::http
