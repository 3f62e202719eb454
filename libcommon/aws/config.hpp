// AWS settings and credentials, resolved as the AWS CLI resolves them.
// Settings: flags, then environment, then the profile in ~/.aws/config.
// Credentials, first found wins: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
// (unless --profile was given); the profile's keys in ~/.aws/credentials,
// then in ~/.aws/config. (Roles, web identity, credential_process,
// container and instance metadata are still to come.)
#pragma once

#include <map>
#include <string>

#include "aws/sigv4.hpp"

namespace jlkit::aws {

// What the command line says (empty: not given).
struct AwsFlags {
  std::string region, endpoint_url, profile;
  bool no_sign_request = false;
  bool verbose = false;
  int attempts = 5;  // --retries
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
};

using IniFile = std::map<std::string, std::map<std::string, std::string>>;
// Sections and key = value pairs; `[profile x]` in the config file is `x`.
IniFile read_ini(const std::string& path, bool config_file);

AwsConfig resolve_config(const AwsFlags& flags);

// Finds credentials for a config; throws a runtime error naming every place
// it looked when there are none.
Credentials resolve_credentials(const AwsConfig& config);

}  // namespace jlkit::aws
