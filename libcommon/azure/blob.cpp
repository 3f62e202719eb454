#include "azure/blob.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "aws/xml.hpp"
#include "http/url.hpp"
#include "io/checksum.hpp"
#include "json/timestamp.hpp"

namespace jlkit::azure {

namespace {

// The emulator's well-known account (public, documented by Microsoft).
constexpr const char* kDevAccount = "devstoreaccount1";
constexpr const char* kDevKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
// 2022-11-02 and later take append blocks of up to 100 MiB.
constexpr const char* kApiVersion = "2023-11-03";

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string strip_question_mark(std::string s) {
  if (!s.empty() && s[0] == '?') s.erase(0, 1);
  return s;
}

std::string http_date() { return json::utc_now("%a, %d %b %Y %H:%M:%S GMT"); }

// "container/blob" after an endpoint or account; an http(s) URL's path is
// %-encoded, an az:// URL names the blob as it is.
void split_path(std::string_view path, std::string_view whole, bool encoded, BlobUrl& u) {
  size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= path.size())
    throw usage_error("not a blob URL (no container/blob): '" + std::string(whole) + "'");
  u.container = std::string(path.substr(0, slash));
  u.blob = encoded ? http::url_decode(path.substr(slash + 1), false) : std::string(path.substr(slash + 1));
}

// Where the path of `url` starts (after scheme://host[:port]).
size_t path_start(std::string_view url) {
  size_t scheme = url.find("://");
  size_t p = url.find('/', scheme + 3);
  return p == std::string_view::npos ? url.size() : p;
}

}  // namespace

BlobUrl parse_blob_url(std::string_view url) {
  BlobUrl u;
  std::string_view rest;
  size_t q = url.find('?');
  u.shown = std::string(url.substr(0, q));
  if (q != std::string_view::npos) u.sas = std::string(url.substr(q + 1));
  std::string_view base = url.substr(0, q);
  if (base.rfind("az://", 0) == 0) {
    if (!u.sas.empty()) throw usage_error("an az:// URL carries no query; give a SAS as https://...?SAS or AZURE_STORAGE_SAS_TOKEN");
    rest = base.substr(5);
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0) throw usage_error("not a blob URL (az://account/container/blob): '" + u.shown + "'");
    u.account = std::string(rest.substr(0, slash));
    split_path(rest.substr(slash + 1), u.shown, false, u);
    return u;
  }
  if (base.rfind("https://", 0) != 0 && base.rfind("http://", 0) != 0)
    throw usage_error("not a blob URL (az://account/container/blob or https://account.blob.core.windows.net/...): '" +
                      std::string(base) + "'");
  size_t ps = path_start(base);
  std::string_view host = base.substr(base.find("://") + 3, ps - base.find("://") - 3);
  std::string_view path = ps < base.size() ? base.substr(ps + 1) : std::string_view();
  size_t dot = host.find('.');
  if (dot == 0) throw usage_error("not a blob URL (no account name before the host's first dot): '" + u.shown + "'");
  if (dot != std::string_view::npos && host.substr(dot, 6) == ".blob.") {  // account.blob.<suffix>
    u.account = std::string(host.substr(0, dot));
    u.endpoint = std::string(base.substr(0, ps));
  } else {  // emulator style: the account is the first path segment
    size_t slash = path.find('/');
    if (slash == std::string_view::npos || slash == 0) throw usage_error("not a blob URL (http://host/account/container/blob): '" + u.shown + "'");
    u.account = std::string(path.substr(0, slash));
    u.endpoint = std::string(base.substr(0, ps)) + "/" + u.account;
    path = path.substr(slash + 1);
  }
  split_path(path, u.shown, true, u);
  return u;
}

