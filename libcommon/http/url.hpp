// URL pieces every service client needs: percent-encoding both ways, and
// URLs made safe to print (no signatures or tokens in logs and messages).
#pragma once

#include <string>
#include <string_view>

namespace jlkit::http {

// RFC 3986 encoding: unreserved characters kept, the rest %XX (uppercase);
// '/' kept when `keep_slash` (object and blob paths).
std::string uri_encode(std::string_view s, bool keep_slash);

// %XX decoding, and '+' as a space when `plus_is_space` (form encoding, as
// in S3's encoding-type=url; not in URL paths).
std::string url_decode(std::string_view s, bool plus_is_space = true);

// `url` with the values of credential-bearing query parameters (a SAS
// signature, presigned-URL signatures and tokens) replaced by REDACTED.
std::string redact_url(std::string_view url);

// `s` with A-Z lowercased (header names, extensions, account names).
std::string ascii_lower(std::string_view s);

// The Content-Type for a name's extension (application/octet-stream if unknown).
std::string content_type_for(const std::string& name);

}  // namespace jlkit::http
