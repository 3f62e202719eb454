// SigV4 against the worked examples of the Amazon S3 documentation
// ("Signature Calculations for the Authorization Header: Transferring
// Payload in a Single Chunk"), keys AKIAIOSFODNN7EXAMPLE /
// wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, 2013-05-24, us-east-1.
#include <gtest/gtest.h>

#include <algorithm>

#include "aws/sigv4.hpp"
#include "http/url.hpp"
#include "cli/error.hpp"

using namespace jlkit::aws;

namespace {

const Credentials kDocs{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const char* kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string authorization(SignedRequest r, std::string* canonical = nullptr) {
  sign(r, kDocs, "us-east-1", "s3", "20130524T000000Z", canonical);
  for (auto& [k, v] : r.headers)
    if (k == "authorization") return v;
  return "";
}

}  // namespace

TEST(SigV4, GetObjectWithRange) {
  SignedRequest r;
  r.method = "GET";
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = "/test.txt";
  r.headers = {{"Range", "bytes=0-9"}};
  r.payload_sha256 = kEmptySha;
  std::string canonical;
  EXPECT_EQ(authorization(r, &canonical),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(canonical,
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4, GetBucketLifecycle) {
  SignedRequest r;
  r.method = "GET";
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = "/";
  r.query = {{"lifecycle", ""}};
  r.payload_sha256 = kEmptySha;
  EXPECT_EQ(authorization(r),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
            "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, ListObjects) {
  SignedRequest r;
  r.method = "GET";
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = "/";
  r.query = {{"prefix", "J"}, {"max-keys", "2"}};  // signed sorted
  r.payload_sha256 = kEmptySha;
  EXPECT_EQ(authorization(r),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
            "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  EXPECT_EQ(canonical_query(r), "max-keys=2&prefix=J");
}

TEST(SigV4, PutObjectWithPayloadHash) {
  // PUT /test$file.text with "Welcome to Amazon S3." and x-amz-storage-class.
  SignedRequest r;
  r.method = "PUT";
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = "/" + jlkit::http::uri_encode("test$file.text", true);
  r.headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}};
  r.payload_sha256 = sha256_hex("Welcome to Amazon S3.");
  EXPECT_EQ(r.payload_sha256, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  EXPECT_EQ(authorization(r),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
            "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4, UriEncoding) {
  EXPECT_EQ(jlkit::http::uri_encode("a b+c%d/é~._-", true), "a%20b%2Bc%25d/%C3%A9~._-");
  EXPECT_EQ(jlkit::http::uri_encode("a/b", false), "a%2Fb");
}

#include "io/checksum.hpp"

// CRC-32C over longer data in odd pieces (the build may use ISA-L's
// hardware version) against a bit-at-a-time reference.
TEST(Checksum, Crc32cMatchesBitwiseReference) {
  std::string data(100003, '\0');
  uint32_t x = 12345;
  for (char& c : data) c = static_cast<char>((x = x * 1103515245 + 12345) >> 16);
  uint32_t ref = ~0u;
  for (unsigned char b : data) {
    ref ^= b;
    for (int k = 0; k < 8; ++k) ref = (ref >> 1) ^ (0x82F63B78u & (0u - (ref & 1)));
  }
  ref = ~ref;
  uint32_t crc = 0;
  for (size_t at = 0, n = 1; at < data.size(); at += n, n = n * 3 + 1)
    crc = jlkit::crc32c(crc, data.data() + at, std::min(n, data.size() - at));
  EXPECT_EQ(crc, ref);
}

TEST(Checksum, KnownValues) {
  using jlkit::Checksum;
  using jlkit::crc32c;
  // The standard check values over "123456789", and S3's base64 form.
  EXPECT_EQ(crc32c(0, "123456789", 9), 0xE3069283u);
  auto c = Checksum::make("crc32c");
  c->update("1234");
  c->update("56789");
  EXPECT_EQ(c->hex(), "e3069283");
  auto z = Checksum::make("crc32");
  z->update("123456789");
  EXPECT_EQ(z->hex(), "cbf43926");
  auto s = Checksum::make("sha256");
  s->update("hello world\n");
  EXPECT_EQ(s->base64(), "qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A+4XSmaGSpEc=");
  auto m = Checksum::make("md5");
  m->update("");
  EXPECT_EQ(m->hex(), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Checksum::make("crc64nvme"), nullptr);
}

#include <cstdlib>

#include "aws/s3.hpp"

TEST(S3Addressing, VirtualHostedOnAwsPathStyleElsewhere) {
  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  AwsConfig c;
  c.region = "eu-west-1";
  c.no_sign = true;
  S3Client aws(c);
  EXPECT_EQ(aws.url_for("my-bucket", "a b/c+d.json"), "https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b/c%2Bd.json");
  // Names that cannot be a host name go in the path.
  EXPECT_EQ(aws.url_for("My.Bucket", "k"), "https://s3.eu-west-1.amazonaws.com/My.Bucket/k");
  c.endpoint = "http://127.0.0.1:9000";
  S3Client local(c);
  EXPECT_EQ(local.url_for("my-bucket", "k/é"), "http://127.0.0.1:9000/my-bucket/k/%C3%A9");
  EXPECT_EQ(local.url_for("my-bucket", ""), "http://127.0.0.1:9000/my-bucket/");
}

TEST(S3Addressing, Urls) {
  EXPECT_EQ(parse_s3_url("s3://b/k/x y").key, "k/x y");
  EXPECT_EQ(parse_s3_url("s3a://b").bucket, "b");
  EXPECT_EQ(parse_s3_url("s3n://b/").key, "");
  EXPECT_THROW(parse_s3_url("gs://b/k"), jlkit::Error);
  EXPECT_THROW(parse_s3_url("s3:///k"), jlkit::Error);
  EXPECT_EQ(jlkit::http::url_decode("a%20b+c%2Bd%zz"), "a b c+d%zz");
}

#include "aws/put.hpp"

TEST(S3Put, PartSizeGrowsToReachTheObjectLimit) {
  const uint64_t M = 1 << 20;
  EXPECT_EQ(part_size_for(8 * M, 0), 8 * M);
  EXPECT_EQ(part_size_for(8 * M, 999), 8 * M);
  EXPECT_EQ(part_size_for(8 * M, 1000), 16 * M);
  EXPECT_EQ(part_size_for(8 * M, 9999), 4096 * M);
  uint64_t total = 0;
  for (uint64_t n = 0; n < 10000; ++n) total += part_size_for(8 * M, n);
  EXPECT_GE(total, uint64_t{5} << 40);  // S3's largest object, within 10,000 parts
  EXPECT_EQ(part_size_for(1024 * M, 9999), uint64_t{5} << 30);  // never above 5 GiB
}

TEST(S3Put, ContentTypes) {
  EXPECT_EQ(jlkit::http::content_type_for("a/b/report.CSV"), "text/csv");
  EXPECT_EQ(jlkit::http::content_type_for("x.jsonl.gz"), "application/gzip");
  EXPECT_EQ(jlkit::http::content_type_for("dir.v2/noext"), "application/octet-stream");
  EXPECT_EQ(jlkit::http::content_type_for("img.jpeg"), "image/jpeg");
}

// The XML reader (S3, STS and Azure answers): what it reads, and that a
// DOCTYPE with entities is refused, never expanded and never mistaken for
// elements.
#include "aws/xml.hpp"

namespace {

// Every leaf as "parent/name=text", and the ends of elements with children as "/name".
std::string xml_events(std::string_view doc, bool* ok = nullptr) {
  std::string out;
  bool good = xml_each(doc, [&](const XmlEvent& e) {
    if (e.kind == XmlEvent::kEnd) out += "/" + std::string(e.name) + ";";
    else out += std::string(e.parent) + "/" + std::string(e.name) + "=" + *e.text + ";";
  });
  if (ok) *ok = good;
  return out;
}

}  // namespace

TEST(Xml, ReadsWhatS3Sends) {
  bool ok = false;
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Name>b</Name><Contents><Key>a&amp;b &lt;&#x41;&#66;&gt;</Key><ETag>&quot;x&quot;</ETag><Owner/></Contents>"
      "</ListBucketResult>";
  EXPECT_EQ(xml_events(doc, &ok), "ListBucketResult/Name=b;Contents/Key=a&b <AB>;Contents/ETag=\"x\";Contents/Owner=;"
                                  "/Contents;/ListBucketResult;");
  EXPECT_TRUE(ok);
  EXPECT_EQ(xml_find(doc, "Key"), "a&b <AB>");
  // Comments and CDATA inside text; a '>' inside an attribute value; namespace prefixes.
  EXPECT_EQ(xml_events("<e:Error a='1>2'><Code>x<!-- a <b> -->y<![CDATA[<&z>]]></Code></e:Error >", &ok),
            "Error/Code=xy<&z>;/Error;");
  EXPECT_TRUE(ok);
  EXPECT_EQ(xml_find("<Error><Code>SlowDown</Code><Message>m</Message></Error>", "Message"), "m");
}

TEST(Xml, MalformedIsRefused) {
  for (const char* doc : {"<a><b>x</a>", "<a>", "<a>x &unknown; y</a>", "<a>&amp</a>", "<a>&#0;</a>", "<a>&#xD800;</a>",
                          "<a>&#x100000041;</a>", "<a>&#4294967361;</a>", "<a>&#x;</a>", "<a><!-- x</a>",
                          "<a><![CDATA[x</a>", "<a><?pi x</a>", "<a b='>", "<>x</>"}) {
    bool ok = true;
    xml_events(doc, &ok);
    EXPECT_FALSE(ok) << doc;
    EXPECT_EQ(xml_find(doc, "a"), "") << doc;
  }
}

TEST(Xml, InternalEntityIsNotExpanded) {
  const char* doc = "<?xml version=\"1.0\"?><!DOCTYPE Error [<!ENTITY e \"boom\">]><Error><Code>&e;</Code></Error>";
  bool ok = true;
  std::string events = xml_events(doc, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(events.find("boom"), std::string::npos) << events;
  EXPECT_EQ(xml_find(doc, "Code"), "");
}

TEST(Xml, ExternalEntityIsNotFetched) {
  for (const char* doc :
       {"<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><r><Key>&e;</Key></r>",
        "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r><Key>k</Key></r>",
        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]><r><Key>&e;</Key></r>"}) {
    bool ok = true;
    std::string events = xml_events(doc, &ok);
    EXPECT_FALSE(ok) << doc;
    EXPECT_EQ(events, "") << doc;
    EXPECT_EQ(events.find("root:"), std::string::npos);
    EXPECT_EQ(xml_find(doc, "Key"), "") << doc;
  }
}

TEST(Xml, BillionLaughsIsNotExpanded) {
  std::string doc = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">";
  for (int i = 2; i <= 9; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) doc += "&lol" + std::to_string(i - 1) + ";";
    doc += "\">";
  }
  doc += "]><lolz><Key>&lol9;</Key></lolz>";
  bool ok = true;
  std::string events = xml_events(doc, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(events, "");
  EXPECT_EQ(xml_find(doc, "Key"), "");
}

TEST(Xml, DtdTextIsNeverTakenForElements) {
  // The internal subset holds '>' and text that looks like elements: a
  // reader that skipped to the first '>' would see <Code>Injected</Code>,
  // <Key> and <IsTruncated> here.
  const char* docs[] = {
      "<!DOCTYPE Error [<!ENTITY e \"a>b<Code>Injected</Code>\">]><Error><Code>AccessDenied</Code></Error>",
      "<!DOCTYPE x [<!ENTITY e \"x>y<ListBucketResult><Contents><Key>evil</Key></Contents></ListBucketResult>\">]>"
      "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>",
      "<!DOCTYPE x [<!ELEMENT Code (#PCDATA)><!ATTLIST Code a CDATA \"<Code>Injected</Code>\">]><Error/>",
      "<ListBucketResult><!DOCTYPE x [<!ENTITY e \"a>b<Key>evil</Key>\">]></ListBucketResult>",
      "<!doctype x><Error><Code>AccessDenied</Code></Error>",
  };
  for (const char* doc : docs) {
    bool ok = true;
    std::string events = xml_events(doc, &ok);
    EXPECT_FALSE(ok) << doc;
    EXPECT_EQ(events.find("Injected"), std::string::npos) << events;
    EXPECT_EQ(events.find("evil"), std::string::npos) << events;
    EXPECT_EQ(xml_find(doc, "Code"), "") << doc;
    EXPECT_EQ(xml_find(doc, "Key"), "") << doc;
  }
}

TEST(S3Addressing, PresignedUrlNotEchoed) {
  // A presigned https URL is not an S3 URL; the message must not repeat its signature or token.
  try {
    parse_s3_url("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAX%2F20240101%2Fus-east-1"
                 "%2Fs3%2Faws4_request&X-Amz-Security-Token=TOKENVALUE&X-Amz-Signature=0123456789abcdef");
    FAIL() << "accepted";
  } catch (const jlkit::Error& e) {
    std::string m = e.what();
    EXPECT_EQ(m.find("0123456789abcdef"), std::string::npos) << m;
    EXPECT_EQ(m.find("TOKENVALUE"), std::string::npos) << m;
    EXPECT_EQ(m.find("AKIAX"), std::string::npos) << m;
    EXPECT_NE(m.find("https://b.s3.amazonaws.com/k"), std::string::npos) << m;
  }
  EXPECT_EQ(jlkit::http::redact_url("https://h/p?a=1&X-Amz-Signature=abc&%73ig=def&x-amz-security-token=t&Signature=v2"),
            "https://h/p?a=1&X-Amz-Signature=REDACTED&%73ig=REDACTED&x-amz-security-token=REDACTED&Signature=REDACTED");
}

#include "aws/ls.hpp"

// fuzz_url: "9999999999999999w" multiplied past int64 (undefined behaviour);
// an age too large for the clock is before any time.
TEST(S3Ls, HugeAgeIsBeforeAnyTime) {
  using jlkit::aws::parse_time_bound;
  const int64_t now = 1714564800;
  EXPECT_EQ(parse_time_bound("9999999999999999w", now, "--since"), INT64_MIN);
  EXPECT_EQ(parse_time_bound("99999999999999999999999s", now, "--since"), INT64_MIN);
  EXPECT_EQ(parse_time_bound("9223372036854775807s", -10, "--since"), INT64_MIN);
  EXPECT_EQ(parse_time_bound("2w", now, "--since"), now - 2 * 604800);
  EXPECT_EQ(parse_time_bound("0s", now, "--since"), now);
  EXPECT_THROW(parse_time_bound("-1s", now, "--since"), jlkit::Error);
}
