// Fuzzes the XML reader S3, STS and Azure answers go through: a
// ListObjectsV2 page read by parse_list_page (as S3Client::list reads it), xml_find of the error fields, and Azure's
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ListPage page;
  (void)parse_list_page(in, page);
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
