// AWS settings, resolved as the AWS CLI resolves them: flags, then the
// environment, then the profile in ~/.aws/config. Credentials: see
// aws/credentials.hpp.
#pragma once

#include <map>
#include <string>


namespace jlkit::aws {

// What the command line says (empty: not given).
struct AwsFlags {
  std::string region, endpoint_url, profile;
  bool no_sign_request = false;
  bool verbose = false;
  int attempts = 5;  // --retries
  int timeout_s = 60;  // --timeout: an attempt idle this long fails
};

struct AwsConfig {
  std::string profile;    // the profile in use ("default" when none is named)
  bool profile_explicit = false;
  std::string region;     // never empty (us-east-1 when nothing says otherwise)
  std::string endpoint;   // scheme://host[:port] of a custom endpoint, or ""
  std::string ca_bundle;
  bool no_sign = false;
  bool verbose = false;
  int attempts = 5;
  int timeout_s = 60;
};

using IniFile = std::map<std::string, std::map<std::string, std::string>>;
// Sections and key = value pairs; `[profile x]` in the config file is `x`.
IniFile read_ini(const std::string& path, bool config_file);

// A value of a section, or "".
std::string ini_get(const IniFile& f, const std::string& section, const char* key);

// The path of ~/.aws/NAME, or of the file the variable `env_name` names.
std::string aws_file(const char* env_name, const char* name);

// An environment variable, or "".
std::string getenv_str(const char* name);

AwsConfig resolve_config(const AwsFlags& flags);

}  // namespace jlkit::aws
