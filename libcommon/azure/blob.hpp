// Azure Blob Storage: where a blob is (URLs, endpoints), how requests are
// authorised (SharedKey with an account key, SAS, connection strings), and
// the append-blob operations, over the HTTP client and retry policy the S3
// code uses.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/error.hpp"
#include "http/client.hpp"
#include "http/retry.hpp"

namespace jlkit::azure {

// az://account/container/blob, https://account.blob.core.windows.net/container/blob[?SAS]
// or an emulator-style http(s)://host[:port]/account/container/blob.
struct BlobUrl {
  std::string account, container, blob;
  std::string endpoint;  // the blob service endpoint the URL names ("" for az://)
  std::string sas;       // a SAS carried in the URL's query
  std::string shown;     // the URL as given, without its query (never a secret)
};

// Throws a usage error for anything else.
BlobUrl parse_blob_url(std::string_view url);

// AccountName, AccountKey, SharedAccessSignature, BlobEndpoint,
// DefaultEndpointsProtocol, EndpointSuffix; UseDevelopmentStorage=true
// stands for the emulator's well-known account on 127.0.0.1:10000.
struct ConnectionString {
  std::string account, key, sas, blob_endpoint, protocol = "https", suffix = "core.windows.net";
};
ConnectionString parse_connection_string(std::string_view s);

struct AzureFlags {
  std::string endpoint_url;  // --endpoint-url: the blob service endpoint for az:// URLs
  int attempts = 5;          // --retries
  int timeout_s = 60;        // --timeout: an attempt idle this long fails
  bool verbose = false;
};

struct AzureConfig {
  std::string account;
  std::string key;       // the decoded account key (SharedKey), or
  std::string sas;       // a SAS query (without '?')
  std::string endpoint;  // e.g. https://acct.blob.core.windows.net, http://127.0.0.1:10000/devstoreaccount1
  std::string source;    // where the credentials came from, for messages
  int attempts = 5;
  int timeout_s = 60;
  bool verbose = false;
};

// Credentials and endpoint for `url`, from the URL, the flags and the
// environment (AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_ACCOUNT +
// AZURE_STORAGE_KEY, AZURE_STORAGE_SAS_TOKEN), in that order.
AzureConfig resolve_config(const BlobUrl& url, const AzureFlags& flags);

// The SharedKey string to sign of a request (`path` as sent, %-encoded;
// `query` decoded) and the Authorization header value for it.
std::string string_to_sign(std::string_view method, std::string_view account, std::string_view path,
                           const std::vector<std::pair<std::string, std::string>>& query, const http::Headers& headers,
                           size_t content_length);
std::string shared_key_authorization(std::string_view account, std::string_view key, std::string_view to_sign);

// A failure the service answered, with its error code.
class AzureError : public Error {
 public:
  AzureError(std::string code, long status, std::string message)
      : Error(kExitFailure, std::move(message)), code_(std::move(code)), status_(status) {}
  const std::string& code() const { return code_; }
  long status() const { return status_; }

 private:
  std::string code_;
  long status_;
};

struct BlobProperties {
  bool exists = false;
  std::string type;  // AppendBlob, BlockBlob, PageBlob
  uint64_t size = 0;
  uint64_t committed_blocks = 0;  // append blobs
};

// What became of one Append Block.
struct AppendResult {
  enum Kind {
    kAppended,        // the block is in the blob at the position asked for
    kPositionMoved,   // the blob is not at that position: another writer
    kMaxSize,         // x-ms-blob-condition-maxsize refused it
    kBlockCount,      // the blob has the service's maximum of blocks
  } kind = kAppended;
  uint64_t committed_blocks = 0;  // after the append, when known
  bool recovered = false;         // an attempt's answer was lost, and reading the blob showed it landed
};

class BlobClient {
 public:
  BlobClient(AzureConfig config, BlobUrl url);

  BlobProperties properties();
  // Creates an empty append blob unless one exists (If-None-Match: *);
  // false when it existed.
  bool create_append_blob(const std::string& content_type);
  // Appends `block` at `position` (x-ms-blob-condition-appendpos), exactly
  // once: an attempt whose answer is lost is retried with the same position,
  // and a refusal then is checked against the blob's bytes there.
  // `max_size` (0: none) becomes x-ms-blob-condition-maxsize.
  AppendResult append(std::string_view block, uint64_t position, uint64_t max_size);
  // Bytes [offset, offset + length) (fewer at the blob's end).
  std::string read(uint64_t offset, uint64_t length);

  const BlobUrl& url() const { return url_; }

 private:
  struct Target {
    std::string url, path;  // full URL; the %-encoded path as sent (signed)
    std::vector<std::pair<std::string, std::string>> query;
  };
  Target target(std::vector<std::pair<std::string, std::string>> query) const;
  std::string attempt(const std::string& method, const Target& t, http::Headers headers, http::Response& resp,
                      std::string_view body);
  // With retries; an answer neither 2xx nor `tolerated` is thrown as an
  // AzureError.
  http::Response call(const std::string& method, std::vector<std::pair<std::string, std::string>> query,
                      http::Headers headers, std::initializer_list<long> tolerated = {}, std::string_view body = {});
  // Throws what went wrong; `note` ends the message.
  [[noreturn]] void fail(const std::string& err, const http::Response& resp, int attempts, const std::string& note = "");

  AzureConfig config_;
  BlobUrl url_;
  http::Client http_;
  http::RetryPolicy retry_;
};

// The service's error code of a failed answer (x-ms-error-code, else <Code>).
std::string error_code(const http::Response& resp);

}  // namespace jlkit::azure
