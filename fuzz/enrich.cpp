// Fuzzes jlenrich's record editing end to end: run_enrich() reads the
// records from an in-memory file and writes to stdout, which is an
// in-memory file too, so every output line can be checked to be a JSON
// object. The input is "OPTION VALUE" lines (jlenrich's operations, e.g.
// "copy id=.a.b", "drop .x"; "python" reads Python reprs), an empty line,
// then the records; without the empty line all of it is records, edited by
// a fixed set of operations.
#include <simdjson.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/error.hpp"
#include "json/enrich.hpp"
#include "json/text.hpp"
#include "memfile.hpp"

using namespace jlkit;
using namespace jlkit::json;

namespace {

const std::vector<std::pair<std::string, std::string>> kDefaultOps = {
    {"set", "added={\"k\":[1,2]}"}, {"set-str", "note=a \"quoted\" é"}, {"copy", "cp=.a.b"},
    {"move", "mv=.c"},              {"drop", ".d"},                      {"hash", "h=.a,.b[0]"},
    {"extract", "x,y=.s:(\\w+)-(\\d+)"}, {"keep", ".a,.cp,.mv,.h,.x,.y,.added,.note,.e"},
};

// Whether `line` is one JSON object. simdjson's DOM refuses numbers beyond
// 64 bits and the double range, which RFC 8259 allows (and jq reads): for
// those the structure, numbers and escapes are checked by is_json_value, and
// UTF-8 and control characters here.
bool is_object_line(simdjson::dom::parser& json, std::string_view line) {
  simdjson::dom::element e;
  auto error = json.parse(line.data(), line.size()).get(e);
  if (!error) return e.is_object();
  if (error != simdjson::NUMBER_ERROR) return false;
  std::string scratch;
  if (line.empty() || line[0] != '{' || !is_json_value(trim_json_space(line), scratch)) return false;
  if (!simdjson::validate_utf8(line.data(), line.size())) return false;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (in_string && c < 0x20) return false;
    if (c == '"') in_string = !in_string;
    else if (c == '\\' && in_string) ++i;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("SOURCE_DATE_EPOCH", "1714564800", 1);
  fuzz::capture_stdout();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::InputFile input;
  static simdjson::dom::parser json;

  std::string_view in(reinterpret_cast<const char*>(data), size);
  EnrichOptions o;
  size_t split = in.find("\n\n");
  if (split == std::string_view::npos) {
    o.ops = kDefaultOps;
  } else {
    std::string_view head = in.substr(0, split);
    in.remove_prefix(split + 2);
    while (!head.empty()) {
      size_t nl = head.find('\n');
      std::string_view op = head.substr(0, nl);
      head = nl == std::string_view::npos ? std::string_view() : head.substr(nl + 1);
      size_t space = op.find(' ');
      if (op == "python") o.io.python = true;
      else if (op.substr(0, space) == "fields") o.date_fields = std::string(op.substr(space + 1));
      else if (space != std::string_view::npos) o.ops.emplace_back(op.substr(0, space), op.substr(space + 1));
      if (o.ops.size() > 8) return 0;
    }
  }
  o.io.inputs = {input.path};
  o.io.on_error.mode = OnErrorPolicy::kFail;  // quiet: a bad record throws
  o.io.max_line = 1 << 16;
  fuzz::rewrite(input.fd, in);
  fuzz::rewrite(STDOUT_FILENO, {});
  try {
    run_enrich(o);
  } catch (const Error&) {
  }
  std::string out = fuzz::read_all(STDOUT_FILENO);
  if (std::getenv("FUZZ_SHOW_OUTPUT")) std::fwrite(out.data(), 1, out.size(), stderr);
  std::string_view rest = out;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      std::fprintf(stderr, "output does not end in a newline\n");
      std::abort();
    }
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    if (!is_object_line(json, line)) {
      std::fprintf(stderr, "output line is not a JSON object: %.*s\n", static_cast<int>(line.size()), line.data());
      std::abort();
    }
  }
  return 0;
}
