// CSV and TSV cells.
#include <gtest/gtest.h>

#include "cli/error.hpp"
#include "json/csv.hpp"

using namespace jlkit::json;

namespace {

std::string row(const CsvFormat& f, std::vector<std::string> cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) f.cell(out, cells[i], i == 0, cells.size() == 1);
  return out;
}

std::string cell(std::string_view json) {
  std::string scratch;
  std::string_view out;
  return cell_text(json, "NULL", scratch, out) ? std::string(out) : "invalid";
}

}  // namespace

TEST(Csv, QuotesOnlyWhereNeeded) {
  CsvFormat csv(',', false, false);
  EXPECT_EQ(row(csv, {"a", "b c", "x,y", "say \"hi\"", "l1\nl2", "cr\r", ""}),
            "a,b c,\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\",\"cr\r\",");
  EXPECT_EQ(row(csv, {""}), "\"\"");  // else the row reads back as no cells
  EXPECT_EQ(row(CsvFormat(';', false, false), {"x,y", "a;b"}), "x,y;\"a;b\"");
  EXPECT_EQ(row(CsvFormat(',', true, false), {"a", ""}), "\"a\",\"\"");
}

TEST(Csv, TsvEscapes) {
  CsvFormat tsv('\t', false, true);
  EXPECT_EQ(row(tsv, {"a\tb", "l1\nl2\r", "back\\slash", "\"q\""}), "a\\tb\tl1\\nl2\\r\tback\\\\slash\t\"q\"");
}

TEST(Csv, CellsFromJson) {
  EXPECT_EQ(cell(R"("a\u00e9\"")"), "a\xc3\xa9\"");
  EXPECT_EQ(cell("1.50e3"), "1.50e3");
  EXPECT_EQ(cell("-0"), "-0");
  EXPECT_EQ(cell("true"), "true");
  EXPECT_EQ(cell("null"), "NULL");
  EXPECT_EQ(cell(R"({ "a" : [1, "x y"] })"), R"({"a":[1,"x y"]})");
  EXPECT_EQ(cell("tru"), "invalid");
  EXPECT_EQ(cell("01"), "invalid");
  EXPECT_EQ(cell(R"("bad \x")"), "invalid");
  // A container is written whole, so it is checked whole.
  EXPECT_EQ(cell(R"([1,{"z":null,"s":"\ud83d\ude00"}])"), R"([1,{"z":null,"s":"\ud83d\ude00"}])");
  using namespace std::string_view_literals;
  for (std::string_view bad : {"[1,2,]"sv, "[01]"sv, R"({"c":tru})"sv, "[nul]"sv, R"(["\ud800"])"sv, R"({"\x":1})"sv,
                               "[1 2]"sv, "{\"a\" 1}"sv, "[[1]"sv, "[1]]"sv, "{,}"sv, "[1\0]"sv})
    EXPECT_EQ(cell(bad), "invalid") << bad;
  // Nested as deep as the parsers allow, and no deeper.
  std::string deep = std::string(1024, '[') + std::string(1024, ']');
  EXPECT_EQ(cell(deep), deep);
  EXPECT_EQ(cell("[" + deep + "]"), "invalid");
}

TEST(Csv, Delimiters) {
  EXPECT_EQ(parse_delimiter(";"), ';');
  EXPECT_EQ(parse_delimiter("\\t"), '\t');
  EXPECT_EQ(parse_delimiter("tab"), '\t');
  EXPECT_THROW(parse_delimiter("\""), jlkit::Error);
  EXPECT_THROW(parse_delimiter(",,"), jlkit::Error);
}
