#include "io/source.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#ifdef JLKIT_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <cstring>
#include <vector>

#include "cli/error.hpp"

namespace jlkit {

size_t MemorySource::read(char* buf, size_t size) {
  size_t n = std::min({size, step_, rest_.size()});
  std::memcpy(buf, rest_.data(), n);
  rest_.remove_prefix(n);
  return n;
}

namespace {

class FdSource final : public Source {
 public:
  FdSource(int fd, std::string name, bool owned) : fd_(fd), name_(std::move(name)), owned_(owned) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  size_t read(char* buf, size_t size) override {
    for (;;) {
      ssize_t n = ::read(fd_, buf, size);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EINTR) {
        if (interrupted()) throw runtime_error(name_ + ": interrupted by signal " + std::to_string(interrupted()));
        continue;
      }
      throw runtime_error(name_ + ": read error: " + std::strerror(errno));
    }
  }

 private:
  int fd_;
  std::string name_;
  bool owned_;
};

// Puts back bytes read while sniffing the magic, then reads through.
class PeekedSource final : public Source {
 public:
  PeekedSource(std::unique_ptr<Source> inner, std::string head)
      : inner_(std::move(inner)), head_(std::move(head)) {}
  size_t read(char* buf, size_t size) override {
    if (pos_ < head_.size()) {
      size_t n = std::min(size, head_.size() - pos_);
      std::memcpy(buf, head_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return inner_->read(buf, size);
  }

 private:
  std::unique_ptr<Source> inner_;
  std::string head_;
  size_t pos_ = 0;
};

// One gzip member at a time: inflate() consumes input and fills output,
// returning true at the member's end (checksum and length verified).
class ZlibInflater {
 public:
  explicit ZlibInflater(const std::string& name) : name_(name) {
    std::memset(&zs_, 0, sizeof zs_);
    if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) throw runtime_error(name_ + ": gzip: cannot initialise zlib");
  }
  ~ZlibInflater() { inflateEnd(&zs_); }
  bool inflate(const uint8_t*& in, size_t& in_n, char*& out, size_t& out_n) {
    zs_.next_in = const_cast<Bytef*>(in);
    zs_.avail_in = static_cast<uInt>(std::min<size_t>(in_n, 1u << 30));
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(out_n, 1u << 30));
    int rc = ::inflate(&zs_, Z_NO_FLUSH);
    in_n -= static_cast<size_t>(zs_.next_in - in);
    in = zs_.next_in;
    out_n -= static_cast<size_t>(reinterpret_cast<char*>(zs_.next_out) - out);
    out = reinterpret_cast<char*>(zs_.next_out);
    if (rc == Z_STREAM_END) {
      inflateReset(&zs_);
      return true;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      throw runtime_error(name_ + ": invalid gzip data (" + (zs_.msg ? zs_.msg : "zlib error") + ")");
    return false;
  }

 private:
  const std::string& name_;
  z_stream zs_;
};

#ifdef JLKIT_HAVE_ISAL
// ISA-L's inflate: about twice zlib's speed on the same stream.
class IsalInflater {
 public:
  explicit IsalInflater(const std::string& name) : name_(name), st_(std::make_unique<inflate_state>()) { reset(); }
  bool inflate(const uint8_t*& in, size_t& in_n, char*& out, size_t& out_n) {
    st_->next_in = const_cast<uint8_t*>(in);
    st_->avail_in = static_cast<uint32_t>(std::min<size_t>(in_n, 1u << 30));
    st_->next_out = reinterpret_cast<uint8_t*>(out);
    st_->avail_out = static_cast<uint32_t>(std::min<size_t>(out_n, 1u << 30));
    int rc = isal_inflate(st_.get());
    in_n -= static_cast<size_t>(st_->next_in - in);
    in = st_->next_in;
    out_n -= static_cast<size_t>(reinterpret_cast<char*>(st_->next_out) - out);
    out = reinterpret_cast<char*>(st_->next_out);
    if (rc < 0) throw runtime_error(name_ + ": invalid gzip data (" + message(rc) + ")");
    if (st_->block_state == ISAL_BLOCK_FINISH) {
      reset();
      return true;
    }
    return false;
  }

 private:
  void reset() {
    isal_inflate_init(st_.get());
    st_->crc_flag = ISAL_GZIP;
  }
  static std::string message(int rc) {
    switch (rc) {
      case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
      case ISAL_INVALID_WRAPPER: return "incorrect header";
      case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
      default: return "invalid deflate data";
    }
  }
  const std::string& name_;
  std::unique_ptr<inflate_state> st_;
};
#endif

// Multi-member gzip decoder. A stream that ends inside a member is an error:
// silently returning a prefix of the data is the failure we must never have.
template <class Inflater>
class GzipSource final : public Source {
 public:
  GzipSource(std::unique_ptr<Source> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)), in_(kInSize), inflater_(name_) {}

