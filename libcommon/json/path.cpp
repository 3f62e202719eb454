#include "json/path.hpp"

#include "cli/error.hpp"
#include "json/text.hpp"

namespace jlkit::json {

namespace {

[[noreturn]] void bad(std::string_view option, std::string_view text, size_t at, std::string_view what) {
  throw usage_error(std::string(option) + ": invalid path '" + std::string(text) + "' at column " +
                    std::to_string(at + 1) + ": " + std::string(what));
}

bool plain_key_char(char c) { return c != '.' && c != '[' && c != ']' && c != '"'; }

}  // namespace

Path parse_path(std::string_view text, std::string_view option) {
  Path p;
  p.text = std::string(text);
  size_t i = 0, n = text.size();
  if (n == 0) bad(option, text, 0, "empty path");
  if (text == ".") return p;
  if (text[0] == '.') ++i;
  bool need_step = true;  // after a dot, a key must follow
  auto quoted = [&](size_t& at) {
    size_t close = json_string_end(text, at);
    if (close == std::string_view::npos) bad(option, text, at, "unterminated string");
    PathStep s;
    size_t err = unescape_json(text.substr(at + 1, close - at - 1), s.key);
    if (err != std::string_view::npos) bad(option, text, at + 1 + err, "invalid escape");
    at = close + 1;
    return s;
  };
  while (i < n) {
    char c = text[i];
    if (c == '[') {
      ++i;
      if (i < n && text[i] == '"') {
        p.steps.push_back(quoted(i));
      } else {
        size_t start = i;
        int64_t v = 0;
        while (i < n && text[i] >= '0' && text[i] <= '9' && v < (int64_t{1} << 40)) v = v * 10 + (text[i++] - '0');
        if (i == start) bad(option, text, start, "expected an array index or a quoted key");
        PathStep s;
        s.index = v;
        p.steps.push_back(std::move(s));
      }
      if (i >= n || text[i] != ']') bad(option, text, i, "expected ']'");
      ++i;
      need_step = false;
    } else if (c == '.') {
      if (need_step) bad(option, text, i, "expected a key");
      ++i;
      need_step = true;
      if (i < n && text[i] == '[') need_step = false;  // `.a.[0]`, as jq allows
    } else if (c == '"') {
      if (!need_step) bad(option, text, i, "expected '.' or '['");
      p.steps.push_back(quoted(i));
      need_step = false;
    } else {
      if (!need_step) bad(option, text, i, "expected '.' or '['");
      size_t start = i;
      while (i < n && plain_key_char(text[i])) ++i;
      if (i == start) bad(option, text, i, "unexpected character");
      PathStep s;
      s.key = std::string(text.substr(start, i - start));
      p.steps.push_back(std::move(s));
      need_step = false;
    }
  }
  if (need_step) bad(option, text, n, "expected a key");
  return p;
}

std::string Path::name() const { return !text.empty() && text[0] == '.' && text.size() > 1 ? text.substr(1) : text; }

bool Path::members_only() const {
  for (auto& s : steps)
    if (s.is_index()) return false;
  return true;
}

size_t find_unquoted(std::string_view text, char c, size_t from) {
  int depth = 0;
  for (size_t i = from; i < text.size(); ++i) {
    char d = text[i];
    if (d == '"') {
      size_t close = json_string_end(text, i);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close;
    } else if (d == '[') {
      ++depth;
    } else if (d == ']') {
      --depth;
    } else if (d == c && depth <= 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::vector<std::string_view> split_unquoted(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t at = find_unquoted(text, sep, start);
    if (at == std::string_view::npos) {
      out.push_back(text.substr(start));
      return out;
    }
    out.push_back(text.substr(start, at - start));
    start = at + 1;
  }
}

std::vector<NamedPath> parse_named_paths(std::string_view spec, const char* option) {
  std::vector<NamedPath> out;
  for (auto item : split_unquoted(spec, ',')) {
    size_t eq = find_unquoted(item, '=');
    NamedPath c;
    if (eq == std::string_view::npos) {
      c.path = parse_path(item, option);
      c.name = c.path.name();
    } else {
      c.name = std::string(item.substr(0, eq));
      c.path = parse_path(item.substr(eq + 1), option);
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace jlkit::json
