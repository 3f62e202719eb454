#include "cli/progress.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <deque>
#include <utility>

#include "cli/error.hpp"

namespace jlkit {

namespace {

constexpr auto kTick = std::chrono::milliseconds(250);
constexpr size_t kWindow = 20;  // ticks the live rate is taken over (5 s)

class CountingSource final : public Source {
 public:
  CountingSource(std::unique_ptr<Source> inner, Progress& p) : inner_(std::move(inner)), p_(p) {}
  size_t read(char* buf, size_t size) override {
    size_t n = inner_->read(buf, size);
    p_.add(n);
    return n;
  }

 private:
  std::unique_ptr<Source> inner_;
  Progress& p_;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

std::string human_bytes(uint64_t n) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (n < 1024) return std::to_string(n) + " B";
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 6) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  // Three significant digits: 1.23 GiB, 12.3 GiB, 123 GiB (rounding may give 1024).
  std::snprintf(buf, sizeof buf, v < 9.995 ? "%.2f %s" : v < 99.95 ? "%.1f %s" : "%.0f %s", v, kUnits[u]);
  return buf;
}

std::string human_duration(double seconds) {
  uint64_t s = seconds > 0 ? static_cast<uint64_t>(std::llround(seconds)) : 0;
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%llu:%02llu:%02llu", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60), static_cast<unsigned long long>(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%llu:%02llu", static_cast<unsigned long long>(s / 60),
                  static_cast<unsigned long long>(s % 60));
  return buf;
}

uint64_t bytes_left(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return Progress::kUnknown;
  off_t at = ::lseek(fd, 0, SEEK_CUR);
  if (at < 0 || at > st.st_size) at = 0;
  return static_cast<uint64_t>(st.st_size - at);
}

uint64_t bytes_left(const std::vector<std::string>& names) {
  uint64_t sum = 0;
  for (const auto& n : names.empty() ? std::vector<std::string>{"-"} : names) {
    uint64_t size = Progress::kUnknown;
    if (n == "-") {
      size = bytes_left(STDIN_FILENO);
    } else {
      struct stat st;
      if (::stat(n.c_str(), &st) == 0 && S_ISREG(st.st_mode)) size = static_cast<uint64_t>(st.st_size);
    }
    if (size == Progress::kUnknown) return size;
    sum += size;
  }
  return sum;
}

std::string Progress::line(Style style, uint64_t done, uint64_t total, uint64_t items, uint64_t items_total,
                           double rate, double elapsed_s, bool summary) {
  std::string s = program_name();
  s += ": ";
  if (style == Style::kListing) {
    s += std::to_string(items) + (items == 1 ? " object, " : " objects, ");
    s += summary ? std::to_string(done) + " bytes" : human_bytes(done);
    return s;
  }
  bool known = total != kUnknown;
  if (items_total != kUnknown && !summary)
    s += std::to_string(items) + " of " + std::to_string(items_total) + " objects, ";
  else if (items_total != kUnknown || items)
    s += std::to_string(items) + (items == 1 ? " object, " : " objects, ");
  s += human_bytes(done);
  if (summary) {
    s += " in " + human_duration(elapsed_s) + ", " + human_bytes(static_cast<uint64_t>(rate)) + "/s";
    return s;
  }
  if (known) {
    // Never past 100%: a file may grow while it is read.
    uint64_t pct = total ? std::min<uint64_t>(100, done * 100 / total) : 100;
    s += " of " + human_bytes(total) + " (" + std::to_string(pct) + "%)";
  }
  s += ", " + human_bytes(static_cast<uint64_t>(rate)) + "/s";
  if (known && rate > 0 && done < total) s += ", ETA " + human_duration(static_cast<double>(total - done) / rate);
  return s;
}

Progress::Progress(bool enabled, Style style, uint64_t total, uint64_t items)
    : enabled_(enabled), style_(style), total_(total), items_total_(items) {
  start_ = std::chrono::steady_clock::now();
  if (!enabled_) return;
  if (::isatty(STDERR_FILENO) == 1) thread_ = std::thread([this] { run(); });
}

Progress::~Progress() { finish(); }

std::unique_ptr<Source> Progress::counted(std::unique_ptr<Source> src) {
  if (!enabled_) return src;
  return std::make_unique<CountingSource>(std::move(src), *this);
}

std::string Progress::current(bool summary, double rate) {
  return line(style_, done_.load(std::memory_order_relaxed), total_, items_.load(std::memory_order_relaxed),
              items_total_, rate, seconds_since(start_), summary);
}

void Progress::run() {
  std::deque<std::pair<std::chrono::steady_clock::time_point, uint64_t>> samples;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    auto now = std::chrono::steady_clock::now();
    samples.emplace_back(now, done_.load(std::memory_order_relaxed));
    if (samples.size() > kWindow) samples.pop_front();
    double dt = std::chrono::duration<double>(now - samples.front().first).count();
    double rate = dt > 0 ? static_cast<double>(samples.back().second - samples.front().second) / dt : 0;
    show_status(current(false, rate));
    wake_.wait_for(lock, kTick, [this] { return stop_; });
  }
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    thread_.join();
    show_status("");
  }
  bool failed = std::uncaught_exceptions() > 0;
  if (failed && style_ == Style::kListing) return;  // totals of a listing cut short would mislead
  double elapsed = seconds_since(start_);
  double rate = elapsed > 0 ? static_cast<double>(done_.load()) / elapsed : 0;
  std::string summary = current(true, rate);
  // Called while an error unwinds: the summary must not read as success.
  if (failed) summary.insert(std::strlen(program_name()) + 2, "stopped after ");
  print_stderr(summary);
}

}  // namespace jlkit
