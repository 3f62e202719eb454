// Large buffered writer for stdout and side files. One write(2) per buffer,
// never per line (unless line-buffered). EPIPE throws BrokenPipe so the program
// ends quietly with status 0.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace jlkit {

class Writer {
 public:
  static constexpr size_t kBufferSize = 1 << 20;

  Writer(int fd, std::string name, bool owned = false);
  // Opens (creates/truncates) a file for writing.
  static std::unique_ptr<Writer> open_file(const std::string& path);
  ~Writer();  // flushes, ignoring errors: call flush() to see them

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void write(std::string_view bytes) {
    if (bytes.size() <= kBufferSize - used_) {
      std::memcpy(buf_.get() + used_, bytes.data(), bytes.size());
      used_ += bytes.size();
    } else {
      write_slow(bytes);
    }
  }
  void put(char c) {
    if (used_ == kBufferSize) flush();
    buf_[used_++] = c;
  }
  // Writes bytes and a '\n', and flushes when line buffered.
  void write_line(std::string_view bytes) {
    write(bytes);
    put('\n');
    if (line_buffered_) flush();
  }
  void set_line_buffered(bool on) { line_buffered_ = on; }
  void flush();

 private:
  void write_slow(std::string_view bytes);
  void write_all(const char* p, size_t n);

  int fd_;
  std::string name_;
  bool owned_;
  bool line_buffered_ = false;
  std::unique_ptr<char[]> buf_;
  size_t used_ = 0;
};

}  // namespace jlkit
