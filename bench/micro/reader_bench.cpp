// Line framing: LineReader alone over an in-memory source, and RecordReader
// (what every JSON-lines program loops on) over a file.
#include <benchmark/benchmark.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "access_log.hpp"
#include "io/line_reader.hpp"
#include "io/source.hpp"
#include "json/record_reader.hpp"

namespace {

using jlkit::bench::access_log;

void set_throughput(benchmark::State& state, size_t bytes, size_t items) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * items));
}

void BM_LineReader(benchmark::State& state) {
  const auto& log = access_log();
  for (auto _ : state) {
    // One reader per input, as the programs make one per file.
    jlkit::LineReader lines(jlkit::MemorySource::viewing(log.lines()), "bench", 64u << 20);
    std::string_view line;
    size_t n = 0;
    while (lines.next(line)) {
      benchmark::DoNotOptimize(line);
      ++n;
    }
    benchmark::DoNotOptimize(n);
  }
  set_throughput(state, log.bytes, log.records.size());
}
BENCHMARK(BM_LineReader);

// RecordReader only opens inputs by name: give it a memory-backed file
// (memfd) so the disk stays out of the figure; each pass re-opens it at 0.
void BM_RecordReader(benchmark::State& state) {
  const auto& log = access_log();
  int fd = memfd_create("access_log", MFD_CLOEXEC);
  if (fd < 0 || write(fd, log.text.data(), log.bytes) != static_cast<ssize_t>(log.bytes)) {
    state.SkipWithError("memfd_create or write failed");
    if (fd >= 0) close(fd);
    return;
  }
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  size_t records = 0;
  for (auto _ : state) {
    jlkit::json::RecordReader reader({path}, 64u << 20, false);
    jlkit::json::Record r;
    records = 0;
    while (reader.next(r)) {
      benchmark::DoNotOptimize(r);
      ++records;
    }
  }
  close(fd);
  if (records != log.records.size()) state.SkipWithError("record count differs from the line count");
  set_throughput(state, log.bytes, log.records.size());
}
BENCHMARK(BM_RecordReader);

}  // namespace
