// Paths, the editable record tree and the raw-text helpers under it.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <string>

#include "cli/error.hpp"
#include "json/enrich.hpp"
#include "json/path.hpp"
#include "json/text.hpp"
#include "json/tree.hpp"

using namespace jlkit::json;

namespace {

// Parses `text` (padded) wanting `paths`, runs `edit`, returns the record.
template <class F>
std::string edited(const std::string& text, std::vector<std::string> paths, F edit) {
  std::string padded = text + std::string(simdjson::SIMDJSON_PADDING, ' ');
  Proj want;
  for (auto& p : paths) want_path(want, parse_path(p, "test"));
  Tree tree;
  auto parser = make_tree_parser();
  int code = parser->parse(padded.data(), text.size(), padded.size(), want, true, tree);
  if (code) return std::string("error: ") + tree_error_message(code);
  edit(tree);
  std::string out;
  tree.write(out);
  return out;
}

Path P(const char* s) { return parse_path(s, "test"); }

}  // namespace

TEST(Path, Forms) {
  EXPECT_EQ(P(".a.b").steps.size(), 2u);
  EXPECT_EQ(P("a.b").steps[1].key, "b");
  EXPECT_EQ(P(".\"x.y\"").steps[0].key, "x.y");
  EXPECT_EQ(P(".[\"k\\u0041\"]").steps[0].key, "kA");
  Path p = P(".tags[2]");
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(p.steps[1].index, 2);
  EXPECT_FALSE(p.members_only());
  EXPECT_TRUE(P(".").steps.empty());
  EXPECT_EQ(P(".request.method").name(), "request.method");
  for (const char* bad : {"", ".a..b", ".a.", "a[", "a[x]", ".\"open", "a\"b\""}) {
    EXPECT_THROW(P(bad), jlkit::Error) << bad;
  }
}

TEST(Path, SplitsOutsideQuotes) {
  auto parts = split_unquoted(R"(a,."b,c",d[0])", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], R"(."b,c")");
  EXPECT_EQ(find_unquoted(R"(."a:b":^x:y$)", ':'), 6u);
}

TEST(Text, StringsAndValues) {
  std::string out;
  EXPECT_EQ(unescape_json(R"(a\"b\\c\n\u00e9\ud83d\ude00)", out), std::string_view::npos);
  EXPECT_EQ(out, "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
  out.clear();
  EXPECT_EQ(unescape_json(R"(ok\x)", out), 2u);
  out.clear();
  EXPECT_EQ(unescape_json(R"(\ud800)", out), 0u);  // lone surrogate
  out.clear();
  EXPECT_EQ(unescape_json(R"(\ud800)", out, true), std::string_view::npos);
  EXPECT_EQ(out, "\xef\xbf\xbd");
  std::string_view t = R"({"a":"x\"}","b":[1,{"c":"]"}]} tail)";
  EXPECT_EQ(skip_json_value(t, 0), t.size() - 5);
  EXPECT_EQ(json_string_end(R"("a\\"b)", 0), 4u);
  EXPECT_TRUE(is_json_number("-0.5e+3"));
  EXPECT_FALSE(is_json_number("01"));
  EXPECT_FALSE(is_json_number("1."));
}

TEST(Tree, UntouchedMembersKeepTheirBytes) {
  // Values keep their bytes; the structure between members is compact.
  EXPECT_EQ(edited(R"({"a": 1.50, "b":"\u0041", "c" : [1, 2]})", {}, [](Tree& t) { t.set("n", "n", "true"); }),
            R"({"a":1.50,"b":"\u0041","c":[1, 2],"n":true})");
  EXPECT_EQ(edited(R"({"a":1.50,"b":"\u0041"})", {}, [](Tree& t) { t.set("n", "n", "true"); }),
            R"({"a":1.50,"b":"\u0041","n":true})");
  EXPECT_EQ(edited("{ }", {}, [](Tree& t) { t.set("n", "n", "1"); }), R"({"n":1})");
  EXPECT_EQ(edited("{}", {}, [](Tree& t) { t.set("n", "n", "1"); }), R"({"n":1})");
  // Set again: replaced where it stands; earlier duplicates go.
  EXPECT_EQ(edited(R"({"a":1,"b":2,"a":3,"c":4})", {}, [](Tree& t) { t.set("a", "a", "9"); }),
            R"({"b":2,"a":9,"c":4})");
}

