#include "aws/s3.hpp"

#include <ctime>

#include "aws/xml.hpp"
#include "cli/error.hpp"
#include "http/url.hpp"
#include "json/text.hpp"

namespace jlkit::aws {

namespace {

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
  // Shown redacted: a presigned https URL given by mistake carries its signature and token.
  if (rest.empty() && url.find("://") == std::string_view::npos) throw usage_error("not an S3 URL: '" + http::redact_url(url) + "'");
  if (rest.empty() || rest[0] == '/') throw usage_error("not an S3 URL (s3://bucket/key): '" + http::redact_url(url) + "'");
  size_t slash = rest.find('/');
  S3Url u;
  u.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) u.key = std::string(rest.substr(slash + 1));
  return u;
}

std::string strip_quotes(std::string_view e) {
  if (e.size() >= 2 && e.front() == '"' && e.back() == '"') e = e.substr(1, e.size() - 2);
  return std::string(e);
}

S3Client::S3Client(AwsConfig config) : S3Client(config, std::make_shared<CredentialProvider>(config)) {}

S3Client::S3Client(AwsConfig config, std::shared_ptr<CredentialProvider> credentials)
    : config_(std::move(config)),
      creds_(std::move(credentials)),
      http_(http::ClientOptions{10000, config_.timeout_s, config_.ca_bundle, config_.verbose}) {
  retry_.attempts = config_.attempts;
  creds_->get();  // no credentials: say so before any request
  if (!config_.endpoint.empty()) {
    size_t p = config_.endpoint.find("://");
    scheme_ = config_.endpoint.substr(0, p);
    endpoint_host_ = config_.endpoint.substr(p + 3);
  }
}

S3Client::Target S3Client::target(const std::string& method, const std::string& bucket, const std::string& key,
                                  std::vector<std::pair<std::string, std::string>> query) {
  Target t;
  SignedRequest& sr = t.request;
  sr.method = method;
  std::string path = "/" + http::uri_encode(key, true);
  std::string scheme = "https";
  if (!endpoint_host_.empty()) {  // custom endpoint: path style
    scheme = scheme_;
    sr.host = endpoint_host_;
    sr.path = "/" + http::uri_encode(bucket, false) + (key.empty() ? "/" : path);
  } else if (dns_compatible(bucket)) {
    sr.host = bucket + ".s3." + config_.region + ".amazonaws.com";
    sr.path = path;
  } else {
    sr.host = "s3." + config_.region + ".amazonaws.com";
    sr.path = "/" + http::uri_encode(bucket, false) + (key.empty() ? "/" : path);
  }
  sr.query = std::move(query);
  t.url = scheme + "://" + sr.host + sr.path;
  std::string qs = canonical_query(sr);
  if (!qs.empty()) t.url += "?" + qs;
  return t;
}

std::string S3Client::attempt(const Target& t, const http::Headers& headers, http::Response& resp, std::string_view body) {
  SignedRequest signed_req = t.request;
  signed_req.headers = headers;
  // Over TLS the payload need not be hashed; in clear it is signed.
  if (!body.empty() && t.url.rfind("https://", 0) != 0) signed_req.payload_sha256 = sha256_hex(body);
  else if (body.empty()) signed_req.payload_sha256 = sha256_hex("");
  if (!config_.no_sign) sign(signed_req, creds_->get(), config_.region, "s3", amz_date_now());
  http::Request req;
  req.method = signed_req.method;
  req.url = t.url;
  req.headers = signed_req.headers;
  req.body = body;
  return http_.perform(req, resp);
}

