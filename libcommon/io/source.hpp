// Byte sources for the line reader: a file descriptor, and a gzip decoder on
// top of one (chosen by the magic bytes, so callers never ask).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct z_stream_s;

namespace jlkit {

class Source {
 public:
  virtual ~Source() = default;
  // Reads up to `size` bytes; returns 0 only at end of input. Throws Error on
  // I/O failure or corrupt/truncated compressed data.
  virtual size_t read(char* buf, size_t size) = 0;
};

// Bytes in memory, served at most `step` at a time (tests and fuzzers cut
// reads short on purpose, to cross buffer boundaries).
class MemorySource final : public Source {
 public:
  // Serves its own copy of `data`.
  explicit MemorySource(std::string data, size_t step = SIZE_MAX)
      : owned_(std::move(data)), rest_(owned_), step_(step) {}
  // Serves `data` in place: it must outlive the source.
  static std::unique_ptr<MemorySource> viewing(std::string_view data, size_t step = SIZE_MAX) {
    auto src = std::make_unique<MemorySource>(std::string(), step);
    src->rest_ = data;
    return src;
  }
  MemorySource(const MemorySource&) = delete;
  MemorySource& operator=(const MemorySource&) = delete;
  size_t read(char* buf, size_t size) override;

 private:
  std::string owned_;
  std::string_view rest_;
  size_t step_;
};

// Opens a file argument ("-" is stdin) and wraps it in a gzip decoder when it
// starts with the gzip magic bytes. `name` is used in messages.
std::unique_ptr<Source> open_input(const std::string& name);
// The same for a source already open (open_raw's, perhaps counted): gzip is
// decoded on a thread of its own, a few chunks ahead.
std::unique_ptr<Source> decode_input(std::unique_ptr<Source> raw, const std::string& name);

// Reads until `size` bytes are in `buf` or the source ends; returns the count.
size_t read_full(Source& src, char* buf, size_t size);

// Opens a file argument ("-" is stdin) as it is, without decoding.
std::unique_ptr<Source> open_raw(const std::string& name);

// Wraps an already-open source, detecting gzip by its first bytes.
std::unique_ptr<Source> maybe_gunzip(std::unique_ptr<Source> raw, const std::string& name);

// Always decodes gzip (a stream that is not gzip is an error). Uses ISA-L's
// inflate when built with it, zlib otherwise.
std::unique_ptr<Source> gunzip(std::unique_ptr<Source> raw, const std::string& name);
// The same with zlib, whatever the build (the fallback, for tests).
std::unique_ptr<Source> gunzip_zlib(std::unique_ptr<Source> raw, const std::string& name);

// Compresses pushed data as one gzip member, appending to a string.
class GzipEncoder {
 public:
  explicit GzipEncoder(std::string name);  // `name` for messages
  ~GzipEncoder();
  GzipEncoder(const GzipEncoder&) = delete;
  GzipEncoder& operator=(const GzipEncoder&) = delete;
  void write(std::string_view data, std::string& out);
  // Ends the member; the encoder is done.
  void finish(std::string& out);

 private:
  void deflate_into(std::string_view data, std::string& out, int flush);
  std::string name_;
  std::unique_ptr<z_stream_s> zs_;
};

// Compresses a source as one gzip member.
std::unique_ptr<Source> gzip_encode(std::unique_ptr<Source> raw, const std::string& name);

// A source over a file descriptor; closes it when owned.
std::unique_ptr<Source> fd_source(int fd, const std::string& name, bool owned);

}  // namespace jlkit