TEST(Tree, DropsAndKeepsNested) {
  auto drop = [](const char* p) { return [p](Tree& t) { t.drop(P(p)); }; };
  EXPECT_EQ(edited(R"({"a":{"b":1,"c":{"d":2,"e":3}},"f":[1, 2]})", {".a.c.d"}, drop(".a.c.d")),
            R"({"a":{"b":1,"c":{"e":3}},"f":[1, 2]})");
  EXPECT_EQ(edited(R"({"a" : 1 , "b":2})", {}, drop(".a")), R"({"b":2})");
  EXPECT_EQ(edited(R"({"a":1})", {}, drop(".zz.y")), R"({"a":1})");
  Proj keep;
  want_path(keep, P(".a.c"));
  want_path(keep, P(".f"));
  EXPECT_EQ(edited(R"({"f":0,"a":{"b":1,"c":2},"g":3})", {".a.c", ".f"}, [&](Tree& t) { t.keep(keep); }),
            R"({"f":0,"a":{"c":2}})");
  // An object on the way is kept only when something in it is.
  EXPECT_EQ(edited(R"({"a":{"b":1},"f":1})", {".a.c"}, [&](Tree& t) { t.keep(keep); }), R"({"f":1})");
}

TEST(Tree, FindsThroughNewAndUntouchedValues) {
  std::string seen;
  edited(R"({"a":{"b":[10,{"c":"x"}]}})", {".a"}, [&](Tree& t) {
    // .a.b was not wanted when parsing: found by reading its text.
    const Member* m = t.find(P(".a.b[1].c"));
    seen += m ? std::string(t.text(*m)) : "missing";
    t.set("n", "n", R"({"k":[1,2]})");
    m = t.find(P(".n.k[1]"));
    seen += m ? std::string(t.text(*m)) : "missing";
    seen += t.find(P(".a.b[5]")) ? "found" : "-";
    t.drop(P(".a.b"));
    seen += std::string(t.text(*t.find(P(".a"))));
  });
  EXPECT_EQ(seen, R"("x"2-{})");
}

TEST(Tree, RejectsWhatIsNotAnObjectOrNotJson) {
  auto same = [](Tree&) {};
  EXPECT_EQ(edited("[1]", {}, same), "error: the record is not a JSON object");
  EXPECT_NE(edited(R"({"a":tru})", {}, same).find("error"), std::string::npos);
  EXPECT_NE(edited(R"({"a":1} {"b":2})", {}, same).find("error"), std::string::npos);
  EXPECT_NE(edited(R"({"a":"\q"})", {}, same).find("error"), std::string::npos);
  EXPECT_EQ(edited(R"({"a" : [1, {"b":2}] , "c":"\u00e9"})", {}, same), R"({"a" : [1, {"b":2}] , "c":"\u00e9"})");
  for (const char* bad : {R"({"a":1,})", R"({"a":1 "b":2})", R"({"a" 1})", R"({"a":})", R"({"a":[1,}})", R"({"a":1}x)",
                          R"({"a":tru})", R"({"a":01})", R"({"a":"\x"})", R"({"a":[1,{"b":nul}]})", R"({"a\q":1})",
                          R"({"a":[)", "{\"a\":\"\x01\"}", R"({"a":{"b":1})"})
    EXPECT_EQ(edited(bad, {}, same).rfind("error: ", 0), 0u) << bad;
}

TEST(Tree, DeepNestingIsAnErrorNotACrash) {
  // 100,000 levels once overflowed the stack of the validating walk.
  std::string deep = "{\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(edited(deep, {}, [](Tree&) {}), "error: JSON nested too deeply");
  std::string ok = "{\"x\":" + std::string(1000, '[') + std::string(1000, ']') + "}";
  EXPECT_EQ(edited(ok, {}, [](Tree&) {}), ok);
}

// fuzz_enrich: `--set-str s=<bytes not UTF-8>` wrote them into the record,
// which was then not JSON. Names and string values from the command line
// must be UTF-8 (a usage error, before any record is read).
TEST(Enrich, CommandLineTextMustBeUtf8) {
  auto status = [](std::string option, std::string value) {
    EnrichOptions o;
    o.io.inputs = {"/nonexistent"};
    o.ops = {{std::move(option), std::move(value)}};
    try {
      run_enrich(o);
    } catch (const jlkit::Error& e) {
      return e.exit_code();
    }
    return 0;
  };
  EXPECT_EQ(status("set-str", "s=a\"\xff\xfe"), jlkit::kExitUsage);
  EXPECT_EQ(status("set-str", "\xc3=x"), jlkit::kExitUsage);
  EXPECT_EQ(status("set", "\xe9t\xe9=1"), jlkit::kExitUsage);
  EXPECT_EQ(status("copy", "n\x80=.a"), jlkit::kExitUsage);
  // Valid UTF-8 is fine: the run gets as far as the missing input.
  EXPECT_EQ(status("set-str", "\xc3\xa9t\xc3\xa9=\xe2\x82\xac"), jlkit::kExitFailure);
}
