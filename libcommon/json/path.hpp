// Paths into a record, as the JSON-lines programs take them on the command
// line: `.a.b`, `a.b` (the leading dot is optional), `."key with.dot"`,
// `.["k"]`, `.tags[0]`; `.` alone is the whole record.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jlkit::json {

struct PathStep {
  std::string key;
  int64_t index = -1;  // >= 0: an array element, else the member `key`
  bool is_index() const { return index >= 0; }
};

struct Path {
  std::vector<PathStep> steps;
  std::string text;  // as given, for messages
  // The path written without its leading dot (`request.method`), for names.
  std::string name() const;
  bool members_only() const;  // no index steps
};

// Parses a path; throws a usage error naming `option` and the column.
Path parse_path(std::string_view text, std::string_view option);

// Offset of the first `c` not inside quotes or brackets, or npos. Lets
// option values like `NAME=PATH:REGEX` and `a,."b,c"` be split.
size_t find_unquoted(std::string_view text, char c, size_t from = 0);

// Splits a `,`-separated list of paths (commas inside quotes kept).
std::vector<std::string_view> split_unquoted(std::string_view text, char sep);

// "PATH" or "NAME=PATH" items, comma-separated (quoting-aware): CSV columns,
// partition keys. NAME defaults to the path's last name. `option` names the
// option in messages.
struct NamedPath {
  std::string name;
  Path path;
};
std::vector<NamedPath> parse_named_paths(std::string_view spec, const char* option);

}  // namespace jlkit::json
