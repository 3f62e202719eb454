#include "aws/credentials.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "aws/xml.hpp"
#include "cli/error.hpp"
#include "http/url.hpp"
#include "http/client.hpp"
#include "json/timestamp.hpp"
#include "json/value.hpp"

namespace jlkit::aws {

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

struct Found {
  Credentials creds;
  int64_t expires = 0;
  std::string source;
  bool ok() const { return !creds.empty(); }
};

int64_t parse_expiration(const std::string& t) {
  int64_t s = 0;
  return json::parse_iso8601(t, s) ? s : 0;
}

// {"AccessKeyId","SecretAccessKey","SessionToken"|"Token","Expiration"}.
Found from_json(const std::string& text, const std::string& what) {
  json::Arena arena;
  json::Val v;
  std::string error;
  if (!json::parse_constant(text, false, arena, v, error) || v.kind != json::Kind::kObject)
    throw runtime_error(what + ": not a JSON credentials object: " + error);
  auto str = [&](const char* k) {
    const json::Val* m = json::find_member(v, k);
    return m && m->kind == json::Kind::kString ? std::string(m->sv()) : std::string();
  };
  Found f;
  f.creds.access_key_id = str("AccessKeyId");
  f.creds.secret_access_key = str("SecretAccessKey");
  f.creds.session_token = str("SessionToken");
  if (f.creds.session_token.empty()) f.creds.session_token = str("Token");
  f.expires = parse_expiration(str("Expiration"));
  if (f.creds.access_key_id.empty() || f.creds.secret_access_key.empty())
    throw runtime_error(what + ": no AccessKeyId/SecretAccessKey in the answer");
  return f;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += http::uri_encode(k, false) + "=" + http::uri_encode(v, false);
  }
  return out;
}

