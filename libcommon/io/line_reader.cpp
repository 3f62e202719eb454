#include "io/line_reader.hpp"

#include <algorithm>
#include <cstring>

#include "cli/error.hpp"

namespace jlkit {

LineReader::LineReader(std::unique_ptr<Source> source, std::string name, size_t max_line)
    : source_(std::move(source)), name_(std::move(name)), max_line_(max_line) {
  cap_ = std::min(kInitialSize, max_line_ + 1);
  buf_.reset(new char[cap_ + kReadPadding]);
  std::memset(buf_.get() + cap_, ' ', kReadPadding);
}

bool LineReader::next(std::string_view& line) {
  for (;;) {
    if (scan_ < end_) {
      const void* nl = std::memchr(buf_.get() + scan_, '\n', end_ - scan_);
      if (nl) {
        size_t pos = static_cast<const char*>(nl) - buf_.get();
        line = std::string_view(buf_.get() + start_, pos - start_);
        start_ = scan_ = pos + 1;
        ++line_no_;
        if (line.size() > max_line_) check_length(line);
        return true;
      }
      scan_ = end_;
    }
    if (eof_) {
      if (start_ == end_) return false;
      line = std::string_view(buf_.get() + start_, end_ - start_);
      start_ = scan_ = end_;
      ++line_no_;
      if (line.size() > max_line_) check_length(line);
      return true;
    }
    if (!refill()) eof_ = true;
  }
}

void LineReader::too_long(uint64_t line_no) const {
  throw runtime_error(name_ + ":" + std::to_string(line_no) + ": line longer than the limit of " +
                      std::to_string(max_line_) + " bytes (--max-line)");
}

// A line of more than max_line bytes is too long, but for the CR of a CRLF
// line end (which the callers remove).
void LineReader::check_length(std::string_view line) const {
  if (line.size() > max_line_ + 1 || line.back() != '\r') too_long(line_no_);
}

// Moves the partial line to the front, grows if it fills the buffer, reads.
bool LineReader::refill() {
  size_t partial = end_ - start_;
  if (start_ > 0) {
    std::memmove(buf_.get(), buf_.get() + start_, partial);
    scan_ -= start_;
    start_ = 0;
    end_ = partial;
  }
  if (end_ == cap_) {
    // The partial line fills the buffer: too long, unless it is max_line
    // bytes and the CR of a CRLF line end (the buffer grows to hold the LF).
    if (cap_ > max_line_ + 1 || (cap_ == max_line_ + 1 && buf_[cap_ - 1] != '\r')) too_long(line_no_ + 1);
    size_t new_cap = std::min(cap_ * 2, max_line_ + 2);
    std::unique_ptr<char[]> bigger(new char[new_cap + kReadPadding]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    std::memset(bigger.get() + new_cap, ' ', kReadPadding);
    buf_ = std::move(bigger);
    cap_ = new_cap;
  }
  // Reads of a few hundred KiB into the front of the buffer keep the bytes
  // just copied by the kernel in cache while they are parsed.
  size_t n = source_->read(buf_.get() + end_, std::min(cap_ - end_, kReadSize));
  end_ += n;
  return n > 0;
}

}  // namespace jlkit
