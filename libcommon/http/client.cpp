#include "http/client.hpp"
#include "http/url.hpp"

#include <curl/curl.h>

#include <strings.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "cli/error.hpp"

namespace jlkit::http {

namespace {

struct Transfer {
  Response* response;
  const Sink* sink;
  CURL* curl;
  bool head;  // a HEAD's Content-Length is not a body to make room for
  std::chrono::steady_clock::duration idle_limit;
  bool aborted = false;
  bool idle = false;  // nothing sent or received for idle_limit
  curl_off_t moved = -1;
  std::chrono::steady_clock::time_point last_move = std::chrono::steady_clock::now();
};

}  // namespace

const char* default_content_type(std::string_view method, const Headers& headers) {
  if (method == "GET" || method == "HEAD") return nullptr;
  for (auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), "content-type") == 0) return nullptr;
  return "application/octet-stream";
}

namespace {

size_t on_header(char* data, size_t size, size_t n, void* ctx) {
  auto* t = static_cast<Transfer*>(ctx);
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response->headers.clear();  // a new response (after 100 Continue or a redirect)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string name = ascii_lower(line.substr(0, colon));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  // Room for the whole body at once: no doubling of a large part in memory.
  if (name == "content-length" && !t->sink && !t->head) {
    uint64_t len = std::strtoull(std::string(value).c_str(), nullptr, 10);
    if (len <= (uint64_t{1} << 32)) t->response->body.reserve(static_cast<size_t>(len));
  }
  t->response->headers.emplace_back(std::move(name), std::string(value));
  return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* ctx) {
  auto* t = static_cast<Transfer*>(ctx);
  long status = 0;
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  if (t->sink && status >= 200 && status < 300) {
    if (!(*t->sink)(data, size * n)) {
      t->aborted = true;
      return 0;
    }
    return size * n;
  }
  t->response->body.append(data, size * n);
  return size * n;
}

// Also the idle timeout: libcurl's own low-speed limit averages over a few
// seconds, so an answer that stops after a burst would go on for longer than
// --timeout says.
int on_progress(void* p, curl_off_t, curl_off_t down, curl_off_t, curl_off_t up) {
  if (interrupted()) return 1;
  auto* t = static_cast<Transfer*>(p);
  auto now = std::chrono::steady_clock::now();
  if (down + up != t->moved) {
    t->moved = down + up;
    t->last_move = now;
  } else if (now - t->last_move >= t->idle_limit) {
    t->idle = true;
    return 1;
  }
  return 0;
}

}  // namespace

const std::string* Response::header(std::string_view name) const {
  for (auto& [k, v] : headers)
    if (k == name) return &v;
  return nullptr;
}

Client::Client(ClientOptions options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (!curl_) throw runtime_error("cannot initialise libcurl");
}

Client::~Client() { curl_easy_cleanup(curl_); }

bool range_complete(const Response& r) {
  const std::string* range = r.status == 206 ? r.header("content-range") : nullptr;
  unsigned long long first, last;
  if (!range || std::sscanf(range->c_str(), "bytes %llu-%llu/", &first, &last) != 2 || last < first) return true;
  return r.body.size() == last - first + 1;
}

std::string Client::perform(const Request& req, Response& resp, const Sink* sink) {
  resp = Response();
  CURL* c = curl_;
  curl_easy_reset(c);  // keeps the connection cache
  Transfer t{&resp, sink, c, req.method == "HEAD", std::chrono::seconds(options_.stall_timeout_s)};
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_bundle.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  char detail[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  if (req.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (req.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
  }
  curl_slist* headers = nullptr;
  for (auto& [k, v] : req.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  if (const char* type = default_content_type(req.method, req.headers))
    headers = curl_slist_append(headers, (std::string("Content-Type: ") + type).c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);

  auto start = std::chrono::steady_clock::now();
  if (options_.verbose) print_stderr(std::string(program_name()) + ": > " + req.method + " " + redact_url(req.url));
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
  if (options_.verbose) {
    long ms = static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
    print_stderr(std::string(program_name()) + ": < " +
                 (rc == CURLE_OK ? std::to_string(resp.status) : std::string(curl_easy_strerror(rc))) + " (" +
                 std::to_string(ms) + " ms)");
  }
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);  // `detail` goes out of scope
  if (rc == CURLE_OK) return "";
  if (t.idle) return "timeout: nothing received for " + std::to_string(options_.stall_timeout_s) + " s";
  if (t.aborted || interrupted()) return "aborted";
  if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
    // Permanent (never retried, see is_transient), and said with libcurl's
    // detail ("SSL certificate problem: self-signed certificate").
    std::string why = detail[0] ? detail : curl_easy_strerror(rc);
    return std::string(kTlsRefused) + why + (options_.ca_bundle.empty() ? "" : " (CA bundle " + options_.ca_bundle + ")") +
           "; TLS certificates are always verified: AWS_CA_BUNDLE names the authorities to trust";
  }
  return curl_easy_strerror(rc);
}

}  // namespace jlkit::http
