// Fuzzes jlfilter's predicate language. The first line of the input is the
// expression; the lines after it (or two fixed records when there are none)
// are records. When the expression parses, each record is materialised with
// the expression's projection and evaluated, and two invariants are checked:
// the projected record gives the same verdict as the whole record (strict
// projection), and the prefilter never rules out a line that matches.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/error.hpp"
#include "io/line_reader.hpp"
#include "json/eval.hpp"
#include "json/expr.hpp"
#include "json/materialize.hpp"
#include "json/prefilter.hpp"
#include "json/projection.hpp"

using namespace jlkit;
using namespace jlkit::json;

namespace {

const char* const kRecords[] = {
    R"({"a":1,"b":"x","c":[1,2,{"d":null}],"e":{"f":true,"g":"hello world"},"n":-2.5e3,"s":"a,b"})",
    R"({"a":"1","b":["x","y"],"c":{},"e":{"f":false,"g":"Hello"},"id":"user01234","ts":"2024-05-01T12:00:00Z"})",
};

// The variables tests/differential/exprs.txt uses ($ids, $name, $lim).
struct Fixed {
  Arena constants;
  Variables vars;
  std::unique_ptr<RecordParser> parser = make_record_parser();
  Fixed() {
    vars["name"] = Val::string(constants.copy("alice"));
    vars["lim"] = Val::number(100);
    std::string error;
    Val ids;
    if (!parse_constant(R"("alice" "\u00c9MILE" 404 "200" 7 2e0 {"code": 500} null)", true, constants, ids, error))
      std::abort();
    vars["ids"] = ids;
  }
};

// Materialises `text` with `proj` and evaluates; returns the parser's code.
int evaluate(RecordParser& parser, const Expr& expr, const Proj& proj, std::string_view text, Evaluator::Verdict& v) {
  std::string padded(text);
  padded.append(kReadPadding, ' ');
  Arena arena;
  Val value;
  int code = parser.parse(padded.data(), text.size(), padded.size(), proj, arena, value);
  if (code) return code;
  Evaluator evaluator(arena);
  v = evaluator.matches(expr.root, value);
  if (v == Evaluator::Verdict::kError) (void)evaluator.error_message();
  return 0;
}

void check_record(Fixed& f, const Expr& expr, const Proj& proj, const Proj& whole, const Prefilter& prefilter,
                  std::string_view line) {
  Evaluator::Verdict projected = Evaluator::Verdict::kError, full = Evaluator::Verdict::kError;
  int code = evaluate(*f.parser, expr, proj, line, projected);
  int full_code = evaluate(*f.parser, expr, whole, line, full);
  if (code || full_code) return;
  if (projected != full) {
    std::fprintf(stderr, "verdict differs: projected %d, whole record %d\n", static_cast<int>(projected),
                 static_cast<int>(full));
    std::abort();
  }
  if (full == Evaluator::Verdict::kMatch && prefilter.active() && !prefilter.may_match(line)) {
    std::fprintf(stderr, "prefilter ruled out a matching line\n");
    std::abort();
  }
}

// String repetition may build strings of up to 1 GB per record by design
// ("x" * 1e9): seconds each, a timeout here. Expressions that may repeat
// more than 1e5 times are parsed and analysed, not evaluated.
bool bounded(const Node* n) {
  if (!n) return true;
  if (n->op == Op::kArith && n->bin == BinOp::kMul) {
    for (const Node* side : {n->a, n->b}) {
      if (side->op != Op::kLiteral) return false;
      if (side->lit.kind == Kind::kNumber && !(std::fabs(side->lit.num) <= 1e5)) return false;
    }
  }
  for (const Node* c : n->args)
    if (!bounded(c)) return false;
  return bounded(n->a) && bounded(n->b) && bounded(n->c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixed f;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view text = in.substr(0, nl);
  std::unique_ptr<Expr> expr;
  try {
    expr = parse_expr(text, f.vars);
  } catch (const Error&) {
    return 0;
  }
  std::unique_ptr<Proj> proj = project(*expr, false);
  std::unique_ptr<Proj> whole = project(*expr, true);
  Prefilter prefilter(expr->root);
  if (!bounded(expr->root)) return 0;
  if (nl == std::string_view::npos) {
    for (const char* r : kRecords) check_record(f, *expr, *proj, *whole, prefilter, r);
    return 0;
  }
  std::string_view rest = in.substr(nl + 1);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    check_record(f, *expr, *proj, *whole, prefilter, rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return 0;
}
