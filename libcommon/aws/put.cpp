#include "aws/put.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "io/checksum.hpp"
#include "aws/s3.hpp"
#include "aws/xml.hpp"
#include "cli/error.hpp"
#include "http/url.hpp"
#include "io/source.hpp"
#include "io/writer.hpp"
#include "json/text.hpp"

namespace jlkit::aws {

namespace {

constexpr uint64_t kMaxParts = 10000;
constexpr uint64_t kMaxPart = uint64_t{5} << 30;

// Fills `buf` with up to `size` bytes; fewer only at the end of input.
size_t fill(Source& src, std::string& buf, size_t size) {
  buf.resize(size);
  size_t got = 0;
  while (got < size) {
    size_t n = src.read(buf.data() + got, size - got);
    if (n == 0) break;
    got += n;
  }
  buf.resize(got);
  return got;
}

std::string checksum_header(const std::string& algorithm) {
  return algorithm == "md5" ? "Content-MD5" : "x-amz-checksum-" + algorithm;
}

// "ChecksumCRC32C" etc. in CompleteMultipartUpload.
std::string checksum_element(const std::string& algorithm) {
  std::string up = algorithm;
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "Checksum" + up;
}

struct UploadedPart {
  std::string etag, checksum;
};

}  // namespace

uint64_t part_size_for(uint64_t base, uint64_t n) {
  uint64_t doublings = std::min<uint64_t>(n / 1000, 20);
  return std::min(base << doublings, kMaxPart);
}

namespace {

class Upload {
 public:
  Upload(const PutOptions& o, const AwsConfig& config)
      : o_(o), url_(parse_s3_url(o.url)), creds_(std::make_shared<CredentialProvider>(config)), s3_(config, creds_),
        config_(config) {
    if (url_.key.empty() || url_.key.back() == '/') throw usage_error("s3put needs an object URL: s3://bucket/key");
    if (o.checksum != "none" && !Checksum::make(o.checksum))
      throw usage_error("--checksum: expected crc32c, crc32, sha256, md5 or none, got '" + o.checksum + "'");
  }

  int run() {
    std::unique_ptr<Source> src;
    uint64_t base = o_.part_size;
    if (o_.input.empty()) {
      src = fd_source(STDIN_FILENO, "stdin", false);
    } else {
      int fd = ::open(o_.input.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) throw runtime_error(o_.input + ": " + std::strerror(errno));
      struct stat st;
      // A known size lets the part size be chosen so 10,000 parts suffice.
      if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && !o_.gzip) {
        uint64_t need = (static_cast<uint64_t>(st.st_size) + kMaxParts - 1) / kMaxParts;
        if (need > base) base = (need + (1u << 20) - 1) & ~uint64_t{(1u << 20) - 1};
      }
      src = fd_source(fd, o_.input, true);
    }
    if (o_.gzip) src = gzip_encode(std::move(src), o_.input.empty() ? "stdin" : o_.input);

    std::string first;
    fill(*src, first, part_size_for(base, 0));
    std::string etag;
    uint64_t parts = 0, size = first.size();
    // One request when it all fits in one part (known once the next read is empty).
    std::string next;
    if (first.size() == part_size_for(base, 0)) fill(*src, next, part_size_for(base, 1));
    if (next.empty()) {
      etag = put_object(first);
      parts = 1;
    } else {
      upload_id_ = create();
      try {
        multipart(*src, std::move(first), std::move(next), base, size, parts);
        etag = complete(parts);
      } catch (...) {
        abort_upload();
        throw;
      }
    }
    Writer out(STDOUT_FILENO, "stdout");
    std::string line = "{\"url\":";
    json::append_json_string(line, url_.str());
    line += ",\"size\":" + std::to_string(size) + ",\"etag\":";
    json::append_json_string(line, etag);
    line += ",\"parts\":" + std::to_string(parts) + "}";
    out.write_line(line);
    out.flush();
    return kExitOk;
  }

