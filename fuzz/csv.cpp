// Fuzzes the CSV writer. The first line of the input is a field list (as
// jl2csv -f takes it), the other lines are records. Each record is read
// into a Tree and written as a row by json::append_row in four formats; the
// row must read back (RFC 4180, or TSV escapes) as exactly the cells
// cell_text gives. Then run_csv() infers a header from the same records
// (stdout is an in-memory file): every row it writes must have the header's
// number of cells.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/error.hpp"
#include "io/line_reader.hpp"
#include "json/csv.hpp"
#include "json/tree.hpp"
#include "memfile.hpp"

using namespace jlkit;
using namespace jlkit::json;

namespace {

[[noreturn]] void fail(const char* what, std::string_view row) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(row.size()), row.data());
  std::abort();
}

// Reads one RFC 4180 record from `in` (advancing it); false when malformed.
bool read_csv_record(std::string_view& in, char delimiter, std::vector<std::string>& cells) {
  cells.clear();
  size_t i = 0, n = in.size();
  for (;;) {
    std::string cell;
    if (i < n && in[i] == '"') {
      for (++i;; ++i) {
        if (i >= n) return false;
        if (in[i] == '"') {
          if (i + 1 < n && in[i + 1] == '"') {
            cell += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        cell += in[i];
      }
      if (i < n && in[i] != delimiter && in[i] != '\n') return false;
    } else {
      for (; i < n && in[i] != delimiter && in[i] != '\n'; ++i) {
        if (in[i] == '"' || in[i] == '\r') return false;
        cell += in[i];
      }
    }
    cells.push_back(std::move(cell));
    if (i == n || in[i] == '\n') {
      in.remove_prefix(i == n ? n : i + 1);
      return true;
    }
    ++i;  // the delimiter
  }
}

bool read_tsv_record(std::string_view row, std::vector<std::string>& cells) {
  cells.assign(1, std::string());
  for (size_t i = 0; i < row.size(); ++i) {
    char c = row[i];
    if (c == '\t') {
      cells.emplace_back();
    } else if (c == '\\') {
      if (++i == row.size()) return false;
      switch (row[i]) {
        case 't': cells.back() += '\t'; break;
        case 'n': cells.back() += '\n'; break;
        case 'r': cells.back() += '\r'; break;
        case '\\': cells.back() += '\\'; break;
        default: return false;
      }
    } else if (c == '\n' || c == '\r') {
      return false;
    } else {
      cells.back() += c;
    }
  }
  return true;
}

struct Format {
  char delimiter;
  bool quote_all, tsv;
  const char* null_text;
};
const Format kFormats[] = {{',', false, false, ""}, {';', true, false, "NULL"}, {'\t', false, true, "\\N"}, {'|', false, false, "null"}};

void check_rows(Tree& tree, const std::vector<NamedPath>& columns) {
  std::string scratch, row;
  std::vector<std::string> cells;
  for (const Format& f : kFormats) {
    row.clear();
    CsvFormat format(f.delimiter, f.quote_all, f.tsv);
    if (append_row(tree, columns, format, f.null_text, scratch, row)) continue;
    std::vector<std::string> expect;
    for (const NamedPath& c : columns) {
      const Member* m = tree.find(c.path);
      std::string_view text = f.null_text;
      if (m && !cell_text(tree.text(*m), f.null_text, scratch, text)) fail("cell_text failed after append_row", row);
      expect.emplace_back(text);
    }
    std::string_view rest = row;
    bool ok = f.tsv ? read_tsv_record(row, cells) : read_csv_record(rest, f.delimiter, cells) && rest.empty();
    if (!ok) fail("row does not read back", row);
    if (cells != expect) fail("row reads back as other cells", row);
  }
}

// Every record of jl2csv's output has as many cells as its header.
void check_document(std::string_view out) {
  std::vector<std::string> cells;
  size_t width = 0;
  bool first = true;
  std::string_view doc = out;
  while (!doc.empty()) {
    if (!read_csv_record(doc, ',', cells)) fail("jl2csv output does not read back", out);
    if (first) width = cells.size(), first = false;
    else if (cells.size() != width) fail("jl2csv row width differs from the header's", out);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::capture_stdout();
  fuzz::QuietStderr::report_to_stderr();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<TreeParser> parser = make_tree_parser();
  static fuzz::InputFile input;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  std::string_view records = in.substr(nl + 1);

  std::vector<NamedPath> columns;
  try {
    columns = parse_named_paths(in.substr(0, nl), "--fields");
  } catch (const Error&) {
    return 0;
  }
  Proj want;
  for (auto& c : columns) want_path(want, c.path);
  Tree tree;
  std::string padded;
  std::string_view rest = records;
  for (bool validate = false; !rest.empty(); validate = !validate) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    padded.assign(line);
    padded.append(kReadPadding, ' ');
    if (parser->parse(padded.data(), line.size(), padded.size(), want, validate, tree) == 0) check_rows(tree, columns);
  }

  CsvOptions o;
  o.io.inputs = {input.path};
  o.io.on_error.mode = OnErrorPolicy::kFail;  // quiet: a bad record throws
  o.io.max_line = 1 << 16;
  o.infer = 3;
  fuzz::rewrite(input.fd, records);
  fuzz::rewrite(STDOUT_FILENO, {});
  try {
    fuzz::QuietStderr quiet;  // warnings about members outside the header
    run_csv(o);
  } catch (const Error&) {
    return 0;
  }
  std::string out = fuzz::read_all(STDOUT_FILENO);
  if (std::getenv("FUZZ_SHOW_OUTPUT")) std::fwrite(out.data(), 1, out.size(), stderr);
  check_document(out);
  return 0;
}
