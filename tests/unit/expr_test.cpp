// The predicate engine end to end on single records: parse, project,
// materialise with simdjson, evaluate.
#include <gtest/gtest.h>

#include <string>

#include "cli/error.hpp"
#include "json/eval.hpp"
#include "json/expr.hpp"
#include "json/materialize.hpp"
#include "json/projection.hpp"

using namespace jlkit::json;

namespace {

// "match", "nomatch" or "error" for EXPR on the JSON text.
std::string verdict(const std::string& expr_text, const std::string& json, bool strict = false) {
  auto expr = parse_expr(expr_text, {});
  auto proj = project(*expr, strict);
  auto parser = make_record_parser();
  Arena arena;
  std::string padded = json + std::string(64, ' ');
  Val v;
  int code = parser->parse(padded.data(), json.size(), padded.size(), *proj, arena, v);
  if (code) return std::string("malformed: ") + parse_error_message(code);
  Evaluator ev(arena);
  switch (ev.matches(expr->root, v)) {
    case Evaluator::Verdict::kMatch: return "match";
    case Evaluator::Verdict::kNoMatch: return "nomatch";
    default: return "error";
  }
}

}  // namespace

TEST(Predicate, PathsAndComparisons) {
  EXPECT_EQ(verdict(".a.b == 1", R"({"a":{"b":1.0}})"), "match");
  EXPECT_EQ(verdict(".[\"odd key\"] == \"x\"", R"({"odd key":"x"})"), "match");
  EXPECT_EQ(verdict(".\"odd key\" == \"x\"", R"({"odd key":"x"})"), "match");
  EXPECT_EQ(verdict(".a[-1] == 3", R"({"a":[1,2,3]})"), "match");
  EXPECT_EQ(verdict(".a[5] == null", R"({"a":[1]})"), "match");
  EXPECT_EQ(verdict(".a > {}", R"({"a":[1]})"), "nomatch");  // arrays sort before objects
  EXPECT_EQ(verdict(".a < \"x\"", R"({"a":99})"), "match");   // numbers sort before strings
}

TEST(Predicate, EscapedKeysAndDuplicates) {
  EXPECT_EQ(verdict(".status == 5", R"({"st\u0061tus":5})"), "match");
  EXPECT_EQ(verdict(".a == 2", R"({"a":1,"a":2})"), "match");  // last duplicate wins
  EXPECT_EQ(verdict("length == 1", R"({"a":1,"a":2})"), "match");
}

TEST(Predicate, ErrorsAreNotMatches) {
  EXPECT_EQ(verdict(".a.b == 1", R"({"a":"s"})"), "error");
  EXPECT_EQ(verdict(".a.b? == null", R"({"a":"s"})"), "nomatch");  // ? yields nothing
  EXPECT_EQ(verdict("(.a | length) > 0", R"({"a":true})"), "error");
  EXPECT_EQ(verdict("try (.a | length) catch true", R"({"a":true})"), "match");
  // A truthy output before the error still selects the record, as jq prints it.
  EXPECT_EQ(verdict(".a[] | test(\"x\")", R"({"a":["x",1]})"), "match");
}

TEST(Predicate, AnyAllFollowJq16) {
  // The generator is pulled once more after the deciding element.
  EXPECT_EQ(verdict("any(.a[]; . == 1)", R"({"a":[1,2]})"), "match");
  EXPECT_EQ(verdict("any(.a[], error(\"x\"); . == 1)", R"({"a":[1]})"), "error");
  // Two true outputs of cond for one element: jq 1.6's any/2 says false.
  EXPECT_EQ(verdict("any(.a[]; (true, true))", R"({"a":[1]})"), "nomatch");
  EXPECT_EQ(verdict("all(.a[]; . > 0)", R"({"a":[1,2]})"), "match");
  EXPECT_EQ(verdict(".a | any", R"({"a":[false,1]})"), "match");
}

TEST(Predicate, Membership) {
  EXPECT_EQ(verdict(".x | IN(\"a\", \"b\")", R"({"x":"b"})"), "match");
  EXPECT_EQ(verdict("IN(.xs[]; \"a\", \"b\")", R"({"xs":["z","a"]})"), "match");
  EXPECT_EQ(verdict("IN(.xs[]; \"a\")", R"({"xs":5})"), "error");
}

TEST(Predicate, StringsAndRegexes) {
  EXPECT_EQ(verdict(".s | test(\"^\\\\w+$\")", R"({"s":"Grüße"})"), "match");  // \w is Unicode
  EXPECT_EQ(verdict(".s | test(\"\\\\s\")", "{\"s\":\"a\\u3000b\"}"), "match");
  EXPECT_EQ(verdict(".s | test(\"ABC\"; \"i\")", R"({"s":"xabcx"})"), "match");
  EXPECT_EQ(verdict(".s | startswith(\"ab\") and endswith(\"yz\")", R"({"s":"abxyz"})"), "match");
  EXPECT_EQ(verdict(".s | ascii_downcase == \"abc\"", R"({"s":"AbC"})"), "match");
  EXPECT_EQ(verdict(".s | contains(\"bc\")", R"({"s":"abcd"})"), "match");
  EXPECT_EQ(verdict(".s | length == 2", R"({"s":"é😀"})"), "match");  // code points
}

TEST(Predicate, StrictValidatesWholeRecord) {
  const char* rec = R"({"a":1,"b":{"x":01}})";
  EXPECT_EQ(verdict(".a == 1", rec), "match");
  EXPECT_NE(verdict(".a == 1", rec, true).find("malformed"), std::string::npos);
}

