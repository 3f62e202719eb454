// blobappend: a stream of lines appended to an Azure append blob in
// line-aligned blocks, each exactly once; with a ledger, a whole input
// exactly once under a KEY, whatever point an earlier run was killed at.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "azure/blob.hpp"

namespace jlkit::azure {

constexpr uint64_t kMaxBlockSize = uint64_t{100} << 20;  // Append Block, API 2022-11-02 on
constexpr uint64_t kMaxBlocks = 50000;                   // committed blocks per append blob

struct AppendOptions {
  AzureFlags azure;
  std::string url;
  std::string input;         // "" : stdin
  std::string content_type;  // "" : from the blob name's extension
  bool create = true;
  uint64_t block_size = uint64_t{4} << 20;
  bool split_records = false;
  uint64_t max_size = 0;  // 0 : none
  std::string ledger_url, key;
  bool defer_done = false;  // leave KEY's run open (no "done" record)
  bool mark_done = false;   // only record KEY's open run as done
  bool progress = false;    // --progress: the input bytes read, on stderr
};

// What a ledger says about one key and one data blob (see blobappend(1)).
struct LedgerState {
  bool done = false;  // KEY recorded as appended
  uint64_t done_offset = 0, done_bytes = 0;
  std::string done_timestamp;
  bool started = false;  // KEY's run into the blob began at start_offset and did not finish
  uint64_t start_offset = 0;
  std::string other_key;  // another key's unfinished run into the blob ("" : none)
  uint64_t other_offset = 0;
  std::string elsewhere;  // the blob of KEY's unfinished run into another blob ("" : none)
};

// Reads ledger lines one at a time.
class LedgerScan {
 public:
  LedgerScan(std::string key, std::string blob_id, std::string ledger_name)
      : key_(std::move(key)), blob_id_(std::move(blob_id)), name_(std::move(ledger_name)) {}
  // One line without its newline; throws on a line that is not a ledger record.
  void line(std::string_view text);
  LedgerState state() const;

 private:
  std::string key_, blob_id_, name_;
  uint64_t line_no_ = 0;
  // The latest run into the blob that has no "done" record yet.
  std::string open_key_;
  uint64_t open_offset_ = 0;
  bool open_ = false;
  // KEY's own latest run without a "done" record, into any blob.
  std::string own_url_;
  uint64_t own_offset_ = 0;
  bool own_open_ = false;
  LedgerState done_;  // KEY's done record (the done_* members only)
};

// The ledger's records.
std::string ledger_start_record(std::string_view key, std::string_view blob_id, uint64_t offset, std::string_view timestamp);
std::string ledger_done_record(std::string_view key, std::string_view blob_id, uint64_t offset, uint64_t bytes,
                               std::string_view timestamp);

int run_append(const AppendOptions& options);

}  // namespace jlkit::azure
