#include "http/retry.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace jlkit::http {

bool is_transient(const std::string& transport_error, long status, const std::string& code) {
  if (!transport_error.empty())
    return transport_error != "aborted" && transport_error.rfind(kTlsRefused, 0) != 0;  // a certificate stays untrusted
  if (status == 500 || status == 502 || status == 503 || status == 504 || status == 429) return true;
  return code == "SlowDown" || code == "RequestTimeout" || code == "InternalError";
}

void backoff(const RetryPolicy& policy, int attempt) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  long ceiling = std::min<long>(policy.max_ms, static_cast<long>(policy.base_ms) << std::min(attempt - 1, 20));
  std::uniform_int_distribution<long> pick(0, std::max<long>(ceiling, 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(rng)));
}

}  // namespace jlkit::http
