#include "io/checksum.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <zlib.h>
#ifdef JLKIT_HAVE_ISAL
#include <isa-l/crc.h>
#endif

#include <algorithm>
#include <new>
#include <stdexcept>

namespace jlkit {

uint32_t crc32c(uint32_t crc, const void* data, size_t size) {
#ifdef JLKIT_HAVE_ISAL
  // ISA-L's (SSE4.2 / PCLMUL, ~20 times the table below) works on the
  // register without the inversions at either end.
  auto* p = static_cast<unsigned char*>(const_cast<void*>(data));
  crc = ~crc;
  for (size_t n; size; p += n, size -= n) {
    n = std::min<size_t>(size, size_t{1} << 30);
    crc = crc32_iscsi(p, static_cast<int>(n), crc);
  }
  return ~crc;
#else
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
#endif
}

void hex_encode(const unsigned char* in, size_t n, char* out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[in[i] >> 4];
    out[2 * i + 1] = digits[in[i] & 15];
  }
}

std::string to_hex(std::string_view bytes) {
  std::string out(2 * bytes.size(), '0');
  hex_encode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data());
  return out;
}

std::unique_ptr<Checksum> Checksum::make(std::string_view a) {
  std::unique_ptr<Checksum> c(new Checksum);
  if (a == "crc32") {
    c->kind_ = Kind::kCrc32;
  } else if (a == "crc32c") {
    c->kind_ = Kind::kCrc32c;
  } else {
    c->md_type_ = a == "sha256" ? EVP_sha256() : a == "sha1" ? EVP_sha1() : a == "md5" ? EVP_md5() : nullptr;
    if (!c->md_type_) return nullptr;
    c->md_ = EVP_MD_CTX_new();
    if (!c->md_) throw std::bad_alloc();
  }
  c->reset();
  return c;
}

void Checksum::reset() {
  crc_ = 0;
  if (md_ && EVP_DigestInit_ex(md_, md_type_, nullptr) != 1) throw std::runtime_error("digest initialisation failed");
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

size_t Checksum::finish(unsigned char out[64]) {
  if (kind_ != Kind::kEvp) {
    out[0] = static_cast<unsigned char>(crc_ >> 24);
    out[1] = static_cast<unsigned char>(crc_ >> 16);
    out[2] = static_cast<unsigned char>(crc_ >> 8);
    out[3] = static_cast<unsigned char>(crc_);
    return 4;
  }
  unsigned int len = 0;
  EVP_DigestFinal_ex(md_, out, &len);
  return len;
}

std::string Checksum::digest() {
  unsigned char md[64];
  size_t n = finish(md);
  return std::string(reinterpret_cast<char*>(md), n);
}

std::string Checksum::base64() { return base64_encode(digest()); }

std::string base64_encode(std::string_view d) {
  std::string out(4 * ((d.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(d.data()),
                          static_cast<int>(d.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool base64_decode(std::string_view text, std::string& out) {
  if (text.size() % 4 != 0) return false;
  out.assign(text.size() / 4 * 3 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return false;
  // EVP_DecodeBlock counts padding as zero bytes.
  size_t pad = text.size() >= 2 && text[text.size() - 1] == '=' ? (text[text.size() - 2] == '=' ? 2 : 1) : 0;
  out.resize(static_cast<size_t>(n) - pad);
  return true;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), md, &len))
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string Checksum::hex() { return to_hex(digest()); }

}  // namespace jlkit