ConnectionString parse_connection_string(std::string_view s) {
  ConnectionString c;
  bool dev = false;
  std::string proxy;
  for (int n = 1; !s.empty(); ++n) {
    size_t semi = s.find(';');
    std::string_view part = s.substr(0, semi);
    s = semi == std::string_view::npos ? std::string_view() : s.substr(semi + 1);
    size_t eq = part.find('=');
    if (part.empty()) continue;
    // The part itself is not shown: it may be a key or SAS that lost its name.
    if (eq == std::string_view::npos)
      throw runtime_error("AZURE_STORAGE_CONNECTION_STRING: part " + std::to_string(n) + " is not Name=Value");
    std::string name = http::ascii_lower(part.substr(0, eq));
    std::string value(part.substr(eq + 1));
    if (name == "accountname") c.account = value;
    else if (name == "accountkey") c.key = value;
    else if (name == "sharedaccesssignature") c.sas = strip_question_mark(value);
    else if (name == "blobendpoint") c.blob_endpoint = value;
    else if (name == "defaultendpointsprotocol") c.protocol = value;
    else if (name == "endpointsuffix") c.suffix = value;
    else if (name == "usedevelopmentstorage") dev = http::ascii_lower(value) == "true";
    else if (name == "developmentstorageproxyuri") proxy = value;
  }
  if (dev) {
    c.account = kDevAccount;
    c.key = kDevKey;
    c.blob_endpoint = (proxy.empty() ? std::string("http://127.0.0.1") : proxy) + ":10000/" + kDevAccount;
  }
  while (!c.blob_endpoint.empty() && c.blob_endpoint.back() == '/') c.blob_endpoint.pop_back();
  return c;
}

AzureConfig resolve_config(const BlobUrl& url, const AzureFlags& flags) {
  AzureConfig c;
  c.account = url.account;
  c.attempts = flags.attempts;
  c.timeout_s = flags.timeout_s;
  c.verbose = flags.verbose;
  c.endpoint = url.endpoint;
  std::string key;
  ConnectionString cs;
  std::string cs_text = env("AZURE_STORAGE_CONNECTION_STRING");
  if (!cs_text.empty()) cs = parse_connection_string(cs_text);
  // A connection string serves its own account; one with only a SAS, the
  // account of its endpoint (a SAS is a bearer token: never sent elsewhere).
  bool cs_applies = !cs_text.empty() &&
                    (cs.account == url.account ||
                     (cs.account.empty() && !cs.sas.empty() && !cs.blob_endpoint.empty() &&
                      parse_blob_url(cs.blob_endpoint + "/c/b").account == url.account));
  if (c.endpoint.empty()) c.endpoint = flags.endpoint_url;
  if (c.endpoint.empty() && cs_applies) c.endpoint = cs.blob_endpoint;
  if (c.endpoint.empty()) c.endpoint = (cs_applies ? cs.protocol : "https") + "://" + url.account + ".blob." + (cs_applies ? cs.suffix : "core.windows.net");
  while (!c.endpoint.empty() && c.endpoint.back() == '/') c.endpoint.pop_back();

  std::string env_account = env("AZURE_STORAGE_ACCOUNT");
  if (!url.sas.empty()) {
    c.sas = url.sas, c.source = "the URL's SAS";
  } else if (cs_applies && !cs.key.empty()) {
    key = cs.key, c.source = "AZURE_STORAGE_CONNECTION_STRING";
  } else if (cs_applies && !cs.sas.empty()) {
    c.sas = cs.sas, c.source = "AZURE_STORAGE_CONNECTION_STRING";
  } else if (!env("AZURE_STORAGE_KEY").empty() && (env_account.empty() || env_account == url.account)) {
    key = env("AZURE_STORAGE_KEY"), c.source = "AZURE_STORAGE_KEY";
  } else if (!env("AZURE_STORAGE_SAS_TOKEN").empty() && (env_account.empty() || env_account == url.account)) {
    c.sas = strip_question_mark(env("AZURE_STORAGE_SAS_TOKEN")), c.source = "AZURE_STORAGE_SAS_TOKEN";
  } else {
    throw runtime_error("no credentials for Azure storage account '" + url.account +
                        "': set AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY, or "
                        "AZURE_STORAGE_SAS_TOKEN, or give a URL with a SAS");
  }
  if (!key.empty() && !base64_decode(key, c.key))
    throw runtime_error("the account key from " + c.source + " is not base64");
  return c;
}

std::string string_to_sign(std::string_view method, std::string_view account, std::string_view path,
                           const std::vector<std::pair<std::string, std::string>>& query, const http::Headers& headers,
                           size_t content_length) {
  auto header = [&](std::string_view name) -> std::string {
    for (auto& [k, v] : headers)
      if (http::ascii_lower(k) == name) return v;
    return "";
  };
  std::string s(method);
  s += '\n';
  for (const char* h : {"content-encoding", "content-language"}) s += header(h) + "\n";
  s += content_length ? std::to_string(content_length) : std::string();
  s += '\n';
  for (const char* h : {"content-md5", "content-type", "date", "if-modified-since", "if-match", "if-none-match",
                        "if-unmodified-since", "range"})
    s += header(h) + "\n";
  std::vector<std::pair<std::string, std::string>> ms;
  for (auto& [k, v] : headers) {
    std::string name = http::ascii_lower(k);
    if (name.rfind("x-ms-", 0) == 0) ms.emplace_back(name, v);
  }
  std::sort(ms.begin(), ms.end());
  for (auto& [k, v] : ms) s += k + ":" + v + "\n";
  s += "/";
  s += account;
  s += path;
  std::vector<std::pair<std::string, std::string>> q;
  for (auto& [k, v] : query) q.emplace_back(http::ascii_lower(k), v);
  std::sort(q.begin(), q.end());
  for (size_t i = 0; i < q.size(); ++i) {
    if (i > 0 && q[i].first == q[i - 1].first) {
      s += "," + q[i].second;  // one line per name, values in order
      continue;
    }
    s += "\n" + q[i].first + ":" + q[i].second;
  }
  return s;
}

