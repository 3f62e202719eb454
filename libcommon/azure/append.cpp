#include "azure/append.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <vector>

#include <simdjson.h>

#include "cli/error.hpp"
#include "cli/progress.hpp"
#include "http/url.hpp"
#include "io/source.hpp"
#include "io/writer.hpp"
#include "json/text.hpp"
#include "json/timestamp.hpp"

namespace jlkit::azure {

namespace {

// The name a blob has in ledger records, whatever URL form reached it.
std::string blob_id(const BlobUrl& u) { return "az://" + http::ascii_lower(u.account) + "/" + u.container + "/" + u.blob; }

std::string now_utc() { return json::format_utc(static_cast<int64_t>(std::time(nullptr))); }

std::string amount(uint64_t bytes, uint64_t lines, uint64_t blocks) {
  return std::to_string(bytes) + " bytes (" + std::to_string(lines) + " lines) in " + std::to_string(blocks) +
         (blocks == 1 ? " block" : " blocks");
}

constexpr const char* kBlockLimit = "the blob has reached the service's limit of 50,000 blocks per append blob";

// Appends blocks at the blob's end, one after the other, keeping count.
class Appender {
 public:
  Appender(BlobClient& blob, uint64_t position, uint64_t committed_blocks, uint64_t max_size)
      : blob_(blob), position_(position), committed_(committed_blocks), max_size_(max_size), start_(position) {}

  // Stops when `block` cannot go in (the block limit, --max-size).
  void check(std::string_view block) const {
    if (committed_ >= kMaxBlocks) stop(kBlockLimit);
    if (max_size_ && position_ + block.size() > max_size_) stop(past_max_size(block.size()));
  }

  void append(std::string_view block) {
    check(block);
    AppendResult r;
    try {
      r = blob_.append(block, position_, max_size_);
    } catch (const Error& e) {
      throw runtime_error(std::string(e.what()) + "; " + progress());
    }
    switch (r.kind) {
      case AppendResult::kAppended:
        break;
      case AppendResult::kPositionMoved:
        stop("another writer appended to the blob (it is no longer " + std::to_string(position_) + " bytes long)");
      case AppendResult::kMaxSize:
        stop(past_max_size(block.size()));
      case AppendResult::kBlockCount:
        stop(kBlockLimit);
    }
    if (r.recovered) print_warning(blob_.url().shown + ": an answer was lost; the blob shows block " + std::to_string(blocks_ + 1) + " landed, so it was not sent again");
    position_ += block.size();
    committed_ = r.committed_blocks ? r.committed_blocks : committed_ + 1;
    bytes_ += block.size();
    lines_ += static_cast<uint64_t>(std::count(block.begin(), block.end(), '\n'));
    ++blocks_;
  }

  std::string past_max_size(size_t block) const {
    return "the next block (" + std::to_string(block) + " bytes at offset " + std::to_string(position_) +
           ") would take the blob past --max-size " + std::to_string(max_size_);
  }

  // Ends the run with `why` and what was appended before it.
  [[noreturn]] void stop(const std::string& why) const {
    throw runtime_error(blob_.url().shown + ": " + why + "; " + progress());
  }
  std::string progress() const {
    if (blocks_ == 0) return "before that, this run had appended nothing";
    return "before that, this run appended " + amount(bytes_, lines_, blocks_) + " from offset " + std::to_string(start_) +
           "; the input from line " + std::to_string(lines_before_ + lines_ + 1) + " on was not appended";
  }
  // Lines of the input before this run's first block (already in the blob).
  void set_lines_before(uint64_t n) { lines_before_ = n; }

  uint64_t position() const { return position_; }
  uint64_t bytes() const { return bytes_; }
  uint64_t blocks() const { return blocks_; }
  uint64_t lines() const { return lines_; }

 private:
  BlobClient& blob_;
  uint64_t position_, committed_, max_size_, start_;
  uint64_t bytes_ = 0, lines_ = 0, blocks_ = 0, lines_before_ = 0;
};

// The input is read in blocks of at most block_size bytes, cut after the
// last newline. A final line without one gets one, or, when `whole_lines`,
// is taken as a sign that the input was cut short: it is held back and
// truncated() says so.
class BlockReader {
 public:
  BlockReader(Source& in, uint64_t block_size, bool split_records, bool whole_lines)
      : in_(in), block_size_(block_size), split_(split_records), whole_lines_(whole_lines), buf_(block_size + 1) {}

