#include "json/csv.hpp"

#include <simdjson.h>
#include <unistd.h>

#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <map>
#include <memory>

#include "cli/error.hpp"
#include "io/bad_records.hpp"
#include "io/writer.hpp"
#include "json/path.hpp"
#include "json/text.hpp"
#include "json/tree.hpp"

namespace jlkit::json {

namespace {

// Whether a cell holds the delimiter, a quote, CR or LF; 16 bytes at a time.
bool needs_quotes(std::string_view t, char delimiter) {
  size_t i = 0, n = t.size();
#ifdef __SSE2__
  const __m128i d = _mm_set1_epi8(delimiter), q = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= n; i += 16) {
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, d), _mm_cmpeq_epi8(x, q)),
                               _mm_or_si128(_mm_cmpeq_epi8(x, lf), _mm_cmpeq_epi8(x, cr)));
    if (_mm_movemask_epi8(hit)) return true;
  }
#endif
  for (; i < n; ++i) {
    char c = t[i];
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

}  // namespace

void CsvFormat::cell(std::string& row, std::string_view text, bool first, bool only) const {
  if (!first) row += delimiter_;
  if (tsv_) {
    for (char c : text) {
      switch (c) {
        case '\t': row += "\\t"; break;
        case '\n': row += "\\n"; break;
        case '\r': row += "\\r"; break;
        case '\\': row += "\\\\"; break;
        default: row += c;
      }
    }
    return;
  }
  bool quote = quote_all_ || (only && text.empty()) || needs_quotes(text, delimiter_);
  if (!quote) {
    row.append(text);
    return;
  }
  row += '"';
  for (;;) {
    size_t q = text.find('"');
    if (q == std::string_view::npos) break;
    row.append(text.substr(0, q + 1));
    row += '"';
    text.remove_prefix(q + 1);
  }
  row.append(text);
  row += '"';
}

const NamedPath* append_row(Tree& tree, const std::vector<NamedPath>& columns, const CsvFormat& format,
                            std::string_view null_text, std::string& scratch, std::string& row) {
  for (size_t i = 0; i < columns.size(); ++i) {
    const Member* m = tree.find(columns[i].path);
    std::string_view cell = null_text;
    if (m && !cell_text(tree.text(*m), null_text, scratch, cell)) return &columns[i];
    format.cell(row, cell, i == 0, columns.size() == 1);
  }
  return nullptr;
}

bool cell_text(std::string_view json, std::string_view null_text, std::string& scratch, std::string_view& out) {
  switch (text_kind(json)) {
    case TextKind::kString: return json_string_value(json, scratch, out);
    case TextKind::kNull: out = null_text; return json == "null";
    case TextKind::kTrue: out = json; return json == "true";
    case TextKind::kFalse: out = json; return json == "false";
    case TextKind::kNumber: out = json; return is_json_number(json);  // exactly as written
    case TextKind::kArray:
    case TextKind::kObject: {
      // Written whole, so checked whole (the parser only skipped over it).
      if (!is_json_value(json, scratch)) return false;
      bool spaced = false;
      for (char c : json) spaced = spaced || is_json_space(c);
      if (!spaced) {
        out = json;
        return true;
      }
      scratch.resize(json.size());
      size_t len = 0;
      if (simdjson::minify(json.data(), json.size(), scratch.data(), len) != simdjson::SUCCESS) return false;
      scratch.resize(len);
      out = scratch;
      return true;
    }
    case TextKind::kInvalid: break;
  }
  return false;
}

char parse_delimiter(std::string_view t) {
  if (t == "\\t" || t == "tab") return '\t';
  if (t.size() != 1) throw usage_error("--delimiter: expected one character, got '" + std::string(t) + "'");
  if (t[0] == '"' || t[0] == '\n' || t[0] == '\r') throw usage_error("--delimiter: a quote or line end cannot separate cells");
  return t[0];
}

namespace {

// Leaf paths of the records seen so far, in first-seen order.
class HeaderInference {
 public:
  void add(Tree& tree) {
    keys_.clear();
    walk(tree, 0);
  }
  std::vector<NamedPath> columns() const {
    std::vector<NamedPath> cols;
    for (auto& keys : order_) {
      NamedPath c;
      for (auto& k : keys) {
        if (!c.name.empty()) c.name += '.';
        c.name += k;
        PathStep s;
        s.key = k;
        c.path.steps.push_back(std::move(s));
      }
      c.path.text = c.name;
      cols.push_back(std::move(c));
    }
    return cols;
  }

