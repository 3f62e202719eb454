// jlfilter's per-record work: materialise the projected parts of a record,
// then evaluate the predicate, wired as run_filter wires them.
#include <benchmark/benchmark.h>

#include <memory>

#include "access_log.hpp"
#include "json/eval.hpp"
#include "json/expr.hpp"
#include "json/materialize.hpp"
#include "json/prefilter.hpp"
#include "json/projection.hpp"

namespace {

using namespace jlkit::json;
using jlkit::bench::access_log;

// Every record parsed (with `prefilter`, only those it cannot rule out, as
// jlfilter does).
void BM_Filter(benchmark::State& state, const char* text, bool prefiltered) {
  const auto& log = access_log();
  std::unique_ptr<Expr> expr = parse_expr(text, Variables());
  std::unique_ptr<Proj> proj = project(*expr, false);
  std::unique_ptr<RecordParser> parser = make_record_parser();
  Prefilter prefilter(expr->root);
  Arena arena;
  Evaluator evaluator(arena);
  Val value;
  size_t matched = 0, failed = 0;
  for (auto _ : state) {
    matched = failed = 0;
    for (std::string_view r : log.records) {
      if (prefiltered && !prefilter.may_match(r)) continue;
      arena.reset();
      if (parser->parse(r.data(), r.size(), log.capacity(r), *proj, arena, value)) {
        ++failed;
        continue;
      }
      matched += evaluator.matches(expr->root, value) == Evaluator::Verdict::kMatch;
    }
    benchmark::DoNotOptimize(matched);
  }
  if (failed) state.SkipWithError("a sample record did not parse");
  state.counters["matched"] = static_cast<double>(matched) / static_cast<double>(log.records.size());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * log.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.records.size()));
}
BENCHMARK_CAPTURE(BM_Filter, status_and_method, R"(.status == 404 and .request.method == "GET")", false);
BENCHMARK_CAPTURE(BM_Filter, status_and_method_prefiltered, R"(.status == 404 and .request.method == "GET")", true);
BENCHMARK_CAPTURE(BM_Filter, user_prefiltered, R"(.client.user == "user01234")", true);
BENCHMARK_CAPTURE(BM_Filter, regex_test, R"(.ua | test("bot"; "i"))", false);

}  // namespace
