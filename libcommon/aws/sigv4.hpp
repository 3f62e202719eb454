// AWS Signature Version 4 (header form), with OpenSSL: the canonical
// request, the string to sign, and the Authorization header.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jlkit::aws {

struct Credentials {
  std::string access_key_id, secret_access_key, session_token;
  bool empty() const { return access_key_id.empty(); }
};

struct SignedRequest {
  std::string method;  // GET, PUT, ...
  std::string host;    // as sent in the Host header (with :port when not default)
  std::string path;    // already URI-encoded, as sent ("/bucket/my%20key")
  // Query parameters, decoded; encoded and sorted when signing.
  std::vector<std::pair<std::string, std::string>> query;
  // Headers to sign besides host, x-amz-date, x-amz-content-sha256 and
  // x-amz-security-token (added by sign()).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload_sha256 = "UNSIGNED-PAYLOAD";  // or the hex digest of the body
};

// The current UTC time as SigV4 wants it: YYYYMMDDTHHMMSSZ.
std::string amz_date_now();

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// Adds the signing headers to `r.headers` (x-amz-date, x-amz-content-sha256,
// x-amz-security-token, authorization) for `amz_date` (YYYYMMDDTHHMMSSZ).
// `canonical` (when given) receives the canonical request, for tests and
// --verbose.
void sign(SignedRequest& r, const Credentials& c, std::string_view region, std::string_view service,
          std::string_view amz_date, std::string* canonical = nullptr);

// The query string of `r.query`, encoded and sorted as it was signed.
std::string canonical_query(const SignedRequest& r);

}  // namespace jlkit::aws
