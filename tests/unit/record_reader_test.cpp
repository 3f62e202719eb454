// Record framing: whole lines, several values per line, values spanning
// lines, resynchronisation after a bad one, Python literals.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "json/record_reader.hpp"

using namespace jlkit::json;

namespace {

struct Seen {
  std::string text;
  uint64_t line;
  bool bad;
};

// Reads a file the way the filter does: whole lines first, split when asked.
std::vector<Seen> read_all(const std::string& content) {
  // ctest runs each test as its own process, in parallel: one file per test.
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  std::string path = testing::TempDir() + "/jlkit-" + std::to_string(getpid()) + "-" + info->name() + ".jsonl";
  std::ofstream(path, std::ios::binary) << content;
  RecordReader reader({path}, 1 << 20, false);
  std::vector<Seen> out;
  Record r;
  while (reader.next(r)) {
    bool looks_single = !r.text.empty() && (r.text.front() == '{' && r.text.back() == '}') &&
                        r.text.find("} {") == std::string_view::npos;
    if (r.whole_line && !looks_single) {
      reader.split_last();
      continue;
    }
    out.push_back({std::string(r.text), r.line, !r.error.empty()});
  }
  std::remove(path.c_str());
  return out;
}

}  // namespace

TEST(RecordReader, SeveralValuesOnOneLine) {
  auto seen = read_all("{\"a\":1} {\"a\":2}\n[1] 2 \"x\"\n");
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[1].text, "{\"a\":2}");
  EXPECT_EQ(seen[4].text, "\"x\"");
  EXPECT_EQ(seen[4].line, 2u);
}

TEST(RecordReader, ValueSpanningLines) {
  auto seen = read_all("{\"a\":0}\n{\n  \"a\": [1,\n 2]\n}\n{\"b\":1}\n");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].line, 2u);
  EXPECT_EQ(seen[1].text, "{\n  \"a\": [1,\n 2]\n}");
  EXPECT_EQ(seen[2].line, 6u);
}

TEST(RecordReader, TruncatedLineResyncsAtTheNextLine) {
  auto seen = read_all("{\"a\":1, \"b\":[\n{\"a\":2}\n{\"a\":3}\n");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen[0].bad);
  EXPECT_EQ(seen[0].line, 1u);
  EXPECT_EQ(seen[1].text, "{\"a\":2}");
  EXPECT_FALSE(seen[1].bad);
  EXPECT_EQ(seen[2].line, 3u);
}

TEST(Python, DictReprToJson) {
  std::string out, scratch, error;
  ASSERT_TRUE(python_to_json("{'key1': 'value1', 'n': True, 'x': None, 'q': \"it's\", 't': (1, 2.), 'e': 1e3,}", out, scratch, error)) << error;
  EXPECT_EQ(out, R"({"key1":"value1","n":true,"x":null,"q":"it's","t":[1,2.0],"e":1e3})");
  EXPECT_FALSE(python_to_json("{'a': undefined}", out, scratch, error));
  // A JSON line in Python mode (mixed input).
  ASSERT_TRUE(python_to_json(R"({"k": "v", "c": null, "t": true, "f": false, "u": "\u00e9"})", out, scratch, error)) << error;
  EXPECT_EQ(out, R"({"k":"v","c":null,"t":true,"f":false,"u":"é"})");
}
