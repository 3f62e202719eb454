// Fuzzes the URL and small-string parsers of the service clients: s3://
// URLs, Azure blob URLs and connection strings, percent-encoding, URL
// redaction, s3ls's globs, time bounds and shards. Invariants checked:
// url_decode(uri_encode(x)) == x; a parsed s3:// URL parses back from its
// str(); redact_url is idempotent; a glob without stars matches itself.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "aws/ls.hpp"
#include "aws/s3.hpp"
#include "azure/blob.hpp"
#include "cli/error.hpp"
#include "http/url.hpp"
#include "json/timestamp.hpp"

using namespace jlkit;

namespace {

[[noreturn]] void fail(const char* what, std::string_view in) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(in.size()), in.data());
  std::abort();
}

void s3_url(std::string_view in) {
  aws::S3Url u;
  try {
    u = aws::parse_s3_url(in);
  } catch (const Error&) {
    return;
  }
  aws::S3Url again;
  try {
    again = aws::parse_s3_url(u.str());
  } catch (const Error&) {
    fail("s3 URL's str() does not parse", in);
  }
  if (again.bucket != u.bucket || again.key != u.key) fail("s3 URL's str() parses differently", in);
}

void blob_url(std::string_view in) {
  try {
    azure::BlobUrl u = azure::parse_blob_url(in);
    if (u.account.empty() || u.container.empty() || u.blob.empty()) fail("blob URL with an empty part", in);
    if (u.shown.find('?') != std::string::npos) fail("blob URL shown with its query", in);
  } catch (const Error&) {
  }
  try {
    (void)azure::parse_connection_string(in);
  } catch (const Error&) {
  }
}

void encoding(std::string_view in) {
  for (bool keep_slash : {false, true}) {
    std::string enc = http::uri_encode(in, keep_slash);
    if (http::url_decode(enc, true) != in || http::url_decode(enc, false) != in) fail("uri_encode does not decode back", in);
  }
  (void)http::url_decode(in, true);
  std::string redacted = http::redact_url(in);
  if (http::redact_url(redacted) != redacted) fail("redact_url is not idempotent", in);
  (void)http::ascii_lower(in);
  (void)http::content_type_for(std::string(in));
}

void ls_helpers(std::string_view in) {
  size_t nl = in.find('\n');
  std::string_view pattern = in.substr(0, nl);
  std::string_view key = nl == std::string_view::npos ? in : in.substr(nl + 1);
  (void)aws::glob_match(pattern, key);
  if (key.find('*') == std::string_view::npos && !aws::glob_match(key, key)) fail("a glob without stars does not match itself", key);
  (void)aws::shard_of(in, 7);
  try {
    (void)aws::parse_time_bound(std::string(in), 1714564800, "--since");
  } catch (const Error&) {
  }
  int64_t t;
  if (json::parse_iso8601(in, t)) (void)json::format_utc(t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  s3_url(in);
  blob_url(in);
  encoding(in);
  ls_helpers(in);
  return 0;
}
