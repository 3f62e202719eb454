// jl2csv: JSON records to RFC 4180 CSV or TSV, by named paths or with a
// header inferred from the first records.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json/path.hpp"
#include "json/record_reader.hpp"

namespace jlkit::json {

class Tree;

struct CsvOptions {
  InputOptions io;
  std::string fields;  // "-f": PATH or NAME=PATH, comma-separated; empty: infer
  size_t infer = 1000;
  std::string null_text;
  char delimiter = ',';
  bool quote_all = false;
  bool crlf = false;
  bool no_header = false;
  bool tsv = false;
  bool strict = false;  // a member outside the inferred header is a bad record; validate every value
};

// How cells are written: RFC 4180 quoting only where needed (or always), or
// TSV escapes.
class CsvFormat {
 public:
  CsvFormat(char delimiter, bool quote_all, bool tsv) : delimiter_(delimiter), quote_all_(quote_all), tsv_(tsv) {}
  // Appends one cell; `only` says the row has this one cell (an empty one is
  // then quoted, or the row would read back as no cells at all).
  void cell(std::string& row, std::string_view text, bool first, bool only) const;

 private:
  char delimiter_;
  bool quote_all_;
  bool tsv_;
};

// The cell text of a JSON value: strings decoded, numbers as written,
// true/false, null as `null_text`, containers as compact JSON. `scratch`
// holds decoded or compacted text. False when the value is malformed.
bool cell_text(std::string_view json, std::string_view null_text, std::string& scratch, std::string_view& out);

// Appends the cells of `columns` for the record in `tree` to `row` (absent
// members as `null_text`). Returns nullptr, or the column whose value is
// malformed.
const NamedPath* append_row(Tree& tree, const std::vector<NamedPath>& columns, const CsvFormat& format,
                            std::string_view null_text, std::string& scratch, std::string& row);

// "," from "," ; "\t" from "\t", "\\t" or "tab". Throws a usage error on
// anything that cannot separate cells.
char parse_delimiter(std::string_view text);

int run_csv(const CsvOptions& options);

}  // namespace jlkit::json
