#include "aws/partition.hpp"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <unordered_map>

#include "aws/upload.hpp"
#include "cli/error.hpp"
#include "cli/progress.hpp"
#include "io/bad_records.hpp"
#include "io/source.hpp"
#include "io/writer.hpp"
#include "json/csv.hpp"
#include "json/path.hpp"
#include "json/text.hpp"
#include "json/timestamp.hpp"
#include "json/tree.hpp"

namespace jlkit::aws {

namespace {

constexpr const char* kDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

std::string default_run_id() {
  std::random_device rd;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "-%06x", static_cast<unsigned>(rd() & 0xffffff));
  return json::utc_now("%Y%m%dT%H%M%SZ") + suffix;
}

class Partitioner {
 public:
  Partitioner(const PartitionOptions& o, const AwsConfig& config)
      : o_(o),
        prefix_(parse_s3_url(o.put.url)),
        creds_(std::make_shared<CredentialProvider>(config)),
        s3_(config, creds_),
        pool_(config, creds_, o.put.concurrency),
        fields_(json::parse_named_paths(o.by, "--partition-by")),
        run_id_(o.run_id.empty() ? default_run_id() : o.run_id),
        bad_(o.io.on_error),
        out_(STDOUT_FILENO, "stdout") {
    if (!prefix_.key.empty() && prefix_.key.back() != '/') prefix_.key += '/';
    for (auto& f : fields_) json::want_path(want_, f.path);
    // A part goes up as soon as it may: S3's minimum, or a smaller --part-size for other stores.
    relief_part_ = std::min<uint64_t>(o.put.part_size, kMinPartSize);
  }

  int run() {
    Progress progress(o_.put.progress, Progress::Style::kTransfer, bytes_left(o_.io.inputs));
    json::InputOptions io = o_.io;
    io.progress = &progress;
    auto parser = json::make_tree_parser();
    json::RecordReader reader(io);
    try {
      json::for_each_record(reader, bad_, [&](const json::Record& r) -> const char* {
        int code = parser->parse(r.text.data(), r.text.size(), r.capacity, want_, false, tree_);
        if (code) return json::tree_error_message(code);
        if (!partition_of_record()) return "a partition value is malformed";
        add(json::record_line(r.text, r.multi_line, scratch_));
        return nullptr;
      });
      std::vector<std::string> dirs;
      for (auto& [dir, p] : open_) dirs.push_back(dir);
      std::sort(dirs.begin(), dirs.end());
      for (auto& d : dirs) close(open_.find(d));
    } catch (...) {
      for (auto& [dir, p] : open_) p.up->abort();
      throw;
    }
    out_.flush();
    bad_.finish();
    progress.finish();
    return kExitOk;
  }

 private:
  struct Open {
    ObjectSettings settings;
    std::unique_ptr<ObjectUpload> up;
    std::unique_ptr<GzipEncoder> gz;
    std::string buf;
    uint64_t records = 0, last_use = 0;
  };
  using OpenMap = std::unordered_map<std::string, Open>;

  // The record's partition directory into dir_ ("year=2024/month=05/").
  bool partition_of_record() {
    dir_.clear();
    for (auto& f : fields_) {
      std::string_view cell;
      const json::Member* m = tree_.find(f.path);
      if (m && !json::cell_text(tree_.text(*m), "", cell_scratch_, cell)) return false;
      dir_ += f.name;
      dir_ += '=';
      append_hive_value(dir_, cell);
      dir_ += '/';
    }
    return true;
  }

  void add(std::string_view line) {
    auto it = open_.find(dir_);
    if (it == open_.end()) {
      if (open_.size() >= o_.max_open) close(least_recently_used());
      it = open_new();
    }
    Open& p = it->second;
    p.last_use = ++clock_;
    ++p.records;
    size_t before = p.buf.size();
    if (p.gz) {
      p.gz->write(line, p.buf);
      p.gz->write("\n", p.buf);
    } else {
      p.buf.append(line);
      p.buf += '\n';
    }
    buffered_ += p.buf.size() - before;
    if (p.buf.size() >= part_size_for(o_.put.part_size, p.up->parts())) send_part(p);
    while (buffered_ > o_.max_memory) relieve();
  }

