#include "aws/checksum.hpp"

#include <openssl/evp.h>
#include <zlib.h>

#include <stdexcept>

namespace jlkit::aws {

uint32_t crc32c(uint32_t crc, const void* data, size_t size) {
  static const auto table = [] {
    struct T {
      uint32_t v[256];
    } t;
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1)));  // reflected Castagnoli
      t.v[i] = c;
    }
    return t;
  }();
  const auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) crc = table.v[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

std::unique_ptr<Checksum> Checksum::make(std::string_view a) {
  std::unique_ptr<Checksum> c(new Checksum);
  if (a == "crc32") {
    c->kind_ = Kind::kCrc32;
  } else if (a == "crc32c") {
    c->kind_ = Kind::kCrc32c;
  } else {
    const EVP_MD* md = a == "sha256" ? EVP_sha256() : a == "sha1" ? EVP_sha1() : a == "md5" ? EVP_md5() : nullptr;
    if (!md) return nullptr;
    c->md_ = EVP_MD_CTX_new();
    if (!c->md_ || EVP_DigestInit_ex(c->md_, md, nullptr) != 1) throw std::runtime_error("digest initialisation failed");
  }
  return c;
}

Checksum::~Checksum() {
  if (md_) EVP_MD_CTX_free(md_);
}

void Checksum::update(std::string_view d) {
  switch (kind_) {
    case Kind::kCrc32: crc_ = static_cast<uint32_t>(::crc32(crc_, reinterpret_cast<const Bytef*>(d.data()), static_cast<uInt>(d.size()))); break;
    case Kind::kCrc32c: crc_ = crc32c(crc_, d.data(), d.size()); break;
    case Kind::kEvp: EVP_DigestUpdate(md_, d.data(), d.size()); break;
  }
}

std::string Checksum::digest() {
  if (kind_ != Kind::kEvp) {
    char b[4] = {static_cast<char>(crc_ >> 24), static_cast<char>(crc_ >> 16), static_cast<char>(crc_ >> 8), static_cast<char>(crc_)};
    return std::string(b, 4);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(md_, md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string Checksum::base64() {
  std::string d = digest();
  std::string out(4 * ((d.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(d.data()),
                          static_cast<int>(d.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Checksum::hex() {
  static const char digits[] = "0123456789abcdef";
  std::string d = digest(), out;
  for (unsigned char c : d) out += digits[c >> 4], out += digits[c & 15];
  return out;
}

}  // namespace jlkit::aws