class Chain {
 public:
  explicit Chain(const AwsConfig& c)
      : c_(c),
        http_(http::ClientOptions{2000, 10, c.ca_bundle, c.verbose}),
        creds_file_(read_ini(aws_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), false)),
        config_file_(read_ini(aws_file("AWS_CONFIG_FILE", "config"), true)) {}

  Found resolve() {
    Found f;
    if (!c_.profile_explicit && !getenv_str("AWS_ACCESS_KEY_ID").empty() && !getenv_str("AWS_SECRET_ACCESS_KEY").empty()) {
      f.creds = {getenv_str("AWS_ACCESS_KEY_ID"), getenv_str("AWS_SECRET_ACCESS_KEY"), getenv_str("AWS_SESSION_TOKEN")};
      f.source = "environment";
      return f;
    }
    if ((f = profile(c_.profile, 0)).ok()) return f;
    if (!getenv_str("AWS_ROLE_ARN").empty() && !getenv_str("AWS_WEB_IDENTITY_TOKEN_FILE").empty())
      return web_identity(getenv_str("AWS_ROLE_ARN"), getenv_str("AWS_WEB_IDENTITY_TOKEN_FILE"), getenv_str("AWS_ROLE_SESSION_NAME"));
    if ((f = container()).ok()) return f;
    if ((f = instance_metadata()).ok()) return f;
    throw runtime_error("no AWS credentials found (looked at AWS_ACCESS_KEY_ID, profile '" + c_.profile +
                        "' in the credentials and config files, web identity, container and instance metadata); "
                        "use --no-sign-request for public buckets");
  }

 private:
  // A profile's own credentials, in the CLI's order; depth guards role loops.
  Found profile(const std::string& name, int depth) {
    if (depth > 5) throw runtime_error("profile '" + name + "': source_profile chain too long (a loop?)");
    Found f;
    std::string role = ini_get(config_file_, name, "role_arn");
    if (role.empty()) role = ini_get(creds_file_, name, "role_arn");
    if (!role.empty()) {
      std::string token_file = ini_get(config_file_, name, "web_identity_token_file");
      if (!token_file.empty()) return web_identity(role, token_file, ini_get(config_file_, name, "role_session_name"));
      Found base;
      std::string source = ini_get(config_file_, name, "source_profile");
      if (source.empty()) source = ini_get(creds_file_, name, "source_profile");
      std::string cs = ini_get(config_file_, name, "credential_source");
      if (!source.empty()) {
        // The source profile's static keys (its own role_arn too, if any).
        base = source == name ? static_keys(name) : profile(source, depth + 1);
      } else if (cs == "Environment") {
        base.creds = {getenv_str("AWS_ACCESS_KEY_ID"), getenv_str("AWS_SECRET_ACCESS_KEY"), getenv_str("AWS_SESSION_TOKEN")};
      } else if (cs == "Ec2InstanceMetadata") {
        base = instance_metadata();
      } else if (cs == "EcsContainer") {
        base = container();
      } else {
        throw runtime_error("profile '" + name + "': role_arn needs source_profile or credential_source");
      }
      if (!base.ok()) throw runtime_error("profile '" + name + "': no credentials for its source to assume " + role);
      return assume_role(name, role, base.creds);
    }
    if ((f = static_keys_in(creds_file_, name)).ok()) return f;
    std::string process = ini_get(config_file_, name, "credential_process");
    if (process.empty()) process = ini_get(creds_file_, name, "credential_process");
    if (!process.empty()) return credential_process(name, process);
    return static_keys_in(config_file_, name);
  }

  Found static_keys(const std::string& name) {
    Found f = static_keys_in(creds_file_, name);
    return f.ok() ? f : static_keys_in(config_file_, name);
  }

  Found static_keys_in(const IniFile& file, const std::string& name) {
    Found f;
    f.creds = {ini_get(file, name, "aws_access_key_id"), ini_get(file, name, "aws_secret_access_key"),
               ini_get(file, name, "aws_session_token")};
    if (f.creds.secret_access_key.empty()) f.creds = Credentials();
    f.source = "profile '" + name + "'";
    return f;
  }

  std::string sts_endpoint() {
    for (const char* e : {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"})
      if (!getenv_str(e).empty()) return getenv_str(e);
    std::string p = ini_get(config_file_, c_.profile, "endpoint_url");
    if (!p.empty()) return p;
    return "https://sts." + c_.region + ".amazonaws.com";
  }

  // An STS query call; signs it when `creds` are given.
  Found sts(const std::vector<std::pair<std::string, std::string>>& params, const Credentials* creds,
            const std::string& what) {
    std::string endpoint = sts_endpoint();
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    std::string body = form_encode(params);
    SignedRequest sr;
    sr.method = "POST";
    sr.host = endpoint.substr(endpoint.find("://") + 3);
    sr.path = "/";
    sr.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    sr.payload_sha256 = sha256_hex(body);
    if (creds) sign(sr, *creds, c_.region, "sts", amz_date_now());
    http::Request req;
    req.method = "POST";
    req.url = endpoint + "/";
    req.headers = sr.headers;
    req.body = body;
    http::Response resp;
    std::string err;
    for (int attempt = 1; attempt <= 3; ++attempt) {
      err = http_.perform(req, resp);
      if (err.empty() && resp.status < 500) break;
    }
    if (!err.empty()) throw runtime_error(what + ": STS: " + err);
    if (resp.status != 200)
      throw runtime_error(what + ": STS: " + xml_find(resp.body, "Code") + ": " + xml_find(resp.body, "Message") +
                          " (HTTP " + std::to_string(resp.status) + ")");
    Found f;
    f.creds = {xml_find(resp.body, "AccessKeyId"), xml_find(resp.body, "SecretAccessKey"),
               xml_find(resp.body, "SessionToken")};
    f.expires = parse_expiration(xml_find(resp.body, "Expiration"));
    if (f.creds.access_key_id.empty()) throw runtime_error(what + ": STS answered without credentials");
    return f;
  }

  Found assume_role(const std::string& name, const std::string& role, const Credentials& base) {
    std::string session = ini_get(config_file_, name, "role_session_name");
    if (session.empty()) session = "jlkit-" + std::to_string(std::time(nullptr));
    std::vector<std::pair<std::string, std::string>> p = {
        {"Action", "AssumeRole"}, {"Version", "2011-06-15"}, {"RoleArn", role}, {"RoleSessionName", session}};
    std::string external = ini_get(config_file_, name, "external_id");
    if (!external.empty()) p.emplace_back("ExternalId", external);
    std::string duration = ini_get(config_file_, name, "duration_seconds");
    if (!duration.empty()) p.emplace_back("DurationSeconds", duration);
    Found f = sts(p, &base, "profile '" + name + "': AssumeRole " + role);
    f.source = "profile '" + name + "' (role " + role + ")";
    return f;
  }

  Found web_identity(const std::string& role, const std::string& token_file, std::string session) {
    if (session.empty()) session = "jlkit-" + std::to_string(std::time(nullptr));
    Found f = sts({{"Action", "AssumeRoleWithWebIdentity"}, {"Version", "2011-06-15"}, {"RoleArn", role},
                   {"RoleSessionName", session}, {"WebIdentityToken", read_text(token_file)}},
                  nullptr, "web identity " + role);
    f.source = "web identity (role " + role + ")";
    return f;
  }

  Found credential_process(const std::string& name, const std::string& command) {
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) throw runtime_error("profile '" + name + "': cannot run credential_process");
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int rc = ::pclose(p);
    if (rc != 0) throw runtime_error("profile '" + name + "': credential_process exited with status " + std::to_string(rc >> 8));
    Found f = from_json(out, "profile '" + name + "': credential_process");
    f.source = "profile '" + name + "' (credential_process)";
    return f;
  }

  Found container() {
    std::string url;
    if (!getenv_str("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").empty())
      url = "http://169.254.170.2" + getenv_str("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    else if (!getenv_str("AWS_CONTAINER_CREDENTIALS_FULL_URI").empty())
      url = getenv_str("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (url.empty()) return Found();
    http::Request req;
    req.url = url;
    std::string token = getenv_str("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    if (!getenv_str("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE").empty()) token = read_text(getenv_str("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
    if (!token.empty()) req.headers.emplace_back("Authorization", token);
    http::Response resp;
    std::string err = http_.perform(req, resp);
    if (!err.empty() || resp.status != 200)
      throw runtime_error("container credentials (" + url + "): " + (err.empty() ? "HTTP " + std::to_string(resp.status) : err));
    Found f = from_json(resp.body, "container credentials");
    f.source = "container credentials";
    return f;
  }

  // IMDSv2: a session token first, then the role name, then its credentials.
  Found instance_metadata() {
    if (getenv_str("AWS_EC2_METADATA_DISABLED") == "true") return Found();
    std::string base = getenv_str("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    if (base.empty()) base = "http://169.254.169.254";
    while (!base.empty() && base.back() == '/') base.pop_back();
    http::Client imds(http::ClientOptions{1000, 2, "", c_.verbose});
    http::Request req;
    req.method = "PUT";
    req.url = base + "/latest/api/token";
    req.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
    http::Response resp;
    std::string err = imds.perform(req, resp);
    if (!err.empty() || resp.status != 200) return Found();  // not on EC2 (or IMDS off)
    std::string token = resp.body;
    auto fetch = [&](const std::string& path) {
      http::Request g;
      g.url = base + path;
      g.headers = {{"X-aws-ec2-metadata-token", token}};
      http::Response r;
      std::string e = imds.perform(g, r);
      if (!e.empty() || r.status != 200)
        throw runtime_error("instance metadata " + path + ": " + (e.empty() ? "HTTP " + std::to_string(r.status) : e));
      return r.body;
    };
    std::string role = fetch("/latest/meta-data/iam/security-credentials/");
    role = role.substr(0, role.find('\n'));
    if (role.empty()) return Found();
    Found f = from_json(fetch("/latest/meta-data/iam/security-credentials/" + role), "instance metadata");
    f.source = "instance metadata (role " + role + ")";
    return f;
  }

  const AwsConfig& c_;
  http::Client http_;
  IniFile creds_file_, config_file_;
};

}  // namespace

CredentialProvider::CredentialProvider(AwsConfig config) : config_(std::move(config)) {}

void CredentialProvider::resolve() {
  Found f = Chain(config_).resolve();
  creds_ = f.creds;
  expires_ = f.expires;
  source_ = f.source;
  resolved_ = true;
}

Credentials CredentialProvider::get() {
  std::lock_guard<std::mutex> l(m_);
  if (config_.no_sign) return Credentials();
  if (!resolved_ || (expires_ && std::time(nullptr) + 300 >= expires_)) resolve();
  return creds_;
}

std::string CredentialProvider::source() {
  std::lock_guard<std::mutex> l(m_);
  return source_;
}

}  // namespace jlkit::aws
