#include "json/enrich.hpp"

#include <simdjson.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <memory>

#include "cli/error.hpp"
#include "io/bad_records.hpp"
#include "io/writer.hpp"
#include "json/digest.hpp"
#include "json/path.hpp"
#include "json/regex.hpp"
#include "json/text.hpp"
#include "json/timestamp.hpp"
#include "json/tree.hpp"

namespace jlkit::json {

const char* const kEnrichOperations[10] = {"set", "set-str", "copy",       "move", "drop",
                                           "keep", "extract", "date-parts", "now",  "hash"};

namespace {

enum class OpKind { kSet, kCopy, kMove, kDrop, kKeep, kExtract, kDateParts, kHash };

// A member name the operations write: decoded, and as it goes between quotes.
struct Name {
  std::string key, raw;
};

Name make_name(std::string_view key, const std::string& option) {
  if (key.empty()) throw usage_error("--" + option + ": empty field name");
  // Written into JSON as it is: bytes that are not UTF-8 would make the output invalid.
  if (!simdjson::validate_utf8(key.data(), key.size())) throw usage_error("--" + option + ": field name is not valid UTF-8");
  std::string quoted;
  append_json_string(quoted, key);
  return Name{std::string(key), quoted.substr(1, quoted.size() - 2)};
}

struct Op {
  OpKind kind;
  std::string option;  // for messages: "--date-parts .ts"
  std::vector<Name> names;
  std::vector<Path> paths;
  std::string json;                // kSet: the value
  std::unique_ptr<Regex> regex;    // kExtract
  bool millis = false, epoch = false;  // kDateParts: PATH:ms / PATH:s
  std::unique_ptr<Proj> keep;      // kKeep
};

// "NAME=REST": the name and the rest.
std::pair<std::string_view, std::string_view> split_name(std::string_view v, const std::string& option, const char* what) {
  size_t eq = v.find('=');
  if (eq == std::string_view::npos) throw usage_error("--" + option + ": expected " + what + ", got '" + std::string(v) + "'");
  return {v.substr(0, eq), v.substr(eq + 1)};
}

Path editable_path(std::string_view text, const std::string& option) {
  Path p = parse_path(text, "--" + option);
  if (p.steps.empty()) throw usage_error("--" + option + ": cannot remove the whole record");
  if (!p.members_only()) throw usage_error("--" + option + ": " + p.text + ": only object members can be removed");
  return p;
}

Op compile(const std::string& option, const std::string& value, int64_t now) {
  Op op;
  op.option = "--" + option + " " + value;
  if (option == "set" || option == "set-str" || option == "now") {
    op.kind = OpKind::kSet;
    std::string_view name = value, text;
    if (option != "now") std::tie(name, text) = split_name(value, option, "NAME=VALUE");
    op.names.push_back(make_name(name, option));
    if (option == "set") {
      std::string error;
      Arena arena;
      Val v;
      if (!parse_constant(text, false, arena, v, error))
        throw usage_error("--set " + std::string(name) + ": invalid JSON: " + error);
      // Compact, with every token as written.
      op.json.resize(text.size());
      size_t len = 0;
      if (simdjson::minify(text.data(), text.size(), op.json.data(), len) != simdjson::SUCCESS)
        throw usage_error("--set " + std::string(name) + ": invalid JSON");
      op.json.resize(len);
    } else {
      if (!simdjson::validate_utf8(text.data(), text.size()))
        throw usage_error("--set-str " + std::string(name) + ": value is not valid UTF-8");
      append_json_string(op.json, option == "now" ? std::string_view(format_utc(now)) : text);
    }
  } else if (option == "copy" || option == "move" || option == "hash") {
    op.kind = option == "copy" ? OpKind::kCopy : option == "move" ? OpKind::kMove : OpKind::kHash;
    auto [name, rest] = split_name(value, option, "NAME=PATH");
    op.names.push_back(make_name(name, option));
    if (op.kind == OpKind::kHash) {
      for (auto p : split_unquoted(rest, ',')) op.paths.push_back(parse_path(p, "--hash"));
    } else if (op.kind == OpKind::kMove) {
      op.paths.push_back(editable_path(rest, option));
    } else {
      op.paths.push_back(parse_path(rest, "--copy"));
    }
  } else if (option == "drop") {
    op.kind = OpKind::kDrop;
    op.paths.push_back(editable_path(value, option));
  } else if (option == "keep") {
    op.kind = OpKind::kKeep;
    op.keep = std::make_unique<Proj>();
    for (auto p : split_unquoted(value, ',')) want_path(*op.keep, editable_path(p, option));
  } else if (option == "extract") {
    op.kind = OpKind::kExtract;
    auto [names, rest] = split_name(value, option, "NAME[,NAME...]=PATH:REGEX");
    size_t colon = find_unquoted(rest, ':');
    if (colon == std::string_view::npos) throw usage_error("--extract: expected NAME[,NAME...]=PATH:REGEX, got '" + value + "'");
    op.paths.push_back(parse_path(rest.substr(0, colon), "--extract"));
    std::string error;
    op.regex = Regex::compile(rest.substr(colon + 1), "", error);
    if (!op.regex) throw usage_error("--extract: " + error);
    for (auto n : split_unquoted(names, ',')) op.names.push_back(make_name(n, option));
    int groups = op.regex->captures();
    if (groups != static_cast<int>(op.names.size()))
      throw usage_error("--extract: " + std::to_string(op.names.size()) + " name" + (op.names.size() == 1 ? "" : "s") +
                        " for " + std::to_string(groups) + " capture group" + (groups == 1 ? "" : "s") +
                        " (use (?:...) for groups that capture nothing)");
  } else if (option == "date-parts") {
    op.kind = OpKind::kDateParts;
    std::string_view path = value;
    size_t colon = find_unquoted(value, ':');
    if (colon != std::string_view::npos) {
      std::string_view unit = path.substr(colon + 1);
      if (unit != "s" && unit != "ms") throw usage_error("--date-parts: unit must be s or ms, got '" + std::string(unit) + "'");
      op.epoch = true;
      op.millis = unit == "ms";
      path = path.substr(0, colon);
    }
    op.paths.push_back(parse_path(path, "--date-parts"));
  } else {
    throw usage_error("unknown operation --" + option);
  }
  return op;
}

int64_t run_time() {
  const char* sde = std::getenv("SOURCE_DATE_EPOCH");
  if (!sde || !*sde) return static_cast<int64_t>(std::time(nullptr));
  char* end = nullptr;
  long long v = std::strtoll(sde, &end, 10);
  if (*end) throw usage_error(std::string("SOURCE_DATE_EPOCH is not a number of seconds: '") + sde + "'");
  return v;
}

class Enricher {
 public:
  explicit Enricher(const EnrichOptions& o) : o_(o) {
    int64_t now = run_time();
    for (auto& [option, value] : o.ops) ops_.push_back(compile(option, value, now));
    for (auto& op : ops_)
      for (auto& p : op.paths) want_path(want_, p);
    static const char* const kParts[] = {"year", "month", "day", "hour"};
    for (auto f : split_unquoted(o.date_fields, ',')) {
      int i = 0;
      while (i < 4 && f != kParts[i]) ++i;
      if (i == 4) throw usage_error("--date-parts-fields: unknown field '" + std::string(f) + "' (year, month, day, hour)");
      parts_.push_back({i, make_name(f, "date-parts-fields")});
    }
  }

