// Reads JSON records from the inputs in order. The fast path hands out each
// physical line as it is (zero copy); when a line does not parse as one value
// the caller asks for split_last(), which finds the values on it with a small
// grammar scanner, joining following lines for a value that spans lines
// (pretty-printed input). Handles a UTF-8 BOM, CRLF and blank lines, and
// optionally Python dict reprs.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/bad_records.hpp"
#include "io/line_reader.hpp"
#include "io/writer.hpp"

namespace jlkit {
class Progress;
}

namespace jlkit::json {

// What every JSON-lines program reads and how (their shared options).
struct InputOptions {
  std::vector<std::string> inputs;  // empty or "-": stdin
  OnErrorPolicy on_error;
  size_t max_line = 64u << 20;
  bool python = false;
  bool line_buffered = false;  // output
  Progress* progress = nullptr;  // counts the bytes read (before gzip decoding)
};

struct Record {
  std::string_view text;  // the value's bytes, without surrounding whitespace
  size_t capacity = 0;    // bytes readable from text.data() (padding included)
  uint64_t line = 0;      // physical line where the record starts
  bool whole_line = false;  // a whole line not yet known to be exactly one value
  bool multi_line = false;  // spans lines: write it compacted
  std::string_view error;   // set when the record is known to be malformed
};

class RecordReader {
 public:
  RecordReader(std::vector<std::string> inputs, size_t max_record, bool python);
  explicit RecordReader(const InputOptions& o) : RecordReader(o.inputs, o.max_line, o.python) { progress_ = o.progress; }
  ~RecordReader();

  bool next(Record& r);
  // The last record, a whole line, did not parse as one value: re-read it as
  // a sequence of values (joining lines when one spans them).
  void split_last();
  const std::string& input_name() const { return name_; }

 private:
  bool next_line(std::string_view& line, uint64_t& number, size_t& capacity);
  bool open_next_input();
  void scan(size_t start, uint64_t line_no);

  std::vector<std::string> inputs_;
  size_t next_input_ = 0;
  size_t max_record_;
  bool python_;
  Progress* progress_ = nullptr;
  std::string name_;
  std::unique_ptr<LineReader> lines_;
  bool first_line_ = false;

  Record last_;
  // Slow path storage: the split line and joined continuation lines.
  std::vector<char> slow_;
  size_t slow_size_ = 0;
  struct Pending {
    size_t begin, end;
    uint64_t line;
    bool multi_line;
    std::string error;
  };
  std::deque<Pending> queue_;
  std::string error_text_;
  // Lines read ahead by a failed multi-line scan, to be read again.
  std::deque<std::pair<std::string, uint64_t>> pushback_;
  std::vector<char> pushback_buf_;
  std::string python_buf_;      // converted line, then padding
  std::string python_scratch_;  // one decoded Python string
};

// The reading loop of every JSON-lines program: malformed records go to
// `bad`; `handle(r)` returns nullptr or why the record does not parse, and
// a whole line that does not parse is re-read as a sequence of values (or
// one value spanning lines), each handed over again.
template <class F>
void for_each_record(RecordReader& reader, BadRecords& bad, F&& handle) {
  Record r;
  while (reader.next(r)) {
    if (!r.error.empty()) {
      bad.report(reader.input_name(), r.line, r.text, r.error);
      continue;
    }
    const char* error = handle(r);
    if (!error) continue;
    if (r.whole_line) reader.split_last();
    else bad.report(reader.input_name(), r.line, r.text, error);
  }
}

// A record as one line: as it is, or compacted into `scratch` when it
// spanned lines.
std::string_view record_line(std::string_view text, bool multi_line, std::vector<char>& scratch);

// Writes a record as one line; a record that spanned lines is compacted.
void write_record(Writer& out, std::string_view text, bool multi_line, std::vector<char>& scratch);

// Converts one Python literal (dict/list/tuple/str/number/True/False/None)
// to compact JSON into `out` (`scratch` is working space, kept between calls
// so nothing is allocated per line). Returns false with a message on error.
bool python_to_json(std::string_view in, std::string& out, std::string& scratch, std::string& error);

}  // namespace jlkit::json