  // The next block (empty at the end); valid until the next call.
  std::string_view next(uint64_t line_no) {
    std::memmove(buf_.data(), buf_.data() + cut_, fill_ - cut_);
    fill_ -= cut_;
    fill_ += read_full(in_, buf_.data() + fill_, block_size_ - fill_);
    if (fill_ == 0) return {};
    if (fill_ < block_size_) {  // the rest of the input
      cut_ = fill_;
      if (buf_[fill_ - 1] != '\n' && !whole_lines_) {
        buf_[fill_++] = '\n';
        cut_ = fill_;
      } else if (buf_[fill_ - 1] != '\n') {
        truncated_ = true;
        const char* nl = static_cast<const char*>(memrchr(buf_.data(), '\n', fill_));
        cut_ = nl ? static_cast<size_t>(nl - buf_.data()) + 1 : 0;
        if (cut_ == 0) return {};
      }
    } else {
      const char* nl = static_cast<const char*>(memrchr(buf_.data(), '\n', fill_));
      if (nl) {
        cut_ = static_cast<size_t>(nl - buf_.data()) + 1;
      } else if (split_) {
        cut_ = fill_;
      } else {
        too_long_line_ = line_no;
        return {};
      }
    }
    return std::string_view(buf_.data(), cut_);
  }
  // Set when next() stopped at a line longer than a block.
  uint64_t too_long_line() const { return too_long_line_; }
  // The input ended inside a line (with `whole_lines`).
  bool truncated() const { return truncated_; }

  // Reads exactly `n` bytes of the input (fewer at its end), for comparing.
  std::string_view take(size_t n) {
    cut_ = 0;
    fill_ = read_full(in_, buf_.data(), n);
    std::string_view got(buf_.data(), fill_);
    fill_ = 0;
    return got;
  }