  // Applies the operations; false with `error_` set for a bad record.
  bool apply(Tree& tree) {
    for (auto& op : ops_) {
      switch (op.kind) {
        case OpKind::kSet: tree.set(op.names[0].key, op.names[0].raw, op.json); break;
        case OpKind::kCopy:
        case OpKind::kMove: {
          const Member* m = tree.find(op.paths[0]);
          if (!m) break;
          tree.set(op.names[0].key, op.names[0].raw, tree.text(*m));
          bool same = op.paths[0].steps.size() == 1 && op.paths[0].steps[0].key == op.names[0].key;
          if (op.kind == OpKind::kMove && !same) tree.drop(op.paths[0]);
          break;
        }
        case OpKind::kDrop: tree.drop(op.paths[0]); break;
        case OpKind::kKeep: tree.keep(*op.keep); break;
        case OpKind::kExtract:
          if (!extract(tree, op)) return false;
          break;
        case OpKind::kDateParts:
          if (!date_parts(tree, op)) return false;
          break;
        case OpKind::kHash: {
          digest_.begin();
          for (auto& p : op.paths) {
            const Member* m = tree.find(p);
            if (!digest_.add(m ? tree.text(*m) : std::string_view("null"))) return bad(op, "malformed value at " + p.text);
          }
          set_string(tree, op.names[0], digest_.finish());
          break;
        }
      }
    }
    return true;
  }