  size_t read(char* buf, size_t size) override {
    char* out = buf;
    size_t room = size;
    while (room == size) {
      if (in_n_ == 0) {
        if (eof_) {
          if (in_member_) throw runtime_error(name_ + ": truncated gzip stream (unexpected end of input)");
          return 0;
        }
        size_t n = inner_->read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (n == 0) {
          eof_ = true;
          continue;
        }
        next_ = in_.data();
        in_n_ = n;
      }
      if (!in_member_) {
        // A new member must start with the magic; anything else is garbage.
        if (next_[0] != 0x1f) throw runtime_error(name_ + ": trailing garbage after gzip data");
        in_member_ = true;
      }
      size_t before = in_n_;
      if (inflater_.inflate(next_, in_n_, out, room)) in_member_ = false;
      else if (in_n_ == before && room == size && in_n_ != 0)
        throw runtime_error(name_ + ": gzip: decoder made no progress");
    }
    return size - room;
  }

 private:
  static constexpr size_t kInSize = 256 * 1024;
  std::unique_ptr<Source> inner_;
  std::string name_;
  std::vector<uint8_t> in_;
  const uint8_t* next_ = nullptr;
  size_t in_n_ = 0;
  Inflater inflater_;
  bool eof_ = false;
  bool in_member_ = false;
};

std::unique_ptr<Source> best_gunzip(std::unique_ptr<Source> raw, const std::string& name) {
#ifdef JLKIT_HAVE_ISAL
  return std::make_unique<GzipSource<IsalInflater>>(std::move(raw), name);
#else
  return std::make_unique<GzipSource<ZlibInflater>>(std::move(raw), name);
#endif
}

}  // namespace

std::unique_ptr<Source> fd_source(int fd, const std::string& name, bool owned) {
  return std::make_unique<FdSource>(fd, name, owned);
}

namespace {

// Reads a source on a thread of its own, a few chunks ahead of the reader,
// so that decoding gzip and parsing what it gives take a core each. The
// thread owns the source: when the reader goes away (an error, a closed
// stdout) it is told to stop and left to finish its read, never waited for,
// so a producer that has stopped writing cannot hold the program up.
class ReadAheadSource final : public Source {
 public:
  explicit ReadAheadSource(std::unique_ptr<Source> inner) : s_(std::make_shared<Shared>()) {
    s_->inner = std::move(inner);
    std::thread([s = s_] { fill(*s); }).detach();
  }
  ~ReadAheadSource() override {
    std::lock_guard<std::mutex> l(s_->m);
    s_->quit = true;
    s_->cv.notify_all();
  }
  size_t read(char* buf, size_t size) override {
    if (pos_ == chunk_.size()) {
      std::unique_lock<std::mutex> l(s_->m);
      if (!chunk_.empty()) s_->spare.push_back(std::move(chunk_));
      chunk_.clear();
      pos_ = 0;
      s_->cv.notify_all();
      s_->cv.wait(l, [&] { return !s_->ready.empty() || s_->ended; });
      if (s_->ready.empty()) {
        if (s_->error) std::rethrow_exception(s_->error);
        return 0;
      }
      chunk_ = std::move(s_->ready.front());
      s_->ready.pop_front();
      s_->cv.notify_all();
    }
    size_t n = std::min(size, chunk_.size() - pos_);
    std::memcpy(buf, chunk_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  static constexpr size_t kChunk = 256 << 10, kAhead = 4;
  struct Shared {
    std::unique_ptr<Source> inner;
    std::mutex m;
    std::condition_variable cv;
    std::deque<std::string> ready;
    std::vector<std::string> spare;
    bool ended = false, quit = false;
    std::exception_ptr error;
  };

  static void fill(Shared& s) {
    for (;;) {
      std::string chunk;
      {
        std::unique_lock<std::mutex> l(s.m);
        s.cv.wait(l, [&] { return s.quit || s.ready.size() < kAhead; });
        if (s.quit) return;
        if (!s.spare.empty()) {
          chunk = std::move(s.spare.back());
          s.spare.pop_back();
        }
      }
      chunk.resize(kChunk);
      std::exception_ptr error;
      size_t n = 0;
      try {
        // Not read_full(): what was read before an error (a truncated or
        // corrupt gzip stream) still goes to the reader, then the error.
        while (n < chunk.size()) {
          size_t got = s.inner->read(chunk.data() + n, chunk.size() - n);
          if (got == 0) break;
          n += got;
        }
      } catch (...) {
        error = std::current_exception();
      }
      chunk.resize(n);
      std::lock_guard<std::mutex> l(s.m);
      if (n) s.ready.push_back(std::move(chunk));
      if (n < kChunk) {
        s.ended = true;
        s.error = error;
        s.cv.notify_all();
        return;
      }
      s.cv.notify_all();
    }
  }

  std::shared_ptr<Shared> s_;
  std::string chunk_;
  size_t pos_ = 0;
};

std::unique_ptr<Source> sniff_gzip(std::unique_ptr<Source> raw, const std::string& name, bool& gz) {
  char head[2];
  size_t got = 0;
  while (got < 2) {
    size_t n = raw->read(head + got, 2 - got);
    if (n == 0) break;
    got += n;
  }
  gz = got == 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b;
  auto peeked = std::make_unique<PeekedSource>(std::move(raw), std::string(head, got));
  if (!gz) return peeked;
  return best_gunzip(std::move(peeked), name);
}

}  // namespace

std::unique_ptr<Source> maybe_gunzip(std::unique_ptr<Source> raw, const std::string& name) {
  bool gz;
  return sniff_gzip(std::move(raw), name, gz);
}

namespace {

// Compresses what it reads (one gzip member, level 6).
class GzipEncodeSource final : public Source {
 public:
  GzipEncodeSource(std::unique_ptr<Source> inner, std::string name)
      : inner_(std::move(inner)), encoder_(name), in_(1 << 16) {}
  size_t read(char* buf, size_t size) override {
    while (at_ == pending_.size() && !done_) {
      pending_.clear();
      at_ = 0;
      size_t n = inner_->read(in_.data(), in_.size());
      if (n == 0) encoder_.finish(pending_), done_ = true;
      else encoder_.write(std::string_view(in_.data(), n), pending_);
    }
    size_t n = std::min(size, pending_.size() - at_);
    std::memcpy(buf, pending_.data() + at_, n);
    at_ += n;
    return n;
  }

