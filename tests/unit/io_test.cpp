// Line reader, gzip source and writer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cli/error.hpp"
#include "io/find.hpp"
#include "io/line_reader.hpp"
#include "io/source.hpp"
#include "io/writer.hpp"

namespace {

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

// One gzip member, by the encoder the programs use (so these tests check it
// against the decoder too).
std::string gzip(const std::string& data) {
  jlkit::GzipEncoder enc("t");
  std::string out;
  enc.write(data, out);
  enc.finish(out);
  return out;
}

}  // namespace

TEST(LineReader, SplitsLinesAcrossReads) {
  auto lines = all_lines(std::make_unique<jlkit::MemorySource>("a\nbb\n\nccc", 2), 1 << 20);
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "bb", "", "ccc"}));
}

TEST(LineReader, GrowsForLongLinesUpToTheLimit) {
  std::string big(3 << 20, 'x');
  auto lines = all_lines(std::make_unique<jlkit::MemorySource>("s\n" + big + "\nt\n", 1 << 16), 4 << 20);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].size(), big.size());
  EXPECT_THROW(all_lines(std::make_unique<jlkit::MemorySource>(big + "\n", 1 << 16), 1 << 20), jlkit::Error);
}

// The limit is on the line: a CR before the LF (CRLF input) does not count,
// and a longer line is refused after a CRLF line grew the buffer.
TEST(LineReader, LimitLeavesRoomForCrlf) {
  std::string max(100, 'x'), over(101, 'y');
  for (size_t step : {1, 7, 4096}) {
    auto lines = all_lines(std::make_unique<jlkit::MemorySource>(max + "\r\n" + max + "\n" + max + "\r", step), 100);
    EXPECT_EQ(lines, (std::vector<std::string>{max + "\r", max, max + "\r"}));
    for (std::string after : {"\n", "\r\n", "", "\r"})
      EXPECT_THROW(all_lines(std::make_unique<jlkit::MemorySource>(max + "\r\n" + over + after, step), 100), jlkit::Error)
          << step << " " << after.size();
    EXPECT_THROW(all_lines(std::make_unique<jlkit::MemorySource>(max + "\r\r\n", step), 100), jlkit::Error);
  }
}

TEST(Gzip, MultiMemberAndPlain) {
  std::string data = gzip("one\ntwo\n") + gzip("three\n");
  auto lines = all_lines(jlkit::maybe_gunzip(std::make_unique<jlkit::MemorySource>(data, 7), "t"), 1 << 20);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three"}));
  auto plain = all_lines(jlkit::maybe_gunzip(std::make_unique<jlkit::MemorySource>("x\n", 1), "t"), 1 << 20);
  EXPECT_EQ(plain, (std::vector<std::string>{"x"}));
}

TEST(Gzip, EncoderTakesDataInPieces) {
  std::string data;
  uint32_t x = 1;
  for (int i = 0; i < 300000; ++i) {  // 2.4 MB, barely compressible, with newlines
    x = x * 1664525 + 1013904223;
    data += std::to_string(x) + (i % 9 ? " " : "\n");
  }
  data += "\n";
  jlkit::GzipEncoder enc("t");
  std::string gz;
  for (size_t at = 0; at < data.size(); at += 70001) enc.write(std::string_view(data).substr(at, 70001), gz);
  enc.finish(gz);
  auto src = jlkit::gunzip(std::make_unique<jlkit::MemorySource>(gz, 1 << 16), "t");
  std::string back(data.size() + 10, '\0');
  EXPECT_EQ(jlkit::read_full(*src, back.data(), back.size()), data.size());
  back.resize(data.size());
  EXPECT_TRUE(back == data);
}

TEST(Gzip, TruncatedStreamIsAnError) {
  std::string data = gzip(std::string(100000, 'a') + "\n");
  data.resize(data.size() - 5);
  EXPECT_THROW(all_lines(jlkit::maybe_gunzip(std::make_unique<jlkit::MemorySource>(data, 4096), "t"), 1 << 20), jlkit::Error);
}

TEST(Gzip, TrailingGarbageIsAnError) {
  std::string data = gzip("a\n") + "junk";
  EXPECT_THROW(all_lines(jlkit::maybe_gunzip(std::make_unique<jlkit::MemorySource>(data, 4096), "t"), 1 << 20), jlkit::Error);
}

// The build's decoder (ISA-L when present) and the zlib fallback must read
// and refuse the same streams.
class Decoders : public ::testing::TestWithParam<bool> {
 protected:
  std::string decode(const std::string& gz, size_t piece) {
    auto raw = std::make_unique<jlkit::MemorySource>(gz, piece);
    auto src = GetParam() ? jlkit::gunzip_zlib(std::move(raw), "t") : jlkit::gunzip(std::move(raw), "t");
    std::string out, buf(1 << 16, '\0');
    while (size_t n = src->read(buf.data(), buf.size())) out.append(buf, 0, n);
    return out;
  }
};

