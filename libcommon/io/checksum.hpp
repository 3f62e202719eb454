// Checksums and digests computed incrementally: the ones S3 knows
// (x-amz-checksum-crc32, -crc32c, -sha1, -sha256; Content-MD5), given as S3
// writes them (the big-endian digest in base64) or in hex.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;
typedef struct evp_md_st EVP_MD;

namespace jlkit {

class Checksum {
 public:
  // "crc32", "crc32c", "sha1", "sha256" or "md5"; nullptr for anything else.
  static std::unique_ptr<Checksum> make(std::string_view algorithm);
  ~Checksum();
  void update(std::string_view data);
  // End the computation (start again with reset()).
  size_t finish(unsigned char out[64]);
  std::string base64();
  std::string hex();
  void reset();

 private:
  Checksum() = default;
  std::string digest();
  enum class Kind { kCrc32, kCrc32c, kEvp } kind_ = Kind::kEvp;
  uint32_t crc_ = 0;
  EVP_MD_CTX* md_ = nullptr;
  const EVP_MD* md_type_ = nullptr;
};

// HMAC-SHA256 of `data` under `key` (raw bytes).
std::string hmac_sha256(std::string_view key, std::string_view data);

// Standard base64 (with padding) both ways; decoding fails (false) on
// anything that is not base64.
std::string base64_encode(std::string_view bytes);
bool base64_decode(std::string_view text, std::string& out);

// Lowercase hex of `n` bytes into out[0 .. 2n).
void hex_encode(const unsigned char* in, size_t n, char* out);
std::string to_hex(std::string_view bytes);

// CRC-32C (Castagnoli), continuing from `crc` (0 to start).
uint32_t crc32c(uint32_t crc, const void* data, size_t size);

}  // namespace jlkit