 private:
  std::unique_ptr<Source> inner_;
  GzipEncoder encoder_;
  std::vector<char> in_;
  std::string pending_;  // compressed, not yet read
  size_t at_ = 0;
  bool done_ = false;
};

}  // namespace

GzipEncoder::GzipEncoder(std::string name) : name_(std::move(name)), zs_(std::make_unique<z_stream>()) {
  std::memset(zs_.get(), 0, sizeof(z_stream));
  if (deflateInit2(zs_.get(), 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw runtime_error(name_ + ": gzip: cannot initialise zlib");
}

GzipEncoder::~GzipEncoder() { deflateEnd(zs_.get()); }

void GzipEncoder::deflate_into(std::string_view data, std::string& out, int flush) {
  zs_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs_->avail_in = static_cast<uInt>(data.size());
  for (;;) {
    size_t at = out.size();
    size_t room = std::max<size_t>(deflateBound(zs_.get(), zs_->avail_in), 4096);
    out.resize(at + room);
    zs_->next_out = reinterpret_cast<Bytef*>(out.data() + at);
    zs_->avail_out = static_cast<uInt>(room);
    int rc = deflate(zs_.get(), flush);
    out.resize(at + room - zs_->avail_out);
    if (rc == Z_STREAM_END) return;
    if (rc != Z_OK && rc != Z_BUF_ERROR) throw runtime_error(name_ + ": gzip: compression failed");
    // Room left with all input taken: done (finishing ends with Z_STREAM_END instead).
    if (flush != Z_FINISH && zs_->avail_in == 0 && zs_->avail_out != 0) return;
  }
}

void GzipEncoder::write(std::string_view data, std::string& out) { deflate_into(data, out, Z_NO_FLUSH); }

void GzipEncoder::finish(std::string& out) { deflate_into({}, out, Z_FINISH); }

std::unique_ptr<Source> gzip_encode(std::unique_ptr<Source> raw, const std::string& name) {
  return std::make_unique<GzipEncodeSource>(std::move(raw), name);
}

std::unique_ptr<Source> gunzip(std::unique_ptr<Source> raw, const std::string& name) {
  return best_gunzip(std::move(raw), name);
}

std::unique_ptr<Source> gunzip_zlib(std::unique_ptr<Source> raw, const std::string& name) {
  return std::make_unique<GzipSource<ZlibInflater>>(std::move(raw), name);
}

size_t read_full(Source& src, char* buf, size_t size) {
  size_t got = 0;
  while (got < size) {
    size_t n = src.read(buf + got, size - got);
    if (n == 0) break;
    got += n;
  }
  return got;
}

std::unique_ptr<Source> open_raw(const std::string& name) {
  if (name == "-") return fd_source(0, "-", false);
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw runtime_error(name + ": " + std::strerror(errno));
  return fd_source(fd, name, true);
}

std::unique_ptr<Source> decode_input(std::unique_ptr<Source> raw, const std::string& name) {
  bool gz;
  std::unique_ptr<Source> src = sniff_gzip(std::move(raw), name, gz);
  if (gz) src = std::make_unique<ReadAheadSource>(std::move(src));
  return src;
}

std::unique_ptr<Source> open_input(const std::string& name) { return decode_input(open_raw(name), name); }

}  // namespace jlkit
