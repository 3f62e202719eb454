// Fuzzes the XML reader S3, STS and Azure answers go through: xml_each with
// the callback of a ListObjectsV2 page (as S3Client::list reads it, with the
// url-encoded keys decoded), xml_find of the error fields, and Azure's
// error_code. Also checks that any bytes, written as escaped XML text,
// are read back by xml_find exactly.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "aws/s3.hpp"
#include "aws/xml.hpp"
#include "azure/blob.hpp"
#include "http/url.hpp"

using namespace jlkit;
using namespace jlkit::aws;

namespace {

// Text escaped for XML: the five entities, every other byte as it is.
std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

void list_page(std::string_view xml) {
  ListPage page;
  S3Object obj;
  bool encoded = false;
  bool ok = xml_each(xml, [&](const XmlEvent& e) {
    if (e.kind == XmlEvent::kEnd) {
      if (e.text) std::abort();
      if (e.name == "Contents") page.objects.push_back(std::move(obj)), obj = S3Object();
      return;
    }
    if (!e.text) std::abort();
    const std::string& t = *e.text;
    if (e.parent == "Contents") {
      if (e.name == "Key") obj.key = t;
      else if (e.name == "Size") obj.size = std::strtoull(t.c_str(), nullptr, 10);
      else if (e.name == "LastModified") obj.last_modified = t;
      else if (e.name == "ETag") obj.etag = strip_quotes(t);
      else if (e.name == "StorageClass") obj.storage_class = t;
    } else if (e.parent == "CommonPrefixes" && e.name == "Prefix") {
      page.prefixes.push_back(t);
    } else if (e.name == "IsTruncated") {
      page.truncated = t == "true";
    } else if (e.name == "NextContinuationToken") {
      page.next_token = t;
    } else if (e.name == "EncodingType") {
      encoded = t == "url";
    }
  });
  if (ok && encoded) {
    for (auto& o : page.objects) o.key = http::url_decode(o.key);
    for (auto& p : page.prefixes) p = http::url_decode(p);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  list_page(in);
  (void)xml_find(in, "Code");
  (void)xml_find(in, "Message");
  (void)xml_root_name(in);
  http::Response resp;
  resp.status = 403;
  resp.body = std::string(in);
  (void)azure::error_code(resp);

  std::string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + escape(in) +
                    "</Code><Message>m</Message></Error>";
  std::string code = xml_find(doc, "Code");
  if (code != in) {
    std::fprintf(stderr, "escaped text read back as %zu bytes, not %zu\n", code.size(), in.size());
    std::abort();
  }
  return 0;
}
