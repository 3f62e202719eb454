#include "http/url.hpp"

#include <cctype>
#include <cstdint>
#include <map>

#include "json/text.hpp"

namespace jlkit::http {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string uri_encode(std::string_view s, bool keep_slash) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

std::string url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    uint32_t v;
    if (s[i] == '%' && i + 2 < s.size() && json::parse_hex(s.substr(i + 1, 2), v)) {
      out += static_cast<char>(v);
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string redact_url(std::string_view url) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, q + 1));
  std::string_view rest = url.substr(q + 1);
  bool first = true;
  // Every '&' is kept, also before an empty parameter ("?a=1&"): only values change.
  for (bool more = true; more;) {
    size_t amp = rest.find('&');
    more = amp != std::string_view::npos;
    std::string_view param = rest.substr(0, amp);
    rest = more ? rest.substr(amp + 1) : std::string_view();
    size_t eq = param.find('=');
    std::string name = ascii_lower(url_decode(param.substr(0, eq)));
    bool secret = name == "sig" || name == "signature" || name == "x-amz-signature" || name == "x-amz-credential" ||
                  name == "x-amz-security-token";
    if (!first) out += '&';
    first = false;
    if (secret && eq != std::string_view::npos) out += std::string(param.substr(0, eq)) + "=REDACTED";
    else out += param;
  }
  return out;
}

std::string content_type_for(const std::string& key) {
  static const std::map<std::string, std::string> types = {
      {"json", "application/json"}, {"jsonl", "application/x-ndjson"}, {"ndjson", "application/x-ndjson"},
      {"csv", "text/csv"}, {"tsv", "text/tab-separated-values"}, {"txt", "text/plain"}, {"log", "text/plain"},
      {"md", "text/markdown"}, {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"},
      {"js", "text/javascript"}, {"xml", "application/xml"}, {"yaml", "application/yaml"}, {"yml", "application/yaml"},
      {"parquet", "application/vnd.apache.parquet"}, {"avro", "application/avro"}, {"orc", "application/octet-stream"},
      {"gz", "application/gzip"}, {"tgz", "application/gzip"}, {"bz2", "application/x-bzip2"}, {"xz", "application/x-xz"},
      {"zst", "application/zstd"}, {"zip", "application/zip"}, {"tar", "application/x-tar"}, {"7z", "application/x-7z-compressed"},
      {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"}, {"webp", "image/webp"},
      {"svg", "image/svg+xml"}, {"tif", "image/tiff"}, {"tiff", "image/tiff"}, {"bmp", "image/bmp"}, {"ico", "image/x-icon"},
      {"pdf", "application/pdf"}, {"doc", "application/msword"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xls", "application/vnd.ms-excel"}, {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"ppt", "application/vnd.ms-powerpoint"},
      {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"mp3", "audio/mpeg"}, {"wav", "audio/wav"}, {"mp4", "video/mp4"}, {"webm", "video/webm"}};
  size_t slash = key.rfind('/');
  std::string name = key.substr(slash == std::string::npos ? 0 : slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string::npos) return "application/octet-stream";
  std::string ext = ascii_lower(name.substr(dot + 1));
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace jlkit::http
