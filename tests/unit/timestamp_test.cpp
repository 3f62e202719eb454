// Timestamps (ISO-8601, epoch) and value digests.
#include <gtest/gtest.h>

#include "json/digest.hpp"
#include "json/timestamp.hpp"

using namespace jlkit::json;

namespace {

std::string iso(const char* text) {
  int64_t s;
  return parse_iso8601(text, s) ? format_utc(s) : "invalid";
}

std::string canonical(const char* json) {
  std::string out;
  Arena arena;
  return append_canonical(json, out, arena) ? out : "invalid";
}

}  // namespace

TEST(Timestamp, Iso8601ToUtc) {
  EXPECT_EQ(iso("2024-05-01T23:30:00.123456-02:00"), "2024-05-02T01:30:00Z");
  EXPECT_EQ(iso("2024-05-01T01:00:00+0530"), "2024-04-30T19:30:00Z");
  EXPECT_EQ(iso("2024-05-01T01:00+01"), "2024-05-01T00:00:00Z");
  EXPECT_EQ(iso("2024-02-29 12:00:00"), "2024-02-29T12:00:00Z");
  EXPECT_EQ(iso("2024-02-29"), "2024-02-29T00:00:00Z");
  EXPECT_EQ(iso("20240501T130000Z"), "2024-05-01T13:00:00Z");
  EXPECT_EQ(iso("1969-12-31T23:59:59Z"), "1969-12-31T23:59:59Z");
  EXPECT_EQ(iso("2016-12-31T23:59:60Z"), "2016-12-31T23:59:59Z");
  for (const char* bad : {"", "2023-02-29", "2024-13-01", "2024-05-01T24:00:00Z", "2024-05-01T10:00:00X",
                          "2024-05-01T10", "2024-5-1", "yesterday", "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00+5"})
    EXPECT_EQ(iso(bad), "invalid") << bad;
}

TEST(Timestamp, Epochs) {
  int64_t s;
  ASSERT_TRUE(parse_epoch("1714567890", false, s));
  EXPECT_EQ(format_utc(s), "2024-05-01T12:51:30Z");
  ASSERT_TRUE(parse_epoch("1714567890999", true, s));
  EXPECT_EQ(s, 1714567890);
  ASSERT_TRUE(parse_epoch("-0.5", false, s));
  EXPECT_EQ(s, -1);  // rounded down
  ASSERT_TRUE(parse_epoch("1.7145e9", false, s));
  EXPECT_EQ(s, 1714500000);
  EXPECT_FALSE(parse_epoch("1e300", false, s));
  EXPECT_FALSE(parse_epoch("12ab", false, s));
  EXPECT_EQ(civil_from_epoch(951782400).day, 29);  // 2000-02-29
}

TEST(Digest, CanonicalEncoding) {
  EXPECT_EQ(canonical("null"), "n");
  EXPECT_EQ(canonical("1"), "N1e1;");
  EXPECT_EQ(canonical("1.0"), "N1e1;");
  EXPECT_EQ(canonical("100"), "N1e3;");
  EXPECT_EQ(canonical("-0.0250e2"), "N-25e1;");
  EXPECT_EQ(canonical("-0"), "N0;");
  EXPECT_EQ(canonical("0.001"), "N1e-2;");
  EXPECT_EQ(canonical(R"("\u00e9")"), "S2:\xc3\xa9");
  EXPECT_EQ(canonical(R"({"b":[true,false],"a":"x","b":1})"), "O2:S1:aS1:xS1:bN1e1;");
  EXPECT_EQ(canonical(" [ ] "), "A0:");
  EXPECT_EQ(canonical("[1,"), "invalid");
  EXPECT_EQ(canonical("tru"), "invalid");
}

TEST(Digest, SixteenHexDigitsOfSha256) {
  ValueDigest d;
  d.begin();
  ASSERT_TRUE(d.add("null"));
  // sha256("n") = 1b16b1df538ba12dc3f97edbb85caa7050d46c148134290feba80f8236c83db9
  EXPECT_EQ(d.finish(), "1b16b1df538ba12d");
}
