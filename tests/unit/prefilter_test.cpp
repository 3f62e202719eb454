// The literal prefilter: it must rule out the lines it claims to (or it
// saves nothing) and never a line the predicate selects (or records are lost).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "json/eval.hpp"
#include "json/expr.hpp"
#include "json/materialize.hpp"
#include "json/prefilter.hpp"
#include "json/projection.hpp"

using namespace jlkit::json;

namespace {

struct Filter {
  explicit Filter(const std::string& text)
      : expr(parse_expr(text, {})), proj(project(*expr, false)), parser(make_record_parser()), prefilter(expr->root) {}
  bool matches(const std::string& json) {
    std::string padded = json + std::string(64, ' ');
    Arena arena;
    Val v;
    if (parser->parse(padded.data(), json.size(), padded.size(), *proj, arena, v)) return false;
    Evaluator ev(arena);
    return ev.matches(expr->root, v) == Evaluator::Verdict::kMatch;
  }
  std::unique_ptr<Expr> expr;
  std::unique_ptr<Proj> proj;
  std::unique_ptr<RecordParser> parser;
  Prefilter prefilter;
};

bool may(const std::string& expr, const std::string& line) { return Filter(expr).prefilter.may_match(line); }

}  // namespace

TEST(Prefilter, RulesOutByKeyAndValue) {
  const std::string e = R"(.status == 404 and .request.method == "GET")";
  EXPECT_TRUE(Filter(e).prefilter.active());
  EXPECT_TRUE(may(e, R"({"status":404,"request":{"method":"GET"}})"));
  EXPECT_FALSE(may(e, R"({"status":200,"request":{"method":"GET"}})"));
  EXPECT_FALSE(may(e, R"({"status":404,"request":{"method":"POST"},"x":"GET"})"));
  EXPECT_FALSE(may(e, R"({"code":404,"request":{"method":"GET"}})"));
  // Any spelling of the number, any JSON spaces.
  EXPECT_TRUE(may(e, R"({"status" :  4.04e2 , "request": {"method" : "GET"}})"));
  EXPECT_TRUE(may(e, R"({"status":404.000,"request":{"method":"GET"}})"));
  // Escapes, other shapes: parsed, not ruled out.
  EXPECT_TRUE(may(e, R"({"st\u0061tus":404,"request":{"method":"GET"}})"));
  EXPECT_TRUE(may(e, R"({"status":200,"request":{"method":"G\u0045T"}})"));
  EXPECT_TRUE(may(e, R"([1,2])"));
  EXPECT_TRUE(may(e, R"({"status":200)"));
  // "status" as a string value is not the key.
  EXPECT_FALSE(may(e, R"({"k":"status","v":404,"request":{"method":"GET"}})"));
}

TEST(Prefilter, OrderingAndOr) {
  EXPECT_FALSE(may(".n > 5", R"({"n":5})"));
  EXPECT_TRUE(may(".n > 5", R"({"n":5.5})"));
  EXPECT_TRUE(may(".n > 5", R"({"n":"a"})"));  // strings sort after numbers
  EXPECT_FALSE(may(".n >= 5", R"({"n":true})"));
  EXPECT_TRUE(may("5 < .n", R"({"n":6})"));
  EXPECT_FALSE(may("5 < .n", R"({"n":4})"));
  EXPECT_FALSE(Filter(".n < 5").prefilter.active());  // null < 5: a missing key matches
  EXPECT_FALSE(Filter(".n != 5").prefilter.active());
  EXPECT_FALSE(Filter(".a == 1 or .b != 2").prefilter.active());
  EXPECT_TRUE(may(".a == 1 or .b == 2", R"({"b":2})"));
  EXPECT_FALSE(may(".a == 1 or .b == 2", R"({"a":2,"b":1})"));
  EXPECT_FALSE(may(".ok == true", R"({"ok":false})"));
  EXPECT_FALSE(may(R"(.tags[] == "x")", R"({"tags":["y"]})"));
  EXPECT_TRUE(may(R"(.tags[] == "x")", R"({"tags":["x"]})"));
  EXPECT_FALSE(may(R"(.u | startswith("ab"))", R"({"u":"xab"})"));
}

// Soundness: on generated records (nested and duplicate keys, numbers in
// many spellings, spaces, escapes, wrong types), every record a predicate
// selects is one the prefilter lets through.
TEST(Prefilter, NeverRulesOutAMatch) {
  const std::vector<std::string> exprs = {
      R"(.status == 404)", R"(.status == 404 and .request.method == "GET")", R"(.request.method == "GET")",
      R"(.status >= 500)", R"(.status > 4.5e2 or .ok == true)", R"(.ok == false)", R"(.request | .method == "PUT")",
      R"(select(.user == "u1"))", R"(.tags[] == "a")", R"(any(.tags[]; . == "b"))", R"(.user | startswith("u"))",
      R"(.user | endswith("2"))", R"(.user | contains("1"))", R"(has("ok"))", R"(.status == -0)", R"(.x.y.z == 1)",
  };
  std::mt19937 rnd(7);
  auto pick = [&](std::vector<std::string> v) { return v[rnd() % v.size()]; };
  auto sp = [&] { return pick({"", "", "", " ", "\t"}); };
  auto number = [&] {
    return pick({"404", "404.0", "4.04e2", "40400E-2", "500", "501", "-0", "0", "200", "1e3", "450", "\"404\"", "null",
                 "true", "[404]", "{\"a\":404}"});
  };
  std::vector<std::unique_ptr<Filter>> filters;
  for (auto& e : exprs) filters.push_back(std::make_unique<Filter>(e));
  int selected = 0;
  for (int i = 0; i < 4000; ++i) {
    std::vector<std::string> members;
    members.push_back(pick({"status", "st\\u0061tus", "code"}) + "\"" + sp() + ":" + sp() + number());
    members.push_back(std::string("request\":{") + (rnd() % 4 ? "" : "\"status\":404,") + "\"method\":" +
                      pick({"\"GET\"", "\"PUT\"", "\"G\\u0045T\"", "\"get\"", "1"}) + "}");
    members.push_back("user\":" + pick({"\"u1\"", "\"u12\"", "\"xu1\"", "\"u\\u0031\"", "null"}));
    members.push_back("tags\":" + pick({"[\"a\"]", "[\"b\",\"a\"]", "[]", "\"a\"", "[\"\\u0061\"]"}));
    if (rnd() % 2) members.push_back("ok\":" + pick({"true", "false", "1"}));
    if (rnd() % 3 == 0) members.push_back("x\":{\"y\":{\"z\":" + number() + "}}");
    if (rnd() % 5 == 0) members.push_back(members[rnd() % members.size()]);  // a duplicate key
    std::shuffle(members.begin(), members.end(), rnd);
    std::string line = "{";
    for (size_t m = 0; m < members.size(); ++m) line += (m ? "," : "") + sp() + "\"" + members[m];
    line += sp() + "}";
    for (size_t f = 0; f < filters.size(); ++f) {
      if (!filters[f]->matches(line)) continue;
      ++selected;
      ASSERT_TRUE(filters[f]->prefilter.may_match(line)) << exprs[f] << " selects " << line;
    }
  }
  EXPECT_GT(selected, 4000);  // the generator produces matches for the predicates to lose
}
