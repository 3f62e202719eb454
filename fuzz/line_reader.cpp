// Fuzzes the line reader and the gzip decoders over an in-memory source.
// The first byte picks the read size and the line limit (small, so lines
// cross reads and the buffer grows and overflows); the rest is the stream.
// The stream is read plain (the lines must put it back together), with
// gzip detected by its magic, and as gzip by each decoder (ISA-L when built
// with it, and zlib): when both decoders accept it they must agree.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "cli/error.hpp"
#include "io/line_reader.hpp"
#include "io/source.hpp"

using namespace jlkit;

namespace {

// The lines joined with '\n' (each line ended by one), or false on an Error.
bool read_lines(std::unique_ptr<Source> src, size_t max_line, std::string& out) {
  out.clear();
  try {
    LineReader reader(std::move(src), "fuzz", max_line);
    std::string_view line;
    uint64_t n = 0;
    while (reader.next(line)) {
      if (reader.readable_from(line.data()) < line.size() + kReadPadding) std::abort();
      // A line may be max_line bytes and a '\r' (the caller drops the '\r').
      if (line.size() - (!line.empty() && line.back() == '\r') > max_line) std::abort();
      if (line.find('\n') != std::string_view::npos) std::abort();
      if (reader.line_number() != ++n) std::abort();
      out.append(line);
      out += '\n';
    }
  } catch (const Error&) {
    return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t step = 1 + (data[0] & 0x1f) * 7;
  size_t max_line = 1 + ((data[0] >> 5) & 7) * 24;
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string out;

  // Plain: the lines are the stream, a final newline added when missing.
  if (read_lines(MemorySource::viewing(stream, step), max_line, out)) {
    std::string expect(stream);
    if (!expect.empty() && expect.back() != '\n') expect += '\n';
    if (out != expect) std::abort();
  } else {
    // Only a line over the limit stops a plain read.
    size_t longest = 0, start = 0;
    for (size_t i = 0; i <= stream.size(); ++i) {
      if (i < stream.size() && stream[i] != '\n') continue;
      size_t len = i - start - (i > start && stream[i - 1] == '\r');
      longest = std::max(longest, len);
      start = i + 1;
    }
    if (longest <= max_line) std::abort();
  }

  std::string detected, best, zlib;
  read_lines(maybe_gunzip(MemorySource::viewing(stream, step), "fuzz"), 1 << 16, detected);
  bool best_ok = read_lines(gunzip(MemorySource::viewing(stream, step), "fuzz"), 1 << 16, best);
  bool zlib_ok = read_lines(gunzip_zlib(MemorySource::viewing(stream, step), "fuzz"), 1 << 16, zlib);
  if (best_ok && zlib_ok && best != zlib) {
    std::fprintf(stderr, "gzip decoders disagree: %zu and %zu bytes\n", best.size(), zlib.size());
    std::abort();
  }
  return 0;
}
