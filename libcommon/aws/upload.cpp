#include "aws/upload.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>

#include "aws/xml.hpp"
#include "cli/error.hpp"
#include "io/checksum.hpp"
#include "json/text.hpp"
#include "json/timestamp.hpp"

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
  auto start = std::chrono::steady_clock::now();
  int attempts = 0;
  http::Response r = s3_.call("POST", url_.bucket, url_.key, {{"uploads", ""}}, h, url_.str() + ": CreateMultipartUpload",
                              {}, true, &attempts);
  upload_id_ = xml_find(r.body, "UploadId");
  if (upload_id_.empty()) throw runtime_error(url_.str() + ": CreateMultipartUpload answered without an UploadId");
  if (attempts > 1) abort_strays(std::chrono::steady_clock::now() - start);
}

// An earlier attempt of CreateMultipartUpload may have started an upload
// whose answer was lost. Such strays are the uploads of this key that S3
// started from `took` before ours up to ours (its clock on both ends, plus a
// second for its rounding); they are aborted so that none is left behind.
// Only another writer creating an upload of the same key in the same
// seconds could be mistaken for one, and two writers of one key race anyway.
void ObjectUpload::abort_strays(std::chrono::steady_clock::duration took) {
  try {
    http::Response r = s3_.call("GET", url_.bucket, "", {{"uploads", ""}, {"prefix", url_.key}}, {},
                                url_.str() + ": ListMultipartUploads", {}, true);
    struct Upload {
      std::string key, id, initiated;
    };
    std::vector<Upload> uploads;
    Upload u;
    xml_each(r.body, [&](const XmlEvent& e) {
      if (e.kind == XmlEvent::kEnd && e.name == "Upload") uploads.push_back(std::move(u)), u = Upload();
      else if (e.kind == XmlEvent::kLeaf && e.parent == "Upload" && e.name == "Key") u.key = *e.text;
      else if (e.kind == XmlEvent::kLeaf && e.parent == "Upload" && e.name == "UploadId") u.id = *e.text;
      else if (e.kind == XmlEvent::kLeaf && e.parent == "Upload" && e.name == "Initiated") u.initiated = *e.text;
    });
    int64_t ours = -1;
    for (const Upload& x : uploads)
      if (x.id == upload_id_ && !json::parse_iso8601(x.initiated, ours)) ours = -1;
    if (ours < 0) return;
    int64_t earliest = ours - std::chrono::duration_cast<std::chrono::seconds>(took).count() - 1;
    for (const Upload& x : uploads) {
      int64_t t;
      if (x.key != url_.key || x.id == upload_id_ || !json::parse_iso8601(x.initiated, t) || t < earliest || t > ours) continue;
      abort_upload(x.id);
    }
  } catch (const Error& e) {
    print_warning(std::string(e.what()) + "; an upload started by a lost CreateMultipartUpload may be left behind");
  }
}

void ObjectUpload::abort_upload(const std::string& id) {
  try {
    s3_.call("DELETE", url_.bucket, url_.key, {{"uploadId", id}}, {}, url_.str() + ": AbortMultipartUpload");
  } catch (const S3Error& e) {
    // A retried abort whose first answer was lost finds the upload gone.
    if (e.code() != "NoSuchUpload") print_warning(std::string(e.what()) + "; the upload " + id + " is left behind");
  } catch (const Error& e) {
    print_warning(std::string(e.what()) + "; the upload " + id + " is left behind");
  }
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
  http::Response r;
  try {
    r = s3_.call("POST", url_.bucket, url_.key, {{"uploadId", upload_id_}}, h, url_.str() + ": CompleteMultipartUpload",
                 body, true);
  } catch (const S3Error& e) {
    // A retry of a Complete whose answer was lost finds the upload gone:
    // the object is there if it has exactly these parts.
    if (e.code() != "NoSuchUpload") throw;
    std::string etag = completed_etag();
    if (etag.empty()) throw;
    return etag;
  }
  // S3 may answer 200 and put the error in the body.
  std::string code = xml_find(r.body, "Code");
  if (!code.empty()) throw runtime_error(url_.str() + ": CompleteMultipartUpload: " + code + ": " + xml_find(r.body, "Message"));
  return strip_quotes(xml_find(r.body, "ETag"));
}

// The object's ETag when it is the one these parts make: the MD5 of the
// parts' MD5s, a dash and their number, and the parts' total size.
std::string ObjectUpload::completed_etag() {
  std::string digests;
  for (uint64_t n = 1; n <= parts_; ++n) {
    const std::string& hex = uploaded_.at(n).etag;
    if (hex.size() != 32) return "";
    for (size_t i = 0; i < 32; i += 2) {
      uint32_t byte;
      if (!json::parse_hex(std::string_view(hex).substr(i, 2), byte)) return "";  // not an MD5: cannot tell
      digests += static_cast<char>(byte);
    }
  }
  auto md5 = Checksum::make("md5");
  md5->update(digests);
  std::string want = md5->hex() + "-" + std::to_string(parts_);
  http::Response head;
  try {
    head = s3_.call("HEAD", url_.bucket, url_.key, {}, {}, url_.str());
  } catch (const Error&) {
    return "";
  }
  const std::string* etag = head.header("etag");
  const std::string* length = head.header("content-length");
  if (!etag || strip_quotes(*etag) != want || !length || std::strtoull(length->c_str(), nullptr, 10) != size_) return "";
  return want;
}

void ObjectUpload::abort() {
  if (upload_id_.empty()) return;
  try {
    pool_.drain();  // no part of it may still be on its way
  } catch (const Error&) {
  }
  clear_interrupted();  // the abort request itself must not be cut short
  abort_upload(upload_id_);
  upload_id_.clear();
}

}  // namespace jlkit::aws
