#include "aws/ls.hpp"

#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "aws/s3.hpp"
#include "cli/error.hpp"
#include "cli/progress.hpp"
#include "io/writer.hpp"
#include "json/text.hpp"
#include "json/timestamp.hpp"

namespace jlkit::aws {

bool glob_match(std::string_view p, std::string_view k) {
  // Iterative matcher with backtracking to the last star.
  size_t pi = 0, ki = 0, star_p = std::string_view::npos, star_k = 0;
  bool star_any = false;
  while (ki < k.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_any = pi + 1 < p.size() && p[pi + 1] == '*';
      pi += star_any ? 2 : 1;
      star_p = pi;
      star_k = ki;
      continue;
    }
    if (pi < p.size() && p[pi] == k[ki]) {
      ++pi;
      ++ki;
      continue;
    }
    // Let the last star eat one more byte (not a '/' unless it is `**`).
    if (star_p != std::string_view::npos && (star_any || k[star_k] != '/')) {
      pi = star_p;
      ki = ++star_k;
      continue;
    }
    return false;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

int64_t parse_time_bound(const std::string& t, int64_t now, const char* option) {
  int64_t s;
  if (json::parse_iso8601(t, s)) return s;
  if (t.size() >= 2) {
    char unit = t.back();
    std::string num = t.substr(0, t.size() - 1);
    char* end = nullptr;
    errno = 0;
    long long n = std::strtoll(num.c_str(), &end, 10);
    int64_t mult = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : unit == 'w' ? 604800 : 0;
    if (*end == 0 && n >= 0 && mult) {
      // An age too large for the clock is before any time.
      int64_t age, when;
      if (errno == ERANGE || __builtin_mul_overflow(n, mult, &age) || __builtin_sub_overflow(now, age, &when))
        return INT64_MIN;
      return when;
    }
  }
  throw usage_error(std::string(option) + ": expected an ISO-8601 time or an age like 6h or 7d, got '" + t + "'");
}

uint64_t shard_of(std::string_view key, uint64_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : key) h = (h ^ c) * 0x100000001b3ULL;
  return h % n;
}

int run_ls(const LsOptions& o) {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  int64_t since = o.since.empty() ? INT64_MIN : parse_time_bound(o.since, now, "--since");
  int64_t until = o.until.empty() ? INT64_MAX : parse_time_bound(o.until, now, "--until");
  uint64_t shard = 0, shards = 1;
  if (!o.shard.empty()) {
    unsigned long long i, n;
    char tail;
    if (std::sscanf(o.shard.c_str(), "%llu/%llu%c", &i, &n, &tail) != 2 || n == 0 || i >= n)
      throw usage_error("--shard: expected I/N with 0 <= I < N, got '" + o.shard + "'");
    shard = i;
    shards = n;
  }
  if (o.urls.empty()) throw usage_error("missing URL (s3://bucket[/prefix])");
  std::vector<S3Url> urls;
  for (auto& u : o.urls) urls.push_back(parse_s3_url(u));

  S3Client s3(resolve_config(o.aws));
  Writer out(STDOUT_FILENO, "stdout");
  uint64_t written = 0;
  // --summarize: the counts, redrawn while listing on a terminal, and the totals at the end.
  Progress progress(o.summarize, Progress::Style::kListing);
  std::string line;
  auto emit_url = [&](const std::string& url) {
    if (o.nul) {
      out.write(url);
      out.put('\0');
    } else {
      out.write_line(url);
    }
  };
  for (const auto& u : urls) {
    size_t wild = u.key.find('*');
    ListRequest req;
    req.bucket = u.bucket;
    req.prefix = u.key.substr(0, wild);
    req.delimiter = wild == std::string::npos ? o.delimiter : "";
    req.start_after = o.start_after;
    req.request_payer = o.request_payer;
    for (;;) {
      ListPage page = s3.list(req);
      for (const auto& obj : page.objects) {
        if (written >= o.limit) break;
        if (wild != std::string::npos && !glob_match(u.key, obj.key)) continue;
        if (obj.size < o.min_size || obj.size > o.max_size) continue;
        int64_t modified = 0;
        if (!json::parse_iso8601(obj.last_modified, modified) && !obj.last_modified.empty())
          throw runtime_error("s3://" + u.bucket + "/" + obj.key + ": unreadable LastModified '" + obj.last_modified + "'");
        if (modified < since || modified > until) continue;
        if (shards > 1 && shard_of(obj.key, shards) != shard) continue;
        progress.add_item();
        progress.add(obj.size);
        ++written;
        std::string url = "s3://" + u.bucket + "/" + obj.key;
        if (o.urls_only) {
          emit_url(url);
          continue;
        }
        line.clear();
        line += "{\"url\":";
        json::append_json_string(line, url);
        line += ",\"key\":";
        json::append_json_string(line, obj.key);
        line += ",\"size\":" + std::to_string(obj.size) + ",\"last_modified\":\"" + json::format_utc(modified) +
                "\",\"etag\":";
        json::append_json_string(line, obj.etag);
        line += ",\"storage_class\":";
        json::append_json_string(line, obj.storage_class.empty() ? "STANDARD" : obj.storage_class);
        line += '}';
        out.write_line(line);
      }
      for (const auto& p : page.prefixes) {
        if (written >= o.limit) break;
        if (shards > 1 && shard_of(p, shards) != shard) continue;
        ++written;
        std::string url = "s3://" + u.bucket + "/" + p;
        if (o.urls_only) {
          emit_url(url);
          continue;
        }
        line = "{\"url\":";
        json::append_json_string(line, url);
        line += ",\"prefix\":true}";
        out.write_line(line);
      }
      out.flush();  // page by page, so a consumer starts at once
      if (!page.truncated || written >= o.limit) break;
      req.continuation_token = page.next_token;
    }
  }
  out.flush();
  progress.finish();
  return kExitOk;
}

}  // namespace jlkit::aws