 private:
  http::Headers object_headers() {
    http::Headers h;
    h.emplace_back("Content-Type", o_.content_type.empty() ? http::content_type_for(url_.key) : o_.content_type);
    if (!o_.content_encoding.empty()) h.emplace_back("Content-Encoding", o_.content_encoding);
    if (!o_.cache_control.empty()) h.emplace_back("Cache-Control", o_.cache_control);
    if (!o_.storage_class.empty()) h.emplace_back("x-amz-storage-class", o_.storage_class);
    if (!o_.acl.empty()) h.emplace_back("x-amz-acl", o_.acl);
    if (!o_.sse.empty()) h.emplace_back("x-amz-server-side-encryption", o_.sse);
    if (!o_.sse_kms_key_id.empty()) h.emplace_back("x-amz-server-side-encryption-aws-kms-key-id", o_.sse_kms_key_id);
    for (auto& [k, v] : o_.metadata) h.emplace_back("x-amz-meta-" + k, v);
    return h;
  }

  std::string checksum_of(std::string_view data) {
    if (o_.checksum == "none") return "";
    auto c = Checksum::make(o_.checksum);
    c->update(data);
    return c->base64();
  }

  std::string put_object(const std::string& body) {
    http::Headers h = object_headers();
    if (o_.if_none_match) h.emplace_back("If-None-Match", "*");
    std::string sum = checksum_of(body);
    if (!sum.empty()) h.emplace_back(checksum_header(o_.checksum), sum);
    http::Response r = s3_.call("PUT", url_.bucket, url_.key, {}, h, url_.str(), body);
    return r.header("etag") ? strip_quotes(*r.header("etag")) : "";
  }

  std::string create() {
    http::Headers h = object_headers();
    if (o_.checksum != "none" && o_.checksum != "md5") h.emplace_back("x-amz-checksum-algorithm", o_.checksum);
    http::Response r = s3_.call("POST", url_.bucket, url_.key, {{"uploads", ""}}, h, url_.str() + ": CreateMultipartUpload");
    std::string id = xml_find(r.body, "UploadId");
    if (id.empty()) throw runtime_error(url_.str() + ": CreateMultipartUpload answered without an UploadId");
    return id;
  }

  // Reads the rest of the input while up to `concurrency` parts upload.
  void multipart(Source& src, std::string first, std::string second, uint64_t base, uint64_t& size, uint64_t& parts) {
    std::mutex m;
    std::condition_variable cv;
    std::deque<std::pair<uint64_t, std::string>> queue;  // part number, bytes
    size_t in_flight = 0;
    bool done = false;
    std::string failure;
    std::vector<std::thread> workers;
    for (int t = 0; t < o_.concurrency; ++t) {
      workers.emplace_back([&, this] {
        S3Client s3(config_, creds_);
        for (;;) {
          std::pair<uint64_t, std::string> job;
          {
            std::unique_lock<std::mutex> l(m);
            cv.wait(l, [&] { return !queue.empty() || done || !failure.empty(); });
            if (!failure.empty() || queue.empty()) return;
            job = std::move(queue.front());
            queue.pop_front();
          }
          try {
            UploadedPart up = upload_part(s3, job.first, job.second);
            std::lock_guard<std::mutex> l(m);
            uploaded_[job.first] = up;
          } catch (const Error& e) {
            std::lock_guard<std::mutex> l(m);
            if (failure.empty()) failure = e.what();
          }
          std::lock_guard<std::mutex> l(m);
          --in_flight;
          cv.notify_all();
        }
      });
    }
    auto stop = [&] {
      {
        std::lock_guard<std::mutex> l(m);
        done = true;
      }
      cv.notify_all();
      for (auto& w : workers) w.join();
    };
    try {
      std::string buf = std::move(first);
      for (uint64_t n = 0;; ++n) {
        if (n >= kMaxParts) throw runtime_error(url_.str() + ": more than 10,000 parts; use a larger --part-size");
        {
          // At most `concurrency` parts waiting or uploading, plus the one being read.
          std::unique_lock<std::mutex> l(m);
          cv.wait(l, [&] { return in_flight < static_cast<size_t>(o_.concurrency) || !failure.empty(); });
          if (!failure.empty()) break;
          ++in_flight;
          queue.emplace_back(n + 1, std::move(buf));
        }
        cv.notify_all();
        parts = n + 1;
        uint64_t want = part_size_for(base, n + 1);
        if (n == 0) {
          buf = std::move(second);  // read ahead by run()
        } else {
          buf = std::string();
          fill(src, buf, want);
        }
        if (buf.empty()) break;
        size += buf.size();
        if (buf.size() < want) {  // the last, short part
          std::unique_lock<std::mutex> l(m);
          cv.wait(l, [&] { return in_flight < static_cast<size_t>(o_.concurrency) || !failure.empty(); });
          if (!failure.empty()) break;
          ++in_flight;
          queue.emplace_back(n + 2, std::move(buf));
          parts = n + 2;
          cv.notify_all();
          break;
        }
      }
    } catch (...) {
      {
        std::lock_guard<std::mutex> l(m);
        if (failure.empty()) failure = "input failed";
      }
      stop();
      throw;
    }
    {
      std::unique_lock<std::mutex> l(m);
      cv.wait(l, [&] { return in_flight == 0 || !failure.empty(); });
    }
    stop();
    if (!failure.empty()) throw runtime_error(failure);
    if (interrupted()) throw runtime_error(url_.str() + ": interrupted by signal " + std::to_string(interrupted()));
  }