TEST(Predicate, DeepNestingIsAnErrorNotACrash) {
  // 100,000 levels once overflowed the stack of the --strict walk.
  std::string deep = "{\"a\":1,\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(verdict(".a == 1", deep, true), "malformed: JSON nested too deeply");
  EXPECT_EQ(verdict(".a == 1", deep), "match");  // not read without --strict
  std::string ok = "{\"a\":1,\"x\":" + std::string(1000, '[') + std::string(1000, ']') + "}";
  EXPECT_EQ(verdict(".a == 1", ok, true), "match");
}

// The parser and every pass over the tree recurse: ((((...)))) 20,000 deep,
// or 20,000 `and`s, overflowed the stack (found by fuzz_expr).
TEST(Predicate, DeepExpressionIsAUsageErrorNotACrash) {
  auto repeat = [](const std::string& s, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
  };
  auto joined = [&](const std::string& item, const std::string& sep, size_t n) {
    return item + repeat(sep + item, n - 1);
  };
  for (const std::string& deep :
       {repeat("(", 20000) + "1" + repeat(")", 20000), repeat("[", 20000) + repeat("]", 20000), repeat("-", 50000) + "1",
        joined("1", " and ", 20000), joined(".a", " * ", 5000) + " > 0", repeat(".a", 5000), joined(".", "|", 5000),
        joined(".a", " // ", 5000), "if 1 then 1 " + repeat("elif 1 then 1 ", 5000) + "else 1 end", repeat("try ", 5000) + "1",
        repeat(".[", 5000) + "0" + repeat("]", 5000), repeat("select(", 5000) + "1" + repeat(")", 5000)}) {
    try {
      parse_expr(deep, {});
      ADD_FAILURE() << deep.substr(0, 40) << "... was accepted";
    } catch (const jlkit::Error& e) {
      EXPECT_EQ(e.exit_code(), jlkit::kExitUsage);
      EXPECT_NE(std::string(e.what()).find("nested too deeply"), std::string::npos) << std::string(e.what()).substr(0, 80);
    }
  }
  // Below the limits all is as before; a long list is a balanced tree, not a deep one.
  EXPECT_EQ(verdict(joined(".a", " and ", 900), R"({"a":1})"), "match");
  EXPECT_EQ(verdict(repeat("-", 900) + ".a == 1", R"({"a":1})"), "match");
  EXPECT_EQ(verdict(repeat("(", 200) + ".a == 1" + repeat(")", 200), R"({"a":1})"), "match");
  EXPECT_EQ(verdict(".a" + repeat(" | not", 900), R"({"a":1})"), "match");
  std::string list;
  for (int i = 0; i < 100000; ++i) list += (i ? "," : "") + std::to_string(i);
  EXPECT_EQ(verdict("IN(.a; " + list + ")", R"({"a":99999})"), "match");
  EXPECT_EQ(verdict("IN(.a; " + list + ")", R"({"a":-1})"), "nomatch");
  EXPECT_EQ(verdict("[" + list + "] | length == 100000", R"({})"), "match");
  EXPECT_EQ(verdict("[1, 2, 3, 4, 5] == [1, (2, 3), 4, 5]", R"({})"), "match");
}

// fuzz_expr: '":" * 2555555555' (a 1 GB string, within the limit) took
// minutes per record: a memcpy per repetition. The result is unchanged.
TEST(Predicate, StringRepetitionIsFast) {
  std::string s;
  for (int n = 1; n <= 40; ++n) {
    s += "ab";
    EXPECT_EQ(verdict("(\"ab\" * " + std::to_string(n) + ") == \"" + s + "\"", "{}"), "match") << n;
  }
  EXPECT_EQ(verdict("(\"ab\" * 2.5) == \"abab\"", "{}"), "match");
  EXPECT_EQ(verdict("(\"ab\" * -1) == null", "{}"), "match");
  EXPECT_EQ(verdict("(\"\" * 1e9) == \"\"", "{}"), "match");
  EXPECT_EQ(verdict("(\"x\" * 100000000 | length) == 100000000", "{}"), "match");
  EXPECT_EQ(verdict("\"xy\" * 1e9", "{}"), "error");  // over 1 GB
}

TEST(Predicate, BadExpressionsAreUsageErrorsWithColumn) {
  for (const char* bad : {".a ==", ".a | foo", "reduce .[] as $x (0; .)", ".a[1:2]", "\"\\(1)\"", "test(\"(\")", "$x", "1 < 2 < 3"}) {
    try {
      parse_expr(bad, {});
      ADD_FAILURE() << bad << " was accepted";
    } catch (const jlkit::Error& e) {
      EXPECT_EQ(e.exit_code(), jlkit::kExitUsage) << bad;
      EXPECT_NE(std::string(e.what()).find("column"), std::string::npos) << e.what();
    }
  }
}

TEST(Projection, ReadsOnlyWhatTheExpressionTouches) {
  auto expr = parse_expr(".a.b == 1 and (.c | length) > 0", {});
  auto proj = project(*expr, false);
  ASSERT_NE(proj->find("a", 1), nullptr);
  EXPECT_NE(proj->find("a", 1)->find("b", 1), nullptr);
  EXPECT_TRUE(proj->find("c", 1)->count);
  EXPECT_EQ(proj->find("d", 1), nullptr);
  EXPECT_FALSE(proj->full);
}
