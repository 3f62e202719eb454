#include "io/writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/error.hpp"

namespace jlkit {

Writer::Writer(int fd, std::string name, bool owned)
    : fd_(fd), name_(std::move(name)), owned_(owned), buf_(new char[kBufferSize]) {}

std::unique_ptr<Writer> Writer::open_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw runtime_error(path + ": " + std::strerror(errno));
  return std::make_unique<Writer>(fd, path, true);
}

Writer::~Writer() {
  try {
    flush();
  } catch (...) {
  }
  if (owned_) ::close(fd_);
}

void Writer::flush() {
  size_t n = used_;
  used_ = 0;
  write_all(buf_.get(), n);
}

void Writer::write_slow(std::string_view bytes) {
  flush();
  if (bytes.size() >= kBufferSize) {
    write_all(bytes.data(), bytes.size());
  } else {
    std::memcpy(buf_.get(), bytes.data(), bytes.size());
    used_ = bytes.size();
  }
}

void Writer::write_all(const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) throw BrokenPipe{};
      throw runtime_error(name_ + ": write error: " + std::strerror(errno));
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
}

}  // namespace jlkit
