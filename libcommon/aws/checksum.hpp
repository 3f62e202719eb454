// The checksums S3 knows (x-amz-checksum-crc32, -crc32c, -sha1, -sha256;
// Content-MD5), computed incrementally, given as S3 writes them: the
// big-endian digest in base64.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace jlkit::aws {

class Checksum {
 public:
  // "crc32", "crc32c", "sha1", "sha256" or "md5"; nullptr for anything else.
  static std::unique_ptr<Checksum> make(std::string_view algorithm);
  ~Checksum();
  void update(std::string_view data);
  std::string base64();  // ends the computation
  std::string hex();     // ends the computation

 private:
  Checksum() = default;
  std::string digest();
  enum class Kind { kCrc32, kCrc32c, kEvp } kind_ = Kind::kEvp;
  uint32_t crc_ = 0;
  EVP_MD_CTX* md_ = nullptr;
};

// CRC-32C (Castagnoli), continuing from `crc` (0 to start).
uint32_t crc32c(uint32_t crc, const void* data, size_t size);

}  // namespace jlkit::aws
