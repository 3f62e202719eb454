#include "aws/cat.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "io/checksum.hpp"
#include "aws/s3.hpp"
#include "cli/error.hpp"
#include "cli/progress.hpp"
#include "io/line_reader.hpp"
#include "io/source.hpp"
#include "io/writer.hpp"
#include "json/text.hpp"
#include "json/value.hpp"

namespace jlkit::aws {

namespace {

struct Item {
  std::string url;  // as given
  bool s3 = false;
  S3Url where;
  uint64_t size = Progress::kUnknown;  // from an s3ls line (for --progress)
};

// Reads the list of objects: one URL (or local path) per line, or s3ls JSON
// lines (their "url"; common prefixes are passed over).
std::vector<Item> read_list(const CatOptions& o) {
  std::vector<Item> items;
  auto add = [&](std::string url, uint64_t size) {
    Item it;
    it.url = std::move(url);
    it.size = size;
    it.s3 = it.url.find("://") != std::string::npos;
    if (it.s3) it.where = parse_s3_url(it.url);
    items.push_back(std::move(it));
  };
  for (const auto& u : o.urls) add(u, Progress::kUnknown);
  if (!o.urls.empty()) return items;
  LineReader lines(fd_source(STDIN_FILENO, "-", false), "-", 1 << 20);
  std::string_view line;
  json::Arena arena;
  while (lines.next(line)) {
    line = json::trim_json_space(line);
    if (line.empty()) continue;
    if (line[0] != '{') {
      add(std::string(line), Progress::kUnknown);
      continue;
    }
    json::Val v;
    std::string error;
    if (!json::parse_constant(line, false, arena, v, error) || v.kind != json::Kind::kObject)
      throw runtime_error("-:" + std::to_string(lines.line_number()) + ": not a URL or an s3ls JSON line: " + error);
    const json::Val* prefix = json::find_member(v, "prefix");
    if (prefix && prefix->truthy()) continue;
    const json::Val* url = json::find_member(v, "url");
    if (!url || url->kind != json::Kind::kString)
      throw runtime_error("-:" + std::to_string(lines.line_number()) + ": JSON line without a \"url\" string");
    const json::Val* size = json::find_member(v, "size");
    bool sized = size && size->kind == json::Kind::kNumber && size->num >= 0;
    add(std::string(url->sv()), sized ? static_cast<uint64_t>(size->num) : Progress::kUnknown);
  }
  return items;
}

// Fetches the S3 items in parts on `concurrency` threads and hands the parts
// over in order. A part is started only while fewer than `concurrency`
// parts are fetched or waiting, or when it is the very next part the reader
// needs (so later objects can be prefetched without ever blocking it).
class Fetcher {
 public:
  struct Part {
    RangeResult range;  // the bytes, and the object's ETag and checksum
    bool last = false;  // the object's last part
    bool missing = false;
    std::string error;  // fatal, for this object
  };

  Fetcher(const AwsConfig& config, const std::vector<Item>& items, int concurrency, uint64_t part_size)
      : items_(items), part_size_(part_size), limit_(static_cast<size_t>(concurrency)) {
    auto creds = std::make_shared<CredentialProvider>(config);
    creds->get();
    for (size_t i = 0; i < items.size(); ++i)
      if (items[i].s3) order_.push_back(i);
    objects_.resize(items.size());
    head_ = {order_.empty() ? items.size() : order_[0], 0};
    for (int t = 0; t < concurrency; ++t)
      threads_.emplace_back([this, config, creds] { work(S3Client(config, creds)); });
  }

