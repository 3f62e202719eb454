// Line reader, gzip source and writer.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <csignal>

#include <cstring>
#include <string>
#include <vector>

#include "cli/error.hpp"
#include "io/line_reader.hpp"
#include "io/source.hpp"
#include "io/writer.hpp"

namespace {

// Serves a string in chunks of `step` bytes, to cross buffer boundaries.
class StringSource : public jlkit::Source {
 public:
  StringSource(std::string s, size_t step) : s_(std::move(s)), step_(step) {}
  size_t read(char* buf, size_t size) override {
    size_t n = std::min({size, step_, s_.size() - pos_});
    std::memcpy(buf, s_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string s_;
  size_t step_;
  size_t pos_ = 0;
};

std::vector<std::string> all_lines(std::unique_ptr<jlkit::Source> src, size_t max_line) {
  jlkit::LineReader r(std::move(src), "t", max_line);
  std::vector<std::string> out;
  std::string_view line;
  while (r.next(line)) {
    // Padding after every line must be readable.
    EXPECT_GE(r.readable_from(line.data()), line.size() + jlkit::kReadPadding);
    out.emplace_back(line);
  }
  return out;
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

TEST(LineReader, SplitsLinesAcrossReads) {
  auto lines = all_lines(std::make_unique<StringSource>("a\nbb\n\nccc", 2), 1 << 20);
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "bb", "", "ccc"}));
}

TEST(LineReader, GrowsForLongLinesUpToTheLimit) {
  std::string big(3 << 20, 'x');
  auto lines = all_lines(std::make_unique<StringSource>("s\n" + big + "\nt\n", 1 << 16), 4 << 20);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].size(), big.size());
  EXPECT_THROW(all_lines(std::make_unique<StringSource>(big + "\n", 1 << 16), 1 << 20), jlkit::Error);
}

TEST(Gzip, MultiMemberAndPlain) {
  std::string data = gzip("one\ntwo\n") + gzip("three\n");
  auto lines = all_lines(jlkit::maybe_gunzip(std::make_unique<StringSource>(data, 7), "t"), 1 << 20);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three"}));
  auto plain = all_lines(jlkit::maybe_gunzip(std::make_unique<StringSource>("x\n", 1), "t"), 1 << 20);
  EXPECT_EQ(plain, (std::vector<std::string>{"x"}));
}

TEST(Gzip, TruncatedStreamIsAnError) {
  std::string data = gzip(std::string(100000, 'a') + "\n");
  data.resize(data.size() - 5);
  EXPECT_THROW(all_lines(jlkit::maybe_gunzip(std::make_unique<StringSource>(data, 4096), "t"), 1 << 20), jlkit::Error);
}

TEST(Gzip, TrailingGarbageIsAnError) {
  std::string data = gzip("a\n") + "junk";
  EXPECT_THROW(all_lines(jlkit::maybe_gunzip(std::make_unique<StringSource>(data, 4096), "t"), 1 << 20), jlkit::Error);
}

TEST(Writer, ClosedPipeThrowsBrokenPipe) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  signal(SIGPIPE, SIG_IGN);
  jlkit::Writer w(fds[1], "pipe");
  w.write_line("hello");
  EXPECT_THROW(w.flush(), jlkit::BrokenPipe);
  close(fds[1]);
}
