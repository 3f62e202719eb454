#include "aws/sigv4.hpp"

#include "http/url.hpp"
#include "io/checksum.hpp"
#include "json/timestamp.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace jlkit::aws {

namespace {

// Header values are trimmed and inner runs of spaces folded to one.
std::string trim_value(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string amz_date_now() { return json::utc_now("%Y%m%dT%H%M%SZ"); }

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 failed");
  return to_hex(std::string_view(reinterpret_cast<char*>(md), len));
}

std::string canonical_query(const SignedRequest& r) {
  std::vector<std::pair<std::string, std::string>> q;
  for (auto& [k, v] : r.query) q.emplace_back(http::uri_encode(k, false), http::uri_encode(v, false));
  std::sort(q.begin(), q.end());
  std::string out;
  for (auto& [k, v] : q) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

void sign(SignedRequest& r, const Credentials& c, std::string_view region, std::string_view service,
          std::string_view amz_date, std::string* canonical_out) {
  r.headers.emplace_back("x-amz-date", std::string(amz_date));
  r.headers.emplace_back("x-amz-content-sha256", r.payload_sha256);
  if (!c.session_token.empty()) r.headers.emplace_back("x-amz-security-token", c.session_token);

  std::vector<std::pair<std::string, std::string>> h;
  h.emplace_back("host", r.host);
  for (auto& [k, v] : r.headers) h.emplace_back(http::ascii_lower(k), trim_value(v));
  std::sort(h.begin(), h.end());
  std::string headers, signed_headers;
  for (size_t i = 0; i < h.size(); ++i) {
    // Repeated headers are joined with commas.
    if (i > 0 && h[i].first == h[i - 1].first) {
      headers.pop_back();
      headers += "," + h[i].second + "\n";
      continue;
    }
    headers += h[i].first + ":" + h[i].second + "\n";
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += h[i].first;
  }
  std::string canonical = r.method + "\n" + r.path + "\n" + canonical_query(r) + "\n" + headers + "\n" + signed_headers +
                          "\n" + r.payload_sha256;
  if (canonical_out) *canonical_out = canonical;

  std::string date(amz_date.substr(0, 8));
  std::string scope = date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  std::string to_sign = "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + scope + "\n" + sha256_hex(canonical);
  std::string k = hmac_sha256("AWS4" + c.secret_access_key, date);
  k = hmac_sha256(k, region);
  k = hmac_sha256(k, service);
  k = hmac_sha256(k, "aws4_request");
  std::string sig = hmac_sha256(k, to_sign);
  r.headers.emplace_back("authorization", "AWS4-HMAC-SHA256 Credential=" + c.access_key_id + "/" + scope +
                                              ",SignedHeaders=" + signed_headers + ",Signature=" +
                                              to_hex(sig));
}

}  // namespace jlkit::aws
