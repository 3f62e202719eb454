#include "aws/config.hpp"

#include <cstdlib>
#include <fstream>

#include "cli/error.hpp"

namespace jlkit::aws {

namespace {

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
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

std::string getenv_str(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string aws_file(const char* env_name, const char* name) {
  std::string path = getenv_str(env_name);
  if (!path.empty()) return path;
  std::string home = getenv_str("HOME");
  return home.empty() ? "" : home + "/.aws/" + name;
}

std::string ini_get(const IniFile& f, const std::string& name, const char* key) { return get(section(f, name), key); }

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
  c.profile = !flags.profile.empty() ? flags.profile : !getenv_str("AWS_PROFILE").empty() ? getenv_str("AWS_PROFILE") : "default";
  IniFile config = read_ini(aws_file("AWS_CONFIG_FILE", "config"), true);
  const auto* prof = section(config, c.profile);
  if (c.profile_explicit && !prof && !section(read_ini(aws_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), false), c.profile))
    throw usage_error("the profile '" + c.profile + "' could not be found");
  c.region = flags.region;
  if (c.region.empty()) c.region = getenv_str("AWS_REGION");
  if (c.region.empty()) c.region = getenv_str("AWS_DEFAULT_REGION");
  if (c.region.empty()) c.region = get(prof, "region");
  if (c.region.empty()) c.region = "us-east-1";
  c.endpoint = flags.endpoint_url;
  if (c.endpoint.empty()) c.endpoint = getenv_str("AWS_ENDPOINT_URL_S3");
  if (c.endpoint.empty()) c.endpoint = getenv_str("AWS_ENDPOINT_URL");
  if (c.endpoint.empty()) c.endpoint = get(prof, "endpoint_url");
  while (!c.endpoint.empty() && c.endpoint.back() == '/') c.endpoint.pop_back();
  if (!c.endpoint.empty() && c.endpoint.rfind("http://", 0) != 0 && c.endpoint.rfind("https://", 0) != 0)
    throw usage_error("endpoint URL must start with http:// or https://: " + c.endpoint);
  c.ca_bundle = getenv_str("AWS_CA_BUNDLE");
  if (c.ca_bundle.empty()) c.ca_bundle = get(prof, "ca_bundle");
  c.no_sign = flags.no_sign_request;
  c.verbose = flags.verbose;
  c.attempts = flags.attempts;
  c.timeout_s = flags.timeout_s;
  return c;
}

}  // namespace jlkit::aws
