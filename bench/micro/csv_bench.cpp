// jl2csv's per-record work with five -f columns: the tree parse, then each
// column found, decoded and quoted into a row (append_row, as jl2csv does).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "access_log.hpp"
#include "json/csv.hpp"
#include "json/path.hpp"
#include "json/tree.hpp"

namespace {

using namespace jlkit::json;
using jlkit::bench::access_log;

// ua has commas (quoted cells), referer has \" and \u escapes (decoded cells).
constexpr const char* kFields = "ts,request.method,status,ua,referer";

struct CsvRow {
  CsvRow() : columns(parse_named_paths(kFields, "--fields")) {
    for (auto& c : columns) want_path(want, c.path);
  }
  // Appends the row for the record in `tree`; false on a malformed value.
  bool row(Tree& tree, std::string& line) { return !append_row(tree, columns, format, null_text, scratch, line); }

  std::vector<NamedPath> columns;
  Proj want;
  CsvFormat format{',', false, false};
  std::string null_text, scratch;
};

void set_throughput(benchmark::State& state) {
  const auto& log = access_log();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * log.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.records.size()));
}

// Parse plus row: what jl2csv spends on each record before the write.
void BM_CsvParseAndRow(benchmark::State& state) {
  const auto& log = access_log();
  CsvRow csv;
  std::unique_ptr<TreeParser> parser = make_tree_parser();
  Tree tree;
  std::string line;
  bool ok = true;
  for (auto _ : state) {
    for (std::string_view r : log.records) {
      line.clear();
      ok &= parser->parse(r.data(), r.size(), log.capacity(r), csv.want, false, tree) == 0 && csv.row(tree, line);
      benchmark::DoNotOptimize(line.data());
      benchmark::ClobberMemory();
    }
  }
  if (!ok) state.SkipWithError("a sample record did not convert");
  set_throughput(state);
}
BENCHMARK(BM_CsvParseAndRow);

// The row alone, from records parsed beforehand (one tree per distinct
// sample record). Bytes/s still counts the input records, so the two CSV
// figures split the per-record cost.
void BM_CsvRow(benchmark::State& state) {
  const auto& log = access_log();
  CsvRow csv;
  std::unique_ptr<TreeParser> parser = make_tree_parser();
  std::vector<std::unique_ptr<Tree>> trees;
  bool ok = true;
  for (size_t i = 0; i < jlkit::bench::sample_count(); ++i) {
    std::string_view r = log.records[i];
    trees.push_back(std::make_unique<Tree>());
    ok &= parser->parse(r.data(), r.size(), log.capacity(r), csv.want, false, *trees.back()) == 0;
  }
  std::string line;
  for (auto _ : state) {
    size_t t = 0;  // records[i] is sample t
    for (size_t i = 0; i < log.records.size(); ++i) {
      line.clear();
      ok &= csv.row(*trees[t], line);
      if (++t == trees.size()) t = 0;
      benchmark::DoNotOptimize(line.data());
      benchmark::ClobberMemory();
    }
  }
  if (!ok) state.SkipWithError("a sample record did not convert");
  set_throughput(state);
}
BENCHMARK(BM_CsvRow);

}  // namespace