  OpenMap::iterator open_new() {
    uint64_t seq = ++objects_per_dir_[dir_];
    char name[32];
    std::snprintf(name, sizeof name, "-%05llu", static_cast<unsigned long long>(seq));
    S3Url url{prefix_.bucket, prefix_.key + dir_ + "part-" + run_id_ + name + (o_.put.gzip ? ".jsonl.gz" : ".jsonl")};
    auto it = open_.emplace(dir_, Open()).first;
    Open& p = it->second;
    p.settings = object_settings(o_.put, url.key);
    p.up = std::make_unique<ObjectUpload>(s3_, pool_, std::move(url), p.settings);
    if (o_.put.gzip) p.gz = std::make_unique<GzipEncoder>(p.up->url().str());
    return it;
  }

  void send_part(Open& p) {
    buffered_ -= p.buf.size();
    p.up->add_part(std::move(p.buf));
    p.buf = std::string();
  }

  // Over the memory bound: the largest buffer goes up as a part when it is
  // large enough for one, else its object is finished.
  void relieve() {
    auto largest = std::max_element(open_.begin(), open_.end(),
                                    [](auto& a, auto& b) { return a.second.buf.size() < b.second.buf.size(); });
    if (largest->second.buf.size() >= relief_part_) send_part(largest->second);
    else close(largest);
  }

  OpenMap::iterator least_recently_used() {
    return std::min_element(open_.begin(), open_.end(),
                            [](auto& a, auto& b) { return a.second.last_use < b.second.last_use; });
  }

  void close(OpenMap::iterator it) {
    Open& p = it->second;
    buffered_ -= p.buf.size();
    if (p.gz) p.gz->finish(p.buf);
    StoredObject stored = p.up->finish(std::move(p.buf));
    std::string line = "{\"url\":";
    json::append_json_string(line, p.up->url().str());
    line += ",\"size\":" + std::to_string(stored.size) + ",\"etag\":";
    json::append_json_string(line, stored.etag);
    line += ",\"parts\":" + std::to_string(stored.parts) + ",\"records\":" + std::to_string(p.records) + ",\"partition\":";
    std::string_view dir = it->first;
    json::append_json_string(line, dir.substr(0, dir.size() - 1));
    line += "}";
    out_.write_line(line);
    open_.erase(it);
  }

  const PartitionOptions& o_;
  S3Url prefix_;
  std::shared_ptr<CredentialProvider> creds_;
  S3Client s3_;
  PartPool pool_;
  std::vector<json::NamedPath> fields_;
  std::string run_id_;
  BadRecords bad_;
  Writer out_;
  json::Proj want_;
  json::Tree tree_;
  std::string dir_, cell_scratch_;
  std::vector<char> scratch_;
  OpenMap open_;
  std::map<std::string, uint64_t> objects_per_dir_;
  uint64_t buffered_ = 0, clock_ = 0, relief_part_;
};

}  // namespace

void append_hive_value(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += kDefaultPartition;
    return;
  }
  static const char digits[] = "0123456789ABCDEF";
  for (unsigned char c : value) {
    bool special = c < 0x20 || c == 0x7f || std::string_view("\"#%'*/:=?\\[]^{}").find(static_cast<char>(c)) != std::string_view::npos;
    if (special) {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
}

int run_partitioned(const PartitionOptions& o) {
  if (o.by.empty()) throw usage_error("--partition-by: at least one PATH");
  check_put_options(o.put);
  if (o.max_open < 1) throw usage_error("--max-open: at least 1");
  catch_interrupts();
  return Partitioner(o, resolve_config(o.put.aws)).run();
}

}  // namespace jlkit::aws
