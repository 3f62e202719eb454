#include "aws/put.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "cli/error.hpp"
#include "cli/progress.hpp"
#include "io/checksum.hpp"
#include "http/url.hpp"
#include "io/source.hpp"
#include "io/writer.hpp"
#include "json/text.hpp"

namespace jlkit::aws {

namespace {

// Fills `buf` with up to `size` bytes; fewer only at the end of input.
size_t fill(Source& src, std::string& buf, size_t size) {
  buf.resize(size);
  buf.resize(read_full(src, buf.data(), size));
  return buf.size();
}

class Upload {
 public:
  Upload(const PutOptions& o, const AwsConfig& config)
      : o_(o), url_(parse_s3_url(o.url)), creds_(std::make_shared<CredentialProvider>(config)), s3_(config, creds_),
        config_(config) {
    if (url_.key.empty() || url_.key.back() == '/') throw usage_error("s3put needs an object URL: s3://bucket/key");
    settings_ = object_settings(o, url_.key);
  }

  int run() {
    std::unique_ptr<Source> src;
    uint64_t base = o_.part_size, size = Progress::kUnknown;
    if (o_.input.empty()) {
      src = fd_source(STDIN_FILENO, "stdin", false);
      size = bytes_left(STDIN_FILENO);
    } else {
      int fd = ::open(o_.input.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) throw runtime_error(o_.input + ": " + std::strerror(errno));
      size = bytes_left(fd);
      // A known size lets the part size be chosen so 10,000 parts suffice.
      uint64_t need = size == Progress::kUnknown ? 0 : (size + kMaxParts - 1) / kMaxParts;
      if (!o_.gzip && need > base) base = (need + (1u << 20) - 1) & ~uint64_t{(1u << 20) - 1};
      src = fd_source(fd, o_.input, true);
    }
    Progress progress(o_.progress, Progress::Style::kTransfer, size);
    src = progress.counted(std::move(src));
    if (o_.gzip) src = gzip_encode(std::move(src), o_.input.empty() ? "stdin" : o_.input);

    // At most `concurrency` parts uploading, plus the one being read.
    PartPool pool(config_, creds_, o_.concurrency);
    ObjectUpload up(s3_, pool, url_, settings_);
    StoredObject stored;
    try {
      std::string buf;
      fill(*src, buf, part_size_for(base, 0));
      // One PutObject when it all fits in one part (known once the next read is empty).
      std::string next;
      if (buf.size() == part_size_for(base, 0)) fill(*src, next, part_size_for(base, 1));
      if (next.empty()) {
        stored = up.finish(std::move(buf));
      } else {
        up.add_part(std::move(buf));
        buf = std::move(next);
        while (buf.size() == part_size_for(base, up.parts())) {
          up.add_part(std::move(buf));
          buf = std::string();
          fill(*src, buf, part_size_for(base, up.parts()));
        }
        stored = up.finish(std::move(buf));  // the last, short (or empty) part
      }
    } catch (...) {
      up.abort();
      throw;
    }
    Writer out(STDOUT_FILENO, "stdout");
    std::string line = "{\"url\":";
    json::append_json_string(line, url_.str());
    line += ",\"size\":" + std::to_string(stored.size) + ",\"etag\":";
    json::append_json_string(line, stored.etag);
    line += ",\"parts\":" + std::to_string(stored.parts) + "}";
    out.write_line(line);
    out.flush();
    progress.finish();
    return kExitOk;
  }

 private:
  const PutOptions& o_;
  S3Url url_;
  std::shared_ptr<CredentialProvider> creds_;
  S3Client s3_;
  AwsConfig config_;
  ObjectSettings settings_;
};

}  // namespace

ObjectSettings object_settings(const PutOptions& o, const std::string& key) {
  if (o.checksum != "none" && !Checksum::make(o.checksum))
    throw usage_error("--checksum: expected crc32c, crc32, sha256, md5 or none, got '" + o.checksum + "'");
  ObjectSettings s;
  s.checksum = o.checksum;
  s.if_none_match = o.if_none_match;
  http::Headers& h = s.headers;
  h.emplace_back("Content-Type", o.content_type.empty() ? http::content_type_for(key) : o.content_type);
  if (!o.content_encoding.empty()) h.emplace_back("Content-Encoding", o.content_encoding);
  if (!o.cache_control.empty()) h.emplace_back("Cache-Control", o.cache_control);
  if (!o.storage_class.empty()) h.emplace_back("x-amz-storage-class", o.storage_class);
  if (!o.acl.empty()) h.emplace_back("x-amz-acl", o.acl);
  if (!o.sse.empty()) h.emplace_back("x-amz-server-side-encryption", o.sse);
  if (!o.sse_kms_key_id.empty()) h.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", o.sse_kms_key_id);
  for (auto& [k, v] : o.metadata) h.emplace_back("x-amz-meta-" + k, v);
  return s;
}

void check_put_options(const PutOptions& o) {
  if (o.concurrency < 1) throw usage_error("--concurrency: at least 1");
  if (o.part_size < (64u << 10)) throw usage_error("--part-size: at least 64K (S3 itself wants 5M)");
  if (o.part_size > kMaxPartSize) throw usage_error("--part-size: at most 5G (S3's largest part)");
}

int run_put(const PutOptions& o) {
  check_put_options(o);
  catch_interrupts();
  AwsConfig config = resolve_config(o.aws);
  return Upload(o, config).run();
}

}  // namespace jlkit::aws