 private:
  Source& in_;
  size_t block_size_;
  bool split_, whole_lines_;
  std::vector<char> buf_;
  size_t fill_ = 0, cut_ = 0;
  uint64_t too_long_line_ = 0;
  bool truncated_ = false;
};

// Reads a ledger blob in ranges (a broken read is simply retried, and
// memory stays bounded by the range and the longest line).
void scan_ledger(BlobClient& ledger, uint64_t size, LedgerScan& scan) {
  constexpr uint64_t kChunk = uint64_t{4} << 20;
  std::string carry;
  for (uint64_t off = 0; off < size;) {
    std::string part = ledger.read(off, std::min(kChunk, size - off));
    if (part.empty()) break;
    off += part.size();
    carry += part;
    size_t begin = 0;
    for (size_t nl; (nl = carry.find('\n', begin)) != std::string::npos; begin = nl + 1) scan.line(std::string_view(carry).substr(begin, nl - begin));
    carry.erase(0, begin);
  }
  if (!carry.empty()) scan.line(carry);
}

void print_result(const std::string& url, uint64_t offset, uint64_t bytes, uint64_t blocks, const char* extra_name,
                  uint64_t extra) {
  Writer out(STDOUT_FILENO, "stdout");
  std::string line = "{\"url\":";
  json::append_json_string(line, url);
  line += ",\"offset\":" + std::to_string(offset) + ",\"bytes\":" + std::to_string(bytes) +
          ",\"blocks\":" + std::to_string(blocks);
  if (extra_name) line += ",\"" + std::string(extra_name) + "\":" + std::to_string(extra);
  line += "}";
  out.write_line(line);
  out.flush();
}

// Appends one ledger record at the ledger's end.
void append_record(BlobClient& ledger, uint64_t& ledger_size, const std::string& record) {
  AppendResult r = ledger.append(record, ledger_size, 0);
  if (r.kind == AppendResult::kPositionMoved)
    throw runtime_error(ledger.url().shown + ": the ledger changed while this run used it (another blobappend with the same ledger?)");
  if (r.kind == AppendResult::kBlockCount) throw runtime_error(ledger.url().shown + ": the ledger is full (50,000 blocks)");
  if (r.kind != AppendResult::kAppended) throw runtime_error(ledger.url().shown + ": the ledger refused a record");
  ledger_size += record.size();
}

}  // namespace

void LedgerScan::line(std::string_view text) {
  ++line_no_;
  if (json::trim_json_space(text).empty()) return;
  static thread_local simdjson::dom::parser parser;
  simdjson::dom::object rec;
  auto fail = [&](const std::string& what) { throw runtime_error(name_ + ":" + std::to_string(line_no_) + ": " + what); };
  if (parser.parse(text.data(), text.size()).get_object().get(rec)) fail("not a ledger record (a JSON object per line)");
  std::string_view key, event = "done", url;
  if (rec["key"].get_string().get(key)) fail("a ledger record without a string \"key\"");
  // Absent members keep their defaults: a record without an event (a log
  // written by hand, as seed scripts do) counts as done.
  auto optional = [](auto result, auto& out) {
    if (result.error() == simdjson::SUCCESS) out = result.value_unsafe();
  };
  optional(rec["event"].get_string(), event);
  optional(rec["url"].get_string(), url);
  uint64_t offset = 0, bytes = 0;
  optional(rec["offset"].get_uint64(), offset);
  optional(rec["bytes"].get_uint64(), bytes);
  if (event == "start") {
    if (url == blob_id_) open_ = true, open_key_ = std::string(key), open_offset_ = offset;
    if (key == key_) own_open_ = true, own_url_ = std::string(url), own_offset_ = offset;
  } else if (event == "done") {
    if (key == key_) {
      done_.done = true, done_.done_offset = offset, done_.done_bytes = bytes;
      std::string_view ts;
      optional(rec["timestamp"].get_string(), ts);
      done_.done_timestamp = std::string(ts);
    }
    if (open_ && key == open_key_ && url == blob_id_) open_ = false;
    if (key == key_) own_open_ = false;
  } else {
    fail("unknown ledger event '" + std::string(event) + "'");
  }
}

LedgerState LedgerScan::state() const {
  LedgerState s = done_;
  s.started = own_open_ && own_url_ == blob_id_;
  s.start_offset = s.started ? own_offset_ : 0;
  if (own_open_ && own_url_ != blob_id_) s.elsewhere = own_url_;
  if (open_ && open_key_ != key_) s.other_key = open_key_, s.other_offset = open_offset_;
  return s;
}

std::string ledger_start_record(std::string_view key, std::string_view blob, uint64_t offset, std::string_view timestamp) {
  std::string r = "{\"key\":";
  json::append_json_string(r, key);
  r += ",\"event\":\"start\",\"url\":";
  json::append_json_string(r, blob);
  r += ",\"offset\":" + std::to_string(offset) + ",\"timestamp\":";
  json::append_json_string(r, timestamp);
  return r + "}\n";
}

std::string ledger_done_record(std::string_view key, std::string_view blob, uint64_t offset, uint64_t bytes,
                               std::string_view timestamp) {
  std::string r = "{\"key\":";
  json::append_json_string(r, key);
  r += ",\"event\":\"done\",\"url\":";
  json::append_json_string(r, blob);
  r += ",\"offset\":" + std::to_string(offset) + ",\"bytes\":" + std::to_string(bytes) + ",\"timestamp\":";
  json::append_json_string(r, timestamp);
  return r + "}\n";
}

int run_append(const AppendOptions& o) {
  if (o.block_size == 0 || o.block_size > kMaxBlockSize) throw usage_error("--block-size: from 1 byte to 100M");
  BlobUrl url = parse_blob_url(o.url);
  BlobClient blob(resolve_config(url, o.azure), url);
  const std::string id = blob_id(url);

  std::optional<BlobClient> ledger;
  uint64_t ledger_size = 0, ledger_blocks = 0;
  LedgerState state;
  if (!o.ledger_url.empty()) {
    BlobUrl lu = parse_blob_url(o.ledger_url);
    if (blob_id(lu) == id) throw usage_error("--ledger must be another blob than the data");
    ledger.emplace(resolve_config(lu, o.azure), lu);
    BlobProperties lp = ledger->properties();
    if (lp.exists && lp.type != "AppendBlob")
      throw runtime_error(lu.shown + ": the ledger is a " + lp.type + ", not an append blob");
    if (!lp.exists) {
      ledger->create_append_blob("application/x-ndjson");
      lp = ledger->properties();
    }
    ledger_size = lp.size;
    ledger_blocks = lp.committed_blocks;
    LedgerScan scan(o.key, id, lu.shown);
    scan_ledger(*ledger, ledger_size, scan);
    state = scan.state();
    if (state.done) {
      // (--mark-done after a run that found the key done has nothing to say.)
      if (!o.mark_done) print_warning("key '" + o.key + "' is in the ledger already (" + std::to_string(state.done_bytes) +
                    " bytes at offset " + std::to_string(state.done_offset) +
                    (state.done_timestamp.empty() ? "" : ", " + state.done_timestamp) + "): nothing appended");
      print_result(url.shown, state.done_offset, 0, 0, "skipped", 1);
      return kExitOk;
    }
    if (!state.elsewhere.empty())
      throw runtime_error(lu.shown + ": key '" + o.key + "' has an unfinished run into " + state.elsewhere +
                          "; finish it there (same input, same blob) before appending the key anywhere else");
    if (!state.other_key.empty())
      throw runtime_error(lu.shown + ": the ledger records an unfinished run of key '" + state.other_key + "' into " +
                          id + " (from offset " + std::to_string(state.other_offset) +
                          "); rerun blobappend with --key '" + state.other_key +
                          "' and the same input first, so that its records are not split");
  }

  BlobProperties p = blob.properties();
  if (o.mark_done) {  // the data went in with --defer-done: only the record is missing
    if (!state.started)
      throw runtime_error(url.shown + ": the ledger has no unfinished run of key '" + o.key + "' into this blob to mark done");
    if (p.size < state.start_offset) throw runtime_error(url.shown + ": the blob is shorter than the ledger's offset for this key");
    append_record(*ledger, ledger_size, ledger_done_record(o.key, id, state.start_offset, p.size - state.start_offset, now_utc()));
    print_result(url.shown, state.start_offset, p.size - state.start_offset, 0, nullptr, 0);
    return kExitOk;
  }
  if (!p.exists) {
    if (state.started)
      throw runtime_error(url.shown + ": the ledger records this key's run from offset " +
                          std::to_string(state.start_offset) + " but the blob does not exist");
    if (!o.create) throw runtime_error(url.shown + ": no such blob (and --no-create)");
    blob.create_append_blob(o.content_type.empty() ? http::content_type_for(url.blob) : o.content_type);
    p = blob.properties();
  }
  if (p.type != "AppendBlob")
    throw runtime_error(url.shown + ": the blob is a " + (p.type.empty() ? "blob of unknown type" : p.type) +
                        ", not an append blob; blobappend only appends to append blobs");

  const std::string input = o.input.empty() ? "-" : o.input;
  Progress progress(o.progress, Progress::Style::kTransfer, bytes_left({input}));
  std::unique_ptr<Source> in = progress.counted(open_raw(input));
  // With a ledger, an input ending inside a line was cut short (a producer
  // failed): nothing of that line goes in, and the key is not done.
  BlockReader reader(*in, o.block_size, o.split_records, ledger.has_value());

  // The data of this key starts at `offset`; with an unfinished earlier run,
  // what it appended must be the start of this input.
  uint64_t offset = p.size;
  uint64_t resumed = 0, resumed_lines = 0;
  if (state.started) {
    offset = state.start_offset;
    if (p.size < offset)
      throw runtime_error(url.shown + ": the blob is shorter (" + std::to_string(p.size) + " bytes) than the ledger's offset " +
                          std::to_string(offset) + " for this key");
    while (resumed < p.size - offset) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(o.block_size, p.size - offset - resumed));
      std::string_view mine = reader.take(n);
      if (mine != blob.read(offset + resumed, n))
        throw runtime_error(url.shown + ": an earlier run of key '" + o.key + "' appended " +
                            std::to_string(p.size - offset) + " bytes from offset " + std::to_string(offset) +
                            " and this input differs from them (near byte " + std::to_string(resumed) +
                            "); resuming would duplicate or lose records, so nothing was appended");
      resumed += n;
      resumed_lines += static_cast<uint64_t>(std::count(mine.begin(), mine.end(), '\n'));
    }
    if (resumed) print_warning("key '" + o.key + "': " + std::to_string(resumed) + " bytes of this input were appended by an earlier run; appending the rest");
  }

  Appender appender(blob, p.size, p.committed_blocks, o.max_size);
  appender.set_lines_before(resumed_lines);
  auto next = [&] {
    try {
      return reader.next(resumed_lines + appender.lines() + 1);
    } catch (const Error& e) {  // reading the input failed: say what went in before
      appender.stop(e.what());
    }
  };
  auto too_long = [&] {
    appender.stop("line " + std::to_string(reader.too_long_line()) + " of the input is longer than --block-size (" +
                  std::to_string(o.block_size) + " bytes): give a larger --block-size or --split-records");
  };
  auto truncated = [&] {
    appender.stop("the input ends inside a line, so it was cut short (did the program writing it fail?): that line was "
                  "not appended and key '" + o.key + "' is not done; rerun with the whole input");
  };
  // Nothing is recorded for a run that cannot even start.
  std::string_view block = next();
  if (!block.empty()) appender.check(block);
  if (block.empty() && reader.too_long_line()) too_long();
  if (block.empty() && reader.truncated() && !state.started) truncated();
  if (ledger && !state.started) {
    // The ledger keeps room for this run's two records.
    if (ledger_blocks + 2 > kMaxBlocks)
      throw runtime_error(ledger->url().shown + ": the ledger is full (50,000 blocks: 25,000 keys); start another ledger");
    append_record(*ledger, ledger_size, ledger_start_record(o.key, id, offset, now_utc()));
  }
  for (; !block.empty(); block = next()) appender.append(block);
  if (reader.too_long_line()) too_long();
  if (reader.truncated()) truncated();

  if (ledger && !o.defer_done) {
    try {
      append_record(*ledger, ledger_size, ledger_done_record(o.key, id, offset, resumed + appender.bytes(), now_utc()));
    } catch (const Error& e) {
      throw runtime_error(std::string(e.what()) + "; all of the input is in the blob but key '" + o.key +
                          "' is not recorded as done: a rerun with the same input records it");
    }
  }
  progress.finish();
  print_result(url.shown, offset, resumed + appender.bytes(), appender.blocks(), resumed ? "resumed" : nullptr, resumed);
  return kExitOk;
}

}  // namespace jlkit::azure