std::string shared_key_authorization(std::string_view account, std::string_view key, std::string_view to_sign) {
  return "SharedKey " + std::string(account) + ":" + base64_encode(hmac_sha256(key, to_sign));
}

std::string error_code(const http::Response& resp) {
  if (const std::string* c = resp.header("x-ms-error-code")) return *c;
  return resp.body.empty() ? std::string() : aws::xml_find(resp.body, "Code");
}

BlobClient::BlobClient(AzureConfig config, BlobUrl url)
    : config_(std::move(config)),
      url_(std::move(url)),
      http_(http::ClientOptions{10000, config_.timeout_s, env("AWS_CA_BUNDLE"), config_.verbose}) {
  retry_.attempts = config_.attempts;
}

BlobClient::Target BlobClient::target(std::vector<std::pair<std::string, std::string>> query) const {
  Target t;
  t.path = config_.endpoint.substr(path_start(config_.endpoint)) + "/" + http::uri_encode(url_.container, false) + "/" +
           http::uri_encode(url_.blob, true);
  t.url = config_.endpoint.substr(0, path_start(config_.endpoint)) + t.path;
  std::string qs;
  for (auto& [k, v] : query) qs += (qs.empty() ? "" : "&") + http::uri_encode(k, false) + "=" + http::uri_encode(v, false);
  if (!config_.sas.empty()) qs += (qs.empty() ? "" : "&") + config_.sas;
  if (!qs.empty()) t.url += "?" + qs;
  t.query = std::move(query);
  return t;
}

std::string BlobClient::attempt(const std::string& method, const Target& t, http::Headers headers,
                                http::Response& resp, std::string_view body) {
  headers.emplace_back("x-ms-date", http_date());
  headers.emplace_back("x-ms-version", kApiVersion);
  // The type the client would add is signed.
  if (const char* type = http::default_content_type(method, headers)) headers.emplace_back("Content-Type", type);
  if (!config_.key.empty())
    headers.emplace_back("Authorization",
                         shared_key_authorization(config_.account, config_.key,
                                                  string_to_sign(method, config_.account, t.path, t.query, headers, body.size())));
  http::Request req;
  req.method = method;
  req.url = t.url;
  req.headers = std::move(headers);
  req.body = body;
  return http_.perform(req, resp);
}

void BlobClient::fail(const std::string& err, const http::Response& resp, int attempts, const std::string& note) {
  std::string tries = (attempts > 1 ? " (after " + std::to_string(attempts) + " attempts)" : "") + note;
  if (!err.empty()) throw runtime_error(url_.shown + ": " + err + tries);
  std::string code = error_code(resp);
  std::string message = resp.body.empty() ? "" : aws::xml_find(resp.body, "Message");
  if (size_t nl = message.find('\n'); nl != std::string::npos) message.resize(nl);  // drop RequestId/Time lines
  if (code.empty()) code = "HTTP error";
  std::string hint;
  if (code == "AuthenticationFailed" || code == "AuthorizationFailure" || resp.status == 403)
    hint = "; check the account key or SAS (credentials from " + config_.source + ")";
  if (code == "ContainerNotFound") hint = "; create the container first";
  throw AzureError(code, resp.status, url_.shown + ": " + code + (message.empty() ? "" : ": " + message) + " (HTTP " +
                                          std::to_string(resp.status) + ")" + hint + tries);
}

