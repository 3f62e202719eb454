#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>

#include "cli/error.hpp"
#include "cli/progress.hpp"

namespace jlkit {
namespace {

TEST(Progress, HumanBytesHasThreeSignificantDigits) {
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(1023), "1023 B");
  EXPECT_EQ(human_bytes(1024), "1.00 KiB");
  EXPECT_EQ(human_bytes(1536), "1.50 KiB");
  EXPECT_EQ(human_bytes(10u << 20), "10.0 MiB");
  EXPECT_EQ(human_bytes(uint64_t{300} << 30), "300 GiB");
  EXPECT_EQ(human_bytes(uint64_t{5} << 40), "5.00 TiB");
  EXPECT_EQ(human_bytes(UINT64_MAX), "16.0 EiB");
}

TEST(Progress, HumanDuration) {
  EXPECT_EQ(human_duration(0), "0:00");
  EXPECT_EQ(human_duration(46.4), "0:46");
  EXPECT_EQ(human_duration(72), "1:12");
  EXPECT_EQ(human_duration(3723), "1:02:03");
  EXPECT_EQ(human_duration(-1), "0:00");
}

TEST(Progress, LiveLineWithAndWithoutTotal) {
  using S = Progress::Style;
  const uint64_t u = Progress::kUnknown, mib = 1u << 20;
  // 1 MiB of 4 MiB at 1 MiB/s: three seconds to go.
  EXPECT_EQ(Progress::line(S::kTransfer, mib, 4 * mib, 0, u, mib, 1, false),
            std::string(program_name()) + ": 1.00 MiB of 4.00 MiB (25%), 1.00 MiB/s, ETA 0:03");
  EXPECT_EQ(Progress::line(S::kTransfer, mib, u, 0, u, 2 * mib, 1, false),
            std::string(program_name()) + ": 1.00 MiB, 2.00 MiB/s");
  // No ETA before a rate is known, and never past 100% (a growing file).
  EXPECT_EQ(Progress::line(S::kTransfer, 0, 4 * mib, 0, u, 0, 0, false),
            std::string(program_name()) + ": 0 B of 4.00 MiB (0%), 0 B/s");
  EXPECT_EQ(Progress::line(S::kTransfer, 5 * mib, 4 * mib, 0, u, mib, 5, false),
            std::string(program_name()) + ": 5.00 MiB of 4.00 MiB (100%), 1.00 MiB/s");
  EXPECT_EQ(Progress::line(S::kTransfer, 0, 0, 0, u, 0, 0, false),
            std::string(program_name()) + ": 0 B of 0 B (100%), 0 B/s");
  EXPECT_EQ(Progress::line(S::kTransfer, mib, 2 * mib, 1, 3, mib, 1, false),
            std::string(program_name()) + ": 1 of 3 objects, 1.00 MiB of 2.00 MiB (50%), 1.00 MiB/s, ETA 0:01");
}

TEST(Progress, SummaryLine) {
  using S = Progress::Style;
  const uint64_t u = Progress::kUnknown, mib = 1u << 20;
  EXPECT_EQ(Progress::line(S::kTransfer, 72 * mib, 100 * mib, 0, u, mib, 72, true),
            std::string(program_name()) + ": 72.0 MiB in 1:12, 1.00 MiB/s");
  EXPECT_EQ(Progress::line(S::kTransfer, mib, u, 1, 1, mib, 1, true),
            std::string(program_name()) + ": 1 object, 1.00 MiB in 0:01, 1.00 MiB/s");
  EXPECT_EQ(Progress::line(S::kListing, 2048, u, 12345, u, 0, 3, false),
            std::string(program_name()) + ": 12345 objects, 2.00 KiB");
  EXPECT_EQ(Progress::line(S::kListing, 2048, u, 1, u, 0, 3, true), std::string(program_name()) + ": 1 object, 2048 bytes");
}

TEST(Progress, BytesLeftOfARegularFileFromWhereItIsRead) {
  char name[] = "/tmp/jlkit-progress-XXXXXX";
  int fd = ::mkstemp(name);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "0123456789", 10), 10);
  ::lseek(fd, 4, SEEK_SET);
  EXPECT_EQ(bytes_left(fd), 6u);
  EXPECT_EQ(bytes_left(std::vector<std::string>{name, name}), 20u);
  EXPECT_EQ(bytes_left(std::vector<std::string>{name, "/nonexistent/x"}), Progress::kUnknown);
  ::close(fd);
  ::unlink(name);
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  EXPECT_EQ(bytes_left(p[0]), Progress::kUnknown);
  ::close(p[0]);
  ::close(p[1]);
}

TEST(Progress, DisabledCountsNothingAndWrapsNothing) {
  Progress off(false);
  auto src = std::make_unique<MemorySource>("abc");
  Source* raw = src.get();
  EXPECT_EQ(off.counted(std::move(src)).get(), raw);
}

}  // namespace
}  // namespace jlkit
