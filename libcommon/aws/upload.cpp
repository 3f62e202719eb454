#include "aws/upload.hpp"

#include <algorithm>
#include <cctype>

#include "aws/xml.hpp"
#include "cli/error.hpp"
#include "io/checksum.hpp"

namespace jlkit::aws {

namespace {

std::string checksum_header(const std::string& algorithm) {
  return algorithm == "md5" ? "Content-MD5" : "x-amz-checksum-" + algorithm;
}

// "ChecksumCRC32C" etc. in CompleteMultipartUpload.
std::string checksum_element(const std::string& algorithm) {
  std::string up = algorithm;
  for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "Checksum" + up;
}

}  // namespace

uint64_t part_size_for(uint64_t base, uint64_t n) {
  uint64_t doublings = std::min<uint64_t>(n / 1000, 20);
  return std::min(base << doublings, kMaxPartSize);
}

PartPool::PartPool(const AwsConfig& config, std::shared_ptr<CredentialProvider> creds, int concurrency)
    : limit_(static_cast<size_t>(std::max(concurrency, 1))) {
  for (size_t t = 0; t < limit_; ++t) {
    workers_.emplace_back([this, config, creds] {
      S3Client s3(config, creds);
      for (;;) {
        std::function<void(S3Client&)> job;
        bool failed_before;
        {
          std::unique_lock<std::mutex> l(mu_);
          cv_.wait(l, [&] { return !queue_.empty() || stopping_; });
          if (queue_.empty()) return;
          job = std::move(queue_.front());
          queue_.pop_front();
          failed_before = !failure_.empty();
        }
        std::string failed;
        if (!failed_before) {  // after a failure, jobs are only counted out
          try {
            job(s3);
          } catch (const Error& e) {
            failed = e.what();
          } catch (const std::exception& e) {
            failed = e.what();
          }
        }
        std::lock_guard<std::mutex> l(mu_);
        if (!failed.empty() && failure_.empty()) failure_ = failed;
        --in_flight_;
        cv_.notify_all();
      }
    });
  }
}

PartPool::~PartPool() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& w : workers_) w.join();
}

void PartPool::check_failure() {
  if (!failure_.empty()) throw runtime_error(failure_);
  if (interrupted()) throw runtime_error("interrupted by signal " + std::to_string(interrupted()));
}

void PartPool::submit(std::function<void(S3Client&)> job) {
  std::unique_lock<std::mutex> l(mu_);
  cv_.wait(l, [&] { return in_flight_ < limit_ || !failure_.empty(); });
  check_failure();
  ++in_flight_;
  queue_.push_back(std::move(job));
  cv_.notify_all();
}

void PartPool::drain() {
  std::unique_lock<std::mutex> l(mu_);
  cv_.wait(l, [&] { return in_flight_ == 0; });
  check_failure();
}

std::string ObjectUpload::checksum_of(std::string_view data) const {
  if (settings_.checksum == "none") return "";
  auto c = Checksum::make(settings_.checksum);
  c->update(data);
  return c->base64();
}

void ObjectUpload::create() {
  http::Headers h = settings_.headers;
  if (settings_.checksum != "none" && settings_.checksum != "md5") h.emplace_back("x-amz-checksum-algorithm", settings_.checksum);
  http::Response r = s3_.call("POST", url_.bucket, url_.key, {{"uploads", ""}}, h, url_.str() + ": CreateMultipartUpload");
  upload_id_ = xml_find(r.body, "UploadId");
  if (upload_id_.empty()) throw runtime_error(url_.str() + ": CreateMultipartUpload answered without an UploadId");
}

void ObjectUpload::add_part(std::string data) {
  if (parts_ >= kMaxParts) throw runtime_error(url_.str() + ": more than 10,000 parts; use a larger --part-size");
  if (upload_id_.empty()) create();
  uint64_t number = ++parts_;
  size_ += data.size();
  pool_.submit([this, number, data = std::move(data)](S3Client& s3) {
    Part p;
    http::Headers h;
    p.checksum = checksum_of(data);
    if (!p.checksum.empty()) h.emplace_back(checksum_header(settings_.checksum), p.checksum);
    http::Response r = s3.call("PUT", url_.bucket, url_.key, {{"partNumber", std::to_string(number)}, {"uploadId", upload_id_}},
                               h, url_.str() + ": part " + std::to_string(number), data);
    p.etag = r.header("etag") ? strip_quotes(*r.header("etag")) : "";
    std::lock_guard<std::mutex> l(mu_);
    uploaded_[number] = std::move(p);
  });
}

StoredObject ObjectUpload::finish(std::string last) {
  StoredObject out;
  if (parts_ == 0) {
    http::Headers h = settings_.headers;
    if (settings_.if_none_match) h.emplace_back("If-None-Match", "*");
    std::string sum = checksum_of(last);
    if (!sum.empty()) h.emplace_back(checksum_header(settings_.checksum), sum);
    http::Response r = s3_.call("PUT", url_.bucket, url_.key, {}, h, url_.str(), last);
    out.etag = r.header("etag") ? strip_quotes(*r.header("etag")) : "";
    out.size = last.size();
    out.parts = 1;
    return out;
  }
  if (!last.empty()) add_part(std::move(last));
  pool_.drain();
  out.etag = complete();
  out.size = size_;
  out.parts = parts_;
  upload_id_.clear();
  return out;
}

std::string ObjectUpload::complete() {
  std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  const std::string element = checksum_element(settings_.checksum);
  for (uint64_t n = 1; n <= parts_; ++n) {
    const Part& p = uploaded_.at(n);
    body += "<Part><PartNumber>" + std::to_string(n) + "</PartNumber><ETag>\"" + p.etag + "\"</ETag>";
    if (!p.checksum.empty() && settings_.checksum != "md5") body += "<" + element + ">" + p.checksum + "</" + element + ">";
    body += "</Part>";
  }
  body += "</CompleteMultipartUpload>";
  http::Headers h = {{"Content-Type", "application/xml"}};
  if (settings_.if_none_match) h.emplace_back("If-None-Match", "*");
  http::Response r = s3_.call("POST", url_.bucket, url_.key, {{"uploadId", upload_id_}}, h,
                              url_.str() + ": CompleteMultipartUpload", body);
  // S3 may answer 200 and put the error in the body.
  std::string code = xml_find(r.body, "Code");
  if (!code.empty()) throw runtime_error(url_.str() + ": CompleteMultipartUpload: " + code + ": " + xml_find(r.body, "Message"));
  return strip_quotes(xml_find(r.body, "ETag"));
}

void ObjectUpload::abort() {
  if (upload_id_.empty()) return;
  try {
    pool_.drain();  // no part of it may still be on its way
  } catch (const Error&) {
  }
  clear_interrupted();  // the abort request itself must not be cut short
  try {
    s3_.call("DELETE", url_.bucket, url_.key, {{"uploadId", upload_id_}}, {}, url_.str() + ": AbortMultipartUpload");
  } catch (const Error& e) {
    print_warning(std::string(e.what()) + "; the upload " + upload_id_ + " is left behind");
  }
  upload_id_.clear();
}

}  // namespace jlkit::aws
