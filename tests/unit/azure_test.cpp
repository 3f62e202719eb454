// Azure pieces that need no server: URL forms, connection strings, the
// SharedKey string to sign and signature (the expected signature computed
// with Python's hmac), credential precedence, ledger reading; and the URL,
// base64 and redaction helpers they use.
#include <gtest/gtest.h>

#include <cstdlib>

#include "azure/append.hpp"
#include "azure/blob.hpp"
#include "http/url.hpp"
#include "io/checksum.hpp"

using namespace jlkit::azure;

namespace {

const char* kDevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

TEST(AzureUrl, Forms) {
  BlobUrl a = parse_blob_url("az://acct/housing/dir/data.json");
  EXPECT_EQ(a.account, "acct");
  EXPECT_EQ(a.container, "housing");
  EXPECT_EQ(a.blob, "dir/data.json");
  EXPECT_EQ(a.endpoint, "");
  EXPECT_EQ(parse_blob_url("az://acct/c/a+b%20c").blob, "a+b%20c") << "az:// names the blob as it is";
  EXPECT_EQ(parse_blob_url("http://h:1/acct/c/a+b%20c").blob, "a+b c") << "an http path is %-encoded";

  BlobUrl h = parse_blob_url("https://acct.blob.core.windows.net/c/a%20b.json?sv=1&sig=abc");
  EXPECT_EQ(h.account, "acct");
  EXPECT_EQ(h.endpoint, "https://acct.blob.core.windows.net");
  EXPECT_EQ(h.blob, "a b.json");
  EXPECT_EQ(h.sas, "sv=1&sig=abc");
  EXPECT_EQ(h.shown, "https://acct.blob.core.windows.net/c/a%20b.json");

  BlobUrl e = parse_blob_url("http://127.0.0.1:10000/devstoreaccount1/c/x");
  EXPECT_EQ(e.account, "devstoreaccount1");
  EXPECT_EQ(e.endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_EQ(e.container, "c");
  EXPECT_EQ(e.blob, "x");

  for (const char* bad : {"s3://b/k", "az://acct", "az://acct/c", "az://acct/c/", "https://acct.blob.core.windows.net/c",
                          "http://127.0.0.1:10000/devstoreaccount1/c", "az://acct/c/x?sig=1"}) {
    try {
      parse_blob_url(bad);
      ADD_FAILURE() << bad;
    } catch (const jlkit::Error& err) {
      EXPECT_EQ(err.exit_code(), jlkit::kExitUsage) << bad;
    }
  }
}

// fuzz_url: "https://.blob.core.windows.net/c/b" gave a BlobUrl with an empty account.
TEST(AzureUrl, EmptyAccountIsRefused) {
  for (const char* bad : {"https://.blob.core.windows.net/c/b", "http://.blob./c/b", "https://.x/acct/c/b"}) {
    try {
      BlobUrl u = parse_blob_url(bad);
      ADD_FAILURE() << bad << " gave account '" << u.account << "'";
    } catch (const jlkit::Error& err) {
      EXPECT_EQ(err.exit_code(), jlkit::kExitUsage) << bad;
    }
  }
}

TEST(AzureConnectionString, Parts) {
  ConnectionString c = parse_connection_string(
      "DefaultEndpointsProtocol=http;AccountName=a1;AccountKey=S2V5;EndpointSuffix=core.chinacloudapi.cn;");
  EXPECT_EQ(c.account, "a1");
  EXPECT_EQ(c.key, "S2V5");
  EXPECT_EQ(c.protocol, "http");
  EXPECT_EQ(c.suffix, "core.chinacloudapi.cn");
  ConnectionString d = parse_connection_string("UseDevelopmentStorage=true");
  EXPECT_EQ(d.account, "devstoreaccount1");
  EXPECT_EQ(d.key, kDevKey);
  EXPECT_EQ(d.blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  ConnectionString s = parse_connection_string("BlobEndpoint=https://x.blob.core.windows.net/;SharedAccessSignature=?sv=1&sig=2");
  EXPECT_EQ(s.blob_endpoint, "https://x.blob.core.windows.net");
  EXPECT_EQ(s.sas, "sv=1&sig=2");
  EXPECT_THROW(parse_connection_string("AccountName"), jlkit::Error);
}

TEST(AzureSharedKey, StringToSignAndSignature) {
  jlkit::http::Headers h = {{"Content-Type", "application/octet-stream"},
                            {"x-ms-version", "2023-11-03"},
                            {"x-ms-date", "Sat, 21 Nov 2026 10:00:00 GMT"},
                            {"X-MS-Blob-Condition-Appendpos", "10"}};
  std::string s = string_to_sign("PUT", "devstoreaccount1", "/devstoreaccount1/c/a%20b/x.json", {{"comp", "appendblock"}}, h, 5);
  EXPECT_EQ(s,
            "PUT\n\n\n5\n\napplication/octet-stream\n\n\n\n\n\n\n"
            "x-ms-blob-condition-appendpos:10\nx-ms-date:Sat, 21 Nov 2026 10:00:00 GMT\nx-ms-version:2023-11-03\n"
            "/devstoreaccount1/devstoreaccount1/c/a%20b/x.json\ncomp:appendblock");
  std::string key;
  ASSERT_TRUE(jlkit::base64_decode(kDevKey, key));
  EXPECT_EQ(shared_key_authorization("devstoreaccount1", key, s),
            "SharedKey devstoreaccount1:2BWfKYzYQeVvHDDenLNg+pDJEVIAP1S+lGwuHabE2aI=");
  // No body: an empty Content-Length line; query names lowercased and sorted.
  std::string g = string_to_sign("GET", "a", "/c", {{"restype", "container"}, {"Comp", "list"}}, {}, 0);
  EXPECT_EQ(g, "GET\n\n\n\n\n\n\n\n\n\n\n\n/a/c\ncomp:list\nrestype:container");
}

class EnvGuard {
 public:
  EnvGuard() {
    for (const char* n : names_) unsetenv(n);
  }
  ~EnvGuard() {
    for (const char* n : names_) unsetenv(n);
  }

 private:
  const char* names_[4] = {"AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY",
                           "AZURE_STORAGE_SAS_TOKEN"};
};

TEST(AzureConfig, Precedence) {
  EnvGuard guard;
  AzureFlags f;
  EXPECT_THROW(resolve_config(parse_blob_url("az://acct/c/b"), f), jlkit::Error);

  setenv("AZURE_STORAGE_SAS_TOKEN", "?sv=1&sig=t", 1);
  AzureConfig c = resolve_config(parse_blob_url("az://acct/c/b"), f);
  EXPECT_EQ(c.sas, "sv=1&sig=t");
  EXPECT_EQ(c.endpoint, "https://acct.blob.core.windows.net");

  setenv("AZURE_STORAGE_KEY", "S2V5", 1);  // "Key"
  setenv("AZURE_STORAGE_ACCOUNT", "other", 1);
  EXPECT_THROW(resolve_config(parse_blob_url("az://acct/c/b"), f), jlkit::Error)
      << "neither the key nor the SAS of another account is used";
  setenv("AZURE_STORAGE_ACCOUNT", "acct", 1);
  c = resolve_config(parse_blob_url("az://acct/c/b"), f);
  EXPECT_EQ(c.key, "Key");
  EXPECT_TRUE(c.sas.empty());

  setenv("AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true", 1);
  c = resolve_config(parse_blob_url("az://devstoreaccount1/c/b"), f);
  EXPECT_EQ(c.source, "AZURE_STORAGE_CONNECTION_STRING");
  EXPECT_EQ(c.endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  f.endpoint_url = "http://127.0.0.1:5/devstoreaccount1/";
  c = resolve_config(parse_blob_url("az://devstoreaccount1/c/b"), f);
  EXPECT_EQ(c.endpoint, "http://127.0.0.1:5/devstoreaccount1");

  c = resolve_config(parse_blob_url("https://acct.blob.core.windows.net/c/b?sig=u"), f);
  EXPECT_EQ(c.sas, "sig=u") << "the URL's SAS comes first";
  EXPECT_EQ(c.endpoint, "https://acct.blob.core.windows.net") << "the URL's endpoint wins over --endpoint-url";

  // A connection string with only a SAS serves its endpoint's account only.
  setenv("AZURE_STORAGE_CONNECTION_STRING", "BlobEndpoint=https://acct.blob.core.windows.net;SharedAccessSignature=sig=v", 1);
  unsetenv("AZURE_STORAGE_KEY");
  unsetenv("AZURE_STORAGE_SAS_TOKEN");
  EXPECT_EQ(resolve_config(parse_blob_url("az://acct/c/b"), AzureFlags()).sas, "sig=v");
  EXPECT_THROW(resolve_config(parse_blob_url("az://else/c/b"), AzureFlags()), jlkit::Error);

  unsetenv("AZURE_STORAGE_CONNECTION_STRING");
  setenv("AZURE_STORAGE_KEY", "not base64!", 1);
  EXPECT_THROW(resolve_config(parse_blob_url("az://acct/c/b"), AzureFlags()), jlkit::Error);
}

TEST(AzureLedger, States) {
  const std::string blob = "az://a/c/data";
  auto scan = [&](const std::string& key, std::initializer_list<std::string> lines) {
    LedgerScan s(key, blob, "ledger");
    for (const auto& l : lines) s.line(l);
    return s.state();
  };
  std::string s1 = ledger_start_record("k1", blob, 0, "t");
  std::string d1 = ledger_done_record("k1", blob, 0, 10, "t");
  std::string s2 = ledger_start_record("k\"2", blob, 10, "t");
  s1.pop_back(), d1.pop_back(), s2.pop_back();  // lines without their newline
  EXPECT_EQ(d1, "{\"key\":\"k1\",\"event\":\"done\",\"url\":\"az://a/c/data\",\"offset\":0,\"bytes\":10,\"timestamp\":\"t\"}");

  LedgerState st = scan("k1", {s1, d1});
  EXPECT_TRUE(st.done);
  EXPECT_EQ(st.done_bytes, 10u);
  EXPECT_TRUE(st.other_key.empty());

  st = scan("k1", {s1});
  EXPECT_FALSE(st.done);
  EXPECT_TRUE(st.started);
  EXPECT_EQ(st.start_offset, 0u);

  st = scan("k3", {s1, d1, s2, ""});
  EXPECT_FALSE(st.started);
  EXPECT_EQ(st.other_key, "k\"2");
  EXPECT_EQ(st.other_offset, 10u);

  // A start into another blob does not block this one, but the key itself
  // must finish there first.
  std::string other = ledger_start_record("x", "az://a/c/other", 0, "t");
  other.pop_back();
  st = scan("k3", {other});
  EXPECT_TRUE(st.other_key.empty());
  st = scan("x", {other});
  EXPECT_EQ(st.elsewhere, "az://a/c/other");
  EXPECT_FALSE(st.started);

  st = scan("folder1/2017", {"{\"timestamp\": \"2017-03-20 10:00:00\", \"key\": \"folder1/2017\"}"});
  EXPECT_TRUE(st.done) << "a record without an event counts as done";

  EXPECT_THROW(scan("k", {"not json"}), jlkit::Error);
  EXPECT_THROW(scan("k", {"{\"event\":\"done\"}"}), jlkit::Error);
  EXPECT_THROW(scan("k", {"{\"key\":\"k\",\"event\":\"odd\"}"}), jlkit::Error);
}

TEST(Url, RedactAndEncode) {
  using jlkit::http::redact_url;
  EXPECT_EQ(redact_url("https://a/c/b?sv=1&sig=abc%2B&se=2"), "https://a/c/b?sv=1&sig=REDACTED&se=2");
  EXPECT_EQ(redact_url("https://a/k?X-Amz-Signature=ff&X-Amz-Credential=AK%2F1&x=1"),
            "https://a/k?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&x=1");
  EXPECT_EQ(redact_url("https://a/k"), "https://a/k");
}

// fuzz_url: "??&&" lost its last '&', so redacting twice changed the URL.
TEST(Url, RedactKeepsEmptyParameters) {
  using jlkit::http::redact_url;
  EXPECT_EQ(redact_url("??&&"), "??&&");
  EXPECT_EQ(redact_url("https://a/k?"), "https://a/k?");
  EXPECT_EQ(redact_url("https://a/k?sig=s&"), "https://a/k?sig=REDACTED&");
  EXPECT_EQ(redact_url("https://a/k?&&sig=s"), "https://a/k?&&sig=REDACTED");
}

TEST(Base64, RoundTrip) {
  for (std::string s : std::initializer_list<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    std::string back;
    ASSERT_TRUE(jlkit::base64_decode(jlkit::base64_encode(s), back)) << s;
    EXPECT_EQ(back, s);
  }
  std::string out;
  EXPECT_FALSE(jlkit::base64_decode("abc", out));
  EXPECT_FALSE(jlkit::base64_decode("ab!d", out));
}

}  // namespace
