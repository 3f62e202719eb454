// HTTP over libcurl: one easy handle per Client, so connections are kept
// alive and reused; bodies small enough to hold are strings, large ones
// stream to a sink. One call is one attempt: retrying is the caller's
// policy (see http/retry.hpp), since only it knows what may be repeated.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

typedef void CURL;

namespace jlkit::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string_view body;  // sent as is (PUT, POST)
};

struct Response {
  long status = 0;
  Headers headers;   // names lowercased
  std::string body;  // the body, unless a sink took it (error bodies always land here)
  const std::string* header(std::string_view name) const;
};

// Receives a 2xx body as it arrives; returns false to abort the transfer.
using Sink = std::function<bool(const char* data, size_t size)>;

struct ClientOptions {
  long connect_timeout_ms = 10000;
  // A transfer that sends and receives nothing for this long is a timeout.
  long stall_timeout_s = 60;
  std::string ca_bundle;  // AWS_CA_BUNDLE; TLS is always verified
  bool verbose = false;   // one line per request and response on stderr, no secrets
};

// The Content-Type a request goes out with when it names none: bodies
// (anything but GET and HEAD) as application/octet-stream, since libcurl
// would send form encoding (S3 stores such bodies empty). nullptr: none
// added. Signers that sign Content-Type (Azure SharedKey) add it first.
const char* default_content_type(std::string_view method, const Headers& headers);

// False when a 206 answer's body is not as long as its Content-Range says:
// cut short on the way, yet complete by a wrong Content-Length.
bool range_complete(const Response& response);

// How Client::perform's error begins when the server's certificate is not
// trusted (or the CA bundle cannot be read): a permanent failure.
inline constexpr const char* kTlsRefused = "TLS certificate refused: ";

class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // One attempt. Returns "" on a completed exchange (whatever the status),
  // else what went wrong on the way (connection refused, reset, timeout,
  // an untrusted certificate: kTlsRefused...).
  std::string perform(const Request& request, Response& response, const Sink* sink = nullptr);

 private:
  CURL* curl_;
  ClientOptions options_;
};

}  // namespace jlkit::http