void S3Client::fail(const std::string& what, const std::string& err, const http::Response& resp, const Target& t,
                    int attempts) {
  const std::string& url = t.url;
  std::string tries = attempts > 1 ? " (after " + std::to_string(attempts) + " attempts)" : "";
  if (!err.empty()) throw runtime_error(what + ": " + err + " (" + http::redact_url(url) + ")" + tries);
  std::string code = resp.body.empty() ? "" : xml_find(resp.body, "Code");
  std::string message = resp.body.empty() ? "" : xml_find(resp.body, "Message");
  if (code.empty()) code = resp.status == 404 ? "NotFound" : resp.status == 403 ? "AccessDenied" : resp.status == 412 ? "PreconditionFailed" : "HTTP error";
  std::string hint;
  if (code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId")
    hint = "; check the access key and secret (credentials from " + creds_->source() + ")";
  if (code == "PreconditionFailed")
    hint = t.request.method == "GET" ? "; the object changed while it was being read" : "; the object already exists";
  throw S3Error(code, what + ": " + code + (message.empty() ? "" : ": " + message) + " (HTTP " +
                          std::to_string(resp.status) + ")" + hint + tries);
}

http::Response S3Client::call(const std::string& method, const std::string& bucket, const std::string& key,
                               std::vector<std::pair<std::string, std::string>> query, http::Headers headers,
                               const std::string& what, std::string_view body, bool xml_answer,
                               int* attempts) {
  Target t = target(method, bucket, key, std::move(query));
  http::Response resp;
  std::string err;
  int n = http::with_retries(
      retry_, config_.verbose, what, [&](http::Response& r) { return attempt(t, headers, r, body); },
      [](const http::Response& r) { return r.body.empty() ? std::string() : xml_find(r.body, "Code"); },
      [&](const http::Response& r) {
        return http::range_complete(r) && (!xml_answer || !xml_root_name(r.body).empty());
      },
      resp, err);
  if (attempts) *attempts = n;
  if (!err.empty() || resp.status < 200 || resp.status >= 300) fail(what, err, resp, t, n);
  return resp;
}

RangeResult S3Client::get_range(const S3Url& u, uint64_t offset, uint64_t length, const std::string& etag) {
  Target t = target("GET", u.bucket, u.key, {});
  RangeResult out;
  out.etag = etag;
  uint64_t want_end = offset + length;  // exclusive; shrinks to the object's end
  int failures = 0;
  for (;;) {
    uint64_t from = offset + out.data.size();
    http::Headers h = {{"Range", "bytes=" + std::to_string(from) + "-" + std::to_string(want_end - 1)},
                       {"x-amz-checksum-mode", "ENABLED"}};
    if (!out.etag.empty()) h.emplace_back("If-Match", "\"" + out.etag + "\"");
    http::Response resp;
    std::string err = attempt(t, h, resp);
    bool ok_status = resp.status == 200 || resp.status == 206;
    if (err.empty() && resp.status == 416 && from == 0) return out;  // an empty object has no byte 0
    if (ok_status && (err.empty() || !resp.body.empty())) {
      if (out.etag.empty()) {
        if (const std::string* e = resp.header("etag")) out.etag = strip_quotes(*e);
      }
      if (const std::string* cr = resp.header("content-range")) {
        size_t slash = cr->find('/');
        if (slash != std::string::npos && (*cr)[slash + 1] != '*') out.total = std::strtoull(cr->c_str() + slash + 1, nullptr, 10);
        want_end = std::min(want_end, out.total);
      } else if (resp.status == 200) {  // whole object sent
        out.total = resp.body.size() + from;
        want_end = std::min(want_end, out.total);
      }
      for (auto& [k, v] : resp.headers)
        if (k.rfind("x-amz-checksum-", 0) == 0 && k != "x-amz-checksum-type") out.checksum_name = k, out.checksum = v;
      // What arrived, also when the body broke off.
      if (out.data.empty()) out.data = std::move(resp.body);
      else out.data += resp.body;
      if (offset + out.data.size() >= want_end) return out;
      if (err.empty()) err = "short body";
    }
    std::string code = resp.body.empty() || ok_status ? "" : xml_find(resp.body, "Code");
    ++failures;
    if (!http::is_transient(err, ok_status ? 503 : resp.status, code) || failures >= retry_.attempts)
      fail(u.str(), err, ok_status ? http::Response() : resp, t, failures);
    if (config_.verbose) print_warning(u.str() + ": resuming at byte " + std::to_string(offset + out.data.size()) + " after " + (err.empty() ? "HTTP " + std::to_string(resp.status) : err));
    http::backoff(retry_, failures);
  }
}

bool parse_list_page(std::string_view xml, ListPage& page) {
  bool encoded = false;
  S3Object obj;
  bool ok = xml_each(xml, [&](const XmlEvent& e) {
    if (e.kind == XmlEvent::kEnd) {
      if (e.name == "Contents") page.objects.push_back(std::move(obj)), obj = S3Object();
      return;
    }
    const std::string& t = *e.text;
    if (e.parent == "Contents") {
      if (e.name == "Key") obj.key = t;
      else if (e.name == "Size") obj.size = std::strtoull(t.c_str(), nullptr, 10);
      else if (e.name == "LastModified") obj.last_modified = t;
      else if (e.name == "ETag") obj.etag = strip_quotes(t);
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
  if (!ok) return false;
  if (encoded) {
    for (auto& o : page.objects) o.key = http::url_decode(o.key);
    for (auto& p : page.prefixes) p = http::url_decode(p);
  }
  return true;
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
  http::Response resp = call("GET", r.bucket, "", q, h, "s3://" + r.bucket + "/" + r.prefix, {}, true);
  ListPage page;
  if (!parse_list_page(resp.body, page)) throw runtime_error("s3://" + r.bucket + ": malformed ListObjectsV2 response");
  if (page.truncated && page.next_token.empty()) throw runtime_error("s3://" + r.bucket + ": truncated listing without a continuation token");
  return page;
}

}  // namespace jlkit::aws
