// The credential chain of the AWS CLI, as a provider that refreshes
// temporary credentials before they expire (shared by threads).
//
// Order, first found wins: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (unless
// --profile); the profile's role_arn (with source_profile or
// credential_source) through STS AssumeRole; web identity (AWS_ROLE_ARN +
// AWS_WEB_IDENTITY_TOKEN_FILE, or the profile's web_identity_token_file)
// through STS AssumeRoleWithWebIdentity; the profile's keys in the
// credentials file; its credential_process; its keys in the config file;
// container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI);
// EC2 instance metadata with IMDSv2 tokens.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "aws/config.hpp"
#include "aws/sigv4.hpp"

namespace jlkit::aws {

class CredentialProvider {
 public:
  explicit CredentialProvider(AwsConfig config);
  // Current credentials; temporary ones are renewed 5 minutes before they
  // expire. Throws a runtime error naming the places looked at when none.
  Credentials get();
  // Where the credentials came from ("environment", "profile dev (role ...)").
  std::string source();

 private:
  void resolve();
  AwsConfig config_;
  std::mutex m_;
  Credentials creds_;
  int64_t expires_ = 0;  // epoch seconds; 0: never
  bool resolved_ = false;
  std::string source_;
};

}  // namespace jlkit::aws