  ~Fetcher() {
    {
      std::lock_guard<std::mutex> l(m_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  // The next part of item `i` (items are read in order).
  Part next(size_t item) {
    std::unique_lock<std::mutex> l(m_);
    // The part the reader had is done with: its memory counts until now.
    if (reader_holds_) --held_;
    reader_holds_ = false;
    cv_.notify_all();
    Obj& o = objects_[item];
    uint64_t index = o.consumed;
    cv_.wait(l, [&] { return o.done.count(index) > 0; });
    Part p = std::move(o.done[index]);
    o.done.erase(index);
    ++o.consumed;
    reader_holds_ = true;
    head_ = {item, index + 1};
    if (p.last || !p.error.empty() || p.missing) head_ = {next_item(item), 0};
    cv_.notify_all();
    return p;
  }

 private:
  struct Obj {
    bool sized = false;    // total size known (after the first part)
    uint64_t total = 0;
    uint64_t issued = 0;   // parts started
    uint64_t consumed = 0;
    bool finished = false; // no more parts to start
    std::string etag;
    std::map<uint64_t, Part> done;
  };
  struct Pos {
    size_t item;
    uint64_t part;
  };

  size_t next_item(size_t item) const {
    for (size_t k = item + 1; k < items_.size(); ++k)
      if (items_[k].s3) return k;
    return items_.size();
  }

  // The first startable part in order, or false.
  bool pick(Pos& pos) {
    // Objects finish nearly in order: skip the finished prefix once, so a
    // list of a million small objects is not scanned from its start each time.
    while (first_open_ < order_.size() && objects_[order_[first_open_]].finished) ++first_open_;
    for (size_t k = first_open_; k < order_.size(); ++k) {
      size_t idx = order_[k];
      Obj& o = objects_[idx];
      if (o.finished) continue;
      if (o.issued == 0 || (o.sized && o.issued * part_size_ < o.total)) {
        pos = {idx, o.issued};
        bool is_head = idx == head_.item && o.issued == head_.part;
        return held_ < limit_ || is_head;
      }
      if (!o.sized) continue;  // first part in flight: look further (prefetch)
    }
    return false;
  }

  void work(S3Client s3) {
    std::unique_lock<std::mutex> l(m_);
    for (;;) {
      Pos pos;
      cv_.wait(l, [&] { return stop_ || pick(pos); });
      if (stop_) return;
      Obj& o = objects_[pos.item];
      ++o.issued;
      ++held_;
      std::string etag = o.etag;
      l.unlock();
      Part part;
      try {
        part.range = s3.get_range(items_[pos.item].where, pos.part * part_size_, part_size_, etag);
      } catch (const S3Error& e) {
        part.error = e.what();
        part.missing = e.code() == "NoSuchKey" && pos.part == 0;
      } catch (const Error& e) {
        part.error = e.what();
      }
      l.lock();
      if (part.error.empty()) {
        if (!o.sized) {
          o.sized = true;
          o.total = part.range.total;
          o.etag = part.range.etag;
        }
        part.last = (pos.part + 1) * part_size_ >= o.total;
      } else {
        o.sized = true;
        o.finished = true;
        part.last = true;
      }
      if (part.last) o.finished = true;
      o.done[pos.part] = std::move(part);
      cv_.notify_all();
    }
  }

  const std::vector<Item>& items_;
  uint64_t part_size_;
  size_t limit_;
  std::vector<size_t> order_;  // the S3 items
  size_t first_open_ = 0;      // in order_: the objects before it are fully fetched
  std::vector<Obj> objects_;
  std::mutex m_;
  std::condition_variable cv_;
  size_t held_ = 0;  // parts started and not yet done with
  bool reader_holds_ = false;
  Pos head_{0, 0};
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

// An S3 item's bytes as a Source, part after part; checks the MD5 ETag of a
// single-part upload at the end.
// An S3 item's bytes as a Source, part after part. At the end of the object
// the bytes are checked against a plain MD5 ETag (single-part uploads) and a
// full-object x-amz-checksum-* when S3 sent one.
class ObjectSource final : public Source {
 public:
  ObjectSource(Fetcher& f, size_t item, std::string url) : f_(f), item_(item), url_(std::move(url)) {}
  ~ObjectSource() override {
    // Skipped object: drain its parts so the next object's come. When an
    // error or a closed stdout unwinds, nothing more is read at all.
    if (std::uncaught_exceptions()) return;
    while (!last_) {
      Fetcher::Part p = f_.next(item_);
      last_ = p.last;
    }
  }
  bool missing() {
    if (!started_) fill_next();
    return missing_;
  }
  const std::string& error() const { return error_; }
  size_t read(char* buf, size_t size) override {
    while (pos_ == part_.range.data.size()) {
      if (last_) {
        verify();
        return 0;
      }
      fill_next();
    }
    size_t n = std::min(size, part_.range.data.size() - pos_);
    std::memcpy(buf, part_.range.data.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  void fill_next() {
    started_ = true;
    part_ = f_.next(item_);
    pos_ = 0;
    last_ = part_.last;
    if (part_.missing) {
      missing_ = true;
      error_ = part_.error;
      part_.range.data.clear();
      return;
    }
    if (!part_.error.empty()) throw runtime_error(part_.error);
    if (first_) {
      first_ = false;
      etag_ = part_.range.etag;
      if (etag_.size() == 32 && etag_.find_first_not_of("0123456789abcdef") == std::string::npos) md5_ = Checksum::make("md5");
      // "x-amz-checksum-sha256: <base64>"; a composite one ("...-3") covers parts, not the object.
      const RangeResult& r = part_.range;
      if (!r.checksum_name.empty() && r.checksum.find('-') == std::string::npos) {
        algorithm_ = r.checksum_name.substr(std::string("x-amz-checksum-").size());
        expected_ = r.checksum;
        sum_ = Checksum::make(algorithm_);
      }
    }
    if (md5_) md5_->update(part_.range.data);
    if (sum_) sum_->update(part_.range.data);
  }
  void verify() {
    if (verified_) return;
    verified_ = true;
    if (md5_ && md5_->hex() != etag_) throw runtime_error(url_ + ": the bytes read do not match the object's MD5 ETag " + etag_);
    if (sum_ && sum_->base64() != expected_)
      throw runtime_error(url_ + ": the bytes read do not match the object's " + algorithm_ + " checksum " + expected_);
  }

  Fetcher& f_;
  size_t item_;
  std::string url_;
  Fetcher::Part part_;
  size_t pos_ = 0;
  bool started_ = false, first_ = true, last_ = false, missing_ = false, verified_ = false;
  std::string etag_, error_, algorithm_, expected_;
  std::unique_ptr<Checksum> md5_, sum_;
};

class Output {
 public:
  explicit Output(const CatOptions& o) : o_(o), out_(STDOUT_FILENO, "stdout") { out_.set_line_buffered(o.line_buffered); }

  // Copies one object's (decoded) bytes; `more` says another object follows.
  void object(std::unique_ptr<Source> src, const std::string& url) {
    if (o_.raw) {
      copy(*src);
      return;
    }
    if (o_.decompress == "auto") src = maybe_gunzip(std::move(src), url);
    else if (o_.decompress == "gzip") src = gunzip(std::move(src), url);
    if (o_.source_field.empty()) {
      char last = copy(*src);
      if (last && last != '\n') out_.put('\n');  // JSON lines of two objects never merge
      return;
    }
    // Each JSON-object line gets "NAME":"url" first.
    std::string field;
    json::append_json_string(field, o_.source_field);
    field += ':';
    json::append_json_string(field, url);
    LineReader lines(std::move(src), url, 64u << 20);
    std::string_view line;
    while (lines.next(line)) {
      std::string_view t = json::trim_json_space(line);
      if (!t.empty() && t[0] == '{') {
        size_t brace = static_cast<size_t>(t.data() - line.data());
        out_.write(line.substr(0, brace + 1));
        out_.write(field);
        std::string_view rest = json::trim_json_space(t.substr(1));
        if (!rest.empty() && rest[0] != '}') out_.put(',');
        out_.write_line(line.substr(brace + 1));
      } else {
        out_.write_line(line);
      }
    }
  }
  void flush() { out_.flush(); }

 private:
  char copy(Source& src) {
    char last = 0;
    for (;;) {
      size_t n = src.read(buf_, sizeof buf_);
      if (n == 0) return last;
      out_.write(std::string_view(buf_, n));
      last = buf_[n - 1];
    }
  }

  const CatOptions& o_;
  Writer out_;
  char buf_[1 << 16];
};

}  // namespace

int run_cat(const CatOptions& o) {
  if (o.decompress != "auto" && o.decompress != "gzip" && o.decompress != "none")
    throw usage_error("--decompress: expected auto, gzip or none, got '" + o.decompress + "'");
  if (o.concurrency < 1) throw usage_error("--concurrency: at least 1");
  if (o.part_size < (64u << 10)) throw usage_error("--part-size: at least 64K");
  if (o.raw && !o.source_field.empty()) throw usage_error("--raw and --source-field cannot be combined");
  std::vector<Item> items = read_list(o);
  bool any_s3 = false;
  for (auto& it : items) any_s3 = any_s3 || it.s3;
  std::unique_ptr<Fetcher> fetcher;
  if (any_s3) fetcher = std::make_unique<Fetcher>(resolve_config(o.aws), items, o.concurrency, o.part_size);
  // The total, for --progress: listing sizes, local files' own; unknown if any is.
  uint64_t total = o.progress ? 0 : Progress::kUnknown;
  for (size_t i = 0; i < items.size() && total != Progress::kUnknown; ++i) {
    uint64_t size = items[i].s3 ? items[i].size : bytes_left({items[i].url});
    total = size == Progress::kUnknown ? size : total + size;
  }
  Progress progress(o.progress, Progress::Style::kTransfer, total, items.size());
  Output out(o);
  uint64_t missing = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (!it.s3) {
      int fd = ::open(it.url.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        std::string msg = it.url + ": " + std::strerror(errno);
        if (!o.skip_missing || errno != ENOENT) throw runtime_error(msg);
        print_warning(msg + " (skipped)");
        ++missing;
        continue;
      }
      out.object(progress.counted(fd_source(fd, it.url, true)), it.url);
      progress.add_item();
      continue;
    }
    auto src = std::make_unique<ObjectSource>(*fetcher, i, it.url);
    if (src->missing()) {
      std::string msg = it.url + ": no such object (" + src->error() + ")";
      out.flush();
      if (!o.skip_missing) throw runtime_error(it.url + ": NoSuchKey: the object does not exist");
      print_warning(it.url + ": NoSuchKey: the object does not exist (skipped)");
      ++missing;
      continue;
    }
    out.object(progress.counted(std::move(src)), it.url);
    progress.add_item();
  }
  out.flush();
  progress.finish();
  if (missing) print_warning("skipped " + std::to_string(missing) + " missing object" + (missing == 1 ? "" : "s"));
  return kExitOk;
}

}  // namespace jlkit::aws
