// The JSON-lines programs allocate nothing per record once warm: the heap
// allocations of a run must not grow with the number of records.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <new>
#include <string>

#include "json/csv.hpp"
#include "json/enrich.hpp"
#include "json/filter.hpp"

namespace {
std::atomic<uint64_t> allocations{0};
}

// Counting replacements of the global allocator (GCC warns, wrongly, that
// free() does not match the operator new it cannot see is this one).
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// Sanitizers bring their own allocator; counting is for normal builds.
#if defined(__SANITIZE_ADDRESS__)
#define JLKIT_COUNT_ALLOCATIONS 0
#else
#define JLKIT_COUNT_ALLOCATIONS 1
void* operator new(size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#endif

namespace {

std::string write_records(size_t n) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  std::string path = testing::TempDir() + "/jlkit-alloc-" + std::to_string(getpid()) + "-" + info->name() + ".jsonl";
  std::ofstream f(path);
  for (size_t i = 0; i < n; ++i)
    f << R"({"ts":"2024-05-01T10:00:00.5Z","ua":"python-requests/2.31.0","status":)" << 200 + i % 300
      << R"(,"payload":{"sessionId":"s-)" << i % 10 << R"(","n":[1,2,{"x":"\u00e9"}]},"note":"a, \"quoted\" text"})"
      << "\n";
  return path;
}

// Heap allocations of one run over n records, with stdout discarded.
template <class Run>
uint64_t allocations_for(size_t n, Run run) {
  std::string path = write_records(n);
  int saved = dup(STDOUT_FILENO);
  int null = open("/dev/null", O_WRONLY);
  dup2(null, STDOUT_FILENO);
  uint64_t before = allocations;
  run(path);
  uint64_t used = allocations - before;
  dup2(saved, STDOUT_FILENO);
  close(null);
  close(saved);
  std::remove(path.c_str());
  return used;
}

}  // namespace

TEST(Allocations, JlenrichDoesNotAllocatePerRecord) {
  if (!JLKIT_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under sanitizers";
  auto run = [](const std::string& path) {
    jlkit::json::EnrichOptions o;
    o.io.inputs = {path};
    o.ops = {{"set", "env=\"prod\""},
             {"move", "SESSION_ID=.payload.sessionId"},
             {"extract", "client,version=.ua:^([^/ ]+)/(\\S+)"},
             {"date-parts", ".ts"},
             {"hash", "h=.SESSION_ID,.status"},
             {"drop", ".payload.n"}};
    jlkit::json::run_enrich(o);
  };
  uint64_t small = allocations_for(2000, run), large = allocations_for(20000, run);
  EXPECT_LE(large, small + 8) << "small run: " << small << ", ten times the records: " << large;
}

TEST(Allocations, Jl2csvDoesNotAllocatePerRecord) {
  if (!JLKIT_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under sanitizers";
  auto run = [](const std::string& path) {
    jlkit::json::CsvOptions o;
    o.io.inputs = {path};
    o.fields = "ts,status,payload.sessionId,n=payload.n,note";
    jlkit::json::run_csv(o);
  };
  uint64_t small = allocations_for(2000, run), large = allocations_for(20000, run);
  EXPECT_LE(large, small + 8) << "small run: " << small << ", ten times the records: " << large;
  auto infer = [](const std::string& path) {
    jlkit::json::CsvOptions o;
    o.io.inputs = {path};
    o.infer = 100;
    jlkit::json::run_csv(o);
  };
  small = allocations_for(2000, infer), large = allocations_for(20000, infer);
  EXPECT_LE(large, small + 8) << "inferred header; small run: " << small << ", ten times the records: " << large;
}

TEST(Allocations, JlfilterDoesNotAllocatePerRecord) {
  if (!JLKIT_COUNT_ALLOCATIONS) GTEST_SKIP() << "allocation counting is off under sanitizers";
  auto run = [](const std::string& path) {
    jlkit::json::FilterOptions o;
    o.io.inputs = {path};
    o.expr = R"(.status >= 300 and (.ua | test("requests")) and .payload.n[2].x == "é")";
    jlkit::json::run_filter(o);
  };
  uint64_t small = allocations_for(2000, run), large = allocations_for(20000, run);
  EXPECT_LE(large, small + 8) << "small run: " << small << ", ten times the records: " << large;
}
