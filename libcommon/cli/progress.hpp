// --progress: bytes done, rate, and with a known total the percent and ETA,
// on stderr. On a terminal a thread of its own redraws the line in place four
// times a second; otherwise nothing is drawn until the one summary line at the
// end. Counting is one relaxed atomic add per chunk (64 KiB and up), never per
// line.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/source.hpp"

namespace jlkit {

class Progress {
 public:
  enum class Style {
    kTransfer,  // "1.2 GiB of 3.4 GiB (35%), 48.3 MiB/s, ETA 0:46", then a summary line
    kListing,   // "12345 objects, 3.4 GiB" while listing, then "12345 objects, 3650722201 bytes"
  };

  static constexpr uint64_t kUnknown = UINT64_MAX;

  // Disabled, it draws and prints nothing and counted() returns its source.
  // `total` bytes and `items` objects are what is expected, when known.
  explicit Progress(bool enabled, Style style = Style::kTransfer, uint64_t total = kUnknown, uint64_t items = kUnknown);
  ~Progress();  // finish()
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void add(uint64_t bytes) { done_.fetch_add(bytes, std::memory_order_relaxed); }
  void add_item() { items_.fetch_add(1, std::memory_order_relaxed); }

  // `src`, with every byte read from it counted.
  std::unique_ptr<Source> counted(std::unique_ptr<Source> src);

  // Stops drawing: erases the line and prints the summary ("s3put: 3.4 GiB
  // in 1:12, 48.3 MiB/s"). When an error is unwinding a transfer says
  // "stopped after ..." and a listing prints no totals. Later calls do nothing.
  void finish();

  // The line drawn for these figures (exposed for tests).
  static std::string line(Style style, uint64_t done, uint64_t total, uint64_t items, uint64_t items_total,
                          double rate, double elapsed_s, bool summary);

 private:
  void run();
  std::string current(bool summary, double rate);

  bool enabled_, finished_ = false;
  Style style_;
  const uint64_t total_, items_total_;
  std::atomic<uint64_t> done_{0}, items_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

// The bytes left to read from `fd` when it is a regular file (stdin
// redirected from a file included); Progress::kUnknown for pipes, terminals,
// sockets.
uint64_t bytes_left(int fd);
// The same for inputs named as on the command line ("-" is stdin): the sum,
// or kUnknown unless every one is a regular file.
uint64_t bytes_left(const std::vector<std::string>& names);

// "1.2 GiB", "512 B": binary units, three significant digits.
std::string human_bytes(uint64_t n);
// "0:46", "1:02:03".
std::string human_duration(double seconds);

}  // namespace jlkit
