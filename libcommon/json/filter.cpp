#include "json/filter.hpp"

#include <simdjson.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/error.hpp"
#include "io/bad_records.hpp"
#include "io/writer.hpp"
#include "json/eval.hpp"
#include "json/expr.hpp"
#include "json/materialize.hpp"
#include "json/prefilter.hpp"
#include "json/projection.hpp"
#include "json/record_reader.hpp"

static_assert(jlkit::kReadPadding >= simdjson::SIMDJSON_PADDING, "line reader padding too small for simdjson");

namespace jlkit::json {

namespace {

std::string read_file(const std::string& path, const char* option) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw usage_error(std::string(option) + ": cannot open " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void check_name(const std::string& name, const char* option) {
  bool ok = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ok) throw usage_error(std::string(option) + ": invalid variable name '" + name + "'");
}

Variables bind_variables(const FilterOptions& o, Arena& arena) {
  Variables vars;
  std::string error;
  for (auto& [name, value] : o.args) {
    check_name(name, "--arg");
    vars[name] = Val::string(arena.copy(value));
  }
  for (auto& [name, text] : o.argjsons) {
    check_name(name, "--argjson");
    Val v;
    if (!parse_constant(text, false, arena, v, error)) throw usage_error("--argjson " + name + ": invalid JSON: " + error);
    vars[name] = v;
  }
  for (auto& [name, path] : o.slurpfiles) {
    check_name(name, "--slurpfile");
    Val v;
    if (!parse_constant(read_file(path, "--slurpfile"), true, arena, v, error))
      throw usage_error("--slurpfile " + name + ": " + path + ": invalid JSON: " + error);
    vars[name] = v;
  }
  for (auto& [name, path] : o.rawfile_lines) {
    check_name(name, "--rawfile-lines");
    std::string text = read_file(path, "--rawfile-lines");
    std::vector<Val> lines;
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      size_t end = nl == std::string::npos ? text.size() : nl;
      std::string_view line(text.data() + start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!simdjson::validate_utf8(line.data(), line.size()))
        throw usage_error("--rawfile-lines " + name + ": " + path + ": invalid UTF-8 on line " + std::to_string(lines.size() + 1));
      lines.push_back(Val::string(arena.copy(line)));
      start = end + 1;
    }
    vars[name] = make_array(arena, lines.data(), lines.size());
  }
  return vars;
}

}  // namespace

int run_filter(const FilterOptions& o) {
  auto constants = std::make_unique<Arena>();
  Variables vars = bind_variables(o, *constants);
  std::unique_ptr<Expr> expr = parse_expr(o.expr, vars);
  std::unique_ptr<Proj> proj = project(*expr, o.strict);
  std::unique_ptr<RecordParser> parser = make_record_parser();
  // With -v the non-matching records are printed, so every one is parsed.
  Prefilter prefilter(expr->root);
  bool use_prefilter = prefilter.active() && !o.invert && !o.strict;

  RecordReader reader(o.io);
  Writer out(STDOUT_FILENO, "stdout");
  out.set_line_buffered(o.io.line_buffered);
  BadRecords bad(o.io.on_error);
  Arena arena;
  Evaluator evaluator(arena);
  std::vector<char> compact;
  uint64_t selected = 0, eval_errors = 0;
  std::string first_eval_error;

  Val value;
  for_each_record(reader, bad, [&](const Record& r) -> const char* {
    bool match = false;
    if (!use_prefilter || !r.whole_line || prefilter.may_match(r.text)) {
      arena.reset();
      int code = parser->parse(r.text.data(), r.text.size(), r.capacity, *proj, arena, value);
      if (code) return parse_error_message(code);
      auto verdict = evaluator.matches(expr->root, value);
      if (verdict == Evaluator::Verdict::kError && eval_errors++ == 0)
        first_eval_error = reader.input_name() + ":" + std::to_string(r.line) + ": " + evaluator.error_message();
      match = verdict == Evaluator::Verdict::kMatch;
    }
    if (match == o.invert) return nullptr;
    // Stage 1 sees a NUL byte in a string (a control character), not one in
    // a value skipped unread; a record holding one is never printed.
    if (std::memchr(r.text.data(), 0, r.text.size())) return "malformed JSON (NUL byte)";
    ++selected;
    if (!o.count) write_record(out, r.text, r.multi_line, compact);
    return nullptr;
  });
  if (o.count) out.write_line(std::to_string(selected));
  out.flush();
  bad.finish();
  if (eval_errors)
    print_warning(std::to_string(eval_errors) + " record" + (eval_errors == 1 ? "" : "s") +
                  " raised an error in the expression and did not match (first: " + first_eval_error + ")");
  return kExitOk;
}

}  // namespace jlkit::json