TEST_P(Decoders, ReadAndRefuseTheSameStreams) {
  std::string a, b;
  for (int i = 0; i < 40000; ++i) a += "{\"i\":" + std::to_string(i * 7919 % 100003) + "}\n";
  for (int i = 0; i < 3000; ++i) b += std::to_string(i * i) + "\n";
  std::string gz = gzip(a) + gzip(b) + gzip("");
  EXPECT_TRUE(decode(gz, 7) == a + b);
  EXPECT_TRUE(decode(gz, 1 << 20) == a + b);
  std::string bad_crc = gzip(a);
  bad_crc[bad_crc.size() - 6] ^= 1;  // inside the CRC-32 of the trailer
  EXPECT_THROW(decode(bad_crc, 4096), jlkit::Error);
  std::string bad_size = gzip(a);
  bad_size[bad_size.size() - 2] ^= 1;  // inside ISIZE
  EXPECT_THROW(decode(bad_size, 4096), jlkit::Error);
  EXPECT_THROW(decode(gz.substr(0, gz.size() - 3), 4096), jlkit::Error);
  EXPECT_THROW(decode(gzip(a).substr(0, 100), 4096), jlkit::Error);
  EXPECT_THROW(decode(gz + "x", 4096), jlkit::Error);
  std::string bad_data = gzip(a);
  bad_data[bad_data.size() / 2] ^= 0x55;
  EXPECT_THROW(decode(bad_data, 4096), jlkit::Error);
}

INSTANTIATE_TEST_SUITE_P(Gzip, Decoders, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "Zlib" : "Default"; });

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

// The SIMD substring search against std::string_view::find, on haystacks
// with many near misses and needles of every length (1, 2, 3, long).
TEST(Finder, AgreesWithStdFind) {
  std::mt19937 rnd(3);
  const std::string alphabet = "\"sta:us0,4 ";
  for (int round = 0; round < 3000; ++round) {
    std::string hay(rnd() % 200, ' ');
    for (char& c : hay) c = alphabet[rnd() % alphabet.size()];
    std::string needle(1 + rnd() % 9, ' ');
    for (char& c : needle) c = alphabet[rnd() % alphabet.size()];
    if (rnd() % 2 && hay.size() > needle.size()) hay.replace(rnd() % (hay.size() - needle.size()), needle.size(), needle);
    jlkit::Finder f(needle);
    ASSERT_EQ(f.find(hay), std::string_view(hay).find(needle)) << "needle [" << needle << "] in [" << hay << "]";
  }
  EXPECT_EQ(jlkit::Finder("\"status\"").find(R"({"a":"statu","status":1})"), 13u);
}

// A gzip file is decoded on a second thread ahead of the reader: the same
// lines in the same order, and a truncated or corrupt stream still an error.
TEST(Gzip, FilesAreDecodedAheadOfTheReader) {
  std::string data;
  for (int i = 0; i < 200000; ++i) data += "{\"i\":" + std::to_string(i) + "}\n";
  std::string path = ::testing::TempDir() + "jlkit_ahead_" + std::to_string(getpid()) + ".gz";
  auto write = [&](const std::string& bytes) {
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_TRUE(f);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  };
  std::string gz = gzip(data);
  write(gz);
  auto lines = all_lines(jlkit::open_input(path), 1 << 20);
  ASSERT_EQ(lines.size(), 200000u);
  EXPECT_EQ(lines[0], "{\"i\":0}");
  EXPECT_EQ(lines[199999], "{\"i\":199999}");
  write(gz.substr(0, gz.size() / 2));
  EXPECT_THROW(all_lines(jlkit::open_input(path), 1 << 20), jlkit::Error);
  // What was decoded before the fault is read before the error comes.
  for (std::string bad : {gz.substr(0, gz.size() / 2), gz + "junk"}) {
    write(bad);
    jlkit::LineReader r(jlkit::open_input(path), "t", 1 << 20);
    std::string_view line;
    size_t n = 0;
    EXPECT_THROW(while (r.next(line)) ++n, jlkit::Error);
    EXPECT_GT(n, bad.size() > gz.size() ? 199999u : 90000u);
  }
  // A reader that stops early leaves the decoder to finish on its own.
  write(gz);
  auto src = jlkit::open_input(path);
  char buf[100];
  EXPECT_EQ(src->read(buf, sizeof buf), sizeof buf);
  src.reset();
  std::remove(path.c_str());
}
