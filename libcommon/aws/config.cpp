#include "aws/config.hpp"

#include <cstdlib>
#include <fstream>

#include "cli/error.hpp"

namespace jlkit::aws {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string home_file(const char* env_name, const char* name) {
  std::string path = env(env_name);
  if (!path.empty()) return path;
  std::string home = env("HOME");
  return home.empty() ? "" : home + "/.aws/" + name;
}

const std::map<std::string, std::string>* section(const IniFile& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? nullptr : &it->second;
}

std::string get(const std::map<std::string, std::string>* s, const char* key) {
  if (!s) return "";
  auto it = s->find(key);
  return it == s->end() ? "" : it->second;
}

}  // namespace

IniFile read_ini(const std::string& path, bool config_file) {
  IniFile out;
  std::ifstream in(path);
  if (!in) return out;
  std::string line, current;
  std::string* last = nullptr;  // for indented continuation lines
  while (std::getline(in, line)) {
    std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      current = trim(t.substr(1, t.size() - 2));
      if (config_file && current.rfind("profile ", 0) == 0) current = trim(current.substr(8));
      out[current];
      last = nullptr;
      continue;
    }
    size_t eq = t.find('=');
    if (eq == std::string::npos) continue;
    if ((line[0] == ' ' || line[0] == '\t') && last) continue;  // nested (s3 = ...) settings: not used
    std::string key = trim(t.substr(0, eq)), value = trim(t.substr(eq + 1));
    last = &(out[current][key] = value);
  }
  return out;
}

AwsConfig resolve_config(const AwsFlags& flags) {
  AwsConfig c;
  c.profile_explicit = !flags.profile.empty();
  c.profile = !flags.profile.empty() ? flags.profile : !env("AWS_PROFILE").empty() ? env("AWS_PROFILE") : "default";
  IniFile config = read_ini(home_file("AWS_CONFIG_FILE", "config"), true);
  const auto* prof = section(config, c.profile);
  if (c.profile_explicit && !prof && !section(read_ini(home_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), false), c.profile))
    throw usage_error("the profile '" + c.profile + "' could not be found");
  c.region = flags.region;
  if (c.region.empty()) c.region = env("AWS_REGION");
  if (c.region.empty()) c.region = env("AWS_DEFAULT_REGION");
  if (c.region.empty()) c.region = get(prof, "region");
  if (c.region.empty()) c.region = "us-east-1";
  c.endpoint = flags.endpoint_url;
  if (c.endpoint.empty()) c.endpoint = env("AWS_ENDPOINT_URL_S3");
  if (c.endpoint.empty()) c.endpoint = env("AWS_ENDPOINT_URL");
  if (c.endpoint.empty()) c.endpoint = get(prof, "endpoint_url");
  while (!c.endpoint.empty() && c.endpoint.back() == '/') c.endpoint.pop_back();
  if (!c.endpoint.empty() && c.endpoint.rfind("http://", 0) != 0 && c.endpoint.rfind("https://", 0) != 0)
    throw usage_error("endpoint URL must start with http:// or https://: " + c.endpoint);
  c.ca_bundle = env("AWS_CA_BUNDLE");
  if (c.ca_bundle.empty()) c.ca_bundle = get(prof, "ca_bundle");
  c.no_sign = flags.no_sign_request;
  c.verbose = flags.verbose;
  c.attempts = flags.attempts;
  return c;
}

Credentials resolve_credentials(const AwsConfig& c) {
  Credentials cr;
  if (c.no_sign) return cr;
  if (!c.profile_explicit) {
    cr.access_key_id = env("AWS_ACCESS_KEY_ID");
    cr.secret_access_key = env("AWS_SECRET_ACCESS_KEY");
    cr.session_token = env("AWS_SESSION_TOKEN");
    if (!cr.access_key_id.empty() && !cr.secret_access_key.empty()) return cr;
  }
  std::string creds_path = home_file("AWS_SHARED_CREDENTIALS_FILE", "credentials");
  std::string config_path = home_file("AWS_CONFIG_FILE", "config");
  for (auto [path, is_config] : {std::pair{creds_path, false}, std::pair{config_path, true}}) {
    IniFile f = read_ini(path, is_config);
    const auto* s = section(f, c.profile);
    cr.access_key_id = get(s, "aws_access_key_id");
    cr.secret_access_key = get(s, "aws_secret_access_key");
    cr.session_token = get(s, "aws_session_token");
    if (!cr.access_key_id.empty() && !cr.secret_access_key.empty()) return cr;
  }
  throw runtime_error("no AWS credentials found (looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile '" +
                      c.profile + "' in " + creds_path + " and " + config_path +
                      "); use --no-sign-request for public buckets");
}

}  // namespace jlkit::aws