  UploadedPart upload_part(S3Client& s3, uint64_t number, const std::string& data) {
    http::Headers h;
    UploadedPart up;
    up.checksum = checksum_of(data);
    if (!up.checksum.empty()) h.emplace_back(checksum_header(o_.checksum), up.checksum);
    http::Response r = s3.call("PUT", url_.bucket, url_.key, {{"partNumber", std::to_string(number)}, {"uploadId", upload_id_}},
                               h, url_.str() + ": part " + std::to_string(number), data);
    up.etag = r.header("etag") ? strip_quotes(*r.header("etag")) : "";
    return up;
  }

  std::string complete(uint64_t parts) {
    std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (uint64_t n = 1; n <= parts; ++n) {
      const UploadedPart& p = uploaded_.at(n);
      body += "<Part><PartNumber>" + std::to_string(n) + "</PartNumber><ETag>\"" + p.etag + "\"</ETag>";
      if (!p.checksum.empty() && o_.checksum != "md5")
        body += "<" + checksum_element(o_.checksum) + ">" + p.checksum + "</" + checksum_element(o_.checksum) + ">";
      body += "</Part>";
    }
    body += "</CompleteMultipartUpload>";
    http::Headers h = {{"Content-Type", "application/xml"}};
    if (o_.if_none_match) h.emplace_back("If-None-Match", "*");
    http::Response r = s3_.call("POST", url_.bucket, url_.key, {{"uploadId", upload_id_}}, h,
                                url_.str() + ": CompleteMultipartUpload", body);
    // S3 may answer 200 and put the error in the body.
    std::string code = xml_find(r.body, "Code");
    if (!code.empty()) throw runtime_error(url_.str() + ": CompleteMultipartUpload: " + code + ": " + xml_find(r.body, "Message"));
    return strip_quotes(xml_find(r.body, "ETag"));
  }

  void abort_upload() {
    if (upload_id_.empty()) return;
    clear_interrupted();  // the abort request itself must not be cut short
    try {
      s3_.call("DELETE", url_.bucket, url_.key, {{"uploadId", upload_id_}}, {}, url_.str() + ": AbortMultipartUpload");
    } catch (const Error& e) {
      print_warning(std::string(e.what()) + "; the upload " + upload_id_ + " is left behind");
    }
  }

  const PutOptions& o_;
  S3Url url_;
  std::shared_ptr<CredentialProvider> creds_;
  S3Client s3_;
  AwsConfig config_;
  std::string upload_id_;
  std::map<uint64_t, UploadedPart> uploaded_;
};

}  // namespace

int run_put(const PutOptions& o) {
  if (o.concurrency < 1) throw usage_error("--concurrency: at least 1");
  if (o.part_size < (64u << 10)) throw usage_error("--part-size: at least 64K (S3 itself wants 5M)");
  if (o.part_size > kMaxPart) throw usage_error("--part-size: at most 5G (S3's largest part)");
  catch_interrupts();
  AwsConfig config = resolve_config(o.aws);
  return Upload(o, config).run();
}

}  // namespace jlkit::aws