 private:
  void walk(Tree& tree, int node) {
    for (const Member& m : tree.node(node).members) {
      keys_.emplace_back(m.key);
      if (m.node >= 0 && !tree.node(m.node).array && !tree.node(m.node).members.empty()) {
        walk(tree, m.node);
      } else {
        // Length-prefixed keys: ("a.b") and ("a","b") are different paths.
        std::string id;
        for (auto& k : keys_) id += std::to_string(k.size()) + ':' + k;
        if (seen_.emplace(id, order_.size()).second) order_.push_back(keys_);
      }
      keys_.pop_back();
    }
  }
  std::vector<std::string> keys_;
  std::map<std::string, size_t> seen_;
  std::vector<std::vector<std::string>> order_;
};

// The first member of the record (a path) that no column holds, or empty.
bool uncovered(const Tree& tree, int node, const Proj& header, std::string& path) {
  for (const Member& m : tree.node(node).members) {
    const Proj* c = header.find(m.key.data(), m.key.size());
    if (c && c->end) continue;
    bool object = c && m.node >= 0 && !tree.node(m.node).array;
    if (object && tree.node(m.node).members.empty()) continue;  // {} holds nothing to lose
    bool deeper = object;
    if (deeper && !uncovered(tree, m.node, *c, path)) continue;
    path = "." + std::string(m.key) + (deeper ? path : "");
    return true;
  }
  return false;
}

class CsvRun {
 public:
  explicit CsvRun(const CsvOptions& o)
      : o_(o), format_(o.tsv ? '\t' : o.delimiter, o.quote_all, o.tsv), out_(STDOUT_FILENO, "stdout"), bad_(o.io.on_error) {
    out_.set_line_buffered(o.io.line_buffered);
    if (!o.fields.empty()) {
      set_columns(parse_named_paths(o.fields, "--fields"));
      for (auto& c : columns_) want_path(want_, c.path);
    } else {
      if (o.infer == 0) throw usage_error("--infer: at least one record is needed to infer the header");
      want_.full = true;  // every object, for the leaf paths and the coverage check
    }
  }

  int run() {
    auto parser = make_tree_parser();
    RecordReader reader(o_.io);
    for_each_record(reader, bad_, [&](const Record& r) -> const char* {
      int code = parser->parse(r.text.data(), r.text.size(), r.capacity, want_, o_.strict, tree_);
      if (code) return tree_error_message(code);
      if (!have_header_) {
        hold(reader.input_name(), r);
        if (held_lines_.size() >= o_.infer) release(*parser);
        return nullptr;
      }
      row(reader.input_name(), r.line, r.text);
      return nullptr;
    });
    if (!have_header_) release(*parser);
    out_.flush();
    bad_.finish();
    if (columns_.empty() && rows_)
      print_warning("no columns: the first records have no members to infer them from; nothing written");
    if (unknown_records_)
      print_warning(std::to_string(unknown_records_) + " record" + (unknown_records_ == 1 ? "" : "s") +
                    " had members not in the header, left out (first: " + first_unknown_ + "); use -f or --infer");
    return kExitOk;
  }

 private:
  void set_columns(std::vector<NamedPath> cols) {
    columns_ = std::move(cols);
    have_header_ = true;
    if (o_.no_header || columns_.empty()) return;
    line_.clear();
    for (size_t i = 0; i < columns_.size(); ++i) format_.cell(line_, columns_[i].name, i == 0, columns_.size() == 1);
    end_line();
  }

  void end_line() {
    if (o_.crlf) line_ += '\r';
    out_.write_line(line_);
  }

  // Keeps a record read while the header is being inferred.
  void hold(const std::string& input, const Record& r) {
    inference_.add(tree_);
    held_text_.append(r.text);
    held_lines_.push_back({input, r.line, r.text.size(), r.multi_line});
  }

  // Writes the header, then the held records.
  void release(TreeParser& parser) {
    set_columns(inference_.columns());
    for (auto& c : columns_) want_path(header_, c.path);
    std::vector<char> padded;
    size_t at = 0;
    for (auto& h : held_lines_) {
      padded.assign(held_text_.begin() + at, held_text_.begin() + at + h.size);
      padded.resize(h.size + simdjson::SIMDJSON_PADDING);
      at += h.size;
      parser.parse(padded.data(), h.size, padded.size(), want_, false, tree_);
      row(h.input, h.line, std::string_view(padded.data(), h.size));
    }
    held_lines_.clear();
    held_text_.clear();
    held_text_.shrink_to_fit();
  }

  void row(const std::string& input, uint64_t line, std::string_view text) {
    if (want_.full && uncovered(tree_, 0, header_, path_)) {
      if (o_.strict) return bad_.report(input, line, text, "member " + path_ + " is not in the header");
      if (unknown_records_++ == 0) first_unknown_ = input + ":" + std::to_string(line) + ": " + path_;
    }
    ++rows_;
    if (columns_.empty()) return;  // no column to write: not even an empty line
    line_.clear();
    if (const NamedPath* bad = append_row(tree_, columns_, format_, o_.null_text, scratch_, line_))
      return bad_.report(input, line, text, "malformed value at " + bad->path.text);
    end_line();
  }

  struct Held {
    std::string input;
    uint64_t line;
    size_t size;
    bool multi_line;
  };

  const CsvOptions& o_;
  CsvFormat format_;
  Writer out_;
  BadRecords bad_;
  Tree tree_;
  Proj want_, header_;
  std::vector<NamedPath> columns_;
  bool have_header_ = false;
  HeaderInference inference_;
  std::string held_text_;
  std::vector<Held> held_lines_;
  std::string line_, scratch_, path_;
  uint64_t unknown_records_ = 0;
  uint64_t rows_ = 0;
  std::string first_unknown_;
};

}  // namespace

int run_csv(const CsvOptions& o) { return CsvRun(o).run(); }

}  // namespace jlkit::json
