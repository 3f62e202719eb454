#include "aws/s3.hpp"

#include <ctime>

#include "aws/xml.hpp"
#include "cli/error.hpp"
#include "json/text.hpp"

namespace jlkit::aws {

namespace {

std::string amz_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

bool dns_compatible(const std::string& b) {
  if (b.size() < 3 || b.size() > 63) return false;
  for (char c : b)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace

S3Url parse_s3_url(std::string_view url) {
  std::string_view rest;
  for (std::string_view scheme : {"s3://", "s3a://", "s3n://"})
    if (url.substr(0, scheme.size()) == scheme) rest = url.substr(scheme.size());
  if (rest.empty() && url.find("://") == std::string_view::npos) throw usage_error("not an S3 URL: '" + std::string(url) + "'");
  if (rest.empty() || rest[0] == '/') throw usage_error("not an S3 URL (s3://bucket/key): '" + std::string(url) + "'");
  size_t slash = rest.find('/');
  S3Url u;
  u.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) u.key = std::string(rest.substr(slash + 1));
  return u;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    uint32_t v;
    if (s[i] == '%' && i + 2 < s.size() && json::parse_hex(s.substr(i + 1, 2), v)) {
      out += static_cast<char>(v);
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

S3Client::S3Client(AwsConfig config)
    : config_(std::move(config)), http_(http::ClientOptions{10000, 60, config_.ca_bundle, config_.verbose}) {
  retry_.attempts = config_.attempts;
  creds_ = resolve_credentials(config_);
  if (!config_.endpoint.empty()) {
    size_t p = config_.endpoint.find("://");
    scheme_ = config_.endpoint.substr(0, p);
    endpoint_host_ = config_.endpoint.substr(p + 3);
  }
}

http::Response S3Client::call(const std::string& method, const std::string& bucket, const std::string& key,
                               std::vector<std::pair<std::string, std::string>> query, http::Headers headers,
                               const std::string& what) {
  SignedRequest sr;
  sr.method = method;
  std::string path = "/" + uri_encode(key, true);
  std::string scheme = "https";
  if (!endpoint_host_.empty()) {  // custom endpoint: path style
    scheme = scheme_;
    sr.host = endpoint_host_;
    sr.path = "/" + uri_encode(bucket, false) + (key.empty() ? "/" : path);
  } else if (dns_compatible(bucket)) {
    sr.host = bucket + ".s3." + config_.region + ".amazonaws.com";
    sr.path = path;
  } else {
    sr.host = "s3." + config_.region + ".amazonaws.com";
    sr.path = "/" + uri_encode(bucket, false) + (key.empty() ? "/" : path);
  }
  sr.query = std::move(query);
  std::string url = scheme + "://" + sr.host + sr.path;
  std::string qs = canonical_query(sr);
  if (!qs.empty()) url += "?" + qs;

  http::Response resp;
  for (int attempt = 1;; ++attempt) {
    SignedRequest signed_req = sr;
    signed_req.headers = headers;
    if (!config_.no_sign) sign(signed_req, creds_, config_.region, "s3", amz_now());
    http::Request req;
    req.method = method;
    req.url = url;
    req.headers = signed_req.headers;
    std::string err = http_.perform(req, resp);
    std::string code = resp.body.empty() ? "" : xml_find(resp.body, "Code");
    if (err.empty() && resp.status >= 200 && resp.status < 300) return resp;
    bool again = http::is_transient(err, resp.status, code) && attempt < retry_.attempts;
    if (again) {
      if (config_.verbose) print_warning(what + ": retrying after " + (err.empty() ? "HTTP " + std::to_string(resp.status) : err));
      http::backoff(retry_, attempt);
      continue;
    }
    std::string tries = attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : "";
    if (!err.empty()) throw runtime_error(what + ": " + err + " (" + url + ")" + tries);
    std::string message = resp.body.empty() ? "" : xml_find(resp.body, "Message");
    if (code.empty()) code = resp.status == 404 ? "NotFound" : resp.status == 403 ? "AccessDenied" : "HTTP error";
    std::string hint;
    if (code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId")
      hint = "; check the access key and secret (profile '" + config_.profile + "')";
    throw runtime_error(what + ": " + code + (message.empty() ? "" : ": " + message) + " (HTTP " +
                        std::to_string(resp.status) + ")" + hint + tries);
  }
}

ListPage S3Client::list(const ListRequest& r) {
  std::vector<std::pair<std::string, std::string>> q = {{"list-type", "2"}, {"encoding-type", "url"},
                                                        {"max-keys", std::to_string(r.max_keys)}};
  if (!r.prefix.empty()) q.emplace_back("prefix", r.prefix);
  if (!r.delimiter.empty()) q.emplace_back("delimiter", r.delimiter);
  if (!r.start_after.empty()) q.emplace_back("start-after", r.start_after);
  if (!r.continuation_token.empty()) q.emplace_back("continuation-token", r.continuation_token);
  http::Headers h;
  if (r.request_payer) h.emplace_back("x-amz-request-payer", "requester");
  http::Response resp = call("GET", r.bucket, "", q, h, "s3://" + r.bucket + "/" + r.prefix);
  ListPage page;
  bool encoded = false;
  S3Object obj;
  bool ok = xml_each(resp.body, [&](const XmlEvent& e) {
    if (e.kind == XmlEvent::kEnd) {
      if (e.name == "Contents") page.objects.push_back(std::move(obj)), obj = S3Object();
      return;
    }
    const std::string& t = *e.text;
    if (e.parent == "Contents") {
      if (e.name == "Key") obj.key = t;
      else if (e.name == "Size") obj.size = std::strtoull(t.c_str(), nullptr, 10);
      else if (e.name == "LastModified") obj.last_modified = t;
      else if (e.name == "ETag") obj.etag = t.size() >= 2 && t.front() == '"' && t.back() == '"' ? t.substr(1, t.size() - 2) : t;
      else if (e.name == "StorageClass") obj.storage_class = t;
    } else if (e.parent == "CommonPrefixes" && e.name == "Prefix") {
      page.prefixes.push_back(t);
    } else if (e.name == "IsTruncated") {
      page.truncated = t == "true";
    } else if (e.name == "NextContinuationToken") {
      page.next_token = t;
    } else if (e.name == "EncodingType") {
      encoded = t == "url";
    }
  });
  if (!ok) throw runtime_error("s3://" + r.bucket + ": malformed ListObjectsV2 response");
  if (encoded) {
    for (auto& o : page.objects) o.key = url_decode(o.key);
    for (auto& p : page.prefixes) p = url_decode(p);
  }
  if (page.truncated && page.next_token.empty()) throw runtime_error("s3://" + r.bucket + ": truncated listing without a continuation token");
  return page;
}

}  // namespace jlkit::aws
