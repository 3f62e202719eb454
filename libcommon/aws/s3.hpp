// S3 requests over the HTTP client: addressing (virtual-hosted on AWS, path
// style on custom endpoints), signing, retries of transient failures, and
// the service's errors turned into messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <memory>

#include "aws/config.hpp"
#include "aws/credentials.hpp"
#include "cli/error.hpp"
#include "http/client.hpp"
#include "http/retry.hpp"

namespace jlkit::aws {

struct S3Url {
  std::string bucket, key;
  std::string str() const { return "s3://" + bucket + "/" + key; }
};

// s3://bucket[/key] (s3a:// and s3n:// too); throws a usage error.
S3Url parse_s3_url(std::string_view url);

struct S3Object {
  std::string key;
  uint64_t size = 0;
  std::string last_modified;  // as S3 gives it: 2024-05-01T12:00:00.000Z
  std::string etag;           // without quotes
  std::string storage_class;
};

struct ListRequest {
  std::string bucket, prefix, delimiter, start_after, continuation_token;
  int max_keys = 1000;
  bool request_payer = false;
};

struct ListPage {
  std::vector<S3Object> objects;
  std::vector<std::string> prefixes;
  bool truncated = false;
  std::string next_token;
};

// A ListObjectsV2 answer's objects and prefixes (url-encoded names decoded);
// false when the document is malformed.
bool parse_list_page(std::string_view xml, ListPage& page);

// An ETag without its quotes.
std::string strip_quotes(std::string_view etag);

// A failure the service answered, with its error code (NoSuchKey, ...).
class S3Error : public Error {
 public:
  S3Error(std::string code, std::string message) : Error(kExitFailure, std::move(message)), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// One ranged read of an object.
struct RangeResult {
  std::string data;
  uint64_t total = 0;  // the object's size (from Content-Range)
  std::string etag;    // without quotes
  std::string checksum_name, checksum;  // a full-object x-amz-checksum-* header, when sent
};

class S3Client {
 public:
  explicit S3Client(AwsConfig config);
  // Threads share one provider, so temporary credentials are renewed once.
  S3Client(AwsConfig config, std::shared_ptr<CredentialProvider> credentials);
  ListPage list(const ListRequest& r);
  // Bytes [offset, offset + length) of an object (fewer at its end). With an
  // `etag`, the object must still be that version (If-Match). A body that
  // breaks off is resumed from the next byte; transient errors are retried.
  RangeResult get_range(const S3Url& url, uint64_t offset, uint64_t length, const std::string& etag);
  const AwsConfig& config() const { return config_; }
  // The URL a request for bucket/key goes to (addressing style included).
  std::string url_for(const std::string& bucket, const std::string& key) { return target("GET", bucket, key, {}).url; }

 private:
  struct Target {
    std::string url;
    SignedRequest request;
  };
  Target target(const std::string& method, const std::string& bucket, const std::string& key,
                std::vector<std::pair<std::string, std::string>> query);
  // One signed attempt; returns the transport error ("" when a response came).
  std::string attempt(const Target& t, const http::Headers& headers, http::Response& resp, std::string_view body = {});
  [[noreturn]] void fail(const std::string& what, const std::string& err, const http::Response& resp,
                         const Target& t, int attempts);

 public:
  // A request with retries of transient failures (the body is sent again);
  // a non-2xx answer after them throws a runtime error starting with `what`.
  // With `xml_answer`, a 2xx answer must be a whole XML document (its root
  // closed); one cut short on the way is retried.
  // `attempts`, when given, receives the number of attempts made.
  http::Response call(const std::string& method, const std::string& bucket, const std::string& key,
                      std::vector<std::pair<std::string, std::string>> query, http::Headers headers,
                      const std::string& what, std::string_view body = {}, bool xml_answer = false,
                      int* attempts = nullptr);

 private:

  AwsConfig config_;
  std::shared_ptr<CredentialProvider> creds_;
  http::Client http_;
  http::RetryPolicy retry_;
  std::string scheme_, endpoint_host_;  // custom endpoint, split
};

}  // namespace jlkit::aws
