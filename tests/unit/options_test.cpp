// Option values shared by every program.
#include <gtest/gtest.h>

#include "cli/error.hpp"
#include "cli/options.hpp"

using jlkit::parse_size;

TEST(ParseSize, PlainAndUnits) {
  EXPECT_EQ(parse_size("512", "--x"), 512u);
  EXPECT_EQ(parse_size("512K", "--x"), 512u * 1024);
  EXPECT_EQ(parse_size("8M", "--x"), 8u << 20);
  EXPECT_EQ(parse_size("8MiB", "--x"), 8u << 20);
  EXPECT_EQ(parse_size("8mb", "--x"), 8u << 20);
  EXPECT_EQ(parse_size("1G", "--x"), 1ull << 30);
  EXPECT_EQ(parse_size("2T", "--x"), 2ull << 40);
}

TEST(ParseSize, RejectsGarbageWithUsageStatus) {
  for (const char* bad : {"", "K", "12Q", "1.5M", "-1", "8MiBs", "99999999999999999999"}) {
    try {
      parse_size(bad, "--part-size");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const jlkit::Error& e) {
      EXPECT_EQ(e.exit_code(), jlkit::kExitUsage);
      EXPECT_NE(std::string(e.what()).find("--part-size"), std::string::npos);
    }
  }
}

TEST(OnError, Policies) {
  EXPECT_EQ(jlkit::parse_on_error("fail").mode, jlkit::OnErrorPolicy::kFail);
  EXPECT_EQ(jlkit::parse_on_error("skip").mode, jlkit::OnErrorPolicy::kSkip);
  auto keep = jlkit::parse_on_error("keep:bad.jsonl");
  EXPECT_EQ(keep.mode, jlkit::OnErrorPolicy::kKeep);
  EXPECT_EQ(keep.keep_path, "bad.jsonl");
  EXPECT_THROW(jlkit::parse_on_error("keep:"), jlkit::Error);
  EXPECT_THROW(jlkit::parse_on_error("ignore"), jlkit::Error);
}