http::Response BlobClient::call(const std::string& method, std::vector<std::pair<std::string, std::string>> query,
                                http::Headers headers, std::initializer_list<long> tolerated, std::string_view body) {
  Target t = target(std::move(query));
  http::Response resp;
  std::string err;
  int n = http::with_retries(
      retry_, config_.verbose, url_.shown, [&](http::Response& r) { return attempt(method, t, headers, r, body); },
      [](const http::Response& r) { return error_code(r); }, http::range_complete, resp, err);
  bool ok = err.empty() && ((resp.status >= 200 && resp.status < 300) ||
                            std::find(tolerated.begin(), tolerated.end(), resp.status) != tolerated.end());
  if (!ok) fail(err, resp, n);
  return resp;
}

BlobProperties BlobClient::properties() {
  http::Response resp = call("HEAD", {}, {}, {404});
  BlobProperties p;
  if (resp.status == 404) {
    if (error_code(resp) == "ContainerNotFound") fail("", resp, 1);
    return p;
  }
  p.exists = true;
  if (const std::string* v = resp.header("x-ms-blob-type")) p.type = *v;
  if (const std::string* v = resp.header("content-length")) p.size = std::strtoull(v->c_str(), nullptr, 10);
  if (const std::string* v = resp.header("x-ms-blob-committed-block-count"))
    p.committed_blocks = std::strtoull(v->c_str(), nullptr, 10);
  return p;
}

bool BlobClient::create_append_blob(const std::string& content_type) {
  http::Headers h = {{"x-ms-blob-type", "AppendBlob"}, {"If-None-Match", "*"}};
  if (!content_type.empty()) h.emplace_back("x-ms-blob-content-type", content_type);
  // A retried create that had landed answers 409 too: the blob exists either way.
  http::Response resp = call("PUT", {}, h, {409});
  if (resp.status == 409 && error_code(resp) != "BlobAlreadyExists") fail("", resp, 1);
  return resp.status != 409;
}

std::string BlobClient::read(uint64_t offset, uint64_t length) {
  if (length == 0) return "";
  http::Response resp =
      call("GET", {}, {{"x-ms-range", "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1)}}, {416});
  if (resp.status == 416) return "";  // offset at or past the end
  return std::move(resp.body);
}

AppendResult BlobClient::append(std::string_view block, uint64_t position, uint64_t max_size) {
  Target t = target({{"comp", "appendblock"}});
  auto md5 = Checksum::make("md5");
  md5->update(block);
  http::Headers h = {{"Content-MD5", md5->base64()},
                     {"x-ms-blob-condition-appendpos", std::to_string(position)}};
  if (max_size) h.emplace_back("x-ms-blob-condition-maxsize", std::to_string(max_size));
  AppendResult out;
  // Set once an attempt may have reached the service without its answer
  // reaching us: the block may be in the blob already.
  bool maybe_landed = false;
  // A refusal is checked against the blob whatever our own attempts were:
  // libcurl itself sends a request again when a reused connection turns out
  // dead, so even a first answer can be about a block that landed.
  auto landed = [&] { return read(position, block.size()) == block; };
  for (int n = 1;; ++n) {
    http::Response resp;
    std::string err = attempt("PUT", t, h, resp, block);
    std::string code = err.empty() ? error_code(resp) : "";
    if (err.empty() && resp.status >= 200 && resp.status < 300) {
      if (const std::string* v = resp.header("x-ms-blob-committed-block-count"))
        out.committed_blocks = std::strtoull(v->c_str(), nullptr, 10);
      return out;
    }
    if (err.empty() && (resp.status == 412 || resp.status == 409)) {
      AppendResult::Kind refused = code == "AppendPositionConditionNotMet" ? AppendResult::kPositionMoved
                                   : code == "MaxBlobSizeConditionNotMet"  ? AppendResult::kMaxSize
                                   : code == "BlockCountExceedsLimit"      ? AppendResult::kBlockCount
                                                                           : AppendResult::kAppended;
      if (refused != AppendResult::kAppended) {
        if (landed()) {
          out.recovered = true;
          return out;
        }
        out.kind = refused;
        return out;
      }
    }
    if (!http::is_transient(err, resp.status, code) || n >= retry_.attempts) {
      bool unsure = maybe_landed || !err.empty() || resp.status >= 500;
      fail(err, resp, n,
           unsure ? "; the block of " + std::to_string(block.size()) + " bytes at offset " + std::to_string(position) +
                        " may or may not have been appended"
                  : "");
    }
    maybe_landed = true;
    if (config_.verbose) print_warning(url_.shown + ": retrying the block at offset " + std::to_string(position) + " after " + (err.empty() ? "HTTP " + std::to_string(resp.status) : err));
    http::backoff(retry_, n);
  }
}

}  // namespace jlkit::azure