  const std::string& error() const { return error_; }
  const Proj& want() const { return want_; }

 private:
  bool bad(const Op& op, std::string what) {
    error_ = op.option + ": " + what;
    return false;
  }

  void set_string(Tree& tree, const Name& name, std::string_view s) {
    buf_.clear();
    append_json_string(buf_, s);
    tree.set(name.key, name.raw, tree.arena().copy(buf_));
  }

  // The decoded string at `m` (in the record's arena, as `buf_` is reused),
  // or false when it is not a string.
  bool string_at(Tree& tree, const Member* m, std::string_view& out) {
    if (!m || !json_string_value(tree.text(*m), buf_, out)) return false;
    if (out.data() == buf_.data()) out = tree.arena().copy(out);
    return true;
  }

  bool extract(Tree& tree, const Op& op) {
    std::string_view subject;
    bool matched = string_at(tree, tree.find(op.paths[0]), subject) && op.regex->search(subject, groups_);
    for (size_t i = 0; i < op.names.size(); ++i) {
      if (matched && groups_[i + 1].data()) set_string(tree, op.names[i], groups_[i + 1]);
      else if (o_.extract_null) tree.set(op.names[i].key, op.names[i].raw, "null");
    }
    return true;
  }

  bool date_parts(Tree& tree, const Op& op) {
    const Member* m = tree.find(op.paths[0]);
    if (!m) return bad(op, "no timestamp at " + op.paths[0].text);
    std::string_view t = tree.text(*m);
    int64_t seconds = 0;
    bool ok = false;
    TextKind kind = text_kind(t);
    if (kind == TextKind::kNumber) {
      ok = parse_epoch(t, op.millis, seconds);
    } else if (kind == TextKind::kString) {
      std::string_view s;
      ok = string_at(tree, m, s) && (op.epoch ? parse_epoch(s, op.millis, seconds) : parse_iso8601(s, seconds));
    }
    if (!ok) return bad(op, "not a timestamp: " + std::string(t.substr(0, 80)));
    CivilTime c = civil_from_epoch(seconds);
    for (auto& [part, name] : parts_) {
      // "YYYY", "MM", "DD", "HH": zero-padded decimal in quotes.
      int64_t v = part == 0 ? c.year : part == 1 ? c.month : part == 2 ? c.day : c.hour;
      int width = part == 0 ? 4 : 2;
      char buf[24], *e = buf + sizeof buf, *p = e;
      *--p = '"';
      bool negative = v < 0;
      uint64_t u = negative ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
      do {
        *--p = static_cast<char>('0' + u % 10);
        u /= 10;
      } while (u || e - p - 1 < width);
      if (negative) *--p = '-';
      *--p = '"';
      tree.set(name.key, name.raw, tree.arena().copy(std::string_view(p, static_cast<size_t>(e - p))));
    }
    return true;
  }

  const EnrichOptions& o_;
  std::vector<Op> ops_;
  Proj want_;
  std::vector<std::pair<int, Name>> parts_;
  std::vector<std::string_view> groups_;
  ValueDigest digest_;
  std::string buf_;
  std::string error_;
};

}  // namespace

int run_enrich(const EnrichOptions& o) {
  Enricher enricher(o);
  auto parser = make_tree_parser();
  RecordReader reader(o.io);
  Writer out(STDOUT_FILENO, "stdout");
  out.set_line_buffered(o.io.line_buffered);
  BadRecords bad(o.io.on_error);
  Tree tree;
  std::string line;
  std::vector<char> scratch;
  for_each_record(reader, bad, [&](const Record& r) -> const char* {
    // Every value is checked: the record is written back as JSON.
    int code = parser->parse(r.text.data(), r.text.size(), r.capacity, enricher.want(), true, tree);
    if (code) return tree_error_message(code);
    if (!enricher.apply(tree)) {
      bad.report(reader.input_name(), r.line, r.text, enricher.error());
      return nullptr;
    }
    if (!tree.node(0).edited) {
      write_record(out, r.text, r.multi_line, scratch);
      return nullptr;
    }
    line.clear();
    tree.write(line);
    write_record(out, line, r.multi_line, scratch);
    return nullptr;
  });
  out.flush();
  bad.finish();
  return kExitOk;
}

}  // namespace jlkit::json
