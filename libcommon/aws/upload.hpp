// Writing S3 objects part by part: a pool of threads uploading parts with at
// most `concurrency` in flight (so memory is bounded by the parts held), and
// one object's upload: a single PutObject when it fits in one part, else a
// multipart upload that appears only when completed and is aborted on failure.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aws/s3.hpp"

namespace jlkit::aws {

constexpr uint64_t kMaxParts = 10000;
constexpr uint64_t kMaxPartSize = uint64_t{5} << 30;
constexpr uint64_t kMinPartSize = uint64_t{5} << 20;  // all parts but the last, on S3

// The size of part `n` (0-based) when parts start at `base`: doubled every
// 1,000 parts (capped at S3's 5 GiB), so 10,000 parts reach S3's 5 TiB
// object limit from an 8 MiB start.
uint64_t part_size_for(uint64_t base, uint64_t n);

class PartPool {
 public:
  PartPool(const AwsConfig& config, std::shared_ptr<CredentialProvider> creds, int concurrency);
  ~PartPool();
  PartPool(const PartPool&) = delete;
  PartPool& operator=(const PartPool&) = delete;
  // Runs `job` on a worker once fewer than `concurrency` jobs are in
  // flight; throws the first failure of any job instead.
  void submit(std::function<void(S3Client&)> job);
  // Waits until no job is in flight; throws the first failure.
  void drain();

 private:
  void check_failure();  // with mu_ held
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void(S3Client&)>> queue_;
  size_t in_flight_ = 0, limit_;
  bool stopping_ = false;
  std::string failure_;
  std::vector<std::thread> workers_;
};

// What an object is stored with.
struct ObjectSettings {
  http::Headers headers;             // Content-Type, metadata, SSE, ...
  std::string checksum = "crc32c";   // crc32c | crc32 | sha256 | md5 | none
  bool if_none_match = false;        // never replace an existing object
};

struct StoredObject {
  std::string etag;
  uint64_t size = 0, parts = 0;
};

class ObjectUpload {
 public:
  ObjectUpload(S3Client& s3, PartPool& pool, S3Url url, const ObjectSettings& settings)
      : s3_(s3), pool_(pool), url_(std::move(url)), settings_(settings) {}
  // Queues a part (all but the last at least 5 MiB on S3).
  void add_part(std::string data);
  // Stores the object: `last` as its only content with PutObject when no
  // part was added, else as the last part (when not empty) of the
  // multipart upload, which is then completed.
  StoredObject finish(std::string last);
  // Gives up a multipart upload (no object appears); never throws.
  void abort();
  uint64_t parts() const { return parts_; }
  uint64_t size() const { return size_; }
  const S3Url& url() const { return url_; }

 private:
  struct Part {
    std::string etag, checksum;
  };
  std::string checksum_of(std::string_view data) const;
  void create();
  void abort_strays(std::chrono::steady_clock::duration took);
  void abort_upload(const std::string& id);  // never throws
  std::string complete();
  std::string completed_etag();

  S3Client& s3_;
  PartPool& pool_;
  S3Url url_;
  const ObjectSettings& settings_;
  std::string upload_id_;
  uint64_t parts_ = 0, size_ = 0;
  std::mutex mu_;
  std::map<uint64_t, Part> uploaded_;
};

}  // namespace jlkit::aws
